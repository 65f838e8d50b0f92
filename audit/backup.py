"""Backup and restore while Hourglass runs (part of the store: the only code
besides ``store`` that touches the database file).

``backup`` copies the live database with SQLite's online backup API: one
consistent snapshot, taken without stopping the app or blocking its writers
(WAL), written to a temporary file beside the target and renamed into place
only once it is complete and passes its integrity check, so a nightly job
never leaves half a backup. The copy is one self-contained file (no ``-wal``).

``restore`` checks a backup first (an SQLite file, integrity ``ok``, an
Hourglass database, a schema this code knows), refuses to replace a database
that holds workspaces unless told to (``force``), then copies it into the
live database in one step: sessions that are open see the restored data.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .faults import NewerSchema, ReadOnlyDatabase, classify
from .store import Store, migrations, schema_version


class BackupError(ValueError):
    """A backup that cannot be made or a restore that is refused; nothing changed."""


@dataclass
class BackupInfo:
    path: Path
    workspaces: int
    bytes: int


def _count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM workspaces").fetchone()[0]


def backup(store: Store, target: str | Path) -> BackupInfo:
    """Copy the live database to ``target`` (replaced only by a complete copy)."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup's file name, e.g. {target / 'hourglass.db'}")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    if target.exists() and target.resolve() == Path(store.path).resolve():
        raise BackupError(f"{target} is the database itself; choose another file")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            try:
                store._db.conn.backup(copy)  # one step: a consistent snapshot
            except sqlite3.Error as exc:
                raise (classify(exc, store.path) or exc) from None
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"the copy fails its integrity check ({check}); the database may be damaged")
            count = _count(copy)
        finally:
            copy.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupInfo(path=target, workspaces=count, bytes=target.stat().st_size)


def check_backup(source: str | Path) -> int:
    """Refuse anything but a sound Hourglass backup; its number of workspaces."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such file" if not source.exists() else f"{source} is a folder, not a backup")
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{source} cannot be opened ({exc})") from None
    try:
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
                raise BackupError(f"{source} is not an Hourglass backup (not an SQLite database)") from None
            raise BackupError(f"{source} fails its integrity check ({exc}); nothing was restored") from None
        if check != "ok":
            raise BackupError(f"{source} fails its integrity check ({check}); nothing was restored")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"_sqlite_migrations", "workspaces"} <= tables:
            raise BackupError(f"{source} is an SQLite database but not an Hourglass backup")
        known = {m.name for m in migrations._migrations}
        applied = [r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [migrations.name])]
        found = max(conn.execute("PRAGMA user_version").fetchone()[0], len(applied))
        if found > len(known) or any(name not in known for name in applied):
            raise NewerSchema(source, found=found, known=schema_version())
        return _count(conn)
    finally:
        conn.close()


def restore(store: Store, source: str | Path, *, force: bool = False) -> int:
    """Replace the database's content by the backup ``source``; its workspaces.

    Without ``force`` a database that holds any workspace is not replaced."""
    count = check_backup(source)
    having = len(store.workspaces())
    if having and not force:
        raise BackupError(f"the database {store.path} holds {having} workspace{'s' if having != 1 else ''}; "
                          "restoring would replace them (add --force to do so, after a backup)")
    if store.read_only:
        raise ReadOnlyDatabase(store.path)
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        with store._writer:  # no write of this process in between
            try:
                counted = store._db.execute("SELECT COALESCE(MAX(version), 0) FROM workspaces").fetchone()[0]
                conn.backup(store._db.conn)
            except sqlite3.Error as exc:
                raise (classify(exc, store.path, busy_seconds=store.busy_timeout) or exc) from None
    finally:
        conn.close()
    store._db.execute("PRAGMA journal_mode = WAL")
    store._migrate(store._db)  # an older backup gets this code's schema
    # Every change counter moves past the highest before: what a running server
    # kept of the replaced data under (workspace, counter) is read again.
    with store._write() as db:
        db.execute("UPDATE workspaces SET version = version + ?", [counted + 1])
    return count
