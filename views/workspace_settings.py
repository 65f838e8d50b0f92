"""Two tabs of a workspace's menu on Home (``home_workspaces.menu``): its
settings (name, industry, content language; each change saved at once) and
"New client from this" (the structure copied under a new name and industry,
the scores, answers and backlog only when chosen; then the new client's
persona opens). Each is drawn only while its tab is open."""

from __future__ import annotations

import streamlit as st

from audit import backlog
from audit.checklists import Library
from audit.model import LANGS, InvalidValue, Workspace
from audit.new_client import NewClient, new_client
from audit.store import Store
from views import editing, keys, messages, session
from views.session import tr


def _industries(library: Library, current: str, lang: str) -> tuple[list[str], dict[str, str]]:
    """The industries to choose from (general first), keeping one whose pack is gone."""
    packs = library.packs
    keys = sorted(packs, key=lambda p: (p != "general", packs[p].name(lang)))
    if current not in packs:
        keys.append(current)
    return keys, {p: packs[p].name(lang) if p in packs else p for p in keys}


# -- settings -------------------------------------------------------------------
def settings(store: Store, library: Library, ws: Workspace) -> None:
    lang = session.lang()
    industries, names = _industries(library, ws.industry, lang)
    name_key, industry_key, lang_key = (keys.workspace_setting(ws.slug, part) for part in ("name", "industry", "lang"))

    @session.guarded
    def save_industry() -> None:
        value = st.session_state[industry_key]
        store.update_workspace(ws.id, industry=value)
        messages.toast("clients.saved_industry", industry=names.get(value, value))

    @session.guarded
    def save_lang() -> None:
        value = st.session_state[lang_key]
        if value is None:  # a segmented control clicked off: keep the stored language
            st.session_state[lang_key] = ws.lang
            return
        backlog.set_content_language(store, ws.id, value, library)
        messages.toast("clients.saved_lang", lang=session.LANG_NAMES.get(value, value))

    st.caption(tr("clients.settings_text"))
    editing.text_input(tr("clients.name"), key=name_key, value=ws.name, area=False,
                       on_save=lambda value: store.update_workspace(ws.id, name=value))
    for key, stored in ((industry_key, ws.industry), (lang_key, ws.lang)):
        editing.follow_store(key, stored)  # another session's change shows here
        st.session_state.setdefault(key, stored)
    st.selectbox(tr("clients.industry"), industries, key=industry_key, format_func=names.get,
                 on_change=save_industry, help=tr("home.industry_help"))
    st.segmented_control(tr("clients.content_lang"), list(LANGS), key=lang_key,
                         format_func=lambda lang: session.option_label(session.LANG_NAMES[lang]),
                         on_change=save_lang, help=tr("clients.content_lang_help"))


# -- a new client from this workspace ---------------------------------------------
def new_client_form(store: Store, library: Library, ws: Workspace) -> None:
    lang = session.lang()
    industries, names = _industries(library, ws.industry, lang)
    part = lambda name: keys.new_client(ws.slug, name)  # noqa: E731
    st.caption(tr("clients.new_text"))
    with st.form(keys.new_client(ws.slug), border=False):
        name = st.text_input(tr("clients.new_name"), key=part("name"))
        industry = st.selectbox(tr("clients.new_industry"), industries, key=part("industry"),
                                format_func=names.get, index=industries.index(ws.industry))
        scores = st.checkbox(tr("clients.copy_scores"), key=part("scores"),
                             help=tr("clients.copy_scores_help"))
        answers = st.checkbox(tr("clients.copy_answers"), key=part("answers"))
        items = st.checkbox(tr("clients.copy_backlog"), key=part("backlog"),
                            help=tr("clients.copy_backlog_help"))
        submitted = st.form_submit_button(tr("clients.create"), type="primary", key=part("create"),
                                          icon=":material/person_add:")
    if submitted:
        choice = NewClient(name=name, industry=industry, scores=scores, answers=answers, backlog=items)
        try:
            created = new_client(store, ws.id, choice)
        except InvalidValue as exc:
            messages.report(part("error"), exc)
        else:
            messages.clear(part("error"))
            session.claim(created)  # a client user keeps the workspace they made
            session.open_workspace(created.slug)
            messages.toast("clients.created", name=created.name)
            st.switch_page("views/persona.py")  # the new client's first step, as after Create
    messages.show(part("error"), icon=":material/error:")
