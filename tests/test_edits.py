"""Data-editor state → a plan of writes."""

import pytest

from audit.edits import plan_table_edits

COLUMNS = {"Name": "name", "Importance": "importance"}


@pytest.mark.parametrize("state, updates, inserts, deletes", [
    (None, {}, [], []),
    ({"edited_rows": {0: {"Name": "A"}}}, {10: {"name": "A"}}, [], []),
    ({"edited_rows": {"1": {"Importance": 4, "Ignored": 1}}}, {11: {"importance": 4}}, [], []),
    ({"deleted_rows": [2]}, {}, [], [12]),
    ({"edited_rows": {2: {"Name": "x"}}, "deleted_rows": [2]}, {}, [], [12]),
    ({"added_rows": [{"Name": "New"}, {"Name": " "}, {}]}, {}, [{"stage_id": 5, "name": "New"}], []),
    ({"edited_rows": {7: {"Name": "out of range"}}, "deleted_rows": [9]}, {}, [], []),
])
def test_editor_state_becomes_updates_inserts_and_deletes(state, updates, inserts, deletes):
    plan = plan_table_edits([10, 11, 12], state, columns=COLUMNS, defaults={"stage_id": 5})
    assert (plan.updates, plan.inserts, plan.deletes) == (updates, inserts, deletes)


def test_planning_the_same_state_twice_gives_the_same_plan():
    state = {"edited_rows": {0: {"Name": "A"}}, "added_rows": [{"Name": "B"}], "deleted_rows": [1]}
    assert plan_table_edits([1, 2], state, columns=COLUMNS) == plan_table_edits([1, 2], state, columns=COLUMNS)
