"""The checklist of a workspace, stage by stage: which of the industry pack's
questions belong to each of the workspace's stages, how many are answered,
and the checklist score (DESIGN.md: yes = 1, partly = 0.5, no = 0, n/a left
out; nothing that counts → unknown, not 0).

A question belongs to the stage whose framework key equals the question's
placement in the workspace's framework. Custom stages (no key) have no
questions; questions placed in a stage the user removed from the journey
are reported as ``orphaned`` rather than silently scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .checklists import Pack, Question
from .model import Stage
from .scoring import checklist_score


@dataclass
class StageChecklist:
    stage: Stage
    questions: list[Question] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)  # question key -> answer, answered only

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def score(self) -> float | None:
        """0–1, or None (unknown) when no answer counts (none, or all n/a)."""
        return checklist_score(self.answers.values())

    @property
    def complete(self) -> bool:
        return bool(self.questions) and self.answered == len(self.questions)


@dataclass
class Checklist:
    stages: list[StageChecklist]
    orphaned: list[Question] = field(default_factory=list)

    @property
    def questions(self) -> int:
        return sum(len(s.questions) for s in self.stages)

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.stages)

    @property
    def score(self) -> float | None:
        """Over every answered question of the journey (not a mean of stage scores)."""
        return checklist_score(a for s in self.stages for a in s.answers.values())

    def by_stage(self) -> dict[int, float | None]:
        """``{stage id: score}``, the shape ``scoring.stage_summaries`` takes."""
        return {s.stage.id: s.score for s in self.stages}


def stage_checklists(stages: list[Stage], pack: Pack | None, framework: str,
                     answers: Mapping[str, str]) -> Checklist:
    """The pack's questions grouped per stage, in journey order, with their answers."""
    ordered = sorted(stages, key=lambda s: (s.position, s.id))
    out = [StageChecklist(s) for s in ordered]
    groups: dict[str, StageChecklist] = {}
    for item in out:
        # Two stages with one key cannot come from the store; if they did,
        # the questions would go to the first and the second stay empty.
        if item.stage.key and item.stage.key not in groups:
            groups[item.stage.key] = item
    orphaned: list[Question] = []
    for question in (pack.questions if pack else []):
        target = groups.get(question.place.stage_in(framework))
        if target is None:
            orphaned.append(question)
            continue
        target.questions.append(question)
        answer = answers.get(question.key)
        if answer is not None:
            target.answers[question.key] = answer
    return Checklist(out, orphaned)
