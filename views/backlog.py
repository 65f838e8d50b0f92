"""Build 1 — the backlog: what the audit says to do, the owner's evidence first.

Every visit brings the backlog in step with the audit (``backlog.sync``:
planned once, written only when something changed; it keeps the user's edits
and marks items whose cause is gone as resolved). The page opens with the
five items to start this week (``backlog_week``), then the full ranked
table (``backlog_table``: edits saved at once, the row order kept while the
user edits), one item in full (``backlog_item``), own items
(``backlog_own``), and the downloads (``backlog_downloads``).
"""

import streamlit as st

from audit import backlog, backlog_review
from audit.model import SOURCES, STATUSES
from views import backlog_downloads, backlog_item, backlog_own, backlog_table, backlog_week, keys, messages, session
from views.session import tr

store = session.store()
ws = session.require_workspace("backlog")
session.page_header("backlog", ws)
lang = session.lang()
library = session.library()
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
        messages.toast("backlog.regen.up_to_date", icon=":material/thumb_up:")
    else:
        messages.toast("backlog.regen.done", icon=":material/refresh:", counts=counts_text(counts))


# -- keep the backlog in step with the audit ---------------------------------
synced = session.synced_backlog(ws.id)  # on the sidebar's read of this run
if not synced.plan.empty:
    counts = backlog_review.plan_counts(synced.plan)
    if not counts.nothing:
        st.toast(tr("backlog.regen.auto", counts=counts_text(counts)), icon=":material/refresh:")
data, items = synced.data, synced.items

stage_names = {s.uid: s.display_name(ws.framework, lang) for s in data.stages}
open_items, resolved_items = backlog_review.split(items)
rank_of = {item.id: n for n, item in enumerate(open_items, 1)}

# -- empty state --------------------------------------------------------------------
if not items:
    st.info(tr("backlog.empty"), icon=":material/explore:")
    links = st.columns(3)
    for col, page in zip(links, ("touchpoints", "scoring", "checklist")):
        with col:
            st.page_link(f"views/{page}.py", label=tr(f"nav.{page}"), icon=":material/arrow_forward:")
    backlog_own.show(ws.id, expanded=False)
    st.stop()

# -- toolbar: what is here, regenerate ----------------------------------------------
summary, button = st.columns([4, 1], vertical_alignment="center")
summary.markdown(tr("backlog.summary_one" if len(open_items) == 1 else "backlog.summary",
                    open=len(open_items), resolved=len(resolved_items)))
button.button(tr("backlog.regen.button"), key=keys.backlog(ws.id, "regenerate"), icon=":material/refresh:",
              help=tr("backlog.regen.help"), on_click=regenerate_now, width="stretch")

# -- this week, the ranked table, one item in full, own items ---------------------------
backlog_week.show(ws.id, backlog.top(items, WEEK), rank_of, stage_names)
shown = backlog_table.show(ws.id, data.stages, open_items, rank_of, stage_names, source_names, status_names)
if shown:
    backlog_item.show(ws.id, shown, rank_of, stage_names, source_names, status_names)
backlog_own.show(ws.id, expanded=False)

# -- resolved by the audit, downloads ---------------------------------------------------
backlog_downloads.resolved(ws.id, resolved_items, stage_names, source_names, status_names)
backlog_downloads.show(ws, data, items, library.pack(ws.industry), lang)
session.next_step("backlog", ws)
