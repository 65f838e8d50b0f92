"""One table of fields (model.FIELDS) and one cleaning function (model.clean)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.model import (
    BACKLOG_EDITABLE,
    FIELDS,
    PERSONA_FIELDS,
    STAGE_TEXT_FIELDS,
    TOUCHPOINT_SCORE_FIELDS,
    TOUCHPOINT_TEXT_FIELDS,
    InvalidValue,
    clean,
    clean_backlog,
    clean_touchpoint,
)


def test_the_table_names_every_editable_column():
    assert set(FIELDS["touchpoint"]) == set(TOUCHPOINT_TEXT_FIELDS + TOUCHPOINT_SCORE_FIELDS)
    assert set(FIELDS["backlog"]) == set(BACKLOG_EDITABLE)
    assert set(FIELDS["persona"]) == set(PERSONA_FIELDS)
    assert set(FIELDS["stage"]) == {"name", "customers", *STAGE_TEXT_FIELDS}


BOUNDED = [(table, name, spec) for table, spec_of in FIELDS.items() for name, spec in spec_of.items()
           if spec.kind == "int" and spec.lo is not None]


@pytest.mark.parametrize("table, name, spec", BOUNDED, ids=[f"{t}.{n}" for t, n, _ in BOUNDED])
@given(number=st.integers(-1000, 1000))
def test_a_whole_number_is_kept_exactly_when_the_table_allows_it(table, name, spec, number):
    allowed = spec.lo <= number and (spec.hi is None or number <= spec.hi)
    if allowed:
        assert clean(table, {name: number}) == {name: number}
        assert clean(table, {name: f" {number} "}) == {name: number}  # typed in a cell
    else:
        with pytest.raises(InvalidValue):
            clean(table, {name: number})


@pytest.mark.parametrize("table, values", [
    ("touchpoint", {"name": "  "}), ("touchpoint", {"channel": "fax"}), ("touchpoint", {"importance": 2.5}),
    ("backlog", {"status": "maybe"}), ("backlog", {"due_date": "2026-02-30"}), ("backlog", {"impact": None}),
    ("stage", {"customers": -1}), ("stage", {"customers": "many"}), ("stage", {"colour": "red"}),
    ("workspace", {"lang": "fr"}), ("workspace", {"name": ""}), ("answer", {"answer": "maybe"}),
    ("persona", {"goals": "x" * 20_001}),
])
def test_clean_refuses_what_the_table_does_not_allow(table, values):
    with pytest.raises(InvalidValue):
        clean(table, values)


@pytest.mark.parametrize("table, values, expected", [
    ("touchpoint", {"name": " Web ", "channel": "ONLINE", "moment_of_truth": "sí"},
     {"name": "Web", "channel": "online", "moment_of_truth": 1}),
    ("backlog", {"due_date": "2026-12-31", "status": "doing", "owner": None},
     {"due_date": "2026-12-31", "status": "doing", "owner": ""}),
    ("stage", {"customers": "1200", "goal": float("nan")}, {"customers": 1200, "goal": ""}),
    ("stage", {"customers": ""}, {"customers": None}),
    ("workspace", {"lang": "es", "name": "Café"}, {"lang": "es", "name": "Café"}),
])
def test_clean_normalises_by_the_table(table, values, expected):
    assert clean(table, values) == expected


@given(values=st.dictionaries(st.sampled_from(sorted(FIELDS["touchpoint"])),
                              st.one_of(st.none(), st.integers(-3, 6), st.text(max_size=8))))
def test_the_old_cleaners_are_the_one_cleaning_function(values):
    def outcome(fn, table):
        try:
            return fn(values)
        except InvalidValue as exc:
            return ("refused", exc.column)
    assert outcome(clean_touchpoint, "touchpoint") == outcome(lambda v: clean("touchpoint", v), "touchpoint")


def test_update_workspace_refuses_an_unknown_language(store, workspace):
    """It used to store any language code, which no catalog could show."""
    with pytest.raises(InvalidValue):
        store.update_workspace(workspace.id, lang="fr")
    assert store.workspace(workspace.id).lang == "en"


def test_update_stage_cleans_customers_by_the_table(store, workspace):
    stage = store.stages(workspace.id)[0]
    store.update_stage(workspace.id, stage.id, customers="1.200,0".replace(".", ""))
    assert store.stages(workspace.id)[0].customers == 1200
    with pytest.raises(InvalidValue) as caught:
        store.update_stage(workspace.id, stage.id, customers=2.5)
    assert caught.value.rule == "count"


def test_clean_backlog_is_clean_of_the_backlog_table():
    assert clean_backlog({"title": " Call ", "impact": "7"}) == clean("backlog", {"title": " Call ", "impact": "7"})
