"""Backlog generation and ranking (DESIGN.md, "Backlog generation").

Generation is a pure plan: ``plan(data, library, existing)`` returns what to
insert and what to update; ``Store.apply_backlog_plan`` writes it in one
transaction. It is deterministic and idempotent (planning again after
applying gives an empty plan), never overwrites a field the user edited, and
never deletes: an item whose cause is gone is marked resolved-by-audit.

Rules, each with a stable source key:
1. ``touchpoint:<uid>`` — a touchpoint in *Concentrate here*;
2. ``coverage:<stage uid>`` — a stage with no touchpoints;
3. ``checklist:<pack>:<question>`` — a checklist answer *no* or *partly*;
4. ``pain:<uid>`` — emotion ≤ −1, unless rule 1 already covers the touchpoint.

Ranking is by ICE = impact × confidence × ease. Touchpoint items default to
impact = gap // 2, confidence 8, ease 5, so that untouched they rank by gap
descending; ties go to higher importance, then journey order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import scoring
from .checklists import Library
from .i18n import catalog, normalise_lang
from .model import BacklogItem, Stage, WorkspaceData

#: Fields generation computes; a user's edit of an editable one wins.
COMPUTED = (
    "source", "title", "detail", "stage_uid", "touchpoint_uid", "impact",
    "confidence", "ease", "kpi", "gap", "importance", "journey_order",
)
SOURCE_ORDER = {"touchpoint": 0, "pain": 1, "coverage": 2, "checklist": 3, "manual": 4}
TOUCHPOINT_CONFIDENCE = 8
TOUCHPOINT_EASE = 5
COVERAGE_ICE = (7, 6, 6)
PAIN_IMPACT = {-2: 6, -1: 4}
PAIN_CONFIDENCE, PAIN_EASE = 6, 5
CHECKLIST_CONFIDENCE = {"no": 7, "partly": 5}
MAX_SUGGESTIONS = 4


def touchpoint_defaults(gap: int) -> tuple[int, int, int]:
    """Impact, confidence, ease for a *Concentrate here* item of this gap."""
    return max(1, min(10, gap // 2)), TOUCHPOINT_CONFIDENCE, TOUCHPOINT_EASE


@dataclass
class BacklogPlan:
    inserts: list[dict] = field(default_factory=list)
    updates: dict[int, dict] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.inserts and not any(self.updates.values())


def compute_items(data: WorkspaceData, library: Library | None = None) -> list[dict]:
    """Every item the audit implies now, as dicts of computed fields."""
    ws = data.workspace
    lang, framework = normalise_lang(ws.lang), ws.framework
    text = catalog(lang)  # looked up once: this runs over thousands of touchpoints

    def t(key: str, **values) -> str:
        return text[key].format(**values) if values else text[key]

    stages = {s.id: s for s in data.stages}
    order = {s.id: i for i, s in enumerate(data.stages)}
    names = {s.id: s.display_name(framework, lang) for s in data.stages}
    pack = library.pack(ws.industry) if library else None

    def stage_name(stage: Stage | None) -> str:
        return names[stage.id] if stage else t("backlog.gen.no_stage")

    items: list[dict] = []
    covered: set[str] = set()
    counts: dict[int, int] = {s.id: 0 for s in data.stages}
    for tp in data.touchpoints:
        counts[tp.stage_id] = counts.get(tp.stage_id, 0) + 1
        stage = stages.get(tp.stage_id)
        journey = order.get(tp.stage_id, 0) * 100_000 + tp.position
        if scoring.quadrant(tp.importance, tp.performance) == scoring.CONCENTRATE:
            gap = scoring.gap(tp.importance, tp.performance)
            impact, confidence, ease = touchpoint_defaults(gap)
            detail = t("backlog.gen.touchpoint_detail", importance=tp.importance,
                       performance=tp.performance, gap=gap)
            if tp.pain_points:
                detail += " " + t("backlog.gen.pain_points", text=tp.pain_points)
            covered.add(tp.uid)
            items.append({
                "source": "touchpoint", "source_key": f"touchpoint:{tp.uid}",
                "title": t("backlog.gen.touchpoint_title", name=tp.name, stage=stage_name(stage)),
                "detail": detail, "stage_uid": stage.uid if stage else None,
                "touchpoint_uid": tp.uid, "impact": impact, "confidence": confidence,
                "ease": ease, "kpi": tp.kpi, "gap": gap, "importance": tp.importance,
                "journey_order": journey,
            })
    for tp in data.touchpoints:
        if tp.uid in covered or tp.emotion is None or tp.emotion > -1:
            continue
        stage = stages.get(tp.stage_id)
        detail = t("backlog.gen.pain_detail", emotion=t(f"emotion.{tp.emotion}"))
        if tp.pain_points:
            detail += " " + t("backlog.gen.pain_points", text=tp.pain_points)
        items.append({
            "source": "pain", "source_key": f"pain:{tp.uid}",
            "title": t("backlog.gen.pain_title", name=tp.name, stage=stage_name(stage)),
            "detail": detail, "stage_uid": stage.uid if stage else None,
            "touchpoint_uid": tp.uid, "impact": PAIN_IMPACT[max(-2, tp.emotion)],
            "confidence": PAIN_CONFIDENCE, "ease": PAIN_EASE, "kpi": tp.kpi,
            "gap": scoring.gap(tp.importance, tp.performance), "importance": tp.importance,
            "journey_order": order.get(tp.stage_id, 0) * 100_000 + tp.position,
        })
    for stage in data.stages:
        if counts.get(stage.id):
            continue
        detail = t("backlog.gen.coverage_detail")
        if pack:
            ideas = [s.name(lang) for s in pack.touchpoints_for(framework, stage.key)[:MAX_SUGGESTIONS]]
            if ideas:
                detail += " " + t("backlog.gen.coverage_suggestions", items="; ".join(ideas))
        impact, confidence, ease = COVERAGE_ICE
        items.append({
            "source": "coverage", "source_key": f"coverage:{stage.uid}",
            "title": t("backlog.gen.coverage_title", stage=stage_name(stage)),
            "detail": detail, "stage_uid": stage.uid, "touchpoint_uid": None,
            "impact": impact, "confidence": confidence, "ease": ease, "kpi": "",
            "gap": None, "importance": None, "journey_order": order[stage.id] * 100_000,
        })
    if library:
        by_key = {s.key: s for s in data.stages if s.key}
        for key in sorted(data.answers):
            answer = data.answers[key]
            if answer not in CHECKLIST_CONFIDENCE:
                continue
            question = library.question(key)
            if question is None or pack is None or not key.startswith(pack.id + ":"):
                continue  # an answer to another industry's pack: not shown, so not acted on
            stage = by_key.get(question.place.stage_in(framework))
            if stage is None:
                continue  # its stage was removed from this journey
            items.append({
                "source": "checklist", "source_key": f"checklist:{key}",
                "title": question.action(lang),
                "detail": t("backlog.gen.checklist_detail", stage=stage_name(stage),
                            question=question.text(lang), answer=t(f"answer.{answer}"),
                            why=question.why(lang)),
                "stage_uid": stage.uid, "touchpoint_uid": None,
                "impact": question.impact, "confidence": CHECKLIST_CONFIDENCE[answer],
                "ease": question.ease, "kpi": "", "gap": None, "importance": None,
                "journey_order": order[stage.id] * 100_000 + 99_999,
            })
    return items


def plan(data: WorkspaceData, library: Library | None, existing: list[BacklogItem]) -> BacklogPlan:
    """What regeneration would write: new items, and changes to existing ones."""
    result = BacklogPlan()
    current = {item.source_key: item for item in existing}
    computed = compute_items(data, library)
    wanted = set()
    for values in computed:
        key = values["source_key"]
        wanted.add(key)
        item = current.get(key)
        if item is None:
            result.inserts.append({**values, "status": "todo", "resolved_by_audit": 0})
            continue
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
    return (
        item.resolved_by_audit,
        -item.ice,
        -(item.gap if item.gap is not None else -1),
        -(item.importance or 0),
        item.journey_order,
        SOURCE_ORDER.get(item.source, 9),
        item.id,
    )


def ranked(items: list[BacklogItem]) -> list[BacklogItem]:
    """Open items by ICE (then gap, importance, journey order); resolved last."""
    return sorted(items, key=rank_key)


def regenerate(store, workspace_id: int, library: Library | None) -> BacklogPlan:
    """Plan and apply in one go; returns the plan that was applied."""
    with store.write():
        data = store.workspace_data(workspace_id)
        result = plan(data, library, store.backlog_items(workspace_id))
        store.apply_backlog_plan(workspace_id, result)
    return result
