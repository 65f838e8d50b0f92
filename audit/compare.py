"""Re-audits compared: two snapshots in, a comparison out (issue 9 §4).

``compare(before, after)`` is pure: two snapshot dicts (``snapshot.metrics``)
become, per stage, the value before, after and the change of each metric in
``METRICS`` — stage health (0–100), coverage (touchpoints), mean emotion
(−2..+2) and checklist score (0–1) — plus the backlog items done (and those
resolved by the audit) since the first snapshot. Stages are matched by their
``uid``, so a renamed or moved stage is still itself; a stage only in one
snapshot has no "before" (added) or no "after" (removed). A metric unknown on
either side (nothing scored, no question answered, a version 1 snapshot) has
no change: unknown is never zero.

``find_snapshot`` resolves what a person types (an id, or a label, case and
accents ignored) among a workspace's snapshots.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .frameworks import default_stage_name
from .i18n import normalise_lang, t
from .model import Snapshot, fold

METRICS = ("health", "coverage", "mean_emotion", "checklist")


def difference(before, after):
    """``after − before``, or None when either is unknown."""
    if before is None or after is None:
        return None
    return round(after - before, 3)


@dataclass
class StageComparison:
    uid: str
    key: str | None
    custom_name: str
    name: str  # as the latest snapshot holding the stage named it
    before: dict | None  # metric -> value; None: the stage did not exist yet
    after: dict | None  # None: the stage was removed since

    def value(self, side: str, metric: str):
        values = self.before if side == "before" else self.after
        return None if values is None else values.get(metric)

    def change(self, metric: str):
        return difference(self.value("before", metric), self.value("after", metric))

    def display_name(self, framework: str, lang: str) -> str:
        """The user's name for the stage, else the framework's in ``lang``."""
        return self.custom_name or default_stage_name(framework, self.key, lang) or self.name or "?"


@dataclass
class Comparison:
    framework: str
    stages: list[StageComparison] = field(default_factory=list)
    checklist: tuple = (None, None)  # the whole checklist score, before and after
    backlog: dict[str, tuple] = field(default_factory=dict)  # count -> (before, after)
    done_since: list[dict] = field(default_factory=list)  # {"uid", "title"}
    resolved_since: list[dict] = field(default_factory=list)
    #: False when a snapshot predates the lists of done items (version 1).
    items_known: bool = True

    def table(self) -> list[dict]:
        """One row per stage: ``<metric>_before``, ``<metric>_after``, ``<metric>_change``."""
        rows = []
        for stage in self.stages:
            row = {"uid": stage.uid, "key": stage.key, "name": stage.name,
                   "added": stage.before is None, "removed": stage.after is None}
            for metric in METRICS:
                row[f"{metric}_before"] = stage.value("before", metric)
                row[f"{metric}_after"] = stage.value("after", metric)
                row[f"{metric}_change"] = stage.change(metric)
            rows.append(row)
        return rows

    @property
    def changed(self) -> bool:
        """Anything moved between the two snapshots."""
        return bool(self.done_since or self.resolved_since or any(
            s.before is None or s.after is None or any(s.change(m) for m in METRICS) for s in self.stages))


def _metrics(stage: dict) -> dict:
    return {metric: stage.get(metric) for metric in METRICS}


def _items(data: dict, name: str) -> list[dict] | None:
    items = (data.get("backlog") or {}).get(name)
    return items if isinstance(items, list) else None


def compare(before: dict, after: dict) -> Comparison:
    """What changed from snapshot ``before`` to snapshot ``after`` (their metrics dicts)."""
    earlier = {s["uid"]: s for s in before.get("stages", [])}
    later = {s["uid"]: s for s in after.get("stages", [])}
    stages = []
    for uid, stage in later.items():  # the journey as it is now, then what was removed
        old = earlier.get(uid)
        stages.append(StageComparison(uid, stage.get("key"), stage.get("custom_name", ""), stage.get("name", ""),
                                      _metrics(old) if old else None, _metrics(stage)))
    for uid, stage in earlier.items():
        if uid not in later:
            stages.append(StageComparison(uid, stage.get("key"), stage.get("custom_name", ""),
                                          stage.get("name", ""), _metrics(stage), None))
    counts = ("open", "done", "total")
    b_before, b_after = before.get("backlog") or {}, after.get("backlog") or {}
    comparison = Comparison(
        framework=after.get("framework") or before.get("framework") or "hourglass",
        stages=stages, checklist=(before.get("checklist"), after.get("checklist")),
        backlog={c: (b_before.get(c), b_after.get(c)) for c in counts},
    )
    for name, target in (("done_items", comparison.done_since), ("resolved_items", comparison.resolved_since)):
        old, new = _items(before, name), _items(after, name)
        if old is None or new is None:
            comparison.items_known = False
            continue
        seen = {item.get("uid") for item in old}
        target.extend(item for item in new if item.get("uid") not in seen)
    return comparison


def snapshot_data(snapshot: Snapshot) -> dict:
    """A stored snapshot's metrics dict ({} when unreadable)."""
    try:
        data = json.loads(snapshot.data)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def compare_snapshots(before: Snapshot, after: Snapshot) -> Comparison:
    return compare(snapshot_data(before), snapshot_data(after))


class UnknownSnapshot(LookupError):
    """A reference to no snapshot, or to more than one; ``message`` says which exist."""

    def __init__(self, ref: str, snapshots: list[Snapshot], *, ambiguous: bool = False):
        self.ref = ref
        self.ambiguous = ambiguous
        listed = ", ".join(f"{s.id}" + (f" ({s.label})" if s.label else "") for s in snapshots) or "none"
        if ambiguous:
            text = f"more than one snapshot is labelled {ref!r}; name it by its id: {listed}"
        else:
            text = f"no snapshot {ref!r}; this workspace has: {listed}"
        super().__init__(text)


def find_snapshot(snapshots: list[Snapshot], ref: str) -> Snapshot:
    """The snapshot whose id is ``ref``, else whose label is ``ref`` (case and accents ignored)."""
    ref = str(ref).strip()
    if ref.isdigit():
        for snapshot in snapshots:
            if snapshot.id == int(ref):
                return snapshot
    labelled = [s for s in snapshots if s.label and fold(s.label) == fold(ref)]
    if len(labelled) == 1:
        return labelled[0]
    raise UnknownSnapshot(ref, snapshots, ambiguous=len(labelled) > 1)


# -- as people read it ----------------------------------------------------------
UNKNOWN = "–"


def _decimal(text: str, lang: str) -> str:
    return text.replace(".", ",") if normalise_lang(lang) == "es" else text


def format_value(metric: str, value, lang: str) -> str:
    """A metric's value: health 0–100, coverage a count, emotion ±1 decimal, checklist a percent."""
    if value is None:
        return UNKNOWN
    if metric == "checklist":
        return f"{round(value * 100)}" + ("\u00a0%" if normalise_lang(lang) == "es" else "%")
    if metric == "mean_emotion":
        return _decimal(f"{value:+.1f}", lang)
    return f"{round(value)}"


def format_change(metric: str, change, lang: str) -> str:
    """A change: signed, ``±0`` when nothing moved; a checklist change in percentage points."""
    if change is None:
        return UNKNOWN
    if metric == "checklist":
        points = round(change * 100)
        return t("compare.points", lang, n=f"{points:+d}") if points else "±0"
    if metric == "mean_emotion":
        return _decimal(f"{change:+.1f}", lang) if round(change, 1) else "±0"
    return f"{round(change):+d}" if round(change) else "±0"


def format_cell(stage: StageComparison, metric: str, lang: str) -> str:
    """``before → after (change)`` for one stage and metric."""
    before = format_value(metric, stage.value("before", metric), lang)
    after = format_value(metric, stage.value("after", metric), lang)
    change = stage.change(metric)
    return f"{before} → {after}" + (f" ({format_change(metric, change, lang)})" if change is not None else "")
