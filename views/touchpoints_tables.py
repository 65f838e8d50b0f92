"""The Touchpoints page's tables, saved at once (``table_editing.table_editor``):
every touchpoint of every stage (edit, or select rows and delete), and one
stage's table with all its fields (rows added there join that stage)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from audit.model import CHANNELS
from views import keys, table_editing, touchpoints_suggest
from views.session import tr
from views.touchpoints_state import Inventory, channel_labels

#: Editor columns are the record fields themselves; labels come from the catalog.
FIELDS = ("name", "channel", "owner", "technology", "kpi", "notes")
ALL_FIELDS = ("name", "channel", "owner")  # the full list's columns, after the stage


def cell(tp, field: str):
    """A record's value as its editor cell (no channel: an empty cell, not "")."""
    value = getattr(tp, field)
    return (value or None) if field == "channel" else value


def column_config() -> dict:
    text = st.column_config.TextColumn
    return {
        "name": text(tr("touchpoints.col.name"), help=tr("touchpoints.help.name"), required=True, width=260),
        "channel": st.column_config.SelectboxColumn(
            tr("touchpoints.col.channel"), help=tr("touchpoints.help.channel"), options=list(CHANNELS),
            format_func=channel_labels().get, width=105),
        "owner": text(tr("touchpoints.col.owner"), help=tr("touchpoints.help.owner"), width=160),
        "technology": text(tr("touchpoints.col.technology"), help=tr("touchpoints.help.technology"), width=130),
        "kpi": text(tr("touchpoints.col.kpi"), help=tr("touchpoints.help.kpi"), width=180),
        "notes": text(tr("touchpoints.col.notes"), help=tr("touchpoints.help.notes")),
    }


def saver(inv: Inventory):
    return lambda plan: inv.store.apply_touchpoint_edits(inv.ws.id, plan)


def show_all(inv: Inventory) -> None:
    """The full list, all stages, and one click per stage to add its suggestions."""
    st.subheader(tr("flow.tp.all_title"), anchor=False)
    touchpoints_suggest.add_all_row(inv)
    tps = inv.touchpoints
    if not tps:
        return
    st.caption(tr("flow.tp.all_caption"))
    frame = pd.DataFrame({"stage": [inv.names.get(tp.stage_id, "?") for tp in tps],
                          **{f: [cell(tp, f) for tp in tps] for f in ALL_FIELDS}}, dtype=object)
    config = column_config()
    table_editing.table_editor(
        keys.tp_all_editor(inv.ws.id), frame, row_ids=[tp.id for tp in tps], columns={f: f for f in ALL_FIELDS},
        apply=saver(inv), num_rows="delete", hide_index=True, width="stretch", placeholder="",
        column_config={"stage": st.column_config.TextColumn(tr("flow.tp.stage"), disabled=True, pinned=True),
                       **{f: config[f] for f in ALL_FIELDS}},
        height=min(38 + 35 * len(tps), 420),
    )


def show_stage(inv: Inventory, stage) -> None:
    """One stage's table, every field."""
    tps = inv.of_stage(stage.id)
    st.caption(tr("touchpoints.table_caption"))
    frame = pd.DataFrame([{f: cell(tp, f) for f in FIELDS} for tp in tps], columns=list(FIELDS), dtype=object)
    table_editing.table_editor(
        keys.tp_editor(inv.ws.id, stage.id), frame, row_ids=[tp.id for tp in tps],
        columns={f: f for f in FIELDS}, apply=saver(inv), defaults={"stage_id": stage.id},
        num_rows="dynamic", hide_index=True, column_config=column_config(),
        column_order=list(FIELDS), width="stretch", placeholder="",
    )
