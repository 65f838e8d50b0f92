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
- **Which stage are most of my customers in?** Only from counts: the stage
  with the most customers. Stage-to-stage ratios are conversions only down to
  the purchase stage (Buy, Decision, During — ``purchase_index``); below it
  the hourglass widens by design, so the after-sale stages are counted
  against the buyers (came back, referred) instead. Counts that grow down the
  top half are flagged (``growth``): most likely a typing slip.
- **Where do new customers come from?** The first stages (Know, Discovery,
  Before — else the first stage) and their touchpoints that work
  (performance ≥ 4); the persona's sources are read by ``audit.answers``.
- **After the sale**: the stages after the purchase, their health and
  coverage (``after_sale``).

The weakest stage is the lowest health (ties: the worse mean emotion, then the
earlier stage); it is the one stage any answer calls the weakest or the worst
experience. Otherwise stages compare in journey order and every tie goes to
the earlier stage.
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

#: Stage keys (any framework) of the purchase: conversions are computed down to it.
PURCHASE_KEYS = ("buy", "decision", "during")
#: After-sale stage keys: customers who came back, and who referred someone.
COMEBACK_KEYS = ("repeat", "retention", "after")
REFER_KEYS = ("refer", "recommendation")
#: Where new customers first hear of the business.
FIRST_KEYS = ("know", "discovery", "before")
#: A touchpoint "works" from this performance up.
WORKS_FROM = 4


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
class StageState:
    """Health and coverage of one stage (after the sale)."""

    stage: Stage
    coverage: int
    scored: int
    health: float | None


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
    scored: int = 0  # scored touchpoints (what health and quadrants rest on)
    touchpoints: int = 0
    purchase: Stage | None = None  # the last stage where ratios are conversions
    funnel: Drop | None = None  # first counted stage → the purchase stage, when both counted
    growth: list[Drop] = field(default_factory=list)  # counts growing down to the purchase
    counted_stages: int = 0
    after_sale: list[StageState] = field(default_factory=list)
    first_stages: list[Stage] = field(default_factory=list)
    first_touchpoints: int = 0  # touchpoints in the first stages
    working_first: list[Touchpoint] = field(default_factory=list)  # performance ≥ 4 there

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


def purchase_index(stages: list[Stage]) -> int | None:
    """Index (journey order) of the purchase stage: the first stage keyed Buy,
    Decision or During; else the stage before the first after-sale stage;
    None when neither exists (then the whole journey is a funnel)."""
    for i, s in enumerate(stages):
        if s.key in PURCHASE_KEYS:
            return i
    for i, s in enumerate(stages):
        if s.key in COMEBACK_KEYS + REFER_KEYS:
            return i - 1 if i > 0 else None
    return None


def funnel_stages(stages: list[Stage]) -> list[Stage]:
    """The stages down to the purchase, where ratios are conversions."""
    stages = sorted(stages, key=lambda s: (s.position, s.id))
    i = purchase_index(stages)
    return stages if i is None else stages[:i + 1]


def _counted_pairs(stages: list[Stage]) -> list[tuple[Stage, Stage]]:
    counted = [s for s in stages if s.customers is not None]
    return list(zip(counted, counted[1:]))


def growth(stages: list[Stage]) -> list[Drop]:
    """Consecutive counted stages down to the purchase where the count grows."""
    return [Drop(a, b, a.customers, b.customers) for a, b in _counted_pairs(funnel_stages(stages))
            if b.customers > a.customers]


def biggest_drop(stages: list[Stage]) -> Drop | None:
    """The lowest conversion between consecutive counted stages down to the
    purchase (uncounted ones skipped), among the pairs that lose customers;
    ties: the bigger loss, then the earlier pair."""
    counted = [s for s in funnel_stages(stages) if s.customers is not None]
    best: tuple | None = None
    for i, (before, after) in enumerate(zip(counted, counted[1:])):
        if before.customers <= 0 or after.customers >= before.customers:
            continue
        drop = Drop(before, after, before.customers, after.customers)
        rank = (drop.rate, -drop.lost, i)
        if best is None or rank < best[0]:
            best = (rank, drop)
    return best[1] if best else None


def weakest_stage(health: list[StageScore], feelings: list[StageScore]) -> StageScore | None:
    """Lowest health; ties: the worse mean emotion (none recorded counts as
    neutral), then the earlier stage. The one stage called the weakest."""
    feeling = {f.stage.id: f.value for f in feelings}
    best = None
    for i, score in enumerate(health):
        rank = (score.value, feeling.get(score.stage.id, 0.0), i)
        if best is None or rank < best[0]:
            best = (rank, score)
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

    weakest, strongest = weakest_stage(health, feelings), _highest(health)
    low = _lowest(feelings)
    consistency = Consistency(
        verdict=verdict(strongest.value - weakest.value) if len(health) >= 2 else UNKNOWN,
        strongest=strongest if len(health) >= 2 else None,
        weakest=weakest if len(health) >= 2 else None,
        worst_feeling=low if low is not None and low.value < 0 else None,
        emotions_recorded=bool(feelings),
    )
    p = purchase_index(stages)
    funnel = stages if p is None else stages[:p + 1]
    funnel_counted = [s for s in funnel if s.customers is not None]
    purchase = None if p is None else stages[p]
    whole = None
    if (purchase is not None and purchase.customers is not None and len(funnel_counted) >= 2
            and funnel_counted[0].customers > 0):
        first = funnel_counted[0]
        whole = Drop(first, purchase, first.customers, purchase.customers)
    after = [] if p is None else [
        StageState(s.stage, s.coverage, s.scored, s.health) for s in summaries
        if order[s.stage.id] > p]
    first_stages = [s for s in stages if s.key in FIRST_KEYS] or stages[:1]
    first_ids = {s.id for s in first_stages}
    in_first = [tp for tp in touchpoints if tp.stage_id in first_ids]
    working = sorted((tp for tp in in_first if tp.performance is not None and tp.performance >= WORKS_FROM),
                     key=lambda tp: (-tp.performance, -(tp.importance or 0), journey(tp)))
    return MapInsights(
        scored=sum(1 for tp in touchpoints if scoring.is_scored(tp) and tp.stage_id in order),
        touchpoints=sum(1 for tp in touchpoints if tp.stage_id in order),
        purchase=purchase,
        funnel=whole,
        growth=growth(stages),
        counted_stages=len(counts),
        after_sale=after,
        first_stages=first_stages,
        first_touchpoints=len(in_first),
        working_first=working,
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
