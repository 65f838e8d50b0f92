"""Build 1 — the backlog: what the audit says to do, the owner's evidence first.

Every visit brings the backlog in step with the audit (``backlog.sync``:
planned once, written only when something changed; it keeps the user's edits
and marks items whose cause is gone as resolved). The page opens with the
five items to start this week, then the full ranked table (edits saved at
once, the row order kept while the user edits), one item in full, own items,
and the downloads.
"""

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from audit import backlog, backlog_review, exports, workbook
from audit.model import FIELDS, SOURCES, STATUSES, InvalidValue
from views import editing, session
from views.session import md, tr

store = session.store()
ws = session.require_workspace("backlog")
session.page_header("backlog", ws)
lang = session.lang()
library = session.library()
PREFIX = f"backlog-{ws.id}"
TABLE = f"{PREFIX}-table"
ORDER = f"{PREFIX}-order"  # the row order shown, kept while the user edits the table
KEEP_ORDER = f"{PREFIX}-keep-order"
SORT = f"{PREFIX}-sort-now"
WEEK = 5

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
        session.toast_later(tr("backlog.regen.up_to_date"), icon=":material/thumb_up:")
    else:
        session.toast_later(tr("backlog.regen.done", counts=counts_text(counts)), icon=":material/refresh:")


def date_of(text: str):
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def shown_date(text: str) -> str:
    """A stored date in the interface language's format; blank when empty."""
    day = date_of(text)
    if day is None:
        return ""
    return tr("backlog.date", d=day.day, y=day.year, month=tr(f"backlog.month.{day.month}"))


# -- keep the backlog in step with the audit ---------------------------------
synced = backlog.sync(store, ws.id, library, data=session.workspace_data(ws.id),
                      items=session.backlog_items(ws.id))  # the sidebar's read of this run
if not synced.plan.empty:
    counts = backlog_review.plan_counts(synced.plan)
    if not counts.nothing:
        st.toast(tr("backlog.regen.auto", counts=counts_text(counts)), icon=":material/refresh:")
data, items = synced.data, synced.items

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
    with st.expander(tr("backlog.own.title"), icon=":material/add:", expanded=expanded):
        st.caption(tr("backlog.own.help"))
        with st.form(f"{PREFIX}-new", border=False):
            st.text_input(tr("backlog.col.title"), key=NEW["title"], placeholder=tr("backlog.own.title_placeholder"))
            st.text_area(tr("backlog.col.detail"), key=NEW["detail"], height=90)
            ice = st.columns(3)
            for col, name in zip(ice, ("impact", "confidence", "ease")):
                col.number_input(tr(f"backlog.col.{name}"), min_value=FIELDS["backlog"][name].lo,
                                 max_value=FIELDS["backlog"][name].hi, value=None, step=1,
                                 key=NEW[name], help=tr(f"backlog.help.{name}"))
            who, when = st.columns(2)
            who.text_input(tr("backlog.col.owner"), key=NEW["owner"])
            when.date_input(tr("backlog.col.due_date"), value=None, key=NEW["due"], format=tr("backlog.date_widget"))
            st.form_submit_button(tr("backlog.own.submit"), type="primary", on_click=add_own_item)
        problem = st.session_state.get(NEW_ERROR)
        if problem:
            st.error(md(problem), icon=":material/warning:")


# -- empty state --------------------------------------------------------------------
if not items:
    st.info(tr("backlog.empty"), icon=":material/explore:")
    links = st.columns(3)
    for col, page in zip(links, ("touchpoints", "scoring", "checklist")):
        with col:
            st.page_link(f"views/{page}.py", label=tr(f"nav.{page}"), icon=":material/arrow_forward:")
    own_item_form(expanded=False)
    st.stop()


# -- toolbar: what is here, regenerate ----------------------------------------------
summary, button = st.columns([4, 1], vertical_alignment="center")
summary.markdown(tr("backlog.summary_one" if len(open_items) == 1 else "backlog.summary",
                    open=len(open_items), resolved=len(resolved_items)))
button.button(tr("backlog.regen.button"), key=f"{PREFIX}-regenerate", icon=":material/refresh:",
              help=tr("backlog.regen.help"), on_click=regenerate_now, width="stretch")


# -- this week: the top five, as cards ---------------------------------------------
def card(n: int, item) -> None:
    with st.container(border=True, key=f"{PREFIX}-card-{item.uid}"):
        st.markdown(f"**{n}. {md(item.title)}**")
        if item.detail:
            st.caption(md(item.detail))
        facts = []
        where = [md(x) for x in (item.touchpoint, stage_names.get(item.stage_uid, "")) if x]
        if where:
            facts.append(":material/place: " + " · ".join(where))
        facts.append(":material/person: " + (md(item.owner) if item.owner else tr("backlog.week.no_owner")))
        if item.kpi:
            measure = md(item.kpi) + (f" → {md(item.kpi_target)}" if item.kpi_target else "")
            facts.append(":material/monitoring: " + measure)
        if item.due_date:
            facts.append(":material/event: " + tr("backlog.week.due", date=shown_date(item.due_date)))
        if item.review_date:
            facts.append(":material/event_repeat: " + tr("backlog.week.review", date=shown_date(item.review_date)))
        st.markdown(" · ".join(facts))


week = backlog.top(items, WEEK)
if week:
    st.subheader(tr("backlog.week.title"), anchor=False)
    st.caption(tr("backlog.week.help"))
    for n, item in enumerate(week, 1):
        card(rank_of[item.id], item)


# -- the ranked table ---------------------------------------------------------------
st.subheader(tr("backlog.table.title"), anchor=False)
for factor in ("impact", "confidence", "ease"):
    st.caption(tr(f"backlog.explain.{factor}"))

used_sources = [s for s in SOURCES if any(i.source == s for i in open_items)]
used_stages = [s.uid for s in data.stages if any(i.stage_uid == s.uid for i in open_items)]
f_status, f_source, f_stage = st.columns(3)
want_status = f_status.multiselect(tr("backlog.filter.status"), list(STATUSES), key=f"{PREFIX}-f-status",
                                   format_func=status_names.get, placeholder=tr("backlog.filter.all"))
want_source = f_source.multiselect(tr("backlog.filter.source"), used_sources, key=f"{PREFIX}-f-source",
                                   format_func=source_names.get, placeholder=tr("backlog.filter.all"))
want_stage = f_stage.multiselect(tr("backlog.filter.stage"), used_stages, key=f"{PREFIX}-f-stage",
                                 format_func=stage_names.get, placeholder=tr("backlog.filter.all"))

# While the user edits the table (an edit pending, or the rerun right after
# one was saved) the rows keep the order they had: the row being edited does
# not jump. Any other interaction, or "Sort by rank", ranks again.
def table_in_use() -> bool:
    """Has the table an edit not yet saved (this rerun was started by one)?"""
    key = editing.editor_key(TABLE)
    edited = {str(r): dict(v) for r, v in ((st.session_state.get(key) or {}).get("edited_rows") or {}).items()}
    return edited != st.session_state.get(key + "__applied", {})  # the editor keeps what it saved


def sort_by_rank() -> None:
    st.session_state[SORT] = True


keep_order = (st.session_state.pop(KEEP_ORDER, False) or table_in_use()) and not st.session_state.pop(SORT, False)
ranked_ids = [i.id for i in open_items]
if keep_order and ORDER in st.session_state:
    present = set(ranked_ids)
    kept = [i for i in st.session_state[ORDER] if i in present]
    order = kept + [i for i in ranked_ids if i not in set(kept)]
else:
    order = ranked_ids
st.session_state[ORDER] = order
position = {item_id: n for n, item_id in enumerate(order)}
shown = sorted((i for i in open_items
                if backlog_review.matches(i, statuses=want_status, sources=want_source, stage_uids=want_stage)),
               key=lambda i: position[i.id])

COLUMNS = {name: name for name in ("title", "impact", "confidence", "ease", "owner", "status", "due_date", "kpi",
                                   "kpi_target", "review_date", "audience")}
FRAME_COLUMNS = ["rank", "title", "ice", "impact", "confidence", "ease", "status", "owner", "due_date",
                 "touchpoint", "kpi", "kpi_target", "review_date", "audience", "stage", "source"]
SHORT = ["rank", "title", "ice", "status", "owner", "due_date", "touchpoint"]
FULL = ["rank", "title", "ice", "impact", "confidence", "ease", "status", "owner", "due_date", "touchpoint",
        "kpi", "kpi_target", "review_date", "audience", "stage", "source"]

frame = pd.DataFrame(
    [{"rank": rank_of[i.id], "title": i.title, "ice": i.ice, "impact": i.impact, "confidence": i.confidence,
      "ease": i.ease, "status": i.status, "owner": i.owner, "due_date": date_of(i.due_date),
      "touchpoint": i.touchpoint, "kpi": i.kpi, "kpi_target": i.kpi_target,
      "review_date": date_of(i.review_date), "audience": i.audience,
      "stage": stage_names.get(i.stage_uid, ""), "source": source_names.get(i.source, i.source)}
     for i in shown],
    columns=FRAME_COLUMNS,
)
for column in ("due_date", "review_date"):
    frame[column] = frame[column].astype("object")


def score_column(name: str):
    # A generated impact may carry one decimal (7.4): a step of 1 would show it
    # rounded (7) beside an ICE computed from 7.4. What the user types is
    # checked to be a whole number 1–10 (model.clean_backlog).
    step = 0.1 if name == "impact" else 1
    return st.column_config.NumberColumn(tr(f"backlog.col.{name}"), help=tr(f"backlog.help.{name}"),
                                         min_value=FIELDS["backlog"][name].lo,
                                         max_value=FIELDS["backlog"][name].hi, step=step, required=True,
                                         format="%g", width=90)


def text_column(name: str, width: int):
    return st.column_config.TextColumn(tr(f"backlog.col.{name}"), help=tr(f"backlog.help.{name}"), width=width)


def date_column(name: str):
    return st.column_config.DateColumn(tr(f"backlog.col.{name}"), format=tr("backlog.date_column"), width=105)


def apply_edits(plan) -> None:
    store.update_backlog_items(ws.id, plan.updates)
    st.session_state[KEEP_ORDER] = True


if not shown:
    st.info(tr("backlog.filter.none"), icon=":material/search:")
else:
    every, sort = st.columns([3, 1], vertical_alignment="center")
    all_columns = every.toggle(tr("backlog.table.all_columns"), key=f"{PREFIX}-all-columns",
                               help=tr("backlog.table.all_columns_help"))
    if [i.id for i in shown] != [i.id for i in sorted(shown, key=lambda i: rank_of[i.id])]:
        sort.button(tr("backlog.table.sort"), key=f"{PREFIX}-sort", icon=":material/sort:", width="stretch",
                    help=tr("backlog.table.sort_help"), on_click=sort_by_rank)
    editing.fixed_table_editor(  # one key: no second render, no jump back to the left edge after a save
        TABLE, frame, row_ids=[i.id for i in shown], columns=COLUMNS, apply=apply_edits,
        hide_index=True, width="stretch", placeholder="",
        height=min(38 + 35 * len(shown), 38 + 35 * 15),
        disabled=["rank", "ice", "touchpoint", "stage", "source"],
        column_order=FULL if all_columns else SHORT,
        column_config={
            "rank": st.column_config.NumberColumn("#", help=tr("backlog.help.rank"), width=40, pinned=True),
            "title": st.column_config.TextColumn(tr("backlog.col.title"), width=380, required=True, pinned=True),
            "ice": st.column_config.NumberColumn(tr("backlog.col.ice"), help=tr("backlog.help.ice"),
                                                 format="%g", width=65),
            "impact": score_column("impact"),
            "confidence": score_column("confidence"),
            "ease": score_column("ease"),
            "status": st.column_config.SelectboxColumn(tr("backlog.col.status"), options=list(STATUSES),
                                                       format_func=status_names.get, required=True, width=110),
            "owner": text_column("owner", 120),
            "due_date": date_column("due_date"),
            "touchpoint": text_column("touchpoint", 150),
            "kpi": text_column("kpi", 200),
            "kpi_target": text_column("kpi_target", 110),
            "review_date": date_column("review_date"),
            "audience": text_column("audience", 150),
            "stage": st.column_config.TextColumn(tr("backlog.col.stage"), width=110),
            "source": st.column_config.TextColumn(tr("backlog.col.source"), help=tr("backlog.help.source"),
                                                  width=150),
        },
    )
    st.caption(tr("backlog.ice_caption"))

# -- one item in full ----------------------------------------------------------------
if shown:
    st.subheader(tr("backlog.detail.title"), anchor=False)
    labels = {i.id: f"#{rank_of[i.id]} · {i.title}" for i in sorted(shown, key=lambda i: rank_of[i.id])}
    picked_id = st.selectbox(tr("backlog.detail.pick"), list(labels), key=f"{PREFIX}-detail-pick",
                             format_func=labels.get)
    item = next((i for i in shown if i.id == picked_id), shown[0])

    def save(name: str):
        return lambda value, item_id=item.id: store.update_backlog_item(ws.id, item_id, **{name: value})

    with st.container(border=True):
        st.markdown(f"**{md(item.title)}**")
        facts = [source_names.get(item.source, item.source)]
        if item.touchpoint:
            facts.append(md(item.touchpoint))
        if item.stage_uid in stage_names:
            facts.append(tr("backlog.detail.stage", stage=md(stage_names[item.stage_uid])))
        facts.append(tr("backlog.detail.ice", ice=item.ice, impact=item.impact,
                        confidence=item.confidence, ease=item.ease))
        if item.gap is not None:
            facts.append(tr("backlog.detail.gap", gap=item.gap))
        facts.append(status_names.get(item.status, item.status))
        st.caption(" · ".join(facts))
        editing.text_input(
            tr("backlog.col.detail"), key=f"{PREFIX}-{item.uid}-detail", value=item.detail,
            on_save=save("detail"), placeholder=tr("backlog.detail.placeholder"), height=110,
        )
        left, right = st.columns(2)
        with left:
            editing.text_input(tr("backlog.col.audience"), key=f"{PREFIX}-{item.uid}-audience", value=item.audience,
                               on_save=save("audience"), area=False, help=tr("backlog.help.audience"))
            editing.text_input(tr("backlog.col.owner"), key=f"{PREFIX}-{item.uid}-owner", value=item.owner,
                               on_save=save("owner"), area=False, help=tr("backlog.help.owner"))
        with right:
            editing.text_input(tr("backlog.col.kpi"), key=f"{PREFIX}-{item.uid}-kpi", value=item.kpi,
                               on_save=save("kpi"), area=False, help=tr("backlog.help.kpi"))
            editing.text_input(tr("backlog.col.kpi_target"), key=f"{PREFIX}-{item.uid}-kpi_target",
                               value=item.kpi_target, on_save=save("kpi_target"), area=False,
                               help=tr("backlog.help.kpi_target"))
        review_key = f"{PREFIX}-{item.uid}-review"
        editing.follow_store(review_key, date_of(item.review_date))
        st.session_state.setdefault(review_key, date_of(item.review_date))

        @session.guarded
        def save_review(item_id=item.id, key=review_key) -> None:
            day = st.session_state.get(key)
            store.update_backlog_item(ws.id, item_id, review_date=day.isoformat() if day else "")
            session.toast_later(tr("app.saved"))

        st.date_input(tr("backlog.col.review_date"), key=review_key, on_change=save_review,
                      format=tr("backlog.date_widget"), help=tr("backlog.help.review_date"))
        if item.source == "manual":
            with st.popover(tr("backlog.own.delete"), icon=":material/delete:"):
                st.markdown(tr("backlog.own.delete_confirm", title=md(item.title)))
                if st.button(tr("backlog.own.delete_yes"), key=f"{PREFIX}-{item.uid}-delete", type="primary"):
                    store.delete_manual_items(ws.id, [item.id])
                    st.session_state.pop(f"{PREFIX}-detail-pick", None)
                    session.toast_later(tr("backlog.own.deleted", title=md(item.title)), icon=":material/delete:")
                    st.rerun()
        else:
            st.caption(tr("backlog.detail.generated"))

own_item_form(expanded=False)

# -- resolved by the audit -------------------------------------------------------
if resolved_items:
    with st.expander(tr("backlog.resolved.title", n=len(resolved_items)), icon=":material/task_alt:",
                     expanded=False):
        st.caption(tr("backlog.resolved.help"))
        st.dataframe(
            pd.DataFrame([{"title": i.title, "touchpoint": i.touchpoint, "source": source_names.get(i.source, i.source),
                           "stage": stage_names.get(i.stage_uid, ""), "status": status_names.get(i.status),
                           "detail": i.detail} for i in resolved_items]),
            hide_index=True, width="stretch", key=f"{PREFIX}-resolved", placeholder="",
            column_config={
                "title": st.column_config.TextColumn(tr("backlog.col.title"), width="large", pinned=True),
                "touchpoint": st.column_config.TextColumn(tr("backlog.col.touchpoint"), width=150),
                "source": st.column_config.TextColumn(tr("backlog.col.source"), width=150),
                "stage": st.column_config.TextColumn(tr("backlog.col.stage"), width=110),
                "status": st.column_config.TextColumn(tr("backlog.col.status"), width=110),
                "detail": st.column_config.TextColumn(tr("backlog.col.detail"), width="large"),
            },
        )

# -- downloads ---------------------------------------------------------------------
# One format picker and one button, from what this run has already read:
# nothing is written to the database. The CSV-like files are small and made
# at once; the workbooks take longer, so they are made when the button is
# pressed (a callable, run by Streamlit apart from the script).
DOWNLOADS = (*exports.FORMATS, "audit")
ON_CLICK = ("xlsx", "audit")
download_labels = {fmt: tr(f"backlog.download.{fmt}") if fmt in ("csv", "excel-es") else tr(f"backlog.export.{fmt}")
                   for fmt in DOWNLOADS}


def download_data(fmt: str, data, items, pack, framework: str, lang: str) -> bytes:
    if fmt == "audit":
        return workbook.audit_xlsx(data, items, pack=pack, lang=lang)
    return exports.backlog_file(items, stages=data.stages, framework=framework, lang=lang, fmt=fmt)


with st.container(key=f"{PREFIX}-downloads"):
    st.subheader(tr("backlog.export.title"), anchor=False)
    pick, get = st.columns([3, 1], vertical_alignment="bottom")
    fmt = pick.selectbox(tr("backlog.export.format"), DOWNLOADS, key=f"{PREFIX}-download-format",
                         format_func=download_labels.get, help=tr("backlog.export.format_help"))
    make = functools.partial(download_data, fmt, data, items, library.pack(ws.industry), ws.framework, lang)
    get.download_button(
        tr("backlog.export.button"), key=f"{PREFIX}-download", icon=":material/download:", width="stretch",
        data=make if fmt in ON_CLICK else make(), file_name=exports.file_name(ws.slug, fmt),
        mime=exports.MIME[fmt], on_click="ignore",
    )
    st.caption(tr(f"backlog.export.about.{fmt}"))
session.next_step("backlog", ws)
