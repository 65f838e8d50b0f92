"""Quick scan: a first backlog in ten minutes (``audit.quick_scan``).

Step 1, the business name and industry (the language is the interface's):
creates the workspace. Step 2, one click per key moment of the industry's
pack, each saved at once. Step 3, "Build my plan": the backlog's top 5, the
hourglass, the download, and the way on to the full audit. Which step shows
follows from the open workspace; the answers come from the store, so a
refresh or a second session shows them too.
"""

import altair as alt
import streamlit as st

from audit import charts, exports, quick_scan, scoring
from audit.model import InvalidValue
from views import editing, session
from views.session import md, tr

store = session.store()
library = session.library()
lang = session.lang()

NAME, INDUSTRY, START_ERROR = "quick-name", "quick-industry", "quick-start-error"
LEVELS = {answer: tr(f"quick.level.{answer}") for answer in quick_scan.ANSWERS}


def built_key(ws) -> str:
    return f"quick-{ws.id}-built"


def error_key(ws) -> str:
    return f"quick-{ws.id}-error"


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
    with st.form("quick-start", border=True, enter_to_submit=True):
        st.text_input(tr("quick.name"), key=NAME, placeholder=tr("quick.name_placeholder"))
        st.selectbox(tr("quick.industry"), industries, key=INDUSTRY, format_func=names.get,
                     help=tr("quick.industry_help"))
        submitted = st.form_submit_button(tr("quick.start_button"), type="primary", icon=":material/arrow_forward:")
    if submitted:
        try:
            ws = quick_scan.start(store, library, name=st.session_state.get(NAME, ""),
                                  industry=st.session_state.get(INDUSTRY), lang=lang)
        except InvalidValue as exc:
            st.session_state[START_ERROR] = session.error_text(exc)
        else:
            st.session_state.pop(START_ERROR, None)
            session.claim(ws)  # a client user's own scan stays theirs
            session.open_workspace(ws.slug)
            session.toast_later(tr("quick.created", name=md(ws.name)))
            st.rerun()
    problem = st.session_state.get(START_ERROR)
    if problem:
        st.error(md(problem), icon=":material/error:")


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
            st.session_state[error_key(ws)] = session.error_text(exc)
        else:
            st.session_state.pop(error_key(ws), None)
            session.toast_later(tr("app.saved"), icon=":material/check:")

    for moment in moments:
        key = f"quick-{ws.id}-{moment.entry.id}"
        editing.follow_store(key, given[moment.key])
        st.session_state.setdefault(key, given[moment.key])
        with st.container(border=True, key=f"{key}-box"):
            st.segmented_control(
                moment.entry.name(lang), list(quick_scan.ANSWERS), key=key,
                format_func=LEVELS.get, on_change=save, args=(moment, key),
                width="stretch")
            st.caption(tr("quick.moment_hint", stage=md(stage_names[moment.stage.id]),
                          importance=moment.importance))
    problem = st.session_state.get(error_key(ws))
    if problem:
        st.error(md(problem), icon=":material/error:")
    answered = sum(1 for a in given.values() if a is not None)
    st.progress(answered / len(moments), text=tr("quick.answered", n=answered, total=len(moments)))
    build, other = st.columns([3, 2])
    if build.button(tr("quick.build_button"), key=f"quick-{ws.id}-build", type="primary",
                    icon=":material/auto_awesome:", disabled=not answered,
                    help=None if answered else tr("quick.build_help"), width="stretch"):
        st.session_state[built_key(ws)] = True
        st.rerun()
    other.button(tr("quick.new_scan"), key="quick-new-scan", on_click=new_scan, width="stretch",
                 icon=":material/add:")


# -- step 3: the plan ----------------------------------------------------------------
def step_plan(ws) -> None:
    items = quick_scan.build(store, ws.id, library)
    data = store.workspace_data(ws.id)
    stage_names = {s.uid: s.display_name(ws.framework, lang) for s in data.stages}
    st.caption(tr("quick.step_of_workspace", n=3, workspace=md(ws.name)))
    st.title(tr("quick.plan_title"))
    left, right = st.columns([0.6, 0.4], gap="large")
    with left:
        if items:
            st.markdown(tr("quick.plan_intro"))
            st.markdown("\n".join(
                f"{n}. " + tr("quick.plan_item", title=md(item.title), stage=md(stage_names.get(item.stage_uid, "")))
                for n, item in enumerate(items[:quick_scan.TOP], 1)))
        else:
            st.info(tr("quick.plan_empty"), icon=":material/thumb_up:")
    with right:
        all_items = store.backlog_items(ws.id)
        formats = ("excel-es", "csv") if lang == "es" else ("csv", "excel-es")
        for fmt, kind in zip(formats, ("primary", "secondary")):
            label = tr("quick.download_csv") if kind == "primary" else tr(f"quick.download_other_{fmt.replace('-', '_')}")
            st.download_button(
                label, key=f"quick-{ws.id}-download-{fmt}", type=kind, icon=":material/download:",
                data=exports.backlog_csv(all_items, stages=data.stages, framework=ws.framework, lang=lang, fmt=fmt),
                file_name=f"backlog-{ws.slug}{'' if fmt == 'csv' else '-' + fmt}.csv", mime="text/csv",
                on_click="ignore", help=tr("quick.download_help"), width="stretch")
        if st.button(tr("quick.continue_full"), key=f"quick-{ws.id}-continue", type="primary",
                     icon=":material/arrow_forward:", help=tr("quick.continue_full_help"), width="stretch"):
            st.session_state.pop(built_key(ws), None)
            session.open_workspace(ws.slug)
            st.switch_page("views/touchpoints.py")
        if st.button(tr("quick.change_answers"), key=f"quick-{ws.id}-change", icon=":material/edit:",
                     width="stretch"):
            st.session_state.pop(built_key(ws), None)
            st.rerun()
    summaries = scoring.stage_summaries(data.stages, data.touchpoints)
    chart = charts.hourglass_chart(summaries, framework=ws.framework, lang=lang, use_counts=False,
                                   **session.chart_options(ws))
    padded = chart.properties(autosize=alt.AutoSizeParams(type="pad", contains="padding"))
    st.subheader(tr("quick.chart_title"))
    st.altair_chart(padded, key=f"quick-{ws.id}-chart", width=session.chart_width("content"), theme=None)


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
    st.button(tr("quick.new_scan"), key="quick-new-scan", on_click=new_scan, icon=":material/add:")
    st.stop()
if st.session_state.get(built_key(ws)):
    step_plan(ws)
else:
    step_moments(ws, moments)
