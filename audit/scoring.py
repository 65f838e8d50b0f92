"""The scoring model of DESIGN.md, exactly.

- gap = importance × (5 − performance), 0..20
- IPA quadrant with the crosshair at 4
- moment of truth: the user's flag, else importance ≥ 4
- stage health 0–100: importance-weighted mean performance, 1→0 and 5→100;
  None (unknown) when nothing in the stage is scored
- stage coverage: number of touchpoints; 0 is a coverage gap
- checklist score: yes 1, partly 0.5, no 0, n/a left out; None when nothing counts
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from .model import Stage, Touchpoint

CONCENTRATE = "concentrate"
KEEP_UP = "keep_up"
LOW_PRIORITY = "low_priority"
OVERKILL = "overkill"
QUADRANTS = (CONCENTRATE, KEEP_UP, LOW_PRIORITY, OVERKILL)

ANSWER_VALUE = {"yes": 1.0, "partly": 0.5, "no": 0.0}


def is_scored(tp: Touchpoint) -> bool:
    return tp.importance is not None and tp.performance is not None


def gap(importance: int | None, performance: int | None) -> int | None:
    if importance is None or performance is None:
        return None
    return importance * (5 - performance)


def quadrant(importance: int | None, performance: int | None) -> str | None:
    """The IPA quadrant, or None for an unscored touchpoint ("to score")."""
    if importance is None or performance is None:
        return None
    if importance >= 4:
        return CONCENTRATE if performance <= 3 else KEEP_UP
    return LOW_PRIORITY if performance <= 3 else OVERKILL


def is_moment_of_truth(tp: Touchpoint) -> bool:
    if tp.moment_of_truth is not None:
        return bool(tp.moment_of_truth)
    return tp.importance is not None and tp.importance >= 4


def changes_only_its_row(tp: Touchpoint, field: str, value) -> bool:
    """Would setting ``field`` of ``tp`` to ``value`` leave all the Scoring page
    shows outside the touchpoint's own row as it is: the counts about the whole
    workspace (scored or not, the moments of truth, "Concentrate here"), the
    sidebar's progress, and the moments-of-truth table (which touchpoints are
    moments, the quadrant and gap of each)? Then only the row needs drawing
    again. The charts are the page's to weigh."""
    if field in ("importance", "moment_of_truth"):
        return False  # which touchpoints are moments of truth
    after = replace(tp, **{field: value})

    def concentrate(t: Touchpoint) -> bool:
        return quadrant(t.importance, t.performance) == CONCENTRATE

    if is_scored(tp) != is_scored(after) or concentrate(tp) != concentrate(after):
        return False  # the counts, the progress
    return not (field == "performance" and is_moment_of_truth(tp) and value != tp.performance)  # its gap


def stage_health(touchpoints: Iterable[Touchpoint]) -> float | None:
    """0–100, or None (unknown) when none of the touchpoints is scored."""
    weight = total = 0
    for tp in touchpoints:
        if is_scored(tp):
            weight += tp.importance
            total += tp.importance * tp.performance
    if not weight:
        return None
    mean = total / weight
    return (mean - 1) / 4 * 100


def checklist_score(answers: Iterable[str]) -> float | None:
    """Mean of yes=1, partly=0.5, no=0 (n/a and unanswered left out), 0–1."""
    values = [ANSWER_VALUE[a] for a in answers if a in ANSWER_VALUE]
    if not values:
        return None
    return sum(values) / len(values)


@dataclass
class StageSummary:
    stage: Stage
    coverage: int
    scored: int
    health: float | None
    moments_of_truth: int
    mean_emotion: float | None
    checklist: float | None = None
    customers: int | None = None


def stage_summaries(stages: list[Stage], touchpoints: list[Touchpoint],
                    checklist_by_stage: dict[int, float | None] | None = None) -> list[StageSummary]:
    by_stage: dict[int, list[Touchpoint]] = {s.id: [] for s in stages}
    for tp in touchpoints:
        by_stage.setdefault(tp.stage_id, []).append(tp)
    out = []
    for s in stages:
        tps = by_stage[s.id]
        emotions = [tp.emotion for tp in tps if tp.emotion is not None]
        out.append(StageSummary(
            stage=s,
            coverage=len(tps),
            scored=sum(1 for tp in tps if is_scored(tp)),
            health=stage_health(tps),
            moments_of_truth=sum(1 for tp in tps if is_moment_of_truth(tp)),
            mean_emotion=sum(emotions) / len(emotions) if emotions else None,
            checklist=(checklist_by_stage or {}).get(s.id),
            customers=s.customers,
        ))
    return out
