"""The ways an edit is saved at once (issue 12's page-state protocol, the
editing half): a text field, a row of one-click choices, a table editor.
Every change reaches the store in the widget's callback (or before the page
is drawn, for what AppTest does not fire); a refused change is reported
through ``views.messages`` next to the widget and the widget goes back to
what the store holds."""

from __future__ import annotations

from typing import Callable

import pandas as pd
import streamlit as st

from audit.edits import EditPlan, plan_table_edits
from audit.model import InvalidValue
from audit.seen import builds_on
from audit.store_errors import Conflict, Seen, StoreError
from views import conflicts, messages
from views.session import read_again

#: What a save may refuse with a message next to the widget: a bad value, a
#: row deleted by someone else (``Gone``), a database fault. A conflict
#: (``Conflict``, also a StoreError) is caught first and offered as a choice.
REFUSED = (InvalidValue, StoreError)
_AS_SHOWN = object()  # one_click's stored value is the value shown

# -- saving at once -------------------------------------------------------------
def follow_store(key: str, stored) -> None:
    """Show what the store holds when it changed outside this widget (a
    template, another session, a refused change); otherwise the widget keeps
    its own value.

    A text box keeps a half-typed draft in the browser even when its value
    changes underneath (Streamlit does not replace what is being typed): the
    value it showed before is kept as the draft's base (``__base``), so the
    draft's save is checked against what its author saw (``text_input``)."""
    shadow = f"{key}__stored"
    if key in st.session_state and st.session_state.get(shadow, stored) != stored \
            and st.session_state[key] != stored:
        st.session_state.setdefault(f"{key}__base", st.session_state.get(shadow))
        st.session_state[key] = stored
    st.session_state[shadow] = stored


def text_input(label: str, *, key: str, value: str, on_save: Callable[[str], None],
               area: bool = True, placeholder: str | None = None, help: str | None = None,
               height: int | None = None) -> None:
    """A text widget whose every change is saved as soon as it is committed."""
    follow_store(key, value or "")
    if key not in st.session_state:
        st.session_state[key] = value or ""

    def save() -> None:
        new = st.session_state[key]
        # What the user typed over: the value before someone else's change
        # arrived, unless what they wrote builds on that change.
        base = st.session_state.pop(f"{key}__base", None)
        saw = value or ""
        if base is not None and not builds_on(new, saw, base):
            saw = base

        def attempt(theirs: dict | None = None) -> None:
            seen = Seen.value(saw) if theirs is None else Seen.rows(theirs)
            conflicts.save_as_seen(lambda: on_save(new), seen)

        try:
            attempt()
        except Conflict as exc:  # someone else changed it: the widget shows theirs, the panel offers mine
            conflicts.remember(key, exc, attempt)
            st.session_state[key] = exc.cells[0].theirs or ""
        except REFUSED as exc:
            messages.report(key, exc)
            st.session_state[key] = value or ""
        else:
            conflicts.forget(key)
            messages.clear(key)
            messages.saved()
        finally:
            read_again()

    widget = st.text_area if area else st.text_input
    kwargs = {"height": height} if area and height else {}
    widget(label, key=key, on_change=save, placeholder=placeholder, help=help, **kwargs)
    messages.show(key)
    conflicts.panel(key)


def editor_key(base: str) -> str:
    """The current key of a table editor; it changes after every save."""
    return f"{base}__v{st.session_state.get(base + '__version', 0)}"


def _plain(value):
    """A frame cell as the store would hold it (NaN, NA, NaT → None; numpy → Python)."""
    try:
        if value is None or pd.isna(value):
            return None
    except (TypeError, ValueError):  # a list or another container: as it is
        return value
    return value.item() if hasattr(value, "item") else value


def _seen_cells(frame, shown_rows: list, edited: dict, columns: dict, to_store: dict | None = None) -> dict:
    """What the user saw in the cells they edited, as the store holds it:
    {row id: {field: value}} (``to_store``: field → how a shown value is stored)."""
    seen: dict = {}
    if frame is None:
        return seen
    for pos, values in edited.items():
        pos = int(pos)
        if not 0 <= pos < min(len(shown_rows), len(frame)):
            continue
        row = frame.iloc[pos]
        fields = {columns.get(c, c): _plain(row[c]) for c in values
                  if c in frame.columns and (not columns or c in columns)}
        fields = {f: (to_store or {}).get(f, _same_value)(v) for f, v in fields.items()}
        if fields:
            seen[shown_rows[pos]] = fields
    return seen


def _same_value(value):
    return value


def _merged(seen: dict, theirs: dict | None) -> Seen:
    rows = {row: dict(fields) for row, fields in seen.items()}
    for row, fields in (theirs or {}).items():
        rows.setdefault(row, {}).update(fields)
    return Seen.rows(rows)


def _names(frame, shown_rows: list, columns: dict, config: dict) -> tuple[dict, dict]:
    """How the conflict panel names a table's rows and columns."""
    named = next((c for c in ("name", "title", "stage") if c in frame.columns), frame.columns[0]) \
        if frame is not None and len(frame.columns) else None
    labels = {row: frame.iloc[i][named] for i, row in enumerate(shown_rows[:len(frame)])} if named else {}
    titles = {}
    for column, field in columns.items():
        entry = config.get(column)
        titles[field] = entry if isinstance(entry, str) else (entry or {}).get("label") or column
    return labels, titles


def _save_table(base: str, plan: EditPlan, apply: Callable[[EditPlan], None], *, frame, shown_rows: list,
                edited: dict, columns: dict, config: dict, to_store: dict | None = None) -> bool:
    """Apply ``plan`` on what the user saw; True if it was saved."""
    seen = _seen_cells(frame, shown_rows, edited, columns, to_store)

    def attempt(theirs: dict | None = None) -> None:
        conflicts.save_as_seen(lambda: apply(plan), _merged(seen, theirs))

    try:
        attempt()
    except Conflict as exc:
        labels, titles = _names(frame, shown_rows, columns, config)
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
    shown_rows = st.session_state.get(key + "__rows", row_ids)
    plan = plan_table_edits(shown_rows, pending, columns=columns, defaults=defaults) if pending else EditPlan()
    if not plan.empty:
        if _save_table(base, plan, apply, frame=st.session_state.get(key + "__frame"), shown_rows=shown_rows,
                       edited=pending.get("edited_rows") or {}, columns=columns,
                       config=editor_kwargs.get("column_config") or {}, to_store=to_store):
            messages.saved()
        for old in ("__rows", "__frame"):
            st.session_state.pop(key + old, None)
        st.session_state[base + "__version"] = st.session_state.get(base + "__version", 0) + 1
        st.rerun()

    st.session_state[key + "__rows"] = list(row_ids)
    st.session_state[key + "__frame"] = frame  # what the user sees: the values an edit is checked against
    result = st.data_editor(frame, key=key, **editor_kwargs)
    messages.show(base)
    conflicts.panel(base)
    return result


def one_click(label: str, options, *, key: str, value, on_save: Callable[[object], None],
              format_func: Callable = str, help: str | None = None, pills: bool = False,
              label_visibility: str = "visible", width="content", stored=_AS_SHOWN) -> None:
    """A row of one-click choices (``st.segmented_control``, or ``st.pills``)
    whose click is saved to the store in its ``on_change`` callback: one
    script run per click, no ``st.rerun``. Clicking the chosen option again
    clears it (``on_save(None)``). Buttons, so Tab and Enter/Space work.

    The widget shows what the store holds (``follow_store``); a refused
    value is reported under it and the widget goes back to the stored one.
    ``stored``: the value as the store holds it, when the options are
    another form of it (default: ``value``); what the user saw, for
    ``views.conflicts``.
    """
    follow_store(key, value)
    if key not in st.session_state:
        st.session_state[key] = value

    def save() -> None:
        new = st.session_state[key]

        def attempt(theirs: dict | None = None) -> None:
            seen = Seen.value(value if stored is _AS_SHOWN else stored) if theirs is None else Seen.rows(theirs)
            conflicts.save_as_seen(lambda: on_save(new), seen)

        try:
            attempt()
        except Conflict as exc:
            conflicts.remember(key, exc, attempt)
            st.session_state[key] = value  # follow_store shows theirs on the run that follows
        except REFUSED as exc:
            messages.report(key, exc)
            st.session_state[key] = value
        else:
            conflicts.forget(key)
            messages.clear(key)
        finally:
            read_again()

    widget = st.pills if pills else st.segmented_control
    widget(label, list(options), key=key, format_func=format_func, help=help, on_change=save,
           label_visibility=label_visibility, width=width)
    messages.show(key)
    conflicts.panel(key)


def _same(a, b) -> bool:
    blank = lambda v: v is None or (isinstance(v, float) and v != v)  # noqa: E731
    return (blank(a) and blank(b)) or a == b


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
        shown_rows = st.session_state.get(rows_key, row_ids)
        applied = st.session_state.get(applied_key, {})
        edited = {str(r): dict(v) for r, v in (state.get("edited_rows") or {}).items()}
        changed = {}
        for row, values in edited.items():
            before = applied.get(row, {})
            diff = {c: v for c, v in values.items() if c not in before or not _same(before[c], v)}
            if diff:
                changed[row] = diff
        if not changed:
            return False
        st.session_state[applied_key] = edited
        plan = plan_table_edits(shown_rows, {"edited_rows": changed}, columns=columns)
        if plan.empty:
            return False
        try:
            if not _save_table(base, plan, apply, frame=st.session_state.get(frame_key), shown_rows=shown_rows,
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
    if list(st.session_state.get(rows_key, row_ids)) != list(row_ids):
        st.session_state.pop(applied_key, None)  # other rows: the editor starts afresh
    st.session_state[rows_key] = list(row_ids)
    frame = frame.set_axis(row_ids, axis=0)
    st.session_state[frame_key] = frame  # what the user sees: the values an edit is checked against
    result = st.data_editor(frame, key=key, num_rows="fixed", on_change=sync, **editor_kwargs)
    messages.show(base)
    conflicts.panel(base)
    return result
