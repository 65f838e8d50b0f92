"""One workspace on Home's list: its name, industry, framework, language and
last change, its progress per phase, its first open backlog items, Open, and
one "Manage" menu whose tabs hold what is done less often: Settings and "New
client from this" (``workspace_settings``), Share (``home_share``, staff in
accounts mode) and Delete, which waits for the name to be typed (only for a
viewer who may delete it; the click is checked again before anything is
deleted). The menu and its tabs draw only while open: a closed card is its
box, its text, Open and the menu's button (issue 11)."""

from __future__ import annotations

import streamlit as st

from audit import backlog
from views import home_share, keys, messages, session, workspace_settings
from views.session import Keys, md, tr


def delete_tab(store, ws) -> None:
    st.warning(tr("home.confirm_delete", name=md(ws.name)), icon=":material/delete:")
    typed = st.text_input(tr("access.delete.type_name", name=md(ws.name)), key=keys.workspace_delete(ws.slug, "name"))
    named = typed.strip() == ws.name.strip()
    if st.button(tr("home.delete_yes"), key=keys.workspace_delete(ws.slug, "yes"), type="primary", disabled=not named):
        if not (named and session.access().can_delete(store.find_workspace(ws.id))):
            st.stop()  # a crafted click: nothing is deleted
        store.delete_workspace(ws.id)
        if st.session_state.get(Keys.WORKSPACE) == ws.slug:
            session.open_workspace(None)
        messages.toast("home.deleted", icon=":material/delete:", name=ws.name)
        st.rerun()


def menu(store, library, rights, ws) -> None:
    """The card's "Manage" popover: one tab drawn at a time, only while it is open."""
    popover = st.popover(tr("home.manage"), icon=":material/more_horiz:",
                         help=tr("home.manage_help"), key=keys.workspace_menu(ws.slug), on_change="rerun")
    if not popover.open:
        return
    parts = {"clients.settings_button": lambda: workspace_settings.settings(store, library, ws),
             "clients.new_button": lambda: workspace_settings.new_client_form(store, library, ws)}
    if rights.can_share(ws):
        parts["access.share.button"] = lambda: home_share.panel(ws)
    if rights.can_delete(ws):
        parts["home.delete"] = lambda: delete_tab(store, ws)
    with popover:
        st.markdown(f"**{md(ws.name)}**")
        tabs = st.tabs([tr(label) for label in parts], key=keys.workspace_menu(ws.slug, "tab"), on_change="rerun")
        for tab, draw in zip(tabs, parts.values()):
            if tab.open:
                with tab:
                    draw()


def card(store, library, rights, ws, done, top, lang: str, go) -> None:
    """``rights``: this viewer's ``Access``; ``done``: the workspace's Progress; ``top``: its first
    open backlog items; ``go(slug, page)`` opens it."""
    # The name, what it is, how far each phase is and the first actions: one element
    # beside Open and the menu (each element is a message and a redraw; issue 11).
    with st.container(border=True, horizontal=True, wrap=False, gap="small"):
        pack = library.pack(ws.industry)
        meta = tr("home.meta", industry=pack.name(lang) if pack else ws.industry,
                  framework=tr(f"framework.{ws.framework}"), lang=session.LANG_NAMES.get(ws.lang, ws.lang),
                  updated=ws.updated_at[:10])
        phases = " · ".join(session.progress_mark(done.phase(phase), f"{tr('nav.' + phase)} {{share}}")
                            for phase in ("map", "audit", "build"))
        # and, small, the first words of each of the first actions
        first = "  \n".join(session.small_print(line) for line in [tr("home.top_items")] + [
            f"{n}\\. {md(backlog.short_title(item.title))}" for n, item in enumerate(top, 1)]) if top else ""
        st.markdown(f"**{md(ws.name)}**  \n{session.small_print(meta)}\n\n{phases}\n\n{first}".rstrip())
        if st.button(tr("home.open"), key=keys.home_open(ws.slug), type="primary"):
            go(ws.slug, ws.last_page if ws.last_page in session.STEP_PAGES else done.next_step())
        menu(store, library, rights, ws)


#: Cards drawn per run, about a screenful: an agency with many clients pages
#: through them, so Home costs about the same with 20 workspaces as with one
#: (issue 11: each card is a few messages and widgets, Streamlit's cost).
CARDS_PER_PAGE = 4


def page_of(workspaces: list) -> list:
    """The workspaces of the page chosen in the list's pager (drawn here when
    there is more than one page)."""
    pages = [(i, min(i + CARDS_PER_PAGE, len(workspaces))) for i in range(0, len(workspaces), CARDS_PER_PAGE)]
    if len(pages) <= 1:
        return workspaces
    labels = {n: tr("home.page", first=a + 1, last=b, total=len(workspaces)) for n, (a, b) in enumerate(pages)}
    if st.session_state.get(keys.HOME_PAGE) not in labels:
        st.session_state[keys.HOME_PAGE] = 0
    st.segmented_control(tr("home.pages"), list(labels), key=keys.HOME_PAGE,
                         format_func=lambda n: session.option_label(labels[n]),
                         help=tr("home.pages_help"), required=True)
    first, last = pages[st.session_state.get(keys.HOME_PAGE) or 0]
    return workspaces[first:last]
