"""The Report page's agency panel: the agency's name, accent colour and
logo, kept once for the whole database (every workspace's report), each
saved at once. Only for a viewer who sees everything (not a client user)."""

import hashlib

import streamlit as st

from audit import agency as agency_rules
from audit.model import InvalidValue
from views import editing, keys, messages, session
from views.session import tr

ICON = ":material/error:"


@session.guarded
def save_agency(field: str) -> None:
    key = keys.report_agency(field)
    try:
        session.store().set_agency(**{field: st.session_state[key]})
    except InvalidValue as exc:
        messages.report(key, exc)
    else:
        messages.clear(key)
        messages.saved()


@session.guarded
def remove_logo() -> None:
    session.store().set_agency(logo=None)
    messages.saved()


def upload_logo() -> None:
    upload_key = keys.report_agency("logo")
    upload = st.file_uploader(tr("report.ui.logo", kb=agency_rules.MAX_LOGO_BYTES // 1024), type=["png", "svg"],
                              key=upload_key, help=tr("report.ui.logo_help"))
    if upload is not None:
        raw = upload.getvalue()
        digest = hashlib.sha256(raw).hexdigest()
        seen = st.session_state.setdefault(session.Keys.IMPORTED, set())
        if digest not in seen:  # the uploader keeps its file across reruns: save it once
            seen.add(digest)
            try:
                session.store().set_agency(logo=raw)
            except InvalidValue as exc:
                messages.report(upload_key, exc)
            else:
                messages.clear(upload_key)
                messages.toast("report.ui.logo_saved")
                st.rerun()
    messages.show(upload_key, icon=ICON)


def show(agency) -> None:
    """The panel, for ``agency`` as the store holds it."""
    st.subheader(tr("report.ui.agency"))
    st.caption(tr("report.ui.agency_help"))
    for field, widget in (("name", st.text_input), ("accent", st.color_picker)):
        key = keys.report_agency(field)
        stored = getattr(agency, field)
        editing.follow_store(key, stored)
        if key not in st.session_state:
            st.session_state[key] = stored
        label = tr("report.ui.agency_name") if field == "name" else tr("report.ui.accent")
        widget(label, key=key, on_change=save_agency, args=(field,))
        messages.show(key, icon=ICON)
    upload_logo()
    if agency.logo:
        st.image(agency.logo, width=160)  # a PNG the store wrote (audit.agency), never the upload
        st.button(tr("report.ui.logo_remove"), key=keys.report_agency("logo-remove"), icon=":material/delete:",
                  on_click=remove_logo)
