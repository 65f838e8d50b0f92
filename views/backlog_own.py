"""The Backlog page's own-item form: an idea of the user's, added to the
backlog with its own scores, owner and date."""

import streamlit as st

from audit.model import FIELDS, InvalidValue
from views import keys, messages, session
from views.session import tr

#: The form's fields and their empty values.
DEFAULTS = {"title": "", "detail": "", "impact": 5, "confidence": 5, "ease": 5, "owner": "", "due": None}


def clear_form(ws_id: int) -> None:
    """Set (not drop) each field: the browser only resets a widget it is told a value for."""
    for name, value in DEFAULTS.items():
        st.session_state[keys.backlog_new(ws_id, name)] = value


@session.guarded
def add_own_item(ws_id: int) -> None:
    state = st.session_state
    field = {name: keys.backlog_new(ws_id, name) for name in DEFAULTS}
    due = state.get(field["due"])
    problem = keys.backlog(ws_id, "new-error")
    try:
        session.store().add_manual_item(
            ws_id, title=state.get(field["title"], ""), detail=state.get(field["detail"], ""),
            impact=state.get(field["impact"]), confidence=state.get(field["confidence"]),
            ease=state.get(field["ease"]), owner=state.get(field["owner"], ""),
            due_date=due.isoformat() if due else "",
        )
    except InvalidValue as exc:
        messages.report(problem, exc)
        return
    messages.clear(problem)
    messages.toast("backlog.own.added", title=state.get(field["title"], "").strip())
    clear_form(ws_id)


def show(ws_id: int, *, expanded: bool) -> None:
    """The "add your own item" expander and its form."""
    own = st.expander(tr("backlog.own.title"), icon=":material/add:", expanded=expanded,
                      key=keys.backlog(ws_id, "own"), on_change="rerun")
    if not own.open:  # the form is drawn only while open: a run of the page does not pay for it
        return
    field = {name: keys.backlog_new(ws_id, name) for name in DEFAULTS}
    for name, value in DEFAULTS.items():
        st.session_state.setdefault(field[name], value)
    with own:
        st.caption(tr("backlog.own.help"))
        with st.form(keys.backlog(ws_id, "new"), border=False):
            st.text_input(tr("backlog.col.title"), key=field["title"], placeholder=tr("backlog.own.title_placeholder"))
            st.text_area(tr("backlog.col.detail"), key=field["detail"], height=90)
            ice = st.columns(3)
            for col, name in zip(ice, ("impact", "confidence", "ease")):
                col.number_input(tr(f"backlog.col.{name}"), min_value=FIELDS["backlog"][name].lo,
                                 max_value=FIELDS["backlog"][name].hi, value=None, step=1,
                                 key=field[name], help=tr(f"backlog.help.{name}"))
            who, when = st.columns(2)
            who.text_input(tr("backlog.col.owner"), key=field["owner"])
            when.date_input(tr("backlog.col.due_date"), value=None, key=field["due"],
                            format=tr("backlog.date_widget"))
            st.form_submit_button(tr("backlog.own.submit"), type="primary", on_click=add_own_item, args=(ws_id,))
        messages.show(keys.backlog(ws_id, "new-error"))
