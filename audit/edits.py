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

from .model import is_blank


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
