"""Quick scan: a first backlog in ten minutes (``audit.quick_scan``).

Step 1, the business name and industry (the language is the interface's):
creates the workspace. Step 2, one click per key moment of the industry's
pack, each saved at once. Step 3, "Build my plan": the backlog's top 5, the
hourglass, the download, and the way on to the full audit. Which step shows
follows from the open workspace; the answers come from the store, so a
refresh or a second session shows them too. Step 3 is ``views/quick_plan.py``.
"""

import streamlit as st

from audit import quick_scan
from audit.model import InvalidValue
from views import editing, keys, messages, quick_plan, session
from views.session import md, tr

store = session.store()
library = session.library()
lang = session.lang()

LEVELS = {answer: tr(f"quick.level.{answer}") for answer in quick_scan.ANSWERS}


def new_scan() -> None:
    session.open_workspace(None)


# -- step 1: the business ------------------------------------------------------------
def step_business() -> None:
    st.caption(tr("quick.step_of", n=1))
    st.title(tr("quick.title"))
    st.markdown(tr("quick.intro"))
    packs = {p: pack for p, pack in library.packs.items() if pack.moments()}
    if not packs:
        st.warning(tr("quick.no_packs"), icon=":material/info:")
        st.page_link("views/home.py", label=tr("app.go_home"), icon=":material/home:")
        st.stop()
    industries = sorted(packs, key=lambda p: (p != "general", packs[p].name(lang)))
    names = {p: packs[p].name(lang) for p in industries}
    with st.form(keys.QUICK_FORM, border=True, enter_to_submit=True):
        st.text_input(tr("quick.name"), key=keys.QUICK_NAME, placeholder=tr("quick.name_placeholder"))
        st.selectbox(tr("quick.industry"), industries, key=keys.QUICK_INDUSTRY, format_func=names.get,
                     help=tr("quick.industry_help"))
        submitted = st.form_submit_button(tr("quick.start_button"), type="primary", icon=":material/arrow_forward:")
    if submitted:
        try:
            ws = quick_scan.start(store, library, name=st.session_state.get(keys.QUICK_NAME, ""),
                                  industry=st.session_state.get(keys.QUICK_INDUSTRY), lang=lang)
        except InvalidValue as exc:
            messages.report(keys.QUICK_START, exc)
        else:
            messages.clear(keys.QUICK_START)
            session.claim(ws)  # a client user's own scan stays theirs
            session.open_workspace(ws.slug)
            messages.toast("quick.created", name=ws.name)
            st.rerun()
    messages.show(keys.QUICK_START, icon=":material/error:")


# -- step 2: the moments -------------------------------------------------------------
def step_moments(ws, moments) -> None:
    data = store.workspace_data(ws.id)
    given = quick_scan.answers(data.touchpoints, moments)
    stage_names = {s.id: s.display_name(ws.framework, lang) for s in data.stages}
    pack = library.pack(ws.industry)
    st.caption(tr("quick.step_of_workspace", n=2, workspace=md(ws.name)))
    st.title(tr("quick.moments_title"))
    st.markdown(tr("quick.moments_intro", n=len(moments), industry=md(pack.name(lang))))

    @session.guarded
    def save(moment, key: str) -> None:
        try:
            quick_scan.answer(store, ws.id, library, moment.key, st.session_state[key])
        except InvalidValue as exc:
            messages.report(keys.quick(ws.id, "error"), exc)
        else:
            messages.clear(keys.quick(ws.id, "error"))
            messages.saved()

    for moment in moments:
        key = keys.quick_moment(ws.id, moment.entry.id)
        start = editing.start_value(key, given[moment.key], "default")
        with st.container(border=True, key=keys.quick_moment(ws.id, moment.entry.id, "box")):
            st.segmented_control(
                moment.entry.name(lang), list(quick_scan.ANSWERS), key=key,
                format_func=lambda a: session.option_label(LEVELS[a]), on_change=save, args=(moment, key),
                width="stretch", **start)
            st.caption(tr("quick.moment_hint", stage=md(stage_names[moment.stage.id]),
                          importance=moment.importance))
    messages.show(keys.quick(ws.id, "error"), icon=":material/error:")
    answered = sum(1 for a in given.values() if a is not None)
    st.progress(answered / len(moments), text=tr("quick.answered", n=answered, total=len(moments)))
    build, other = st.columns([3, 2])
    if build.button(tr("quick.build_button"), key=keys.quick(ws.id, "build"), type="primary",
                    icon=":material/auto_awesome:", disabled=not answered,
                    help=None if answered else tr("quick.build_help"), width="stretch"):
        st.session_state[keys.quick(ws.id, "built")] = True
        st.rerun()
    other.button(tr("quick.new_scan"), key=keys.QUICK_NEW_SCAN, on_click=new_scan, width="stretch",
                 icon=":material/add:")


# -- which step ----------------------------------------------------------------------
ws = session.current_workspace()
if ws is None:
    step_business()
    st.stop()
if ws.last_page != "quick":
    store.set_last_page(ws.id, "quick")
data = store.workspace_data(ws.id)
moments = quick_scan.moments(library.pack(ws.industry), data.stages, ws.framework)
if not moments:
    st.caption(tr("quick.step_of_workspace", n=2, workspace=md(ws.name)))
    st.title(tr("quick.title"))
    st.info(tr("quick.no_moments"), icon=":material/info:")
    st.page_link("views/touchpoints.py", label=tr("quick.continue_full"), icon=":material/arrow_forward:")
    st.button(tr("quick.new_scan"), key=keys.QUICK_NEW_SCAN, on_click=new_scan, icon=":material/add:")
    st.stop()
if st.session_state.get(keys.quick(ws.id, "built")):
    quick_plan.show(store, library, ws, lang)
else:
    step_moments(ws, moments)
