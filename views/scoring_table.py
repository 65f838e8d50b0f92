"""The Scoring page's "Table view": the same scores as one spreadsheet,
keyed once (``table_editing.fixed_table_editor``): no second render after a save.
Drawn inside the page's scores fragment."""

import pandas as pd
import streamlit as st

from audit import scoring
from audit.edits import EditPlan
from views import keys, scoring_rows, session, table_editing
from views.scoring_rows import EMOTIONS, MOT_FLAG, MOT_OPTION, MOT_OPTIONS, quadrant_of
from views.session import tr

#: Editor column -> touchpoint field, for the editable columns only.
EDITABLE = {c: c for c in ("importance", "performance", "emotion", "moment_of_truth",
                           "pain_points", "positives", "evidence")}


def int_column(values) -> pd.Series:
    return pd.Series(values, dtype="Int64")


def save_scores(ws_id: int, plan: EditPlan) -> None:
    """The table's changes, as store values, in one transaction."""
    updates = {}
    for tp_id, values in plan.updates.items():
        values = dict(values)
        if "moment_of_truth" in values:
            choice = values["moment_of_truth"]
            values["moment_of_truth"] = MOT_FLAG.get(choice, choice)
        updates[tp_id] = values
    # A table edit may change anything the page shows, and a refused one (a row
    # someone else changed or deleted) means the page is out of date: either way
    # the whole page runs again, not only the scores fragment.
    scoring_rows.want_whole_page(ws_id)
    session.store().update_touchpoints(ws_id, updates)


def score_column(field: str, lo: int, hi: int):
    return st.column_config.NumberColumn(
        tr(f"scoring.col.{field}"), help=tr(f"scoring.help.{field}"), min_value=lo, max_value=hi,
        step=1, format="%d", width=115)


def column_config() -> dict:
    table_emotions = {v: tr(f"emotion.{v}") for v in EMOTIONS}
    mot_labels = {o: tr(f"scoring.mot.{o}") for o in MOT_OPTIONS}
    return {
        "stage": st.column_config.TextColumn(tr("scoring.col.stage"), disabled=True, pinned=True, width="small"),
        "name": st.column_config.TextColumn(tr("scoring.col.touchpoint"), disabled=True, pinned=True,
                                            width="medium"),
        "importance": score_column("importance", 1, 5),
        "performance": score_column("performance", 1, 5),
        "gap": st.column_config.NumberColumn(tr("scoring.col.gap"), help=tr("scoring.help.gap"), disabled=True,
                                             format="%d", width="small"),
        "quadrant": st.column_config.TextColumn(tr("scoring.col.quadrant"), help=tr("scoring.help.quadrant"),
                                                disabled=True, width=175),
        "emotion": st.column_config.SelectboxColumn(
            tr("scoring.col.emotion"), help=tr("scoring.help.emotion"), options=list(table_emotions),
            format_func=table_emotions.get, width=145),
        "moment_of_truth": st.column_config.SelectboxColumn(
            tr("scoring.col.moment_of_truth"), help=tr("scoring.help.moment_of_truth"), options=list(MOT_OPTIONS),
            format_func=mot_labels.get, required=True, width=125),
        **{f: st.column_config.TextColumn(tr(f"scoring.col.{f}"), help=tr(f"scoring.help.{f}"), width="large")
           for f in ("pain_points", "positives", "evidence")},
    }


def show(ws_id: int, touchpoints, stage_names: dict) -> None:
    """Every touchpoint's scores as one editable table."""
    st.caption(tr("scoring.table_caption"))
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
    table_editing.fixed_table_editor(
        keys.scoring(ws_id, "table"), frame, row_ids=[tp.id for tp in touchpoints], columns=EDITABLE,
        apply=lambda plan: save_scores(ws_id, plan), hide_index=True, column_config=column_config(),
        to_store={"moment_of_truth": lambda choice: MOT_FLAG.get(choice, choice)},
        placeholder=tr("scoring.not_scored"), height=min(38 + 35 * len(touchpoints), 560),
        alt=tr("scoring.table_title"),
    )
