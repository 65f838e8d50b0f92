"""How complete each step of the guided flow is, 0.0–1.0.

Map: persona, journey. Audit: touchpoints, scoring, checklist. Build:
backlog, hourglass. Used by the progress indicator and the Home page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .checklist_scores import stage_checklists
from .checklists import Library
from .model import PERSONA_FIELDS, STAGE_TEXT_FIELDS, BacklogItem, WorkspaceData
from .scoring import is_scored

STEPS = ("persona", "journey", "touchpoints", "scoring", "checklist", "backlog", "hourglass")
PHASES = {"map": ("persona", "journey"), "audit": ("touchpoints", "scoring", "checklist"),
          "build": ("backlog", "hourglass")}


@dataclass
class Progress:
    steps: dict[str, float]

    def phase(self, name: str) -> float:
        parts = PHASES[name]
        return sum(self.steps[s] for s in parts) / len(parts)

    @property
    def overall(self) -> float:
        return sum(self.steps.values()) / len(self.steps)

    def next_step(self) -> str:
        """The first step not yet complete: where to continue."""
        for step in STEPS:
            if self.steps[step] < 1.0:
                return step
        return "backlog"


def _ratio(done: int, total: int) -> float:
    return done / total if total else 0.0


def progress(data: WorkspaceData, library: Library | None, backlog: list[BacklogItem]) -> Progress:
    persona = data.personas[0] if data.personas else None
    persona_done = sum(1 for f in PERSONA_FIELDS if persona and getattr(persona, f).strip())
    stage_fields = [getattr(s, f) for s in data.stages for f in STAGE_TEXT_FIELDS]
    covered = {tp.stage_id for tp in data.touchpoints}
    scored = sum(1 for tp in data.touchpoints if is_scored(tp))
    checklist = stage_checklists(data.stages, library.pack(data.workspace.industry) if library else None,
                                 data.workspace.framework, data.answers)
    open_items = [i for i in backlog if not i.resolved_by_audit]
    triaged = sum(1 for i in open_items if i.edited_fields or i.status != "todo")
    counted = sum(1 for s in data.stages if s.customers is not None)
    return Progress({
        "persona": _ratio(persona_done, len(PERSONA_FIELDS)),
        "journey": _ratio(sum(1 for v in stage_fields if v.strip()), len(stage_fields)),
        "touchpoints": _ratio(sum(1 for s in data.stages if s.id in covered), len(data.stages)),
        "scoring": _ratio(scored, len(data.touchpoints)),
        "checklist": _ratio(checklist.answered, checklist.questions),
        "backlog": (1.0 if not open_items and backlog else _ratio(triaged, len(open_items))),
        "hourglass": _ratio(counted, len(data.stages)),
    })
