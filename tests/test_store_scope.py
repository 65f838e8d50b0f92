"""Regression tests for the narrow store: each named after the defect it pins."""

import sqlite3

import pytest

from audit.backlog import BacklogPlan
from audit.model import InvalidValue
from audit.store import Store
from audit.store_errors import DatabaseError, Gone, NotFound, StoreError, WorkspaceNotFound


@pytest.fixture
def two(store):
    """Two workspaces: the caller's and another client's."""
    return store.create_workspace("Mine"), store.create_workspace("Theirs")


def theirs_stage(store, two):
    return store.stages(two[1].id)[1]


CROSS_WORKSPACE_CALLS = {  # (my workspace id, their stage id, their persona id)
    "update_stage": lambda s, mine, stage, persona: s.update_stage(mine, stage, name="Hijacked"),
    "move_stage": lambda s, mine, stage, persona: s.move_stage(mine, stage, -1),
    "delete_stage": lambda s, mine, stage, persona: s.delete_stage(mine, stage),
    "set_customer_counts": lambda s, mine, stage, persona: s.set_customer_counts(mine, {stage: 5}),
    "update_persona": lambda s, mine, stage, persona: s.update_persona(mine, persona, name="Hijacked"),
    "delete_persona": lambda s, mine, stage, persona: s.delete_persona(mine, persona),
}


@pytest.mark.parametrize("call", CROSS_WORKSPACE_CALLS, ids=lambda n: f"{n}_refuses_a_row_of_another_workspace")
def test_stage_and_persona_methods_refuse_a_row_of_another_workspace(store, two, call):
    persona = store.add_persona(two[1].id, {"name": "Ana"})
    before = store.workspace_rows(two[1].id)
    with pytest.raises(NotFound):
        CROSS_WORKSPACE_CALLS[call](store, two[0].id, theirs_stage(store, two).id, persona.id)
    after = store.workspace_rows(two[1].id)
    assert after == before  # nothing of the other workspace changed


def test_update_stage_refuses_a_stage_of_another_workspace(store, two):
    stage = theirs_stage(store, two)
    with pytest.raises(NotFound) as caught:
        store.update_stage(two[0].id, stage.id, name="Hijacked")
    assert isinstance(caught.value, StoreError)
    assert store.stages(two[1].id)[1].name == ""


def test_update_stage_of_a_stage_deleted_meanwhile_changes_nothing_and_says_so(store, two):
    mine = two[0].id
    extra = store.add_stage(mine, "Extra")
    store.delete_stage(mine, extra.id)
    with pytest.raises(Gone):  # another session deleted it: said so, not "saved"
        store.update_stage(mine, extra.id, name="Back")
    assert "Back" not in [s.name for s in store.stages(mine)]


def test_update_touchpoints_refuses_moving_a_touchpoint_to_a_stage_of_another_workspace(store, two):
    mine, theirs = two[0].id, two[1].id
    [tp] = store.add_touchpoints(mine, [{"stage_id": store.stages(mine)[0].id, "name": "Web"}])
    with pytest.raises(InvalidValue):
        store.update_touchpoints(mine, {tp: {"stage_id": store.stages(theirs)[0].id}})
    assert store.touchpoints(mine)[0].stage_id == store.stages(mine)[0].id


def test_apply_backlog_plan_leaves_the_items_of_another_workspace_alone(store, two):
    mine, theirs = two[0].id, two[1].id
    item = store.add_manual_item(theirs, title="Theirs")
    store.apply_backlog_plan(mine, BacklogPlan(updates={item: {"title": "Hijacked"}}))
    assert store.backlog_items(theirs)[0].title == "Theirs"


def test_set_customer_counts_writes_every_stage_or_none(store, two):
    mine = two[0].id
    first, second = store.stages(mine)[:2]
    with pytest.raises(InvalidValue):
        store.set_customer_counts(mine, {first.id: 100, second.id: -3})
    assert [s.customers for s in store.stages(mine)[:2]] == [None, None]
    store.set_customer_counts(mine, {first.id: 100, second.id: 40})
    assert [s.customers for s in store.stages(mine)[:2]] == [100, 40]


def test_delete_persona_counts_as_a_change_of_the_workspace(store, two):
    mine = two[0].id
    persona = store.add_persona(mine)
    before = store.change_counter(mine)
    store.delete_persona(mine, persona.id)
    assert store.change_counter(mine) > before


WRITES = {
    "rename": lambda s, w: s.update_workspace(w, name="Renamed"),
    "framework": lambda s, w: s.set_framework(w, "purchase-route"),
    "persona": lambda s, w: s.update_persona(w, s.personas(w)[0].id, goals="More"),
    "stage": lambda s, w: s.update_stage(w, s.stages(w)[0].id, goal="Find us"),
    "add_stage": lambda s, w: s.add_stage(w, "Extra"),
    "touchpoint": lambda s, w: s.add_touchpoints(w, [{"stage_id": s.stages(w)[0].id, "name": "Web"}]),
    "answer": lambda s, w: s.set_answers(w, {"general:x": "yes"}),
    "manual_item": lambda s, w: s.add_manual_item(w, title="Call back"),
    "snapshot": lambda s, w: s.add_snapshot(w, {}, "before"),
}


@pytest.mark.parametrize("write", WRITES)
def test_change_counter_grows_with_every_write_to_the_workspace(store, two, write):
    mine, theirs = two[0].id, two[1].id
    before, other = store.change_counter(mine), store.change_counter(theirs)
    WRITES[write](store, mine)
    assert store.change_counter(mine) > before
    assert store.change_counter(theirs) == other  # a page caching the other workspace keeps its cache


def test_remembering_the_last_page_is_not_a_change(store, two):
    before = store.change_counter(two[0].id)
    store.set_last_page(two[0].id, "scoring")
    assert store.change_counter(two[0].id) == before


def test_change_counter_of_a_missing_workspace_is_not_found(store):
    with pytest.raises(WorkspaceNotFound):
        store.change_counter(999)


def test_a_file_that_is_not_a_database_is_a_store_error_not_a_sqlite3_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert not isinstance(caught.value, sqlite3.Error)


def test_a_database_fault_inside_a_transaction_is_a_store_error(store, workspace):
    with pytest.raises(DatabaseError):
        with store.transaction():
            store.set_answers(workspace.id, {"general:x": "yes"})
            store._db.execute("SELECT * FROM no_such_table")  # a fault the store did not foresee
    assert store.answers(workspace.id) == {}


def test_transaction_hands_out_no_database(store):
    with store.transaction() as handle:
        assert handle is None


def test_workspaces_data_reads_what_workspace_data_reads(store, two, library):
    mine = two[0].id
    store.add_touchpoints(mine, [{"stage_id": store.stages(mine)[2].id, "name": "Web", "importance": 4}])
    store.set_answers(mine, {"general:x": "no"})
    store.add_manual_item(mine, title="Call back")
    everything = {data.workspace.id: (data, items) for data, items in store.workspaces_data()}
    assert everything[mine][0] == store.workspace_data(mine)
    assert everything[mine][1] == store.backlog_items(mine)
    assert [d.workspace.id for d, _ in store.workspaces_data()] == [w.id for w in store.workspaces()]


def test_workspaces_data_reads_only_the_workspaces_asked_for(store, two):
    """Home lists only what a viewer may open (access): the others' rows are not even read."""
    mine, theirs = two[0].id, two[1].id
    store.add_touchpoints(theirs, [{"stage_id": store.stages(theirs)[0].id, "name": "Secret"}])
    [(data, items)] = store.workspaces_data([mine])
    assert data.workspace.id == mine and data.touchpoints == [] and items == []
    assert store.workspaces_data([]) == []


def test_set_report_settings_refuses_a_snapshot_of_another_workspace(store, two):
    theirs = store.add_snapshot(two[1].id, {}, "theirs")
    with pytest.raises(NotFound):
        store.set_report_settings(two[0].id, snapshot=theirs)
    assert store.report_settings(two[0].id)["snapshot"] is None
