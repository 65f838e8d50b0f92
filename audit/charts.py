"""The audit's charts, as Altair (Vega-Lite) specifications.

Pure functions from the engine's objects to ``alt.Chart`` specs; pages show
them with ``st.altair_chart``, the CLI and the report export them with
``chart_png`` / ``chart_svg`` (vl-convert, offline). Tests assert on
``chart.to_dict()``.

- ``hourglass_chart``: one centred band per stage, top to bottom in journey
  order (a bar from −w/2 to +w/2). The width is the hourglass silhouette —
  wide at the first and last stage, narrowest at the purchase stage — or, with
  ``use_counts``, proportional to the customers the user counted per stage
  (a real funnel, with the conversion from the previous counted stage down
  to the purchase stage; after it, the share of buyers who came back). The
  colour is stage health on a fixed, colour-blind-safe orange → yellow → blue
  0–100 scale (never told apart by red vs green alone), and every band says
  its health as a number; grey when nothing in the stage is scored (unknown,
  not 0). With counts, the label sits above its band on the track, so a
  narrow band never hides it.
- ``ipa_chart``: the importance–performance matrix with the crosshair between
  3 and 4 (DESIGN.md: 4 and above is high) and the four quadrants named.
- ``emotion_chart``: the emotion curve, −2..+2, the mean per stage as a line
  and each touchpoint as a dot.

Each takes ``presentation=True, client=NAME`` for a projector (``present``):
1.6 times bigger, every text at least 16 px, the client's name in the title.

User text (stage and touchpoint names) only ever travels as data values:
never inside a Vega expression, never as HTML (tooltips are plain fields).
"""

from __future__ import annotations

import json
import math
from typing import Iterable

import altair as alt

from . import insights, scoring
from .i18n import normalise_lang, t
from .model import Stage, Touchpoint
from .scoring import StageSummary

# --- look -------------------------------------------------------------------

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
TEXT = "#1f2937"
MUTED = "#6b7280"
RULE = "#9ca3af"

#: Stage health: fixed domain so that a colour always means the same score.
#: Orange → light yellow → blue (after ColorBrewer RdYlBu): apart in hue and
#: lightness for every kind of colour blindness, and light enough for the dark
#: label text (contrast ≥ 4.5:1).
HEALTH_DOMAIN = (0, 25, 50, 75, 100)
HEALTH_RANGE = ("#f47b4f", "#fdae61", "#fee08b", "#a6cfe6", "#6aa6d6")  # poor → good
#: Interpolated in RGB: HCL (Vega's default) would pass through green.
HEALTH_INTERPOLATE = "rgb"
UNKNOWN_GREY = "#d1d5db"

#: Emotion −2..+2 on the same red → amber → green scale.
EMOTION_DOMAIN = (-2, 0, 2)
EMOTION_RANGE = ("#d94838", "#e6ad1f", "#3a9a4e")

QUADRANT_COLOUR = {
    scoring.CONCENTRATE: "#d7301f",
    scoring.KEEP_UP: "#1a9850",
    scoring.LOW_PRIORITY: "#7b8794",
    scoring.OVERKILL: "#3b6fb6",
}

#: Silhouette widths (percent of the widest band).
WIDEST, NARROWEST = 100.0, 40.0
#: Stage keys of the purchase, where the hourglass is narrowest.
WAIST_KEYS = {"try", "buy", "decision", "during"}
#: Crosshair of the IPA matrix: between 3 (low) and 4 (high).
CROSSHAIR = 3.5

CHART_WIDTH = 640
HOURGLASS_WIDTH = 720
BAND_HEIGHT = 50
BAND_HEIGHT_COUNTS = 84
#: With counts: the band's thickness and how far below the row's centre it sits
#: (the label takes the upper part of the row).
COUNTS_BAR_HEIGHT = 24
COUNTS_BAR_OFFSET = 19
LINE_HEIGHT = 17
TRACK = "#f1f3f5"
#: Horizontal spread between touchpoints of the same stage and emotion.
JITTER_PX = 15
BAND_PADDING = 0.1
#: Splits a band's label in two lines (Vega text ``lineBreak``).
LINE_BREAK = "\n"


# --- small helpers ----------------------------------------------------------

def _round(value: float) -> int:
    return int(math.floor(value + 0.5))


def format_number(n: int, lang: str) -> str:
    """1,000 in English; 1000 and 10.000 in Spanish (RAE)."""
    if normalise_lang(lang) == "es":
        return f"{n:,}".replace(",", ".") if abs(n) >= 10_000 else str(n)
    return f"{n:,}"


def format_percent(ratio: float, lang: str) -> str:
    """0.1 → "10%" (en), "10 %" (es); one decimal below 10 %."""
    pct = ratio * 100
    text = f"{pct:.1f}" if pct < 10 and round(pct, 1) != round(pct) else f"{_round(pct)}"
    if normalise_lang(lang) == "es":
        return text.replace(".", ",") + "\u00a0%"
    return text + "%"


def _count(kind: str, n: int, lang: str) -> str:
    number = format_number(n, lang)
    if n == 1:
        return t(f"chart.count.{kind}_one", lang)
    return t(f"chart.count.{kind}_other", lang, n=number)


def _unique(names: Iterable[str]) -> list[str]:
    """Stage names as unique scale values: a repeated name gets " (2)", " (3)"."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name} ({n})"
        seen.add(candidate)
        out.append(candidate)
    return out


def _ordered(stages: Iterable[Stage]) -> list[Stage]:
    return sorted(stages, key=lambda s: s.position)


def _stage_names(stages: list[Stage], framework: str, lang: str) -> dict[int, str]:
    names = _unique(s.display_name(framework, lang) for s in stages)
    return {s.id: name for s, name in zip(stages, names)}


def _title(text: str, subtitle: list[str] | str) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle, anchor="start", fontSize=17,
                           subtitleFontSize=12, subtitleColor=MUTED, color=TEXT, offset=12)


def _configure(chart):
    """The house look, set in place (``configure_*`` would copy the chart each time)."""
    chart.config = alt.Config(
        font=FONT, background="white", padding=16,
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(labelColor=TEXT, titleColor=TEXT, labelFontSize=12, titleFontSize=12,
                            titleFontWeight="normal", domainColor=RULE, tickColor=RULE,
                            gridColor="#eef0f3"),
        legend=alt.LegendConfig(labelColor=TEXT, titleColor=TEXT, labelFontSize=12,
                                titleFontSize=12, titleFontWeight="normal"),
    )
    return chart


def _data(rows: list[dict]) -> dict:
    """Inline rows; Altair stores each distinct table once, in ``datasets``."""
    return {"values": rows}


# --- the hourglass ----------------------------------------------------------

def silhouette_widths(keys: list[str | None]) -> list[float]:
    """Band widths of the hourglass shape for stages with these keys, in order.

    Widest (100) at the stage farthest from the waist, narrowest (40) at the
    waist: the purchase stages (Try/Buy, Decision, During) when present, else
    the middle. Linear in the distance from the waist, so 7 hourglass stages
    give 100, 80, 60, 40, 40, 60, 80 and before/during/after 100, 40, 100.
    """
    n = len(keys)
    if n == 0:
        return []
    waist = [i for i, k in enumerate(keys) if k in WAIST_KEYS]
    centre = sum(waist) / len(waist) if waist else (n - 1) / 2
    distance = [abs(i - centre) for i in range(n)]
    near, far = min(distance), max(distance)
    if far == near:
        return [WIDEST] * n
    return [round(NARROWEST + (WIDEST - NARROWEST) * (d - near) / (far - near), 2)
            for d in distance]


def _uses_counts(summaries: list[StageSummary], use_counts: bool) -> bool:
    """Counts drive the widths only when asked for and at least one is given."""
    return use_counts and any(s.customers is not None for s in summaries)


def hourglass_rows(summaries: list[StageSummary], *, framework: str, lang: str,
                   use_counts: bool = False) -> list[dict]:
    """The hourglass as plain rows (one per stage, journey order): the chart's data."""
    lang = normalise_lang(lang)
    summaries = sorted(summaries, key=lambda s: s.stage.position)
    names = _unique(s.stage.display_name(framework, lang) for s in summaries)
    counts = [s.customers for s in summaries]
    counted = _uses_counts(summaries, use_counts)
    shape = silhouette_widths([s.stage.key for s in summaries])
    top = max((c for c in counts if c is not None), default=0)
    sep = t("chart.separator", lang)
    unknown = t("chart.unknown", lang)

    purchase = insights.purchase_index([s.stage for s in summaries])
    buyers = None if purchase is None else summaries[purchase].customers
    rows = []
    previous: tuple[str, int] | None = None  # (name, count) of the last counted stage
    for order, (summary, name) in enumerate(zip(summaries, names)):
        health = None if summary.health is None else round(float(summary.health), 1)
        health_text = unknown if health is None else str(_round(health))
        label = t("chart.hourglass.label", lang, stage=name, health=health_text,
                  touchpoints=_count("touchpoints", summary.coverage, lang))
        customers = summary.customers
        width, counted_here, conversion = shape[order], True, None
        if counted:
            # Counts go on a second line of the label (LINE_BREAK).
            if customers is None:
                counted_here = False
                label += LINE_BREAK + t("chart.hourglass.no_count", lang)
            else:
                width = round(100 * customers / top, 2) if top else 0.0
                label += LINE_BREAK + _count("customers", customers, lang)
                after_sale = purchase is not None and order > purchase
                if previous is not None and previous[1] > 0 and not after_sale:
                    # a conversion only on the way to the sale
                    conversion = customers / previous[1]
                    label += sep + t("chart.hourglass.conversion", lang,
                                     rate=format_percent(conversion, lang), previous=previous[0])
                elif (after_sale and summary.stage.key in insights.COMEBACK_KEYS and buyers
                      and customers <= buyers):
                    label += sep + t("chart.hourglass.came_back", lang,
                                     rate=format_percent(customers / buyers, lang))
                previous = (name, customers)
        rows.append({
            "order": order,
            "stage": name,
            "health": health,
            "health_text": health_text,
            "coverage": summary.coverage,
            "moments": summary.moments_of_truth,
            "customers": customers,
            "customers_text": "" if customers is None else format_number(customers, lang),
            "conversion": None if conversion is None else round(conversion, 4),
            "conversion_text": "" if conversion is None else format_percent(conversion, lang),
            "counted": counted_here,
            "width": width,
            "x": -width / 2,
            "x2": width / 2,
            "label": label,
        })
    return rows


def hourglass_chart(summaries: list[StageSummary], *, framework: str, lang: str,
                    use_counts: bool = False, presentation: bool = False,
                    client: str = "") -> alt.LayerChart:
    """The Marketing Hourglass of the audit (see the module docstring)."""
    lang = normalise_lang(lang)
    rows = hourglass_rows(summaries, framework=framework, lang=lang, use_counts=use_counts)
    order = [r["stage"] for r in rows]
    counted = _uses_counts(summaries, use_counts)
    # One subtitle line per catalog line: short enough for a narrow page.
    subtitle = [line for key in ("chart.hourglass.subtitle",
                                 "chart.hourglass.subtitle_counts" if counted else "chart.hourglass.subtitle_shape")
                for line in t(key, lang).split("\n")]

    y = alt.Y("stage:N", sort=order, axis=None,
              scale=alt.Scale(domain=order, paddingInner=0.14, paddingOuter=0.05))
    x_scale = alt.Scale(domain=[-52, 52], nice=False, zero=False)
    colour = alt.condition(
        "datum.health == null",
        alt.value(UNKNOWN_GREY),
        alt.Color("health:Q", title=t("chart.hourglass.legend", lang),
                  scale=alt.Scale(domain=list(HEALTH_DOMAIN), range=list(HEALTH_RANGE),
                                  interpolate=HEALTH_INTERPOLATE),
                  legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=220,
                                    values=[0, 25, 50, 75, 100], titleOrient="left")),
    )
    tooltip = [
        alt.Tooltip("stage:N", title=t("chart.tooltip.stage", lang)),
        alt.Tooltip("health_text:N", title=t("chart.tooltip.health", lang)),
        alt.Tooltip("coverage:Q", title=t("chart.tooltip.coverage", lang)),
        alt.Tooltip("moments:Q", title=t("chart.tooltip.moments", lang)),
        alt.Tooltip("customers_text:N", title=t("chart.tooltip.customers", lang)),
    ]
    if counted:
        tooltip.append(alt.Tooltip("conversion_text:N", title=t("chart.tooltip.conversion", lang)))

    base = alt.Chart(_data(rows))
    bands = base.mark_bar(cornerRadius=4, invalid=None).encode(
        x=alt.X("x:Q", scale=x_scale, axis=None),
        x2="x2:Q",
        y=y,
        color=colour,
        opacity=alt.condition("datum.counted", alt.value(1.0), alt.value(0.35)),
        description="label:N",  # what a screen reader says for the band
        tooltip=tooltip,
    )
    if counted:  # a thinner band in the lower part of the row, its label above it
        bands = bands.mark_bar(cornerRadius=4, invalid=None, height=COUNTS_BAR_HEIGHT,
                               yOffset=COUNTS_BAR_OFFSET)
    # Counted labels have two lines, at the top of the row, on the track.
    top = -(BAND_HEIGHT_COUNTS * (1 - 0.14)) / 2 + 3
    labels = base.mark_text(color=TEXT, fontSize=13, fontWeight=600, align="center",
                            baseline="top" if counted else "middle", lineBreak=LINE_BREAK,
                            lineHeight=LINE_HEIGHT, dy=top if counted else 0).encode(
        x=alt.datum(0), y=y, text="label:N", tooltip=tooltip)
    layers = [bands, labels]
    if counted:
        # A faint full-width track behind each band: the band reads as a share
        # of the widest stage, and the label always sits on a calm background.
        track = base.mark_bar(color=TRACK, cornerRadius=4).encode(
            x=alt.X(datum=-50, scale=x_scale, axis=None), x2=alt.X2(datum=50), y=y)
        layers.insert(0, track)
    chart = alt.layer(*layers).properties(
        width=HOURGLASS_WIDTH,
        height=max((BAND_HEIGHT_COUNTS if counted else BAND_HEIGHT) * len(rows), 60),
        title=_title(t("chart.hourglass.title", lang), subtitle),
    )
    return _finish(chart, lang=lang, presentation=presentation, client=client)


# --- importance–performance matrix -------------------------------------------

def _jitter(k: int, n: int) -> tuple[float, float]:
    """Deterministic offset of the k-th of n touchpoints with identical scores."""
    if n <= 1:
        return 0.0, 0.0
    radius = 0.3 * math.sqrt((k + 0.5) / n)
    angle = k * 2.399963229728653  # the golden angle: a sunflower, never a pile
    return radius * math.cos(angle), radius * math.sin(angle)


def ipa_rows(touchpoints: list[Touchpoint], stages: list[Stage], *, framework: str,
             lang: str) -> list[dict]:
    """Scored touchpoints as plain rows with jittered positions, biggest gap first.

    Ties go to higher importance, then journey order (the backlog's ranking);
    touchpoints in *Concentrate here* get ``rank`` 1, 2, … in that order.
    """
    lang = normalise_lang(lang)
    stages = _ordered(stages)
    names = _stage_names(stages, framework, lang)
    journey = {s.id: i for i, s in enumerate(stages)}
    scored = sorted((tp for tp in touchpoints if scoring.is_scored(tp) and tp.stage_id in journey),
                    key=lambda tp: (journey[tp.stage_id], tp.position, tp.id))
    groups: dict[tuple[int, int], list[Touchpoint]] = {}
    for tp in scored:
        groups.setdefault((tp.importance, tp.performance), []).append(tp)
    rows = []
    for (importance, performance), group in groups.items():
        for k, tp in enumerate(group):
            dx, dy = _jitter(k, len(group))
            quad = scoring.quadrant(importance, performance)
            rows.append({
                "touchpoint": tp.name,
                "stage": names[tp.stage_id],
                "journey": journey[tp.stage_id],
                "importance": importance,
                "performance": performance,
                "x": round(performance + dx, 3),
                "y": round(importance + dy, 3),
                "gap": scoring.gap(importance, performance),
                "emotion": "" if tp.emotion is None else t(f"emotion.{tp.emotion}", lang),
                "quadrant": t(f"quadrant.{quad}", lang),
                "quadrant_key": quad,
                "rank": None,
            })
    rows.sort(key=lambda r: (-r["gap"], -r["importance"], r["journey"]))
    rank = 0
    for row in rows:
        if row["quadrant_key"] == scoring.CONCENTRATE:
            rank += 1
            row["rank"] = rank
    return rows


def _quadrant_rows(lang: str) -> list[dict]:
    lo, hi = 0.5, 5.5
    rows = [
        {"key": scoring.CONCENTRATE, "x": lo, "x2": CROSSHAIR, "y": CROSSHAIR, "y2": hi,
         "tx": lo + 0.08, "ty": hi - 0.1, "align": "left", "baseline": "top"},
        {"key": scoring.KEEP_UP, "x": CROSSHAIR, "x2": hi, "y": CROSSHAIR, "y2": hi,
         "tx": hi - 0.08, "ty": hi - 0.1, "align": "right", "baseline": "top"},
        {"key": scoring.LOW_PRIORITY, "x": lo, "x2": CROSSHAIR, "y": lo, "y2": CROSSHAIR,
         "tx": lo + 0.08, "ty": lo + 0.1, "align": "left", "baseline": "bottom"},
        {"key": scoring.OVERKILL, "x": CROSSHAIR, "x2": hi, "y": lo, "y2": CROSSHAIR,
         "tx": hi - 0.08, "ty": lo + 0.1, "align": "right", "baseline": "bottom"},
    ]
    for row in rows:
        row["name"] = t(f"quadrant.{row['key']}", lang)
    return rows


#: How many *Concentrate here* touchpoints the key beside the matrix lists.
KEY_LIMIT = 12
KEY_WIDTH = 280
#: Area of a numbered dot (room for a two-digit rank).
BADGE_SIZE = 330


def ipa_chart(touchpoints: list[Touchpoint], stages: list[Stage], *, framework: str,
              lang: str, presentation: bool = False, client: str = "") -> alt.HConcatChart:
    """Importance (y) against performance (x), one dot per scored touchpoint.

    The dots to concentrate on carry their rank (biggest gap first); a key
    beside the matrix names them, so the PNG reads without tooltips.
    """
    lang = normalise_lang(lang)
    rows = ipa_rows(touchpoints, stages, framework=framework, lang=lang)
    stage_ids = {s.id for s in stages}
    to_score = sum(1 for tp in touchpoints if tp.stage_id in stage_ids and not scoring.is_scored(tp))
    subtitle = [t("chart.ipa.subtitle", lang)]
    if not rows:
        subtitle.append(t("chart.ipa.nothing_scored", lang))
    elif to_score == 1:
        subtitle.append(t("chart.ipa.to_score_one", lang))
    elif to_score:
        subtitle.append(t("chart.ipa.to_score", lang, n=to_score))

    quadrant_names = [t(f"quadrant.{q}", lang) for q in scoring.QUADRANTS]
    colour_scale = alt.Scale(domain=quadrant_names,
                             range=[QUADRANT_COLOUR[q] for q in scoring.QUADRANTS])
    quads = _quadrant_rows(lang)
    axis_values = [1, 2, 3, 4, 5]
    x_scale = alt.Scale(domain=[0.5, 5.5], nice=False, zero=False)
    y_scale = alt.Scale(domain=[0.5, 5.5], nice=False, zero=False)
    x_axis = alt.Axis(values=axis_values, format="d", grid=False, title=t("chart.ipa.x", lang))
    y_axis = alt.Axis(values=axis_values, format="d", grid=False, title=t("chart.ipa.y", lang))

    quadrant_data = _data(quads)
    shading = alt.Chart(quadrant_data).mark_rect(opacity=0.07).encode(
        x=alt.X("x:Q", scale=x_scale, axis=x_axis), x2="x2:Q",
        y=alt.Y("y:Q", scale=y_scale, axis=y_axis), y2="y2:Q",
        color=alt.Color("name:N", scale=colour_scale, legend=None),
    )
    corners = [
        alt.Chart(quadrant_data)
        .transform_filter(alt.datum.key == q["key"])
        .mark_text(align=q["align"], baseline=q["baseline"], fontSize=13, fontWeight="bold")
        .encode(x=alt.X("tx:Q", scale=x_scale), y=alt.Y("ty:Q", scale=y_scale),
                text="name:N", color=alt.Color("name:N", scale=colour_scale, legend=None))
        for q in quads
    ]
    rule = dict(color=RULE, strokeDash=[6, 4], strokeWidth=1.5)
    crosshair_x = alt.Chart().mark_rule(**rule).encode(x=alt.X(datum=CROSSHAIR, scale=x_scale))
    crosshair_y = alt.Chart().mark_rule(**rule).encode(y=alt.Y(datum=CROSSHAIR, scale=y_scale))
    tooltip = [
        alt.Tooltip("touchpoint:N", title=t("chart.tooltip.touchpoint", lang)),
        alt.Tooltip("stage:N", title=t("chart.tooltip.stage", lang)),
        alt.Tooltip("importance:Q", title=t("chart.tooltip.importance", lang)),
        alt.Tooltip("performance:Q", title=t("chart.tooltip.performance", lang)),
        alt.Tooltip("gap:Q", title=t("chart.tooltip.gap", lang)),
        alt.Tooltip("emotion:N", title=t("chart.tooltip.emotion", lang)),
        alt.Tooltip("quadrant:N", title=t("chart.tooltip.quadrant", lang)),
    ]
    is_concentrate = alt.datum.quadrant_key == scoring.CONCENTRATE
    point_data = _data(rows)
    points = alt.Chart(point_data).mark_circle(opacity=0.95, stroke="white", strokeWidth=1.5).encode(
        x=alt.X("x:Q", scale=x_scale),
        y=alt.Y("y:Q", scale=y_scale),
        color=alt.Color("quadrant:N", scale=colour_scale, legend=None,
                        title=t("chart.ipa.legend", lang)),
        size=alt.condition(is_concentrate, alt.value(BADGE_SIZE), alt.value(140)),
        tooltip=tooltip,
    )
    ranks = alt.Chart(point_data).transform_filter(is_concentrate).mark_text(
        color="white", fontSize=10, fontWeight="bold", baseline="middle", align="center",
    ).encode(x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale),
             text="rank:Q", tooltip=tooltip)
    matrix = alt.layer(shading, *corners, crosshair_x, crosshair_y, points, ranks).properties(
        width=500, height=440)
    chart = alt.hconcat(matrix, _ipa_key(rows, lang), spacing=28).properties(
        title=_title(t("chart.ipa.title", lang), subtitle))
    return _finish(chart, lang=lang, presentation=presentation, client=client)



def _ipa_key(rows: list[dict], lang: str) -> alt.LayerChart:
    """The numbered list of *Concentrate here* touchpoints beside the matrix."""
    ranked = [r for r in rows if r["rank"] is not None]
    shown = ranked[:KEY_LIMIT]
    lines = [{"line": r["rank"], "rank": r["rank"],
              "detail": t("chart.ipa.key_detail", lang, stage=r["stage"], gap=r["gap"]),
              "touchpoint": r["touchpoint"], "stage": r["stage"], "gap": r["gap"]}
             for r in shown]
    extra = []
    if not ranked:
        extra.append({"line": 1, "text": t("chart.ipa.key_empty", lang)})
    elif len(ranked) > len(shown):
        extra.append({"line": len(shown) + 1,
                      "text": t("chart.ipa.key_more", lang, n=len(ranked) - len(shown))})
    colour = QUADRANT_COLOUR[scoring.CONCENTRATE]
    x_scale = alt.Scale(domain=[0, 1])
    y = alt.Y("line:Q", axis=None, scale=alt.Scale(domain=[0, KEY_LIMIT + 1.5], reverse=True))
    x = alt.X(datum=0, scale=x_scale, axis=None)
    heading = alt.Chart().mark_text(
        text=t("chart.ipa.key_title", lang), align="left", baseline="middle", fontSize=13,
        fontWeight="bold", color=colour,
    ).encode(x=x, y=alt.Y(datum=0, axis=None,
                          scale=alt.Scale(domain=[0, KEY_LIMIT + 1.5], reverse=True)))
    data = _data(lines)
    badges = alt.Chart(data).mark_circle(size=BADGE_SIZE, color=colour, opacity=0.95).encode(
        x=alt.X(datum=0.04, scale=x_scale, axis=None), y=y)
    numbers = alt.Chart(data).mark_text(color="white", fontSize=10, fontWeight="bold").encode(
        x=alt.X(datum=0.04, scale=x_scale, axis=None), y=y, text="rank:Q")
    tooltip = [alt.Tooltip("touchpoint:N", title=t("chart.tooltip.touchpoint", lang)),
               alt.Tooltip("stage:N", title=t("chart.tooltip.stage", lang)),
               alt.Tooltip("gap:Q", title=t("chart.tooltip.gap", lang))]
    label_x = alt.X(datum=0.1, scale=x_scale, axis=None)
    names = alt.Chart(data).mark_text(align="left", baseline="middle", fontSize=12.5, color=TEXT,
                                      fontWeight=600, limit=KEY_WIDTH - 30, dy=-7).encode(
        x=label_x, y=y, text="touchpoint:N", tooltip=tooltip)
    details = alt.Chart(data).mark_text(align="left", baseline="middle", fontSize=11, color=MUTED,
                                        limit=KEY_WIDTH - 30, dy=8).encode(
        x=label_x, y=y, text="detail:N", tooltip=tooltip)
    notes = alt.Chart(_data(extra)).mark_text(align="left", baseline="middle", fontSize=12,
                                              color=MUTED, fontStyle="italic", limit=KEY_WIDTH).encode(
        x=x, y=y, text="text:N")
    return alt.layer(heading, badges, numbers, names, details, notes).properties(
        width=KEY_WIDTH, height=440)


# --- emotion curve ------------------------------------------------------------

def emotion_rows(touchpoints: list[Touchpoint], stages: list[Stage], *, framework: str,
                 lang: str) -> tuple[list[str], list[dict], list[dict]]:
    """(stage order, one row per touchpoint with an emotion, one mean row per stage)."""
    lang = normalise_lang(lang)
    stages = _ordered(stages)
    names = _stage_names(stages, framework, lang)
    order = [names[s.id] for s in stages]
    by_stage: dict[int, list[Touchpoint]] = {s.id: [] for s in stages}
    for tp in sorted(touchpoints, key=lambda tp: (tp.position, tp.id)):
        if tp.emotion is not None and tp.stage_id in by_stage:
            by_stage[tp.stage_id].append(tp)
    points, means = [], []
    for stage in stages:
        tps = by_stage[stage.id]
        if not tps:
            continue
        mean = sum(tp.emotion for tp in tps) / len(tps)
        means.append({"stage": names[stage.id], "mean": round(mean, 2),
                      "count": len(tps)})
        same: dict[int, list[Touchpoint]] = {}
        for tp in tps:
            same.setdefault(tp.emotion, []).append(tp)
        for emotion, group in same.items():
            n = len(group)
            for k, tp in enumerate(group):
                points.append({
                    "stage": names[stage.id],
                    "touchpoint": tp.name,
                    "emotion": emotion,
                    "emotion_text": t(f"emotion.{emotion}", lang),
                    "offset": round(k - (n - 1) / 2, 2),
                })
    return order, points, means


def emotion_chart(touchpoints: list[Touchpoint], stages: list[Stage], *, framework: str,
                  lang: str, presentation: bool = False, client: str = "") -> alt.LayerChart:
    """Emotion −2..+2 across the journey: the mean per stage and each touchpoint."""
    lang = normalise_lang(lang)
    order, points, means = emotion_rows(touchpoints, stages, framework=framework, lang=lang)
    subtitle = [t("chart.emotion.subtitle", lang)]
    if not points:
        subtitle.append(t("chart.emotion.nothing", lang))
    # The offset scale spans each stage's band: choose its domain so that one
    # unit of offset is about JITTER_PX pixels, and the widest pile still fits.
    step = CHART_WIDTH / max(1, len(order) - BAND_PADDING + 2 * 0.4)
    widest = max((abs(p["offset"]) for p in points), default=0)
    spread = max(step * (1 - BAND_PADDING) / (2 * JITTER_PX), widest + 0.5)
    # Our own catalog strings (never user text), JSON-quoted, label the ticks.
    emotion_labels = {str(v): t(f"emotion.{v}", lang) for v in range(-2, 3)}
    label_expr = f"{json.dumps(emotion_labels, ensure_ascii=False)}[datum.value] || datum.label"

    x = alt.X("stage:N", sort=order, title=t("chart.emotion.x", lang),
              scale=alt.Scale(type="band", domain=order or [""], paddingInner=BAND_PADDING,
                              paddingOuter=0.4),
              axis=alt.Axis(labelAngle=0, labelLimit=110, grid=True, domain=False, ticks=False,
                            labelPadding=8))
    y_scale = alt.Scale(domain=[-2, 2], nice=False, zero=False, padding=12)
    y = alt.Y("emotion:Q", scale=y_scale, title=t("chart.emotion.y", lang),
              axis=alt.Axis(values=[-2, -1, 0, 1, 2], labelExpr=label_expr, grid=True))
    colour = alt.Color("emotion:Q", legend=None,
                       scale=alt.Scale(domain=list(EMOTION_DOMAIN), range=list(EMOTION_RANGE)))

    zero = alt.Chart().mark_rule(color=RULE, strokeDash=[6, 4], strokeWidth=1.5).encode(
        y=alt.Y(datum=0, scale=y_scale))
    # Faint green above zero, faint red below: where the journey feels good or bad.
    halves = alt.Chart(_data([
        {"from": 0, "to": 2.2, "tint": EMOTION_RANGE[-1]},
        {"from": -2.2, "to": 0, "tint": EMOTION_RANGE[0]},
    ])).mark_rect(opacity=0.06, clip=True).encode(
        y=alt.Y("from:Q", scale=y_scale), y2="to:Q",
        color=alt.Color("tint:N", scale=None, legend=None))
    mean_tooltip = [
        alt.Tooltip("stage:N", title=t("chart.tooltip.stage", lang)),
        alt.Tooltip("mean:Q", title=t("chart.tooltip.mean_emotion", lang), format="+.1f"),
        alt.Tooltip("count:Q", title=t("chart.tooltip.scored", lang)),
    ]
    line = alt.Chart(_data(means)).mark_line(
        color=TEXT, strokeWidth=2.5, interpolate="monotone",
        point=alt.OverlayMarkDef(filled=True, size=70, color=TEXT),
    ).encode(x=x, y=alt.Y("mean:Q", scale=y_scale), tooltip=mean_tooltip)
    dots = alt.Chart(_data(points)).mark_circle(size=120, opacity=0.85, stroke="white",
                                                strokeWidth=1).encode(
        x=x,
        xOffset=alt.XOffset("offset:Q", scale=alt.Scale(domain=[-spread, spread])),
        y=y,
        color=colour,
        tooltip=[
            alt.Tooltip("touchpoint:N", title=t("chart.tooltip.touchpoint", lang)),
            alt.Tooltip("stage:N", title=t("chart.tooltip.stage", lang)),
            alt.Tooltip("emotion_text:N", title=t("chart.tooltip.emotion", lang)),
        ],
    )
    chart = alt.layer(halves, zero, dots, line).properties(
        width=CHART_WIDTH, height=320,
        title=_title(t("chart.emotion.title", lang), subtitle),
    )
    return _finish(chart, lang=lang, presentation=presentation, client=client)


# --- export -----------------------------------------------------------------

def _vl_version(vl_convert) -> str | None:
    """The Vega-Lite version Altair writes, when vl-convert bundles it."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vl_convert.get_vegalite_versions() else None


def chart_png(chart, *, scale: float = 2) -> bytes:
    """The chart as PNG bytes, rendered offline (no remote data or fonts)."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_dict(), vl_version=_vl_version(vl_convert), scale=scale,
                                      allowed_base_urls=[])


def chart_svg(chart) -> str:
    """The chart as an SVG document (text is escaped by the renderer)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict(), vl_version=_vl_version(vl_convert),
                                      allowed_base_urls=[])


# --- projector ----------------------------------------------------------------

#: How much bigger a chart is drawn in projector mode (text at least MIN_FONT).
PRESENT_SCALE = 1.6
MIN_FONT = 16
_FONT_KEYS = {"fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize"}
_LENGTH_KEYS = {"width", "height", "dy", "dx", "lineHeight", "limit", "labelLimit", "gradientLength",
                "gradientThickness", "offset", "labelPadding", "titlePadding", "strokeWidth",
                "cornerRadius", "spacing", "padding", "symbolSize"}


def _enlarge(node, k: float, parent: str = ""):
    """Every font at least ``MIN_FONT`` and ``k`` times bigger, lengths × k,
    mark areas (``size``) × k² — a spec walked as plain data."""
    if isinstance(node, list):
        return [_enlarge(v, k, parent) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("datasets", "data", "scale", "domain", "values") or key.startswith("$"):
            out[key] = value  # data and scales are not drawing sizes
        elif key == "size" and isinstance(value, dict):  # a size channel: its constant areas
            out[key] = _areas(value, k)
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            out[key] = _enlarge(value, k, key)
        elif key in _FONT_KEYS:
            out[key] = round(max(MIN_FONT, value * k), 1)
        elif key in _LENGTH_KEYS and not (key == "offset" and parent not in ("title", "")):
            out[key] = round(value * k, 1)
        elif key == "size" and parent in ("mark", "size", "condition", ""):
            out[key] = round(value * k * k, 1)
        else:
            out[key] = value
    return out


def _areas(node, k: float):
    if isinstance(node, dict):
        return {key: round(v * k * k, 1) if key == "value" and isinstance(v, (int, float))
                and not isinstance(v, bool) else _areas(v, k) for key, v in node.items()}
    return node


def present(chart, *, client: str, lang: str):
    """The chart for a projector: bigger (``PRESENT_SCALE``), text ≥ 16 px,
    and the client's name in its title. User text stays a data value (the
    title is a string in the spec, never an expression)."""
    spec = chart.to_dict()
    spec = _enlarge(spec, PRESENT_SCALE)
    title = spec.get("title")
    if isinstance(title, dict) and client:
        title["text"] = t("presentation.title", lang, title=title.get("text", ""), client=client)
    spec.setdefault("config", {}).setdefault("title", {})["fontSize"] = round(17 * PRESENT_SCALE, 1)
    return type(chart).from_dict(spec, validate=False)


def _finish(chart, *, lang: str, presentation: bool, client: str):
    chart = _configure(chart)
    return present(chart, client=client, lang=lang) if presentation else chart
