"""Database faults as the store reports them (DESIGN.md, "Data").

The store never lets a ``sqlite3`` error out: it raises one of these typed
faults instead, so that the command line and the pages can say what happened
in the user's language without importing ``sqlite3``. A fault always means
*nothing was changed*: the write it interrupted was rolled back.

``message(lang)`` is one sentence for a visitor (the database's file name,
never its folder); ``detail`` keeps SQLite's own words for the server log.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .i18n import t
from .store_errors import DatabaseError


class StoreFault(DatabaseError):
    """The database cannot do what was asked; nothing was changed."""

    code = "unavailable"

    def __init__(self, path: str | Path | None = None, detail: str = "", **params):
        self.path = str(path) if path is not None else ""
        self.detail = detail
        self.params = params
        super().__init__(self.message("en") + (f" ({detail})" if detail else ""))

    @property
    def file(self) -> str:
        return Path(self.path).name if self.path else "database"

    def message(self, lang: str) -> str:
        return t(f"fault.{self.code}", lang, file=self.file, **self.params)


class ReadOnlyDatabase(StoreFault):
    """The file or its folder cannot be written."""

    code = "read_only"


class NotADatabase(StoreFault):
    """The file exists but is not an SQLite database (or is damaged)."""

    code = "not_a_database"


class NewerSchema(StoreFault):
    """The database was written by a newer Hourglass; refused, not touched."""

    code = "newer_schema"

    def __init__(self, path=None, *, found: int, known: int, detail: str = ""):
        self.found = found
        self.known = known
        super().__init__(path, detail, found=found, known=known)


class DiskFull(StoreFault):
    """No room left to write."""

    code = "disk_full"


class DatabaseBusy(StoreFault):
    """Another process (an import, a restore) holds the write lock too long."""

    code = "busy"

    def __init__(self, path=None, detail: str = "", *, seconds: float = 0):
        self.seconds = seconds
        super().__init__(path, detail, seconds=_seconds(seconds))


class MissingFolder(StoreFault):
    """The folder the database should be in does not exist."""

    code = "missing_folder"

    @property
    def folder(self) -> str:
        return Path(self.path).parent.name or str(Path(self.path).parent)

    def message(self, lang: str) -> str:
        return t(f"fault.{self.code}", lang, file=self.file, folder=self.folder)


class DatabaseUnavailable(StoreFault):
    """Any other failure to read or write the file."""

    code = "unavailable"


def _seconds(value: float) -> str:
    return f"{value:g}"


def _name(exc: BaseException) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


def classify(exc: BaseException, path: str | Path, *, busy_seconds: float = 0) -> StoreFault | None:
    """The typed fault for an ``sqlite3`` (or OS) error on the file ``path``;
    None for an error of the code (a bad statement), which stays a bug."""
    if isinstance(exc, StoreFault):
        return exc
    name = _name(exc)
    text = str(exc)
    lower = text.lower()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return DiskFull(path, text)
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnlyDatabase(path, text)
    if name.startswith("SQLITE_READONLY") or "readonly database" in lower or "read-only" in lower:
        return ReadOnlyDatabase(path, text)
    if name in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or "not a database" in lower \
            or "malformed" in lower:
        return NotADatabase(path, text)
    if name == "SQLITE_FULL" or "disk is full" in lower or "disk full" in lower:
        return DiskFull(path, text)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in lower:
        return DatabaseBusy(path, text, seconds=busy_seconds)
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in lower:
        return fault_for_path(path, text) or DatabaseUnavailable(path, text)
    if name.startswith("SQLITE_IOERR") or "disk i/o" in lower:
        # a write that could not reach the disk: a full disk or a vanished file
        return fault_for_path(path, text) or DatabaseUnavailable(path, text)
    if isinstance(exc, OSError):
        return fault_for_path(path, text) or DatabaseUnavailable(path, text)
    return None


def _writable(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def fault_for_path(path: str | Path, detail: str = "") -> StoreFault | None:
    """What is wrong with ``path`` itself, if anything: missing folder, read-only."""
    if str(path) == ":memory:":
        return None
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        return MissingFolder(path, detail)
    if path.exists() and path.is_dir():
        return NotADatabase(path, detail or "is a folder")
    if path.exists() and not _writable(path):
        return ReadOnlyDatabase(path, detail)
    if not _writable(folder):
        # WAL needs its two side files: without them (or the right to write
        # them) nothing can be written, however writable the file itself is.
        sides = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        if not all(side.exists() and _writable(side) for side in sides):
            return ReadOnlyDatabase(path, detail)
    return None

