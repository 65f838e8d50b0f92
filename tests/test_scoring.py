"""The scoring model of DESIGN.md, as tables of cases."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit import scoring
from audit.model import Stage, Touchpoint


def tp(importance=None, performance=None, emotion=None, mot=None, stage_id=1, name="t"):
    return Touchpoint(id=0, workspace_id=1, stage_id=stage_id, uid=name, name=name,
                      importance=importance, performance=performance, emotion=emotion,
                      moment_of_truth=mot)


@pytest.mark.parametrize("importance, performance, expected", [
    (5, 1, 20), (5, 5, 0), (1, 1, 4), (4, 3, 8), (3, 2, 9), (1, 5, 0),
    (None, 3, None), (3, None, None), (None, None, None),
])
def test_gap_is_importance_times_missing_performance(importance, performance, expected):
    assert scoring.gap(importance, performance) == expected


@pytest.mark.parametrize("importance, performance, expected", [
    (4, 3, scoring.CONCENTRATE), (5, 1, scoring.CONCENTRATE), (4, 1, scoring.CONCENTRATE),
    (4, 4, scoring.KEEP_UP), (5, 5, scoring.KEEP_UP),
    (3, 3, scoring.LOW_PRIORITY), (1, 1, scoring.LOW_PRIORITY),
    (3, 4, scoring.OVERKILL), (1, 5, scoring.OVERKILL),
    (None, 4, None), (4, None, None),
])
def test_quadrant_crosshair_at_four(importance, performance, expected):
    assert scoring.quadrant(importance, performance) == expected


@given(st.integers(1, 5), st.integers(1, 5))
def test_every_scored_pair_has_exactly_one_quadrant_and_a_gap_in_range(i, p):
    assert scoring.quadrant(i, p) in scoring.QUADRANTS
    assert 0 <= scoring.gap(i, p) <= 20


@pytest.mark.parametrize("importance, flag, expected", [
    (4, None, True), (5, None, True), (3, None, False), (None, None, False),
    (1, 1, True), (5, 0, False), (None, 1, True),
])
def test_moment_of_truth_is_the_flag_else_importance_four_or_more(importance, flag, expected):
    assert scoring.is_moment_of_truth(tp(importance, 3, mot=flag)) is expected


@pytest.mark.parametrize("scores, expected", [
    ([], None),
    ([(None, None)], None),
    ([(3, None), (None, 2)], None),
    ([(5, 5)], 100.0),
    ([(5, 1)], 0.0),
    ([(1, 3)], 50.0),
    # importance-weighted: (4*5 + 1*1) / 5 = 4.2 -> 80
    ([(4, 5), (1, 1)], 80.0),
    # unscored ones are left out
    ([(4, 5), (1, 1), (None, 1), (5, None)], 80.0),
])
def test_stage_health_weighted_by_importance_and_unknown_when_nothing_scored(scores, expected):
    health = scoring.stage_health([tp(i, p) for i, p in scores])
    if expected is None:
        assert health is None
    else:
        assert health == pytest.approx(expected)


@pytest.mark.parametrize("answers, expected", [
    ([], None), (["na"], None), (["na", "na"], None),
    (["yes"], 1.0), (["no"], 0.0), (["partly"], 0.5),
    (["yes", "no"], 0.5), (["yes", "partly", "na"], 0.75),
    (["yes", "yes", "no", "partly"], 0.625),
])
def test_checklist_score_yes_one_partly_half_na_left_out(answers, expected):
    assert scoring.checklist_score(answers) == expected


def test_stage_summaries_count_coverage_and_flag_gaps():
    stages = [Stage(id=i, workspace_id=1, uid=f"s{i}", position=i, key=k) for i, k in enumerate(["know", "like"], 1)]
    summaries = scoring.stage_summaries(stages, [tp(5, 2, emotion=-1, stage_id=1), tp(2, 5, emotion=1, stage_id=1)])
    know, like = summaries
    assert (know.coverage, know.scored, know.moments_of_truth, know.mean_emotion) == (2, 2, 1, 0.0)
    assert (like.coverage, like.health, like.mean_emotion) == (0, None, None)


# -- which click changes only its own row (the Scoring page reruns just that row) -------------
@pytest.mark.parametrize("before, field, value, only_row", [
    (tp(1, 2), "performance", 4, True),  # low priority → overkill: no count moves
    (tp(3, 2), "performance", 2, True),  # the same value
    (tp(4, 2, mot=0), "performance", 1, True),  # concentrate → concentrate, not a moment of truth
    (tp(4, 2, mot=0), "performance", 4, False),  # leaves "Concentrate here"
    (tp(4, 4, mot=0), "performance", 1, False),  # enters it
    (tp(5, 2), "performance", 1, False),  # a moment of truth (importance 5): its gap is in the table
    (tp(5, 2), "performance", 2, True),  # … unless it stays the same
    (tp(3, None), "performance", 2, False),  # becomes scored: the progress moves
    (tp(3, 2), "performance", None, False),  # no longer scored
    (tp(3, 2), "emotion", 1, True),
    (tp(5, 2), "emotion", -2, True),  # a moment's emotion is not in the table
    (tp(3, None), "emotion", -2, True),  # unscored before and after
    (tp(3, 2), "importance", 3, False),  # the moments of truth depend on it
    (tp(3, 2), "moment_of_truth", 1, False),
    (tp(5, 2), "pain_points", "Slow", True),
])
def test_a_click_changes_only_its_row_unless_a_count_or_a_moment_moves(before, field, value, only_row):
    assert scoring.changes_only_its_row(before, field, value) is only_row


def moments_row(t):
    """What the moments-of-truth table shows of ``t`` (None: not in it)."""
    if not scoring.is_moment_of_truth(t):
        return None
    return scoring.quadrant(t.importance, t.performance), scoring.gap(t.importance, t.performance)


@given(st.sampled_from([None, 1, 2, 3, 4, 5]), st.sampled_from([None, 1, 2, 3, 4, 5]),
       st.sampled_from([None, 0, 1]), st.sampled_from(["performance", "emotion"]),
       st.sampled_from([None, 1, 2, 3, 4, 5]))
def test_a_row_only_click_keeps_the_counts_and_the_moments_table(importance, performance, flag, field, new):
    before = tp(importance, performance, mot=flag)
    if field == "emotion":
        new = None if new is None else new - 3
    if scoring.changes_only_its_row(before, field, new):
        after = replace(before, **{field: new})
        assert scoring.is_scored(after) == scoring.is_scored(before)
        assert ((scoring.quadrant(after.importance, after.performance) == scoring.CONCENTRATE)
                == (scoring.quadrant(importance, performance) == scoring.CONCENTRATE))
        assert moments_row(after) == moments_row(before)
