"""Backup while running, restore with a check and only with --force over data."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from audit.__main__ import main
from audit.store import Store, schema_version


def contents(path) -> list[str]:
    """The database's rows, without the change counters: a restore moves those
    on (a running server must not take restored rows for ones it read)."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    copy = sqlite3.connect(":memory:")
    try:
        source.backup(copy)
        with copy:
            copy.execute("DROP TRIGGER IF EXISTS workspaces_update_version")
            copy.execute("UPDATE workspaces SET version = 0")
        return [line for line in copy.iterdump() if "_sqlite_migrations" not in line]
    finally:
        source.close()
        copy.close()


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "live.db"
    store = Store(path)
    ws = store.create_workspace("Bodega Sur")
    stage = store.stages(ws.id)[0]
    store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Web", "importance": 4}])
    store.close()
    return path


def test_backup_is_a_checked_self_contained_copy(db, tmp_path, capsys):
    target = tmp_path / "nightly.db"
    code, out, err = cli(capsys, "--db", db, "backup", "-o", target)
    assert code == 0, err
    assert out == f"backed up 1 workspaces ({target.stat().st_size // 1024} KB) to {target}\n"
    assert contents(target) == contents(db)
    assert not (tmp_path / "nightly.db-wal").exists()
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_backup_while_another_thread_keeps_writing(db, tmp_path, capsys):
    """The app keeps saving during a backup; the copy is one consistent state."""
    store = Store(db)
    ws = store.workspace("bodega-sur")
    stage = store.stages(ws.id)[0]
    stop = threading.Event()
    errors = []

    def write():
        try:
            while not stop.is_set():
                store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "More"}])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for i in range(3):
            code, _, err = cli(capsys, "--db", db, "backup", "-o", tmp_path / f"b{i}.db")
            assert code == 0, err
    finally:
        stop.set()
        writer.join()
        store.close()
    assert errors == []
    for i in range(3):
        copy = Store(tmp_path / f"b{i}.db")
        assert copy.integrity_check() == "ok"
        assert copy.touchpoint_count(copy.workspace("bodega-sur").id) >= 1
        copy.close()


def test_a_backup_never_leaves_half_a_file(db, tmp_path, capsys):
    code, _, err = cli(capsys, "--db", db, "backup", "-o", tmp_path / "missing" / "b.db")
    assert code == 2 and "does not exist" in err
    assert list(tmp_path.glob("*.partial")) == [] and not (tmp_path / "missing").exists()


def test_restore_refuses_to_replace_workspaces_without_force(db, tmp_path, capsys):
    backup = tmp_path / "b.db"
    assert cli(capsys, "--db", db, "backup", "-o", backup)[0] == 0
    other = tmp_path / "other.db"
    store = Store(other)
    store.create_workspace("Someone else")
    store.close()
    before = contents(other)
    code, _, err = cli(capsys, "--db", other, "restore", backup)
    assert code == 2 and "holds 1 workspace;" in err and "--force" in err
    assert contents(other) == before
    code, out, err = cli(capsys, "--db", other, "restore", backup, "--force")
    assert code == 0, err
    assert out.startswith("restored 1 workspaces from ")
    assert contents(other) == contents(db)


def test_restore_into_an_empty_database_needs_no_force(db, tmp_path, capsys):
    backup = tmp_path / "b.db"
    assert cli(capsys, "--db", db, "backup", "-o", backup)[0] == 0
    fresh = tmp_path / "fresh.db"
    assert cli(capsys, "--db", fresh, "restore", backup)[0] == 0
    assert contents(fresh) == contents(db)


def test_restore_reaches_a_session_that_is_open(db, tmp_path, capsys):
    backup = tmp_path / "b.db"
    assert cli(capsys, "--db", db, "backup", "-o", backup)[0] == 0
    live = Store(db)
    live.create_workspace("Made after the backup")
    assert len(live.workspaces()) == 2
    assert cli(capsys, "--db", db, "restore", backup, "--force")[0] == 0
    assert [w.slug for w in live.workspaces()] == ["bodega-sur"]  # same store, no reopen
    live.close()


def test_restore_moves_every_change_counter_past_the_old_ones(db, tmp_path, capsys):
    """A server keeps what it read under (workspace, change counter): after a
    restore no workspace may come back with a counter it had before."""
    backup = tmp_path / "b.db"
    assert cli(capsys, "--db", db, "backup", "-o", backup)[0] == 0
    live = Store(db)
    ws = live.workspaces()[0]
    for n in range(3):
        live.update_workspace(ws.id, name=f"Renamed {n}")
    before = live.change_counter(ws.id)
    assert cli(capsys, "--db", db, "restore", backup, "--force")[0] == 0
    assert live.change_counter(ws.id) > before
    live.close()


@pytest.mark.parametrize("damage, message", [
    ("garbage", "not an Hourglass backup"),
    ("other sqlite", "not an Hourglass backup"),
    ("corrupt", "integrity check"),
    ("newer", f"this one knows up to version {schema_version()}"),
    ("missing", "no such file"),
])
def test_restore_refuses_a_bad_backup_and_changes_nothing(db, tmp_path, capsys, damage, message):
    backup = tmp_path / "b.db"
    assert cli(capsys, "--db", db, "backup", "-o", backup)[0] == 0
    if damage == "garbage":
        backup.write_bytes(b"not a database" * 1000)
    elif damage == "other sqlite":
        backup.unlink()
        conn = sqlite3.connect(backup)
        conn.execute("CREATE TABLE notes (text)")
        conn.commit()
        conn.close()
    elif damage == "corrupt":
        conn = sqlite3.connect(backup)
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'touchpoints'").fetchone()[0]
        conn.close()
        data = bytearray(backup.read_bytes())
        start = (root - 1) * page
        data[start:start + 8] = b"\x0d\x00\xff\xff\xff\xff\x00\x00"  # a broken b-tree page header
        backup.write_bytes(bytes(data))
    elif damage == "newer":
        conn = sqlite3.connect(backup)
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('hourglass', 'm999_future', '2027-01-01')")
        conn.commit()
        conn.close()
    else:
        backup.unlink()
    before = contents(db)
    code, _, err = cli(capsys, "--db", db, "restore", backup, "--force")
    assert code == 2, err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert contents(db) == before


def test_the_readme_has_a_nightly_backup_recipe():
    from pathlib import Path
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    cron = [line for line in readme.splitlines() if re.match(r"^[\d*]+ [\d*]+ \* \* \* ", line)]
    assert cron and "-m audit backup -o" in cron[0] and r"\%" in cron[0]  # % is special in crontab
