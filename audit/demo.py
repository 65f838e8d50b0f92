"""The demo workspaces: complete example audits to explore the app with.

Each ``data/demo/*.json`` is a workspace file (``workspace_file``) plus an
optional ``"demo"`` section that is not part of the format. It tells the
story of a re-audit, step by step, so that every feature has something to
show:

1. the backlog is generated (it is never stored in the files, so it always
   follows the current rules and checklist packs);
2. ``backlog_edits``: edits to generated items, by ``source_key`` (kept on
   every regeneration);
3. ``manual_items``: items the owner typed, ``due_in_days`` from the day the
   demo is loaded;
4. ``snapshot_before``: a snapshot (``audit.snapshot``) with this label;
5. ``changes``: what the owner did next — touchpoint fields by ``uid`` and
   checklist answers — after which the backlog is regenerated, so an item
   whose cause is gone is *resolved by audit*;
6. ``snapshot_after``: a second snapshot, to compare with the first.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from . import backlog, snapshot
from .checklists import Library, load_library
from .model import Workspace, slugify
from .store import Store
from .workspace_file import InvalidWorkspaceFile, import_workspace, read_workspace_file

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def demo_files(folder: Path = DEMO_DIR) -> list[Path]:
    return sorted(folder.glob("*.json"))


def play(store: Store, ws: Workspace, story: dict, library: Library, *, today: date) -> None:
    """Steps 1–6 of the module docstring on a freshly imported workspace."""
    backlog.regenerate(store, ws.id, library)
    items = {item.source_key: item for item in store.backlog_items(ws.id)}
    for edit in story.get("backlog_edits", []):
        edit = dict(edit)
        item = items.get(edit.pop("source_key", None))
        if item is not None:  # a pack may have changed; the demo still loads
            store.update_backlog_item(ws.id, item.id, **edit)
    for manual in story.get("manual_items", []):
        manual = dict(manual)
        days = manual.pop("due_in_days", None)
        if days is not None:
            manual["due_date"] = (today + timedelta(days=int(days))).isoformat()
        store.add_manual_item(ws.id, **manual)
    if "snapshot_before" in story:
        store.add_snapshot(ws.id, snapshot.current_metrics(store, ws.id, library), label=story["snapshot_before"])
    changes = story.get("changes") or {}
    if changes:
        ids = {tp.uid: tp.id for tp in store.touchpoints(ws.id)}
        updates = {ids[uid]: values for uid, values in changes.get("touchpoints", {}).items() if uid in ids}
        if updates:
            store.update_touchpoints(ws.id, updates)
        if changes.get("answers"):
            store.set_answers(ws.id, changes["answers"])
        backlog.regenerate(store, ws.id, library)
    if "snapshot_after" in story:
        store.add_snapshot(ws.id, snapshot.current_metrics(store, ws.id, library), label=story["snapshot_after"])


def load_demo(store: Store, *, library: Library | None = None, folder: Path = DEMO_DIR,
              today: date | None = None) -> list[Workspace]:
    """Load every demo workspace whose name and slug are not taken yet; the ones created.

    Each demo is imported, its backlog generated and the demo's edits
    applied, all in one transaction: running it twice (even at once) creates
    nothing the second time.
    """
    library = library or load_library()
    today = today or date.today()
    created = []
    for path in demo_files(folder):
        doc = read_workspace_file(path)
        extra = doc.pop("demo", None) or {}
        workspace = doc.get("workspace")
        if not isinstance(workspace, dict) or not isinstance(workspace.get("name"), str):
            raise InvalidWorkspaceFile(str(path), "workspace.name: missing")
        with store.transaction():
            slug = slugify(workspace["name"])
            if store.name_clash(workspace["name"]) or any(ws.slug == slug for ws in store.workspaces()):
                continue
            ws = import_workspace(store, doc)
            play(store, ws, extra if isinstance(extra, dict) else {}, library, today=today)
        created.append(store.workspace(ws.id))
    return created
