"""The store's own errors: what the CLI and the pages catch instead of ``sqlite3``.

``StoreError`` is the family. ``NotFound`` is a row that is not there, or
not in the workspace the caller named (a row of another workspace is refused
the same way as a missing one, so the store says nothing about other
workspaces). ``DatabaseError`` is any other fault of the database; the typed
faults (read-only, locked, disk full, newer schema …) refine it.
"""

from __future__ import annotations


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
