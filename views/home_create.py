"""Home's "New workspace" form (the full audit): name, industry, framework,
content language. A created workspace stays its maker's (``session.claim``)
and opens on its persona."""

from __future__ import annotations

import streamlit as st

from audit.frameworks import FRAMEWORKS
from audit.model import LANGS, InvalidValue
from views import keys, messages, session
from views.session import tr


def show(store, library, lang: str, go) -> None:
    """The form; ``go(slug, page)`` opens the new workspace."""
    st.subheader(tr("home.create_title"))
    st.caption(tr("quick.home.full_text"))
    packs = library.packs
    industries = sorted(packs, key=lambda p: (p != "general", packs[p].name(lang)))
    with st.form(keys.HOME_CREATE, clear_on_submit=False, border=False):
        name = st.text_input(tr("home.name"), placeholder=tr("home.name_placeholder"), key=keys.HOME_NEW["name"])
        industry_names = {p: packs[p].name(lang) for p in industries}
        framework_names = {f: tr(f"framework.{f}") for f in FRAMEWORKS}
        industry = st.selectbox(tr("home.industry"), industries, key=keys.HOME_NEW["industry"],
                                format_func=industry_names.get, help=tr("home.industry_help"))
        framework = st.radio(tr("home.framework"), list(FRAMEWORKS), key=keys.HOME_NEW["framework"],
                             format_func=framework_names.get, help=tr("home.framework_help"))
        ws_lang = st.radio(tr("home.workspace_lang"), list(LANGS), key=keys.HOME_NEW["lang"], horizontal=True,
                           index=0 if lang == "en" else 1,
                           format_func=session.LANG_NAMES.get)
        submitted = st.form_submit_button(tr("home.create_button"), type="primary")
    if submitted:
        try:
            # The persona starts empty; its page offers the industry's template.
            ws = store.create_workspace(name, industry=industry, framework=framework, lang=ws_lang)
        except InvalidValue as exc:
            messages.report(keys.HOME_CREATE, exc)
            messages.show(keys.HOME_CREATE, keep=False)
        else:
            session.claim(ws)
            messages.toast("home.created", name=ws.name)
            go(ws.slug, "persona")
