"""The store's own errors: what the CLI and the pages catch instead of ``sqlite3``.

``StoreError`` is the family. ``NotFound`` is a row that is not there, or
not in the workspace the caller named (a row of another workspace is refused
the same way as a missing one, so the store says nothing about other
workspaces). ``DatabaseError`` is any other fault of the database; the typed
faults (read-only, locked, disk full, newer schema …) refine it.

Two errors say an edit met someone else's (``Store.editing``): ``Conflict``,
an edit made on a stale view (someone else changed the field since; its
``cells`` say what is there now and who put it there), and ``Gone``, an edit
of a row deleted meanwhile. Neither wrote anything. ``message(lang)`` is one
sentence for the user, in English or Spanish.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import t
from .seen import Seen  # noqa: F401  (what the user saw: part of an edit)

#: The author the command line writes as (``python -m audit``).
CLI_AUTHOR = "cli"


class StoreError(Exception):
    """Something the store could not do; nothing was changed."""


class NotFound(StoreError, LookupError):
    """A row that is not in the workspace the caller named."""

    def __init__(self, what: str, ref, workspace_id: int | None = None):
        self.what = what
        self.ref = ref
        self.workspace_id = workspace_id
        where = f" in workspace {workspace_id}" if workspace_id is not None else ""
        super().__init__(f"no {what} {ref!r}{where}")


class WorkspaceNotFound(NotFound):
    def __init__(self, ref):
        super().__init__("workspace", ref)


class DatabaseError(StoreError):
    """The database failed (a damaged file, a full disk …); the write was rolled back."""


class Gone(NotFound):
    """An edit of a row that was deleted meanwhile (by another session);
    nothing was saved."""

    def __init__(self, table: str, row_id, workspace_id: int | None = None):
        self.table = table
        self.row_id = row_id
        super().__init__(table.rstrip("s"), row_id, workspace_id)

    def message(self, lang: str) -> str:
        """Named as the user knows it ("This touchpoint was deleted…")."""
        return t(f"conflicts.gone_{self.table}" if self.table in GONE_NAMED else "conflicts.gone", lang)


#: Tables whose deleted row the message names (``conflicts.gone_<table>``).
GONE_NAMED = ("personas", "stages", "touchpoints", "backlog_items")


@dataclass(frozen=True)
class ConflictCell:
    """One field someone else changed while the user was editing it:
    ``mine`` the value the user tried to save, ``theirs`` the value in the
    database now, ``by`` who put it there ('' when not known)."""

    row_id: int | str
    field: str
    mine: object
    theirs: object
    by: str = ""


def author_name(by: str, lang: str) -> str:
    """Who changed a value, as a user reads it."""
    if not by:
        return t("conflicts.by_unknown", lang)
    if by == CLI_AUTHOR:
        return t("conflicts.by_cli", lang)
    return by


def shown_value(value, lang: str, limit: int = 60) -> str:
    from .seen import blank

    if blank(value):
        return t("conflicts.empty", lang)
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


class Conflict(StoreError):
    """An edit made on a stale view: someone else changed what the user
    edited since they saw it. Nothing was saved; ``cells`` say what is there now."""

    def __init__(self, cells: list[ConflictCell]):
        self.cells = list(cells)
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        first = self.cells[0] if self.cells else ConflictCell(0, "", None, None)
        key = "conflicts.many" if len(self.cells) > 1 else "conflicts.one"
        values = {"theirs": shown_value(first.theirs, lang)}
        if len(self.cells) > 1:
            values["n"] = len(self.cells)
        if first.by:  # unknown: "someone else" says it already
            return t(key + "_by", lang, by=author_name(first.by, lang), **values)
        return t(key, lang, **values)
