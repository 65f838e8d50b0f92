"""Database faults: a clear message in the user's language, and nothing changed.

Each fault is real, not a mock of the store: a read-only file or folder (as
an unprivileged user, since root may write anything), a file that is not a
database, a schema from a newer Hourglass, a write lock held by another
process (``BEGIN IMMEDIATE`` in a subprocess), a full disk (SQLite's own
``max_page_count`` on the store's connections, which fails a growing write
with SQLITE_FULL exactly as a full disk does), and a missing folder.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from audit import faults
from audit.__main__ import main
from audit.i18n import t
from audit.store import Store, schema_version

ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534


# -- helpers ---------------------------------------------------------------------
def contents(path) -> list[str]:
    """Everything the database holds, as SQL: equal lists, unchanged data."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def make_db(path) -> Store:
    store = Store(path)
    ws = store.create_workspace("Bodega Sur")
    stage = store.stages(ws.id)[0]
    store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Google profile", "importance": 5}])
    return store


def inventory(folder: Path, rows: int = 3) -> Path:
    path = folder / "inventory.csv"
    path.write_text("Stage,Touchpoint\n" + "".join(f"Know,Point {i}\n" for i in range(rows)),
                    encoding="utf-8")
    path.chmod(0o644)
    return path


def one_error_line(code: int, err: str) -> str:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("hourglass: error: database ")
    assert "Traceback" not in err
    return lines[0]


@contextlib.contextmanager
def unprivileged():
    """Run as a user who owns nothing (root may write any file): in this
    process, so no interpreter has to be reachable by that user."""
    if os.geteuid() != 0:
        yield
        return
    for encoding in ("utf-8-sig", "cp1252", "utf-16"):  # the interpreter's files are root's
        codecs.lookup(encoding)
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def cli(*argv: str, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def shared_dir():
    """A folder another user can enter (pytest's own tmp folders are private)."""
    path = Path(tempfile.mkdtemp(prefix="hourglass-faults-"))
    path.chmod(0o777)
    yield path
    path.chmod(0o777)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def holder():
    """Another process holding the write lock (``BEGIN IMMEDIATE``) until stopped."""
    procs = []

    def hold(path) -> subprocess.Popen:
        code = ("import sqlite3, sys, time\n"
                "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                "conn.execute('BEGIN IMMEDIATE')\n"
                "conn.execute(\"UPDATE workspaces SET name = name\")\n"
                "print('locked', flush=True)\n"
                "time.sleep(120)\n")
        proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout.readline().strip() == "locked"
        return proc

    yield hold
    for proc in procs:
        proc.kill()
        proc.wait()


def tiny_disk(monkeypatch) -> None:
    """Every new connection of the store may not grow the file: SQLITE_FULL."""
    real = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    monkeypatch.setattr("audit.store.sqlite3.connect", connect)


def newer(path) -> None:
    """Make ``path`` look written by an Hourglass with two more migrations."""
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('hourglass', 'm999_from_the_future', '2027-01-01')")
    conn.execute(f"PRAGMA user_version = {schema_version() + 2}")
    conn.commit()
    conn.close()


# -- the messages ------------------------------------------------------------------
@pytest.mark.parametrize("fault", [
    faults.ReadOnlyDatabase("/srv/data/h.db"), faults.NotADatabase("/srv/data/h.db"),
    faults.NewerSchema("/srv/data/h.db", found=5, known=3), faults.DiskFull("/srv/data/h.db"),
    faults.DatabaseBusy("/srv/data/h.db", seconds=5), faults.MissingFolder("/srv/data/h.db"),
    faults.DatabaseUnavailable("/srv/data/h.db"),
])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_fault_has_a_message_in_both_languages_without_the_folder(fault, lang):
    text = fault.message(lang)
    assert text != f"fault.{fault.code}" and "{" not in text
    assert "h.db" in text and "/srv" not in text  # the file, never where it lives
    assert ("nothing" in text or "nada" in text)


# -- not a database ------------------------------------------------------------------
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path, capsys):
    path = tmp_path / "notes.db"
    path.write_bytes(b"hello, these are my notes\n" * 400)
    before = path.read_bytes()
    with pytest.raises(faults.NotADatabase) as caught:
        Store(path)
    assert "notes.db" in caught.value.message("es")
    line = one_error_line(main(["--db", str(path), "demo"]), capsys.readouterr().err)
    assert "is not an Hourglass database" in line
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


# -- newer schema ------------------------------------------------------------------------
def test_a_newer_schema_is_refused_naming_both_versions_and_untouched(tmp_path, capsys):
    path = tmp_path / "h.db"
    make_db(path).close()
    newer(path)
    before, data = path.read_bytes(), contents(path)
    with pytest.raises(faults.NewerSchema) as caught:
        Store(path)
    assert (caught.value.found, caught.value.known) == (schema_version() + 2, schema_version())
    line = one_error_line(main(["--db", str(path), "workspaces"]), capsys.readouterr().err)
    assert f"schema version {schema_version() + 2}" in line and f"up to version {schema_version()}" in line
    assert path.read_bytes() == before and contents(path) == data


def test_the_schema_version_is_recorded_in_the_file(tmp_path):
    path = tmp_path / "h.db"
    make_db(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version() >= 1
    conn.close()


def test_a_newer_migration_name_alone_is_enough_to_refuse(tmp_path):
    path = tmp_path / "h.db"
    make_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('hourglass', 'm999_renamed', '2027-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(faults.NewerSchema):
        Store(path)


# -- missing folder ------------------------------------------------------------------------
def test_a_missing_folder_is_said_and_not_created(tmp_path, capsys):
    path = tmp_path / "typo" / "h.db"
    with pytest.raises(faults.MissingFolder) as caught:
        Store(path)
    assert "typo" in caught.value.message("en")
    line = one_error_line(main(["--db", str(path), "workspaces"]), capsys.readouterr().err)
    assert "does not exist" in line
    assert not path.parent.exists()


# -- read-only file and folder (another user, who cannot write them) -------------------------
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_refuses_writes_and_changes_nothing(shared_dir, what, capsys):
    path = shared_dir / "h.db"
    make_db(path).close()
    source = inventory(shared_dir)
    data = contents(path)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):  # empty after the last close
        leftover.unlink(missing_ok=True)
    if what == "file":
        path.chmod(0o444)
    else:
        path.chmod(0o666)
        shared_dir.chmod(0o555)
    with unprivileged():
        code, _, err = cli("--db", path, "import-touchpoints", source, "--workspace", "Bodega Sur", capsys=capsys)
        assert "cannot be written" in one_error_line(code, err)
        code, _, err = cli("--db", path, "import-touchpoints", source, "--workspace", "Otra", "--lang", "es",
                           capsys=capsys)
        assert "No se puede escribir" in one_error_line(code, err)
        if what == "file":  # a read-only file can still be read
            code, out, err = cli("--db", path, "workspaces", capsys=capsys)
            assert code == 0 and out.startswith("bodega-sur\t"), err
    assert contents(path) == data


# -- a write lock held by another process --------------------------------------------------
def test_a_lock_held_by_another_process_gives_up_with_a_message(tmp_path, holder):
    path = tmp_path / "h.db"
    make_db(path).close()
    data = contents(path)
    holder(path)
    store = Store(path, busy_timeout=0.5)
    try:
        assert [w.slug for w in store.workspaces()] == ["bodega-sur"]  # reading is not blocked
        ws = store.workspace("bodega-sur")
        with pytest.raises(faults.DatabaseBusy) as caught:
            store.update_workspace(ws.id, name="Renamed")
        assert "Another import or write is running" in caught.value.message("en")
        assert "otra importación" in caught.value.message("es")
        assert store.set_last_page(ws.id, "scoring") is False  # best effort: gives up at once
    finally:
        store.close()
    assert contents(path) == data


# -- a full disk -----------------------------------------------------------------------------
def test_a_full_disk_fails_the_whole_write_and_keeps_the_database(tmp_path, monkeypatch, capsys):
    path = tmp_path / "h.db"
    make_db(path).close()
    data = contents(path)
    tiny_disk(monkeypatch)
    store = Store(path)
    try:
        ws = store.workspace("bodega-sur")
        stage = store.stages(ws.id)[0]
        with pytest.raises(faults.DiskFull) as caught:
            store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": f"Point {i}", "notes": "x" * 4000}
                                          for i in range(100)])
        assert "is full" in caught.value.message("en") and "está lleno" in caught.value.message("es")
        assert len(store.touchpoints(ws.id)) == 1
    finally:
        store.close()
    source = inventory(tmp_path, rows=300)
    (tmp_path / "inventory.csv").write_text(
        "Stage,Touchpoint,Notes\n" + "".join(f"Know,Point {i},{'y' * 3000}\n" for i in range(300)),
        encoding="utf-8")
    line = one_error_line(main(["--db", str(path), "import-touchpoints", str(source), "--workspace", "Bodega Sur"]),
                          capsys.readouterr().err)
    assert "is full" in line
    monkeypatch.undo()
    assert contents(path) == data


# -- the pages: a message, never an exception --------------------------------------------------
def shown(at) -> str:
    """The error texts of a page, Markdown escapes removed."""
    return re.sub(r"\\(.)", r"\1", " ".join(e.value for e in at.error))


@pytest.mark.parametrize("lang, word", [("en", "not an Hourglass database"), ("es", "no es una base de datos")])
def test_a_page_on_a_garbage_file_shows_the_message(db_path, make_app, lang, word):
    db_path.write_bytes(b"PK\x03\x04 not a database at all" * 100)
    before = db_path.read_bytes()
    at = make_app(lang=lang)
    assert not at.exception
    assert word in shown(at)
    assert "Traceback" not in shown(at)
    assert db_path.read_bytes() == before


def test_a_page_on_a_newer_schema_shows_both_versions(db_path, make_app):
    make_db(db_path).close()
    newer(db_path)
    data = contents(db_path)
    at = make_app(workspace="bodega-sur")
    assert not at.exception
    assert f"schema version {schema_version() + 2}" in shown(at)
    assert contents(db_path) == data


def test_a_page_with_a_missing_folder_shows_the_message(tmp_path, monkeypatch, make_app):
    monkeypatch.setenv("HOURGLASS_DB", str(tmp_path / "gone" / "h.db"))
    at = make_app(lang="es")
    assert not at.exception
    assert "«gone»" in shown(at) and "no existe" in shown(at)


def test_pages_read_while_another_process_holds_the_lock_and_a_write_says_so(
        db_path, make_app, holder, monkeypatch):
    monkeypatch.setattr("views.session.WRITE_WAIT_S", 0.5)
    make_db(db_path).close()
    holder(db_path)
    data = contents(db_path)
    at = make_app("persona", workspace="bodega-sur")  # opening a page does not wait to write
    assert not at.exception
    assert not at.error
    name = next(w for w in at.text_area if w.key and w.key.endswith("-name"))
    name.input("Marta").run()
    assert not at.exception
    assert "Another import or write is running" in shown(at)
    assert contents(db_path) == data


def test_a_full_disk_on_a_page_edit_says_so(db_path, make_app, monkeypatch):
    store = make_db(db_path)
    store.set_last_page(store.workspace("bodega-sur").id, "persona")
    store.close()
    data = contents(db_path)
    tiny_disk(monkeypatch)
    at = make_app("persona", workspace="bodega-sur")
    assert not at.exception
    name = next(w for w in at.text_area if w.key and w.key.endswith("-name"))
    name.input("Marta " * 3000).run()
    assert not at.exception
    assert "h.db is full" in shown(at) or "app.db is full" in shown(at)
    monkeypatch.undo()
    assert contents(db_path) == data


def test_streamlit_never_shows_error_details_to_visitors():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] in ("none", False)


def test_a_page_on_a_read_only_database_reads_and_refuses_an_edit(shared_dir, monkeypatch, make_app):
    path = shared_dir / "h.db"
    make_db(path).close()
    data = contents(path)
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    path.chmod(0o444)
    monkeypatch.setenv("HOURGLASS_DB", str(path))
    with unprivileged():
        at = make_app("persona", workspace="bodega-sur")
        assert not at.exception
        assert not at.error  # reading works; remembering the page is skipped
        name = next(w for w in at.text_area if w.key and w.key.endswith("-name"))
        name.input("Marta").run()
        assert not at.exception
        assert "cannot be written" in shown(at)
    assert contents(path) == data


# -- exports never write ----------------------------------------------------------------------
def test_an_export_never_makes_a_writer_wait(tmp_path):
    """A write from another connection goes through in the middle of an
    export at once (no busy wait at all): the export holds no write lock."""
    from audit.workspace_file import export_workspace

    path = tmp_path / "h.db"
    exporter = make_db(path)
    writer = Store(path, busy_timeout=0)
    ws = exporter.workspace("bodega-sur")
    real = exporter._rows
    written = []

    def rows(sql, params=()):
        if "FROM touchpoints" in sql:  # halfway through the export's reads
            writer.update_workspace(ws.id, name="Renamed meanwhile")
            written.append("touchpoints")
        return real(sql, params)

    exporter._rows = rows
    doc = export_workspace(exporter, ws.id)
    assert written == ["touchpoints"]
    assert doc["workspace"]["name"] == "Bodega Sur"  # one consistent snapshot
    assert writer.workspace(ws.id).name == "Renamed meanwhile"
    exporter.close()
    writer.close()


def test_a_write_inside_a_read_is_refused(store, workspace):
    with store._read():
        with pytest.raises(RuntimeError):
            store.update_workspace(workspace.id, name="No")
    assert store.workspace(workspace.id).name == "Test Shop"


def test_backlog_and_export_run_while_another_process_holds_the_lock(tmp_path, holder, capsys):
    path = tmp_path / "h.db"
    make_db(path).close()
    assert main(["--db", str(path), "backlog", "--workspace", "bodega-sur", "-o", str(tmp_path / "a.csv")]) == 0
    holder(path)
    data = contents(path)
    assert main(["--db", str(path), "backlog", "--workspace", "bodega-sur", "-o", str(tmp_path / "b.csv")]) == 0
    assert main(["--db", str(path), "export", "--workspace", "bodega-sur", "-o", str(tmp_path / "w.json")]) == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert contents(path) == data


def test_a_callback_that_meets_a_fault_says_so_on_the_page(db_path, make_app, holder, monkeypatch):
    """Buttons save in callbacks, before the page runs: their faults are shown too."""
    monkeypatch.setattr("views.session.WRITE_WAIT_S", 0.5)
    store = make_db(db_path)
    ws = store.workspace("bodega-sur")
    store.set_last_page(ws.id, "persona")
    store.close()
    at = make_app("persona", workspace="bodega-sur", lang="es")
    holder(db_path)
    data = contents(db_path)
    at.button(key=f"persona-{ws.id}-add").click().run()
    assert not at.exception
    assert "Hay otra importación o escritura en curso" in shown(at)
    assert contents(db_path) == data
    at.run()  # said once, then gone
    assert "Hay otra importación" not in shown(at)
