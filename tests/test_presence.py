"""Who is in a workspace (``audit.presence``): beats, expiry, moves, threads."""

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.presence import Presence, others

TTL = 10.0


@pytest.fixture
def registry():
    return Presence(ttl=TTL)


def test_a_session_that_beat_is_here(registry):
    registry.beat(1, "s1", "", now=100.0)
    assert registry.here(1, now=100.0) == [""]
    assert registry.here(2, now=100.0) == []


@pytest.mark.parametrize("later, here", [
    (0.0, True), (TTL - 0.1, True), (TTL, True), (TTL + 0.1, False), (10 * TTL, False),
])
def test_a_session_that_stops_beating_drops_out_after_the_ttl(registry, later, here):
    registry.beat(1, "s1", "ana@example.com", now=50.0)
    assert registry.here(1, now=50.0 + later) == (["ana@example.com"] if here else [])


def test_an_expired_session_is_forgotten_not_just_hidden(registry):
    registry.beat(1, "s1", "", now=0.0)
    registry.beat(1, "s2", "", now=TTL + 1)
    assert registry.sessions() == 1


def test_switching_workspace_moves_the_session_at_once(registry):
    registry.beat(1, "s1", "", now=0.0)
    registry.beat(1, "s2", "", now=0.0)
    registry.beat(2, "s1", "", now=1.0)
    assert registry.here(1, now=1.0) == [""]
    assert registry.here(2, now=1.0) == [""]


def test_leaving_removes_the_session(registry):
    registry.beat(1, "s1", "", now=0.0)
    registry.leave("s1")
    registry.leave("never-here")
    assert registry.here(1, now=0.0) == []


@pytest.mark.parametrize("sessions, expected", [
    ([("s1", "ana@x.org"), ("s2", "ana@x.org")], ["ana@x.org"]),  # one person, two tabs
    ([("s1", "ana@x.org"), ("s2", "bo@x.org")], ["ana@x.org", "bo@x.org"]),
    ([("s1", ""), ("s2", "")], ["", ""]),  # nobody known: every session is one person
    ([("s1", "bo@x.org"), ("s2", ""), ("s3", "ana@x.org")], ["ana@x.org", "bo@x.org", ""]),
])
def test_people_are_counted_once_each_and_unknown_sessions_once_each(registry, sessions, expected):
    for sid, who in sessions:
        registry.beat(7, sid, who, now=3.0)
    assert registry.here(7, now=3.0) == expected


@pytest.mark.parametrize("people, me, expected", [
    (["ana@x.org", "bo@x.org"], "ana@x.org", ["bo@x.org"]),
    (["", ""], "", [""]),
    (["ana@x.org", ""], "", ["ana@x.org"]),
    ([""], "", []),
    ([], "", []),  # not beaten yet
])
def test_others_leaves_out_this_sessions_own_entry(people, me, expected):
    assert others(people, me) == expected


def test_a_late_beat_never_turns_the_clock_back(registry):
    registry.beat(1, "s1", "", now=20.0)
    registry.beat(1, "s1", "", now=5.0)  # a thread that read the clock earlier
    assert registry.here(1, now=20.0 + TTL) == [""]


def test_the_ttl_must_be_positive():
    with pytest.raises(ValueError):
        Presence(ttl=0)


events = st.lists(st.tuples(
    st.sampled_from(["beat", "leave"]), st.integers(1, 3), st.sampled_from(["a", "b", "c", "d"]),
    st.sampled_from(["", "ana@x.org", "bo@x.org"]), st.floats(0, 100, allow_nan=False)), max_size=40)


@given(events=events, wait=st.floats(0, 30, allow_nan=False), workspace=st.integers(1, 3))
def test_here_is_exactly_the_sessions_whose_last_beat_is_in_the_workspace_within_the_ttl(events, wait, workspace):
    """Against a model, on a clock that only goes forward (the events'
    times are gaps): the last event of each session decides where it is."""
    registry = Presence(ttl=TTL)
    last, now = {}, 0.0
    for kind, ws, sid, who, gap in events:
        now += gap / 10
        if kind == "beat":
            registry.beat(ws, sid, who, now)
            last[sid] = (ws, who, now)
        else:
            registry.leave(sid)
            last.pop(sid, None)
    ask = now + wait
    alive = [(who, at) for ws, who, at in last.values() if ws == workspace and ask - at <= TTL]
    names = sorted({who for who, _ in alive if who})
    assert registry.here(workspace, ask) == names + [""] * sum(1 for who, _ in alive if not who)


@given(events=events)
def test_the_count_is_never_negative_and_never_more_than_the_sessions(events):
    registry = Presence(ttl=TTL)
    for kind, ws, sid, who, now in events:
        registry.beat(ws, sid, who, now) if kind == "beat" else registry.leave(sid)
        for workspace in (1, 2, 3):
            assert 0 <= len(registry.here(workspace, now)) <= registry.sessions() <= 4


def test_many_threads_beating_at_once_are_all_counted():
    registry = Presence(ttl=TTL)
    start = threading.Barrier(16)

    def session(n: int) -> None:
        start.wait()
        for i in range(200):
            registry.beat(n % 2, f"s{n}", "", now=float(i) / 100)
            registry.here(n % 2, now=float(i) / 100)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(registry.here(0, now=2.0)) == 8
    assert len(registry.here(1, now=2.0)) == 8
