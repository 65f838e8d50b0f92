"""The Journey page's framework choice. A switch that would delete the
user's text (``audit.journey.switching_loses_text``) waits for a
confirmation; a switch the store refuses (the journey has touchpoints) says
why, once."""

from __future__ import annotations

import streamlit as st

from audit.frameworks import FRAMEWORKS
from audit.journey import switching_loses_text
from audit.model import InvalidValue
from views import editing, keys, messages, session
from views.journey_stage import report_refused
from views.session import tr


def framework_names() -> dict[str, str]:
    return {f: tr(f"framework.{f}") for f in FRAMEWORKS}


@session.guarded
def switch(store, ws, framework: str, names: dict[str, str]) -> None:
    st.session_state.pop(keys.journey_framework(ws.id, "pending"), None)
    try:
        store.set_framework(ws.id, framework)
    except InvalidValue as exc:
        report_refused(keys.journey_framework(ws.id), exc, names.get(framework, framework))
        st.session_state[keys.journey_framework(ws.id)] = ws.framework
    else:
        messages.clear(keys.journey_framework(ws.id))
        messages.toast("journey.framework_changed", framework=names[framework])


def chosen(store, ws, stages, n_touchpoints: int, names: dict[str, str]) -> None:
    wanted = st.session_state[keys.journey_framework(ws.id)]
    if wanted == ws.framework:
        st.session_state.pop(keys.journey_framework(ws.id, "pending"), None)
    elif not switching_loses_text(stages, n_touchpoints):
        switch(store, ws, wanted, names)  # the store decides; a refusal is reported
    else:
        st.session_state[keys.journey_framework(ws.id, "pending")] = wanted  # it would delete text: ask first


def keep(ws) -> None:
    st.session_state.pop(keys.journey_framework(ws.id, "pending"), None)
    st.session_state[keys.journey_framework(ws.id)] = ws.framework


def show(store, ws, stages, n_touchpoints: int) -> None:
    radio, pending_key = keys.journey_framework(ws.id), keys.journey_framework(ws.id, "pending")
    names = framework_names()
    editing.follow_store(radio, ws.framework)
    if radio not in st.session_state:
        st.session_state[radio] = ws.framework
    st.radio(tr("journey.framework"), list(FRAMEWORKS), key=radio, horizontal=True, format_func=names.get,
             help=tr("journey.framework_help"), on_change=chosen, args=(store, ws, stages, n_touchpoints, names))
    if n_touchpoints:
        st.caption(":material/lock: " + tr("journey.framework_locked", n=n_touchpoints),
                   help=tr("journey.framework_locked_why"))
    if messages.show(radio, icon=":material/lock:", keep=False):
        st.info(tr("journey.framework_locked_why"), icon=":material/lightbulb:")
    pending = st.session_state.get(pending_key)
    if pending and st.session_state[radio] != pending:  # the choice was reset meanwhile (page left, other session)
        st.session_state.pop(pending_key)
        pending = None
    if pending:
        st.warning(tr("journey.framework_confirm", framework=names[pending]), icon=":material/warning:")
        with st.container(horizontal=True):
            st.button(tr("journey.framework_yes"), key=keys.journey_framework(ws.id, "yes"), type="primary",
                      on_click=switch, args=(store, ws, pending, names))
            st.button(tr("journey.framework_no"), key=keys.journey_framework(ws.id, "no"), on_click=keep,
                      args=(ws,))
