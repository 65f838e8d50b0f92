"""audit.charts: the hourglass, the IPA matrix and the emotion curve, read
through ``chart.to_dict()``; PNG and SVG through vl-convert."""

from __future__ import annotations

import pytest

from audit import charts, scoring
from audit.frameworks import FRAMEWORKS, stages_of
from audit.i18n import catalog, t
from audit.model import Stage, Touchpoint
from audit.scoring import StageSummary, stage_summaries

LANGS = ("en", "es")
HOSTILE = "<img src=x onerror=alert(1)>"
#: Keys whose strings Vega evaluates or renders as markup, never data.
EXPRESSION_KEYS = {"test", "filter", "calculate", "expr", "labelExpr", "signal", "update"}


# --- helpers ----------------------------------------------------------------

def walk(node, key=None):
    """Every (key, value) pair of a nested spec, depth first."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v
            yield from walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield key, v
            yield from walk(v, key)


def datasets(spec: dict) -> list[list[dict]]:
    """Every inline data table of a spec (top level, layers, concats, datasets)."""
    tables = [v["values"] for k, v in walk(spec) if k == "data" and isinstance(v, dict) and "values" in v]
    tables += list(spec.get("datasets", {}).values())
    return tables


def rows_with(spec: dict, field: str) -> list[dict]:
    """The rows of the one data table that has ``field``."""
    matches = [table for table in datasets(spec) if table and field in table[0]]
    assert len(matches) == 1, f"{len(matches)} tables have {field!r}"
    return matches[0]


def layers(spec: dict) -> list[dict]:
    """Every unit spec (one with a mark) in a layered / concatenated spec."""
    return [v for k, v in walk({"root": spec}) if isinstance(v, dict) and "mark" in v]


def mark_type(unit: dict) -> str:
    mark = unit["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def make_stages(framework: str) -> list[Stage]:
    return [Stage(id=10 + i, workspace_id=1, uid=f"s{i}", position=i, key=fs.key)
            for i, fs in enumerate(stages_of(framework))]


def summary(stage: Stage, *, health=62.0, coverage=4, customers=None, moments=1) -> StageSummary:
    return StageSummary(stage=stage, coverage=coverage, scored=coverage, health=health,
                        moments_of_truth=moments, mean_emotion=None, customers=customers)


def tp(id: int, stage: Stage, name: str, importance=None, performance=None, emotion=None) -> Touchpoint:
    return Touchpoint(id=id, workspace_id=1, stage_id=stage.id, uid=f"t{id}", position=id,
                      name=name, importance=importance, performance=performance, emotion=emotion)


def names(stages: list[Stage], framework: str, lang: str) -> list[str]:
    return [s.display_name(framework, lang) for s in stages]


def make_audit7():
    """A realistic 7-stage hourglass audit: the last stage has nothing scored."""
    stages = make_stages("hourglass")
    know, like, trust, try_, buy, repeat, refer = stages
    tps = [
        tp(1, know, "Google Business Profile", 4, 3, 0),
        tp(2, know, "Instagram", 3, 4, 1),
        tp(3, like, "Website home page", 5, 2, -1),
        tp(4, trust, "Testimonials", 4, 2, -1),
        tp(5, try_, "Trial class", 5, 2, -2),
        tp(6, try_, "Welcome email", 3, 3, 0),
        tp(7, buy, "Online checkout", 5, 2, -2),
        tp(8, buy, "Card payment", 4, 4, 1),
        tp(9, repeat, "Loyalty card", 3, 5, 2),
        tp(10, refer, "Referral card"),  # not scored
    ]
    return stages, tps


@pytest.fixture
def audit7():
    return make_audit7()


# --- the hourglass ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_hourglass_bands_follow_journey_order(framework, lang):
    stages = make_stages(framework)
    shuffled = [summary(s) for s in reversed(stages)]
    spec = charts.hourglass_chart(shuffled, framework=framework, lang=lang).to_dict()
    order = names(stages, framework, lang)
    bars = [u for u in layers(spec) if mark_type(u) == "bar" and u["encoding"]["x"].get("field") == "x"]
    assert len(bars) == 1
    assert bars[0]["encoding"]["y"]["sort"] == order
    assert bars[0]["encoding"]["y"]["scale"]["domain"] == order
    assert [r["stage"] for r in sorted(rows_with(spec, "label"), key=lambda r: r["order"])] == order


@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_hourglass_default_widths_form_the_hourglass(framework):
    stages = make_stages(framework)
    rows = rows_with(charts.hourglass_chart([summary(s) for s in stages], framework=framework,
                                            lang="en").to_dict(), "width")
    widths = [r["width"] for r in sorted(rows, key=lambda r: r["order"])]
    narrowest = min(widths[1:-1])
    assert widths[0] > narrowest and widths[-1] > narrowest
    assert widths[0] == max(widths)
    for row in rows:  # centred: from −w/2 to +w/2
        assert row["x"] == pytest.approx(-row["width"] / 2)
        assert row["x2"] == pytest.approx(row["width"] / 2)


@pytest.mark.parametrize("framework, widths", [
    ("hourglass", [100, 80, 60, 40, 40, 60, 80]),  # narrowest at Try and Buy
    ("purchase-route", [100, 70, 40, 70, 100]),     # narrowest at Decision
    ("before-during-after", [100, 40, 100]),        # wide, narrow, wide
])
def test_silhouette_is_narrowest_at_the_purchase(framework, widths):
    assert charts.silhouette_widths([s.key for s in stages_of(framework)]) == widths


def test_silhouette_of_custom_stages_is_narrowest_in_the_middle():
    assert charts.silhouette_widths([None] * 5) == [100, 70, 40, 70, 100]
    assert charts.silhouette_widths([None]) == [100]
    assert charts.silhouette_widths([]) == []


#: Machado, Oliveira & Fernandes (2009), full severity, on linear RGB.
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def seen_with(colour: str, kind: str) -> list[float]:
    """The colour as a person with this colour blindness sees it (sRGB 0–255)."""
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def gamma(v):
        v = min(max(v, 0.0), 1.0)
        return 255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055)

    rgb = [linear(c) for c in hex_rgb(colour)]
    return [gamma(sum(m * c for m, c in zip(row, rgb))) for row in CVD[kind]]


def apart(a: str, b: str, kind: str) -> float:
    return sum((x - y) ** 2 for x, y in zip(seen_with(a, kind), seen_with(b, kind))) ** 0.5


def test_the_colour_blindness_check_catches_red_versus_green():
    assert apart("#e8695a", "#5bb56a", "deuteranopia") < 40  # the old red and green


def health_scale(spec: dict) -> dict:
    colours = [v for k, v in walk(spec) if k == "color" and isinstance(v, dict) and v.get("field") == "health"]
    assert len(colours) == 1
    return colours[0]["scale"]


@pytest.mark.parametrize("kind", list(CVD))
def test_health_colours_are_told_apart_with_every_colour_blindness(kind):
    stages = make_stages("hourglass")
    spec = charts.hourglass_chart([summary(s, health=80.0) for s in stages],
                                  framework="hourglass", lang="en").to_dict()
    scale = health_scale(spec)
    assert scale["domain"][0] == 0 and scale["domain"][-1] == 100  # not fitted to the data
    assert scale["interpolate"] == "rgb"  # no detour through green
    poor, middle, good = scale["range"][0], scale["range"][len(scale["range"]) // 2], scale["range"][-1]
    assert apart(poor, good, kind) > 100
    assert apart(poor, middle, kind) > 60 and apart(middle, good, kind) > 60
    assert apart(charts.UNKNOWN_GREY, middle, kind) > 20


def luminance(colour: str) -> float:
    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in hex_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("colour", list(charts.HEALTH_RANGE) + [charts.UNKNOWN_GREY, charts.TRACK])
def test_band_label_text_is_readable_on_every_band_colour(colour):
    contrast = (luminance(colour) + 0.05) / (luminance(charts.TEXT) + 0.05)
    assert contrast >= 4.5


@pytest.mark.parametrize("counted", [False, True])
def test_every_band_says_its_health_as_a_number(counted):
    stages = make_stages("hourglass")
    sums = [summary(s, health=10.0 * i, customers=1000 - 100 * i if counted else None)
            for i, s in enumerate(stages)]
    rows = rows_with(charts.hourglass_chart(sums, framework="hourglass", lang="en",
                                            use_counts=counted).to_dict(), "label")
    assert [r["health_text"] for r in rows] == [str(10 * i) for i in range(7)]
    assert all(f"health {r['health_text']}" in r["label"] for r in rows)


def test_with_counts_labels_sit_above_their_band_never_on_it():
    stages = make_stages("hourglass")
    sums = [summary(s, customers=c) for s, c in zip(stages, [1000, 500, 100, 20, 5, 3, 1])]
    spec = charts.hourglass_chart(sums, framework="hourglass", lang="en", use_counts=True).to_dict()
    marks = {mark_type(u): u["mark"] for u in layers(spec) if isinstance(u["mark"], dict)}
    text, bar = marks["text"], [u["mark"] for u in layers(spec)
                                if mark_type(u) == "bar" and "x2" in u["encoding"]
                                and u["encoding"]["x2"].get("field") == "x2"][0]
    assert text["baseline"] == "top" and text["dy"] < 0  # from the top of the row
    lines = 2
    label_bottom = text["dy"] + lines * charts.LINE_HEIGHT
    band_top = bar["yOffset"] - bar["height"] / 2
    assert label_bottom <= band_top  # however narrow the band, the text is on the track


def test_unknown_health_is_a_distinct_grey_not_zero():
    stages = make_stages("hourglass")
    sums = [summary(s, health=None if i == 6 else 50.0) for i, s in enumerate(stages)]
    spec = charts.hourglass_chart(sums, framework="hourglass", lang="en").to_dict()
    colour = next(v for k, v in walk(spec) if k == "color" and isinstance(v, dict) and v.get("field") == "health")
    assert colour["condition"]["test"] == "datum.health == null"
    grey = colour["condition"]["value"]
    assert grey == charts.UNKNOWN_GREY and grey not in colour["scale"]["range"]
    r, g, b = hex_rgb(grey)
    assert max(r, g, b) - min(r, g, b) < 16  # a grey
    refer = rows_with(spec, "label")[6]
    assert refer["health"] is None and refer["health_text"] == "?"


@pytest.mark.parametrize("lang, words", [
    ("en", ("health", "touchpoints", "touchpoint")),
    ("es", ("salud", "puntos de contacto", "punto de contacto")),
])
@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_band_labels_are_translated(framework, lang, words):
    health, many, one = words
    stages = make_stages(framework)
    sums = [summary(s) for s in stages]
    sums[-1] = summary(stages[-1], health=None, coverage=1)
    rows = rows_with(charts.hourglass_chart(sums, framework=framework, lang=lang).to_dict(), "label")
    first, last = stages[0].display_name(framework, lang), stages[-1].display_name(framework, lang)
    assert rows[0]["label"] == f"{first} · {health} 62 · 4 {many}"
    assert rows[-1]["label"] == f"{last} · {health} ? · 1 {one}"


@pytest.mark.parametrize("lang", LANGS)
def test_hourglass_title_legend_and_tooltips_are_in_the_language(lang):
    stages = make_stages("hourglass")
    spec = charts.hourglass_chart([summary(s) for s in stages], framework="hourglass",
                                  lang=lang).to_dict()
    assert spec["title"]["text"] == t("chart.hourglass.title", lang)
    assert t("chart.hourglass.legend", lang) in [v for k, v in walk(spec) if k == "title"]
    tooltip_titles = {v["title"] for k, vs in walk(spec) if k == "tooltip" and isinstance(vs, list) for v in vs}
    for key in ("stage", "health", "coverage", "moments", "customers"):
        assert t(f"chart.tooltip.{key}", lang) in tooltip_titles


@pytest.mark.parametrize("lang, rate, customers", [
    ("en", "10%", "100 customers"), ("es", "10\u00a0%", "100 clientes"),
])
def test_counts_make_a_funnel_with_conversion_rates(lang, rate, customers):
    stages = make_stages("hourglass")
    counts = [2000, 1000, None, 1000, 100, 50, 75]
    sums = [summary(s, customers=c) for s, c in zip(stages, counts)]
    spec = charts.hourglass_chart(sums, framework="hourglass", lang=lang, use_counts=True).to_dict()
    rows = rows_with(spec, "label")
    counted = [r for r in rows if r["customers"] is not None]
    for row in counted:  # width proportional to the count
        assert row["width"] == pytest.approx(100 * row["customers"] / 2000)
    by_stage = {r["order"]: r for r in rows}
    assert by_stage[0]["conversion"] is None  # nothing before the first stage
    assert by_stage[1]["conversion"] == pytest.approx(0.5)
    assert by_stage[3]["conversion"] == pytest.approx(1.0)  # from Like: skips the uncounted stage
    buy = by_stage[4]
    assert buy["conversion"] == pytest.approx(0.10)  # Try 1000 → Buy 100
    assert buy["conversion_text"] == rate
    try_name = stages[3].display_name("hourglass", lang)
    assert customers in buy["label"]
    assert t("chart.hourglass.conversion", lang, rate=rate, previous=try_name) in buy["label"]
    # below Buy the hourglass widens by design: no conversion, never "% of Buy"
    assert by_stage[5]["conversion"] is None and by_stage[6]["conversion"] is None
    assert t("chart.hourglass.came_back", lang, rate=rate.replace("10", "50")) in by_stage[5]["label"]
    assert "%" not in by_stage[6]["label"]
    assert by_stage[2]["counted"] is False and t("chart.hourglass.no_count", lang) in by_stage[2]["label"]


def test_a_first_stage_of_1000_and_a_later_one_of_100_is_ten_percent():
    stages = make_stages("before-during-after")
    sums = [summary(s, customers=c) for s, c in zip(stages, [1000, 100, None])]
    rows = rows_with(charts.hourglass_chart(sums, framework="before-during-after", lang="en",
                                            use_counts=True).to_dict(), "label")
    assert rows[1]["conversion_text"] == "10%"
    assert "10% of Before" in rows[1]["label"]
    assert [r["width"] for r in rows[:2]] == [100, 10]


def test_counts_mode_without_counts_keeps_the_hourglass_shape():
    stages = make_stages("hourglass")
    with_flag = charts.hourglass_chart([summary(s) for s in stages], framework="hourglass",
                                       lang="en", use_counts=True).to_dict()
    widths = [r["width"] for r in rows_with(with_flag, "label")]
    assert widths == [100, 80, 60, 40, 40, 60, 80]


def test_counts_are_ignored_unless_asked_for():
    stages = make_stages("hourglass")
    sums = [summary(s, customers=1000 // (i + 1)) for i, s in enumerate(stages)]
    rows = rows_with(charts.hourglass_chart(sums, framework="hourglass", lang="en").to_dict(), "label")
    assert [r["width"] for r in rows] == [100, 80, 60, 40, 40, 60, 80]
    assert all("customers" not in r["label"] for r in rows)


@pytest.mark.parametrize("lang, expected", [
    ("en", ["1,000", "10%", "2.5%", "150%"]),
    ("es", ["1000", "10\u00a0%", "2,5\u00a0%", "150\u00a0%"]),
])
def test_numbers_and_rates_are_written_the_local_way(lang, expected):
    assert [charts.format_number(1000, lang), charts.format_percent(0.1, lang),
            charts.format_percent(0.025, lang), charts.format_percent(1.5, lang)] == expected
    assert charts.format_number(12000, "es") == "12.000"


def test_duplicate_stage_names_stay_two_bands():
    stages = make_stages("before-during-after")
    stages[0].name = stages[2].name = "Visit"
    rows = rows_with(charts.hourglass_chart([summary(s) for s in stages],
                                            framework="before-during-after", lang="en").to_dict(), "label")
    assert [r["stage"] for r in rows] == ["Visit", "During", "Visit (2)"]


def test_hourglass_from_engine_summaries(audit7):
    stages, tps = audit7
    rows = rows_with(charts.hourglass_chart(stage_summaries(stages, tps), framework="hourglass",
                                            lang="en").to_dict(), "label")
    assert [r["coverage"] for r in rows] == [2, 1, 1, 2, 2, 1, 1]
    assert rows[-1]["health"] is None
    assert rows[0]["health"] == pytest.approx(scoring.stage_health(tps[:2]), abs=0.05)


# --- importance–performance matrix --------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_ipa_names_the_quadrants_in_their_corners(framework, lang, audit7):
    stages = make_stages(framework)
    tps = [tp(1, stages[0], "A", 5, 2)]
    spec = charts.ipa_chart(tps, stages, framework=framework, lang=lang).to_dict()
    corners = {r["key"]: r for r in rows_with(spec, "baseline")}
    assert {k: r["name"] for k, r in corners.items()} == {q: t(f"quadrant.{q}", lang) for q in scoring.QUADRANTS}
    top_left, top_right = corners[scoring.CONCENTRATE], corners[scoring.KEEP_UP]
    bottom_left, bottom_right = corners[scoring.LOW_PRIORITY], corners[scoring.OVERKILL]
    assert top_left["tx"] < 3.5 < top_right["tx"] and bottom_left["tx"] < 3.5 < bottom_right["tx"]
    assert top_left["ty"] > 3.5 > bottom_left["ty"] and top_right["ty"] > 3.5 > bottom_right["ty"]
    texts = [u for u in layers(spec) if mark_type(u) == "text" and u["encoding"].get("text", {}).get("field") == "name"]
    assert len(texts) == 4
    assert spec["title"]["text"] == t("chart.ipa.title", lang)
    axis_titles = [v["title"] for k, v in walk(spec) if k == "axis" and isinstance(v, dict) and "title" in v]
    assert t("chart.ipa.x", lang) in axis_titles and t("chart.ipa.y", lang) in axis_titles


def test_ipa_has_crosshair_rules_between_3_and_4():
    stages = make_stages("hourglass")
    spec = charts.ipa_chart([], stages, framework="hourglass", lang="en").to_dict()
    rules = [u for u in layers(spec) if mark_type(u) == "rule"]
    positions = sorted((ch, u["encoding"][ch]["datum"]) for u in rules for ch in ("x", "y") if ch in u["encoding"])
    assert positions == [("x", 3.5), ("y", 3.5)]
    point = next(u for u in layers(spec) if mark_type(u) == "circle" and u["encoding"].get("x", {}).get("field") == "x")
    assert point["encoding"]["x"]["scale"]["domain"] == [0.5, 5.5]
    assert point["encoding"]["y"]["scale"]["domain"] == [0.5, 5.5]


@pytest.mark.parametrize("lang", LANGS)
def test_ipa_plots_scored_touchpoints_coloured_by_quadrant(lang, audit7):
    stages, tps = audit7
    spec = charts.ipa_chart(tps, stages, framework="hourglass", lang=lang).to_dict()
    rows = rows_with(spec, "quadrant_key")
    assert len(rows) == 9  # the unscored referral card is not plotted
    for row in rows:
        assert row["quadrant_key"] == scoring.quadrant(row["importance"], row["performance"])
        assert row["quadrant"] == t(f"quadrant.{row['quadrant_key']}", lang)
        assert row["gap"] == scoring.gap(row["importance"], row["performance"])
    colour = next(v for k, v in walk(spec) if k == "color" and isinstance(v, dict) and v.get("field") == "quadrant")
    assert colour["scale"]["domain"] == [t(f"quadrant.{q}", lang) for q in scoring.QUADRANTS]
    assert colour["scale"]["range"][0] == charts.QUADRANT_COLOUR[scoring.CONCENTRATE]
    assert t("chart.ipa.to_score_one", lang) in spec["title"]["subtitle"]
    tooltip = next(v for k, v in walk(spec) if k == "tooltip" and isinstance(v, list) and len(v) == 7)
    assert [f["field"] for f in tooltip] == ["touchpoint", "stage", "importance", "performance", "gap",
                                            "emotion", "quadrant"]


def test_ipa_ranks_what_to_concentrate_on_by_gap(audit7):
    stages, tps = audit7
    rows = rows_with(charts.ipa_chart(tps, stages, framework="hourglass", lang="en").to_dict(),
                     "quadrant_key")
    ranked = sorted((r for r in rows if r["rank"]), key=lambda r: r["rank"])
    assert [r["touchpoint"] for r in ranked] == [
        "Website home page", "Trial class", "Online checkout",  # gap 15, journey order
        "Testimonials",  # gap 12
        "Google Business Profile",  # gap 8
    ]
    assert all(r["rank"] is None for r in rows if r["quadrant_key"] != scoring.CONCENTRATE)


def test_identical_scores_do_not_hide_each_other():
    stages = make_stages("hourglass")
    tps = [tp(i, stages[i % 7], f"Touchpoint {i}", 4, 2) for i in range(1, 9)]
    chart = lambda: charts.ipa_chart(tps, stages, framework="hourglass", lang="en").to_dict()  # noqa: E731
    rows = rows_with(chart(), "quadrant_key")
    positions = {(r["x"], r["y"]) for r in rows}
    assert len(positions) == 8
    for r in rows:  # still inside the cell of its scores
        assert abs(r["x"] - 2) < 0.4 and abs(r["y"] - 4) < 0.4
    assert rows_with(chart(), "quadrant_key") == rows  # deterministic


def test_ipa_with_nothing_scored_still_draws_the_matrix():
    stages = make_stages("hourglass")
    spec = charts.ipa_chart([tp(1, stages[0], "A")], stages, framework="hourglass", lang="es").to_dict()
    assert t("chart.ipa.nothing_scored", "es") in spec["title"]["subtitle"]
    assert len(rows_with(spec, "baseline")) == 4


# --- emotion curve ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_emotion_axis_is_fixed_and_stages_in_journey_order(framework, lang):
    stages = make_stages(framework)
    tps = [tp(1, stages[-1], "Late", emotion=2), tp(2, stages[0], "Early", emotion=-1)]
    spec = charts.emotion_chart(tps, list(reversed(stages)), framework=framework, lang=lang).to_dict()
    order = names(stages, framework, lang)
    y_scales = [v["scale"] for k, v in walk(spec) if k == "y" and isinstance(v, dict) and v.get("field") in ("emotion", "mean")]
    assert y_scales and all(s["domain"] == [-2, 2] for s in y_scales)
    xs = [v for k, v in walk(spec) if k == "x" and isinstance(v, dict) and v.get("field") == "stage"]
    assert xs and all(x["sort"] == order and x["scale"]["domain"] == order for x in xs)
    assert spec["title"]["text"] == t("chart.emotion.title", lang)
    rules = [u for u in layers(spec) if mark_type(u) == "rule"]
    assert [u["encoding"]["y"]["datum"] for u in rules] == [0]


def test_emotion_line_is_the_mean_per_stage_and_gaps_have_no_point(audit7):
    stages, tps = audit7
    spec = charts.emotion_chart(tps, stages, framework="hourglass", lang="en").to_dict()
    means = {r["stage"]: r["mean"] for r in rows_with(spec, "mean")}
    assert means == {"Know": 0.5, "Like": -1, "Trust": -1, "Try": -1, "Buy": -0.5, "Repeat": 2}
    points = rows_with(spec, "offset")
    assert len(points) == 9 and "Refer" not in {p["stage"] for p in points}
    lines = [u for u in layers(spec) if mark_type(u) == "line"]
    assert len(lines) == 1 and lines[0]["encoding"]["y"]["field"] == "mean"


def test_emotion_points_with_the_same_value_are_spread():
    stages = make_stages("before-during-after")
    tps = [tp(i, stages[1], f"T{i}", emotion=-1) for i in range(3)]
    points = rows_with(charts.emotion_chart(tps, stages, framework="before-during-after",
                                            lang="en").to_dict(), "offset")
    assert sorted(p["offset"] for p in points) == [-1, 0, 1]


def test_emotion_chart_with_no_emotion_says_so():
    stages = make_stages("hourglass")
    spec = charts.emotion_chart([], stages, framework="hourglass", lang="es").to_dict()
    assert t("chart.emotion.nothing", "es") in spec["title"]["subtitle"]


# --- safety -------------------------------------------------------------------

def all_charts(stages, tps, lang="en"):
    return {
        "hourglass": charts.hourglass_chart(stage_summaries(stages, tps), framework="hourglass", lang=lang),
        "funnel": charts.hourglass_chart(
            [summary(s, customers=100 * (i + 1)) for i, s in enumerate(stages)],
            framework="hourglass", lang=lang, use_counts=True),
        "ipa": charts.ipa_chart(tps, stages, framework="hourglass", lang=lang),
        "emotion": charts.emotion_chart(tps, stages, framework="hourglass", lang=lang),
    }


@pytest.fixture(scope="module")
def specs():
    """The four charts of the 7-stage audit, built once for the module."""
    return {name: chart.to_dict() for name, chart in all_charts(*make_audit7()).items()}


@pytest.mark.parametrize("which", ["hourglass", "funnel", "ipa", "emotion"])
def test_tooltips_are_plain_text_fields(which, specs):
    spec = specs[which]
    tooltips = [v for k, vs in walk(spec) if k == "tooltip" and isinstance(vs, list) for v in vs]
    assert tooltips
    for field in tooltips:
        assert "field" in field and "html" not in str(field.get("format", "")).lower()
        assert "formatType" not in field
    assert "html" not in str(spec.get("usermeta", "")).lower()


@pytest.mark.parametrize("which", ["hourglass", "funnel", "ipa", "emotion"])
def test_a_hostile_stage_name_is_only_data(which, audit7):
    stages, tps = audit7
    stages[2].name = HOSTILE
    spec = all_charts(stages, tps)[which].to_dict()
    in_code = [(k, v) for k, v in walk(spec) if k in EXPRESSION_KEYS and HOSTILE in str(v)]
    assert in_code == []
    assert spec["title"]["text"] and HOSTILE not in str(spec["title"])
    assert any(HOSTILE in str(table) for table in datasets(spec))


def test_the_svg_escapes_a_hostile_stage_name(audit7):
    stages, tps = audit7
    stages[2].name = HOSTILE
    svg = charts.chart_svg(charts.hourglass_chart(stage_summaries(stages, tps),
                                                  framework="hourglass", lang="en"))
    assert "&lt;img" in svg
    assert "<img" not in svg


# --- export -------------------------------------------------------------------

@pytest.mark.parametrize("which", ["hourglass", "funnel", "ipa", "emotion"])
def test_chart_png_is_a_png(which, audit7):
    png = charts.chart_png(all_charts(*audit7, lang="es")[which], scale=1)
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 10_000


def test_chart_svg_is_an_svg(audit7):
    stages, tps = audit7
    svg = charts.chart_svg(charts.ipa_chart(tps, stages, framework="hourglass", lang="en"))
    assert isinstance(svg, str) and "<svg" in svg
    assert t("quadrant.concentrate", "en") in svg


def test_export_never_fetches_remote_data():
    import altair as alt

    remote = alt.Chart(alt.UrlData("https://example.com/data.csv")).mark_point().encode(x="a:Q")
    with pytest.raises(ValueError, match="not allowed"):
        charts.chart_png(remote)


def test_empty_journeys_render():
    for chart in (charts.hourglass_chart([], framework="hourglass", lang="en"),
                  charts.ipa_chart([], [], framework="hourglass", lang="en"),
                  charts.emotion_chart([], [], framework="hourglass", lang="en")):
        assert charts.chart_png(chart, scale=1).startswith(b"\x89PNG")


# --- strings ------------------------------------------------------------------

def test_chart_strings_exist_in_both_languages():
    en = {k for k in catalog("en") if k.startswith("chart.")}
    es = {k for k in catalog("es") if k.startswith("chart.")}
    assert en and en == es
    for key in en:
        assert catalog("en")[key].count("{") == catalog("es")[key].count("{"), key


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("counted", [False, True])
def test_hourglass_subtitle_lines_fit_a_narrow_page(lang, counted):
    stages = make_stages("hourglass")
    sums = [summary(s, customers=100 if counted else None) for s in stages]
    spec = charts.hourglass_chart(sums, framework="hourglass", lang=lang, use_counts=counted).to_dict()
    lines = spec["title"]["subtitle"]
    assert len(lines) == 4 and all(len(line) <= 80 for line in lines)  # ~560 px at 12 px
