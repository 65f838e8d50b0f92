"""The before/after chart of a re-audit: one metric, two bars per stage.

A pure function from an ``audit.compare.Comparison`` to an Altair spec, in
the look of ``audit.charts`` (tested through ``to_dict()``). Stages stay in
journey order; "before" is grey, "after" the house blue; a value unknown on
one side (nothing scored yet) has no bar rather than a bar at zero. Stage
names and snapshot labels travel only as data values.
"""

from __future__ import annotations

import altair as alt

from .charts import CHART_WIDTH, MUTED, _configure, _data, _title, _unique
from .compare import METRICS, Comparison, format_value
from .i18n import normalise_lang, t

BEFORE_COLOUR = "#b8c0cc"
AFTER_COLOUR = "#2f6fb5"
#: The value axis of each metric: fixed where the metric has a fixed range.
DOMAINS = {"health": [0, 100], "checklist": [0, 1], "mean_emotion": [-2, 2]}


def compare_rows(comparison: Comparison, metric: str, *, lang: str, before_label: str,
                 after_label: str) -> tuple[list[str], list[dict]]:
    """(stage names in journey order, one row per stage and side with a known value)."""
    lang = normalise_lang(lang)
    names = _unique(s.display_name(comparison.framework, lang) for s in comparison.stages)
    rows = []
    for name, stage in zip(names, comparison.stages):
        for side, label in (("before", before_label), ("after", after_label)):
            value = stage.value(side, metric)
            if value is None:
                continue
            rows.append({"stage": name, "side": side, "snapshot": label, "value": value,
                         "text": format_value(metric, value, lang)})
    return names, rows


def compare_chart(comparison: Comparison, metric: str, *, lang: str, before_label: str,
                  after_label: str) -> alt.LayerChart:
    """Grouped bars of ``metric`` per stage: the ``before`` snapshot beside the ``after`` one."""
    if metric not in METRICS:
        raise ValueError(metric)
    lang = normalise_lang(lang)
    before_label, after_label = _unique([before_label, after_label])
    order, rows = compare_rows(comparison, metric, lang=lang, before_label=before_label,
                               after_label=after_label)
    top = max([r["value"] for r in rows] + [1])
    domain = DOMAINS.get(metric, [0, top * 1.15])
    axis = alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]) if metric == "checklist" else alt.Axis()
    x = alt.X("stage:N", sort=order, title=None,
              scale=alt.Scale(domain=order or [""], paddingInner=0.25),
              axis=alt.Axis(labelAngle=0, labelLimit=120, labelPadding=8, ticks=False))
    y = alt.Y("value:Q", title=t(f"compare.metric.{metric}", lang),
              scale=alt.Scale(domain=domain, nice=False, zero=True), axis=axis)
    offset = alt.XOffset("side:N", sort=["before", "after"], scale=alt.Scale(domain=["before", "after"]))
    colour = alt.Color("snapshot:N", title=None, sort=[before_label, after_label],
                       scale=alt.Scale(domain=[before_label, after_label], range=[BEFORE_COLOUR, AFTER_COLOUR]),
                       legend=alt.Legend(orient="top", direction="horizontal"))
    tooltip = [alt.Tooltip("stage:N", title=t("chart.tooltip.stage", lang)),
               alt.Tooltip("snapshot:N", title=t("compare.chart.snapshot", lang)),
               alt.Tooltip("text:N", title=t(f"compare.metric.{metric}", lang))]
    base = alt.Chart(_data(rows)).encode(x=x, xOffset=offset, y=y, tooltip=tooltip)
    bars = base.mark_bar(cornerRadiusTopLeft=3, cornerRadiusTopRight=3).encode(color=colour)
    labels = base.mark_text(dy=-7, fontSize=12, color=MUTED).encode(text="text:N")
    layers = [bars, labels]
    if metric == "mean_emotion":
        layers.insert(0, alt.Chart().mark_rule(color=MUTED, strokeDash=[6, 4]).encode(
            y=alt.Y(datum=0, scale=alt.Scale(domain=domain))))
    subtitle = t("compare.chart.subtitle", lang, before=before_label, after=after_label)
    chart = alt.layer(*layers).properties(
        width=CHART_WIDTH, height=300,
        title=_title(t(f"compare.chart.title_{metric}", lang), [subtitle]),
    )
    return _configure(chart)
