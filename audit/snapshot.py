"""A snapshot: the audit's metrics at one moment, kept to compare with a
later re-audit (per stage coverage, health, checklist score, moments of
truth, emotion, customers; backlog counts by status and source, and which
items were done).

``metrics`` and ``metrics_of`` are pure (the workspace's rows in, a small
JSON-able dict out); ``current_metrics`` reads the rows from the store;
``take`` regenerates the backlog and records a snapshot in one transaction. ``audit.compare`` compares two.

Version 2 adds, per stage, the user's own name (``custom_name``, so a
comparison can name a framework stage in the reader's language) and, for
the backlog, the items done and those resolved by the audit (``uid`` and
``title``), so a comparison lists what was done since. Version 1 snapshots
stay readable: what they lack is unknown, never zero.
"""

from __future__ import annotations

from . import backlog, scoring
from .checklist_scores import stage_checklists
from .checklists import Library
from .model import OPEN_STATUSES, STATUSES, BacklogItem, Stage, Touchpoint, Workspace, WorkspaceData

VERSION = 2


def _rounded(value):
    return None if value is None else round(value, 3)


def metrics_of(ws: Workspace, stages: list[Stage], touchpoints: list[Touchpoint], answers: dict[str, str],
               items: list[BacklogItem], library: Library) -> dict:
    """The small metrics dict a snapshot keeps: per stage, and the backlog."""
    checklist = stage_checklists(stages, library.pack(ws.industry), ws.framework, answers)
    summaries = scoring.stage_summaries(stages, touchpoints, checklist.by_stage())
    open_items = [i for i in items if not i.resolved_by_audit]
    return {
        "version": VERSION,
        "framework": ws.framework,
        "lang": ws.lang,
        "checklist": _rounded(checklist.score),
        "stages": [
            {
                "uid": s.stage.uid, "key": s.stage.key, "custom_name": s.stage.name,
                "name": s.stage.display_name(ws.framework, ws.lang),
                "coverage": s.coverage, "scored": s.scored, "health": _rounded(s.health),
                "checklist": _rounded(s.checklist), "moments_of_truth": s.moments_of_truth,
                "mean_emotion": _rounded(s.mean_emotion), "customers": s.customers,
            }
            for s in summaries
        ],
        "backlog": {
            "total": len(items),
            "open": sum(1 for i in open_items if i.status in OPEN_STATUSES),
            **{status: sum(1 for i in open_items if i.status == status)
               for status in STATUSES},
            "resolved_by_audit": len(items) - len(open_items),
            "by_source": {source: sum(1 for i in open_items if i.source == source)
                          for source in backlog.SOURCE_ORDER},
            "done_items": [{"uid": i.uid, "title": i.title} for i in open_items if i.status == "done"],
            "resolved_items": [{"uid": i.uid, "title": i.title} for i in items if i.resolved_by_audit],
        },
    }


def metrics(data: WorkspaceData, items: list[BacklogItem], library: Library) -> dict:
    """``metrics_of`` a workspace read in one go (pure)."""
    return metrics_of(data.workspace, data.stages, data.touchpoints, data.answers, items, library)


def current_metrics(store, workspace_id: int, library: Library) -> dict:
    """``metrics`` of the workspace as the store holds it now (one consistent read)."""
    with store.transaction():
        return metrics(store.workspace_data(workspace_id), store.backlog_items(workspace_id), library)


def take(store, ws: Workspace, library: Library, label: str = "") -> int:
    """Regenerate the backlog and record a snapshot of it all, in one transaction."""
    with store.transaction():
        backlog.regenerate(store, ws.id, library)
        return store.add_snapshot(ws.id, current_metrics(store, ws.id, library), label=label)
