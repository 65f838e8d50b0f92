"""Turning a table editor's changes into a plan of writes.

``st.data_editor`` reports its changes as ``{"edited_rows": {row: {column:
value}}, "added_rows": [{column: value}], "deleted_rows": [row]}``, rows
being positions in the frame it was given. ``plan_table_edits`` maps them to
record ids and fields as plain data, so the page applies them in one
transaction and tests can assert on the plan. Applying the same state twice
writes the same values: it is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .model import is_blank
from .seen import Seen


@dataclass
class EditPlan:
    updates: dict[int, dict] = field(default_factory=dict)
    inserts: list[dict] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.updates or self.inserts or self.deletes)




def plan_table_edits(
    row_ids: list[int],
    state: dict | None,
    *,
    columns: dict[str, str] | None = None,
    defaults: dict | None = None,
) -> EditPlan:
    """Plan the writes for an editor ``state`` over rows whose ids are ``row_ids``.

    ``columns`` maps editor column names to record fields (others are
    ignored); ``defaults`` are added to every inserted row. Added rows that
    are entirely blank are skipped (the editor adds one as soon as the user
    clicks "+").
    """
    state = state or {}
    columns = columns or {}

    def fields_of(values: dict) -> dict:
        return {columns.get(k, k): v for k, v in values.items() if not columns or k in columns}

    plan = EditPlan()
    deleted = {int(r) for r in state.get("deleted_rows", []) if 0 <= int(r) < len(row_ids)}
    plan.deletes = [row_ids[r] for r in sorted(deleted)]
    for row, values in (state.get("edited_rows") or {}).items():
        row = int(row)
        if row in deleted or not 0 <= row < len(row_ids):
            continue
        changed = fields_of(values)
        if changed:
            plan.updates[row_ids[row]] = changed
    for values in state.get("added_rows") or []:
        record = fields_of(values)
        if all(is_blank(v) for v in record.values()):
            continue
        plan.inserts.append({**(defaults or {}), **record})
    return plan


# -- what the user saw (issue 10: an edit is checked against it) ---------------------
def plain(value):
    """A frame cell as the store would hold it (NaN, NA, NaT → None; numpy → Python)."""
    try:
        if value is None or pd.isna(value):
            return None
    except (TypeError, ValueError):  # a list or another container: as it is
        return value
    return value.item() if hasattr(value, "item") else value


def seen_cells(frame, shown_rows: list, edited: dict, columns: dict, to_store: dict | None = None) -> dict:
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
        fields = {columns.get(c, c): plain(row[c]) for c in values
                  if c in frame.columns and (not columns or c in columns)}
        fields = {f: (to_store or {}).get(f, _as_is)(v) for f, v in fields.items()}
        if fields:
            seen[shown_rows[pos]] = fields
    return seen


def _as_is(value):
    return value


def seen_with(seen: dict, theirs: dict | None) -> Seen:
    """What the user saw, with ``theirs`` for the cells they chose to put
    their value over (``{row id: {field: value}}``)."""
    rows = {row: dict(fields) for row, fields in seen.items()}
    for row, fields in (theirs or {}).items():
        rows.setdefault(row, {}).update(fields)
    return Seen.rows(rows)


def table_names(frame, shown_rows: list, columns: dict, config: dict) -> tuple[dict, dict]:
    """How the conflict panel names a table's rows and columns."""
    named = next((c for c in ("name", "title", "stage") if c in frame.columns), frame.columns[0]) \
        if frame is not None and len(frame.columns) else None
    labels = {row: frame.iloc[i][named] for i, row in enumerate(shown_rows[:len(frame)])} if named else {}
    titles = {}
    for column, field in columns.items():
        entry = config.get(column)
        titles[field] = entry if isinstance(entry, str) else (entry or {}).get("label") or column
    return labels, titles
