"""Audit 2 — score each touchpoint: importance, performance, emotion, moment
of truth, pain points, positives. Shows the importance–performance matrix,
the emotion curve and the moments of truth (DESIGN.md, Scoring model).

Scoring at the speed of talk: grouped by stage, each touchpoint is a row of
one-click choices (``editing.one_click``: importance 1–5, performance 1–5,
emotion −2..+2, moment of truth yes / no / auto), and its pains and
positives are text fields. A click is saved in the widget's callback: one
script run, no ``st.rerun``. A pack's typical importance, pre-filled when
the touchpoint was added, is marked as a suggestion until the user picks
another value (``suggestions.suggested_importance``).

At most ``PAGE_SIZE`` rows are drawn per run (a stage filter, then pages),
so a click on a 400-touchpoint workspace stays quick; the charts below are
drawn in the same run, so they always show what the store holds.

"Table view" shows the same scores as one spreadsheet (the data editor),
keyed once (``editing.fixed_table_editor``): no second render after a save.
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from audit import scoring, suggestions
from audit.charts import emotion_chart, ipa_chart
from audit.edits import EditPlan
from views import editing, session
from views.session import md, tr

store = session.store()
library = session.library()
ws = session.require_workspace("scoring")
session.page_header("scoring", ws)
lang = session.lang()

EDITOR = f"scoring-{ws.id}-table"
TABLE_VIEW = f"scoring-{ws.id}-table-view"
SHOW = f"scoring-{ws.id}-show"  # the stage filter: "all" or a stage id
PAGE = f"scoring-{ws.id}-page"
WHOLE = f"scoring-{ws.id}-whole"  # a click changed more than the scores part: run the whole page
CHARTS_SHOWN = f"scoring-{ws.id}-charts-shown"  # the charts were drawn in the last whole run
#: Rows drawn per run: a click reruns the page, so this bounds its cost.
PAGE_SIZE = 15
#: The charts start open up to this many touchpoints (see "where to act").
CHARTS_OPEN_UP_TO = 60
#: Editor column -> touchpoint field, for the editable columns only.
EDITABLE = {c: c for c in ("importance", "performance", "emotion", "moment_of_truth",
                           "pain_points", "positives", "evidence")}
SCORES = (1, 2, 3, 4, 5)
EMOTIONS = (-2, -1, 0, 1, 2)
#: The three states of the moment-of-truth flag as choices.
MOT_OPTIONS = ("yes", "no", "auto")
MOT_FLAG = {"auto": None, "yes": 1, "no": 0, None: None}
MOT_OPTION = {None: "auto", 1: "yes", 0: "no"}

data = session.workspace_data(ws.id)  # read once per run, shared with the sidebar
stages = data.stages
touchpoints = data.touchpoints  # journey order
stage_names = {s.id: s.display_name(ws.framework, lang) for s in stages}
quadrant_names = {q: tr(f"quadrant.{q}") for q in (*scoring.QUADRANTS, "to_score")}
pack = library.pack(ws.industry)

with st.expander(tr("scoring.model.title"), icon=session.ICON_INFO):
    st.markdown(tr("scoring.model.body", **quadrant_names))

if not touchpoints:
    st.info(tr("scoring.empty"), icon=session.PAGE_ICONS["touchpoints"])
    st.page_link("views/touchpoints.py", label=tr("scoring.go_touchpoints"), icon=session.PAGE_ICONS["touchpoints"])
    st.stop()


def quadrant_key(tp) -> str:
    return scoring.quadrant(tp.importance, tp.performance) or "to_score"


def quadrant_of(tp) -> str:
    return quadrant_names[quadrant_key(tp)]


# -- saving a click -------------------------------------------------------------
def saver(tp_id: int, field: str, key: str, stored=None, tp=None):
    """The callback of one choice: the new value, as the store holds it.

    Clicking the chosen score again keeps it (a person confirming a
    suggestion, or a slip of the mouse, must not clear a score; the table
    view clears one); for the moment of truth it goes back to auto."""
    def save(value) -> None:
        if value is None and field != "moment_of_truth":
            st.session_state[key] = stored
            return
        if field == "moment_of_truth":
            if value is None:  # clicking the chosen state again: back to auto
                st.session_state[key] = "auto"
            value = MOT_FLAG.get(value, value)  # anything else: refused by the model
        store.update_touchpoints(ws.id, {tp_id: {field: value}})
        if tp is not None and not rows_only(tp, field, value):
            st.session_state[WHOLE] = True
    return save


def rows_only(tp, field: str, value) -> bool:
    """Does a click change only what the scores part shows (its metrics, its
    rows)? Then only that fragment reruns. Not when the charts are open, nor
    for importance or the moment of truth (the moments table), nor when the
    touchpoint becomes scored or unscored (the sidebar's progress, the Next
    line)."""
    if st.session_state.get(CHARTS_SHOWN) or field in ("importance", "moment_of_truth"):
        return False
    return scoring.is_scored(tp) == scoring.is_scored(replace(tp, **{field: value}))


def save_scores(plan: EditPlan) -> None:
    """The table's changes, as store values, in one transaction."""
    updates = {}
    for tp_id, values in plan.updates.items():
        values = dict(values)
        if "moment_of_truth" in values:
            choice = values["moment_of_truth"]
            values["moment_of_truth"] = MOT_FLAG.get(choice, choice)
        updates[tp_id] = values
    store.update_touchpoints(ws.id, updates)
    st.session_state[WHOLE] = True  # a table edit may change anything the page shows


# -- where the audit stands -----------------------------------------------------
moments = [tp for tp in touchpoints if scoring.is_moment_of_truth(tp)]
emotion_labels = {v: tr(f"flow.emotion.{v}") for v in EMOTIONS}
mot_labels = {o: tr(f"scoring.mot.{o}") for o in MOT_OPTIONS}


def metrics(touchpoints) -> None:
    scored = [tp for tp in touchpoints if scoring.is_scored(tp)]
    concentrate = [tp for tp in scored if scoring.quadrant(tp.importance, tp.performance) == scoring.CONCENTRATE]
    cols = st.columns(4)
    cols[0].metric(tr("scoring.metric.scored"),
                   tr("scoring.metric.scored_value", n=len(scored), total=len(touchpoints)),
                   help=tr("scoring.metric.scored_help"), border=True)
    cols[1].metric(tr("scoring.metric.to_score"), len(touchpoints) - len(scored),
                   help=tr("scoring.metric.to_score_help"), border=True)
    cols[2].metric(tr("scoring.metric.moments"), len(moments), help=tr("scoring.metric.moments_help"), border=True)
    cols[3].metric(tr("scoring.metric.concentrate"), len(concentrate),
                   help=tr("scoring.metric.concentrate_help"), border=True)

#: A row: the name, importance, performance, moment of truth; under them the
#: notes and the emotion (its five labelled choices need the width).
WIDTHS = [2.1, 2.5, 2.5, 2.5]
SECOND_LINE = [2.1, 7.5]


def column_heads() -> None:
    heads = st.columns(WIDTHS, vertical_alignment="bottom")
    for col, field in zip(heads, ("touchpoint", "importance", "performance", "moment_of_truth")):
        col.caption(f"**{tr(f'scoring.col.{field}')}**",
                    help=None if field == "touchpoint" else tr(f"scoring.help.{field}"))


def score_row(tp) -> None:
    """One touchpoint: its name, four one-click choices, and its notes."""
    base = f"scoring-{ws.id}-{tp.uid}"
    name = md(tp.name)
    typical = suggestions.suggested_importance(tp, library)

    def choice(field, options, fmt=str, value=None):
        key = f"{base}-{field}"
        if field != "moment_of_truth":
            value = getattr(tp, field)
        editing.one_click(tr(f"flow.score.{field}_of", name=name), options, key=key, value=value,
                          on_save=saver(tp.id, field, key, value, tp), format_func=fmt,
                          label_visibility="collapsed")

    cells = st.columns(WIDTHS, vertical_alignment="center")
    with cells[0]:
        st.markdown(f"**{name}**")
        if typical is not None:
            st.caption(tr("flow.score.suggested", n=typical), help=tr("flow.score.suggested_help"))
        else:
            st.caption(tr("flow.score.quadrant", quadrant=quadrant_of(tp)))
    with cells[1]:
        choice("importance", SCORES)
    with cells[2]:
        choice("performance", SCORES)
    with cells[3]:
        auto = tr("flow.score.auto_yes" if (tp.importance or 0) >= 4 else "flow.score.auto_no")
        labels = {**mot_labels, "auto": auto}
        choice("moment_of_truth", MOT_OPTIONS, labels.get, MOT_OPTION.get(tp.moment_of_truth, "auto"))
    notes_cell, emotion_cell = st.columns(SECOND_LINE, vertical_alignment="center")
    with emotion_cell:
        choice("emotion", EMOTIONS, emotion_labels.get)
    with notes_cell:
        noted = bool(tp.pain_points.strip() or tp.positives.strip())
        notes = st.popover(tr("flow.score.notes"), icon=":material/edit_note:", key=f"{base}-notes",
                           help=tr("flow.score.notes_help"), type="secondary" if noted else "tertiary",
                           on_change="rerun")
        if not notes.open:  # drawn only when opened: a click elsewhere does not pay for them
            return
        with notes:
            for field in ("pain_points", "positives"):
                key = f"{base}-{field}"
                editing.follow_store(key, getattr(tp, field))
                editing.text_input(tr(f"scoring.col.{field}"), key=key, value=getattr(tp, field),
                                   on_save=lambda v, f=field: store.update_touchpoints(ws.id, {tp.id: {f: v}}),
                                   area=False, help=tr(f"scoring.help.{field}"))


def show_rows(touchpoints) -> None:
    by_stage = {s.id: [tp for tp in touchpoints if tp.stage_id == s.id] for s in stages}
    with_tps = [s for s in stages if by_stage[s.id]]
    to_score = {s.id: sum(1 for tp in by_stage[s.id] if not scoring.is_scored(tp)) for s in with_tps}
    filters = {"all": tr("flow.score.all_stages", n=sum(1 for tp in touchpoints if not scoring.is_scored(tp)))}
    for s in with_tps:
        filters[s.id] = tr("flow.score.stage_filter", name=md(stage_names[s.id]), n=to_score[s.id])
    if st.session_state.get(SHOW) not in filters:
        st.session_state[SHOW] = "all"
    st.pills(tr("flow.score.show"), list(filters), key=SHOW, format_func=filters.get,
             help=tr("flow.score.show_help"), on_change=lambda: st.session_state.pop(PAGE, None))
    chosen = st.session_state.get(SHOW) or "all"
    shown = touchpoints if chosen == "all" else by_stage[chosen]
    pages = [(i, min(i + PAGE_SIZE, len(shown))) for i in range(0, len(shown), PAGE_SIZE)]
    if len(pages) > 1:
        labels = {n: tr("flow.score.page", first=a + 1, last=b, total=len(shown)) for n, (a, b) in enumerate(pages)}
        if st.session_state.get(PAGE) not in labels:
            st.session_state[PAGE] = 0
        st.segmented_control(tr("flow.score.pages"), list(labels), key=PAGE, format_func=labels.get,
                             help=tr("flow.score.pages_help"))
        first, last = pages[st.session_state.get(PAGE) or 0]
    else:
        first, last = 0, len(shown)
    current = None
    for tp in shown[first:last]:
        if tp.stage_id != current:
            current = tp.stage_id
            st.markdown(f"##### {md(stage_names.get(tp.stage_id, '?'))}")
            column_heads()
        with st.container(key=f"scoring-{ws.id}-{tp.uid}-row", border=True, gap="small"):
            score_row(tp)


def int_column(values) -> pd.Series:
    return pd.Series(values, dtype="Int64")


def show_table(touchpoints) -> None:
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
    table_emotions = {v: tr(f"emotion.{v}") for v in EMOTIONS}

    def score_column(field: str, lo: int, hi: int):
        return st.column_config.NumberColumn(
            tr(f"scoring.col.{field}"), help=tr(f"scoring.help.{field}"), min_value=lo, max_value=hi,
            step=1, format="%d", width=115)

    column_config = {
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
    editing.fixed_table_editor(
        EDITOR, frame, row_ids=[tp.id for tp in touchpoints], columns=EDITABLE, apply=save_scores,
        hide_index=True, column_config=column_config, placeholder=tr("scoring.not_scored"),
        height=min(38 + 35 * len(touchpoints), 560), alt=tr("scoring.table_title"),
    )


@st.fragment
def scores_part() -> None:
    """The metrics and the scores (rows or table): a click here reruns only
    this part (``rows_only``), unless it changes what the rest shows; then
    the whole page runs once more."""
    if st.session_state.pop(WHOLE, False):
        st.rerun(scope="app")
    touchpoints = session.workspace_data(ws.id).touchpoints  # read afresh after a save (session.read_again)
    metrics(touchpoints)
    head, switch = st.columns([3, 1], vertical_alignment="bottom")
    head.subheader(tr("scoring.table_title"), anchor=False)
    table_view = switch.toggle(tr("flow.score.table_view"), key=TABLE_VIEW, help=tr("flow.score.table_view_help"))
    if table_view:
        show_table(touchpoints)
    else:
        show_rows(touchpoints)


st.session_state.pop(WHOLE, None)  # this run is the whole page already
scores_part()

# -- where to act ------------------------------------------------------------------
# The charts are drawn only while their expander is open (on_change="rerun"):
# building them is most of a run's time on a large workspace. Open by default
# while the workspace is small enough for a click to redraw them quickly.
charts = st.expander(tr("scoring.charts_title"), expanded=len(touchpoints) <= CHARTS_OPEN_UP_TO,
                     icon=":material/scatter_plot:", key=f"scoring-{ws.id}-charts", on_change="rerun")
st.session_state[CHARTS_SHOWN] = charts.open
if charts.open:
    with charts:
        # Each spec is built (and validated by Altair) only when its data changed.
        options = session.chart_options(ws)
        for name, build in (("ipa", ipa_chart), ("emotion", emotion_chart)):
            spec = session.chart_spec(
                ws.id, f"scoring-{name}",
                lambda t, s, f, lg, o, build=build: build(t, s, framework=f, lang=lg, **o),
                touchpoints, stages, ws.framework, lang, options)
            session.vega_chart(spec, theme=None, key=f"scoring-{ws.id}-{name}", width=session.chart_width())

st.subheader(tr("scoring.moments_title"), anchor=False)
st.caption(tr("scoring.moments_caption"))
if not moments:
    st.info(tr("scoring.moments_empty"), icon=":material/flag:")
else:
    st.dataframe(
        pd.DataFrame({
            "stage": [stage_names.get(tp.stage_id, "?") for tp in moments],
            "name": [tp.name for tp in moments],
            "flag": [tp.moment_of_truth is not None for tp in moments],
            "quadrant": [quadrant_of(tp) for tp in moments],
            "gap": int_column([scoring.gap(tp.importance, tp.performance) for tp in moments]),
            "reason": [tr("scoring.reason_flag") if tp.moment_of_truth is not None
                       else tr("scoring.reason_auto", importance=tp.importance) for tp in moments],
        }),
        hide_index=True, key=f"scoring-{ws.id}-moments", placeholder=tr("scoring.not_scored"),
        column_config={
            "stage": st.column_config.TextColumn(tr("scoring.col.stage"), width="small"),
            "name": st.column_config.TextColumn(tr("scoring.col.touchpoint"), width="large"),
            "flag": st.column_config.CheckboxColumn(tr("flow.score.marked"), help=tr("flow.score.marked_help"),
                                                    width="small"),
            "quadrant": st.column_config.TextColumn(tr("scoring.col.quadrant"), width="medium"),
            "gap": st.column_config.NumberColumn(tr("scoring.col.gap"), help=tr("scoring.help.gap"),
                                                 format="%d", width="small"),
            "reason": st.column_config.TextColumn(tr("scoring.col.reason"), width="medium"),
        },
    )

session.next_step("scoring", ws)
