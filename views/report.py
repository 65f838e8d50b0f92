"""Build 3 — the client report: choose the sections, preview, download.

The report itself is ``audit.report`` (the same as ``python -m audit
report``). The sections and the number of backlog items are remembered per
workspace; the agency's name, accent colour and logo are kept once for the
whole database. Every change is saved at once (widget callbacks).

The preview is the generated HTML — every user text in it already escaped by
``audit.report`` — shown in an iframe loaded from a ``data:`` URL, so it runs
in an origin of its own, apart from the app.
"""

import base64
import hashlib

import streamlit as st

from audit import agency as agency_rules
from audit import backlog, report
from audit.i18n import normalise_lang
from audit.model import InvalidValue
from views import editing, session
from views.session import md, tr

store = session.store()
ws = session.require_workspace("report")
library = session.library()
PREFIX = f"report-{ws.id}"
AGENCY = "report-agency"  # the agency's widgets: the same for every workspace

st.caption(tr("app.step_of", phase=tr("nav.build"), n=len(session.STEP_PAGES) + 1,
              total=len(session.STEP_PAGES) + 1, workspace=md(ws.name)))
st.title(tr("nav.report"))
st.markdown(tr("report.intro"))
st.caption(tr("report.ui.language", lang=session.LANG_NAMES[normalise_lang(ws.lang)]))


def remember_error(key: str, exc: InvalidValue | None) -> None:
    errors = st.session_state.setdefault(session.Keys.ERRORS, {})
    if exc is None:
        errors.pop(key, None)
    else:
        errors[key] = session.error_text(exc)


def show_error(key: str) -> None:
    problem = st.session_state.get(session.Keys.ERRORS, {}).get(key)
    if problem:
        st.error(md(problem), icon=":material/error:")


settings = store.report_settings(ws.id)
chosen = report.clean_sections(settings["sections"]) if settings["sections"] is not None \
    else list(report.available_sections())
top_n = settings["top_n"] or report.DEFAULT_TOP_N
agency = store.agency()

# The agency's settings are the agency's: a client user (accounts mode) only
# chooses what goes in their report.
edits_agency = session.access().sees_everything
choose_side, agency_side = st.columns([0.55, 0.45], gap="large") if edits_agency else (st.container(), None)

# -- sections (per workspace) -------------------------------------------------------------
with choose_side:
    st.subheader(tr("report.ui.sections"))
    st.caption(tr("report.ui.sections_help"))

    @session.guarded
    def save_sections() -> None:
        picked = [s for s in report.available_sections() if st.session_state.get(f"{PREFIX}-s-{s}")]
        store.set_report_settings(ws.id, sections=picked)
        session.toast_later(tr("app.saved"))

    left, right = st.columns(2)
    for i, section in enumerate(report.available_sections()):
        key = f"{PREFIX}-s-{section}"
        editing.follow_store(key, section in chosen)
        if key not in st.session_state:
            st.session_state[key] = section in chosen
        (left if i % 2 == 0 else right).checkbox(tr(f"report.section.{section}"), key=key,
                                                 on_change=save_sections)
    snapshots = store.snapshots(ws.id)
    if "compare" in chosen and snapshots:
        since_key = f"{PREFIX}-since"
        latest = snapshots[-1]
        options = [0] + [s.id for s in reversed(snapshots)]  # 0: always the latest
        names = {s.id: f"{s.label or tr('compare.unnamed', id=s.id)} · {s.taken_at[:10]}" for s in snapshots}
        names[0] = tr("report.ui.since_latest", name=names[latest.id])
        stored = settings["snapshot"] if settings["snapshot"] in names else 0
        editing.follow_store(since_key, stored)
        if since_key not in st.session_state or st.session_state[since_key] not in names:
            st.session_state[since_key] = stored

        @session.guarded
        def save_since() -> None:
            store.set_report_settings(ws.id, snapshot=int(st.session_state[since_key]))
            session.toast_later(tr("app.saved"))

        st.selectbox(tr("report.ui.since"), options, key=since_key, format_func=names.get,
                     help=tr("report.ui.since_help"), on_change=save_since)

    @session.guarded
    def save_top() -> None:
        store.set_report_settings(ws.id, top_n=int(st.session_state[f"{PREFIX}-top"]))
        session.toast_later(tr("app.saved"))

    editing.follow_store(f"{PREFIX}-top", top_n)
    if f"{PREFIX}-top" not in st.session_state:
        st.session_state[f"{PREFIX}-top"] = top_n
    st.number_input(tr("report.ui.top_n"), key=f"{PREFIX}-top", min_value=1, max_value=report.MAX_TOP_N,
                    step=1, help=tr("report.ui.top_n_help"), on_change=save_top,
                    disabled="backlog" not in chosen)


# -- the agency (for every workspace) ----------------------------------------------------------
def agency_panel() -> None:
    st.subheader(tr("report.ui.agency"))
    st.caption(tr("report.ui.agency_help"))

    @session.guarded
    def save_agency(field: str) -> None:
        key = f"{AGENCY}-{field}"
        try:
            store.set_agency(**{field: st.session_state[key]})
        except InvalidValue as exc:
            remember_error(key, exc)
        else:
            remember_error(key, None)
            session.toast_later(tr("app.saved"))

    for field, widget in (("name", st.text_input), ("accent", st.color_picker)):
        key = f"{AGENCY}-{field}"
        stored = getattr(agency, field)
        editing.follow_store(key, stored)
        if key not in st.session_state:
            st.session_state[key] = stored
        label = tr("report.ui.agency_name") if field == "name" else tr("report.ui.accent")
        widget(label, key=key, on_change=save_agency, args=(field,))
        show_error(key)

    upload_key = f"{AGENCY}-logo"
    upload = st.file_uploader(tr("report.ui.logo", kb=agency_rules.MAX_LOGO_BYTES // 1024), type=["png", "svg"],
                              key=upload_key, help=tr("report.ui.logo_help"))
    if upload is not None:
        raw = upload.getvalue()
        digest = hashlib.sha256(raw).hexdigest()
        seen = st.session_state.setdefault(session.Keys.IMPORTED, set())
        if digest not in seen:  # the uploader keeps its file across reruns: save it once
            seen.add(digest)
            try:
                store.set_agency(logo=raw)
            except InvalidValue as exc:
                remember_error(upload_key, exc)
            else:
                remember_error(upload_key, None)
                session.toast_later(tr("report.ui.logo_saved"))
                st.rerun()
    show_error(upload_key)
    if agency.logo:
        st.image(agency.logo, width=160)  # a PNG the store wrote (audit.agency), never the upload

        @session.guarded
        def remove_logo() -> None:
            store.set_agency(logo=None)
            session.toast_later(tr("app.saved"))

        st.button(tr("report.ui.logo_remove"), key=f"{AGENCY}-logo-remove", icon=":material/delete:",
                  on_click=remove_logo)


if edits_agency:
    with agency_side, st.container(border=True):
        agency_panel()

# -- the report --------------------------------------------------------------------------------
if not chosen:
    st.info(tr("report.ui.no_sections"), icon=":material/checklist:")
    st.stop()

backlog.sync(store, ws.id, library)  # the backlog as /backlog shows it
built = report.build(store, ws, library, sections=chosen, top_n=top_n, agency=agency,
                     since=settings["snapshot"] or None)
page = report.to_html(built)
slug = ws.slug

html_side, pdf_side, _ = st.columns([1, 1, 2])
html_side.download_button(tr("report.ui.download_html"), key=f"{PREFIX}-html", data=page.encode("utf-8"),
                          file_name=f"report-{slug}.html", mime="text/html", on_click="ignore",
                          icon=":material/html:", width="stretch", help=tr("report.ui.download_html_help"))
pdf_side.download_button(tr("report.ui.download_pdf"), key=f"{PREFIX}-pdf", data=lambda: report.to_pdf(built),
                         file_name=f"report-{slug}.pdf", mime="application/pdf", on_click="ignore",
                         icon=":material/picture_as_pdf:", width="stretch", type="primary",
                         help=tr("report.ui.download_pdf_help"))

st.subheader(tr("report.ui.preview"))
st.iframe("data:text/html;base64," + base64.b64encode(page.encode("utf-8")).decode("ascii"), height=900)
