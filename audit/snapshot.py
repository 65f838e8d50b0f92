"""A snapshot: the audit's metrics at one moment, kept to compare with a
later re-audit (per stage coverage, health, checklist score, moments of
truth, emotion, customers; backlog counts by status and source)."""

from __future__ import annotations

from . import backlog, scoring
from .checklist_scores import stage_checklists
from .checklists import Library
from .model import Workspace
from .store import Store

VERSION = 1


def metrics(store: Store, ws: Workspace, library: Library) -> dict:
    """The small metrics dict a snapshot keeps: per stage, and the backlog."""
    stages = store.stages(ws.id)
    checklist = stage_checklists(stages, library.pack(ws.industry), ws.framework, store.answers(ws.id))
    summaries = scoring.stage_summaries(stages, store.touchpoints(ws.id), checklist.by_stage())
    items = store.backlog_items(ws.id)
    open_items = [i for i in items if not i.resolved_by_audit]

    def rounded(value):
        return None if value is None else round(value, 3)

    return {
        "version": VERSION,
        "framework": ws.framework,
        "checklist": rounded(checklist.score),
        "stages": [
            {
                "uid": s.stage.uid, "key": s.stage.key,
                "name": s.stage.display_name(ws.framework, ws.lang),
                "coverage": s.coverage, "scored": s.scored, "health": rounded(s.health),
                "checklist": rounded(s.checklist), "moments_of_truth": s.moments_of_truth,
                "mean_emotion": rounded(s.mean_emotion), "customers": s.customers,
            }
            for s in summaries
        ],
        "backlog": {
            "total": len(items),
            "open": sum(1 for i in open_items if i.status in ("todo", "doing")),
            **{status: sum(1 for i in open_items if i.status == status)
               for status in ("todo", "doing", "done", "wontdo")},
            "resolved_by_audit": len(items) - len(open_items),
            "by_source": {source: sum(1 for i in open_items if i.source == source)
                          for source in backlog.SOURCE_ORDER},
        },
    }
