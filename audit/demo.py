"""The demo workspaces: complete example audits to explore the app with.

Each ``data/demo/*.json`` is a workspace file (``workspace_file``) plus an
optional ``"demo"`` section that is not part of the format: the backlog
edits to apply after the backlog is generated, to show that edits are kept.
Backlog items are not stored in the files; they are generated on load, so
they always follow the current rules and checklist packs.
"""

from __future__ import annotations

from pathlib import Path

from . import backlog
from .checklists import Library, load_library
from .model import Workspace, slugify
from .store import Store
from .workspace_file import InvalidWorkspaceFile, import_workspace, read_workspace_file

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def demo_files(folder: Path = DEMO_DIR) -> list[Path]:
    return sorted(folder.glob("*.json"))


def load_demo(store: Store, *, library: Library | None = None, folder: Path = DEMO_DIR) -> list[Workspace]:
    """Load every demo workspace whose slug is not taken yet; the ones created.

    Each demo is imported, its backlog generated and the demo's edits
    applied, all in one transaction: running it twice (even at once) creates
    nothing the second time.
    """
    library = library or load_library()
    created = []
    for path in demo_files(folder):
        doc = read_workspace_file(path)
        extra = doc.pop("demo", None) or {}
        edits = extra.get("backlog_edits", []) if isinstance(extra, dict) else []
        workspace = doc.get("workspace")
        if not isinstance(workspace, dict) or not isinstance(workspace.get("name"), str):
            raise InvalidWorkspaceFile(str(path), "workspace.name: missing")
        with store.write():
            if store.find_workspace(slugify(workspace["name"])) is not None:
                continue
            ws = import_workspace(store, doc)
            backlog.regenerate(store, ws.id, library)
            items = {item.source_key: item for item in store.backlog_items(ws.id)}
            for edit in edits:
                edit = dict(edit)
                item = items.get(edit.pop("source_key", None))
                if item is not None:  # a pack may have changed; the demo still loads
                    store.update_backlog_item(ws.id, item.id, **edit)
        created.append(store.workspace(ws.id))
    return created
