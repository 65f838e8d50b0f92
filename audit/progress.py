"""How complete each step of the guided flow is, 0.0–1.0, and what is left.

Map: persona, journey. Audit: touchpoints, scoring, checklist. Build:
backlog, hourglass. Used by the progress indicator, the Home page and the
"Next" line that ends every step page.

What counts, per step (``left`` says how many are still to do):

* persona — the primary persona's fields filled in;
* journey — the stages, kept or renamed: a journey has them from the start
  (the framework's), so the step is done as soon as it has a stage; the
  per-stage notes are optional and do not hold it back;
* touchpoints — stages with at least one touchpoint;
* scoring — touchpoints with importance and performance;
* checklist — questions answered;
* backlog — open items triaged (edited or given a status);
* hourglass — stages with a customer count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checklist_scores import stage_checklists
from .checklists import Library
from .model import PERSONA_FIELDS, BacklogItem, WorkspaceData, WorkspaceSummary
from .scoring import is_scored

STEPS = ("persona", "journey", "touchpoints", "scoring", "checklist", "backlog", "hourglass")
PHASES = {"map": ("persona", "journey"), "audit": ("touchpoints", "scoring", "checklist"),
          "build": ("backlog", "hourglass")}


@dataclass
class Progress:
    steps: dict[str, float]
    #: What is still to do per step, counted in the step's own unit
    #: (fields, stages, touchpoints, questions, items).
    left: dict[str, int] = field(default_factory=dict)

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


def step_after(step: str) -> str | None:
    """The step that follows ``step`` in the guided flow (None after the last)."""
    i = STEPS.index(step)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


def _ratio(done: int, total: int) -> float:
    return done / total if total else 0.0


def progress(data: WorkspaceData, library: Library | None, backlog: list[BacklogItem]) -> Progress:
    covered = {tp.stage_id for tp in data.touchpoints}
    open_items = [i for i in backlog if not i.resolved_by_audit]
    return summary_progress(WorkspaceSummary(
        data.workspace, stages=data.stages, personas=data.personas, answers=data.answers, covered=covered,
        touchpoints=len(data.touchpoints), scored=sum(1 for tp in data.touchpoints if is_scored(tp)),
        items=len(backlog), open_items=len(open_items),
        triaged=sum(1 for i in open_items if i.edited_fields or i.status != "todo")), library)


def summary_progress(summary: WorkspaceSummary, library: Library | None) -> Progress:
    """``progress`` from counts (``Store.workspace_summaries``: Home's read)."""
    stages = summary.stages
    persona = summary.personas[0] if summary.personas else None
    persona_done = sum(1 for f in PERSONA_FIELDS if persona and getattr(persona, f).strip())
    stages_covered = sum(1 for s in stages if s.id in summary.covered)
    scored = summary.scored
    checklist = stage_checklists(stages, library.pack(summary.workspace.industry) if library else None,
                                 summary.workspace.framework, summary.answers)
    open_items, triaged = summary.open_items, summary.triaged
    counted = sum(1 for s in stages if s.customers is not None)
    return Progress(
        steps={
            "persona": _ratio(persona_done, len(PERSONA_FIELDS)),
            "journey": 1.0 if stages else 0.0,
            "touchpoints": _ratio(stages_covered, len(stages)),
            "scoring": _ratio(scored, summary.touchpoints),
            "checklist": _ratio(checklist.answered, checklist.questions),
            "backlog": (1.0 if not open_items and summary.items else _ratio(triaged, open_items)),
            "hourglass": _ratio(counted, len(stages)),
        },
        left={
            "persona": len(PERSONA_FIELDS) - persona_done,
            "journey": 0 if stages else 1,
            "touchpoints": len(stages) - stages_covered,
            "scoring": summary.touchpoints - scored,
            "checklist": checklist.questions - checklist.answered,
            "backlog": open_items - triaged,
            "hourglass": len(stages) - counted,
        },
    )
