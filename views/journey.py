"""Map 2 · Journey: pick the framework, then adapt its stages (rename,
reorder, add, delete an empty one) and write, per stage, the customer's
goal, questions, actions and feelings. The journey is shown as columns,
one per stage, in order; every field is saved as soon as it is committed."""

from collections import Counter

import streamlit as st

from audit.frameworks import FRAMEWORKS, default_stage_name
from audit.journey import switching_loses_text
from audit.model import STAGE_TEXT_FIELDS, InvalidValue, Stage
from views import editing, session
from views.session import Keys, md, tr

store = session.store()
ws = session.require_workspace("journey")
session.page_header("journey", ws)
lang = session.lang()

FRAMEWORK = f"journey-{ws.id}-framework"
PENDING = f"journey-{ws.id}-framework-pending"  # a switch waiting for confirmation
NEW_STAGE = f"journey-{ws.id}-new-stage"
STAGES_ERROR = f"journey-{ws.id}-stages"  # where a refused delete is reported
ADD_ERROR = f"journey-{ws.id}-add"  # where a refused new stage is reported
FRAMEWORK_NAMES = {f: tr(f"framework.{f}") for f in FRAMEWORKS}


def field_key(stage: Stage, name: str) -> str:
    return f"journey-{ws.id}-{stage.uid}-{name}"



def stage_name(stage: Stage) -> str:
    return stage.display_name(ws.framework, lang)


def report(where: str, exc: InvalidValue, value: str) -> None:
    """A refused change, worded with what the user sees (not an internal id)."""
    shown = InvalidValue(column=exc.column, value=md(value), rule=exc.rule, **exc.params) if exc.rule else exc
    st.session_state.setdefault(Keys.ERRORS, {})[where] = session.error_text(shown)


def clear(where: str) -> None:
    st.session_state.get(Keys.ERRORS, {}).pop(where, None)


def problem(where: str) -> str | None:
    """A refused change to show once (the next run shows the page as it is)."""
    return st.session_state.get(Keys.ERRORS, {}).pop(where, None)


stages = store.stages(ws.id)
counts = Counter(tp.stage_id for tp in store.touchpoints(ws.id))
n_touchpoints = sum(counts.values())


# -- framework --------------------------------------------------------------------
@session.guarded
def switch_framework(framework: str) -> None:
    st.session_state.pop(PENDING, None)
    try:
        store.set_framework(ws.id, framework)
    except InvalidValue as exc:
        report(FRAMEWORK, exc, FRAMEWORK_NAMES.get(framework, framework))
        st.session_state[FRAMEWORK] = ws.framework
    else:
        clear(FRAMEWORK)
        session.toast_later(tr("journey.framework_changed", framework=FRAMEWORK_NAMES[framework]))


def framework_chosen() -> None:
    wanted = st.session_state[FRAMEWORK]
    if wanted == ws.framework:
        st.session_state.pop(PENDING, None)
    elif not switching_loses_text(stages, n_touchpoints):
        switch_framework(wanted)  # the store decides; a refusal is reported
    else:
        st.session_state[PENDING] = wanted  # it would delete the user's text: ask first


def keep_framework() -> None:
    st.session_state.pop(PENDING, None)
    st.session_state[FRAMEWORK] = ws.framework


editing.follow_store(FRAMEWORK, ws.framework)
if FRAMEWORK not in st.session_state:
    st.session_state[FRAMEWORK] = ws.framework
st.radio(tr("journey.framework"), list(FRAMEWORKS), key=FRAMEWORK, horizontal=True,
         format_func=FRAMEWORK_NAMES.get, help=tr("journey.framework_help"), on_change=framework_chosen)
if n_touchpoints:
    st.caption(":material/lock: " + tr("journey.framework_locked", n=n_touchpoints), help=tr("journey.framework_locked_why"))
refused = problem(FRAMEWORK)
if refused:
    st.error(refused, icon=":material/lock:")
    st.info(tr("journey.framework_locked_why"), icon=":material/lightbulb:")
pending = st.session_state.get(PENDING)
if pending and st.session_state[FRAMEWORK] != pending:  # the choice was reset meanwhile (page left, other session)
    st.session_state.pop(PENDING)
    pending = None
if pending:
    st.warning(tr("journey.framework_confirm", framework=FRAMEWORK_NAMES[pending]), icon=":material/warning:")
    with st.container(horizontal=True):
        st.button(tr("journey.framework_yes"), key=f"journey-{ws.id}-framework-yes", type="primary",
                  on_click=switch_framework, args=(pending,))
        st.button(tr("journey.framework_no"), key=f"journey-{ws.id}-framework-no", on_click=keep_framework)


# -- stages -----------------------------------------------------------------------
@session.guarded
def move(stage: Stage, delta: int) -> None:
    clear(STAGES_ERROR)
    store.move_stage(ws.id, stage.id, delta)
    session.toast_later(tr("journey.moved"), icon=":material/swap_horiz:")


@session.guarded
def delete(stage: Stage) -> None:
    name = stage_name(stage)
    try:
        store.delete_stage(ws.id, stage.id)
    except InvalidValue as exc:
        report(STAGES_ERROR, exc, name)
    else:
        clear(STAGES_ERROR)
        session.toast_later(tr("journey.deleted", name=md(name)), icon=":material/delete:")


@session.guarded
def add() -> None:
    name = st.session_state.get(NEW_STAGE, "")
    try:
        stage = store.add_stage(ws.id, name)
    except InvalidValue as exc:
        report(ADD_ERROR, exc, name)
    else:
        st.session_state[NEW_STAGE] = ""
        session.toast_later(tr("journey.added", name=md(stage.name)), icon=":material/add:")


def saver(stage: Stage, name: str):
    def save(value: str) -> None:
        store.update_stage(ws.id, stage.id, **{name: value})
    return save


def touchpoint_count(stage: Stage) -> str:
    n = counts.get(stage.id, 0)
    if n == 0:
        return tr("journey.touchpoints_none")
    return tr("journey.touchpoints_one") if n == 1 else tr("journey.touchpoints", n=n)


def stage_column(stage: Stage, n: int, last: int) -> None:
    st.caption(f"{tr('journey.stage_number', n=n)} · {session.PAGE_ICONS['touchpoints']} {counts.get(stage.id, 0)}", help=touchpoint_count(stage))
    st.markdown(f"**{md(stage_name(stage))}**", wrap=False)
    with st.container(horizontal=True, gap="xxsmall"):
        st.button("", icon=":material/chevron_left:", key=f"journey-{ws.id}-{stage.uid}-left",
                  help=tr("journey.move_left"), disabled=n == 1, on_click=move, args=(stage, -1), type="tertiary")
        st.button("", icon=":material/chevron_right:", key=f"journey-{ws.id}-{stage.uid}-right",
                  help=tr("journey.move_right"), disabled=n == last, on_click=move, args=(stage, 1), type="tertiary")
        with st.popover("", icon=":material/edit:", help=tr("journey.edit"), type="tertiary",
                        key=f"journey-{ws.id}-{stage.uid}-menu"):
            default = default_stage_name(ws.framework, stage.key, lang)
            key = field_key(stage, "name")
            editing.follow_store(key, stage.name)
            editing.text_input(
                tr("journey.name"), key=key, value=stage.name, on_save=saver(stage, "name"), area=False,
                placeholder=default or tr("journey.add_placeholder"),
                help=tr("journey.name_help", default=default) if default else tr("journey.custom_name_help"),
            )
            st.caption(touchpoint_count(stage))
            st.button(tr("journey.delete"), key=f"journey-{ws.id}-{stage.uid}-delete", icon=":material/delete:",
                      help=tr("journey.delete_help"), on_click=delete, args=(stage,))
    for name in STAGE_TEXT_FIELDS:
        key = field_key(stage, name)
        editing.follow_store(key, getattr(stage, name))
        editing.text_input(
            tr(f"journey.label.{name}"), key=key, value=getattr(stage, name), on_save=saver(stage, name),
            placeholder=tr(f"journey.placeholder.{name}"), help=tr(f"journey.help.{name}"), height=120,
        )


refused = problem(STAGES_ERROR)
if refused:
    st.error(refused, icon=":material/warning:")
with st.container(border=True):
    for n, (column, stage) in enumerate(zip(st.columns(len(stages), gap="small"), stages), 1):
        with column:
            stage_column(stage, n, len(stages))

# -- add a stage --------------------------------------------------------------------
with st.form(f"journey-{ws.id}-add-form", clear_on_submit=False, border=False):
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input(tr("journey.add"), key=NEW_STAGE, placeholder=tr("journey.add_placeholder"),
                      help=tr("journey.add_help"), width=320)
        st.form_submit_button(tr("journey.add_button"), key=f"journey-{ws.id}-add", icon=":material/add:", on_click=add)
refused = problem(ADD_ERROR)
if refused:
    st.error(refused, icon=":material/warning:")

session.next_step("journey", ws)
