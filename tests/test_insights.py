"""audit.insights: the answers to the map's questions, as data."""

from __future__ import annotations

import pytest

from audit import insights
from audit.frameworks import FRAMEWORKS, stages_of
from audit.model import Stage, Touchpoint


# --- helpers ----------------------------------------------------------------

def make_stages(framework: str = "hourglass", counts: list | None = None) -> list[Stage]:
    keys = [s.key for s in stages_of(framework)]
    counts = counts or [None] * len(keys)
    return [Stage(id=i + 1, workspace_id=1, uid=f"s{i + 1}", position=i, key=key, customers=n)
            for i, (key, n) in enumerate(zip(keys, counts))]


def tp(stage: int, importance=None, performance=None, *, emotion=None, mot=None, name=None, n=[0]) -> Touchpoint:
    n[0] += 1
    return Touchpoint(id=n[0], workspace_id=1, stage_id=stage, uid=f"t{n[0]}", position=n[0],
                      name=name or f"tp{n[0]}", importance=importance, performance=performance,
                      emotion=emotion, moment_of_truth=mot)


def stage_ids(stages) -> list[int]:
    return [s.id for s in stages]


# --- consistency verdict ----------------------------------------------------

@pytest.mark.parametrize("spread, expected", [
    (None, insights.UNKNOWN),
    (0, insights.CONSISTENT),
    (20, insights.CONSISTENT),
    (20.5, insights.MIXED),
    (40, insights.MIXED),
    (40.1, insights.UNEVEN),
    (100, insights.UNEVEN),
])
def test_verdict_thresholds(spread, expected):
    assert insights.verdict(spread) == expected


# --- biggest drop (counts) --------------------------------------------------

@pytest.mark.parametrize("counts, expected", [
    # (before stage, after stage, before count, after count) by stage position, or None
    ([1000, 800, 600, 100, 80, 40, 10], (3, 4, 600, 100)),    # lowest conversion: 100/600
    ([1000, None, 500, 50], (3, 4, 500, 50)),                  # uncounted stages are skipped
    ([1000, None, 100], (1, 3, 1000, 100)),                    # ... and bridged
    ([100, 200, 300], None),                                    # only growth: no drop
    ([0, 50, 25], (2, 3, 50, 25)),                              # from zero: no rate
    ([200, 100, 50, 25], (1, 2, 200, 100)),                     # equal rates: bigger loss
    ([100, 50, 100, 50], (1, 2, 100, 50)),                      # equal rates and losses: earlier
    ([None, None, None], None),
    ([500], None),
])
def test_biggest_drop(counts, expected):
    stages = [Stage(id=i + 1, workspace_id=1, uid=f"s{i}", position=i, customers=n)
              for i, n in enumerate(counts)]
    drop = insights.biggest_drop(stages)
    if expected is None:
        assert drop is None
        return
    before, after, before_count, after_count = expected
    assert (drop.before.position + 1, drop.after.position + 1) == (before, after)
    assert (drop.before_count, drop.after_count) == (before_count, after_count)
    assert drop.rate == pytest.approx(after_count / before_count)
    assert drop.lost == before_count - after_count


# --- weakest / strongest stage ----------------------------------------------

@pytest.mark.parametrize("scores, weakest, strongest", [
    # stage index -> list of (importance, performance)
    ({0: [(5, 2)], 1: [(4, 4)], 2: [(3, 5)]}, 0, 2),
    ({0: [(4, 4)], 1: [(4, 4)], 2: [(4, 1)]}, 2, 0),           # tie for strongest: the earlier
    ({0: [(3, 3)], 2: [(3, 3)]}, 0, 0),                         # all equal: the first, both ways
    ({1: [(5, 1), (1, 5)]}, 1, 1),                              # importance-weighted health
])
def test_weakest_and_strongest_stage(scores, weakest, strongest):
    stages = make_stages()
    tps = [tp(stages[i].id, imp, perf) for i, pairs in scores.items() for imp, perf in pairs]
    found = insights.map_insights(stages, tps)
    assert found.weakest.stage is stages[weakest]
    assert found.strongest.stage is stages[strongest]
    assert found.weakest.value <= found.strongest.value


def test_nothing_scored_means_no_weakest_and_unknown_consistency():
    stages = make_stages()
    found = insights.map_insights(stages, [tp(stages[0].id), tp(stages[1].id, 5, None)])
    assert found.weakest is None and found.strongest is None
    assert found.consistency.verdict == insights.UNKNOWN
    assert found.unscored == [stages[0], stages[1]]
    assert found.uncovered == stages[2:]


def test_weighted_health_is_the_scoring_models():
    stages = make_stages()
    found = insights.map_insights(stages, [tp(stages[0].id, 5, 1), tp(stages[0].id, 1, 5)])
    # (5×1 + 1×5) / 6 = 1.667 → (1.667 − 1) / 4 × 100 = 16.7
    assert found.weakest.value == pytest.approx(16.6667, abs=1e-3)


# --- moments of truth -------------------------------------------------------

def test_interventions_are_concentrate_here_by_gap_then_importance_then_journey():
    stages = make_stages()
    s = stage_ids(stages)
    tps = [
        tp(s[3], 4, 3, name="gap 8, imp 4, later"),
        tp(s[0], 5, 1, name="gap 20"),
        tp(s[1], 4, 3, name="gap 8, imp 4, earlier"),
        tp(s[2], 4, 1, name="gap 16"),
        tp(s[4], 5, 4, name="keep up"),
        tp(s[5], 3, 1, name="low priority"),
        tp(s[6], None, None, name="to score"),
    ]
    found = insights.map_insights(stages, tps)
    assert [f.touchpoint.name for f in found.interventions] == [
        "gap 20", "gap 16", "gap 8, imp 4, earlier", "gap 8, imp 4, later"]
    assert [f.gap for f in found.interventions] == [20, 16, 8, 8]
    assert found.interventions[0].stage is stages[0]
    assert [f.touchpoint.name for f in found.strengths] == ["keep up"]


@pytest.mark.parametrize("flag, expected", [(None, True), (1, True), (0, False)])
def test_intervention_knows_whether_it_is_a_moment_of_truth(flag, expected):
    stages = make_stages()
    found = insights.map_insights(stages, [tp(stages[0].id, 5, 2, mot=flag)])
    assert found.interventions[0].moment_of_truth is expected


def test_strengths_most_important_first():
    stages = make_stages()
    s = stage_ids(stages)
    found = insights.map_insights(stages, [tp(s[0], 4, 5, name="a"), tp(s[1], 5, 4, name="b"),
                                           tp(s[2], 5, 5, name="c")])
    assert [f.touchpoint.name for f in found.strengths] == ["c", "b", "a"]


# --- coverage ---------------------------------------------------------------

@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_every_framework_uncovered_stages_in_journey_order(framework):
    stages = make_stages(framework)
    covered = stages[1]
    found = insights.map_insights(list(reversed(stages)), [tp(covered.id, 4, 4)])
    assert found.stages == len(stages)
    assert found.uncovered == [s for s in stages if s is not covered]
    assert found.weakest.stage is covered


@pytest.mark.parametrize("framework, n", [("hourglass", 7), ("purchase-route", 5), ("before-during-after", 3)])
def test_all_covered(framework, n):
    stages = make_stages(framework)
    found = insights.map_insights(stages, [tp(s.id, 3, 3) for s in stages])
    assert found.stages == n
    assert found.uncovered == [] and found.unscored == []
    assert found.consistency.verdict == insights.CONSISTENT


# --- consistency ------------------------------------------------------------

@pytest.mark.parametrize("performances, verdict", [
    ([4, 4, 4], insights.CONSISTENT),       # 75, 75, 75
    ([3, 4], insights.MIXED),               # 50 vs 75: 25 points
    ([1, 5], insights.UNEVEN),              # 0 vs 100
    ([2], insights.UNKNOWN),                # one scored stage: nothing to compare
])
def test_consistency_from_the_health_spread(performances, verdict):
    stages = make_stages()
    found = insights.map_insights(stages, [tp(stages[i].id, 3, p) for i, p in enumerate(performances)])
    c = found.consistency
    assert c.verdict == verdict
    if verdict == insights.UNKNOWN:
        assert c.spread is None and c.strongest is None
    else:
        assert c.spread == pytest.approx(c.strongest.value - c.weakest.value)


@pytest.mark.parametrize("emotions, worst, recorded", [
    ({0: [-2, 0], 1: [-1], 2: [1]}, 0, True),     # −1 vs −1: the earlier stage
    ({0: [2], 1: [-1, 1], 2: [0]}, None, True),   # nothing below 0 on average
    ({3: [-1], 4: [-2]}, 4, True),
    ({}, None, False),
])
def test_worst_feeling_only_when_negative(emotions, worst, recorded):
    stages = make_stages()
    tps = [tp(stages[i].id, emotion=e) for i, values in emotions.items() for e in values]
    c = insights.map_insights(stages, tps).consistency
    assert c.emotions_recorded is recorded
    if worst is None:
        assert c.worst_feeling is None
    else:
        assert c.worst_feeling.stage is stages[worst]
        assert c.worst_feeling.value < 0


# --- counts -----------------------------------------------------------------

def test_counts_give_most_customers_and_the_drop():
    stages = make_stages("before-during-after", counts=[900, 120, 300])
    found = insights.map_insights(stages, [])
    assert found.counted
    assert found.most_customers.stage is stages[0]
    assert found.most_customers.value == 900
    assert (found.biggest_drop.before, found.biggest_drop.after) == (stages[0], stages[1])


def test_without_counts_there_is_no_drop_and_no_most_customers():
    found = insights.map_insights(make_stages("purchase-route"), [])
    assert not found.counted
    assert found.biggest_drop is None and found.most_customers is None
