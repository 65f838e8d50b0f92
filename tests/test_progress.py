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
