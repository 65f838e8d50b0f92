"""The "Share" tab of a workspace's menu on Home (accounts mode): staff
share a workspace with client e-mails, who then see only what is shared with
them (``audit.access``)."""

from __future__ import annotations

import streamlit as st

from audit import access as rules
from audit.model import InvalidValue
from views import keys, messages, session
from views.session import tr


def panel(ws) -> None:
    """Staff (accounts mode) share a workspace with client e-mails; drawn in the
    tab only for a viewer who may share it (``home_workspaces.menu``)."""
    store = session.store()
    emails = store.shares(ws.id)
    st.caption(tr("access.share.help"))
    for n, email in enumerate(emails):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.text(email)
        if right.button(tr("access.share.remove"), key=keys.share(ws.slug, "remove", n), icon=":material/close:"):
            if session.access().can_share(ws):
                store.unshare_workspace(ws.id, email)
                messages.toast("access.share.removed", email=email)
            st.rerun()
    key = keys.share(ws.slug, "email")
    with st.form(keys.share(ws.slug, "form"), clear_on_submit=True, border=False):
        st.text_input(tr("access.share.email"), key=key, placeholder=tr("access.share.placeholder"))
        submitted = st.form_submit_button(tr("access.share.add"), key=keys.share(ws.slug, "add"), type="primary")
    if submitted:
        email = st.session_state.get(key, "")
        try:
            session.access().require("share", ws)
            store.share_workspace(ws.id, email)
        except InvalidValue:
            st.error(messages.text("access.share.bad_email", email=email), icon=":material/error:")
        except rules.Refused:
            st.error(tr("access.refused_action"), icon=":material/lock:")
        else:
            messages.toast("access.share.added", email=rules.normalise_email(email), name=ws.name)
            st.rerun()
