"""The Touchpoints page's quick capture: one touchpoint per line, added to
the stage in one transaction; names the stage already has are skipped and
said so."""

from __future__ import annotations

import streamlit as st

from audit import suggestions
from audit.model import InvalidValue
from views import keys, messages, session
from views.session import md, tr
from views.touchpoints_state import Inventory, plural_key


@session.guarded
def capture(inv: Inventory, stage_id: int, stage_name: str) -> None:
    store, ws = inv.store, inv.ws
    area_key = keys.tp_quick(ws.id, stage_id)
    existing = [tp.name for tp in store.touchpoints(ws.id, stage_id)]
    plan = suggestions.plan_quick_capture(st.session_state.get(area_key), stage_id=stage_id, existing=existing)
    if plan.empty and not plan.skipped:
        messages.report(area_key, tr("touchpoints.quick.nothing"))
        return
    try:
        if plan.rows:
            store.add_touchpoints(ws.id, plan.rows)
    except InvalidValue as exc:
        messages.report(area_key, exc)
        return
    messages.clear(area_key)
    st.session_state[area_key] = ""
    if plan.rows:
        messages.toast(plural_key("touchpoints.quick.added", len(plan.rows)), n=len(plan.rows), stage=stage_name)
    if plan.skipped:
        messages.toast("touchpoints.quick.skipped", icon=session.ICON_INFO, stage=stage_name,
                       names=", ".join(plan.skipped))


def show(inv: Inventory, stage) -> None:
    area_key = keys.tp_quick(inv.ws.id, stage.id)
    name = inv.names[stage.id]
    with st.container(border=True):
        st.markdown(f"**{tr('touchpoints.quick.title')}**")
        st.text_area(tr("touchpoints.quick.label"), key=area_key, height=120,
                     placeholder=tr("touchpoints.quick.placeholder"), help=tr("touchpoints.quick.help"))
        st.button(tr("touchpoints.quick.button", stage=md(name)), key=keys.tp_quick_add(inv.ws.id, stage.id),
                  icon=":material/playlist_add:", on_click=capture, args=(inv, stage.id, name))
        messages.show(area_key)
