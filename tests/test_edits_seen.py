"""``audit.edits``' account of what the user saw in the cells they edited
(the values a table edit is checked against, issue 10)."""

import numpy as np
import pandas as pd
import pytest

from audit.edits import plain, seen_cells, seen_with, table_names


@pytest.mark.parametrize("cell, expected", [
    (None, None), (float("nan"), None), (pd.NA, None), (pd.NaT, None),
    (np.int64(4), 4), (np.float64(2.5), 2.5), ("Shop window", "Shop window"), ("", ""),
])
def test_a_cell_as_the_store_holds_it(cell, expected):
    value = plain(cell)
    assert value == expected and type(value) is type(expected)


FRAME = pd.DataFrame({"name": ["Shop window", "Maps"], "importance": pd.array([3, None], dtype="Int64"),
                      "mot": ["auto", "yes"]})


def test_seen_cells_are_the_edited_cells_by_record_id_and_field():
    edited = {"1": {"importance": 5}, 0: {"name": "Window", "mot": "no"}}
    seen = seen_cells(FRAME, [41, 42], edited, {"name": "name", "importance": "importance", "mot": "moment"},
                      to_store={"moment": {"auto": None, "yes": 1, "no": 0}.get})
    assert seen == {42: {"importance": None}, 41: {"name": "Shop window", "moment": None}}


@pytest.mark.parametrize("edited", [{5: {"name": "x"}}, {-1: {"name": "x"}}])
def test_a_row_the_frame_does_not_have_is_left_out(edited):
    assert seen_cells(FRAME, [41, 42], edited, {"name": "name"}) == {}


def test_a_column_that_is_not_a_field_is_left_out():
    assert seen_cells(FRAME, [41, 42], {0: {"name": "x", "quadrant": "y"}}, {"name": "name"}) == {41: {"name": "Shop window"}}


def test_theirs_replaces_what_was_seen_only_for_their_cells():
    seen = seen_with({41: {"name": "Shop window", "owner": "Rosa"}}, {41: {"name": "Window"}, 42: {"kpi": "calls"}})
    assert seen.get(41, "name") == (True, "Window") and seen.get(41, "owner") == (True, "Rosa")
    assert seen.get(42, "kpi") == (True, "calls")


def test_rows_are_named_by_their_name_column_and_columns_by_their_label():
    labels, titles = table_names(FRAME, [41, 42], {"importance": "importance", "mot": "moment"},
                                 {"importance": {"label": "Importance"}, "mot": "Moment of truth"})
    assert labels == {41: "Shop window", 42: "Maps"}
    assert titles == {"importance": "Importance", "moment": "Moment of truth"}
