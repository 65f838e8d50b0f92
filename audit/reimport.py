"""A (re-)import that updates: plan first, then apply in one transaction.

An agency corrects the client's spreadsheet and imports it again; the
workspace must then hold what the file says, not every row twice. Like
``Table.transform_sql()`` beside ``transform()`` in sqlite-utils, the plan is
plain data that tests and both faces (page, command line) show before
anything is written:

* a file row **matches** a touchpoint of the same stage whose name is the
  same with case, accents and punctuation ignored (``model.name_key``);
  each touchpoint matches at most one row, so two rows of the same name
  match two such touchpoints in order (an export of a workspace that holds
  a name twice imports back as it is);
* **new**: rows that match nothing, added at the end of their stage;
* **changed**: matched touchpoints whose values differ, field by field
  (old → new). Only the columns the file has are compared (a file without
  a performance column keeps the scores); in a column the file has, an
  empty cell empties the field. A different spelling of the same name
  (``google profile`` for ``Google Profile``) is a change of the name;
* **unchanged**: matched and equal;
* **missing**: in the workspace but not in the file. They stay unless the
  plan is made with ``remove_missing=True``, an explicit choice.

An identical file gives an empty plan ("nothing to change"), so applying a
file twice is the same as applying it once.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from .edits import EditPlan
from .i18n import t
from .inventory import InventoryPlan, check_workspace_limit, parse_inventory
from .model import CHANNELS, Touchpoint, name_key


@dataclass
class Change:
    """A touchpoint the file changes: ``fields`` maps a field to (old, new)."""

    touchpoint_id: int
    stage_id: int
    name: str
    file_row: int
    fields: dict[str, tuple] = field(default_factory=dict)


@dataclass
class ReimportPlan:
    new: list[dict] = field(default_factory=list)  # rows to add, each with stage_id
    new_rows: list[int] = field(default_factory=list)  # their file rows
    changed: list[Change] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # touchpoint ids
    missing: list[Touchpoint] = field(default_factory=list)
    remove_missing: bool = False

    @property
    def empty(self) -> bool:
        """Nothing to write: the file says what the workspace holds."""
        return not (self.new or self.changed or (self.remove_missing and self.missing))

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed),
                "unchanged": len(self.unchanged), "missing": len(self.missing)}

    def edits(self) -> EditPlan:
        """The writes, as ``Store.apply_touchpoint_edits`` takes them."""
        return EditPlan(
            updates={c.touchpoint_id: {f: new for f, (_, new) in c.fields.items()} for c in self.changed},
            inserts=[dict(row) for row in self.new],
            deletes=[tp.id for tp in self.missing] if self.remove_missing else [],
        )


def compared_fields(parsed: InventoryPlan) -> list[str]:
    """The touchpoint fields the file speaks for: its columns but the stage."""
    return [f for f in parsed.columns if f != "stage"]


def plan_reimport(parsed: InventoryPlan, touchpoints: list[Touchpoint], *,
                  remove_missing: bool = False) -> ReimportPlan:
    """What importing ``parsed`` into a workspace holding ``touchpoints`` would do."""
    fields_ = compared_fields(parsed)
    waiting: dict[tuple[int, str], list[Touchpoint]] = {}
    for tp in touchpoints:
        waiting.setdefault((tp.stage_id, name_key(tp.name)), []).append(tp)
    plan = ReimportPlan(remove_missing=remove_missing)
    matched: set[int] = set()
    for number, row in zip(parsed.file_rows, parsed.rows):
        candidates = waiting.get((row["stage_id"], name_key(row["name"])))
        if not candidates:
            plan.new.append(row)
            plan.new_rows.append(number)
            continue
        tp = candidates.pop(0)
        matched.add(tp.id)
        differences = {f: (getattr(tp, f), row[f]) for f in fields_ if getattr(tp, f) != row[f]}
        if differences:
            plan.changed.append(Change(tp.id, tp.stage_id, tp.name, number, differences))
        else:
            plan.unchanged.append(tp.id)
    plan.missing = [tp for tp in touchpoints if tp.id not in matched]
    return plan


#: The columns of ``change_rows``, in order (headers: ``touchpoints.reimport.col_<column>``).
CHANGE_COLUMNS = ("row", "stage", "touchpoint", "change", "field", "before", "after")


def shown_value(field_: str, value, lang: str) -> str:
    """A touchpoint's value as a reader of the plan reads it."""
    if value is None or value == "":
        return t("touchpoints.reimport.empty_value", lang)
    if field_ == "channel" and value in CHANNELS:
        return t(f"touchpoints.channel.{value}", lang)
    if field_ == "moment_of_truth":
        return t("answer.yes" if value else "answer.no", lang)
    return str(value)


def change_rows(plan: ReimportPlan, stage_names: dict[int, str], lang: str) -> list[dict[str, str]]:
    """The plan as a reader checks it before "Apply": one row per new
    touchpoint, per changed field, per touchpoint not in the file (kept or
    removed, as the plan says); in file order, the touchpoints not in the
    file last. Keys are ``CHANGE_COLUMNS``; every value is text (the file
    row of a touchpoint not in the file is empty)."""
    blank = dict.fromkeys(CHANGE_COLUMNS, "")
    rows: list[tuple[float, dict]] = []
    for number, row in zip(plan.new_rows, plan.new):
        rows.append((number, {**blank, "row": str(number), "stage": stage_names.get(row["stage_id"], ""),
                              "touchpoint": row["name"], "change": t("touchpoints.reimport.new", lang)}))
    for change in plan.changed:
        for name, (old, new) in change.fields.items():
            rows.append((change.file_row, {
                "row": str(change.file_row), "stage": stage_names.get(change.stage_id, ""),
                "touchpoint": change.name, "change": t("touchpoints.reimport.changed", lang),
                "field": t(f"field.{name}", lang), "before": shown_value(name, old, lang),
                "after": shown_value(name, new, lang)}))
    fate = t("touchpoints.reimport.missing_removed" if plan.remove_missing else "touchpoints.reimport.missing_kept",
             lang)
    for tp in plan.missing:
        rows.append((float("inf"), {**blank, "stage": stage_names.get(tp.stage_id, ""), "touchpoint": tp.name,
                                    "change": fate}))
    rows.sort(key=lambda pair: pair[0])  # stable: a changed row's fields stay in order
    return [row for _, row in rows]


def reimport(store, workspace_id: int, content: bytes, filename: str, *, remove_missing: bool = False,
             dry_run: bool = False) -> tuple[InventoryPlan, ReimportPlan]:
    """Parse a file against the workspace, plan, and (unless ``dry_run``) apply
    the plan in one transaction. A bad file raises ``InvalidInventory`` with
    every problem, and nothing is written."""
    workspace = store.workspace(workspace_id)
    parsed = parse_inventory(content, filename, stages=store.stages(workspace_id),
                             framework=workspace.framework)
    # the plan is made against what the transaction will change; a dry run only reads
    with contextlib.nullcontext() if dry_run else store.transaction():
        current = store.touchpoints(workspace_id)
        plan = plan_reimport(parsed, current, remove_missing=remove_missing)
        check_workspace_limit(filename, len(current), len(plan.new),
                              len(plan.missing) if plan.remove_missing else 0)
        if not dry_run and not plan.empty:
            store.apply_touchpoint_edits(workspace_id, plan.edits())
    return parsed, plan
