"""Audit 1 — touchpoints: the inventory of where customers meet the
business, stage by stage.

First the whole list, every stage at once: one table of all touchpoints
(edit, or remove any: select rows and delete), and per stage one click
"Add all suggestions" (one transaction). Then one tab per stage, in journey
order (the label shows the count; an empty stage is flagged "⚠ 0"): the
stage's table (edits saved at once), the checklist library's suggestions
with a one-click "Add" each or "Add all suggestions for this stage", and
quick capture (one touchpoint per line). Below the tabs: import a CSV/XLSX
that updates what is there (its plan, then "Apply").

The parts live beside this page: ``touchpoints_tables`` (the two tables),
``touchpoints_suggest`` (the pack's suggestions), ``touchpoints_capture``
(quick capture), ``touchpoints_import`` (the import); ``touchpoints_state``
holds what this run read, which they share.

The tabs track state (``on_change="rerun"``), so only the open stage renders;
the open stage is remembered by id (``keys.tp_open``) because a label changes
with its count and Streamlit then starts the tabs afresh on ``default``.
"""

import streamlit as st

from views import keys, session, touchpoints_capture, touchpoints_import, touchpoints_suggest, touchpoints_tables
from views.session import md, tr
from views.touchpoints_state import Inventory, plural

ws = session.require_workspace("touchpoints")
session.page_header("touchpoints", ws)
inv = Inventory.read(session.store(), ws, session.lang(), session.library())
names = inv.names


# -- overview: every stage at once -------------------------------------------
if not inv.touchpoints:
    st.info(tr("touchpoints.empty"), icon=":material/arrow_downward:")
else:
    st.markdown(plural("touchpoints.summary", len(inv.touchpoints), covered=len(inv.stages) - len(inv.gaps),
                       stages=len(inv.stages)))
    if inv.gaps:
        st.warning(tr("touchpoints.gaps", names=", ".join(f"**{md(names[s.id])}**" for s in inv.gaps)),
                   icon=session.ICON_WARNING)


# -- one tab per stage -------------------------------------------------------
def tab_labels() -> dict[int, str]:
    labels = {}
    for position, stage in enumerate(inv.stages, 1):
        name = md(names[stage.id])
        if list(names.values()).count(names[stage.id]) > 1:
            name = f"{name} \\({position}\\)"
        n = inv.counts[stage.id]
        labels[stage.id] = tr("touchpoints.tab", name=name, n=n) if n else tr("touchpoints.tab_empty", name=name)
    return labels


def show_stage(stage) -> None:
    if stage.goal:
        st.caption(tr("touchpoints.stage_goal", goal=md(stage.goal)))
    if not inv.counts[stage.id]:
        st.warning(tr("touchpoints.stage_empty", stage=md(names[stage.id])), icon=session.ICON_WARNING)
    touchpoints_tables.show_stage(inv, stage)
    ideas, quick = st.columns([3, 2], gap="medium")
    with ideas:
        touchpoints_suggest.show(inv, stage)
    with quick:
        touchpoints_capture.show(inv, stage)


touchpoints_tables.show_all(inv)

st.subheader(tr("flow.tp.by_stage"), anchor=False)
labels = tab_labels()
open_key = keys.tp_open(ws.id)
opened = st.session_state.get(open_key)
if opened not in labels:
    opened = inv.stages[0].id
tabs = st.tabs(list(labels.values()), key=keys.tp_tabs(ws.id), default=labels[opened], on_change="rerun")
for stage, tab in zip(inv.stages, tabs):
    if tab.open:
        st.session_state[open_key] = stage.id
        with tab:
            show_stage(stage)


# -- import (views/touchpoints_import.py) ---------------------------------------
touchpoints_import.show(inv.store, ws, inv.stages, names, inv.lang, inv.touchpoints)

session.next_step("touchpoints", ws)
