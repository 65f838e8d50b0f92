"""Home's read (issue 11): ``Store.workspace_summaries`` counts in the
database what ``progress`` counts over full rows, and ``backlog.top`` picks
the same items from the compact list as from every item."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import backlog
from audit.demo import load_demo
from audit.model import BacklogItem, STATUSES
from audit.progress import progress, summary_progress


def full_reading(store, library, ws_id):
    items = store.backlog_items(ws_id)
    return progress(store.workspace_data(ws_id), library, items), backlog.top(items, 3)


def summary_reading(store, library, ws_id):
    [summary] = store.workspace_summaries([ws_id])
    return summary_progress(summary, library), backlog.top(summary.to_act_on, 3)


def titles(items):
    return [(i.id, i.title) for i in items]


def test_an_empty_workspace_reads_the_same(store, library):
    ws = store.create_workspace("Empty")
    full, summary = full_reading(store, library, ws.id), summary_reading(store, library, ws.id)
    assert summary[0] == full[0] and summary[1] == full[1] == []


def test_the_demo_workspaces_read_the_same_as_their_full_rows(store, library):
    loaded = load_demo(store, library=library)
    assert loaded
    for ws in loaded:
        full_progress, full_top = full_reading(store, library, ws.id)
        got_progress, got_top = summary_reading(store, library, ws.id)
        assert got_progress == full_progress
        assert titles(got_top) == titles(full_top)


@pytest.mark.parametrize("seed", range(6))
def test_a_workspace_in_any_state_reads_the_same(store, library, seed):
    """Scores missing or not, a deleted stage, items resolved,
    edited (an empty edit list counts as not edited), in every status."""
    rng = random.Random(seed)
    ws = store.create_workspace(f"Random {seed}", industry="general")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [dict(
        stage_id=rng.choice(stages[:-2]).id, name=f"T {i}", importance=rng.choice([None, 1, 3, 4, 5]),
        performance=rng.choice([None, 1, 2, 4, 5]), emotion=rng.choice([None, -2, 0, 1]),
        positives=rng.choice(["", "Kind"]), pain_points=rng.choice(["", "Slow"])) for i in range(60)])
    pack = library.pack("general")
    store.set_answers(ws.id, {q.key: rng.choice(["yes", "no", "partly", "na"]) for q in pack.questions[::2]})
    store.update_persona(ws.id, store.personas(ws.id)[0].id, name="Eva", goals="Book fast")
    store.set_customer_counts(ws.id, {stages[0].id: 120})
    backlog.regenerate(store, ws.id, library)
    items = store.backlog_items(ws.id)
    store.update_backlog_items(ws.id, {i.id: {"status": rng.choice(STATUSES)} for i in items[::3]})
    store.update_backlog_items(ws.id, {i.id: {"impact": rng.randint(1, 10)} for i in items[1::4]})
    store.add_manual_item(ws.id, title="Call back")
    store.delete_stage(ws.id, stages[-1].id)  # an empty stage: its coverage item is resolved by the audit
    backlog.regenerate(store, ws.id, library)
    assert any(i.resolved_by_audit for i in store.backlog_items(ws.id))
    full_progress, full_top = full_reading(store, library, ws.id)
    got_progress, got_top = summary_reading(store, library, ws.id)
    assert got_progress == full_progress
    assert titles(got_top) == titles(full_top) and len(got_top) == 3


def test_only_the_workspaces_asked_for_are_read(store, library):
    """Home lists what this viewer may open: the others' counts and titles are not even read."""
    mine, theirs = store.create_workspace("Mine"), store.create_workspace("Theirs")
    store.add_touchpoints(theirs.id, [{"stage_id": store.stages(theirs.id)[0].id, "name": "Secret", "importance": 5,
                                       "performance": 1}])
    backlog.regenerate(store, theirs.id, library)
    [summary] = store.workspace_summaries([mine.id])
    assert summary.workspace.id == mine.id
    assert summary.touchpoints == 0 and summary.to_act_on == [] and summary.items == 0
    assert all(s.workspace_id == mine.id for s in summary.stages + summary.personas)
    assert store.workspace_summaries([]) == []
    assert [s.workspace.id for s in store.workspace_summaries()] == [w.id for w in store.workspaces()]
    [other] = store.workspace_summaries([theirs.id])
    assert other.touchpoints == 1 and other.to_act_on


def item(n, resolved, status, impact, gap, source):
    return BacklogItem(id=n, workspace_id=1, uid=str(n), source=source, source_key=f"k{n}", title=f"Item {n}",
                       impact=impact, confidence=5, ease=5, gap=gap, resolved_by_audit=resolved, status=status)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(STATUSES), st.integers(1, 10),
                          st.none() | st.integers(0, 20), st.sampled_from(["touchpoint", "strength", "manual"])),
                max_size=30), st.integers(0, 5))
def test_top_is_the_first_open_items_of_the_ranking(rows, n):
    items = [item(i, int(r), s, imp, g, src) for i, (r, s, imp, g, src) in enumerate(rows)]
    wanted = [i for i in backlog.ranked(items) if not i.resolved_by_audit and i.status in ("todo", "doing")][:n]
    assert backlog.top(items, n) == wanted
