"""The store: migrations, workspaces, all-or-nothing writes."""

import sqlite3

import pytest

from audit.model import InvalidValue
from audit.store import Store, WorkspaceNotFound, migrations


def test_migrations_apply_once_and_reopening_changes_nothing(tmp_path):
    path = tmp_path / "m.db"
    Store(path).close()
    store = Store(path)
    assert migrations.pending(store._db) == []
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_hourglass_db_environment_variable_picks_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("HOURGLASS_DB", str(tmp_path / "env.db"))
    assert Store().path == tmp_path / "env.db"


def test_names_that_make_the_same_slug_get_numbered_slugs(store):
    slugs = [store.create_workspace(name).slug for name in ("Café Luna", "Café-Luna", "Cafe Luna!")]
    assert slugs == ["cafe-luna", "cafe-luna-2", "cafe-luna-3"]


def test_workspace_found_by_slug_or_name(store):
    ws = store.create_workspace("Panadería La Espiga")
    assert store.workspace("panaderia-la-espiga").id == ws.id
    assert store.workspace("Panadería La Espiga").id == ws.id
    with pytest.raises(WorkspaceNotFound):
        store.workspace("nope")


@pytest.mark.parametrize("framework, count", [("hourglass", 7), ("purchase-route", 5), ("before-during-after", 3)])
def test_a_new_workspace_has_its_framework_stages_and_a_primary_persona(store, framework, count):
    ws = store.create_workspace("W", framework=framework)
    assert len(store.stages(ws.id)) == count
    assert [p.is_primary for p in store.personas(ws.id)] == [1]


def test_a_multi_row_write_with_one_bad_row_writes_nothing(store, workspace):
    stage = store.stages(workspace.id)[0]
    with pytest.raises(InvalidValue):
        store.add_touchpoints(workspace.id, [
            {"stage_id": stage.id, "name": "fine", "importance": 3},
            {"stage_id": stage.id, "name": "bad", "importance": 7},
        ])
    assert store.touchpoints(workspace.id) == []


def test_an_error_inside_a_write_rolls_everything_back(store, workspace):
    stage = store.stages(workspace.id)[0]
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_touchpoints(workspace.id, [{"stage_id": stage.id, "name": "a"}])
            store.set_answers(workspace.id, {"general:x": "yes"})
            raise RuntimeError("boom")
    assert store.touchpoints(workspace.id) == [] and store.answers(workspace.id) == {}


def test_touchpoint_from_another_workspace_stage_is_refused(store, workspace):
    other = store.create_workspace("Other")
    with pytest.raises(InvalidValue):
        store.add_touchpoints(workspace.id, [{"stage_id": store.stages(other.id)[0].id, "name": "x"}])


def test_stages_reorder_rename_add_and_delete_rules(store, workspace):
    stages = store.stages(workspace.id)
    store.move_stage(stages[0].workspace_id, stages[0].id, +1)
    assert [s.key for s in store.stages(workspace.id)][:2] == ["like", "know"]
    store.update_stage(stages[0].workspace_id, stages[0].id, name="Descubrir", goal="Find us")
    extra = store.add_stage(workspace.id, "Advocate")
    assert store.stages(workspace.id)[-1].name == "Advocate"
    store.add_touchpoints(workspace.id, [{"stage_id": extra.id, "name": "Community"}])
    with pytest.raises(InvalidValue):
        store.delete_stage(extra.workspace_id, extra.id)
    with pytest.raises(InvalidValue):
        store.set_framework(workspace.id, "purchase-route")
    assert len(store.stages(workspace.id)) == 8


def test_framework_can_change_while_there_are_no_touchpoints(store, workspace):
    store.set_framework(workspace.id, "before-during-after")
    assert [s.key for s in store.stages(workspace.id)] == ["before", "during", "after"]


def test_deleting_a_workspace_removes_everything_in_it(store, workspace):
    stage = store.stages(workspace.id)[0]
    store.add_touchpoints(workspace.id, [{"stage_id": stage.id, "name": "a"}])
    store.delete_workspace(workspace.id)
    for table in ("stages", "touchpoints", "personas"):
        assert store._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_the_database_opens_with_plain_sqlite(store, workspace):
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT name FROM workspaces").fetchall() == [("Test Shop",)]


def test_a_stage_the_user_added_cannot_lose_its_name_but_a_framework_stage_falls_back(store, workspace):
    extra = store.add_stage(workspace.id, "Onboarding")
    with pytest.raises(InvalidValue):
        store.update_stage(extra.workspace_id, extra.id, name="  ")
    know = store.stages(workspace.id)[0]
    store.update_stage(know.workspace_id, know.id, name="Descubrir")
    store.update_stage(know.workspace_id, know.id, name="")
    assert store.stages(workspace.id)[0].display_name("hourglass", "es") == "Conocer"
