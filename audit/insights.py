"""Answers to the questions the finished map must answer (DOMAIN.md).

``map_insights(stages, touchpoints)`` reads the audit and returns plain,
structured findings; the Hourglass page (and later the report) turns them
into sentences from the catalog. Nothing here formats text.

- **Where does the journey leak?** The weakest stage by health; with
  customer counts, the biggest drop in customers between two consecutive
  counted stages (the lowest conversion).
- **Which moments of truth need intervention?** The touchpoints in
  *Concentrate here*, biggest gap first (ties: higher importance, then
  journey order) — the same order the backlog ranks them by default.
  **Which ones carry the brand?** The *Keep up the good work* touchpoints,
  most important first.
- **Where are we missing?** Stages with no touchpoint (coverage gaps) and
  stages whose touchpoints are not scored yet (health unknown).
- **Is the experience consistent?** The spread between the strongest and
  the weakest stage health (a verdict with fixed thresholds), and the stage
  where customers feel worst on average.
- **Which stage are most of my customers in?** With counts, the stage with
  the most customers.

Stages compare in journey order; every tie goes to the earlier stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import scoring
from .model import Stage, Touchpoint

#: Health points between the strongest and the weakest stage.
CONSISTENT_MAX_SPREAD = 20  # ≤ 20: consistent
UNEVEN_MIN_SPREAD = 40  # > 40: uneven; in between: mixed

CONSISTENT, MIXED, UNEVEN, UNKNOWN = "consistent", "mixed", "uneven", "unknown"
VERDICTS = (CONSISTENT, MIXED, UNEVEN, UNKNOWN)


@dataclass(frozen=True)
class StageScore:
    """A stage and a number about it (health 0–100, mean emotion, customers)."""

    stage: Stage
    value: float


@dataclass(frozen=True)
class Drop:
    """Customers lost between two consecutive counted stages."""

    before: Stage
    after: Stage
    before_count: int
    after_count: int

    @property
    def rate(self) -> float:
        """Share of ``before`` that reached ``after`` (conversion), 0–1."""
        return self.after_count / self.before_count

    @property
    def lost(self) -> int:
        return self.before_count - self.after_count


@dataclass(frozen=True)
class TouchpointFinding:
    touchpoint: Touchpoint
    stage: Stage | None
    gap: int
    moment_of_truth: bool


@dataclass(frozen=True)
class Consistency:
    verdict: str  # one of VERDICTS
    strongest: StageScore | None = None
    weakest: StageScore | None = None
    worst_feeling: StageScore | None = None  # lowest mean emotion, when below 0
    emotions_recorded: bool = False

    @property
    def spread(self) -> float | None:
        if self.strongest is None or self.weakest is None:
            return None
        return self.strongest.value - self.weakest.value


@dataclass(frozen=True)
class MapInsights:
    stages: int
    weakest: StageScore | None  # lowest health; None when no stage is scored
    strongest: StageScore | None
    biggest_drop: Drop | None  # only with counts in two consecutive counted stages
    most_customers: StageScore | None
    interventions: list[TouchpointFinding] = field(default_factory=list)
    strengths: list[TouchpointFinding] = field(default_factory=list)
    uncovered: list[Stage] = field(default_factory=list)
    unscored: list[Stage] = field(default_factory=list)
    consistency: Consistency = field(default_factory=lambda: Consistency(UNKNOWN))

    @property
    def counted(self) -> bool:
        return self.most_customers is not None


def verdict(spread: float | None) -> str:
    """Consistent, mixed or uneven from the health spread in points."""
    if spread is None:
        return UNKNOWN
    if spread <= CONSISTENT_MAX_SPREAD:
        return CONSISTENT
    if spread > UNEVEN_MIN_SPREAD:
        return UNEVEN
    return MIXED


def biggest_drop(stages: list[Stage]) -> Drop | None:
    """The lowest conversion between consecutive counted stages (uncounted ones
    skipped), among the pairs that lose customers; ties: the bigger loss,
    then the earlier pair."""
    counted = [s for s in stages if s.customers is not None]
    best: tuple | None = None
    for i, (before, after) in enumerate(zip(counted, counted[1:])):
        if before.customers <= 0 or after.customers >= before.customers:
            continue
        drop = Drop(before, after, before.customers, after.customers)
        rank = (drop.rate, -drop.lost, i)
        if best is None or rank < best[0]:
            best = (rank, drop)
    return best[1] if best else None


def _lowest(scores: list[StageScore]) -> StageScore | None:
    # min() keeps the first of equal values: the earlier stage wins ties.
    return min(scores, key=lambda s: s.value) if scores else None


def _highest(scores: list[StageScore]) -> StageScore | None:
    return max(scores, key=lambda s: s.value) if scores else None  # first of equals too


def map_insights(stages: list[Stage], touchpoints: list[Touchpoint]) -> MapInsights:
    """What the map says (see the module docstring)."""
    stages = sorted(stages, key=lambda s: (s.position, s.id))
    order = {s.id: i for i, s in enumerate(stages)}
    by_id = {s.id: s for s in stages}
    summaries = scoring.stage_summaries(stages, touchpoints)

    health = [StageScore(s.stage, s.health) for s in summaries if s.health is not None]
    feelings = [StageScore(s.stage, s.mean_emotion) for s in summaries if s.mean_emotion is not None]
    counts = [StageScore(s, s.customers) for s in stages if s.customers is not None]

    def journey(tp: Touchpoint):
        return (order.get(tp.stage_id, len(order)), tp.position, tp.id)

    interventions, strengths = [], []
    for tp in touchpoints:
        where = scoring.quadrant(tp.importance, tp.performance)
        if where not in (scoring.CONCENTRATE, scoring.KEEP_UP):
            continue
        finding = TouchpointFinding(tp, by_id.get(tp.stage_id),
                                    scoring.gap(tp.importance, tp.performance),
                                    scoring.is_moment_of_truth(tp))
        (interventions if where == scoring.CONCENTRATE else strengths).append(finding)
    interventions.sort(key=lambda f: (-f.gap, -f.touchpoint.importance, journey(f.touchpoint)))
    strengths.sort(key=lambda f: (-f.touchpoint.importance, -f.touchpoint.performance,
                                  journey(f.touchpoint)))

    weakest, strongest = _lowest(health), _highest(health)
    low = _lowest(feelings)
    consistency = Consistency(
        verdict=verdict(strongest.value - weakest.value) if len(health) >= 2 else UNKNOWN,
        strongest=strongest if len(health) >= 2 else None,
        weakest=weakest if len(health) >= 2 else None,
        worst_feeling=low if low is not None and low.value < 0 else None,
        emotions_recorded=bool(feelings),
    )
    return MapInsights(
        stages=len(stages),
        weakest=weakest,
        strongest=strongest,
        biggest_drop=biggest_drop(stages),
        most_customers=_highest(counts),
        interventions=interventions,
        strengths=strengths,
        uncovered=[s.stage for s in summaries if s.coverage == 0],
        unscored=[s.stage for s in summaries if s.coverage and s.health is None],
        consistency=consistency,
    )
