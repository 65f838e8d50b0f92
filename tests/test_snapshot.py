"""Snapshot metrics: what a re-audit will be compared with."""

from audit import backlog, snapshot


def test_snapshot_metrics_per_stage_and_backlog(store, library):
    ws = store.create_workspace("Snap")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{"stage_id": stages[0].id, "name": "a", "importance": 5, "performance": 1}])
    question = library.packs["general"].questions_for("hourglass", "know")[0]
    store.set_answers(ws.id, {question.key: "partly"})
    backlog.regenerate(store, ws.id, library)
    data = snapshot.current_metrics(store, ws.id, library)
    know, like = data["stages"][:2]
    assert (know["coverage"], know["health"], know["checklist"]) == (1, 0.0, 0.5)
    assert (like["coverage"], like["health"]) == (0, None)
    assert data["backlog"]["by_source"]["coverage"] == 6
    assert data["backlog"]["open"] == data["backlog"]["total"] == 8
