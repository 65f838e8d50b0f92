"""Backlog generation and ranking (DESIGN.md, "Backlog generation").

Generation is a pure plan: ``plan(data, library, existing)`` returns what to
insert and what to update; ``Store.apply_backlog_plan`` writes it in one
transaction. It is deterministic and idempotent (planning again after
applying gives an empty plan), never overwrites a field the user edited, and
never deletes: an item whose cause is gone is marked resolved-by-audit.

One item per cause, each with a stable source key:

1. ``touchpoint:<uid>`` — a touchpoint in *Concentrate here*, or flagged a
   moment of truth by the user with performance ≤ 3;
2. ``pain:<uid>`` — emotion ≤ −1, the touchpoint not covered by rule 1;
3. ``coverage:<stage uid>`` — a stage with no touchpoints;
4. ``checklist:<pack>:<question>`` — an answer *no* or *partly*. When the
   question is ``about`` a touchpoint that has an open item (rules 1, 2), the
   answer is merged into that item (its action becomes the title, the answer
   evidence in the detail) instead. Answers about the same touchpoint that
   has no such item are merged into one checklist item. So the backlog never
   holds two open items about one touchpoint, and no answer is lost: when the
   touchpoint's item goes, the checklist item comes back;
5. ``strength:<uid>`` — importance ≥ 4, performance ≥ 4 and positives
   recorded: amplify it. Ranked below every fix.

Ranking (ICE = impact × confidence × ease). Defaults, for items never edited:
touchpoint and pain items, the owner's own measurements, get impact
``1 + 0.4·gap + 0.1·max(0, −emotion)`` (one decimal), confidence 9 and ease
8, so they order by gap, then emotion; checklist items (generic best
practice, unmeasured) keep the pack's impact and ease with confidence 3
(*no*) or 2 (*partly*): ICE ≤ 300, below every touchpoint item with gap ≥ 15,
or gap ≥ 10 and a negative feeling (≥ 367). Ties: gap, emotion, importance,
journey order.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from operator import itemgetter

from . import scoring
from .checklists import Library, Question, SuggestedTouchpoint
from .i18n import catalog, normalise_lang
from .matching import Matcher
from .model import OPEN_STATUSES, BacklogItem, Stage, Touchpoint, WorkspaceData

#: Fields generation computes; a user's edit of an editable one wins.
COMPUTED = (
    "source", "title", "detail", "stage_uid", "touchpoint_uid", "touchpoint", "impact",
    "confidence", "ease", "kpi", "owner", "audience", "gap", "emotion", "importance",
    "journey_order",
)
SOURCE_ORDER = {"touchpoint": 0, "pain": 1, "checklist": 2, "coverage": 3, "manual": 4, "strength": 5}
#: Touchpoint and pain items: the owner measured it.
MEASURED_CONFIDENCE = 9
MEASURED_EASE = 8
#: Checklist items: generic best practice, not measured in this business.
CHECKLIST_CONFIDENCE = {"no": 3, "partly": 2}
COVERAGE_ICE = (6, 5, 6)
STRENGTH_CONFIDENCE, STRENGTH_EASE = 9, 8
FIXES = ("touchpoint", "pain")  # the items a checklist answer merges into
MAX_SUGGESTIONS = 4
MAX_QUOTE = 90


def measured_impact(gap: int | None, emotion: int | None) -> float:
    """Impact of a touchpoint or pain item: the gap first, a bad feeling next."""
    return round(1 + 0.4 * (gap or 0) + 0.1 * max(0, -(emotion or 0)), 1)


def touchpoint_defaults(gap: int | None, emotion: int | None = None) -> tuple[float, int, int]:
    """Impact, confidence, ease of an untouched touchpoint or pain item."""
    return measured_impact(gap, emotion), MEASURED_CONFIDENCE, MEASURED_EASE


def strength_impact(tp: Touchpoint) -> int:
    """Importance, plus the good feeling (+1, +2): 4..7."""
    return (tp.importance or 0) + max(0, tp.emotion or 0)


def needs_fix(tp: Touchpoint) -> bool:
    """Rule 1: *Concentrate here*, or flagged a moment of truth and performing ≤ 3."""
    if scoring.quadrant(tp.importance, tp.performance) == scoring.CONCENTRATE:
        return True
    return tp.moment_of_truth == 1 and tp.performance is not None and tp.performance <= 3


def is_strength(tp: Touchpoint) -> bool:
    """Rule 5: important, performing well, and a positive written down."""
    return (tp.importance is not None and tp.importance >= 4 and tp.performance is not None
            and tp.performance >= 4 and bool((tp.positives or "").strip()))


def first_quote(text: str, limit: int = MAX_QUOTE) -> str:
    """The first line (or sentence list entry) of a text, shortened for a title."""
    for line in (text or "").replace(";", "\n").splitlines():
        line = line.strip(" -•*\t")
        if line:
            return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"
    return ""


@dataclass
class BacklogPlan:
    inserts: list[dict] = field(default_factory=list)
    updates: dict[int, dict] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.inserts and not any(self.updates.values())


#: The fields of an item the audit implies, in the order ``_rows`` gives them.
ROW = ("source", "source_key", "title", "detail", "stage_uid", "touchpoint_uid", "touchpoint", "kpi", "owner",
       "audience", "impact", "confidence", "ease", "gap", "emotion", "importance", "journey_order")


def compute_items(data: WorkspaceData, library: Library | None = None) -> list[dict]:
    """Every item the audit implies now, as dicts of computed fields."""
    return [dict(zip(ROW, row)) for row in _rows(data, library)]


def _rows(data: WorkspaceData, library: Library | None = None) -> list[tuple]:
    """``compute_items`` as tuples of ``ROW``: ``plan`` compares most of them
    with what is stored and needs no dict for those.

    It runs over every touchpoint on each regeneration check (issue 11:
    10,000 touchpoints in well under 50 ms), so texts drawn from few values
    (scores, feelings, a stage's goal, a repeated pain) are formatted once per
    call, and the per-touchpoint loop reads plain locals.
    """
    ws = data.workspace
    lang, framework = normalise_lang(ws.lang), ws.framework
    text = catalog(lang)  # looked up once: this runs over thousands of touchpoints

    def t(key: str, **values) -> str:
        return text[key].format(**values) if values else text[key]

    memo: dict = {}

    def small(key: str, *args) -> str:
        """A text from few possible values (scores, feelings): formatted once."""
        found = memo.get((key, args))
        if found is None:
            if key == "scores":
                found = t("backlog.gen.scores", importance=args[0], performance=args[1], gap=args[2])
            elif key == "performance_only":
                found = t("backlog.gen.performance_only", performance=args[0])
            else:  # feeling
                found = t("backlog.gen.pain_detail", emotion=t(f"emotion.{max(-2, args[0])}"))
            memo[(key, args)] = found
        return found

    quotes: dict[str, str] = {}

    def quote(value: str) -> str:
        """``first_quote``, once per distinct text (pains repeat across touchpoints)."""
        found = quotes.get(value)
        if found is None:
            found = quotes[value] = first_quote(value)
        return found

    stages = {s.id: s for s in data.stages}
    order = {s.id: i for i, s in enumerate(data.stages)}
    names = {s.id: s.display_name(framework, lang) for s in data.stages}
    pack = library.pack(ws.industry) if library else None
    matcher = Matcher(pack, framework)
    primary = next((p for p in data.personas if p.is_primary), data.personas[0] if data.personas else None)
    audience = (primary.name or "").strip() if primary else ""

    def stage_name(stage: Stage | None) -> str:
        return names[stage.id] if stage else t("backlog.gen.no_stage")

    def journey(tp: Touchpoint) -> int:
        return order.get(tp.stage_id, 0) * 100_000 + tp.position

    # -- one pass: which pack entry each touchpoint is, and which item it gets --
    # rules 1, 2, 5 per touchpoint: touchpoint, pain or strength
    entry_of: dict[str, SuggestedTouchpoint | None] = {}
    by_entry: dict[str, list[Touchpoint]] = {}
    kind: dict[str, str] = {}
    stage_keys = {s.id: s.key for s in data.stages}
    touchpoints = data.touchpoints
    for tp, entry in zip(touchpoints, matcher.match_each(touchpoints, stage_keys)):
        uid = tp.uid
        entry_of[uid] = entry
        if entry is not None:
            by_entry.setdefault(entry.id, []).append(tp)
        performance = tp.performance
        if performance is not None and performance <= 3 and (
                (tp.importance is not None and tp.importance >= 4) or tp.moment_of_truth == 1):
            kind[uid] = "touchpoint"  # needs_fix, inlined: Concentrate here, or a flagged moment
        elif tp.emotion is not None and tp.emotion <= -1:
            kind[uid] = "pain"
        elif (performance is not None and performance >= 4 and tp.importance is not None
              and tp.importance >= 4 and bool((tp.positives or "").strip())):
            kind[uid] = "strength"
    covered = {tp.stage_id for tp in touchpoints}  # stages with at least one touchpoint
    flagged = [tp for tp in touchpoints if tp.uid in kind]

    answered: list[tuple[Question, str]] = []  # no/partly answers of this workspace's pack
    if library and pack is not None:
        by_key = {q.key: q for q in pack.questions}
        for key in sorted(data.answers):
            answer = data.answers[key]
            question = by_key.get(key)
            if answer in CHECKLIST_CONFIDENCE and question is not None:
                answered.append((question, answer))

    def about_touchpoints(question: Question) -> list[Touchpoint]:
        """The workspace touchpoints a question is about, in journey order."""
        found = [tp for ref in question.about for tp in by_entry.get(ref, ())]
        return sorted({tp.uid: tp for tp in found}.values(), key=journey)

    # -- rule 4: where each answer goes ---------------------------------------
    merged: dict[str, list[tuple[Question, str]]] = {}  # touchpoint uid -> answers merged into its fix
    groups: dict[str, list[tuple[Question, str]]] = {}  # leader key -> answers of one checklist item
    attached: dict[str, Touchpoint | None] = {}  # leader key -> its touchpoint
    for question, answer in answered:
        about = about_touchpoints(question)
        fixed = [tp for tp in about if kind.get(tp.uid) in FIXES]
        if fixed:
            merged.setdefault(fixed[0].uid, []).append((question, answer))
            continue
        target = about[0] if about else None
        group = f"tp:{target.uid}" if target is not None else f"q:{question.key}"
        groups.setdefault(group, []).append((question, answer))
        attached[group] = target

    def strongest(answers: list[tuple[Question, str]]) -> tuple[Question, str]:
        """The answer whose action leads: a *no* before a *partly*, then impact × ease."""
        return max(answers, key=lambda qa: (qa[1] == "no", qa[0].impact * qa[0].ease * CHECKLIST_CONFIDENCE[qa[1]]))

    def answer_line(question: Question, answer: str) -> str:
        return t("backlog.gen.merged_answer", question=question.text(lang), answer=t(f"answer.{answer}"))

    def owner_of(tp: Touchpoint | None, entry: SuggestedTouchpoint | None) -> str:
        if tp is not None and (tp.owner or "").strip():
            return tp.owner.strip()
        return entry.owner(lang) if entry is not None else ""

    def kpi_of(tp: Touchpoint | None, entry: SuggestedTouchpoint | None) -> str:
        if tp is not None and (tp.kpi or "").strip():
            return tp.kpi.strip()
        return entry.kpi(lang) if entry is not None else ""

    goals = {s.id: quote(s.goal) for s in data.stages}
    measures: dict[str, str] = {}
    action_pain, action_goal, action_ask = (
        text["backlog.gen.action_pain"], text["backlog.gen.action_goal"], text["backlog.gen.action_ask"])

    def action_from(name: str, pain_points: str, stage: Stage | None, kpi: str) -> str:
        pain = quote(pain_points)
        if pain:
            action = action_pain.format(name=name, pain=pain)
        else:
            goal = goals.get(stage.id, "") if stage is not None else ""
            action = action_goal.format(name=name, goal=goal) if goal else action_ask.format(name=name)
        kpi = kpi.strip() if kpi else ""
        if not kpi:
            return action
        measure = measures.get(kpi)
        if measure is None:
            measure = measures[kpi] = t("backlog.gen.measure", kpi=kpi)
        return f"{action} {measure}"

    # Touchpoints with the same pain, stage and KPI share the action's words but
    # the name: each such text is formatted once, with a marker the name replaces.
    marker = "\x00name\x00"
    actions: dict = {}

    def written_action(tp: Touchpoint, stage: Stage | None) -> str:
        """An action from what the owner recorded, for a touchpoint no pack entry knows."""
        key = (tp.pain_points, stage.id if stage is not None else None, tp.kpi)
        shape = actions.get(key)
        if shape is None:
            texts = (tp.pain_points or "", tp.kpi or "", stage.goal or "" if stage is not None else "")
            shape = actions[key] = (False if any(marker in text for text in texts)  # never: words, not NULs
                                    else action_from(marker, tp.pain_points, stage, tp.kpi))
        if shape is False:
            return action_from(tp.name, tp.pain_points, stage, tp.kpi)
        return shape.replace(marker, tp.name)

    items: list[tuple] = []

    def common(tp: Touchpoint | None, stage: Stage | None, entry: SuggestedTouchpoint | None) -> tuple:
        """stage_uid, touchpoint_uid, touchpoint, kpi, owner, audience"""
        return (stage.uid if stage else None, tp.uid if tp else None, tp.name if tp else "",
                kpi_of(tp, entry), owner_of(tp, entry), audience)

    # -- touchpoint, pain and strength items ----------------------------------
    heads = {True: t("backlog.gen.why_moment"), False: t("backlog.gen.why_concentrate")}
    pain_texts: dict[str, str] = {}
    starts: dict = {}  # (moment, importance, performance, emotion) -> (first lines of the detail, ICE)
    details: dict = {}  # the same and the pains -> the detail, for an item no answer is merged into
    pain_template = text["backlog.gen.pain_points"]
    for tp in flagged:
        source = kind[tp.uid]
        stage = stages.get(tp.stage_id)
        entry = entry_of[tp.uid]
        importance, performance, emotion = tp.importance, tp.performance, tp.emotion
        gap = None if importance is None or performance is None else importance * (5 - performance)
        if source == "strength":
            if f"tp:{tp.uid}" in groups:
                continue  # a fix about it is open: that comes first
            detail = t("backlog.gen.strength_detail", importance=importance,
                       performance=performance, positives=tp.positives.strip())
            # the most important, best-loved strength first (a tier of its own)
            impact, confidence, ease = strength_impact(tp), STRENGTH_CONFIDENCE, STRENGTH_EASE
            items.append((
                "strength", f"strength:{tp.uid}", t("backlog.gen.strength_title", name=tp.name), detail,
                *common(tp, stage, entry), impact, confidence, ease, gap, emotion, importance, journey(tp),
            ))
            continue
        answers = merged.get(tp.uid)
        if answers:
            title = strongest(answers)[0].action(lang)
        else:
            best = entry.best_improvement() if entry is not None else None
            title = best.action(lang) if best is not None else written_action(tp, stage)
        # the start of the detail and the ICE defaults come from a few values: built once each
        moment = None
        if source == "touchpoint":
            mot = tp.moment_of_truth  # scoring.is_moment_of_truth, inlined
            moment = bool(mot) if mot is not None else importance is not None and importance >= 4
        shared = starts.get((moment, importance, performance, emotion))
        if shared is None:
            why = []
            if moment is not None:
                why.append(heads[moment])
            if gap is not None:
                why.append(small("scores", importance, performance, gap))
            elif performance is not None:
                why.append(small("performance_only", performance))
            if emotion is not None and emotion <= -1:
                why.append(small("feeling", emotion))
            shared = starts[(moment, importance, performance, emotion)] = (
                why, touchpoint_defaults(gap, emotion))
        why, ice = shared
        pains = tp.pain_points
        pains = pains.strip() if pains else ""
        detail = None if answers else details.get((moment, importance, performance, emotion, pains))
        if detail is None:
            why = why.copy()
            if pains:
                line = pain_texts.get(pains)
                if line is None:
                    line = pain_texts[pains] = pain_template.format(text=pains)
                why.append(line)
            if answers:
                why.extend(answer_line(q, a) for q, a in answers)
            detail = " ".join(why)
            if not answers:
                details[(moment, importance, performance, emotion, pains)] = detail
        owner = tp.owner
        owner = owner.strip() if owner and owner.strip() else (entry.owner(lang) if entry is not None else "")
        kpi = tp.kpi
        kpi = kpi.strip() if kpi and kpi.strip() else (entry.kpi(lang) if entry is not None else "")
        items.append((
            source, f"{source}:{tp.uid}", title, detail, stage.uid if stage else None, tp.uid, tp.name, kpi,
            owner, audience, *ice, gap, emotion, importance, order.get(tp.stage_id, 0) * 100_000 + tp.position,
        ))

    # -- coverage items --------------------------------------------------------
    for stage in data.stages:
        if stage.id in covered:
            continue
        detail = t("backlog.gen.coverage_detail")
        ideas = pack.touchpoints_for(framework, stage.key)[:MAX_SUGGESTIONS] if pack else []
        if ideas:
            detail += " " + t("backlog.gen.coverage_suggestions", items="; ".join(s.name(lang) for s in ideas))
        impact, confidence, ease = COVERAGE_ICE
        items.append((
            "coverage", f"coverage:{stage.uid}", t("backlog.gen.coverage_title", stage=stage_name(stage)),
            detail, *common(None, stage, None), impact, confidence, ease, None, None, None,
            order[stage.id] * 100_000,
        ))

    # -- checklist items (answers not merged into a touchpoint's fix) ----------
    by_stage_key = {s.key: s for s in data.stages if s.key}
    for group, answers in groups.items():
        question, answer = strongest(answers)
        tp = attached[group]
        stage = stages.get(tp.stage_id) if tp is not None else by_stage_key.get(question.place.stage_in(framework))
        if stage is None:
            continue  # its stage was removed from this journey
        entry = entry_of[tp.uid] if tp is not None else (
            pack.touchpoint(question.about[0]) if question.about else None)
        why = [t("backlog.gen.checklist_detail", stage=names[stage.id], question=question.text(lang),
                 answer=t(f"answer.{answer}"), why=question.why(lang))]
        why.extend(answer_line(q, a) for q, a in answers if q is not question)
        items.append((
            "checklist", f"checklist:{question.key}", question.action(lang), " ".join(why),
            *common(tp, stage, entry), question.impact, CHECKLIST_CONFIDENCE[answer], question.ease,
            None, None, None, journey(tp) if tp is not None else order[stage.id] * 100_000 + 99_999,
        ))
    return items


#: A stored item's ``ROW`` (from its ``vars()``: its fields, no properties)
_STORED_ROW = itemgetter(*ROW)


def plan(data: WorkspaceData, library: Library | None, existing: list[BacklogItem]) -> BacklogPlan:
    """What regeneration would write: new items, and changes to existing ones."""
    result = BacklogPlan()
    current = {item.source_key: item for item in existing}
    wanted = set()
    stored = _STORED_ROW
    for row in _rows(data, library):
        key = row[1]  # source_key
        wanted.add(key)
        item = current.get(key)
        if item is None:
            result.inserts.append({**dict(zip(ROW, row)), "status": "todo", "resolved_by_audit": 0})
            continue
        if not item.edited and stored(vars(item)) == row:  # the common case: nothing moved
            if item.resolved_by_audit:
                result.updates[item.id] = {"resolved_by_audit": 0}
            continue
        values = dict(zip(ROW, row))
        edited = item.edited_fields
        change = {
            name: values[name] for name in COMPUTED
            if name not in edited and getattr(item, name) != values[name]
        }
        if item.resolved_by_audit:
            change["resolved_by_audit"] = 0
        if change:
            result.updates[item.id] = change
    for item in existing:
        if item.source != "manual" and item.source_key not in wanted and not item.resolved_by_audit:
            result.updates[item.id] = {"resolved_by_audit": 1}
    return result


def rank_key(item: BacklogItem):
    """Resolved last; strengths after every fix; then ICE, gap, emotion,
    importance, journey order."""
    return (
        item.resolved_by_audit,
        item.source == "strength",
        -round(item.impact * item.confidence * item.ease, 6),
        -(item.gap or 0),  # an unscored touchpoint's gap counts 0
        item.emotion if item.emotion is not None else 0,
        -(item.importance or 0),
        item.journey_order,
        SOURCE_ORDER.get(item.source, 9),
        item.id,
    )


def ranked(items: list[BacklogItem]) -> list[BacklogItem]:
    """Open items best first (see ``rank_key``); resolved last."""
    return sorted(items, key=rank_key)


def top(items: list[BacklogItem], n: int) -> list[BacklogItem]:
    """The first ``n`` open items that are still to do or under way."""
    # the same as the first n of ``ranked`` kept to those, without sorting them all
    return heapq.nsmallest(n, (i for i in items if not i.resolved_by_audit and i.status in OPEN_STATUSES),
                           key=rank_key)


def short_title(title: str, limit: int = 70) -> str:
    """A title cut at a word boundary for a small list (Home)."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def audit_started(data: WorkspaceData) -> bool:
    """Has the user recorded anything the backlog is generated from?"""
    return bool(data.touchpoints or data.answers)


def should_regenerate(data: WorkspaceData, items) -> bool:
    """Regenerate once the audit has begun, or to keep generated items current.

    Before any touchpoint or checklist answer exists, every stage would be a
    coverage gap: seven items that only say "start the audit".
    """
    return audit_started(data) or any(i.source != "manual" for i in items)


def regenerate(store, workspace_id: int, library: Library | None) -> BacklogPlan:
    """Plan and apply in one go; returns the plan that was applied."""
    with store.transaction():
        data = store.workspace_data(workspace_id)
        result = plan(data, library, store.backlog_items(workspace_id))
        if not result.empty:
            store.apply_backlog_plan(workspace_id, result)
    return result


@dataclass
class Synced:
    data: WorkspaceData
    items: list[BacklogItem]
    plan: BacklogPlan


def sync(store, workspace_id: int, library: Library | None, *, data: WorkspaceData | None = None,
         items: list[BacklogItem] | None = None) -> Synced:
    """Bring the stored backlog in step with the audit, for a page about to show it.

    Reads and plans once; writes only when the plan is not empty (then it
    plans again inside the write lock, as another session may have just
    written the same items). Before the audit starts nothing is generated.
    ``data`` and ``items``: what the caller read in this run (issue 11: one
    read per run), else read here.
    """
    data = store.workspace_data(workspace_id) if data is None else data
    items = store.backlog_items(workspace_id) if items is None else items
    if not should_regenerate(data, items):
        return Synced(data, items, BacklogPlan())
    result = plan(data, library, items)
    if result.empty:
        return Synced(data, items, result)
    result = regenerate(store, workspace_id, library)
    return Synced(store.workspace_data(workspace_id), store.backlog_items(workspace_id), result)


def set_content_language(store, workspace_id: int, lang: str, library: Library | None) -> BacklogPlan:
    """Change a workspace's content language and rewrite, in it, every
    generated text the user has not edited (one transaction)."""
    with store.transaction():
        store.update_workspace(workspace_id, lang=normalise_lang(lang))
        return regenerate(store, workspace_id, library)
