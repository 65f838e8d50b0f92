"""Build 1 — the backlog: what the audit says to do, ranked by ICE.

Every visit regenerates the backlog from the audit (idempotent: it keeps the
user's edits and marks items whose cause is gone as resolved). The user
re-scores impact / confidence / ease, assigns owners, statuses, due dates
and KPIs in a table saved at once, adds own items, and downloads the list.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from audit import backlog, backlog_review, exports
from audit.model import SOURCES, STATUSES, InvalidValue
from views import session
from views.session import md, tr

store = session.store()
ws = session.require_workspace("backlog")
session.page_header("backlog", ws)
lang = session.lang()
library = session.library()
PREFIX = f"backlog-{ws.id}"

source_names = {s: tr(f"source.{s}") for s in SOURCES}
status_names = {s: tr(f"status.{s}") for s in STATUSES}


def counts_text(counts: backlog_review.PlanCounts) -> str:
    parts = [tr(f"backlog.regen.{name}", n=n) for name, n in (
        ("added", counts.added), ("updated", counts.updated), ("resolved", counts.resolved),
        ("reopened", counts.reopened)) if n]
    return ", ".join(parts)


@session.guarded
def regenerate_now() -> None:
    """The Regenerate button (a callback: it runs before the page, so its
    toast reports what this regeneration did)."""
    counts = backlog_review.plan_counts(backlog.regenerate(store, ws.id, library))
    if counts.nothing:
        session.toast_later(tr("backlog.regen.up_to_date"), icon="👌")
    else:
        session.toast_later(tr("backlog.regen.done", counts=counts_text(counts)), icon="🔄")


# -- keep the backlog in step with the audit ---------------------------------
data = store.workspace_data(ws.id)
items = store.backlog_items(ws.id)
if backlog_review.should_regenerate(data, items) and not backlog.plan(data, library, items).empty:
    counts = backlog_review.plan_counts(backlog.regenerate(store, ws.id, library))
    if not counts.nothing:
        st.toast(tr("backlog.regen.auto", counts=counts_text(counts)), icon="🔄")
    items = store.backlog_items(ws.id)

stage_names = {s.uid: s.display_name(ws.framework, lang) for s in data.stages}
open_items, resolved_items = backlog_review.split(items)
rank_of = {item.id: n for n, item in enumerate(open_items, 1)}


# -- an own item ----------------------------------------------------------------
NEW = {name: f"{PREFIX}-new-{name}" for name in ("title", "detail", "impact", "confidence", "ease",
                                                   "owner", "due")}
NEW_ERROR = f"{PREFIX}-new-error"


@session.guarded
def add_own_item() -> None:
    state = st.session_state
    due = state.get(NEW["due"])
    try:
        store.add_manual_item(
            ws.id, title=state.get(NEW["title"], ""), detail=state.get(NEW["detail"], ""),
            impact=state.get(NEW["impact"]), confidence=state.get(NEW["confidence"]),
            ease=state.get(NEW["ease"]), owner=state.get(NEW["owner"], ""),
            due_date=due.isoformat() if due else "",
        )
    except InvalidValue as exc:
        state[NEW_ERROR] = session.error_text(exc)
        return
    state.pop(NEW_ERROR, None)
    session.toast_later(tr("backlog.own.added", title=md(state.get(NEW["title"], "").strip())))
    clear_own_item_form(state)


NEW_DEFAULTS = {"title": "", "detail": "", "impact": 5, "confidence": 5, "ease": 5, "owner": "", "due": None}


def clear_own_item_form(state) -> None:
    """Set (not drop) each field: the browser only resets a widget it is told a value for."""
    for name, value in NEW_DEFAULTS.items():
        state[NEW[name]] = value


def own_item_form(expanded: bool) -> None:
    for name, value in NEW_DEFAULTS.items():
        st.session_state.setdefault(NEW[name], value)
    with st.expander(tr("backlog.own.title"), icon="➕", expanded=expanded):
        st.caption(tr("backlog.own.help"))
        with st.form(f"{PREFIX}-new", border=False):
            st.text_input(tr("backlog.col.title"), key=NEW["title"], placeholder=tr("backlog.own.title_placeholder"))
            st.text_area(tr("backlog.col.detail"), key=NEW["detail"], height=90)
            ice = st.columns(3)
            for col, name in zip(ice, ("impact", "confidence", "ease")):
                col.number_input(tr(f"backlog.col.{name}"), min_value=1, max_value=10, value=None, step=1,
                                 key=NEW[name], help=tr(f"backlog.help.{name}"))
            who, when = st.columns(2)
            who.text_input(tr("backlog.col.owner"), key=NEW["owner"])
            when.date_input(tr("backlog.col.due_date"), value=None, key=NEW["due"], format="YYYY-MM-DD")
            st.form_submit_button(tr("backlog.own.submit"), type="primary", on_click=add_own_item)
        problem = st.session_state.get(NEW_ERROR)
        if problem:
            st.error(md(problem), icon="⚠️")


# -- empty state --------------------------------------------------------------------
if not items:
    st.info(tr("backlog.empty"), icon="🧭")
    links = st.columns(3)
    for col, page in zip(links, ("touchpoints", "scoring", "checklist")):
        with col:
            st.page_link(f"views/{page}.py", label=tr(f"nav.{page}"), icon="👉")
    own_item_form(expanded=False)
    st.stop()


# -- toolbar: what is here, regenerate ----------------------------------------------
summary, button = st.columns([4, 1], vertical_alignment="center")
summary.markdown(tr("backlog.summary_one" if len(open_items) == 1 else "backlog.summary",
                    open=len(open_items), resolved=len(resolved_items)))
button.button(tr("backlog.regen.button"), key=f"{PREFIX}-regenerate", icon="🔄",
              help=tr("backlog.regen.help"), on_click=regenerate_now, width="stretch")

# -- filters ------------------------------------------------------------------------
used_sources = [s for s in SOURCES if any(i.source == s for i in open_items)]
used_stages = [s.uid for s in data.stages if any(i.stage_uid == s.uid for i in open_items)]
f_status, f_source, f_stage = st.columns(3)
want_status = f_status.multiselect(tr("backlog.filter.status"), list(STATUSES), key=f"{PREFIX}-f-status",
                                   format_func=status_names.get, placeholder=tr("backlog.filter.all"))
want_source = f_source.multiselect(tr("backlog.filter.source"), used_sources, key=f"{PREFIX}-f-source",
                                   format_func=source_names.get, placeholder=tr("backlog.filter.all"))
want_stage = f_stage.multiselect(tr("backlog.filter.stage"), used_stages, key=f"{PREFIX}-f-stage",
                                 format_func=stage_names.get, placeholder=tr("backlog.filter.all"))
shown = [i for i in open_items
         if backlog_review.matches(i, statuses=want_status, sources=want_source, stage_uids=want_stage)]

# -- the ranked table ---------------------------------------------------------------
COLUMNS = {"title": "title", "impact": "impact", "confidence": "confidence", "ease": "ease",
           "owner": "owner", "status": "status", "due_date": "due_date", "kpi": "kpi"}


def due(text: str):
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


frame = pd.DataFrame(
    [{"rank": rank_of[i.id], "title": i.title, "source": source_names.get(i.source, i.source),
      "stage": stage_names.get(i.stage_uid, ""), "impact": i.impact, "confidence": i.confidence,
      "ease": i.ease, "ice": i.ice, "owner": i.owner, "status": i.status, "due_date": due(i.due_date),
      "kpi": i.kpi} for i in shown],
    columns=["rank", "title", "source", "stage", "impact", "confidence", "ease", "ice", "owner",
             "status", "due_date", "kpi"],
)
if not frame.empty:
    frame["due_date"] = frame["due_date"].astype("object")


def score_column(name: str):
    return st.column_config.NumberColumn(tr(f"backlog.col.{name}"), help=tr(f"backlog.help.{name}"),
                                         min_value=1, max_value=10, step=1, required=True,
                                         format="%d", width=108)


def apply_edits(plan) -> None:
    store.update_backlog_items(ws.id, plan.updates)


if not shown:
    st.info(tr("backlog.filter.none"), icon="🔎")
else:
    session.table_editor(
        f"{PREFIX}-table", frame, row_ids=[i.id for i in shown], columns=COLUMNS, apply=apply_edits,
        num_rows="fixed", hide_index=True, width="stretch",
        height=min(38 + 35 * len(shown), 38 + 35 * 15),
        disabled=["rank", "source", "stage", "ice"],
        column_order=["rank", "title", "impact", "confidence", "ease", "ice", "status", "owner", "due_date",
                      "kpi", "source", "stage"],
        column_config={
            "rank": st.column_config.NumberColumn("#", help=tr("backlog.help.rank"), width=45, pinned=True),
            "title": st.column_config.TextColumn(tr("backlog.col.title"), width=340, required=True),
            "source": st.column_config.TextColumn(tr("backlog.col.source"), help=tr("backlog.help.source"),
                                                  width=150),
            "stage": st.column_config.TextColumn(tr("backlog.col.stage"), width=110),
            "impact": score_column("impact"),
            "confidence": score_column("confidence"),
            "ease": score_column("ease"),
            "ice": st.column_config.NumberColumn(tr("backlog.col.ice"), help=tr("backlog.help.ice"),
                                                 format="%d", width=65),
            "owner": st.column_config.TextColumn(tr("backlog.col.owner"), width=130),
            "status": st.column_config.SelectboxColumn(tr("backlog.col.status"), options=list(STATUSES),
                                                       format_func=status_names.get, required=True,
                                                       width=120),
            "due_date": st.column_config.DateColumn(tr("backlog.col.due_date"), format="YYYY-MM-DD",
                                                    width=120),
            "kpi": st.column_config.TextColumn(tr("backlog.col.kpi"), help=tr("backlog.help.kpi"),
                                               width=220),
        },
    )
    st.caption(tr("backlog.ice_caption"))

# -- one item in full ----------------------------------------------------------------
if shown:
    st.subheader(tr("backlog.detail.title"))
    labels = {i.id: f"#{rank_of[i.id]} · {i.title}" for i in shown}
    picked_id = st.selectbox(tr("backlog.detail.pick"), list(labels), key=f"{PREFIX}-detail-pick",
                             format_func=labels.get)
    item = next((i for i in shown if i.id == picked_id), shown[0])
    with st.container(border=True):
        st.markdown(f"**{md(item.title)}**")
        facts = [source_names.get(item.source, item.source)]
        if item.stage_uid in stage_names:
            facts.append(tr("backlog.detail.stage", stage=md(stage_names[item.stage_uid])))
        facts.append(tr("backlog.detail.ice", ice=item.ice, impact=item.impact,
                        confidence=item.confidence, ease=item.ease))
        if item.gap is not None:
            facts.append(tr("backlog.detail.gap", gap=item.gap))
        facts.append(status_names.get(item.status, item.status))
        st.caption(" · ".join(facts))
        session.text_input(
            tr("backlog.col.detail"), key=f"{PREFIX}-{item.uid}-detail", value=item.detail,
            on_save=lambda text, item_id=item.id: store.update_backlog_item(ws.id, item_id, detail=text),
            placeholder=tr("backlog.detail.placeholder"), height=110,
        )
        if item.source == "manual":
            with st.popover(tr("backlog.own.delete"), icon="🗑️"):
                st.markdown(tr("backlog.own.delete_confirm", title=md(item.title)))
                if st.button(tr("backlog.own.delete_yes"), key=f"{PREFIX}-{item.uid}-delete", type="primary"):
                    store.delete_manual_items(ws.id, [item.id])
                    st.session_state.pop(f"{PREFIX}-detail-pick", None)
                    session.toast_later(tr("backlog.own.deleted", title=md(item.title)), icon="🗑️")
                    st.rerun()
        else:
            st.caption(tr("backlog.detail.generated"))

own_item_form(expanded=False)

# -- resolved by the audit -------------------------------------------------------
if resolved_items:
    with st.expander(tr("backlog.resolved.title", n=len(resolved_items)), icon="✔️", expanded=False):
        st.caption(tr("backlog.resolved.help"))
        st.dataframe(
            pd.DataFrame([{"title": i.title, "source": source_names.get(i.source, i.source),
                           "stage": stage_names.get(i.stage_uid, ""), "status": status_names.get(i.status),
                           "detail": i.detail} for i in resolved_items]),
            hide_index=True, width="stretch", key=f"{PREFIX}-resolved",
            column_config={
                "title": st.column_config.TextColumn(tr("backlog.col.title"), width="large"),
                "source": st.column_config.TextColumn(tr("backlog.col.source"), width=150),
                "stage": st.column_config.TextColumn(tr("backlog.col.stage"), width=110),
                "status": st.column_config.TextColumn(tr("backlog.col.status"), width=110),
                "detail": st.column_config.TextColumn(tr("backlog.col.detail"), width="large"),
            },
        )

# -- downloads ---------------------------------------------------------------------
st.subheader(tr("backlog.download.title"))
csv_col, excel_col, _ = st.columns([1, 1, 2])
for col, fmt, suffix in ((csv_col, "csv", ""), (excel_col, "excel-es", "-excel-es")):
    with col:
        st.download_button(
            tr(f"backlog.download.{fmt}"), key=f"{PREFIX}-download-{fmt}", icon="⬇️", width="stretch",
            data=exports.backlog_csv(items, stages=data.stages, framework=ws.framework, lang=lang, fmt=fmt),
            file_name=f"backlog-{ws.slug}{suffix}.csv", mime="text/csv", on_click="ignore",
        )
st.caption(tr("backlog.download.which"))
