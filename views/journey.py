"""Map 2 · Journey: pick the framework, then adapt its stages (rename,
reorder, add, delete an empty one) and write, per stage, the customer's
goal, questions, actions and feelings. The journey is shown as columns,
one per stage, in order; every field is saved as soon as it is committed.

The parts live beside this page: ``journey_framework`` (the choice and its
confirmation), ``journey_stage`` (one stage's column)."""

from collections import Counter

import streamlit as st

from audit.model import InvalidValue
from views import journey_framework, journey_stage, keys, messages, session
from views.session import tr

store = session.store()
ws = session.require_workspace("journey")
session.page_header("journey", ws)
lang = session.lang()

data = session.workspace_data(ws.id)  # read once per change of the workspace, shared with the sidebar
stages = data.stages
counts = Counter(tp.stage_id for tp in data.touchpoints)

journey_framework.show(store, ws, stages, sum(counts.values()))


# -- stages -----------------------------------------------------------------------
@session.guarded
def add() -> None:
    name = st.session_state.get(keys.journey_new_stage(ws.id), "")
    try:
        stage = store.add_stage(ws.id, name)
    except InvalidValue as exc:
        journey_stage.report_refused(keys.journey_add(ws.id), exc, name)
    else:
        st.session_state[keys.journey_new_stage(ws.id)] = ""
        messages.toast("journey.added", icon=":material/add:", name=stage.name)


editing_stages = st.toggle(tr("journey.edit_stages"), key=keys.journey_edit(ws.id),
                           help=tr("journey.edit_stages_help"))
messages.show(keys.journey_stages(ws.id), keep=False)
with st.container(border=True):
    for n, (column, stage) in enumerate(zip(st.columns(len(stages), gap="small"), stages), 1):
        with column:
            journey_stage.column(store, ws, stage, n, len(stages), counts.get(stage.id, 0), lang, editing_stages)

# -- add a stage (while the stages are being edited) ----------------------------------
if editing_stages:
    with st.form(keys.journey_add_form(ws.id), clear_on_submit=False, border=False):
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.text_input(tr("journey.add"), key=keys.journey_new_stage(ws.id), placeholder=tr("journey.add_placeholder"),
                          help=tr("journey.add_help"), width=320)
            st.form_submit_button(tr("journey.add_button"), key=keys.journey_add(ws.id), icon=":material/add:",
                                  on_click=add)
messages.show(keys.journey_add(ws.id), keep=False)

session.next_step("journey", ws)
