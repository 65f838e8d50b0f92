"""One workspace on Home's list: its name, industry, framework, language and
last change, its progress per phase, its first open backlog items, and its
actions: Open, settings (``workspace_settings``), sharing (``gate``), and
Delete, which waits for its name to be typed (only for a viewer who may
delete it; the click is checked again before anything is deleted)."""

from __future__ import annotations

import streamlit as st

from audit import backlog
from views import home_share, keys, messages, session, workspace_settings
from views.session import Keys, md, tr


def delete_control(store, ws) -> None:
    token = keys.confirm_delete("workspace", ws.slug)
    if not messages.confirming(token):
        if st.button(tr("home.delete"), key=keys.workspace_delete(ws.slug)):
            messages.ask_confirm(token)
            st.rerun()
        return
    st.warning(tr("home.confirm_delete", name=md(ws.name)), icon=":material/delete:")
    typed = st.text_input(tr("access.delete.type_name", name=md(ws.name)), key=keys.workspace_delete(ws.slug, "name"))
    named = typed.strip() == ws.name.strip()
    yes, no = st.columns(2)
    if yes.button(tr("home.delete_yes"), key=keys.workspace_delete(ws.slug, "yes"), type="primary", disabled=not named):
        if not (named and session.access().can_delete(store.find_workspace(ws.id))):
            st.stop()  # a crafted click: nothing is deleted
        store.delete_workspace(ws.id)
        messages.done_confirm()
        if st.session_state.get(Keys.WORKSPACE) == ws.slug:
            session.open_workspace(None)
        messages.toast("home.deleted", icon=":material/delete:", name=ws.name)
        st.rerun()
    if no.button(tr("home.delete_no"), key=keys.workspace_delete(ws.slug, "no")):
        messages.done_confirm()
        st.rerun()


def card(store, library, rights, ws, done, top, lang: str, go) -> None:
    """``rights``: this viewer's ``Access``; ``done``: the workspace's Progress; ``top``: its first
    open backlog items; ``go(slug, page)`` opens it."""
    with st.container(border=True):
        head, actions = st.columns([3, 2])
        with head:
            # The name, what it is, how far each phase is: one element, not seven and four
            # columns (each is a message and a redraw; Home draws a page of cards, issue 11).
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
        with actions:
            if st.button(tr("home.open"), key=keys.home_open(ws.slug), type="primary"):
                go(ws.slug, ws.last_page if ws.last_page in session.STEP_PAGES else done.next_step())
            workspace_settings.panel(store, library, ws)  # settings; a new client from this one
            home_share.panel(ws, rights)
            if rights.can_delete(ws):
                delete_control(store, ws)


#: Cards drawn per run: an agency with many clients pages through them, so
#: Home costs about the same with 20 workspaces as with a few (issue 11).
CARDS_PER_PAGE = 6


def page_of(workspaces: list) -> list:
    """The workspaces of the page chosen in the list's pager (drawn here when
    there is more than one page)."""
    pages = [(i, min(i + CARDS_PER_PAGE, len(workspaces))) for i in range(0, len(workspaces), CARDS_PER_PAGE)]
    if len(pages) <= 1:
        return workspaces
    labels = {n: tr("home.page", first=a + 1, last=b, total=len(workspaces)) for n, (a, b) in enumerate(pages)}
    if st.session_state.get(keys.HOME_PAGE) not in labels:
        st.session_state[keys.HOME_PAGE] = 0
    st.segmented_control(tr("home.pages"), list(labels), key=keys.HOME_PAGE, format_func=labels.get,
                         help=tr("home.pages_help"), required=True)
    first, last = pages[st.session_state.get(keys.HOME_PAGE) or 0]
    return workspaces[first:last]
