"""The SQLite store, through sqlite-utils.

One ``Store`` per database file, shared by every thread (Streamlit session);
each thread gets its own connection. Every write runs in ``BEGIN IMMEDIATE``
so that a multi-row write is all or nothing and writers queue instead of
failing with "database is locked". The schema is migrated at open; a
database written by a newer Hourglass is refused, untouched.

No ``sqlite3`` error leaves the store: a fault of the file (read-only, not a
database, newer schema, disk full, locked by another process, missing
folder) is raised as one of the typed ``faults.StoreFault``; the write it
interrupted is rolled back. ``read()`` is a consistent read of several
tables that never holds a write lock, so exports never make a writer wait.

The interface is deliberately narrow (workspaces, personas, stages,
touchpoints, answers, backlog, snapshots) so that a PostgreSQL store can
replace this module: it is written down as ``store_protocol.StoreProtocol``,
and ``Store`` is its one implementation. Every method that reads or writes a
workspace's rows takes the workspace id first and refuses a row of another
workspace (``NotFound``). Outside this module nothing touches the database:
``db`` and ``write()`` are the store's own; callers group several writes with
``transaction()``, which yields nothing. No ``sqlite3`` error leaves the
store: it comes out as a ``store_errors.StoreError``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import dataclasses
import functools
import json
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Iterator

import sqlite_utils
from sqlite_utils.migrations import Migrations

from . import frameworks
from .faults import (
    DatabaseBusy,
    MissingFolder,
    NewerSchema,
    ReadOnlyDatabase,
    StoreFault,
    classify,
    fault_for_path,
)
from .limits import MAX_TOUCHPOINTS_PER_WORKSPACE
from .seen import Seen, same
from .store_errors import (  # noqa: F401  (re-exported: the store's errors)
    CLI_AUTHOR,
    Conflict,
    ConflictCell,
    DatabaseError,
    Gone,
    NotFound,
    StoreError,
    WorkspaceNotFound,
)
from .model import (
    OPEN_STATUSES,
    PERSONA_FIELDS,
    BacklogItem,
    InvalidValue,
    Persona,
    Snapshot,
    Stage,
    Touchpoint,
    Workspace,
    WorkspaceData,
    WorkspaceSummary,
    FIELDS,
    clean,
    clean_backlog,
    clean_industry,
    clean_text,
    clean_touchpoint,
    clean_value,
    fold,
    new_uid,
    slugify,
)

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "hourglass.db"
#: How long a write waits for another process's write (an import) before
#: giving up with ``DatabaseBusy``. The pages pass a shorter one.
BUSY_TIMEOUT_S = 30
#: How long remembering the last page may wait: never long enough to be felt.
LAST_PAGE_WAIT_S = 0.2


def default_path() -> Path:
    return Path(os.environ.get("HOURGLASS_DB") or DEFAULT_DB)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


migrations = Migrations("hourglass")


@migrations()
def m001_create_tables(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE workspaces (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            industry TEXT NOT NULL DEFAULT 'general',
            framework TEXT NOT NULL DEFAULT 'hourglass',
            lang TEXT NOT NULL DEFAULT 'en',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_page TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE personas (
            id INTEGER PRIMARY KEY,
            workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            is_primary INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL DEFAULT '', segment TEXT NOT NULL DEFAULT '',
            goals TEXT NOT NULL DEFAULT '', needs TEXT NOT NULL DEFAULT '',
            pains TEXT NOT NULL DEFAULT '', questions TEXT NOT NULL DEFAULT '',
            sources TEXT NOT NULL DEFAULT '', criteria TEXT NOT NULL DEFAULT '',
            objections TEXT NOT NULL DEFAULT '',
            UNIQUE (workspace_id, uid)
        );
        CREATE TABLE stages (
            id INTEGER PRIMARY KEY,
            workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            position INTEGER NOT NULL,
            key TEXT,
            name TEXT NOT NULL DEFAULT '',
            goal TEXT NOT NULL DEFAULT '', questions TEXT NOT NULL DEFAULT '',
            actions TEXT NOT NULL DEFAULT '', feelings TEXT NOT NULL DEFAULT '',
            customers INTEGER,
            UNIQUE (workspace_id, uid)
        );
        CREATE TABLE touchpoints (
            id INTEGER PRIMARY KEY,
            workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            stage_id INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT '', owner TEXT NOT NULL DEFAULT '',
            technology TEXT NOT NULL DEFAULT '', kpi TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            importance INTEGER CHECK (importance BETWEEN 1 AND 5),
            performance INTEGER CHECK (performance BETWEEN 1 AND 5),
            emotion INTEGER CHECK (emotion BETWEEN -2 AND 2),
            moment_of_truth INTEGER CHECK (moment_of_truth IN (0, 1)),
            pain_points TEXT NOT NULL DEFAULT '', positives TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '',
            suggestion TEXT NOT NULL DEFAULT '',
            UNIQUE (workspace_id, uid)
        );
        CREATE INDEX touchpoints_workspace ON touchpoints(workspace_id, stage_id);
        CREATE TABLE checklist_answers (
            workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            question TEXT NOT NULL,
            answer TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no', 'na')),
            answered_at TEXT NOT NULL,
            PRIMARY KEY (workspace_id, question)
        );
        CREATE TABLE backlog_items (
            id INTEGER PRIMARY KEY,
            workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            uid TEXT NOT NULL,
            source TEXT NOT NULL,
            source_key TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
            stage_uid TEXT, touchpoint_uid TEXT,
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 10),
            confidence INTEGER NOT NULL CHECK (confidence BETWEEN 1 AND 10),
            ease INTEGER NOT NULL CHECK (ease BETWEEN 1 AND 10),
            owner TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'todo',
            due_date TEXT NOT NULL DEFAULT '', kpi TEXT NOT NULL DEFAULT '',
            edited TEXT NOT NULL DEFAULT '',
            resolved_by_audit INTEGER NOT NULL DEFAULT 0,
            gap INTEGER, importance INTEGER, journey_order INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (workspace_id, source_key),
            UNIQUE (workspace_id, uid)
        );
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            taken_at TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            data TEXT NOT NULL
        );
        """
    )


@migrations()
def m002_backlog_item_fields(db: sqlite_utils.Database) -> None:
    """Backlog items act on one moment: the touchpoint's name and feeling,
    who it is for, a KPI target and a review date. Impact, confidence and
    ease keep their 1–10 check; a generated impact may carry one decimal
    (SQLite keeps 5.1 as a real in an INTEGER column, 7.0 as 7)."""
    db.executescript(
        """
        ALTER TABLE backlog_items ADD COLUMN touchpoint TEXT NOT NULL DEFAULT '';
        ALTER TABLE backlog_items ADD COLUMN emotion INTEGER;
        ALTER TABLE backlog_items ADD COLUMN audience TEXT NOT NULL DEFAULT '';
        ALTER TABLE backlog_items ADD COLUMN kpi_target TEXT NOT NULL DEFAULT '';
        ALTER TABLE backlog_items ADD COLUMN review_date TEXT NOT NULL DEFAULT '';
        """
    )


@migrations()
def m003_workspace_shares(db: sqlite_utils.Database) -> None:
    """Which e-mails a workspace is shared with (access mode *accounts*)."""
    db.executescript(
        """
        CREATE TABLE workspace_shares (
            workspace_id INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
            email TEXT NOT NULL,
            shared_at TEXT NOT NULL,
            PRIMARY KEY (workspace_id, email)
        );
        CREATE INDEX workspace_shares_email ON workspace_shares(email);
        """
    )


@migrations()
def m004_report_settings(db: sqlite_utils.Database) -> None:
    """The client report: the agency's name, logo (a PNG we wrote) and accent
    colour — one row for the whole database — and each workspace's chosen
    sections."""
    db.executescript(
        """
        CREATE TABLE agency (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL DEFAULT '',
            accent TEXT NOT NULL DEFAULT '',
            logo BLOB,
            updated_at TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE report_settings (
            workspace_id INTEGER PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
            sections TEXT NOT NULL DEFAULT '',
            top_n INTEGER,
            compare_snapshot INTEGER,
            updated_at TEXT NOT NULL DEFAULT ''
        );
        """
    )


def schema_version() -> int:
    """The schema version this code knows: the number of its migrations."""
    return len(migrations._migrations)


def _is_fault(exc: BaseException) -> bool:
    """An error of the file or the disk, not of the code (a bad statement)."""
    return isinstance(exc, OSError) or isinstance(exc, sqlite3.OperationalError) \
        or type(exc) is sqlite3.DatabaseError


#: Tables whose rows belong to one workspace; any write to them bumps the
#: workspace's change counter (``version``).
WORKSPACE_TABLES = ("personas", "stages", "touchpoints", "checklist_answers", "backlog_items", "snapshots")


@migrations()
def m005_change_counter(db: sqlite_utils.Database) -> None:
    """A change counter per workspace, bumped by triggers on every write to
    its rows (or to its name, industry, framework, language), so a page can
    cache what it read under (workspace, version). ``last_page`` is not a
    change. Triggers, not code: no write path can forget it."""
    script = ["ALTER TABLE workspaces ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"]
    for table in WORKSPACE_TABLES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            script.append(
                f"CREATE TRIGGER {table}_{event.lower()}_version AFTER {event} ON {table} BEGIN "
                f"UPDATE workspaces SET version = version + 1 WHERE id = {row}.workspace_id; END;")
    script.append(
        "CREATE TRIGGER workspaces_update_version AFTER UPDATE OF name, industry, framework, lang "
        "ON workspaces BEGIN UPDATE workspaces SET version = version + 1 WHERE id = NEW.id; END;")
    db.executescript("\n".join(script))


#: Tables whose rows a user edits: each row carries its version (``rev``,
#: grown by every edit) and who last changed it (``changed_by``).
VERSIONED_TABLES = ("personas", "stages", "touchpoints", "backlog_items", "checklist_answers")


@migrations()
def m006_row_versions(db: sqlite_utils.Database) -> None:
    """Every editable row carries a version and who last changed it, so an
    edit made on a stale view is refused instead of overwriting someone
    else's change (``Store.editing``)."""
    db.executescript("\n".join(
        f"ALTER TABLE {table} ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;\n"
        f"ALTER TABLE {table} ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';"
        for table in VERSIONED_TABLES))


@dataclasses.dataclass(frozen=True)
class _Editing:
    """The edit under way in this thread (``Store.editing``)."""

    author: str = ""
    seen: Seen | None = None


class AmbiguousWorkspace(StoreError, LookupError):
    """A name that fits several workspaces (a database from before names
    were unique): the caller must say which, by slug."""

    def __init__(self, ref, candidates: list[Workspace]):
        self.ref = ref
        self.candidates = candidates
        super().__init__(f"{ref!r} fits {len(candidates)} workspaces ({self.slugs()}); "
                         "give one of these slugs")

    def slugs(self) -> str:
        return ", ".join(ws.slug for ws in self.candidates)


class Store:
    """All reads and writes of Hourglass data."""

    def __init__(self, path: str | Path | None = None, *, busy_timeout: float = BUSY_TIMEOUT_S):
        self.path = Path(path) if path is not None else default_path()
        self.busy_timeout = busy_timeout
        #: True when the file can be read but not written: every write raises
        #: ``ReadOnlyDatabase`` before touching it.
        self.read_only = False
        self._local = threading.local()
        #: Connections no live thread holds (``_borrow``), and those lent, by thread.
        self._idle: list[sqlite_utils.Database] = []
        self._lent: dict[threading.Thread, sqlite_utils.Database] = {}
        self._pool = threading.Lock()
        self._writer = threading.Lock()
        #: How many write transactions this store has ended (committed or
        #: not): while it stays the same, nothing this process wrote can have
        #: changed what a caller read (``views.session`` keeps a run's small
        #: reads under it, issue 11). Another process's writes do not count.
        self.writes = 0
        #: The edit under way, per thread (each Streamlit session runs in its
        #: own thread and shares this store): who and what they saw.
        self._editing: contextvars.ContextVar[_Editing | None] = contextvars.ContextVar(
            f"hourglass_editing_{id(self)}", default=None)
        if str(self.path) != ":memory:":
            if self.path == DEFAULT_DB:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            elif not self.path.parent.is_dir():
                raise MissingFolder(self.path)
        try:
            self._open()
        except BaseException as exc:
            self.close()
            if _is_fault(exc):
                raise self._fault(exc) from None
            raise

    def _fault(self, exc: BaseException) -> StoreFault | BaseException:
        if isinstance(exc, StoreFault):
            return exc
        return classify(exc, self.path, busy_seconds=self.busy_timeout) or exc

    def _open(self) -> None:
        db = self._db
        self._check_schema(db)  # reads only: a newer database is not touched
        writable = fault_for_path(self.path) is None
        try:
            if writable and db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            if writable or migrations.pending(db):
                self._migrate(db)
        except (sqlite3.OperationalError, OSError) as exc:
            fault = self._fault(exc)
            if not isinstance(fault, ReadOnlyDatabase):
                raise
            writable = False
        if not writable:
            if migrations.pending(db):  # an old read-only file: cannot migrate it
                raise ReadOnlyDatabase(self.path, "the schema needs migrating")
            self.read_only = True

    def _check_schema(self, db: sqlite_utils.Database) -> None:
        """Refuse a database written by a newer Hourglass (more migrations)."""
        known = {m.name for m in migrations._migrations}
        applied = [m.name for m in migrations.applied(db)]
        found = max(db.execute("PRAGMA user_version").fetchone()[0], len(applied))
        if found > len(known) or any(name not in known for name in applied):
            raise NewerSchema(self.path, found=found, known=len(known))

    # -- connections and transactions -------------------------------------
    @property
    def _db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._borrow()
        return db

    def _borrow(self) -> sqlite_utils.Database:
        """This thread's connection: one a finished thread held, else a new one.

        Streamlit runs every script run, and every fragment run that finds no
        runner alive, on a new thread. A new connection per run cost about
        0.6 ms before its first row, with an empty page cache (issue 11); a
        finished thread's connection is free again (SQLite connections may
        move between threads, never be shared at once)."""
        me = threading.current_thread()
        with self._pool:
            for thread in [t for t in self._lent if not t.is_alive()]:
                self._idle.append(self._lent.pop(thread))
            db = self._idle.pop() if self._idle else None
        if db is None:
            conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            db = sqlite_utils.Database(conn)
        elif db.conn.in_transaction:  # a thread that ended inside one: never carry it over
            db.conn.rollback()
        with self._pool:
            self._lent[me] = db
        return db

    @staticmethod
    def _migrate(db: sqlite_utils.Database) -> None:
        """Apply pending migrations; another process may be doing the same.

        The schema version (the number of migrations) is also kept in
        ``PRAGMA user_version``, so any tool can see which code wrote it."""
        for attempt in range(3):
            try:
                migrations.apply(db)
                break
            except sqlite3.OperationalError:
                if attempt == 2 or not migrations.pending(db):
                    if not migrations.pending(db):
                        break
                    raise
        if db.execute("PRAGMA user_version").fetchone()[0] != schema_version():
            db.execute(f"PRAGMA user_version = {schema_version()}")

    @contextlib.contextmanager
    def _write(self, *, wait: float | None = None, note: bool = False) -> Iterator[sqlite_utils.Database]:
        """One all-or-nothing write transaction (``BEGIN IMMEDIATE``).

        ``wait``: at most this many seconds for another writer (default: the
        store's busy timeout), then ``DatabaseBusy``. A fault of the file
        rolls the transaction back and is raised as a ``StoreFault``.

        ``note``: a note of where the user was, not data (``set_last_page``):
        committed without waiting for the disk (``synchronous=NORMAL``: a
        power cut may forget it, never a corrupt file) and not counted in
        ``writes``, so the runs of other sessions keep what they read. Every
        page switch writes one (issue 11)."""
        if self.read_only:
            raise ReadOnlyDatabase(self.path)
        db = self._db
        if getattr(self._local, "reading", False):
            raise RuntimeError("a write inside Store._read(): reads never write")
        if db.conn.in_transaction:  # nested: part of the outer transaction
            yield db
            return
        # Writers of this process queue on a lock (first come, first served)
        # instead of SQLite's busy handler, whose growing sleeps made a
        # write wait up to a second with 20 sessions editing at once.
        # BEGIN IMMEDIATE still guards against other processes.
        seconds = self.busy_timeout if wait is None else wait
        if not self._writer.acquire(timeout=seconds):
            raise DatabaseBusy(self.path, "another session of this process is writing", seconds=seconds)
        try:
            if wait is not None:
                db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            if note:
                db.execute("PRAGMA synchronous = NORMAL")
            try:
                db.execute("BEGIN IMMEDIATE")
            except BaseException as exc:
                raise self._fault(exc) from None
            try:
                yield db
            except BaseException as exc:
                self._rollback(db)
                if _is_fault(exc):
                    raise self._fault(exc) from None
                raise
            else:
                try:
                    db.conn.commit()
                except BaseException as exc:
                    self._rollback(db)
                    raise self._fault(exc) from None
        finally:
            if not note:
                self.writes += 1  # under the writer lock: one at a time
            if wait is not None:
                with contextlib.suppress(sqlite3.Error):
                    db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            if note:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("PRAGMA synchronous = FULL")  # SQLite's default, which the store keeps
            self._writer.release()

    @staticmethod
    def _rollback(db) -> None:
        with contextlib.suppress(sqlite3.Error):
            db.conn.rollback()

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite_utils.Database]:
        """One consistent read of several tables (exports).

        A deferred transaction: in WAL mode it sees one snapshot and takes
        no write lock, so a writer never waits for it. Writing inside it is
        an error."""
        db = self._db
        if db.conn.in_transaction:
            yield db
            return
        try:
            db.execute("BEGIN")
        except BaseException as exc:
            raise self._fault(exc) from None
        self._local.reading = True
        try:
            yield db
        except BaseException as exc:
            if _is_fault(exc):
                raise self._fault(exc) from None
            raise
        finally:
            self._local.reading = False
            self._rollback(db)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Several store calls as one all-or-nothing write; yields nothing."""
        try:
            with self._write():
                yield
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(str(exc)) from exc

    @contextlib.contextmanager
    def editing(self, *, author: str = "", seen: Seen | None = None) -> Iterator[None]:
        """The updates inside are one person's edit, checked against what they saw.

        ``author`` is recorded as each changed row's ``changed_by`` ("cli"
        for the command line). With ``seen`` (``Seen.value`` or
        ``Seen.rows``), each update first reads the fields it is about to
        set: a field whose value is no longer what the user saw, and is not
        the new value either, is a conflict; any conflict raises
        ``Conflict`` (every conflicting cell) and nothing is written. A
        field with no seen value is written as before. Per thread: the
        store is shared by every session."""
        token = self._editing.set(_Editing(str(author or "").strip(), seen))
        try:
            yield
        finally:
            self._editing.reset(token)

    def _author(self) -> str:
        ctx = self._editing.get()
        return ctx.author if ctx is not None else ""

    def _check_seen(self, changes: dict, current: dict) -> None:
        """``Conflict`` when a field of ``changes`` (``{row: {field: new}}``)
        is no longer what the user saw (``current``: ``{row: {field: now,
        "rev": n, "changed_by": who}}``, a missing row holding nothing)."""
        ctx = self._editing.get()
        if ctx is None or ctx.seen is None:
            return
        cells = []
        for row_id, values in changes.items():
            row = current.get(row_id) or {}
            seen_rev = ctx.seen.rev(row_id)
            if seen_rev is not None and "rev" in row and same(seen_rev, row["rev"]):
                continue  # the row is as the user saw it
            for name, new in values.items():
                known, seen = ctx.seen.get(row_id, name)
                if not known:
                    continue
                theirs = row.get(name)
                if not same(theirs, seen) and not same(theirs, new):
                    cells.append(ConflictCell(row_id, name, new, theirs, row.get("changed_by") or ""))
        if cells:
            raise Conflict(cells)

    def _guard(self, db, table: str, workspace_id: int, changes: dict[int, dict],
               also: tuple[str, ...] = ()) -> dict[int, dict]:
        """Read the rows ``changes`` is about to update (the fields it sets,
        their version and author, and the columns ``also``) inside the
        write; ``NotFound`` for a row of another workspace, ``Gone`` for a
        row deleted meanwhile, ``Conflict`` for a stale edit."""
        changes = {k: v for k, v in changes.items() if v}
        if not changes:
            return {}
        names = dict.fromkeys(["id", "workspace_id", "rev", "changed_by", *also,
                               *(f for v in changes.values() for f in v)])
        cur = db.execute(f"SELECT {', '.join(names)} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                         [json.dumps(list(changes))])
        columns = [c[0] for c in cur.description]
        current = {row[0]: dict(zip(columns, row)) for row in cur.fetchall()}
        for row_id in changes:
            row = current.get(row_id)
            if row is None:
                raise Gone(table, row_id, workspace_id)
            if row["workspace_id"] != workspace_id:
                raise NotFound(table[:-1], row_id, workspace_id)
        self._check_seen(changes, current)
        return current

    def _update_rows(self, db, table: str, changes: dict[int, dict]) -> None:
        """Write ``{row_id: {column: value}}``: each row's version grows and
        its author is recorded."""
        author = self._author()
        for row_id, values in changes.items():
            if values:
                sets = "".join(f"{k} = ?, " for k in values)
                db.execute(f"UPDATE {table} SET {sets}rev = rev + 1, changed_by = ? WHERE id = ?",
                           [*values.values(), author, row_id])

    def close(self) -> None:
        """Close this thread's connection and every one no live thread holds."""
        me = threading.current_thread()
        with self._pool:
            done = [self._lent.pop(t) for t in list(self._lent) if t is me or not t.is_alive()] + self._idle
            self._idle = []
        for db in done:
            db.close()
        self._local.db = None

    def integrity_check(self) -> str:
        return self._rows("PRAGMA integrity_check")[0]["integrity_check"]

    def _touch(self, db, workspace_id: int) -> None:
        db.execute("UPDATE workspaces SET updated_at = ? WHERE id = ?", [now(), workspace_id])

    def _rows(self, sql: str, params: Iterable = ()) -> list[dict]:
        try:
            cur = self._db.execute(sql, list(params))
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, row)) for row in cur.fetchall()]
        except BaseException as exc:
            if _is_fault(exc):
                raise self._fault(exc) from None
            raise

    def _models(self, cls, sql: str, params: Iterable = ()) -> list:
        """Records of ``cls`` straight from the row tuples (``_Row.from_rows``):
        no dict per row on the read path of large tables (issue 11). A
        database fault is the store's own, as in ``_rows``."""
        try:
            cur = self._db.execute(sql, list(params))
            return cls.from_rows([c[0] for c in cur.description], cur.fetchall())
        except BaseException as exc:
            if _is_fault(exc):
                raise self._fault(exc) from None
            raise

    # -- workspaces --------------------------------------------------------
    def workspaces(self) -> list[Workspace]:
        """Every workspace, most recent first (read on every run: records straight from the rows)."""
        return self._models(Workspace, "SELECT * FROM workspaces ORDER BY updated_at DESC, id DESC")

    def workspace(self, ref: str | int) -> Workspace:
        """A workspace by id, slug, or name (case and accents ignored).

        A slug wins; then the name; then the name's slug. A name that fits
        several workspaces raises ``AmbiguousWorkspace`` instead of picking one.
        """
        if isinstance(ref, int):
            rows = self._rows("SELECT * FROM workspaces WHERE id = ?", [ref])
        else:
            rows = self._rows("SELECT * FROM workspaces WHERE slug = ?", [ref])
            if not rows:
                every = self._rows("SELECT * FROM workspaces ORDER BY id")
                rows = [r for r in every if fold(r["name"]) == fold(ref)]
                if not rows:
                    slug = slugify(ref)
                    rows = [r for r in every if r["slug"] == slug or slugify(r["name"]) == slug]
                if len(rows) > 1:
                    raise AmbiguousWorkspace(ref, [Workspace.from_row(r) for r in rows])
        if not rows:
            raise WorkspaceNotFound(ref)
        return Workspace.from_row(rows[0])

    def find_workspace(self, ref: str | int) -> Workspace | None:
        """``workspace(ref)``, or None when there is none (an ambiguous name still raises)."""
        try:
            return self.workspace(ref)
        except WorkspaceNotFound:
            return None

    def name_clash(self, name: str, *, except_id: int | None = None) -> Workspace | None:
        """The workspace already called ``name`` (case, accents and spacing ignored), if any."""
        key = fold(clean_text("name", name))
        for row in self._rows("SELECT * FROM workspaces ORDER BY id"):
            if row["id"] != except_id and fold(row["name"]) == key:
                return Workspace.from_row(row)
        return None

    def check_name_free(self, name: str, *, except_id: int | None = None) -> None:
        """The one rule for every new or renamed workspace: its name is not
        taken (case and accents ignored). Call it inside the write that uses
        the name. Duplicates already in an older database are left alone."""
        other = self.name_clash(name, except_id=except_id)
        if other is not None:
            raise InvalidValue(column="name", value=name, rule="name_taken", other=other.name, slug=other.slug)

    def _unique_slug(self, db, name: str) -> str:
        """The slug of a new workspace called ``name``; refuses a taken name."""
        self.check_name_free(name)
        base = slugify(name)
        taken = {r[0] for r in db.execute(
            "SELECT slug FROM workspaces WHERE slug = ? OR slug LIKE ?", [base, base + "-%"])}
        if base not in taken:
            return base
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    def create_workspace(
        self,
        name: str,
        *,
        industry: str = "general",
        framework: str = frameworks.DEFAULT_FRAMEWORK,
        lang: str = "en",
        persona: dict | None = None,
    ) -> Workspace:
        name, lang = clean("workspace", {"name": name, "lang": lang}).values()
        fw_stages = frameworks.stages_of(framework)
        with self._write() as db:
            stamp = now()
            ws_id = db["workspaces"].insert({
                "slug": self._unique_slug(db, name), "name": name,
                "industry": clean_industry(industry), "framework": framework,
                "lang": lang, "created_at": stamp, "updated_at": stamp,
            }).last_pk
            db["stages"].insert_all(
                {"workspace_id": ws_id, "uid": new_uid(), "position": i, "key": s.key,
                 "changed_by": self._author()}
                for i, s in enumerate(fw_stages)
            )
            db["personas"].insert({
                "workspace_id": ws_id, "uid": new_uid(), "position": 0, "is_primary": 1,
                **clean("persona", {k: (persona or {}).get(k, "") for k in PERSONA_FIELDS}),
                "changed_by": self._author(),
            })
        return self.workspace(ws_id)

    def update_workspace(self, workspace_id: int, **values) -> Workspace:
        values = clean("workspace", values)
        if "industry" in values:
            values["industry"] = values["industry"] or "general"
        with self._write() as db:
            if "industry" in values:
                values["industry"] = clean_industry(values["industry"])
            current = self._rows("SELECT * FROM workspaces WHERE id = ?", [workspace_id])
            if not current:
                raise WorkspaceNotFound(workspace_id)
            self._check_seen({workspace_id: values}, {workspace_id: current[0]})
            if "name" in values and fold(current[0]["name"]) != fold(values["name"]):
                self.check_name_free(values["name"], except_id=workspace_id)
            db["workspaces"].update(workspace_id, {**values, "updated_at": now()})
        return self.workspace(workspace_id)

    def set_last_page(self, workspace_id: int, page: str) -> bool:
        """Remember where the user was, without reordering recent work.

        Best effort: a page that only reads calls it, so it never waits for
        another writer more than a moment and never fails (a read-only or
        busy database just forgets); returns whether it was saved."""
        if self.read_only:
            return False
        try:
            with self._write(wait=LAST_PAGE_WAIT_S, note=True) as db:
                db.execute("UPDATE workspaces SET last_page = ? WHERE id = ?", [page, workspace_id])
        except StoreFault:
            return False
        return True

    def delete_workspace(self, workspace_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM workspaces WHERE id = ?", [workspace_id])

    # -- who a workspace is shared with (access mode *accounts*) -------------
    def shares(self, workspace_id: int) -> list[str]:
        rows = self._db.execute("SELECT email FROM workspace_shares WHERE workspace_id = ? ORDER BY email",
                               [workspace_id]).fetchall()
        return [r[0] for r in rows]

    def workspaces_shared_with(self, email: str) -> set[int]:
        email = (email or "").strip().lower()
        rows = self._db.execute("SELECT workspace_id FROM workspace_shares WHERE email = ?", [email]).fetchall()
        return {r[0] for r in rows}

    def share_workspace(self, workspace_id: int, email: str) -> None:
        email = clean_text("email", email).strip().lower()
        if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
            raise InvalidValue(column="email", value=email, rule="email")
        with self._write() as db:
            if db.execute("SELECT 1 FROM workspaces WHERE id = ?", [workspace_id]).fetchone() is None:
                raise WorkspaceNotFound(workspace_id)
            db.execute("INSERT OR IGNORE INTO workspace_shares (workspace_id, email, shared_at) VALUES (?, ?, ?)",
                       [workspace_id, email, now()])

    def unshare_workspace(self, workspace_id: int, email: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM workspace_shares WHERE workspace_id = ? AND email = ?",
                       [workspace_id, (email or "").strip().lower()])

    def set_framework(self, workspace_id: int, framework: str) -> None:
        """Replace the stages by a framework's; only while no touchpoint exists."""
        fw_stages = frameworks.stages_of(framework)
        with self._write() as db:
            current = self._rows("SELECT framework FROM workspaces WHERE id = ?", [workspace_id])
            if not current:
                raise WorkspaceNotFound(workspace_id)
            self._check_seen({workspace_id: {"framework": framework}}, {workspace_id: current[0]})
            count = db.execute("SELECT count(*) FROM touchpoints WHERE workspace_id = ?", [workspace_id]).fetchone()[0]
            if count:
                raise InvalidValue(column="framework", value=framework,
                                   rule="framework_locked")
            db.execute("DELETE FROM stages WHERE workspace_id = ?", [workspace_id])
            db["stages"].insert_all(
                {"workspace_id": workspace_id, "uid": new_uid(), "position": i, "key": s.key,
                 "changed_by": self._author()}
                for i, s in enumerate(fw_stages)
            )
            db.execute("UPDATE workspaces SET framework = ?, updated_at = ? WHERE id = ?",
                       [framework, now(), workspace_id])

    # -- reading a whole workspace -----------------------------------------
    def workspace_data(self, workspace_id: int) -> WorkspaceData:
        return WorkspaceData(
            workspace=self.workspace(workspace_id),
            stages=self.stages(workspace_id),
            touchpoints=self.touchpoints(workspace_id),
            answers=self.answers(workspace_id),
            personas=self.personas(workspace_id),
        )

    # -- personas ----------------------------------------------------------
    def personas(self, workspace_id: int) -> list[Persona]:
        rows = self._rows("SELECT * FROM personas WHERE workspace_id = ? ORDER BY is_primary DESC, position, id", [workspace_id])
        return [Persona.from_row(r) for r in rows]

    def add_persona(self, workspace_id: int, values: dict | None = None) -> Persona:
        with self._write() as db:
            pos = db.execute("SELECT coalesce(max(position), -1) + 1 FROM personas WHERE workspace_id = ?", [workspace_id]).fetchone()[0]
            pid = db["personas"].insert({
                "workspace_id": workspace_id, "uid": new_uid(), "position": pos, "is_primary": 0,
                **clean("persona", {k: (values or {}).get(k, "") for k in PERSONA_FIELDS}),
                "changed_by": self._author(),
            }).last_pk
            self._touch(db, workspace_id)
        return Persona.from_row(self._rows("SELECT * FROM personas WHERE id = ?", [pid])[0])

    def _owned(self, db, table: str, workspace_id: int, row_id: int, columns: str = "id"):
        """The row ``row_id`` of ``table`` if it belongs to ``workspace_id``;
        None when it is gone (deleted meanwhile, e.g. by another session);
        ``NotFound`` when it belongs to another workspace."""
        row = db.execute(f"SELECT workspace_id, {columns} FROM {table} WHERE id = ?", [row_id]).fetchone()
        if row is None:
            return None
        if row[0] != workspace_id:
            raise NotFound(table[:-1], row_id, workspace_id)
        return row[1:]

    def update_persona(self, workspace_id: int, persona_id: int, **values) -> None:
        """Set fields of a persona; ``Gone`` if it was deleted meanwhile."""
        cleaned = clean("persona", values)
        with self._write() as db:
            self._guard(db, "personas", workspace_id, {persona_id: cleaned})
            self._update_rows(db, "personas", {persona_id: cleaned})
            self._touch(db, workspace_id)

    def delete_persona(self, workspace_id: int, persona_id: int) -> None:
        """Delete a persona other than the primary one."""
        with self._write() as db:
            if self._owned(db, "personas", workspace_id, persona_id) is None:
                return
            db.execute("DELETE FROM personas WHERE id = ? AND is_primary = 0", [persona_id])
            self._touch(db, workspace_id)

    # -- stages ------------------------------------------------------------
    def stages(self, workspace_id: int) -> list[Stage]:
        rows = self._rows("SELECT * FROM stages WHERE workspace_id = ? ORDER BY position, id", [workspace_id])
        return [Stage.from_row(r) for r in rows]

    def update_stage(self, workspace_id: int, stage_id: int, **values) -> None:
        """Set fields of a stage; ``Gone`` if it was deleted meanwhile."""
        self._update_stages(workspace_id, {stage_id: values})

    def set_customer_counts(self, workspace_id: int, counts: dict[int, int | None]) -> None:
        """``{stage_id: customers}`` (None clears a count): every stage or none."""
        self._update_stages(workspace_id, {stage_id: {"customers": n} for stage_id, n in counts.items()})

    def _update_stages(self, workspace_id: int, changes: dict[int, dict]) -> None:
        changes = {int(stage_id): values for stage_id, values in changes.items()}
        cleaned = {stage_id: clean("stage", values) for stage_id, values in changes.items()}
        with self._write() as db:
            current = self._guard(db, "stages", workspace_id, cleaned, also=("key",))
            for stage_id, values in cleaned.items():
                if "name" in values and not values["name"] and current[stage_id]["key"] is None:
                    # a stage the user added has no framework name to fall back on
                    raise InvalidValue(column="name", value=changes[stage_id]["name"], rule="non_empty")
            self._update_rows(db, "stages", cleaned)
            self._touch(db, workspace_id)

    def add_stage(self, workspace_id: int, name: str) -> Stage:
        name = clean("workspace", {"name": name})["name"]  # a stage's own name may not be empty
        with self._write() as db:
            pos = db.execute("SELECT coalesce(max(position), -1) + 1 FROM stages WHERE workspace_id = ?", [workspace_id]).fetchone()[0]
            sid = db["stages"].insert({"workspace_id": workspace_id, "uid": new_uid(), "position": pos, "key": None,
                                       "name": name, "changed_by": self._author()}).last_pk
            self._touch(db, workspace_id)
        return Stage.from_row(self._rows("SELECT * FROM stages WHERE id = ?", [sid])[0])

    def move_stage(self, workspace_id: int, stage_id: int, delta: int) -> None:
        """Move a stage ``delta`` places along the journey."""
        with self._write() as db:
            if self._owned(db, "stages", workspace_id, stage_id) is None:
                return
            ids = [r[0] for r in db.execute("SELECT id FROM stages WHERE workspace_id = ? ORDER BY position, id", [workspace_id])]
            i = ids.index(stage_id)
            j = max(0, min(len(ids) - 1, i + delta))
            ids.insert(j, ids.pop(i))
            for pos, sid in enumerate(ids):
                db.execute("UPDATE stages SET position = ?, rev = rev + 1, changed_by = ? WHERE id = ? AND position != ?",
                           [pos, self._author(), sid, pos])
            self._touch(db, workspace_id)

    def delete_stage(self, workspace_id: int, stage_id: int) -> None:
        """Delete an empty stage; a stage with touchpoints is refused."""
        with self._write() as db:
            if self._owned(db, "stages", workspace_id, stage_id) is None:
                return
            n = db.execute("SELECT count(*) FROM touchpoints WHERE stage_id = ?", [stage_id]).fetchone()[0]
            if n:
                raise InvalidValue(column="stage", value=stage_id, rule="stage_not_empty")
            left = db.execute("SELECT count(*) FROM stages WHERE workspace_id = ?", [workspace_id]).fetchone()[0]
            if left <= 1:
                raise InvalidValue(column="stage", value=stage_id, rule="last_stage")
            db.execute("DELETE FROM stages WHERE id = ?", [stage_id])
            self._touch(db, workspace_id)

    # -- touchpoints -------------------------------------------------------
    def touchpoints(self, workspace_id: int, stage_id: int | None = None) -> list[Touchpoint]:
        sql = ("SELECT t.* FROM touchpoints t JOIN stages s ON s.id = t.stage_id "
               "WHERE t.workspace_id = ?")
        params: list = [workspace_id]
        if stage_id is not None:
            sql += " AND t.stage_id = ?"
            params.append(stage_id)
        sql += " ORDER BY s.position, t.position, t.id"
        return self._models(Touchpoint, sql, params)

    def touchpoint_count(self, workspace_id: int) -> int:
        return self._rows("SELECT count(*) AS n FROM touchpoints WHERE workspace_id = ?", [workspace_id])[0]["n"]

    def add_touchpoints(self, workspace_id: int, rows: list[dict]) -> list[int]:
        """Insert touchpoints (each with ``stage_id`` and fields): all or none,
        and never more than ``MAX_TOUCHPOINTS_PER_WORKSPACE`` in a workspace."""
        cleaned = []
        stage_ids = {s.id for s in self.stages(workspace_id)}
        for row in rows:
            row = dict(row)
            stage_id = row.pop("stage_id")
            if stage_id not in stage_ids:
                raise InvalidValue(column="stage", value=stage_id, rule="own_stage")
            row.setdefault("name", "")
            suggestion = row.pop("suggestion", "")
            cleaned.append({"stage_id": stage_id, "suggestion": suggestion, **clean_touchpoint(row)})
        author = self._author()
        ids: list[int] = []
        with self._write() as db:
            having = db.execute("SELECT count(*) FROM touchpoints WHERE workspace_id = ?", [workspace_id]).fetchone()[0]
            if having + len(cleaned) > MAX_TOUCHPOINTS_PER_WORKSPACE:
                raise InvalidValue(column="touchpoints", value=having + len(cleaned), rule="max_touchpoints",
                                   n=MAX_TOUCHPOINTS_PER_WORKSPACE)
            positions = dict(db.execute(
                "SELECT stage_id, max(position) FROM touchpoints WHERE workspace_id = ? GROUP BY stage_id",
                [workspace_id]).fetchall())
            for row in cleaned:
                pos = positions.get(row["stage_id"], -1) + 1
                positions[row["stage_id"]] = pos
                cur = db.execute(
                    "INSERT INTO touchpoints (" + ", ".join(["workspace_id", "uid", "position", "changed_by", *row]) + ") "
                    "VALUES (" + ", ".join("?" * (4 + len(row))) + ")",
                    [workspace_id, new_uid(), pos, author, *row.values()])
                ids.append(cur.lastrowid)
            self._touch(db, workspace_id)
        return ids

    def update_touchpoints(self, workspace_id: int, changes: dict[int, dict]) -> None:
        """Apply ``{touchpoint_id: {field: value}}``: all or none; ``Gone``
        if one was deleted meanwhile."""
        cleaned = {}
        for tp_id, values in changes.items():
            values = dict(values)
            stage_id = values.pop("stage_id", None)
            c = clean_touchpoint(values)
            if stage_id is not None:
                c["stage_id"] = stage_id
            cleaned[int(tp_id)] = c
        moved_to = {c["stage_id"] for c in cleaned.values() if "stage_id" in c}
        if moved_to:
            own = {s.id for s in self.stages(workspace_id)}
            for stage_id in moved_to - own:
                raise InvalidValue(column="stage", value=stage_id, rule="own_stage")
        with self._write() as db:
            self._guard(db, "touchpoints", workspace_id, cleaned)
            self._update_rows(db, "touchpoints", cleaned)
            self._touch(db, workspace_id)

    def delete_touchpoints(self, workspace_id: int, ids: Iterable[int]) -> None:
        with self._write() as db:
            for tp_id in ids:
                db.execute("DELETE FROM touchpoints WHERE id = ? AND workspace_id = ?", [int(tp_id), workspace_id])
            self._touch(db, workspace_id)

    def apply_touchpoint_edits(self, workspace_id: int, plan) -> None:
        """Apply an ``edits.EditPlan`` of touchpoints in one transaction."""
        with self._write():
            if plan.updates:
                self.update_touchpoints(workspace_id, plan.updates)
            if plan.deletes:  # before the inserts: the workspace limit counts what stays
                self.delete_touchpoints(workspace_id, plan.deletes)
            if plan.inserts:
                self.add_touchpoints(workspace_id, plan.inserts)

    # -- checklist answers -------------------------------------------------
    def answers(self, workspace_id: int) -> dict[str, str]:
        return {r["question"]: r["answer"] for r in self._rows(
            "SELECT question, answer FROM checklist_answers WHERE workspace_id = ?", [workspace_id])}

    def set_answers(self, workspace_id: int, answers: dict[str, str | None]) -> None:
        """Set (or, with None, clear) checklist answers: all or none. In
        ``editing(seen=…)`` the seen value is per question (the row id)."""
        answers = {q: None if a is None else clean_value(q, FIELDS["answer"]["answer"], a)
                   for q, a in answers.items()}
        author = self._author()
        with self._write() as db:
            ctx = self._editing.get()
            if ctx is not None and ctx.seen is not None and answers:
                cur = db.execute(
                    "SELECT question, answer, rev, changed_by FROM checklist_answers "
                    "WHERE workspace_id = ? AND question IN (SELECT value FROM json_each(?))",
                    [workspace_id, json.dumps(list(answers))])
                current = {q: {"answer": a, "rev": rev, "changed_by": by} for q, a, rev, by in cur.fetchall()}
                self._check_seen({q: {"answer": a} for q, a in answers.items()}, current)
            for q, a in answers.items():
                if a is None:
                    db.execute("DELETE FROM checklist_answers WHERE workspace_id = ? AND question = ?", [workspace_id, q])
                else:
                    db.execute(
                        "INSERT INTO checklist_answers (workspace_id, question, answer, answered_at, changed_by) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_id, question) DO UPDATE SET "
                        "answer = excluded.answer, answered_at = excluded.answered_at, "
                        "rev = checklist_answers.rev + 1, changed_by = excluded.changed_by",
                        [workspace_id, q, a, now(), author])
            self._touch(db, workspace_id)

    # -- backlog -----------------------------------------------------------
    def backlog_items(self, workspace_id: int) -> list[BacklogItem]:
        return self._models(BacklogItem, "SELECT * FROM backlog_items WHERE workspace_id = ? ORDER BY id",
                            [workspace_id])

    def apply_backlog_plan(self, workspace_id: int, plan) -> None:
        """Apply a ``backlog.BacklogPlan`` in one transaction."""
        stamp = now()
        with self._write() as db:
            for item in plan.inserts:
                db["backlog_items"].insert({
                    "workspace_id": workspace_id, "uid": new_uid(), **item,
                    "created_at": stamp, "updated_at": stamp, "changed_by": self._author(),
                })
            for item_id, values in plan.updates.items():
                if values:
                    values = {**values, "updated_at": stamp}
                    sets = "".join(f"{k} = ?, " for k in values)
                    db.execute(f"UPDATE backlog_items SET {sets}rev = rev + 1, changed_by = ? "
                               "WHERE id = ? AND workspace_id = ?",
                               [*values.values(), self._author(), item_id, workspace_id])
            if plan.inserts or plan.updates:
                self._touch(db, workspace_id)

    def update_backlog_item(self, workspace_id: int, item_id: int, **values) -> None:
        """A user's edit: saved and remembered as edited, so regeneration keeps it."""
        self.update_backlog_items(workspace_id, {item_id: values})

    def update_backlog_items(self, workspace_id: int, changes: dict[int, dict]) -> None:
        """Users' edits of backlog items: all or none; ``Gone`` if one was deleted meanwhile."""
        cleaned = {int(k): clean_backlog(v) for k, v in changes.items()}
        with self._write() as db:
            current = self._guard(db, "backlog_items", workspace_id, cleaned, also=("edited",))
            stamp = now()
            writes = {}
            for item_id, values in cleaned.items():
                if values:
                    edited = {f for f in current[item_id]["edited"].split(",") if f} | set(values)
                    writes[item_id] = {**values, "edited": ",".join(sorted(edited)), "updated_at": stamp}
            self._update_rows(db, "backlog_items", writes)
            self._touch(db, workspace_id)

    def add_manual_item(self, workspace_id: int, *, title: str, **values) -> int:
        clean = clean_backlog({"title": title, **values})
        stamp = now()
        uid = new_uid()
        with self._write() as db:
            item_id = db["backlog_items"].insert({
                "workspace_id": workspace_id, "uid": uid, "source": "manual",
                "source_key": f"manual:{uid}", "impact": 5, "confidence": 5, "ease": 5,
                **clean, "edited": ",".join(sorted(clean)),
                "journey_order": 10_000, "created_at": stamp, "updated_at": stamp,
                "changed_by": self._author(),
            }).last_pk
            self._touch(db, workspace_id)
        return item_id

    def delete_manual_items(self, workspace_id: int, ids: Iterable[int]) -> None:
        """Only the user's own items can be deleted; generated ones get resolved."""
        with self._write() as db:
            for item_id in ids:
                db.execute("DELETE FROM backlog_items WHERE id = ? AND workspace_id = ? AND source = 'manual'",
                           [int(item_id), workspace_id])
            self._touch(db, workspace_id)

    # -- the client report's settings ------------------------------------------
    def agency(self):
        """The agency's name, accent colour and logo (``audit.agency.Agency``)."""
        from .agency import Agency, DEFAULT_ACCENT

        rows = self._rows("SELECT name, accent, logo, updated_at FROM agency WHERE id = 1")
        if not rows:
            return Agency()
        row = rows[0]
        return Agency(name=row["name"], accent=row["accent"] or DEFAULT_ACCENT,
                      logo=row["logo"] or None, updated_at=row["updated_at"])

    _NO_CHANGE = object()

    def set_agency(self, *, name=_NO_CHANGE, accent=_NO_CHANGE, logo=_NO_CHANGE) -> None:
        """Save what is given (validated by ``audit.agency``); ``logo=None`` removes it."""
        from . import agency

        values = {}
        if name is not self._NO_CHANGE:
            values["name"] = agency.clean_name(name)
        if accent is not self._NO_CHANGE:
            values["accent"] = agency.clean_accent(accent)
        if logo is not self._NO_CHANGE:
            values["logo"] = agency.clean_logo(logo)
        with self._write() as db:
            db["agency"].upsert({"id": 1, **values, "updated_at": now()}, pk="id")

    def report_settings(self, workspace_id: int) -> dict:
        """``{"sections": [...], "top_n": int, "snapshot": id}``; None where not chosen yet
        (``snapshot`` None: compare with the latest)."""
        rows = self._rows("SELECT sections, top_n, compare_snapshot FROM report_settings WHERE workspace_id = ?",
                          [workspace_id])
        if not rows:
            return {"sections": None, "top_n": None, "snapshot": None}
        sections = json.loads(rows[0]["sections"]) if rows[0]["sections"] else None
        return {"sections": sections, "top_n": rows[0]["top_n"], "snapshot": rows[0]["compare_snapshot"]}

    def set_report_settings(self, workspace_id: int, *, sections: list[str] | None = None,
                            top_n: int | None = None, snapshot: int | None = None) -> None:
        values = {}
        if sections is not None:
            values["sections"] = json.dumps(list(sections))
        if top_n is not None:
            values["top_n"] = int(top_n)
        if snapshot is not None:
            values["compare_snapshot"] = int(snapshot)
        with self._write() as db:
            if snapshot is not None:
                self._owned(db, "snapshots", workspace_id, int(snapshot))  # another workspace's: NotFound
            db["report_settings"].upsert({"workspace_id": workspace_id, **values, "updated_at": now()},
                                         pk="workspace_id")

    # -- snapshots ---------------------------------------------------------
    def snapshots(self, workspace_id: int) -> list[Snapshot]:
        rows = self._rows("SELECT * FROM snapshots WHERE workspace_id = ? ORDER BY taken_at, id", [workspace_id])
        return [Snapshot.from_row(r) for r in rows]

    def add_snapshot(self, workspace_id: int, data: dict, label: str = "") -> int:
        with self._write() as db:
            return db["snapshots"].insert({
                "workspace_id": workspace_id, "taken_at": now(), "label": clean_text("label", label),
                "data": json.dumps(data, ensure_ascii=False),
            }).last_pk

    # -- whole workspaces as rows: the workspace file and duplication -------
    def _row_of_workspace(self, workspace_id: int) -> dict:
        rows = self._rows("SELECT * FROM workspaces WHERE id = ?", [workspace_id])
        if not rows:
            raise WorkspaceNotFound(workspace_id)
        return rows[0]

    def workspace_rows(self, workspace_id: int) -> dict[str, list[dict]]:
        """Every row of a workspace, table by table, in one consistent read
        (``{"personas": [...], "stages": [...], ...}``, database ids kept).
        Reads only: an export never takes the write lock. ``"workspace"``
        holds the workspace's own row."""
        with self._read():
            out = {"workspace": [self._row_of_workspace(workspace_id)]}
            for table in WORKSPACE_TABLES:
                order = "position, id" if table in ("personas", "stages") else "rowid"
                out[table] = self._rows(f"SELECT * FROM {table} WHERE workspace_id = ? ORDER BY {order}",
                                        [workspace_id])
        return out

    def create_workspace_from_rows(self, workspace: dict, *, personas: list[dict], stages: list[dict],
                                   answers: list[dict] = (), backlog_items: list[dict] = (),
                                   snapshots: list[dict] = ()) -> Workspace:
        """A new workspace from validated rows (the workspace file's plan),
        in one transaction; the slug is made unique from the name. Each stage
        row carries its ``touchpoints``; rows have no database ids."""
        by = {"changed_by": self._author()}  # who imported it changed its rows last
        with self._write() as db:
            stamp = now()
            ws_id = db["workspaces"].insert({
                **workspace, "slug": self._unique_slug(db, workspace["name"]),
                "created_at": stamp, "updated_at": stamp,
            }).last_pk
            for row in personas:
                db["personas"].insert({"workspace_id": ws_id, **row, **by})
            touchpoints = []
            for stage in stages:
                row = {k: v for k, v in stage.items() if k != "touchpoints"}
                stage_id = db["stages"].insert({"workspace_id": ws_id, **row, **by}).last_pk
                touchpoints.extend({"workspace_id": ws_id, "stage_id": stage_id, **tp, **by}
                                   for tp in stage.get("touchpoints", ()))
            for table, rows in (("touchpoints", touchpoints), ("checklist_answers", answers),
                                ("backlog_items", backlog_items), ("snapshots", snapshots)):
                for row in rows:
                    db[table].insert({"workspace_id": ws_id, **row, **(by if table in VERSIONED_TABLES else {})})
        return self.workspace(ws_id)

    # -- reading for a run: the change counter, Home's list -------------------
    def change_counter(self, workspace_id: int) -> int:
        """A number that grows with every change to the workspace (its rows,
        name, framework, language): a page may cache what it read under
        (workspace id, counter)."""
        rows = self._rows("SELECT version FROM workspaces WHERE id = ?", [workspace_id])
        if not rows:
            raise WorkspaceNotFound(workspace_id)
        return rows[0]["version"]

    def workspaces_data(self, workspace_ids: Iterable[int] | None = None
                        ) -> list[tuple[WorkspaceData, list[BacklogItem]]]:
        """Every workspace (or those of ``workspace_ids``) with its rows and
        backlog, most recent first: a fixed number of queries (one per
        table), however many workspaces."""
        wanted = None if workspace_ids is None else sorted({int(i) for i in workspace_ids})
        where = "" if wanted is None else "WHERE t.workspace_id IN (SELECT value FROM json_each(?))"
        params = [] if wanted is None else [json.dumps(wanted)]
        with self._write():
            workspaces = [ws for ws in self.workspaces() if wanted is None or ws.id in wanted]
            by_ws: dict[str, dict[int, list]] = {}
            for table, order in (("personas", "is_primary DESC, t.position, t.id"), ("stages", "t.position, t.id"),
                                 ("backlog_items", "t.id")):
                by_ws[table] = {}
                for r in self._rows(f"SELECT * FROM {table} t {where} ORDER BY t.workspace_id, {order}", params):
                    by_ws[table].setdefault(r["workspace_id"], []).append(r)
            by_ws["touchpoints"] = {}
            for r in self._rows(f"SELECT t.* FROM touchpoints t JOIN stages s ON s.id = t.stage_id {where} "
                                "ORDER BY t.workspace_id, s.position, t.position, t.id", params):
                by_ws["touchpoints"].setdefault(r["workspace_id"], []).append(r)
            answers: dict[int, dict[str, str]] = {}
            for r in self._rows(f"SELECT workspace_id, question, answer FROM checklist_answers t {where}", params):
                answers.setdefault(r["workspace_id"], {})[r["question"]] = r["answer"]
        return [
            (WorkspaceData(
                workspace=ws,
                stages=[Stage.from_row(r) for r in by_ws["stages"].get(ws.id, [])],
                touchpoints=[Touchpoint.from_row(r) for r in by_ws["touchpoints"].get(ws.id, [])],
                answers=answers.get(ws.id, {}),
                personas=[Persona.from_row(r) for r in by_ws["personas"].get(ws.id, [])],
             ), [BacklogItem.from_row(r) for r in by_ws["backlog_items"].get(ws.id, [])])
            for ws in workspaces
        ]


    def workspace_summaries(self, workspace_ids: Iterable[int] | None = None) -> list[WorkspaceSummary]:
        """What Home shows of every workspace (or of ``workspace_ids``), most
        recent first: counts computed by the database, no touchpoint row and
        no backlog text read (issue 11: Home with 20 workspaces costs about
        what Home with one costs). One consistent read, a fixed number of
        queries however many workspaces."""
        wanted = None if workspace_ids is None else sorted({int(i) for i in workspace_ids})
        params = [] if wanted is None else [json.dumps(wanted)]
        mine = "" if wanted is None else "t.workspace_id IN (SELECT value FROM json_each(?))"
        where, also = (f"WHERE {mine}", f"AND {mine}") if mine else ("", "")
        open_statuses = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
        with self._read() as db:
            found = self._models(Workspace, "SELECT * FROM workspaces t {} ORDER BY updated_at DESC, id DESC".format(
                where.replace("t.workspace_id", "t.id")), params)
            out = {ws.id: WorkspaceSummary(ws) for ws in found}
            for table, cls, order in (("stages", Stage, "t.position, t.id"),
                                      ("personas", Persona, "t.is_primary DESC, t.position, t.id")):
                for record in self._models(cls, f"SELECT * FROM {table} t {where} ORDER BY t.workspace_id, {order}",
                                           params):
                    getattr(out[record.workspace_id], table).append(record)
            for ws_id, question, answer in db.execute(
                    f"SELECT workspace_id, question, answer FROM checklist_answers t {where}", params).fetchall():
                out[ws_id].answers[question] = answer
            for ws_id, stage_id, n, scored in db.execute(
                    "SELECT t.workspace_id, t.stage_id, count(*), "
                    "sum(t.importance IS NOT NULL AND t.performance IS NOT NULL) "
                    f"FROM touchpoints t JOIN stages s ON s.id = t.stage_id {where} "
                    "GROUP BY t.workspace_id, t.stage_id", params).fetchall():
                summary = out[ws_id]
                summary.covered.add(stage_id)
                summary.touchpoints += n
                summary.scored += scored
            for ws_id, n, open_items, triaged in db.execute(
                    "SELECT workspace_id, count(*), sum(resolved_by_audit = 0), "
                    "sum(resolved_by_audit = 0 AND (replace(edited, ',', '') != '' OR status != 'todo')) "
                    f"FROM backlog_items t {where} GROUP BY workspace_id", params).fetchall():
                out[ws_id].items, out[ws_id].open_items, out[ws_id].triaged = n, open_items, triaged
            for item in self._models(
                    BacklogItem,
                    "SELECT id, workspace_id, uid, source, source_key, title, impact, confidence, ease, status, "
                    "resolved_by_audit, gap, importance, journey_order, emotion FROM backlog_items t "
                    f"WHERE resolved_by_audit = 0 AND status IN ({open_statuses}) {also} "
                    "ORDER BY t.workspace_id, t.id", params):
                out[item.workspace_id].to_act_on.append(item)
        return list(out.values())


def _database_errors(method):
    """``method`` with every ``sqlite3`` error turned into the store's ``DatabaseError``."""
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(str(exc)) from exc
    return wrapper


for _name, _method in list(vars(Store).items()):
    if callable(_method) and (_name == "__init__" or not _name.startswith("_")) \
            and _name not in ("write", "transaction", "editing"):
        setattr(Store, _name, _database_errors(_method))
del _name, _method
