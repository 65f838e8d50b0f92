"""What the sessions of one server share (``views/shared.py``, issue 11): one
value per name, worked out again when its key or its reads change, once for
sessions asking at the same moment, never for another name."""

import time

import pytest
from at_once import at_once
from hypothesis import given
from hypothesis import strategies as st

from views import shared


@pytest.fixture(autouse=True)
def fresh():
    shared.forget()
    yield
    shared.forget()


def counted():
    calls = []

    def compute(value):
        def work():
            calls.append(value)
            return value
        return work
    return calls, compute


def test_a_value_is_worked_out_once_while_its_key_holds():
    calls, compute = counted()
    assert shared.value(("db", "data", 1), compute("v1"), key=(1, "version", 5)) == "v1"
    assert shared.value(("db", "data", 1), compute("again"), key=(1, "version", 5)) == "v1"
    assert calls == ["v1"]


def test_a_new_key_replaces_the_value_of_its_name():
    calls, compute = counted()
    shared.value(("db", "data", 1), compute("v5"), key=(1, "version", 5))
    assert shared.value(("db", "data", 1), compute("v6"), key=(1, "version", 6)) == "v6"
    # one value per name: the old version is gone, not kept beside the new one
    assert shared.value(("db", "data", 1), compute("v5 again"), key=(1, "version", 5)) == "v5 again"
    assert calls == ["v5", "v6", "v5 again"]


def test_reads_must_be_the_very_same_objects():
    calls, compute = counted()
    rows = ["a", "b"]
    same_rows_read_again = ["a", "b"]
    shared.value(("db", "plan", 1), compute("plan of rows"), reads=(rows,))
    assert shared.value(("db", "plan", 1), compute("x"), reads=(rows,)) == "plan of rows"
    assert shared.value(("db", "plan", 1), compute("plan of the new read"),
                        reads=(same_rows_read_again,)) == "plan of the new read"
    assert calls == ["plan of rows", "plan of the new read"]


@given(st.lists(st.tuples(st.sampled_from(["a.db", "b.db"]), st.sampled_from(["data", "items"]),
                          st.integers(1, 3), st.integers(1, 3)), max_size=30))
def test_a_name_never_gets_another_name_s_value(asks):
    """Whatever the order of asks, each gets the value of its own database,
    slot, workspace and version."""
    shared.forget()
    for path, slot, workspace, version in asks:
        got = shared.value((path, slot, workspace), lambda: (path, slot, workspace, version),
                           key=(workspace, "version", version))
        assert got == (path, slot, workspace, version)


def test_sessions_asking_at_once_wait_for_one_to_work_it_out():
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.2)  # every thread asks while it is worked out
        return object()

    got = at_once(8, lambda: shared.value(("db", "data", 7), slow, key=1))
    assert calls == [1]
    assert len(got) == 8 and all(value is got[0] for value in got)


def test_a_failed_computation_keeps_nothing():
    def fail():
        raise RuntimeError("the database is busy")

    with pytest.raises(RuntimeError):
        shared.value(("db", "data", 1), fail, key=1)
    assert shared.value(("db", "data", 1), lambda: "read", key=1) == "read"


def test_the_server_keeps_a_bounded_number_of_values():
    for n in range(shared.ENTRIES + 25):
        shared.value(("db", "data", n), lambda n=n: n, key=0)
    assert len(shared._VALUES) == shared.ENTRIES
    calls, compute = counted()
    # the most recent are kept, the oldest went first
    assert shared.value(("db", "data", shared.ENTRIES + 24), compute("gone"), key=0) == shared.ENTRIES + 24
    assert shared.value(("db", "data", 0), compute("read again"), key=0) == "read again"
    assert calls == ["read again"]
