"""audit.backlog_review: when the Backlog page regenerates, what a
regeneration did, and the page's filters."""

from __future__ import annotations

import pytest

from audit import backlog, backlog_review
from audit.backlog import BacklogPlan
from audit.model import BacklogItem


def item(id=1, *, source="touchpoint", status="todo", stage_uid="s1", resolved=0, impact=5) -> BacklogItem:
    return BacklogItem(id=id, workspace_id=1, uid=f"u{id}", source=source, source_key=f"{source}:{id}",
                       status=status, stage_uid=stage_uid, resolved_by_audit=resolved, impact=impact)


@pytest.mark.parametrize("inserts, updates, expected", [
    (0, {}, (0, 0, 0, 0)),
    (3, {}, (3, 0, 0, 0)),
    (0, {1: {"title": "x"}, 2: {"impact": 4, "gap": 9}}, (0, 2, 0, 0)),
    (1, {1: {"resolved_by_audit": 1}, 2: {"resolved_by_audit": 0, "title": "y"}, 3: {}}, (1, 0, 1, 1)),
])
def test_plan_counts(inserts, updates, expected):
    plan = BacklogPlan(inserts=[{"source_key": f"k{i}"} for i in range(inserts)], updates=updates)
    counts = backlog_review.plan_counts(plan)
    assert (counts.added, counts.updated, counts.resolved, counts.reopened) == expected
    assert counts.nothing is (expected == (0, 0, 0, 0))


def test_plan_counts_of_a_real_regeneration(store, workspace, library):
    stage = store.stages(workspace.id)[0]
    [tp_id] = store.add_touchpoints(workspace.id, [{"stage_id": stage.id, "name": "Web", "importance": 5,
                                                    "performance": 1}])
    first = backlog_review.plan_counts(backlog.regenerate(store, workspace.id, library))
    assert first.added == 1 + 6  # the touchpoint, and the six stages without touchpoints
    assert backlog_review.plan_counts(backlog.regenerate(store, workspace.id, library)).nothing
    store.update_touchpoints(workspace.id, {tp_id: {"performance": 5}})
    assert backlog_review.plan_counts(backlog.regenerate(store, workspace.id, library)).resolved == 1


def test_no_regeneration_before_the_audit_starts(store, workspace, library):
    data = store.workspace_data(workspace.id)
    assert not backlog_review.audit_started(data)
    assert not backlog_review.should_regenerate(data, [])
    assert not backlog_review.should_regenerate(data, [item(source="manual")])
    # a generated item exists (the audit was emptied since): keep it current
    assert backlog_review.should_regenerate(data, [item(source="coverage")])


@pytest.mark.parametrize("how", ["touchpoint", "answer"])
def test_regeneration_once_the_audit_starts(store, workspace, how):
    if how == "touchpoint":
        store.add_touchpoints(workspace.id, [{"stage_id": store.stages(workspace.id)[0].id, "name": "Web"}])
    else:
        store.set_answers(workspace.id, {"general:anything": "no"})
    data = store.workspace_data(workspace.id)
    assert backlog_review.audit_started(data)
    assert backlog_review.should_regenerate(data, [])


def test_split_ranks_open_and_resolved_apart():
    items = [item(1, impact=2), item(2, impact=9, resolved=1), item(3, impact=7), item(4, impact=1, resolved=1)]
    open_items, resolved = backlog_review.split(items)
    assert [i.id for i in open_items] == [3, 1]
    assert [i.id for i in resolved] == [2, 4]


@pytest.mark.parametrize("filters, expected", [
    ({}, [1, 2, 3, 4]),
    ({"statuses": ["todo"]}, [1, 3]),
    ({"statuses": ["todo", "done"]}, [1, 3, 4]),
    ({"sources": ["manual"]}, [3]),
    ({"stage_uids": ["s2"]}, [2, 3]),
    ({"statuses": ["todo"], "stage_uids": ["s2"]}, [3]),
    ({"sources": ["coverage"]}, []),
])
def test_filters(filters, expected):
    items = [item(1), item(2, status="doing", stage_uid="s2"), item(3, source="manual", stage_uid="s2"),
             item(4, status="done", source="checklist", stage_uid=None)]
    assert [i.id for i in items if backlog_review.matches(i, **filters)] == expected


@pytest.mark.parametrize("text, expected", [
    ("", None),
    ("2026-03-04", (2026, 3, 4)),
    ("2026-03-04T10:00:00", (2026, 3, 4)),
    ("not a date", None),
    ("2026-13-01", None),
])
def test_date_of(text, expected):
    day = backlog_review.date_of(text)
    assert (None if day is None else (day.year, day.month, day.day)) == expected


@pytest.mark.parametrize("previous, ranked_ids, expected", [
    ([], [1, 2, 3], [1, 2, 3]),
    ([3, 1, 2], [1, 2, 3], [3, 1, 2]),           # the shown order is kept
    ([3, 9, 1], [1, 2, 3], [3, 1, 2]),           # a row gone is dropped, a new one comes in rank order
    ([2, 1], [4, 1, 2, 3], [2, 1, 4, 3]),
])
def test_kept_order(previous, ranked_ids, expected):
    assert backlog_review.kept_order(previous, ranked_ids) == expected
