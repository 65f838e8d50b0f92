"""The checklist per stage: questions grouped by the workspace's stages, scored
as DESIGN.md says (yes 1, partly 0.5, no 0, n/a left out, none → unknown)."""

import pytest

from audit.checklist_scores import stage_checklists


def keys_per_stage(checklist):
    return {item.stage.key: [q.key for q in item.questions] for item in checklist.stages}


def test_questions_go_to_the_stage_with_their_key_in_the_framework(store, library):
    ws = store.create_workspace("Clinic", industry="health_clinic", framework="purchase-route")
    pack = library.pack("health_clinic")
    checklist = stage_checklists(store.stages(ws.id), pack, ws.framework, {})
    grouped = keys_per_stage(checklist)
    assert list(grouped) == ["discovery", "consideration", "decision", "retention", "recommendation"]
    for stage_key, keys in grouped.items():
        assert keys == [q.key for q in pack.questions if q.place.route == stage_key]
    assert checklist.questions == len(pack.questions)
    assert checklist.orphaned == []


def test_custom_stage_has_no_questions_and_unknown_score(store, library):
    ws = store.create_workspace("Shop")
    custom = store.add_stage(ws.id, "Aftercare club")
    checklist = stage_checklists(store.stages(ws.id), library.pack("general"), ws.framework, {})
    last = checklist.stages[-1]
    assert last.stage.id == custom.id
    assert last.questions == [] and last.score is None and not last.complete


def test_stages_follow_journey_order_after_a_move(store, library):
    ws = store.create_workspace("Shop")
    stages = store.stages(ws.id)
    store.move_stage(stages[-1].workspace_id, stages[-1].id, -10)
    checklist = stage_checklists(store.stages(ws.id), library.pack("general"), ws.framework, {})
    assert [s.stage.key for s in checklist.stages][:2] == ["refer", "know"]


def test_questions_of_a_removed_stage_are_orphaned_not_scored(store, library):
    ws = store.create_workspace("Shop")
    pack = library.pack("general")
    refer = next(s for s in store.stages(ws.id) if s.key == "refer")
    store.delete_stage(refer.workspace_id, refer.id)
    refer_questions = [q for q in pack.questions if q.place.stage == "refer"]
    answers = {q.key: "no" for q in refer_questions}
    checklist = stage_checklists(store.stages(ws.id), pack, ws.framework, answers)
    assert checklist.orphaned == refer_questions
    assert checklist.answered == 0 and checklist.score is None


def test_answers_of_another_pack_are_ignored(store, library):
    ws = store.create_workspace("Shop")
    other = library.pack("restaurant").questions[0]
    checklist = stage_checklists(store.stages(ws.id), library.pack("general"), ws.framework,
                                 {other.key: "yes"})
    assert checklist.answered == 0


@pytest.mark.parametrize("answers, expected", [
    ([], None),
    (["na"], None),
    (["na", "na"], None),
    (["yes"], 1.0),
    (["no"], 0.0),
    (["partly"], 0.5),
    (["yes", "no"], 0.5),
    (["yes", "partly"], 0.75),
    (["yes", "na"], 1.0),
    (["yes", "partly", "no", "na"], 0.5),
    (["partly", "partly", "no"], 1 / 3),
])
def test_stage_score_from_its_answers(store, library, answers, expected):
    ws = store.create_workspace("Shop")
    pack = library.pack("general")
    know = [q for q in pack.questions if q.place.stage == "know"]
    assert len(know) >= len(answers)
    given = {q.key: a for q, a in zip(know, answers)}
    checklist = stage_checklists(store.stages(ws.id), pack, ws.framework, given)
    item = checklist.stages[0]
    assert item.stage.key == "know"
    assert item.answered == len(answers)
    assert item.score == pytest.approx(expected) if expected is not None else item.score is None
    assert checklist.by_stage()[item.stage.id] == item.score


def test_overall_score_pools_every_answer(store, library):
    ws = store.create_workspace("Shop")
    pack = library.pack("general")
    know = [q for q in pack.questions if q.place.stage == "know"][:1]
    buy = [q for q in pack.questions if q.place.stage == "buy"][:3]
    answers = {know[0].key: "yes", **{q.key: "no" for q in buy}}
    checklist = stage_checklists(store.stages(ws.id), pack, ws.framework, answers)
    # pooled 1/4, not the mean of the stage scores (1 and 0)
    assert checklist.score == pytest.approx(0.25)
    assert checklist.answered == 4


def test_no_pack_means_no_questions(store):
    ws = store.create_workspace("Shop")
    checklist = stage_checklists(store.stages(ws.id), None, ws.framework, {})
    assert checklist.questions == 0 and checklist.score is None
