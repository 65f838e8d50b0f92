"""Ways to fill a stage without facing an empty table.

Three small plans for the Touchpoints page, each pure data that
``Store.add_touchpoints`` writes in one transaction:

* ``remaining`` — the checklist library's suggested touchpoints for a stage
  that the workspace has not accepted yet (no touchpoint carries the
  suggestion's key, and the stage has no touchpoint of the same name in
  either language, accents and case ignored);
* ``from_suggestion`` — the touchpoint an accepted suggestion becomes, in the
  workspace's language, with the pack's typical importance pre-filled;
* ``plan_add_all`` — every suggestion still offered for a stage, at once;
* ``plan_quick_capture`` — one touchpoint per line of pasted or typed text.

The inventory template is written by ``audit.inventory_files``.

Suggested or confirmed importance: the store keeps only the value. A
touchpoint's importance *is a suggestion* while the touchpoint comes from a
pack entry (``Touchpoint.suggestion`` = the entry's key) that has a typical
importance and the stored importance still equals it
(``suggested_importance``). Choosing another value makes it the user's; no
extra column, so the quick scan, an import and a workspace file agree
without knowing about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .checklists import Library, SuggestedTouchpoint
from .model import Touchpoint, fold


def accepted_keys(touchpoints: Iterable[Touchpoint]) -> set[str]:
    """Suggestion keys the workspace already holds, in any stage."""
    return {tp.suggestion for tp in touchpoints if tp.suggestion}


@dataclass(frozen=True)
class Taken:
    """What a workspace's touchpoints already hold: suggestion keys (any
    stage) and, per stage, the names folded (``fold``). Worked out once for
    all stages; a page keeps it until the workspace changes."""

    keys: frozenset[str]
    names: dict[int, frozenset[str]]

    @classmethod
    def of(cls, touchpoints: Iterable[Touchpoint]) -> "Taken":
        names: dict[int, set[str]] = {}
        for tp in touchpoints:
            names.setdefault(tp.stage_id, set()).add(fold(tp.name))
        return cls(frozenset(accepted_keys(touchpoints)), {k: frozenset(v) for k, v in names.items()})


def remaining(suggested: Sequence[SuggestedTouchpoint], touchpoints: Iterable[Touchpoint] | Taken, *,
              stage_id: int) -> list[SuggestedTouchpoint]:
    """The suggestions still worth offering in stage ``stage_id``, in pack order.

    ``touchpoints`` are all the workspace's (or their ``Taken``): a suggestion
    accepted in another stage (then moved, or offered there by another
    framework) is not offered twice; a name is compared only within the stage.
    """
    taken = touchpoints if isinstance(touchpoints, Taken) else Taken.of(list(touchpoints))
    names_here = taken.names.get(stage_id, frozenset())
    return [s for s in suggested
            if s.key not in taken.keys
            and fold(s.name.en) not in names_here
            and fold(s.name.es) not in names_here]


def from_suggestion(suggestion: SuggestedTouchpoint, *, stage_id: int, lang: str) -> dict:
    """The row ``Store.add_touchpoints`` writes when a suggestion is accepted:
    the pack's typical importance is pre-filled (a suggestion until changed)."""
    row = {
        "stage_id": stage_id,
        "name": suggestion.name(lang),
        "channel": suggestion.channel,
        "owner": suggestion.owner(lang),
        "kpi": suggestion.kpi(lang),
        "suggestion": suggestion.key,
    }
    if suggestion.importance is not None:
        row["importance"] = suggestion.importance
    return row


def plan_add_all(suggested: Sequence[SuggestedTouchpoint], touchpoints: Iterable[Touchpoint], *,
                 stage_id: int, lang: str) -> list[dict]:
    """The rows "Add all suggestions for this stage" writes, in pack order:
    the ones still offered (``remaining``), so a second click adds nothing."""
    return [from_suggestion(s, stage_id=stage_id, lang=lang)
            for s in remaining(suggested, touchpoints, stage_id=stage_id)]


def pack_entry(tp: Touchpoint, library: Library | None) -> SuggestedTouchpoint | None:
    """The pack entry a touchpoint was accepted from (its ``suggestion`` key,
    ``pack:stage:id``), in whichever pack it names; None for the user's own."""
    if not tp.suggestion or library is None:
        return None
    pack = library.packs.get(tp.suggestion.partition(":")[0])
    return pack.touchpoint(tp.suggestion) if pack else None


def suggested_importance(tp: Touchpoint, library: Library | None) -> int | None:
    """The pack's typical importance while the touchpoint still holds it
    unchanged (a suggestion), else None (the user's, or none)."""
    entry = pack_entry(tp, library)
    if entry is None or entry.importance is None or tp.importance != entry.importance:
        return None
    return entry.importance


#: A list marker a line may start with when pasted from notes: "- ", "* ",
#: "• ", "1. ", "2) ". Only when followed by a space, so "3D tour" stays.
_MARKER = re.compile(r"^(?:[-*•·–—]+|\d{1,3}[.)])\s+")


def capture_lines(text: str | None) -> list[str]:
    """The non-blank lines of ``text``, trimmed, list markers removed."""
    lines = []
    for line in (text or "").splitlines():
        line = _MARKER.sub("", line.strip(), count=1).strip()
        if line:
            lines.append(line)
    return lines


@dataclass
class QuickCapture:
    """What a quick capture would add, and the lines it leaves out."""

    rows: list[dict] = field(default_factory=list)
    #: Lines not added: already a touchpoint of the stage, or repeated.
    skipped: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows


def plan_quick_capture(text: str | None, *, stage_id: int, existing: Iterable[str] = ()) -> QuickCapture:
    """One touchpoint per line for stage ``stage_id``.

    Blank lines are skipped and whitespace trimmed; a line naming a
    touchpoint the stage already has (``existing``) or repeating an earlier
    line is skipped, accents and case ignored.
    """
    seen = {fold(name) for name in existing}
    plan = QuickCapture()
    for line in capture_lines(text):
        key = fold(line)
        if key in seen:
            plan.skipped.append(line)
            continue
        seen.add(key)
        plan.rows.append({"stage_id": stage_id, "name": line})
    return plan
