"""Many sessions writing to one workspace at once lose nothing (DESIGN.md, "Data").

Eight threads share one ``Store`` (as Streamlit sessions do) and a second
``Store`` object opens the same file (as another process would). Every write
is ``BEGIN IMMEDIATE`` with a busy timeout, so writers queue: no "database is
locked" may escape, and the final counts are exact.
"""

import sqlite3
import threading

from audit import backlog
from audit.store import Store
from audit.store_errors import StoreError

THREADS = 8
ROUNDS = 12


def test_concurrent_writers_lose_nothing(tmp_path, library):
    path = tmp_path / "shared.db"
    shared = Store(path)
    other = Store(path)  # another "process" on the same file
    ws = shared.create_workspace("Busy Workshop", industry="retail")
    stages = shared.stages(ws.id)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        store = other if n % 2 else shared
        try:
            start.wait()
            mine: list[int] = []
            for i in range(ROUNDS):
                stage = stages[(n + i) % len(stages)]
                mine += store.add_touchpoints(ws.id, [{
                    "stage_id": stage.id, "name": f"t{n}-{i}", "importance": 1 + (i % 5),
                    "performance": 1 + (n % 5), "emotion": (i % 5) - 2,
                }])
                store.update_touchpoints(ws.id, {mine[-1]: {"notes": f"note {n}-{i}"}})
                if i:
                    store.update_touchpoints(ws.id, {mine[-2]: {"notes": f"final {n}-{i - 1}"}})
                store.set_answers(ws.id, {f"thread{n}:q{i}": ("yes", "partly", "no", "na")[i % 4],
                                          "retail:know-google-profile": ("yes", "no")[i % 2]})
                if i % 5 == 0:
                    backlog.regenerate(store, ws.id, library)
                assert len(store.touchpoints(ws.id)) >= i + 1
            store.update_touchpoints(ws.id, {mine[-1]: {"notes": f"final {n}-{ROUNDS - 1}"}})
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            store.close()  # this thread's connection

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    locked = [e for e in errors if isinstance(e, (sqlite3.OperationalError, StoreError)) and "locked" in str(e)]
    assert not locked, f"'database is locked' escaped: {locked[0]}"
    assert not errors, repr(errors[0])

    touchpoints = shared.touchpoints(ws.id)
    assert len(touchpoints) == THREADS * ROUNDS
    assert sorted(t.name for t in touchpoints) == sorted(f"t{n}-{i}" for n in range(THREADS) for i in range(ROUNDS))
    assert all(t.notes == f"final {t.name[1:]}" for t in touchpoints)
    for stage in stages:  # positions within a stage stay unique
        positions = [t.position for t in touchpoints if t.stage_id == stage.id]
        assert len(positions) == len(set(positions))
    answers = shared.answers(ws.id)
    assert len(answers) == THREADS * ROUNDS + 1

    backlog.regenerate(shared, ws.id, library)
    items = shared.backlog_items(ws.id)
    assert len({i.source_key for i in items}) == len(items)
    assert backlog.plan(shared.workspace_data(ws.id), library, items).empty
    assert shared.integrity_check() == "ok"
    assert other.integrity_check() == "ok"
    other.close()
    shared.close()


# -- connections: Streamlit runs every script run on a new thread ---------------------
def in_thread(function) -> None:
    thread = threading.Thread(target=function)
    thread.start()
    thread.join()


def test_a_finished_threads_connection_serves_the_next_thread(tmp_path):
    store = Store(tmp_path / "runs.db")
    used = []
    for _ in range(4):  # one script run after another, each on its own thread
        in_thread(lambda: (store.workspaces(), used.append(store._db.conn)))
    assert len({id(conn) for conn in used}) == 1


def test_threads_alive_at_once_never_share_a_connection(tmp_path):
    store = Store(tmp_path / "sessions.db")
    store.create_workspace("Busy Workshop")
    together = threading.Barrier(THREADS)
    used = []

    def session() -> None:
        assert [ws.name for ws in store.workspaces()] == ["Busy Workshop"]
        used.append(store._db.conn)
        together.wait(timeout=10)  # all alive here, each holding its connection

    threads = [threading.Thread(target=session) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(conn) for conn in used}) == THREADS
    in_thread(lambda: used.append(store._db.conn))  # the next run takes one of theirs
    assert used[-1] in used[:-1]


def test_a_thread_that_ended_inside_a_transaction_leaves_nothing_to_the_next(tmp_path):
    store = Store(tmp_path / "half.db")

    def ended_midway() -> None:
        store._db.conn.execute("BEGIN")
        store.create_workspace("Half")  # inside the open transaction: not committed

    in_thread(ended_midway)
    names = []
    in_thread(lambda: names.extend(ws.name for ws in store.workspaces()))
    assert names == []
    in_thread(lambda: store.create_workspace("Whole"))  # and writes go on
    assert [ws.name for ws in store.workspaces()] == ["Whole"]
