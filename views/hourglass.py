"""Build 2 — the hourglass: where the journey is strong and where it leaks.

Optional customer counts per stage (saved at once), the hourglass chart with
PNG/SVG downloads, and plain-language answers to the map's questions
(``audit.insights``).
"""

import json

import altair as alt
import pandas as pd
import streamlit as st

from audit import charts, insights, scoring
from views import session
from views.session import md, tr

store = session.store()
ws = session.require_workspace("hourglass")
session.page_header("hourglass", ws)
lang = session.lang()
PREFIX = f"hourglass-{ws.id}"
TOP = 5  # touchpoints listed per finding

data = store.workspace_data(ws.id)
stages = data.stages
names = {s.id: s.display_name(ws.framework, lang) for s in stages}
use_counts = any(s.customers is not None for s in stages)


def name(stage) -> str:
    return md(names.get(stage.id, "?"))


@st.cache_data(show_spinner=False, max_entries=64)
def chart_file(spec: str, kind: str, _chart) -> bytes | str:
    """PNG or SVG of a chart; cached by its full spec (the data is in it, so
    no workspace ever gets another's file)."""
    return charts.chart_png(_chart) if kind == "png" else charts.chart_svg(_chart)


chart_side, counts_side = st.columns([0.74, 0.26], gap="small")

# -- customer counts (optional) -------------------------------------------------------
with counts_side:
    with st.container(border=True):
        st.markdown(f"**{tr('hourglass.counts.title')}**")
        st.caption(tr("hourglass.counts.help"))

        def save_counts(plan) -> None:
            with store.write():  # every stage or none
                for stage_id, values in plan.updates.items():
                    store.update_stage(stage_id, **values)

        frame = pd.DataFrame({
            "stage": [names[s.id] for s in stages],
            "customers": pd.array([s.customers for s in stages], dtype="Int64"),
        })
        session.table_editor(
            f"{PREFIX}-counts", frame, row_ids=[s.id for s in stages],
            columns={"customers": "customers"}, apply=save_counts,
            num_rows="fixed", hide_index=True, width="stretch", disabled=["stage"], placeholder="",
            column_config={
                "stage": st.column_config.TextColumn(tr("hourglass.counts.stage")),
                "customers": st.column_config.NumberColumn(
                    tr("hourglass.counts.customers"), help=tr("hourglass.counts.customers_help"),
                    min_value=0, step=1, format="%d"),
            },
        )
        if use_counts and st.button(tr("hourglass.counts.clear"), key=f"{PREFIX}-clear", icon="🧹"):
            with store.write():  # every stage or none
                for s in stages:
                    store.update_stage(s.id, customers=None)
            base_key = f"{PREFIX}-counts__version"
            st.session_state[base_key] = st.session_state.get(base_key, 0) + 1  # re-key the editor
            session.toast_later(tr("app.saved"))
            st.rerun()

# -- the chart --------------------------------------------------------------------
summaries = scoring.stage_summaries(stages, data.touchpoints)
chart = charts.hourglass_chart(summaries, framework=ws.framework, lang=lang, use_counts=use_counts)
spec = json.dumps(chart.to_dict(), sort_keys=True, ensure_ascii=False)
with chart_side:
    # Without an explicit autosize Streamlit forces "fit": title and legend would
    # eat into the bands. "pad" shows the chart exactly as the PNG/SVG.
    padded = chart.properties(autosize=alt.AutoSizeParams(type="pad", contains="padding"))
    st.altair_chart(padded, key=f"{PREFIX}-chart", width="content", theme=None)
    png, svg, _ = st.columns([1, 1, 1])
    base = f"hourglass-{ws.slug}{'-counts' if use_counts else ''}"
    png.download_button(tr("hourglass.download.png"), key=f"{PREFIX}-png", icon="🖼️", width="stretch",
                        data=lambda: chart_file(spec, "png", chart), file_name=f"{base}.png",
                        mime="image/png", on_click="ignore", help=tr("hourglass.download.png_help"))
    svg.download_button(tr("hourglass.download.svg"), key=f"{PREFIX}-svg", icon="📐", width="stretch",
                        data=lambda: chart_file(spec, "svg", chart), file_name=f"{base}.svg",
                        mime="image/svg+xml", on_click="ignore", help=tr("hourglass.download.svg_help"))

# -- what the map says ---------------------------------------------------------------
found = insights.map_insights(stages, data.touchpoints)
st.header(tr("hourglass.answers.title"), divider="gray")
if not data.touchpoints:
    st.info(tr("hourglass.answers.nothing_yet"), icon="🧭")
    st.page_link("views/touchpoints.py", label=tr("nav.touchpoints"), icon="👉")
    st.stop()


def health(value: float) -> int:
    return int(round(value))


def finding_line(f: insights.TouchpointFinding) -> str:
    tp = f.touchpoint
    where = name(f.stage) if f.stage else "?"
    return "- " + tr("hourglass.answers.finding", touchpoint=md(tp.name), stage=where,
                     importance=tp.importance, performance=tp.performance, gap=f.gap)


def emotion(value: float) -> str:
    text = f"{value:+.1f}".replace("-", "−")
    return text.replace(".", ",") if lang == "es" else text


left, right = st.columns(2, gap="medium")
with left.container(border=True):
    st.markdown("#### " + tr("hourglass.answers.leak_title"))
    if found.weakest is None:
        st.markdown(tr("hourglass.answers.leak_unknown"))
    else:
        st.markdown(tr("hourglass.answers.weakest", stage=name(found.weakest.stage),
                       health=health(found.weakest.value)))
    drop = found.biggest_drop
    if drop is not None:
        st.markdown(tr("hourglass.answers.drop", before=name(drop.before), after=name(drop.after),
                       rate=charts.format_percent(drop.rate, lang),
                       after_count=charts.format_number(drop.after_count, lang),
                       before_count=charts.format_number(drop.before_count, lang),
                       lost=charts.format_number(drop.lost, lang)))
    elif found.counted:
        st.markdown(tr("hourglass.answers.no_drop"))
    else:
        st.caption(tr("hourglass.answers.counts_hint"))
    if found.most_customers is not None:
        st.markdown(tr("hourglass.answers.most_customers", stage=name(found.most_customers.stage),
                       n=charts.format_number(int(found.most_customers.value), lang)))

with right.container(border=True):
    st.markdown("#### " + tr("hourglass.answers.moments_title"))
    if found.interventions:
        many = len(found.interventions) > 1
        st.markdown(tr("hourglass.answers.interventions" if many else "hourglass.answers.interventions_one",
                       n=len(found.interventions)))
        st.markdown("\n".join(finding_line(f) for f in found.interventions[:TOP]))
        if len(found.interventions) > TOP:
            st.caption(tr("hourglass.answers.more", n=len(found.interventions) - TOP))
        st.page_link("views/backlog.py", label=tr("hourglass.answers.to_backlog"), icon="📋")
    else:
        st.markdown(tr("hourglass.answers.no_interventions"))
    if found.strengths:
        st.markdown(tr("hourglass.answers.strengths", items=", ".join(
            tr("hourglass.answers.strength", touchpoint=md(f.touchpoint.name), stage=name(f.stage))
            for f in found.strengths[:3])))

with left.container(border=True):
    st.markdown("#### " + tr("hourglass.answers.gaps_title"))
    if found.uncovered:
        one = len(found.uncovered) == 1
        st.markdown(tr("hourglass.answers.uncovered_one" if one else "hourglass.answers.uncovered", n=len(found.uncovered),
                       stages=", ".join(f"**{name(s)}**" for s in found.uncovered)))
    else:
        st.markdown(tr("hourglass.answers.all_covered", n=found.stages))
    if found.unscored:
        st.markdown(tr("hourglass.answers.unscored", stages=", ".join(f"**{name(s)}**" for s in found.unscored)))
        st.page_link("views/scoring.py", label=tr("nav.scoring"), icon="🎯")

with right.container(border=True):
    st.markdown("#### " + tr("hourglass.answers.consistency_title"))
    c = found.consistency
    if c.verdict == insights.UNKNOWN:
        st.markdown(tr("hourglass.answers.consistency_unknown"))
    else:
        st.markdown(tr(f"hourglass.answers.{c.verdict}", strongest=name(c.strongest.stage),
                       strongest_health=health(c.strongest.value), weakest=name(c.weakest.stage),
                       weakest_health=health(c.weakest.value), spread=health(c.spread)))
    if c.worst_feeling is not None:
        st.markdown(tr("hourglass.answers.worst_feeling", stage=name(c.worst_feeling.stage),
                       emotion=emotion(c.worst_feeling.value)))
    elif c.emotions_recorded:
        st.markdown(tr("hourglass.answers.no_bad_feeling"))
    else:
        st.caption(tr("hourglass.answers.no_emotions"))
