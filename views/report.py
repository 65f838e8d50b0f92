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

import streamlit as st

from audit import backlog, report
from audit.i18n import normalise_lang
from views import editing, keys, messages, report_agency, session
from views.session import md, tr

store = session.store()
ws = session.require_workspace("report")
library = session.library()

st.caption(tr("app.step_of", phase=tr("nav.build"), n=len(session.STEP_PAGES) + 1,
              total=len(session.STEP_PAGES) + 1, workspace=md(ws.name)))
st.title(tr("nav.report"))
st.markdown(tr("report.intro"))
st.caption(tr("report.ui.language", lang=session.LANG_NAMES[normalise_lang(ws.lang)]))

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
        picked = [s for s in report.available_sections() if st.session_state.get(keys.report(ws.id, f"s-{s}"))]
        store.set_report_settings(ws.id, sections=picked)
        messages.saved()

    left, right = st.columns(2)
    for i, section in enumerate(report.available_sections()):
        key = keys.report(ws.id, f"s-{section}")
        editing.follow_store(key, section in chosen)
        if key not in st.session_state:
            st.session_state[key] = section in chosen
        (left if i % 2 == 0 else right).checkbox(tr(f"report.section.{section}"), key=key,
                                                 on_change=save_sections)
    snapshots = store.snapshots(ws.id)
    if "compare" in chosen and snapshots:
        since_key = keys.report(ws.id, "since")
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
            messages.saved()

        st.selectbox(tr("report.ui.since"), options, key=since_key, format_func=names.get,
                     help=tr("report.ui.since_help"), on_change=save_since)

    top_key = keys.report(ws.id, "top")

    @session.guarded
    def save_top() -> None:
        store.set_report_settings(ws.id, top_n=int(st.session_state[top_key]))
        messages.saved()

    editing.follow_store(top_key, top_n)
    if top_key not in st.session_state:
        st.session_state[top_key] = top_n
    st.number_input(tr("report.ui.top_n"), key=top_key, min_value=1, max_value=report.MAX_TOP_N,
                    step=1, help=tr("report.ui.top_n_help"), on_change=save_top,
                    disabled="backlog" not in chosen)


# -- the agency (for every workspace) ----------------------------------------------------------
if edits_agency:
    with agency_side, st.container(border=True):
        report_agency.show(agency)

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
html_side.download_button(tr("report.ui.download_html"), key=keys.report(ws.id, "html"), data=page.encode("utf-8"),
                          file_name=f"report-{slug}.html", mime="text/html", on_click="ignore",
                          icon=":material/html:", width="stretch", help=tr("report.ui.download_html_help"))
pdf_side.download_button(tr("report.ui.download_pdf"), key=keys.report(ws.id, "pdf"), data=lambda: report.to_pdf(built),
                         file_name=f"report-{slug}.pdf", mime="application/pdf", on_click="ignore",
                         icon=":material/picture_as_pdf:", width="stretch", type="primary",
                         help=tr("report.ui.download_pdf_help"))

st.subheader(tr("report.ui.preview"))
st.iframe("data:text/html;base64," + base64.b64encode(page.encode("utf-8")).decode("ascii"), height=900)
