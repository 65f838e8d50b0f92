"""Hourglass: the router. Page config, navigation, and the sidebar
(language, workspace, progress). Each step lives in ``views/``.

The folder is not called ``pages/``: Streamlit treats a ``pages/`` folder
beside the entry script as its old automatic multipage app, and on a fresh
server a shared link such as ``/scoring?workspace=…`` would then run the page
without this router (no sidebar, no workspace) until someone opened ``/``."""

import streamlit as st

from audit.model import LANGS
from views import gate, live, messages, session
from views.session import PAGE_ICONS, Keys, tr

st.set_page_config(page_title="Hourglass", page_icon=PAGE_ICONS["hourglass"], layout="wide")
live.freeze_libraries()  # once per server: a run's garbage collection skips the libraries
# A database fault (read-only, not a database, newer schema, busy, disk full)
# is a message in the user's language, never a traceback (DESIGN.md, "Data").
if not session.database_ready():
    st.stop()
session.start()
session.run_started()
# Who is here (audit.access): nobody yet → the sign-in screen, no page runs.
signed_in = session.access().signed_in


def pages() -> dict:
    """One ``st.Page`` per step, made once per session and language, not on
    every run (eleven paths resolved and checked: about a millisecond a run,
    issue 11). One name per step: the sidebar entry (nav.<step>) is the
    page's title too (session.page_header). Material icons, not emoji."""
    made = session.memo().get(Keys.PAGES)
    if made is not None and made[0] == session.lang():
        return made[1]
    made = (session.lang(), {
        "home": st.Page("views/home.py", title=tr("nav.home"), icon=PAGE_ICONS["home"], default=True),
        **{step: st.Page(f"views/{step}.py", title=tr(f"nav.{step}"), icon=PAGE_ICONS[step], url_path=step)
           for step in session.STEP_PAGES},
        "quick": st.Page("views/quick.py", title=tr("nav.quick"), icon=PAGE_ICONS["quick"], url_path="quick"),
        "report": st.Page("views/report.py", title=tr("nav.report"), icon=":material/description:",
                          url_path="report"),
        "compare": st.Page("views/compare.py", title=tr("nav.compare"), icon=PAGE_ICONS["compare"],
                           url_path="compare"),
    })
    session.memo()[Keys.PAGES] = made
    return made[1]


PAGES = pages()
navigation = st.navigation({
    tr("nav.start"): [PAGES["home"], PAGES["quick"]],
    tr("nav.map"): [PAGES["persona"], PAGES["journey"]],
    tr("nav.audit"): [PAGES["touchpoints"], PAGES["scoring"], PAGES["checklist"]],
    tr("nav.build"): [PAGES["backlog"], PAGES["hourglass"], PAGES["report"], PAGES["compare"]],
}, position="sidebar" if signed_in else "hidden")
if not signed_in:
    gate.sign_in_screen()  # stops the run
session.open_wanted()

with st.sidebar:
    # Widget state does not survive every page switch (st.switch_page drops
    # it): the language lives in plain session state, the radio mirrors it.
    st.session_state[Keys.LANG_PICKER] = session.lang()
    st.radio(
        tr("app.language"), options=list(LANGS), key=Keys.LANG_PICKER, horizontal=True,
        format_func=session.LANG_NAMES.get,
        on_change=lambda: st.session_state.update({Keys.LANG: st.session_state[Keys.LANG_PICKER]}),
    )
    session.presentation_toggle()
    store = session.store()
    workspaces = session.workspaces()  # only those this viewer may open
    slugs = [w.slug for w in workspaces]
    names = {w.slug: w.name for w in workspaces}
    if st.session_state.get(Keys.WORKSPACE) not in slugs:
        st.session_state[Keys.WORKSPACE] = None
    st.session_state[Keys.WORKSPACE_PICKER] = st.session_state[Keys.WORKSPACE]
    st.selectbox(
        tr("app.workspace"), options=slugs, key=Keys.WORKSPACE_PICKER,
        format_func=lambda slug: names.get(slug, slug),
        placeholder=tr("app.choose_workspace"),
        on_change=lambda: session.open_workspace(st.session_state[Keys.WORKSPACE_PICKER]),
    )
    current = session.current_workspace()
    if current is not None:
        live.watch(current)  # who is here, and others' changes within seconds (views/live.py)
        done = session.workspace_progress(current)  # read once per run: the page's "Next" line reuses it
        st.markdown(session.progress_lines(done))  # one element, not eight (issue 11)
    else:
        live.leave()

    gate.sidebar()
    session.remember_in_browser()

session.sync_query_params()
messages.show_toasts()
session.run_page(navigation)
