"""What the Backlog page needs besides generation: when to regenerate, what a
regeneration did, and which items a filter keeps.

Pure functions over the engine's objects; the page only renders their
results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from .backlog import BacklogPlan, audit_started, ranked, should_regenerate  # noqa: F401 (re-exported)
from .model import BacklogItem, WorkspaceData


@dataclass(frozen=True)
class PlanCounts:
    """How many items a regeneration added, updated, resolved and reopened."""

    added: int = 0
    updated: int = 0
    resolved: int = 0
    reopened: int = 0

    @property
    def nothing(self) -> bool:
        return not (self.added or self.updated or self.resolved or self.reopened)


def plan_counts(plan: BacklogPlan) -> PlanCounts:
    resolved = reopened = updated = 0
    for change in plan.updates.values():
        if not change:
            continue
        flag = change.get("resolved_by_audit")
        if flag == 1:
            resolved += 1
        elif flag == 0:
            reopened += 1
        else:
            updated += 1
    return PlanCounts(added=len(plan.inserts), updated=updated, resolved=resolved, reopened=reopened)


def split(items: list[BacklogItem]) -> tuple[list[BacklogItem], list[BacklogItem]]:
    """Open items (ranked) and items resolved by the audit (ranked)."""
    ordered = ranked(items)
    return ([i for i in ordered if not i.resolved_by_audit],
            [i for i in ordered if i.resolved_by_audit])


def matches(item: BacklogItem, *, statuses: Iterable[str] = (), sources: Iterable[str] = (),
            stage_uids: Iterable[str | None] = ()) -> bool:
    """Does ``item`` pass the filters? An empty filter keeps everything."""
    statuses, sources, stage_uids = set(statuses), set(sources), set(stage_uids)
    return ((not statuses or item.status in statuses)
            and (not sources or item.source in sources)
            and (not stage_uids or item.stage_uid in stage_uids))


def date_of(text: str) -> dt.date | None:
    """A stored date (``YYYY-MM-DD``, maybe with a time) as a date; None when
    empty or not a date."""
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def kept_order(previous: list[int], ranked_ids: list[int]) -> list[int]:
    """The rows in the order they were shown (``previous``), without those
    gone, then the new ones in rank order: the row being edited does not jump."""
    present = set(ranked_ids)
    kept = [i for i in previous if i in present]
    seen = set(kept)
    return kept + [i for i in ranked_ids if i not in seen]
