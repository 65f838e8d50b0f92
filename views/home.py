"""Home: create, open, set up, copy for a new client, delete a workspace; load the demo; see
each workspace's progress and continue where you left off."""

import streamlit as st

from audit import backlog, recent
from audit.frameworks import FRAMEWORKS
from audit.model import LANGS, InvalidValue
from audit.progress import summary_progress
from views import gate, session, workspace_settings
from views.session import Keys, md, tr

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
# their counts in a fixed number of queries, however many workspaces (no touchpoint row read)
summaries = {}
top_items = {}  # each workspace's first open backlog items (read only: Home never regenerates)
for summary in store.workspace_summaries([ws.id for ws in workspaces]):
    summaries[summary.workspace.slug] = summary_progress(summary, library)
    top_items[summary.workspace.slug] = backlog.top(summary.to_act_on, 3)

# -- continue where you left off (only a workspace this browser opened) --------------
latest = recent.continue_with(workspaces, session.opened())
if latest is not None:
    done = summaries[latest.slug]
    quick = latest.last_page == "quick"
    page = latest.last_page if latest.last_page in session.STEP_PAGES + ("quick",) else done.next_step()
    with st.container(border=True):
        st.subheader(tr("home.continue_title"))
        st.markdown(tr("quick.home.continue_quick", name=md(latest.name)) if quick else
                    tr("home.continue_text", name=md(latest.name), step=tr(f"nav.{page}")))
        if st.button(tr("home.continue_button"), type="primary", key="continue"):
            go(latest.slug, page)

# -- two ways in: the quick scan first, then the full audit ------------------------
quick_side, full_side = st.columns(2, gap="large")
with quick_side.container(border=True):
    st.subheader(tr("quick.home.title"))
    st.markdown(tr("quick.home.text"))
    if st.button(tr("quick.home.button"), key="start_quick", type="primary", icon=":material/bolt:"):
        session.open_workspace(None)  # a new business: the scan starts at its first step
        st.switch_page("views/quick.py")

# -- the full audit: create a workspace ---------------------------------------------
with full_side.container(border=True):
    st.subheader(tr("home.create_title"))
    st.caption(tr("quick.home.full_text"))
    packs = library.packs
    industries = sorted(packs, key=lambda p: (p != "general", packs[p].name(lang)))
    with st.form("create_workspace", clear_on_submit=False, border=False):
        name = st.text_input(tr("home.name"), placeholder=tr("home.name_placeholder"), key="new_name")
        industry_names = {p: packs[p].name(lang) for p in industries}
        framework_names = {f: tr(f"framework.{f}") for f in FRAMEWORKS}
        industry = st.selectbox(tr("home.industry"), industries, key="new_industry",
                                format_func=industry_names.get, help=tr("home.industry_help"))
        framework = st.radio(tr("home.framework"), list(FRAMEWORKS), key="new_framework",
                             format_func=framework_names.get, help=tr("home.framework_help"))
        ws_lang = st.radio(tr("home.workspace_lang"), list(LANGS), key="new_lang", horizontal=True,
                           index=0 if lang == "en" else 1,
                           format_func=session.LANG_NAMES.get)
        submitted = st.form_submit_button(tr("home.create_button"), type="primary")
    if submitted:
        try:
            # The persona starts empty; its page offers the industry's template.
            ws = store.create_workspace(name, industry=industry, framework=framework, lang=ws_lang)
        except InvalidValue as exc:
            st.error(md(session.error_text(exc)), icon=":material/warning:")
        else:
            session.claim(ws)
            session.toast_later(tr("home.created", name=md(ws.name)))
            go(ws.slug, "persona")

left, right = st.columns([3, 2], gap="large")

with right:
    if rights.can_load_demo():  # staff only: the demo would be nobody's
        with st.container(border=True):
            st.subheader(tr("home.demo_title"))
            st.markdown(tr("home.demo_text"))
            if st.button(tr("home.demo_button"), key="load_demo"):
                from audit.demo import load_demo

                loaded = load_demo(store)
                session.toast_later(tr("home.demo_loaded", n=len(loaded)))
                st.rerun()

# -- every workspace ------------------------------------------------------------
with left:
    st.subheader(tr("home.workspaces_title"))
    if not workspaces:
        st.info(tr("home.empty"), icon=":material/auto_awesome:")
    for ws in workspaces:
        done = summaries[ws.slug]
        with st.container(border=True):
            head, actions = st.columns([3, 2])
            with head:
                st.markdown(f"**{md(ws.name)}**")
                pack = library.pack(ws.industry)
                st.caption(tr("home.meta", industry=pack.name(lang) if pack else ws.industry,
                              framework=tr(f"framework.{ws.framework}"),
                              lang=session.LANG_NAMES.get(ws.lang, ws.lang),
                              updated=ws.updated_at[:10]))
                bars = st.columns(3)
                for col, phase in zip(bars, ("map", "audit", "build")):
                    value = done.phase(phase)
                    col.progress(value, text=f"{tr('nav.' + phase)} · {round(value * 100)}%")
                if top_items[ws.slug]:  # small: the first words of each action
                    st.caption(tr("home.top_items") + "\n" + "\n".join(
                        f"{n}. {md(backlog.short_title(item.title))}" for n, item in enumerate(top_items[ws.slug], 1)))
            with actions:
                if st.button(tr("home.open"), key=f"open_{ws.slug}", type="primary"):
                    go(ws.slug, ws.last_page if ws.last_page in session.STEP_PAGES else done.next_step())
                workspace_settings.panel(store, library, ws)  # settings; a new client from this one
                gate.share_panel(ws, rights)
                if not rights.can_delete(ws):
                    continue
                if st.session_state.get(Keys.CONFIRM_DELETE) == ws.slug:
                    st.warning(tr("home.confirm_delete", name=md(ws.name)), icon=":material/delete:")
                    typed = st.text_input(tr("access.delete.type_name", name=md(ws.name)), key=f"del_name_{ws.slug}")
                    named = typed.strip() == ws.name.strip()
                    yes, no = st.columns(2)
                    if yes.button(tr("home.delete_yes"), key=f"del_yes_{ws.slug}", type="primary", disabled=not named):
                        if not (named and session.access().can_delete(store.find_workspace(ws.id))):
                            st.stop()  # a crafted click: nothing is deleted
                        store.delete_workspace(ws.id)
                        st.session_state.pop(Keys.CONFIRM_DELETE, None)
                        if st.session_state.get(Keys.WORKSPACE) == ws.slug:
                            session.open_workspace(None)
                        session.toast_later(tr("home.deleted", name=md(ws.name)), icon=":material/delete:")
                        st.rerun()
                    if no.button(tr("home.delete_no"), key=f"del_no_{ws.slug}"):
                        st.session_state.pop(Keys.CONFIRM_DELETE, None)
                        st.rerun()
                elif st.button(tr("home.delete"), key=f"del_{ws.slug}"):
                    st.session_state[Keys.CONFIRM_DELETE] = ws.slug
                    st.rerun()
