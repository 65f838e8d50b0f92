"""Backlog generation rules 1–4, idempotence, edits kept, nothing deleted, ICE ranking."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import backlog
from audit.model import Stage, Touchpoint, Workspace, WorkspaceData


def data(touchpoints=(), answers=None, stages=("know", "like", "trust"), lang="en", industry="general"):
    ws = Workspace(id=1, slug="w", name="W", industry=industry, lang=lang)
    st_objs = [Stage(id=i, workspace_id=1, uid=f"s{i}", position=i, key=k) for i, k in enumerate(stages, 1)]
    tps = []
    for n, (stage_no, imp, perf, emo) in enumerate(touchpoints):
        tps.append(Touchpoint(id=n + 1, workspace_id=1, stage_id=stage_no, uid=f"t{n + 1}", position=n,
                              name=f"TP{n + 1}", importance=imp, performance=perf, emotion=emo))
    return WorkspaceData(workspace=ws, stages=st_objs, touchpoints=tps, answers=answers or {})


def sources(items):
    return sorted((i["source"], i["source_key"]) for i in items)


@pytest.mark.parametrize("touchpoints, expected", [
    # rule 1: concentrate here
    ([(1, 5, 2, None)], [("touchpoint", "touchpoint:t1")]),
    # keep up / low priority / overkill / unscored: nothing
    ([(1, 5, 5, None)], []), ([(1, 2, 2, None)], []), ([(1, 2, 5, None)], []), ([(1, None, None, None)], []),
    # rule 4: emotion <= -1 not already covered
    ([(1, 2, 2, -1)], [("pain", "pain:t1")]), ([(1, None, None, -2)], [("pain", "pain:t1")]),
    ([(1, 2, 2, 0)], []),
    # rule 4 is not doubled with rule 1
    ([(1, 5, 1, -2)], [("touchpoint", "touchpoint:t1")]),
])
def test_rules_one_and_four_per_touchpoint(touchpoints, expected):
    items = backlog.compute_items(data(touchpoints, stages=("know",)))
    assert sources(items) == expected


def test_rule_two_one_item_per_empty_stage_with_pack_suggestions(library):
    items = backlog.compute_items(data([(1, 5, 5, None)]), library)
    coverage = [i for i in items if i["source"] == "coverage"]
    assert [i["source_key"] for i in coverage] == ["coverage:s2", "coverage:s3"]
    ideas = [t.name("en") for t in library.packs["general"].touchpoints_for("hourglass", "like")]
    assert ideas[0] in coverage[0]["detail"]


@pytest.mark.parametrize("answer, expected_confidence", [("no", 7), ("partly", 5), ("yes", None), ("na", None)])
def test_rule_three_checklist_no_or_partly_carries_the_pack_action(library, answer, expected_confidence):
    question = library.packs["general"].questions[0]
    items = backlog.compute_items(data([(1, 5, 5, None)], answers={question.key: answer}, stages=("know",)), library)
    checklist = [i for i in items if i["source"] == "checklist"]
    if expected_confidence is None:
        assert checklist == []
    else:
        (item,) = checklist
        assert item["title"] == question.action("en")
        assert (item["impact"], item["ease"], item["confidence"]) == (question.impact, question.ease, expected_confidence)
        assert item["source_key"] == f"checklist:{question.key}"


def test_generated_titles_follow_the_workspace_language(library):
    items = backlog.compute_items(data([(1, 5, 2, None)], lang="es", stages=("know", "like")), library)
    titles = {i["source"]: i["title"] for i in items}
    assert titles["touchpoint"].startswith("Mejorar")
    assert "Gustar" in titles["coverage"]


# -- ranking ---------------------------------------------------------------------------
def ranked_after_generation(store, library, touchpoints):
    ws = store.create_workspace("Rank")
    stage_ids = [s.id for s in store.stages(ws.id)]
    store.add_touchpoints(ws.id, [
        {"stage_id": stage_ids[s], "name": n, "importance": i, "performance": p}
        for s, n, i, p in touchpoints])
    backlog.regenerate(store, ws.id, library)
    return [i for i in backlog.ranked(store.backlog_items(ws.id)) if i.source == "touchpoint"]


def test_touchpoint_items_rank_by_gap_descending(store, library):
    items = ranked_after_generation(store, library, [
        (0, "a", 4, 3), (1, "b", 5, 1), (2, "c", 4, 1), (3, "d", 5, 2), (4, "e", 5, 3), (5, "f", 4, 2)])
    gaps = [i.gap for i in items]
    assert gaps == sorted(gaps, reverse=True) == [20, 16, 15, 12, 10, 8]


def test_equal_gaps_rank_in_journey_order(store, library):
    items = ranked_after_generation(store, library, [(3, "late", 5, 2), (0, "early", 5, 2), (1, "middle", 5, 2)])
    assert [i.title.split("“")[1].split("”")[0] for i in items] == ["early", "middle", "late"]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(4, 5), st.integers(1, 3)), min_size=1, max_size=12))
def test_untouched_touchpoint_items_always_rank_by_gap_then_importance_then_journey(tmp_path_factory, library, cases):
    from audit.store import Store
    store = Store(tmp_path_factory.mktemp("h") / "h.db")
    ws = store.create_workspace("H")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{"stage_id": stages[s].id, "name": f"n{k}", "importance": i, "performance": p}
                                  for k, (s, i, p) in enumerate(cases)])
    backlog.regenerate(store, ws.id, library)
    items = [i for i in backlog.ranked(store.backlog_items(ws.id)) if i.source == "touchpoint"]
    keys = [(-i.gap, -i.importance, i.journey_order) for i in items]
    assert keys == sorted(keys)
    assert len(items) == len(cases)


# -- regeneration ----------------------------------------------------------------------
@pytest.fixture
def audited(store, library):
    ws = store.create_workspace("Regen", industry="general")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [
        {"stage_id": stages[0].id, "name": "Google listing", "importance": 5, "performance": 2},
        {"stage_id": stages[1].id, "name": "Website", "importance": 2, "performance": 2, "emotion": -2},
    ])
    question = library.packs["general"].questions[0]
    store.set_answers(ws.id, {question.key: "no"})
    backlog.regenerate(store, ws.id, library)
    return ws


def test_regeneration_is_idempotent(store, library, audited):
    before = [vars(i) for i in store.backlog_items(audited.id)]
    plan = backlog.regenerate(store, audited.id, library)
    assert plan.empty
    assert [vars(i) for i in store.backlog_items(audited.id)] == before


def test_regeneration_keeps_every_field_the_user_edited(store, library, audited):
    item = next(i for i in store.backlog_items(audited.id) if i.source == "touchpoint")
    store.update_backlog_item(audited.id, item.id, impact=2, owner="Ana", status="doing", title="My title")
    tp = store.touchpoints(audited.id)[0]
    store.update_touchpoints(audited.id, {tp.id: {"performance": 1, "name": "Google Business Profile"}})
    backlog.regenerate(store, audited.id, library)
    after = next(i for i in store.backlog_items(audited.id) if i.id == item.id)
    assert (after.impact, after.owner, after.status, after.title) == (2, "Ana", "doing", "My title")
    assert after.gap == 20 and "performance 1/5" in after.detail  # computed, not edited: updated


def test_a_cause_that_disappears_marks_the_item_resolved_never_deletes(store, library, audited):
    count = len(store.backlog_items(audited.id))
    tp = store.touchpoints(audited.id)[0]
    store.update_touchpoints(audited.id, {tp.id: {"performance": 5}})
    backlog.regenerate(store, audited.id, library)
    items = store.backlog_items(audited.id)
    assert len(items) == count
    resolved = [i for i in items if i.resolved_by_audit]
    assert [i.source_key for i in resolved] == [f"touchpoint:{tp.uid}"]
    assert backlog.ranked(items)[-1].resolved_by_audit == 1
    # and it comes back when the cause returns
    store.update_touchpoints(audited.id, {tp.id: {"performance": 2}})
    backlog.regenerate(store, audited.id, library)
    assert not any(i.resolved_by_audit for i in store.backlog_items(audited.id))


def test_deleting_a_touchpoint_resolves_its_items(store, library, audited):
    tp = store.touchpoints(audited.id)[1]
    store.delete_touchpoints(audited.id, [tp.id])
    backlog.regenerate(store, audited.id, library)
    pain = next(i for i in store.backlog_items(audited.id) if i.source_key == f"pain:{tp.uid}")
    assert pain.resolved_by_audit == 1


def test_manual_items_are_never_resolved_by_the_audit(store, library, audited):
    item_id = store.add_manual_item(audited.id, title="Train staff on returns", impact=9)
    backlog.regenerate(store, audited.id, library)
    item = next(i for i in store.backlog_items(audited.id) if i.id == item_id)
    assert (item.source, item.resolved_by_audit, item.impact) == ("manual", 0, 9)


def test_empty_workspace_has_one_coverage_item_per_stage(store, library):
    ws = store.create_workspace("Empty")
    backlog.regenerate(store, ws.id, library)
    items = store.backlog_items(ws.id)
    assert [i.source for i in items] == ["coverage"] * 7


def test_answers_to_another_industrys_questions_make_no_items(library):
    question = library.packs["retail"].questions[0]
    items = backlog.compute_items(data([(1, 5, 5, None)], answers={question.key: "no"}, stages=("know",)), library)
    assert [i for i in items if i["source"] == "checklist"] == []


def test_changing_industry_resolves_the_old_packs_checklist_items(store, library, audited):
    store.update_workspace(audited.id, industry="retail")
    backlog.regenerate(store, audited.id, library)
    checklist = [i for i in store.backlog_items(audited.id) if i.source == "checklist"]
    assert checklist and all(i.resolved_by_audit for i in checklist)
