"""The Backlog page's ranked table: filters, then every open item as a row
whose edits are saved at once (``table_editing.fixed_table_editor``, one key).

While the user edits the table (an edit pending, or the rerun right after
one was saved) the rows keep the order they had: the row being edited does
not jump. Any other interaction, or "Sort by rank", ranks again.
"""

import pandas as pd
import streamlit as st

from audit import backlog_review
from audit.model import FIELDS, SOURCES, STATUSES
from views import keys, session, table_editing
from views.session import Keys, tr

#: Editor column -> item field, for the editable columns.
COLUMNS = {name: name for name in ("title", "impact", "confidence", "ease", "owner", "status", "due_date", "kpi",
                                   "kpi_target", "review_date", "audience")}
SHORT = ["rank", "title", "ice", "status", "owner", "due_date", "touchpoint"]
FULL = ["rank", "title", "ice", "impact", "confidence", "ease", "status", "owner", "due_date", "touchpoint",
        "kpi", "kpi_target", "review_date", "audience", "stage", "source"]


def table_in_use(ws_id: int) -> bool:
    """Has the table an edit not yet saved (this rerun was started by one)?"""
    key = table_editing.editor_key(keys.backlog(ws_id, "table"))
    edited = {str(r): dict(v) for r, v in ((st.session_state.get(key) or {}).get("edited_rows") or {}).items()}
    return edited != table_editing.kept().get(key + "__applied", {})  # the editor keeps what it saved


def filtered(ws_id: int, stages, open_items: list, stage_names: dict, source_names: dict, status_names: dict) -> list:
    """The filters' row, and the open items they keep, in the order to show."""
    used_sources = [s for s in SOURCES if any(i.source == s for i in open_items)]
    used_stages = [s.uid for s in stages if any(i.stage_uid == s.uid for i in open_items)]
    f_status, f_source, f_stage = st.columns(3)
    want_status = f_status.multiselect(tr("backlog.filter.status"), list(STATUSES), key=keys.backlog(ws_id, "f-status"),
                                       format_func=status_names.get, placeholder=tr("backlog.filter.all"))
    want_source = f_source.multiselect(tr("backlog.filter.source"), used_sources, key=keys.backlog(ws_id, "f-source"),
                                       format_func=source_names.get, placeholder=tr("backlog.filter.all"))
    want_stage = f_stage.multiselect(tr("backlog.filter.stage"), used_stages, key=keys.backlog(ws_id, "f-stage"),
                                     format_func=stage_names.get, placeholder=tr("backlog.filter.all"))
    order_key = keys.backlog(ws_id, "order")  # the row order shown, kept while the user edits the table
    keep_order = ((st.session_state.pop(keys.backlog(ws_id, "keep-order"), False) or table_in_use(ws_id))
                  and not st.session_state.pop(keys.backlog(ws_id, "sort-now"), False))
    ranked_ids = [i.id for i in open_items]
    if keep_order and order_key in st.session_state:
        order = backlog_review.kept_order(st.session_state[order_key], ranked_ids)
    else:
        order = ranked_ids
    st.session_state[order_key] = order
    position = {item_id: n for n, item_id in enumerate(order)}
    return sorted((i for i in open_items
                   if backlog_review.matches(i, statuses=want_status, sources=want_source, stage_uids=want_stage)),
                  key=lambda i: position[i.id])


def frame_of(shown: list, rank_of: dict, stage_names: dict, source_names: dict) -> pd.DataFrame:
    date_of = backlog_review.date_of
    frame = pd.DataFrame(
        [{"rank": rank_of[i.id], "title": i.title, "ice": i.ice, "impact": i.impact, "confidence": i.confidence,
          "ease": i.ease, "status": i.status, "owner": i.owner, "due_date": date_of(i.due_date),
          "touchpoint": i.touchpoint, "kpi": i.kpi, "kpi_target": i.kpi_target,
          "review_date": date_of(i.review_date), "audience": i.audience,
          "stage": stage_names.get(i.stage_uid, ""), "source": source_names.get(i.source, i.source)}
         for i in shown],
        columns=FULL,
    )
    for column in ("due_date", "review_date"):
        frame[column] = frame[column].astype("object")
    return frame


def score_column(name: str):
    # A generated impact may carry one decimal (7.4): a step of 1 would show it
    # rounded (7) beside an ICE computed from 7.4. What the user types is
    # checked to be a whole number 1–10 (model.clean_backlog).
    step = 0.1 if name == "impact" else 1
    return st.column_config.NumberColumn(tr(f"backlog.col.{name}"), help=tr(f"backlog.help.{name}"),
                                         min_value=FIELDS["backlog"][name].lo,
                                         max_value=FIELDS["backlog"][name].hi, step=step, required=True,
                                         format="%g", width=90)


def column_config(status_names: dict) -> dict:
    def text_column(name: str, width: int):
        return st.column_config.TextColumn(tr(f"backlog.col.{name}"), help=tr(f"backlog.help.{name}"), width=width)

    def date_column(name: str):
        return st.column_config.DateColumn(tr(f"backlog.col.{name}"), format=tr("backlog.date_column"), width=105)

    return {
        "rank": st.column_config.NumberColumn("#", help=tr("backlog.help.rank"), width=40, pinned=True),
        "title": st.column_config.TextColumn(tr("backlog.col.title"), width=380, required=True, pinned=True),
        "ice": st.column_config.NumberColumn(tr("backlog.col.ice"), help=tr("backlog.help.ice"), format="%g", width=65),
        **{name: score_column(name) for name in ("impact", "confidence", "ease")},
        "status": st.column_config.SelectboxColumn(tr("backlog.col.status"), options=list(STATUSES),
                                                   format_func=status_names.get, required=True, width=110),
        "owner": text_column("owner", 120), "due_date": date_column("due_date"),
        "touchpoint": text_column("touchpoint", 150), "kpi": text_column("kpi", 200),
        "kpi_target": text_column("kpi_target", 110), "review_date": date_column("review_date"),
        "audience": text_column("audience", 150),
        "stage": st.column_config.TextColumn(tr("backlog.col.stage"), width=110),
        "source": st.column_config.TextColumn(tr("backlog.col.source"), help=tr("backlog.help.source"), width=150),
    }


def show(ws_id: int, stages, open_items: list, rank_of: dict, stage_names: dict, source_names: dict,
         status_names: dict) -> list:
    """The ranked table and its filters; returns the items shown."""
    st.subheader(tr("backlog.table.title"), anchor=False)
    st.caption("  \n".join(tr(f"backlog.explain.{factor}") for factor in ("impact", "confidence", "ease")))
    shown = filtered(ws_id, stages, open_items, stage_names, source_names, status_names)
    if not shown:
        st.info(tr("backlog.filter.none"), icon=":material/search:")
        return shown

    def apply_edits(plan) -> None:
        session.store().update_backlog_items(ws_id, plan.updates)
        st.session_state[keys.backlog(ws_id, "keep-order")] = True

    every, sort = st.columns([3, 1], vertical_alignment="center")
    all_columns = every.toggle(tr("backlog.table.all_columns"), key=keys.backlog(ws_id, "all-columns"),
                               help=tr("backlog.table.all_columns_help"))
    if [i.id for i in shown] != [i.id for i in sorted(shown, key=lambda i: rank_of[i.id])]:
        sort.button(tr("backlog.table.sort"), key=keys.backlog(ws_id, "sort"), icon=":material/sort:",
                    width="stretch", help=tr("backlog.table.sort_help"),
                    on_click=lambda: st.session_state.update({keys.backlog(ws_id, "sort-now"): True}))
    # The frame is a pure function of what it shows: built again only when that changed (issue 11:
    # about 15 % of a /backlog run's samples; 17.2 -> 16.0 ms of CPU a switch)
    frame = session.kept_under(Keys.BACKLOG_FRAME, (tuple(shown), tuple(rank_of[i.id] for i in shown),
                                                    tuple(stage_names.items()), tuple(source_names.items())),
                               lambda: frame_of(shown, rank_of, stage_names, source_names), share=ws_id)
    table_editing.fixed_table_editor(  # one key: no second render, no jump back to the left edge after a save
        keys.backlog(ws_id, "table"), frame,
        row_ids=[i.id for i in shown], columns=COLUMNS, apply=apply_edits,
        hide_index=True, width="stretch", placeholder="", height=min(38 + 35 * len(shown), 38 + 35 * 15),
        disabled=["rank", "ice", "touchpoint", "stage", "source"], column_order=FULL if all_columns else SHORT,
        column_config=column_config(status_names),
    )
    st.caption(tr("backlog.ice_caption"))
    return shown
