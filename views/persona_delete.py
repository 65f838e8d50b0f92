"""Deleting a secondary persona on the Persona page: "Delete", then a
confirmation naming it (``messages.ask_confirm``: one delete waits at a time)."""

from __future__ import annotations

import streamlit as st

from audit.model import Persona
from views import keys, messages, session
from views.session import md, tr


def token(persona: Persona) -> str:
    return keys.confirm_delete("persona", persona.uid)


@session.guarded
def delete(store, ws, persona: Persona, name: str) -> None:
    store.delete_persona(ws.id, persona.id)
    messages.done_confirm()
    st.session_state.pop(keys.persona_open(ws.id), None)
    messages.toast("persona.deleted", icon=":material/delete:", name=name)


def control(store, ws, persona: Persona, name: str) -> None:
    """"Delete", or the question and its two answers while it waits."""
    if messages.confirming(token(persona)):
        st.warning(tr("persona.confirm_delete", name=md(name)), icon=":material/delete:")
        with st.container(horizontal=True):
            st.button(tr("persona.delete_yes"), key=keys.persona_delete(ws.id, persona.uid, "yes"),
                      type="primary", on_click=delete, args=(store, ws, persona, name))
            st.button(tr("persona.delete_no"), key=keys.persona_delete(ws.id, persona.uid, "no"),
                      on_click=messages.done_confirm)
    else:
        st.button(tr("persona.delete"), key=keys.persona_delete(ws.id, persona.uid), icon=":material/delete:",
                  type="tertiary", on_click=messages.ask_confirm, args=(token(persona),))
