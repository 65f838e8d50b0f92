"""The Touchpoints page's suggestions from the industry's checklist pack:
one "Add" per suggestion, "Add all suggestions" per stage (above the full
list and in the stage's tab), each added once however often a click is
reported, all of a stage in one transaction."""

from __future__ import annotations

import streamlit as st

from audit import suggestions
from views import keys, messages, session
from views.session import md, tr
from views.touchpoints_state import Inventory, channel_labels, plural_key


# -- actions (callbacks: they run before the page, so it shows their result) --
@session.guarded
def accept_suggestion(inv: Inventory, stage_id: int, suggestion_key: str) -> None:
    """Add a suggestion once, however often its button reports a click."""
    store, ws = inv.store, inv.ws
    suggestion = next((s for s in (inv.pack.touchpoints if inv.pack else []) if s.key == suggestion_key), None)
    if suggestion is None:
        return
    if not suggestions.remaining([suggestion], store.touchpoints(ws.id), stage_id=stage_id):
        return
    store.add_touchpoints(ws.id, [suggestions.from_suggestion(suggestion, stage_id=stage_id, lang=ws.lang)])
    messages.toast("touchpoints.suggest.added", name=suggestion.name(ws.lang))


@session.guarded
def accept_all(inv: Inventory, stage_id: int, stage_name: str) -> None:
    """Every suggestion still offered for the stage, in one transaction; a
    second click (or a double report) adds nothing."""
    store, ws = inv.store, inv.ws
    stage = next((s for s in store.stages(ws.id) if s.id == stage_id), None)
    if stage is None or inv.pack is None or not stage.key:
        return
    rows = suggestions.plan_add_all(inv.pack.touchpoints_for(ws.framework, stage.key), store.touchpoints(ws.id),
                                    stage_id=stage_id, lang=ws.lang)
    if rows:
        store.add_touchpoints(ws.id, rows)
        messages.toast(plural_key("touchpoints.quick.added", len(rows)), n=len(rows), stage=stage_name)


# -- drawing -------------------------------------------------------------------
def offered_for(inv: Inventory, stage) -> list:
    """The suggestions still offered for ``stage``."""
    suggested = inv.suggested(stage)
    return suggestions.remaining(suggested, inv.taken, stage_id=stage.id) if suggested else []


def add_all_button(inv: Inventory, stage, *, where: str) -> None:
    offered = offered_for(inv, stage)
    if not offered:
        return
    name = inv.names[stage.id]
    st.button(tr("flow.tp.add_all", n=len(offered), stage=md(name)), key=keys.tp_add_all(inv.ws.id, stage.id, where),
              icon=":material/playlist_add:", help=tr("flow.tp.add_all_help"),
              on_click=accept_all, args=(inv, stage.id, name), type="primary" if where == "tab" else "secondary")


def add_all_row(inv: Inventory) -> None:
    """One "Add all suggestions" per stage, above the full list."""
    with st.container(horizontal=True, key=keys.tp_add_all_row(inv.ws.id)):
        for stage in inv.stages:
            add_all_button(inv, stage, where="all")


def show(inv: Inventory, stage) -> None:
    """The stage's suggestions still to add, each with its "Add"."""
    ws = inv.ws
    with st.container(border=True):
        st.markdown(f"**{tr('touchpoints.suggest.title')}**")
        if not inv.suggested(stage):
            st.caption(tr("touchpoints.suggest.custom_stage"))
            return
        offered = offered_for(inv, stage)
        if not offered:
            st.caption(tr("touchpoints.suggest.none_left"))
            return
        st.caption(tr("touchpoints.suggest.caption", industry=md(inv.pack.name(inv.lang))))
        add_all_button(inv, stage, where="tab")
        labels = channel_labels()
        for suggestion in offered:
            name = suggestion.name(ws.lang)
            text, action = st.columns([3, 1], vertical_alignment="center", gap="small")
            with text:
                st.markdown(f"**{md(name)}**")
                st.caption(tr("touchpoints.suggest.meta", channel=labels[suggestion.channel],
                              owner=md(suggestion.owner(ws.lang)), kpi=md(suggestion.kpi(ws.lang))))
            with action:
                st.button(tr("touchpoints.suggest.add"), key=keys.tp_suggest(ws.id, stage.id, suggestion.key),
                          icon=":material/add:", help=tr("touchpoints.suggest.add_help", name=md(name)),
                          on_click=accept_suggestion, args=(inv, stage.id, suggestion.key), width="stretch")
