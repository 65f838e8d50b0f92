"""Audit 2 — score each touchpoint: importance, performance, emotion, moment
of truth, pain points, positives, evidence. Shows the importance–performance
matrix, the emotion curve and the moments of truth (DESIGN.md, Scoring model).

The scores are one table editor over every touchpoint in journey order; its
edits go to the store at once, all or nothing (``session.table_editor``).
"""

import pandas as pd
import streamlit as st

from audit import scoring
from audit.charts import emotion_chart, ipa_chart
from audit.edits import EditPlan
from views import session
from views.session import tr

store = session.store()
ws = session.require_workspace("scoring")
session.page_header("scoring", ws)
lang = session.lang()

EDITOR = f"scoring-{ws.id}-table"
#: Row ids of the table as last rendered: what the editor's row numbers mean.
#: Editor column -> touchpoint field, for the editable columns only.
EDITABLE = {c: c for c in ("importance", "performance", "emotion", "moment_of_truth",
                           "pain_points", "positives", "evidence")}
#: The three states of the moment-of-truth flag as editor values.
MOT_OPTIONS = ("auto", "yes", "no")
MOT_FLAG = {"auto": None, "yes": 1, "no": 0}
MOT_OPTION = {None: "auto", 1: "yes", 0: "no"}
#: The matrix's colours, so the table reads like the chart.
QUADRANT_MARK = {scoring.CONCENTRATE: "🔴", scoring.KEEP_UP: "🟢", scoring.LOW_PRIORITY: "⚪",
                 scoring.OVERKILL: "🔵", "to_score": "⏳"}


def save_scores(plan: EditPlan) -> None:
    """The editor's changes, as store values, in one transaction."""
    updates = {}
    for tp_id, values in plan.updates.items():
        values = dict(values)
        if "moment_of_truth" in values:
            choice = values["moment_of_truth"]
            values["moment_of_truth"] = MOT_FLAG.get(choice, choice)  # anything else: refused by the model
        updates[tp_id] = values
    store.update_touchpoints(ws.id, updates)


stages = store.stages(ws.id)
touchpoints = store.touchpoints(ws.id)  # journey order
stage_names = {s.id: s.display_name(ws.framework, lang) for s in stages}
quadrant_names = {q: tr(f"quadrant.{q}") for q in (*scoring.QUADRANTS, "to_score")}

with st.expander(tr("scoring.model.title"), icon="ℹ️"):
    st.markdown(tr("scoring.model.body", **quadrant_names))

if not touchpoints:
    st.info(tr("scoring.empty"), icon="📍")
    st.page_link("views/touchpoints.py", label=tr("scoring.go_touchpoints"), icon="📍")
    st.stop()


def quadrant_of(tp) -> str:
    quadrant = scoring.quadrant(tp.importance, tp.performance) or "to_score"
    return f"{QUADRANT_MARK[quadrant]} {quadrant_names[quadrant]}"


# -- where the audit stands -----------------------------------------------------
scored = [tp for tp in touchpoints if scoring.is_scored(tp)]
moments = [tp for tp in touchpoints if scoring.is_moment_of_truth(tp)]
concentrate = [tp for tp in scored if scoring.quadrant(tp.importance, tp.performance) == scoring.CONCENTRATE]
cols = st.columns(4)
cols[0].metric(tr("scoring.metric.scored"), tr("scoring.metric.scored_value", n=len(scored), total=len(touchpoints)),
               help=tr("scoring.metric.scored_help"), border=True)
cols[1].metric(tr("scoring.metric.to_score"), len(touchpoints) - len(scored),
               help=tr("scoring.metric.to_score_help"), border=True)
cols[2].metric(tr("scoring.metric.moments"), len(moments), help=tr("scoring.metric.moments_help"), border=True)
cols[3].metric(tr("scoring.metric.concentrate"), len(concentrate),
               help=tr("scoring.metric.concentrate_help"), border=True)

# -- the scores ------------------------------------------------------------------
st.subheader(tr("scoring.table_title"))
st.caption(tr("scoring.table_caption"))


def int_column(values) -> pd.Series:
    return pd.Series(values, dtype="Int64")


frame = pd.DataFrame({
    "stage": [stage_names.get(tp.stage_id, "?") for tp in touchpoints],
    "name": [tp.name for tp in touchpoints],
    "importance": int_column([tp.importance for tp in touchpoints]),
    "performance": int_column([tp.performance for tp in touchpoints]),
    "gap": int_column([scoring.gap(tp.importance, tp.performance) for tp in touchpoints]),
    "quadrant": [quadrant_of(tp) for tp in touchpoints],
    "emotion": int_column([tp.emotion for tp in touchpoints]),
    "moment_of_truth": [MOT_OPTION.get(tp.moment_of_truth, "auto") for tp in touchpoints],
    "pain_points": [tp.pain_points for tp in touchpoints],
    "positives": [tp.positives for tp in touchpoints],
    "evidence": [tp.evidence for tp in touchpoints],
})
emotion_labels = {v: tr(f"emotion.{v}") for v in range(-2, 3)}
mot_labels = {o: tr(f"scoring.mot.{o}") for o in MOT_OPTIONS}


def score_column(field: str, lo: int, hi: int):
    return st.column_config.NumberColumn(
        tr(f"scoring.col.{field}"), help=tr(f"scoring.help.{field}"), min_value=lo, max_value=hi,
        step=1, format="%d", width=115)


column_config = {
    "stage": st.column_config.TextColumn(tr("scoring.col.stage"), disabled=True, pinned=True, width="small"),
    "name": st.column_config.TextColumn(tr("scoring.col.touchpoint"), disabled=True, pinned=True, width="medium"),
    "importance": score_column("importance", 1, 5),
    "performance": score_column("performance", 1, 5),
    "gap": st.column_config.NumberColumn(tr("scoring.col.gap"), help=tr("scoring.help.gap"), disabled=True,
                                         format="%d", width="small"),
    "quadrant": st.column_config.TextColumn(tr("scoring.col.quadrant"), help=tr("scoring.help.quadrant"),
                                            disabled=True, width=175),
    "emotion": st.column_config.SelectboxColumn(
        tr("scoring.col.emotion"), help=tr("scoring.help.emotion"), options=list(emotion_labels),
        format_func=emotion_labels.get, width=145),
    "moment_of_truth": st.column_config.SelectboxColumn(
        tr("scoring.col.moment_of_truth"), help=tr("scoring.help.moment_of_truth"), options=list(MOT_OPTIONS),
        format_func=mot_labels.get, required=True, width=125),
    **{f: st.column_config.TextColumn(tr(f"scoring.col.{f}"), help=tr(f"scoring.help.{f}"), width="large")
       for f in ("pain_points", "positives", "evidence")},
}
row_ids = [tp.id for tp in touchpoints]
session.table_editor(
    EDITOR, frame, row_ids=row_ids, columns=EDITABLE, apply=save_scores,
    num_rows="fixed", hide_index=True, column_config=column_config, placeholder=tr("scoring.not_scored"),
    height=min(38 + 35 * len(touchpoints), 560), alt=tr("scoring.table_title"),
)

# -- where to act ------------------------------------------------------------------
st.subheader(tr("scoring.charts_title"))
st.altair_chart(ipa_chart(touchpoints, stages, framework=ws.framework, lang=lang, **session.chart_options(ws)),
                theme=None, key=f"scoring-{ws.id}-ipa", width=session.chart_width())

st.altair_chart(emotion_chart(touchpoints, stages, framework=ws.framework, lang=lang, **session.chart_options(ws)),
                theme=None, key=f"scoring-{ws.id}-emotion", width=session.chart_width())

st.subheader(tr("scoring.moments_title"))
st.caption(tr("scoring.moments_caption"))
if not moments:
    st.info(tr("scoring.moments_empty"), icon="🎯")
else:
    st.dataframe(
        pd.DataFrame({
            "stage": [stage_names.get(tp.stage_id, "?") for tp in moments],
            "name": [tp.name for tp in moments],
            "quadrant": [quadrant_of(tp) for tp in moments],
            "gap": int_column([scoring.gap(tp.importance, tp.performance) for tp in moments]),
            "reason": [tr("scoring.reason_flag") if tp.moment_of_truth is not None
                       else tr("scoring.reason_auto", importance=tp.importance) for tp in moments],
        }),
        hide_index=True, key=f"scoring-{ws.id}-moments", placeholder=tr("scoring.not_scored"),
        column_config={
            "stage": st.column_config.TextColumn(tr("scoring.col.stage"), width="small"),
            "name": st.column_config.TextColumn(tr("scoring.col.touchpoint"), width="large"),
            "quadrant": st.column_config.TextColumn(tr("scoring.col.quadrant"), width="medium"),
            "gap": st.column_config.NumberColumn(tr("scoring.col.gap"), help=tr("scoring.help.gap"),
                                                 format="%d", width="small"),
            "reason": st.column_config.TextColumn(tr("scoring.col.reason"), width="medium"),
        },
    )
