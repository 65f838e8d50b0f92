"""The quick scan (DESIGN.md, ``/quick``): a first backlog in ten minutes.

Name and industry, then one answer per key moment of truth of the
industry's pack ("how well do you do this today?"). What it writes is an
ordinary workspace, so the full audit continues from it:

* ``start`` — the workspace (name, industry, the interface language, the
  default journey) with the pack's persona template filled in, in one
  transaction. An empty name, or a name another workspace already has (case
  and accents ignored), is refused with ``InvalidValue``.
* ``plan`` — what a set of answers writes, as plain data (``ScanPlan``): one
  touchpoint per answered moment, linked to its pack entry (``suggestion`` =
  the pack key), with name, channel, owner and KPI from the pack in the
  workspace's language, the pack's typical importance, the answer as
  performance, and flagged as a moment of truth. ``apply`` writes a plan in
  one transaction; ``answer`` plans and applies one click.
* ``answers`` reads the answers back from the touchpoints, so re-opening the
  scan shows what was said (also after a refresh, or from another session).

Answers: ``"1"`` … ``"5"`` (very badly … very well) are the performance.
``"missing"`` ("we don't have this") writes performance 1 and the note
``quick.not_in_place`` ("Not in place yet"): the moment is as bad as it can
be, so it ranks high in the backlog with the pack's improve action, and the
note tells the full audit why. ``None`` (an answer taken back) clears the
performance and that note; the touchpoint stays (it may hold the user's
other edits). A touchpoint already in the workspace (a full audit, an
earlier scan) is updated, never duplicated, and its importance and other
fields are left as the user set them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from . import backlog
from .checklists import Library, Pack, SuggestedTouchpoint
from .i18n import LANGS, normalise_lang, t
from .model import BacklogItem, InvalidValue, Stage, Touchpoint, Workspace, WorkspaceData, clean_text
from .suggestions import from_suggestion

LEVELS = ("1", "2", "3", "4", "5")
MISSING = "missing"
ANSWERS = LEVELS + (MISSING,)
#: Importance written when a pack entry gives none (a key moment matters).
DEFAULT_IMPORTANCE = 4
TOP = 5


def not_in_place_notes() -> set[str]:
    """The note "we don't have this" writes, in every language."""
    return {t("quick.not_in_place", lang) for lang in LANGS}


# -- step 1: the workspace ------------------------------------------------------
def check_name(name: str) -> str:
    """The cleaned name, or ``InvalidValue`` when empty (a taken name is the store's to refuse)."""
    clean = clean_text("name", name)
    if not clean:
        raise InvalidValue(column="name", value="", rule="non_empty")
    return clean


def start(store, library: Library, *, name: str, industry: str, lang: str) -> Workspace:
    """Create the scan's workspace: default journey, persona template filled."""
    lang = normalise_lang(lang)
    if industry not in library.packs:
        raise InvalidValue(column="industry", value=industry, allowed=", ".join(sorted(library.packs)))
    pack = library.packs[industry]
    return store.create_workspace(check_name(name), industry=industry, lang=lang,
                                  persona=pack.persona_template(lang))


# -- step 2: the moments --------------------------------------------------------
@dataclass(frozen=True)
class Moment:
    """One question of the scan: a pack moment and where it goes in this journey."""

    entry: SuggestedTouchpoint
    stage: Stage

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def importance(self) -> int:
        return self.entry.importance or DEFAULT_IMPORTANCE


def moments(pack: Pack | None, stages: list[Stage], framework: str) -> list[Moment]:
    """The pack's key moments that have a stage in this journey, in journey order."""
    if pack is None:
        return []
    by_key = {s.key: s for s in stages if s.key}
    position = {s.id: i for i, s in enumerate(stages)}
    found = [Moment(e, by_key[e.place.stage_in(framework)]) for e in pack.moments()
             if e.place.stage_in(framework) in by_key]
    return sorted(found, key=lambda m: position[m.stage.id])  # stable: pack order within a stage


def _linked(touchpoints: Iterable[Touchpoint]) -> dict[str, Touchpoint]:
    """The first touchpoint carrying each suggestion key."""
    out: dict[str, Touchpoint] = {}
    for tp in touchpoints:
        if tp.suggestion and tp.suggestion not in out:
            out[tp.suggestion] = tp
    return out


def answer_of(tp: Touchpoint | None) -> str | None:
    if tp is None or tp.performance is None:
        return None
    if tp.performance == 1 and tp.notes in not_in_place_notes():
        return MISSING
    return str(tp.performance)


def answers(touchpoints: Iterable[Touchpoint], asked: Iterable[Moment]) -> dict[str, str | None]:
    """Each moment's answer as the workspace holds it (``None``: not answered)."""
    linked = _linked(touchpoints)
    return {m.key: answer_of(linked.get(m.key)) for m in asked}


@dataclass
class ScanPlan:
    inserts: list[dict] = field(default_factory=list)
    updates: dict[int, dict] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.inserts and not any(self.updates.values())


def plan(data: WorkspaceData, pack: Pack | None, given: Mapping[str, str | None]) -> ScanPlan:
    """What the answers ``given`` (moment key → answer) write to the workspace."""
    lang = normalise_lang(data.workspace.lang)
    asked = {m.key: m for m in moments(pack, data.stages, data.workspace.framework)}
    linked = _linked(data.touchpoints)
    markers = not_in_place_notes()
    marker = t("quick.not_in_place", lang)
    result = ScanPlan()
    for key, given_answer in given.items():
        if given_answer is not None and given_answer not in ANSWERS:
            raise InvalidValue(column="performance", value=given_answer, allowed=", ".join(ANSWERS))
        moment = asked.get(key)
        if moment is None:
            raise InvalidValue(column="touchpoint", value=key, allowed=", ".join(asked))
        missing = given_answer == MISSING
        performance = None if given_answer is None else (1 if missing else int(given_answer))
        tp = linked.get(key)
        if tp is None:
            if given_answer is None:
                continue
            result.inserts.append({
                **from_suggestion(moment.entry, stage_id=moment.stage.id, lang=lang),
                "importance": moment.importance, "performance": performance,
                "moment_of_truth": 1, "notes": marker if missing else "",
            })
            continue
        change: dict = {}
        if tp.performance != performance:
            change["performance"] = performance
        if performance is not None and tp.importance is None:
            change["importance"] = moment.importance
        if missing and not tp.notes.strip():
            change["notes"] = marker
        elif not missing and tp.notes in markers:
            change["notes"] = ""
        if change:
            result.updates[tp.id] = change
    return result


def apply(store, workspace_id: int, scan: ScanPlan) -> None:
    """Write a plan: every touchpoint or none."""
    if scan.empty:
        return
    with store.transaction():
        if scan.updates:
            store.update_touchpoints(workspace_id, {k: v for k, v in scan.updates.items() if v})
        if scan.inserts:
            store.add_touchpoints(workspace_id, scan.inserts)


def answer(store, workspace_id: int, library: Library, key: str, given: str | None) -> ScanPlan:
    """One click: read, plan and write in one transaction; returns the plan."""
    with store.transaction():
        data = store.workspace_data(workspace_id)
        scan = plan(data, library.pack(data.workspace.industry), {key: given})
        apply(store, workspace_id, scan)
    return scan


# -- step 3: the plan -----------------------------------------------------------
def build(store, workspace_id: int, library: Library) -> list[BacklogItem]:
    """Bring the backlog in step with the answers; its open items, ranked."""
    sync = getattr(backlog, "sync", None) or backlog.regenerate
    sync(store, workspace_id, library)
    return [i for i in backlog.ranked(store.backlog_items(workspace_id)) if not i.resolved_by_audit]
