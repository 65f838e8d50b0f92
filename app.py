"""Hourglass: the router. Page config, navigation, and the sidebar
(language, workspace, progress). Each step lives in ``views/``.

The folder is not called ``pages/``: Streamlit treats a ``pages/`` folder
beside the entry script as its old automatic multipage app, and on a fresh
server a shared link such as ``/scoring?workspace=…`` would then run the page
without this router (no sidebar, no workspace) until someone opened ``/``."""

import streamlit as st

from audit.model import LANGS
from audit.progress import progress
from views import session
from views.session import Keys, tr

st.set_page_config(page_title="Hourglass", page_icon="⏳", layout="wide")
session.start()

PAGES = {
    "home": st.Page("views/home.py", title=tr("nav.home"), icon="🏠", default=True),
    "quick": st.Page("views/quick.py", title=tr("nav.quick"), icon=":material/bolt:", url_path="quick"),
    "persona": st.Page("views/persona.py", title=tr("nav.persona"), icon="🧑", url_path="persona"),
    "journey": st.Page("views/journey.py", title=tr("nav.journey"), icon="🧭", url_path="journey"),
    "touchpoints": st.Page("views/touchpoints.py", title=tr("nav.touchpoints"), icon="📍", url_path="touchpoints"),
    "scoring": st.Page("views/scoring.py", title=tr("nav.scoring"), icon="🎯", url_path="scoring"),
    "checklist": st.Page("views/checklist.py", title=tr("nav.checklist"), icon="✅", url_path="checklist"),
    "backlog": st.Page("views/backlog.py", title=tr("nav.backlog"), icon="📋", url_path="backlog"),
    "hourglass": st.Page("views/hourglass.py", title=tr("nav.hourglass"), icon="⏳", url_path="hourglass"),
    "compare": st.Page("views/compare.py", title=tr("nav.compare"), icon=":material/compare_arrows:", url_path="compare"),
}
navigation = st.navigation({
    tr("nav.start"): [PAGES["home"], PAGES["quick"]],
    tr("nav.map"): [PAGES["persona"], PAGES["journey"]],
    tr("nav.audit"): [PAGES["touchpoints"], PAGES["scoring"], PAGES["checklist"]],
    tr("nav.build"): [PAGES["backlog"], PAGES["hourglass"], PAGES["compare"]],
})

with st.sidebar:
    # Widget state does not survive every page switch (st.switch_page drops
    # it): the language lives in plain session state, the radio mirrors it.
    st.session_state[Keys.LANG_PICKER] = session.lang()
    st.radio(
        tr("app.language"), options=list(LANGS), key=Keys.LANG_PICKER, horizontal=True,
        format_func=session.LANG_NAMES.get,
        on_change=lambda: st.session_state.update({Keys.LANG: st.session_state[Keys.LANG_PICKER]}),
    )
    store = session.store()
    workspaces = store.workspaces()
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
        data = store.workspace_data(current.id)
        done = progress(data, session.library(), store.backlog_items(current.id))
        st.caption(tr("app.progress"))
        for step in session.STEP_PAGES:
            value = done.steps[step]
            mark = "✓" if value >= 1 else f"{round(value * 100)}%"
            st.progress(value, text=f"{tr('nav.' + step)} · {mark}")

    session.remember_in_browser()

session.sync_query_params()
session.show_toasts()
navigation.run()
