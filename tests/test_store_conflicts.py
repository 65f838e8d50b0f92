"""Conflicts are never silent (issue 10), at the store: an edit made on a
stale view is refused with what is there now and who put it there; an edit
of a deleted row says so; every edit records its author and grows the row's
version."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Callable

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.__main__ import main
from audit.edits import EditPlan
from audit.store import Store, migrations, schema_version
from audit.store_errors import CLI_AUTHOR, Conflict, ConflictCell, Gone, NotFound, Seen, StoreError
from audit.seen import same

ANA = "ana@example.com"
BOB = "bob@example.com"
QUESTION = "general:has_website"


# -- one table of every covered method ------------------------------------------------
@dataclass
class Case:
    """One store method that edits a field: how to make a row, set the field
    with the method, read it back, change another field, delete the row."""

    make: Callable  # (store, ws_id) -> row id
    write: Callable  # (store, ws_id, row id, value) -> None: the method under test
    read: Callable  # (store, ws_id, row id) -> value
    field: str
    old: object
    theirs: object
    mine: object
    other: Callable  # (store, ws_id, row id) -> None: someone else edits another field
    delete: Callable | None = None  # (store, ws_id, row id): None when a row cannot go
    version: Callable | None = None  # (store, ws_id, row id) -> (rev, changed_by); None: no row version


def persona_of(store, ws, pid):
    return next(p for p in store.personas(ws) if p.id == pid)


def stage_of(store, ws, sid):
    return next(s for s in store.stages(ws) if s.id == sid)


def touchpoint_of(store, ws, tp):
    return next(t for t in store.touchpoints(ws) if t.id == tp)


def item_of(store, ws, item):
    return next(i for i in store.backlog_items(ws) if i.id == item)


def answer_version(store, ws, question):
    rows = store.workspace_rows(ws)["checklist_answers"]
    row = next(r for r in rows if r["question"] == question)
    return row["rev"], row["changed_by"]


def add_touchpoint(store, ws):
    [tp] = store.add_touchpoints(ws, [{"stage_id": store.stages(ws)[0].id, "name": "Web"}])
    return tp


CASES = {
    "update_persona": Case(
        make=lambda s, w: s.add_persona(w, {"name": "Ana"}).id,
        write=lambda s, w, r, v: s.update_persona(w, r, goals=v),
        read=lambda s, w, r: persona_of(s, w, r).goals,
        field="goals", old="Save time", theirs="Save money", mine="Feel safe",
        other=lambda s, w, r: s.update_persona(w, r, pains="Queues"),
        delete=lambda s, w, r: s.delete_persona(w, r),
        version=lambda s, w, r: (persona_of(s, w, r).rev, persona_of(s, w, r).changed_by),
    ),
    "update_stage": Case(
        make=lambda s, w: s.add_stage(w, "Extra").id,
        write=lambda s, w, r, v: s.update_stage(w, r, goal=v),
        read=lambda s, w, r: stage_of(s, w, r).goal,
        field="goal", old="Find us", theirs="Know us", mine="Love us",
        other=lambda s, w, r: s.update_stage(w, r, feelings="Curious"),
        delete=lambda s, w, r: s.delete_stage(w, r),
        version=lambda s, w, r: (stage_of(s, w, r).rev, stage_of(s, w, r).changed_by),
    ),
    "set_customer_counts": Case(
        make=lambda s, w: s.add_stage(w, "Extra").id,
        write=lambda s, w, r, v: s.set_customer_counts(w, {r: v}),
        read=lambda s, w, r: stage_of(s, w, r).customers,
        field="customers", old=100, theirs=80, mine=120,
        other=lambda s, w, r: s.update_stage(w, r, goal="Find us"),
        delete=lambda s, w, r: s.delete_stage(w, r),
        version=lambda s, w, r: (stage_of(s, w, r).rev, stage_of(s, w, r).changed_by),
    ),
    "update_touchpoints": Case(
        make=add_touchpoint,
        write=lambda s, w, r, v: s.update_touchpoints(w, {r: {"importance": v}}),
        read=lambda s, w, r: touchpoint_of(s, w, r).importance,
        field="importance", old=3, theirs=5, mine=4,
        other=lambda s, w, r: s.update_touchpoints(w, {r: {"notes": "Slow"}}),
        delete=lambda s, w, r: s.delete_touchpoints(w, [r]),
        version=lambda s, w, r: (touchpoint_of(s, w, r).rev, touchpoint_of(s, w, r).changed_by),
    ),
    "apply_touchpoint_edits": Case(
        make=add_touchpoint,
        write=lambda s, w, r, v: s.apply_touchpoint_edits(w, EditPlan(updates={r: {"notes": v}})),
        read=lambda s, w, r: touchpoint_of(s, w, r).notes,
        field="notes", old="Slow", theirs="Fast", mine="Broken",
        other=lambda s, w, r: s.update_touchpoints(w, {r: {"owner": "Eva"}}),
        delete=lambda s, w, r: s.delete_touchpoints(w, [r]),
        version=lambda s, w, r: (touchpoint_of(s, w, r).rev, touchpoint_of(s, w, r).changed_by),
    ),
    "set_answers": Case(
        make=lambda s, w: QUESTION,
        write=lambda s, w, r, v: s.set_answers(w, {r: v}),
        read=lambda s, w, r: s.answers(w).get(r),
        field="answer", old="yes", theirs="no", mine="partly",
        other=lambda s, w, r: s.set_answers(w, {"general:other": "yes"}),
        version=answer_version,
    ),
    "update_backlog_item": Case(
        make=lambda s, w: s.add_manual_item(w, title="Call back"),
        write=lambda s, w, r, v: s.update_backlog_item(w, r, owner=v),
        read=lambda s, w, r: item_of(s, w, r).owner,
        field="owner", old="Eva", theirs="Luis", mine="Marta",
        other=lambda s, w, r: s.update_backlog_item(w, r, kpi="Calls"),
        delete=lambda s, w, r: s.delete_manual_items(w, [r]),
        version=lambda s, w, r: (item_of(s, w, r).rev, item_of(s, w, r).changed_by),
    ),
    "update_backlog_items": Case(
        make=lambda s, w: s.add_manual_item(w, title="Call back"),
        write=lambda s, w, r, v: s.update_backlog_items(w, {r: {"status": v}}),
        read=lambda s, w, r: item_of(s, w, r).status,
        field="status", old="todo", theirs="doing", mine="done",
        other=lambda s, w, r: s.update_backlog_items(w, {r: {"impact": 9}}),
        delete=lambda s, w, r: s.delete_manual_items(w, [r]),
        version=lambda s, w, r: (item_of(s, w, r).rev, item_of(s, w, r).changed_by),
    ),
    "update_workspace": Case(
        make=lambda s, w: w,
        write=lambda s, w, r, v: s.update_workspace(w, name=v),
        read=lambda s, w, r: s.workspace(w).name,
        field="name", old="Shop", theirs="Shop North", mine="Shop South",
        other=lambda s, w, r: s.update_workspace(w, industry="retail"),
    ),
    "set_framework": Case(
        make=lambda s, w: w,
        write=lambda s, w, r, v: s.set_framework(w, v),
        read=lambda s, w, r: s.workspace(w).framework,
        field="framework", old="hourglass", theirs="purchase-route", mine="before-during-after",
        other=lambda s, w, r: s.update_workspace(w, name="Renamed"),
    ),
}
WITH_DELETE = [n for n, c in CASES.items() if c.delete]
VERSIONED = [n for n, c in CASES.items() if c.version]
SEEN = {  # the two ways a page says what the user saw
    "value": lambda case, row: Seen.value(case.old),
    "rows": lambda case, row: Seen.rows({row: {case.field: case.old}}),
}


@pytest.fixture
def ws(store):
    return store.create_workspace("Shop").id


def prepared(store, ws, case):
    """A row holding ``case.old``, as both editors saw it."""
    row = case.make(store, ws)
    if case.read(store, ws, row) != case.old:
        case.write(store, ws, row, case.old)
    return row


# -- a stale edit ------------------------------------------------------------------------
@pytest.mark.parametrize("seen", SEEN)
@pytest.mark.parametrize("name", CASES)
def test_a_stale_edit_is_refused_with_what_is_there_now_and_who_put_it(store, ws, name, seen):
    case = CASES[name]
    row = prepared(store, ws, case)
    with store.editing(author=ANA, seen=SEEN[seen](case, row)):
        case.write(store, ws, row, case.theirs)  # Ana saw the old value too: hers is saved
    with pytest.raises(Conflict) as caught, store.editing(author=BOB, seen=SEEN[seen](case, row)):
        case.write(store, ws, row, case.mine)
    assert type(caught.value) is Conflict  # the store's error wrapper lets it through as it is
    by = ANA if case.version else ""  # a workspace's own row does not record its author
    assert caught.value.cells == [ConflictCell(row, case.field, case.mine, case.theirs, by)]
    assert case.read(store, ws, row) == case.theirs  # nothing written


@pytest.mark.parametrize("name", CASES)
def test_a_change_to_the_value_the_user_wanted_anyway_is_not_a_conflict(store, ws, name):
    case = CASES[name]
    row = prepared(store, ws, case)
    with store.editing(author=ANA):
        case.write(store, ws, row, case.mine)
    with store.editing(author=BOB, seen=Seen.value(case.old)):
        case.write(store, ws, row, case.mine)
    assert case.read(store, ws, row) == case.mine


@pytest.mark.parametrize("name", CASES)
def test_someone_else_editing_another_field_is_not_a_conflict(store, ws, name):
    case = CASES[name]
    row = prepared(store, ws, case)
    with store.editing(author=ANA):
        case.other(store, ws, row)
    with store.editing(author=BOB, seen=Seen.rows({row: {case.field: case.old}})):
        case.write(store, ws, row, case.mine)
    assert case.read(store, ws, row) == case.mine


@pytest.mark.parametrize("name", CASES)
def test_a_fresh_edit_is_saved(store, ws, name):
    case = CASES[name]
    row = prepared(store, ws, case)
    with store.editing(author=BOB, seen=Seen.value(case.old)):
        case.write(store, ws, row, case.mine)
    assert case.read(store, ws, row) == case.mine


@pytest.mark.parametrize("context", ["none", "author only"])
@pytest.mark.parametrize("name", CASES)
def test_without_a_seen_value_an_edit_is_written_unconditionally(store, ws, name, context):
    case = CASES[name]
    row = prepared(store, ws, case)
    case.write(store, ws, row, case.theirs)
    if context == "none":  # the command line, imports, the demo: as before
        case.write(store, ws, row, case.mine)
    else:
        with store.editing(author=BOB):
            case.write(store, ws, row, case.mine)
    assert case.read(store, ws, row) == case.mine


# -- a deleted row ---------------------------------------------------------------------------
@pytest.mark.parametrize("editing", [False, True])
@pytest.mark.parametrize("name", WITH_DELETE)
def test_an_edit_of_a_deleted_row_says_so(store, ws, name, editing):
    case = CASES[name]
    row = prepared(store, ws, case)
    case.delete(store, ws, row)
    before = store.workspace_rows(ws)
    with pytest.raises(Gone) as caught:
        if editing:
            with store.editing(author=BOB, seen=Seen.value(case.old)):
                case.write(store, ws, row, case.mine)
        else:
            case.write(store, ws, row, case.mine)
    assert caught.value.row_id == row and isinstance(caught.value, NotFound)
    assert store.workspace_rows(ws) == before  # not brought back, nothing else changed


def test_edit_of_deleted_touchpoint_is_not_reported_saved(store, ws):
    """Regression: another session deleted the touchpoint; the edit was
    dropped without a word and its author saw "Saved"."""
    tp = add_touchpoint(store, ws)
    store.delete_touchpoints(ws, [tp])
    with pytest.raises(Gone) as caught:
        store.update_touchpoints(ws, {tp: {"notes": "Still slow"}})
    assert caught.value.table == "touchpoints"
    assert store.touchpoints(ws) == []


def test_edit_of_deleted_persona_is_not_reported_saved(store, ws):
    pid = store.add_persona(ws, {"name": "Ana"}).id
    store.delete_persona(ws, pid)
    with pytest.raises(Gone):
        store.update_persona(ws, pid, goals="More")


def test_edit_of_deleted_backlog_item_is_not_reported_saved(store, ws):
    item = store.add_manual_item(ws, title="Call back")
    store.delete_manual_items(ws, [item])
    with pytest.raises(Gone):
        store.update_backlog_items(ws, {item: {"owner": "Eva"}})


def test_a_row_of_another_workspace_is_still_not_found_not_gone(store, ws):
    theirs = store.create_workspace("Other").id
    tp = add_touchpoint(store, theirs)
    with pytest.raises(NotFound) as caught:
        store.update_touchpoints(ws, {tp: {"notes": "Hijacked"}})
    assert not isinstance(caught.value, Gone)
    assert touchpoint_of(store, theirs, tp).notes == ""


def test_one_deleted_row_refuses_the_whole_table_edit(store, ws):
    alive, gone = add_touchpoint(store, ws), add_touchpoint(store, ws)
    store.delete_touchpoints(ws, [gone])
    with pytest.raises(Gone):
        store.update_touchpoints(ws, {alive: {"notes": "Edited"}, gone: {"notes": "Edited"}})
    assert touchpoint_of(store, ws, alive).notes == ""


# -- several rows: all or nothing -------------------------------------------------------------
def test_one_stale_cell_refuses_the_whole_table_edit(store, ws):
    a, b, c = (add_touchpoint(store, ws) for _ in range(3))
    store.update_touchpoints(ws, {t: {"importance": 3} for t in (a, b, c)})
    with store.editing(author=ANA):
        store.update_touchpoints(ws, {b: {"importance": 1}})
    shown = {t: {"importance": 3, "notes": ""} for t in (a, b, c)}
    with pytest.raises(Conflict) as caught, store.editing(author=BOB, seen=Seen.rows(shown)):
        store.update_touchpoints(ws, {a: {"importance": 5}, b: {"importance": 5}, c: {"notes": "Slow"}})
    assert caught.value.cells == [ConflictCell(b, "importance", 5, 1, ANA)]
    assert [(t.importance, t.notes) for t in store.touchpoints(ws)] == [(3, ""), (1, ""), (3, "")]


def test_every_stale_cell_is_reported(store, ws):
    first, second = (s.id for s in store.stages(ws)[:2])
    store.set_customer_counts(ws, {first: 100, second: 50})
    with store.editing(author=ANA):
        store.set_customer_counts(ws, {first: 90, second: 40})
    with pytest.raises(Conflict) as caught, \
            store.editing(author=BOB, seen=Seen.rows({first: {"customers": 100}, second: {"customers": 50}})):
        store.set_customer_counts(ws, {first: 95, second: 45})
    assert caught.value.cells == [ConflictCell(first, "customers", 95, 90, ANA),
                                  ConflictCell(second, "customers", 45, 40, ANA)]
    assert [s.customers for s in store.stages(ws)[:2]] == [90, 40]
    assert "2" in caught.value.message("en") and "2" in caught.value.message("es")


def test_a_question_answered_by_someone_else_since_is_a_conflict(store, ws):
    with store.editing(author=ANA):
        store.set_answers(ws, {QUESTION: "no"})
    with pytest.raises(Conflict) as caught, \
            store.editing(author=BOB, seen=Seen.rows({QUESTION: {"answer": None}, "general:other": {"answer": None}})):
        store.set_answers(ws, {QUESTION: "yes", "general:other": "yes"})
    assert caught.value.cells == [ConflictCell(QUESTION, "answer", "yes", "no", ANA)]
    assert store.answers(ws) == {QUESTION: "no"}  # the other answer was not saved either


def test_an_answer_cleared_by_someone_else_since_is_a_conflict(store, ws):
    store.set_answers(ws, {QUESTION: "yes"})
    store.set_answers(ws, {QUESTION: None})
    with pytest.raises(Conflict) as caught, store.editing(author=BOB, seen=Seen.value("yes")):
        store.set_answers(ws, {QUESTION: "no"})
    assert caught.value.cells[0].theirs is None
    assert store.answers(ws) == {}


def test_a_conflict_inside_a_transaction_undoes_the_calls_before_it(store, ws):
    pid = store.personas(ws)[0].id
    tp = add_touchpoint(store, ws)
    store.update_touchpoints(ws, {tp: {"notes": "Fast"}})
    with pytest.raises(Conflict), store.transaction():
        store.update_persona(ws, pid, goals="Written first")
        with store.editing(author=BOB, seen=Seen.value("Slow")):
            store.update_touchpoints(ws, {tp: {"notes": "Broken"}})
    assert store.personas(ws)[0].goals == ""
    assert touchpoint_of(store, ws, tp).notes == "Fast"


# -- the lenient comparison and the row version -------------------------------------------------
@pytest.mark.parametrize("a, b, expected", [
    (None, "", True),
    ("", math.nan, True),
    (None, math.nan, True),
    ("  ", None, True),
    (3, 3.0, True),
    (3, 4, False),
    (True, 1, True),
    ("3", 3, False),  # strings exactly
    ("abc", "abc", True),
    ("abc", "abc ", False),
    ("abc", "Abc", False),
    (None, 0, False),
    ("", "0", False),
])
def test_seen_values_are_compared_as_a_user_sees_them(a, b, expected):
    assert same(a, b) is expected
    assert same(b, a) is expected


def test_a_blank_cell_shown_as_nan_matches_an_empty_score(store, ws):
    tp = add_touchpoint(store, ws)
    with store.editing(author=BOB, seen=Seen.rows({tp: {"importance": math.nan, "notes": None}})):
        store.update_touchpoints(ws, {tp: {"importance": 4, "notes": "Slow"}})
    assert (touchpoint_of(store, ws, tp).importance, touchpoint_of(store, ws, tp).notes) == (4, "Slow")


def test_row_ids_given_as_text_or_floats_are_the_same_rows(store, ws):
    tp = add_touchpoint(store, ws)
    store.update_touchpoints(ws, {tp: {"notes": "Fast"}})
    for seen in (Seen.rows({str(tp): {"notes": "Slow"}}), Seen.rows({float(tp): {"notes": "Slow"}})):
        with pytest.raises(Conflict), store.editing(author=BOB, seen=seen):
            store.update_touchpoints(ws, {tp: {"notes": "Broken"}})


@pytest.mark.parametrize("name", VERSIONED)
def test_every_edit_grows_the_row_version_and_records_its_author(store, ws, name):
    case = CASES[name]
    row = prepared(store, ws, case)
    rev, _ = case.version(store, ws, row)
    with store.editing(author=ANA):
        case.write(store, ws, row, case.theirs)
    assert case.version(store, ws, row) == (rev + 1, ANA)
    case.write(store, ws, row, case.mine)  # the app without an edit context: author unknown
    assert case.version(store, ws, row) == (rev + 2, "")


def test_the_seen_row_version_skips_the_comparison_when_the_row_is_unchanged(store, ws):
    tp = add_touchpoint(store, ws)
    rev = touchpoint_of(store, ws, tp).rev
    # the page's copy of the notes is off (say, trimmed), but the version says nobody wrote since
    with store.editing(author=BOB, seen=Seen.rows({tp: {"rev": rev, "notes": "not what is stored"}})):
        store.update_touchpoints(ws, {tp: {"notes": "Slow"}})
    assert touchpoint_of(store, ws, tp).notes == "Slow"
    # a stale version falls back to comparing the values: stale value → conflict
    with pytest.raises(Conflict), store.editing(author=BOB, seen=Seen.rows({tp: {"rev": rev, "notes": ""}})):
        store.update_touchpoints(ws, {tp: {"notes": "Fast"}})
    # … equal value → saved, although the version moved (another field)
    store.update_touchpoints(ws, {tp: {"owner": "Eva"}})
    current = touchpoint_of(store, ws, tp)
    with store.editing(author=BOB, seen=Seen.rows({tp: {"rev": rev, "notes": "Slow"}})):
        store.update_touchpoints(ws, {tp: {"notes": "Fast"}})
    assert touchpoint_of(store, ws, tp).rev == current.rev + 1


def test_moving_a_stage_grows_the_version_of_the_stages_that_moved_only(store, ws):
    stages = store.stages(ws)
    before = {s.id: s.rev for s in stages}
    with store.editing(author=ANA):
        store.move_stage(ws, stages[0].id, 1)
    after = {s.id: (s.rev, s.changed_by) for s in store.stages(ws)}
    assert after[stages[0].id] == (before[stages[0].id] + 1, ANA)
    assert after[stages[1].id] == (before[stages[1].id] + 1, ANA)
    assert all(after[s.id] == (before[s.id], "") for s in stages[2:])


def test_a_regenerated_backlog_grows_the_version_of_the_items_it_changes(store, ws):
    from audit.backlog import BacklogPlan

    item = store.add_manual_item(ws, title="Call back")
    rev = item_of(store, ws, item).rev
    store.apply_backlog_plan(ws, BacklogPlan(updates={item: {"detail": "Regenerated"}}))
    assert item_of(store, ws, item).rev == rev + 1


def test_rows_added_in_an_edit_record_their_author(store, ws):
    with store.editing(author=ANA):
        tp = add_touchpoint(store, ws)
        pid = store.add_persona(ws).id
        sid = store.add_stage(ws, "Extra").id
        item = store.add_manual_item(ws, title="Call back")
    assert touchpoint_of(store, ws, tp).changed_by == ANA
    assert persona_of(store, ws, pid).changed_by == ANA
    assert stage_of(store, ws, sid).changed_by == ANA
    assert item_of(store, ws, item).changed_by == ANA


# -- the edit context ------------------------------------------------------------------------
def test_the_edit_context_is_per_thread(store, ws):
    """Each Streamlit session runs in its own thread and shares the store."""
    a, b = add_touchpoint(store, ws), add_touchpoint(store, ws)
    step = threading.Barrier(2, timeout=30)
    errors = []

    def editor(author, mine, other):
        try:
            with store.editing(author=author, seen=Seen.rows({mine: {"notes": ""}})):
                step.wait()  # both contexts are open at once
                if author == ANA:
                    store.update_touchpoints(ws, {mine: {"notes": author}})
                step.wait()
                if author == BOB:  # Ana's context is still open in her thread
                    store.update_touchpoints(ws, {mine: {"notes": author}})
                    store.update_touchpoints(ws, {other: {"owner": author}})  # no seen value for it
                step.wait()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=editor, args=(ANA, a, b)), threading.Thread(target=editor, args=(BOB, b, a))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    tp_a, tp_b = touchpoint_of(store, ws, a), touchpoint_of(store, ws, b)
    assert (tp_a.notes, tp_a.owner, tp_a.changed_by) == (ANA, BOB, BOB)
    assert (tp_b.notes, tp_b.changed_by) == (BOB, BOB)
    store.update_touchpoints(ws, {a: {"notes": "main"}})  # this thread never entered one
    assert touchpoint_of(store, ws, a).changed_by == ""


def test_the_edit_context_ends_with_its_block_even_on_a_conflict(store, ws):
    tp = add_touchpoint(store, ws)
    store.update_touchpoints(ws, {tp: {"notes": "Fast"}})
    with pytest.raises(Conflict), store.editing(author=BOB, seen=Seen.value("Slow")):
        store.update_touchpoints(ws, {tp: {"notes": "Broken"}})
    store.update_touchpoints(ws, {tp: {"notes": "Broken"}})  # no context left: written
    assert touchpoint_of(store, ws, tp).changed_by == ""


def test_nested_edit_contexts_restore_the_outer_one(store, ws):
    tp = add_touchpoint(store, ws)
    with store.editing(author=ANA):
        with store.editing(author=BOB):
            store.update_touchpoints(ws, {tp: {"notes": "1"}})
        assert touchpoint_of(store, ws, tp).changed_by == BOB
        store.update_touchpoints(ws, {tp: {"notes": "2"}})
        assert touchpoint_of(store, ws, tp).changed_by == ANA


def test_the_edit_context_of_one_store_does_not_reach_another(tmp_path, store, ws):
    other = Store(tmp_path / "other.db")
    try:
        ows = other.create_workspace("Other").id
        tp = add_touchpoint(other, ows)
        other.update_touchpoints(ows, {tp: {"notes": "Fast"}})
        with store.editing(author=BOB, seen=Seen.value("Slow")):
            other.update_touchpoints(ows, {tp: {"notes": "Broken"}})
        assert touchpoint_of(other, ows, tp).changed_by == ""
    finally:
        other.close()


def test_the_command_line_writes_as_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "demo"]) == 0
    store = Store(db)
    try:
        ws = store.workspaces()[0].id
        assert {t.changed_by for t in store.touchpoints(ws)} == {CLI_AUTHOR}
        assert store.workspace_rows(ws)["checklist_answers"][0]["changed_by"] == CLI_AUTHOR
    finally:
        store.close()


# -- two editors, any interleaving ----------------------------------------------------------------
TEXTS = st.sampled_from(["", "a", "b", "c"])
STEPS = st.lists(st.tuples(st.sampled_from([ANA, BOB]), st.sampled_from(["read", "write"]), TEXTS),
                 min_size=1, max_size=12)


def test_no_editor_ever_overwrites_a_value_they_did_not_see(store, ws):
    """For any interleaving of two editors on one field: a write either
    replaces the value its author saw (or sets the one already there), or
    is refused with a ``Conflict`` naming the value there now, and nothing
    changes. So the value left is never one the last writer did not see
    unless they were told."""
    pid = store.personas(ws)[0].id

    @settings(max_examples=60, deadline=None)
    @given(steps=STEPS)
    def run(steps):
        store.update_persona(ws, pid, goals="")
        view = {ANA: "", BOB: ""}
        for who, action, text in steps:
            before = store.personas(ws)[0].goals
            if action == "read":
                view[who] = before
                continue
            try:
                with store.editing(author=who, seen=Seen.value(view[who])):
                    store.update_persona(ws, pid, goals=text)
            except Conflict as exc:
                assert not same(before, view[who]) and not same(before, text)
                assert exc.cells == [ConflictCell(pid, "goals", text, before, exc.cells[0].by)]
                assert store.personas(ws)[0].goals == before  # nothing written
                view[who] = before  # the page shows what is there now
            else:
                assert same(before, view[who]) or same(before, text)
                assert store.personas(ws)[0].goals == text
                view[who] = text

    run()


SCORES = st.sampled_from([None, 1, 2, 3])


def test_two_editors_of_a_score_table_never_lose_a_cell_silently(store, ws):
    tps = [add_touchpoint(store, ws) for _ in range(2)]

    @settings(max_examples=40, deadline=None)
    @given(steps=st.lists(st.tuples(st.sampled_from([ANA, BOB]), st.booleans(),
                                    st.sampled_from(tps), SCORES), min_size=1, max_size=10))
    def run(steps):
        store.update_touchpoints(ws, {t: {"importance": None} for t in tps})
        view = {who: {t: None for t in tps} for who in (ANA, BOB)}
        for who, is_read, tp, score in steps:
            before = {t.id: t.importance for t in store.touchpoints(ws)}
            if is_read:
                view[who] = before
                continue
            # the editor's whole shown table travels with the edit, as the page would send it
            seen = Seen.rows({t: {"importance": view[who][t]} for t in tps})
            try:
                with store.editing(author=who, seen=seen):
                    store.update_touchpoints(ws, {tp: {"importance": score}})
            except Conflict:
                assert not same(before[tp], view[who][tp]) and not same(before[tp], score)
                assert {t.id: t.importance for t in store.touchpoints(ws)} == before
                view[who] = before
            else:
                assert same(before[tp], view[who][tp]) or same(before[tp], score)
                view[who][tp] = score

    run()


# -- messages -----------------------------------------------------------------------------------
@pytest.mark.parametrize("by, en, es", [
    (ANA, f"(by {ANA})", f"(lo cambió {ANA})"),
    ("", "Someone else changed", "Alguien cambió"),
    (CLI_AUTHOR, "(by the command line)", "(lo cambió la línea de comandos)"),
])
def test_a_conflict_says_what_is_there_now_and_who_put_it_in_both_languages(by, en, es):
    exc = Conflict([ConflictCell(1, "goals", "mine", "Save money", by)])
    assert en in exc.message("en") and "«Save money»" in exc.message("en")
    assert es in exc.message("es") and "«Save money»" in exc.message("es")
    assert "not saved" in exc.message("en") and "no se guardó" in exc.message("es")
    if not by:
        assert "(by" not in exc.message("en") and "(lo cambió" not in exc.message("es")
    assert isinstance(exc, StoreError) and str(exc) == exc.message("en")


def test_a_conflict_with_a_blank_value_says_it_is_empty():
    exc = Conflict([ConflictCell(1, "notes", "Slow", None, ANA)])
    assert "«(empty)»" in exc.message("en") and "«(vacío)»" in exc.message("es")


def test_a_conflict_shortens_a_long_value():
    exc = Conflict([ConflictCell(1, "notes", "Slow", "x" * 500, ANA)])
    assert "x" * 60 + "…" in exc.message("en") and "x" * 61 not in exc.message("en")


def test_a_deleted_row_is_said_in_both_languages():
    exc = Gone("checklist_answers", 7, 1)  # no name of its own: "this row"
    assert exc.message("en") == "This row was deleted by someone else; your change was not saved."
    assert "borró" in exc.message("es") and "no se guardó" in exc.message("es")
    named = Gone("touchpoints", 7, 1)
    assert named.message("en") == "This touchpoint was deleted by someone else; your change was not saved."


# -- the migration ----------------------------------------------------------------------------------
def test_an_older_database_gets_row_versions_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m006_row_versions")
    db.execute("PRAGMA user_version = 5")
    db.execute("INSERT INTO workspaces (slug, name, created_at, updated_at) VALUES ('old', 'Old', '', '')")
    db.execute("INSERT INTO personas (workspace_id, uid, goals) VALUES (1, 'p1', 'Kept')")
    db.conn.commit()
    db.close()
    store = Store(path)
    try:
        [persona] = store.personas(1)
        assert (persona.goals, persona.rev, persona.changed_by) == ("Kept", 0, "")
        before = store.change_counter(1)
        with store.editing(author=ANA):
            store.update_persona(1, persona.id, goals="New")
        assert (store.personas(1)[0].rev, store.personas(1)[0].changed_by) == (1, ANA)
        assert store.change_counter(1) > before  # the workspace counter still counts
        conn = store._db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version() == 6
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("table", ["personas", "stages", "touchpoints", "backlog_items"])
def test_a_deleted_row_is_named_as_the_user_knows_it(table, lang):
    from audit.i18n import t
    from audit.store_errors import Gone

    message = Gone(table, 7).message(lang)
    assert message == t(f"conflicts.gone_{table}", lang) != t("conflicts.gone", lang)
