"""How complete each step is."""

from audit import backlog
from audit.progress import progress


def test_a_new_workspace_starts_at_persona(store, library):
    ws = store.create_workspace("New")
    done = progress(store.workspace_data(ws.id), library, store.backlog_items(ws.id))
    assert done.steps["touchpoints"] == 0 and done.steps["scoring"] == 0
    assert done.next_step() == "persona"


def test_progress_follows_the_audit(store, library):
    ws = store.create_workspace("Audit", persona={"name": "Ana", "goals": "Bread"})
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{"stage_id": stages[0].id, "name": "a", "importance": 5, "performance": 1},
                                  {"stage_id": stages[1].id, "name": "b"}])
    q = library.packs["general"].questions[0]
    store.set_answers(ws.id, {q.key: "no"})
    backlog.regenerate(store, ws.id, library)
    done = progress(store.workspace_data(ws.id), library, store.backlog_items(ws.id))
    assert done.steps["persona"] == 2 / 9
    assert done.steps["touchpoints"] == 2 / 7
    assert done.steps["scoring"] == 1 / 2
    assert 0 < done.steps["checklist"] < 1
    assert done.steps["backlog"] == 0
    assert 0 < done.phase("audit") < 1


def test_the_journey_counts_its_stages_not_its_note_boxes(store, library):
    ws = store.create_workspace("Notes")
    done = progress(store.workspace_data(ws.id), library, [])
    assert done.steps["journey"] == 1.0 and done.left["journey"] == 0  # the framework's stages, kept
    stage = store.stages(ws.id)[0]
    store.update_stage(stage.workspace_id, stage.id, name="Hear of us")  # renamed: still one of the journey's stages
    assert progress(store.workspace_data(ws.id), library, []).steps["journey"] == 1.0


def test_what_is_left_is_counted_per_step(store, library):
    ws = store.create_workspace("Left", persona={"name": "Ana"})
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{"stage_id": stages[0].id, "name": "a", "importance": 5, "performance": 1},
                                  {"stage_id": stages[0].id, "name": "b", "importance": 4}])
    q = library.packs["general"].questions[0]
    store.set_answers(ws.id, {q.key: "yes"})
    done = progress(store.workspace_data(ws.id), library, store.backlog_items(ws.id))
    n_questions = sum(1 for x in library.packs["general"].questions)
    assert done.left == {"persona": 8, "journey": 0, "touchpoints": 6, "scoring": 1,
                         "checklist": n_questions - 1, "backlog": 0, "hourglass": 7}


def test_the_step_after_each_step_follows_the_guided_flow():
    from audit.progress import STEPS, step_after
    assert [step_after(s) for s in STEPS] == [*STEPS[1:], None]
