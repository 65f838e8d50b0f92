"""Home: create, open, set up, copy for a new client, delete a workspace; load the demo; see
each workspace's progress and continue where you left off. The create form
is ``views/home_create.py``, a workspace's card ``views/home_workspaces.py``."""

import streamlit as st

from audit import backlog, recent
from audit.progress import summary_progress
from views import home_create, home_workspaces, keys, messages, session
from views.session import md, tr

store = session.store()
library = session.library()
lang = session.lang()
rights = session.access()  # what this viewer may see and do (audit.access)


def go(slug: str, page: str) -> None:
    session.open_workspace(slug)
    st.switch_page(f"views/{page}.py")


st.title(tr("home.title"))
st.markdown(tr("home.tagline"))
if library.errors:  # an agency's own pack with a mistake: say where, the others still work
    with st.expander(tr("home.pack_errors", n=len(library.errors)), icon=":material/warning:"):
        st.caption(tr("home.pack_errors_help"))
        for error in library.errors:
            st.text(f"{error.file} · {error.entry}: {error.problem}")
session.workspace_notice()

workspaces = session.workspaces()  # only those this viewer may open


def progress_of(shown: list) -> dict:
    """``{slug: (Progress, first open backlog items)}`` of the workspaces drawn, not of
    all: their counts are read again only for a workspace that changed since
    (``session.workspace_summaries``); Home never regenerates a backlog."""
    return {slug: (summary_progress(summary, library), backlog.top(summary.to_act_on, 3))
            for slug, summary in session.workspace_summaries(shown).items()}


# -- continue where you left off (only a workspace this browser opened) --------------
latest = recent.continue_with(workspaces, session.opened())
if latest is not None:
    done, _ = progress_of([latest])[latest.slug]
    quick = latest.last_page == "quick"
    page = latest.last_page if latest.last_page in session.STEP_PAGES + ("quick",) else done.next_step()
    with st.container(border=True):
        st.subheader(tr("home.continue_title"))
        st.markdown(tr("quick.home.continue_quick", name=md(latest.name)) if quick else
                    tr("home.continue_text", name=md(latest.name), step=tr(f"nav.{page}")))
        if st.button(tr("home.continue_button"), type="primary", key=keys.HOME_CONTINUE):
            go(latest.slug, page)

# -- two ways in: the quick scan first, then the full audit ------------------------
quick_side, full_side = st.columns(2, gap="large")
with quick_side.container(border=True):
    st.subheader(tr("quick.home.title"))
    st.markdown(tr("quick.home.text"))
    if st.button(tr("quick.home.button"), key=keys.HOME_QUICK, type="primary", icon=":material/bolt:"):
        session.open_workspace(None)  # a new business: the scan starts at its first step
        st.switch_page("views/quick.py")

# -- the full audit: create a workspace (views/home_create.py) --------------------------
with full_side.container(border=True):
    home_create.show(store, library, lang, go)

left, right = st.columns([3, 2], gap="large")

with right:
    if rights.can_load_demo():  # staff only: the demo would be nobody's
        with st.container(border=True):
            st.subheader(tr("home.demo_title"))
            st.markdown(tr("home.demo_text"))
            if st.button(tr("home.demo_button"), key=keys.HOME_DEMO):
                from audit.demo import load_demo

                loaded = load_demo(store)
                messages.toast("home.demo_loaded", n=len(loaded))
                st.rerun()

# -- every workspace (views/home_workspaces.py) ------------------------------------
with left:
    st.subheader(tr("home.workspaces_title"))
    if not workspaces:
        st.info(tr("home.empty"), icon=":material/auto_awesome:")
    shown = home_workspaces.page_of(workspaces)
    progress = progress_of(shown)
    for ws in shown:
        done, top = progress[ws.slug]
        home_workspaces.card(store, library, rights, ws, done, top, lang, go)
