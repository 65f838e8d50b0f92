"""A new client from an existing workspace: an agency's template, or last
month's client in the same trade.

The structure is always copied: the persona(s), the journey (stage names,
order, added stages and their texts) and the touchpoint inventory (names,
channel, owner, technology, KPI, notes, accepted suggestions). What the
facilitator chooses at that moment:

* ``scores``: what the Scoring page records per touchpoint (importance,
  performance, emotion, moment of truth, pain points, positives, evidence)
  and the hourglass customer counts per stage;
* ``answers``: the checklist answers;
* ``backlog``: the backlog items, with their edits and statuses.

Snapshots are never copied: they are the other client's history. The new
workspace gets its own name (unique, the store's rule) and industry; its
content language is the original's (the workspace settings change it).

``plan_copy`` is the plan as data (a workspace document, the format of
``audit.workspace_file``); ``new_client`` exports, plans and imports it in
one transaction.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from .model import Workspace, clean_text
from .store import Store
from .workspace_file import export_workspace, import_workspace

#: Touchpoint fields that are the client's scores, and what "not copied" leaves.
SCORE_FIELDS: dict[str, object] = {
    "importance": None, "performance": None, "emotion": None, "moment_of_truth": None,
    "pain_points": "", "positives": "", "evidence": "",
}
#: The parts a facilitator may copy; the structure always is.
PARTS = ("scores", "answers", "backlog")


@dataclass(frozen=True)
class NewClient:
    """What the facilitator chose: the new name and industry, and the parts to copy."""

    name: str
    industry: str = "general"
    scores: bool = False
    answers: bool = False
    backlog: bool = False


def plan_copy(doc: dict, choice: NewClient) -> dict:
    """The new client's workspace document: ``doc`` (an export) with the
    chosen parts, the new name and industry, no snapshots. ``doc`` is not changed."""
    out = copy.deepcopy(doc)
    out["workspace"] = {
        **out["workspace"], "name": choice.name,
        "industry": clean_text("industry", choice.industry) or "general", "last_page": "",
    }
    for key in ("slug", "created_at", "updated_at"):
        out["workspace"].pop(key, None)
    if not choice.scores:
        for stage in out.get("stages", []):
            stage["customers"] = None
            for tp in stage.get("touchpoints", []):
                tp.update(SCORE_FIELDS)
    if not choice.answers:
        out["checklist_answers"] = []
    if not choice.backlog:
        out["backlog_items"] = []
    out["snapshots"] = []
    return out


def new_client(store: Store, workspace_id: int, choice: NewClient) -> Workspace:
    """Create the new client's workspace from ``workspace_id`` in one
    transaction; a taken or empty name (``InvalidValue``) writes nothing."""
    with store.transaction():
        doc = export_workspace(store, workspace_id)
        return import_workspace(store, plan_copy(doc, choice), as_name=choice.name)
