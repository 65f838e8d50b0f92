"""Table editors whose edits are saved at once (issue 12's page-state
protocol, the tables' half; ``views/editing.py`` holds the text field and the
one-click choices). Each edit is planned as plain data (``audit.edits``),
applied all or nothing, and checked against what the user saw in the cells
they edited (``views.conflicts``)."""

from __future__ import annotations

from typing import Callable

import streamlit as st

from audit.edits import EditPlan, plan_table_edits, seen_cells, seen_with, table_names
from audit.seen import same
from audit.store_errors import Conflict
from views import conflicts, messages
from views.editing import REFUSED
from views.session import memory, read_again


def kept() -> dict:
    """What each table editor keeps between runs (the rows and frame the user
    saw, the edits already applied), by editor key plus ``__rows``,
    ``__frame``, ``__applied``: in the session's one memo entry, not three
    session-state keys per table (``session.memo``)."""
    return memory("tables")


def editor_key(base: str) -> str:
    """The current key of a table editor; it changes after every save."""
    return f"{base}__v{st.session_state.get(base + '__version', 0)}"


def _save_table(base: str, plan: EditPlan, apply: Callable[[EditPlan], None], *, frame, shown_rows: list,
                edited: dict, columns: dict, config: dict, to_store: dict | None = None) -> bool:
    """Apply ``plan`` on what the user saw; True if it was saved."""
    seen = seen_cells(frame, shown_rows, edited, columns, to_store)

    def attempt(theirs: dict | None = None) -> None:
        conflicts.save_as_seen(lambda: apply(plan), seen_with(seen, theirs))

    try:
        attempt()
    except Conflict as exc:
        labels, titles = table_names(frame, shown_rows, columns, config)
        conflicts.remember(base, exc, attempt, labels=labels, columns=titles)
    except REFUSED as exc:
        messages.report(base, exc)
    else:
        conflicts.forget(base)
        messages.clear(base)
        return True
    return False


def table_editor(base: str, frame, *, row_ids: list[int], columns: dict[str, str],
                 apply: Callable[[EditPlan], None], defaults: dict | None = None,
                 to_store: dict | None = None, **editor_kwargs):
    """``st.data_editor`` whose edits go to the store at once, all or nothing.

    ``columns`` maps editor columns to record fields. Each edit reruns the
    page; before drawing, the editor's pending changes are planned
    (``audit.edits``) and applied in one transaction, and the editor is
    re-keyed so it shows what the store holds (never its own returned frame,
    streamlit#7749). The same path serves the browser and AppTest (which
    does not fire a data editor's ``on_change``). A refused change shows why
    and leaves the store as it was. ``frame`` row i must be record
    ``row_ids[i]``.
    """
    key = editor_key(base)
    pending = st.session_state.get(key)
    # Rows as the user saw them when editing: another session may have added
    # or removed records since, which would shift today's row positions.
    shown_rows = kept().get(key + "__rows", row_ids)
    plan = plan_table_edits(shown_rows, pending, columns=columns, defaults=defaults) if pending else EditPlan()
    if not plan.empty:
        if _save_table(base, plan, apply, frame=kept().get(key + "__frame"), shown_rows=shown_rows,
                       edited=pending.get("edited_rows") or {}, columns=columns,
                       config=editor_kwargs.get("column_config") or {}, to_store=to_store):
            messages.saved()
        for old in ("__rows", "__frame"):
            kept().pop(key + old, None)
        st.session_state[base + "__version"] = st.session_state.get(base + "__version", 0) + 1
        st.rerun()

    kept()[key + "__rows"] = list(row_ids)
    kept()[key + "__frame"] = frame  # what the user sees: the values an edit is checked against
    result = st.data_editor(frame, key=key, **editor_kwargs)
    messages.show(base)
    conflicts.panel(base)
    return result


def fixed_table_editor(base: str, frame, *, row_ids: list[int], columns: dict[str, str],
                       apply: Callable[[EditPlan], None], to_store: dict | None = None, **editor_kwargs):
    """A keyed ``st.data_editor`` with fixed rows whose edits go to the store
    at once, without re-keying it.

    Streamlit 1.67 keeps a keyed editor with ``num_rows="fixed"`` alive
    across value changes (``use_signature_identity`` in its
    ``data_editor.py``): the frame is read from the store on every run, the
    editor keeps its identity, so there is no second render, focus stays and
    the next double-click is not swallowed. The editor reports all its edits
    since it was drawn, so only the cells that changed since the last save
    are written (``__applied``): the save is idempotent, runs in the
    editor's ``on_change`` (the browser) and again before drawing (AppTest,
    which fires no editor callback) without writing twice. The frame's index
    is ``row_ids``: when the rows change (another session), the editor's
    identity changes with them and old edits are dropped. Only a refused
    change re-keys the editor, to show the stored values again.

    Every save is checked against what the user saw (``views.conflicts``);
    ``to_store`` maps a field to how a shown value is stored, where the
    editor shows another form of it (field → function).
    """
    key = editor_key(base)
    rows_key, applied_key, frame_key = key + "__rows", key + "__applied", key + "__frame"

    def sync() -> bool:
        """Save the cells changed since the last save; True if it wrote (or refused)."""
        state = st.session_state.get(key) or {}
        shown_rows = kept().get(rows_key, row_ids)
        applied = kept().get(applied_key, {})
        edited = {str(r): dict(v) for r, v in (state.get("edited_rows") or {}).items()}
        changed = {}
        for row, values in edited.items():
            before = applied.get(row, {})
            diff = {c: v for c, v in values.items() if c not in before or not same(before[c], v)}
            if diff:
                changed[row] = diff
        if not changed:
            return False
        kept()[applied_key] = edited
        plan = plan_table_edits(shown_rows, {"edited_rows": changed}, columns=columns)
        if plan.empty:
            return False
        try:
            if not _save_table(base, plan, apply, frame=kept().get(frame_key), shown_rows=shown_rows,
                               edited=changed, columns=columns, config=editor_kwargs.get("column_config") or {},
                               to_store=to_store):
                # refused: a new key shows the stored values again
                st.session_state[base + "__version"] = st.session_state.get(base + "__version", 0) + 1
        finally:
            read_again()
        return True

    if sync():
        # Only when no callback saved it first (AppTest fires none): the page
        # read the store before this save, so it runs again to show it.
        st.rerun()
    if list(kept().get(rows_key, row_ids)) != list(row_ids):
        kept().pop(applied_key, None)  # other rows: the editor starts afresh
    kept()[rows_key] = list(row_ids)
    frame = frame.set_axis(row_ids, axis=0)
    kept()[frame_key] = frame  # what the user sees: the values an edit is checked against
    result = st.data_editor(frame, key=key, num_rows="fixed", on_change=sync, **editor_kwargs)
    messages.show(base)
    conflicts.panel(base)
    return result
