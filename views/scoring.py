"""Audit 2 — score each touchpoint: importance, performance, emotion, moment
of truth, pain points, positives. Shows the importance–performance matrix,
the emotion curve and the moments of truth (DESIGN.md, Scoring model).

Scoring at the speed of talk: grouped by stage, each touchpoint is a row of
one-click choices, saved in the widget's callback (``views/scoring_rows.py``);
"Table view" shows the same scores as one spreadsheet
(``views/scoring_table.py``). Both are drawn in one fragment with the
metrics: a click reruns only that part unless it changes what the rest
shows. The charts below are drawn in the same run, so they always show what
the store holds.
"""

import pandas as pd
import streamlit as st

from audit import scoring
from audit.charts import emotion_chart, ipa_chart
from views import keys, scoring_rows, scoring_table, session
from views.scoring_rows import quadrant_of
from views.scoring_table import int_column
from views.session import Keys, tr

store = session.store()
library = session.library()
ws = session.require_workspace("scoring")
session.page_header("scoring", ws)
lang = session.lang()

CHARTS_SHOWN = keys.scoring(ws.id, "charts-shown")  # the charts were drawn in the last whole run
#: The charts start open up to this many touchpoints (see "where to act").
CHARTS_OPEN_UP_TO = 60

data = session.workspace_data(ws.id)  # read once per run, shared with the sidebar
stages = data.stages
touchpoints = data.touchpoints  # journey order
stage_names = {s.id: s.display_name(ws.framework, lang) for s in stages}
quadrant_names = {q: tr(f"quadrant.{q}") for q in (*scoring.QUADRANTS, "to_score")}

with st.expander(tr("scoring.model.title"), icon=session.ICON_INFO):
    st.markdown(tr("scoring.model.body", **quadrant_names))

if not touchpoints:
    st.info(tr("scoring.empty"), icon=session.PAGE_ICONS["touchpoints"])
    st.page_link("views/touchpoints.py", label=tr("scoring.go_touchpoints"), icon=session.PAGE_ICONS["touchpoints"])
    st.stop()

# -- where the audit stands -----------------------------------------------------
moments = [tp for tp in touchpoints if scoring.is_moment_of_truth(tp)]


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


def moments_frame(moments, stage_names: dict) -> pd.DataFrame:
    return pd.DataFrame({
        "stage": [stage_names.get(tp.stage_id, "?") for tp in moments],
        "name": [tp.name for tp in moments],
        "flag": [tp.moment_of_truth is not None for tp in moments],
        "quadrant": [quadrant_of(tp) for tp in moments],
        "gap": int_column([scoring.gap(tp.importance, tp.performance) for tp in moments]),
        "reason": [tr("scoring.reason_flag") if tp.moment_of_truth is not None
                   else tr("scoring.reason_auto", importance=tp.importance) for tp in moments],
    })


@st.fragment
def scores_part() -> None:
    """The metrics and the scores (rows or table): a change of the filter,
    the page of rows or the table reruns only this part; a click in a row
    reruns only that row (``scoring_rows.row_only``), unless it changes what
    the rest shows; then the whole page runs once more."""
    if scoring_rows.whole_page_wanted(ws.id):  # a click changed more than the scores part
        st.rerun(scope="app")
    touchpoints = session.workspace_data(ws.id).touchpoints  # read afresh after a save (session.read_again)
    metrics(touchpoints)
    head, switch = st.columns([3, 1], vertical_alignment="bottom")
    head.subheader(tr("scoring.table_title"), anchor=False)
    table_view = switch.toggle(tr("flow.score.table_view"), key=keys.scoring(ws.id, "table-view"),
                               help=tr("flow.score.table_view_help"))
    if table_view:
        scoring_table.show(ws.id, touchpoints, stage_names)
    else:
        scoring_rows.show(ws.id, stages, touchpoints, stage_names)


scoring_rows.whole_page_wanted(ws.id)  # this run is the whole page already: the flag is taken
scores_part()

# -- where to act ------------------------------------------------------------------
# The charts are drawn only while their expander is open (on_change="rerun"):
# building them is most of a run's time on a large workspace. Open by default
# while the workspace is small enough for a click to redraw them quickly.
charts = st.expander(tr("scoring.charts_title"), expanded=len(touchpoints) <= CHARTS_OPEN_UP_TO,
                     icon=":material/scatter_plot:", key=keys.scoring(ws.id, "charts"), on_change="rerun")
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
            session.vega_chart(spec, theme=None, key=keys.scoring(ws.id, name), width=session.chart_width())

st.subheader(tr("scoring.moments_title"), anchor=False)
st.caption(tr("scoring.moments_caption"))
if not moments:
    st.info(tr("scoring.moments_empty"), icon=":material/flag:")
else:
    # A pure function of the moments, kept while they stay the same (issue 11)
    frame = session.kept_under(Keys.MOMENTS_FRAME, (tuple(moments), tuple(stage_names.items()), lang),
                               lambda: moments_frame(moments, stage_names), share=ws.id)
    st.dataframe(
        frame,
        hide_index=True, key=keys.scoring(ws.id, "moments"), placeholder=tr("scoring.not_scored"),
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
