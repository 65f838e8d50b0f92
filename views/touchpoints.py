"""Audit 1 — touchpoints: the inventory of where customers meet the
business, stage by stage.

First the whole list, every stage at once: one table of all touchpoints
(edit, or remove any: select rows and delete), and per stage one click
"Add all suggestions" (one transaction). Then one tab per stage, in journey
order (the label shows the count; an empty stage is flagged "⚠ 0"): the
stage's table (edits saved at once), the checklist library's suggestions
with a one-click "Add" each or "Add all suggestions for this stage", and
quick capture (one touchpoint per line). Below the tabs: import a CSV/XLSX
that updates what is there (``views/touchpoints_import.py``: its plan, then
"Apply").

The tabs track state (``on_change="rerun"``), so only the open stage renders;
the open stage is remembered by id (``open_key``) because a label changes
with its count and Streamlit then starts the tabs afresh on ``default``.
"""

from collections import Counter

import pandas as pd
import streamlit as st

from audit import suggestions
from audit.model import CHANNELS, InvalidValue
from views import editing, session, touchpoints_import
from views.session import Keys, md, tr

store = session.store()
library = session.library()
ws = session.require_workspace("touchpoints")
session.page_header("touchpoints", ws)
lang = session.lang()

#: Editor columns are the record fields themselves; labels come from the catalog.
FIELDS = ("name", "channel", "owner", "technology", "kpi", "notes")
COLUMNS = {f: f for f in FIELDS}


def plural(key: str, n: int, **values) -> str:
    return tr(f"{key}_one" if n == 1 else f"{key}_other", n=n, **values)


def editor_base(stage_id: int) -> str:
    return f"tp-{ws.id}-{stage_id}"


def save_edits(plan) -> None:
    store.apply_touchpoint_edits(ws.id, plan)


# -- what the workspace holds ------------------------------------------------
stages = store.stages(ws.id)
touchpoints = store.touchpoints(ws.id)

pack = library.pack(ws.industry)
names = {s.id: s.display_name(ws.framework, lang) for s in stages}
counts = Counter(tp.stage_id for tp in touchpoints)
gaps = [s for s in stages if not counts[s.id]]
channel_labels = {c: tr(f"touchpoints.channel.{c}") for c in CHANNELS}


# -- actions (callbacks: they run before the page, so it shows their result) --
@session.guarded
def accept_suggestion(stage_id: int, suggestion_key: str) -> None:
    """Add a suggestion once, however often its button reports a click."""
    suggestion = next((s for s in (pack.touchpoints if pack else []) if s.key == suggestion_key), None)
    if suggestion is None:
        return
    if not suggestions.remaining([suggestion], store.touchpoints(ws.id), stage_id=stage_id):
        return
    store.add_touchpoints(ws.id, [suggestions.from_suggestion(suggestion, stage_id=stage_id, lang=ws.lang)])
    session.toast_later(tr("touchpoints.suggest.added", name=md(suggestion.name(ws.lang))))


@session.guarded
def accept_all(stage_id: int, stage_name: str) -> None:
    """Every suggestion still offered for the stage, in one transaction; a
    second click (or a double report) adds nothing."""
    stage = next((st_ for st_ in store.stages(ws.id) if st_.id == stage_id), None)
    if stage is None or pack is None or not stage.key:
        return
    rows = suggestions.plan_add_all(pack.touchpoints_for(ws.framework, stage.key), store.touchpoints(ws.id),
                                    stage_id=stage_id, lang=ws.lang)
    if rows:
        store.add_touchpoints(ws.id, rows)
        session.toast_later(plural("touchpoints.quick.added", len(rows), stage=md(stage_name)))


def offered_for(stage) -> list:
    """The suggestions still offered for ``stage`` (none for a stage of the user's)."""
    suggested = pack.touchpoints_for(ws.framework, stage.key) if pack and stage.key else []
    return suggestions.remaining(suggested, touchpoints, stage_id=stage.id) if suggested else []


def add_all_button(stage, *, where: str) -> None:
    offered = offered_for(stage)
    if not offered:
        return
    name = names[stage.id]
    st.button(tr("flow.tp.add_all", n=len(offered), stage=md(name)), key=f"tp-add-all-{where}-{ws.id}-{stage.id}",
              icon=":material/playlist_add:", help=tr("flow.tp.add_all_help"),
              on_click=accept_all, args=(stage.id, name), type="primary" if where == "tab" else "secondary")


@session.guarded
def quick_capture(stage_id: int, area_key: str, stage_name: str) -> None:
    existing = [tp.name for tp in store.touchpoints(ws.id, stage_id)]
    plan = suggestions.plan_quick_capture(st.session_state.get(area_key), stage_id=stage_id, existing=existing)
    errors = st.session_state.setdefault(Keys.ERRORS, {})
    if plan.empty and not plan.skipped:
        errors[area_key] = tr("touchpoints.quick.nothing")
        return
    try:
        if plan.rows:
            store.add_touchpoints(ws.id, plan.rows)
    except InvalidValue as exc:
        errors[area_key] = md(session.error_text(exc))
        return
    errors.pop(area_key, None)
    st.session_state[area_key] = ""
    if plan.rows:
        session.toast_later(plural("touchpoints.quick.added", len(plan.rows), stage=md(stage_name)))
    if plan.skipped:
        session.toast_later(tr("touchpoints.quick.skipped", stage=md(stage_name),
                               names=", ".join(md(n) for n in plan.skipped)), icon=session.ICON_INFO)


# -- overview: every stage at once -------------------------------------------
if not touchpoints:
    st.info(tr("touchpoints.empty"), icon=":material/arrow_downward:")
else:
    st.markdown(plural("touchpoints.summary", len(touchpoints), covered=len(stages) - len(gaps),
                       stages=len(stages)))
    if gaps:
        st.warning(tr("touchpoints.gaps", names=", ".join(f"**{md(names[s.id])}**" for s in gaps)),
                   icon=session.ICON_WARNING)


def show_all() -> None:
    """The full list, all stages, and one click per stage to add its suggestions."""
    st.subheader(tr("flow.tp.all_title"), anchor=False)
    with st.container(horizontal=True, key=f"tp-add-all-{ws.id}"):
        for stage in stages:
            add_all_button(stage, where="all")
    if not touchpoints:
        return
    st.caption(tr("flow.tp.all_caption"))
    frame = pd.DataFrame({
        "stage": [names.get(tp.stage_id, "?") for tp in touchpoints],
        **{f: [(getattr(tp, f) or None) if f == "channel" else getattr(tp, f) for tp in touchpoints]
           for f in ("name", "channel", "owner")},
    }, dtype=object)
    config = column_config()
    editing.table_editor(
        f"tp-{ws.id}-all", frame, row_ids=[tp.id for tp in touchpoints], columns={f: f for f in ("name", "channel", "owner")},
        apply=save_edits, num_rows="delete", hide_index=True, width="stretch", placeholder="",
        column_config={"stage": st.column_config.TextColumn(tr("flow.tp.stage"), disabled=True, pinned=True),
                       **{f: config[f] for f in ("name", "channel", "owner")}},
        height=min(38 + 35 * len(touchpoints), 420),
    )


# -- one tab per stage -------------------------------------------------------
def tab_labels() -> dict[int, str]:
    labels = {}
    for position, stage in enumerate(stages, 1):
        name = md(names[stage.id])
        if list(names.values()).count(names[stage.id]) > 1:
            name = f"{name} \\({position}\\)"
        n = counts[stage.id]
        labels[stage.id] = tr("touchpoints.tab", name=name, n=n) if n else tr("touchpoints.tab_empty", name=name)
    return labels


def editor_frame(stage_tps) -> pd.DataFrame:
    rows = [{f: (getattr(tp, f) or None) if f == "channel" else getattr(tp, f) for f in FIELDS}
            for tp in stage_tps]
    return pd.DataFrame(rows, columns=list(FIELDS), dtype=object)


def column_config() -> dict:
    text = st.column_config.TextColumn
    return {
        "name": text(tr("touchpoints.col.name"), help=tr("touchpoints.help.name"), required=True, width=260),
        "channel": st.column_config.SelectboxColumn(
            tr("touchpoints.col.channel"), help=tr("touchpoints.help.channel"), options=list(CHANNELS),
            format_func=channel_labels.get, width=105),
        "owner": text(tr("touchpoints.col.owner"), help=tr("touchpoints.help.owner"), width=160),
        "technology": text(tr("touchpoints.col.technology"), help=tr("touchpoints.help.technology"), width=130),
        "kpi": text(tr("touchpoints.col.kpi"), help=tr("touchpoints.help.kpi"), width=180),
        "notes": text(tr("touchpoints.col.notes"), help=tr("touchpoints.help.notes")),
    }


def show_table(stage, stage_tps) -> None:
    st.caption(tr("touchpoints.table_caption"))
    editing.table_editor(
        editor_base(stage.id), editor_frame(stage_tps), row_ids=[tp.id for tp in stage_tps],
        columns=COLUMNS, apply=save_edits, defaults={"stage_id": stage.id},
        num_rows="dynamic", hide_index=True, column_config=column_config(),
        column_order=list(FIELDS), width="stretch", placeholder="",
    )


def show_quick_capture(stage) -> None:
    area_key = f"tp-quick-{ws.id}-{stage.id}"
    with st.container(border=True):
        st.markdown(f"**{tr('touchpoints.quick.title')}**")
        st.text_area(tr("touchpoints.quick.label"), key=area_key, height=120,
                     placeholder=tr("touchpoints.quick.placeholder"), help=tr("touchpoints.quick.help"))
        st.button(tr("touchpoints.quick.button", stage=md(names[stage.id])), key=f"{area_key}-add",
                  icon=":material/playlist_add:", on_click=quick_capture,
                  args=(stage.id, area_key, names[stage.id]))
        problem = st.session_state.get(Keys.ERRORS, {}).get(area_key)
        if problem:
            st.error(problem, icon=session.ICON_WARNING)


def show_suggestions(stage) -> None:
    with st.container(border=True):
        st.markdown(f"**{tr('touchpoints.suggest.title')}**")
        suggested = pack.touchpoints_for(ws.framework, stage.key) if pack and stage.key else []
        if not suggested:
            st.caption(tr("touchpoints.suggest.custom_stage"))
            return
        offered = suggestions.remaining(suggested, touchpoints, stage_id=stage.id)
        if not offered:
            st.caption(tr("touchpoints.suggest.none_left"))
            return
        st.caption(tr("touchpoints.suggest.caption", industry=md(pack.name(lang))))
        add_all_button(stage, where="tab")
        for suggestion in offered:
            name = suggestion.name(ws.lang)
            text, action = st.columns([3, 1], vertical_alignment="center", gap="small")
            with text:
                st.markdown(f"**{md(name)}**")
                st.caption(tr("touchpoints.suggest.meta", channel=channel_labels[suggestion.channel],
                              owner=md(suggestion.owner(ws.lang)), kpi=md(suggestion.kpi(ws.lang))))
            with action:
                st.button(tr("touchpoints.suggest.add"), key=f"tp-suggest-{ws.id}-{stage.id}-{suggestion.key}",
                          icon=":material/add:", help=tr("touchpoints.suggest.add_help", name=md(name)),
                          on_click=accept_suggestion, args=(stage.id, suggestion.key), width="stretch")


def show_stage(stage) -> None:
    stage_tps = [tp for tp in touchpoints if tp.stage_id == stage.id]
    if stage.goal:
        st.caption(tr("touchpoints.stage_goal", goal=md(stage.goal)))
    if not stage_tps:
        st.warning(tr("touchpoints.stage_empty", stage=md(names[stage.id])), icon=session.ICON_WARNING)
    show_table(stage, stage_tps)
    ideas, quick = st.columns([3, 2], gap="medium")
    with ideas:
        show_suggestions(stage)
    with quick:
        show_quick_capture(stage)


show_all()

st.subheader(tr("flow.tp.by_stage"), anchor=False)
labels = tab_labels()
open_key = f"tp-open-{ws.id}"
opened = st.session_state.get(open_key)
if opened not in labels:
    opened = stages[0].id
tabs = st.tabs(list(labels.values()), key=f"tp-tabs-{ws.id}", default=labels[opened], on_change="rerun")
for stage, tab in zip(stages, tabs):
    if tab.open:
        st.session_state[open_key] = stage.id
        with tab:
            show_stage(stage)


# -- import (views/touchpoints_import.py) ---------------------------------------
touchpoints_import.show(store, ws, stages, names, lang)

session.next_step("touchpoints", ws)
