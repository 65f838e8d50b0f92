"""Re-audits compared (issue 9 §4): snapshots, the comparison as a table of
cases, its chart, the command line and the /compare page."""

import json

import pytest

from audit import backlog, compare, snapshot
from audit.__main__ import main
from audit.compare_chart import compare_chart
from audit.i18n import t
from audit.model import Snapshot


def stage(uid, key="know", **metrics):
    return {"uid": uid, "key": key, "custom_name": "", "name": key.title(),
            **{m: metrics.get(m) for m in compare.METRICS}}


def snap(*stages, done=(), resolved=(), checklist=None, version=2):
    backlog_ = {"open": 3, "done": len(done), "total": 3 + len(done)}
    if version >= 2:
        backlog_["done_items"] = [{"uid": u, "title": f"Item {u}"} for u in done]
        backlog_["resolved_items"] = [{"uid": u, "title": f"Item {u}"} for u in resolved]
    return {"version": version, "framework": "hourglass", "checklist": checklist, "stages": list(stages),
            "backlog": backlog_}


# -- the comparison, a table of cases ------------------------------------------
@pytest.mark.parametrize("metric, before, after, change", [
    ("health", 40.0, 65.0, 25.0),
    ("health", 65.0, 40.0, -25.0),
    ("health", None, 50.0, None),       # nothing scored before: unknown, not +50
    ("health", 50.0, None, None),
    ("health", 0.0, 0.0, 0.0),
    ("coverage", 0, 3, 3),
    ("mean_emotion", -0.5, 0.5, 1.0),
    ("mean_emotion", 0.333, 0.667, 0.334),
    ("checklist", 0.5, 0.75, 0.25),
    ("checklist", None, None, None),
])
def test_the_change_of_a_metric(metric, before, after, change):
    result = compare.compare(snap(stage("a", **{metric: before})), snap(stage("a", **{metric: after})))
    [row] = result.table()
    assert (row[f"{metric}_before"], row[f"{metric}_after"], row[f"{metric}_change"]) == (before, after, change)


def test_stages_are_matched_by_uid_in_the_later_order_removed_ones_last():
    before = snap(stage("a", "know", health=10), stage("b", "like", health=20), stage("c", "trust", health=30))
    after = snap(stage("c", "trust", health=35), stage("a", "know", health=10), stage("d", "buy", health=5))
    rows = compare.compare(before, after).table()
    assert [(r["uid"], r["added"], r["removed"], r["health_change"]) for r in rows] == [
        ("c", False, False, 5.0), ("a", False, False, 0.0), ("d", True, False, None), ("b", False, True, None)]


@pytest.mark.parametrize("done_before, done_after, resolved_after, since, resolved_since", [
    ((), (), (), [], []),
    ((), ("x",), (), ["x"], []),
    (("x",), ("x", "y"), (), ["y"], []),
    (("x",), (), (), [], []),            # reopened since: not "done since"
    ((), (), ("z",), [], ["z"]),
])
def test_backlog_items_done_since(done_before, done_after, resolved_after, since, resolved_since):
    result = compare.compare(snap(stage("a"), done=done_before), snap(stage("a"), done=done_after,
                                                                      resolved=resolved_after))
    assert [i["uid"] for i in result.done_since] == since
    assert [i["uid"] for i in result.resolved_since] == resolved_since
    assert result.items_known


def test_a_version_1_snapshot_gives_counts_but_no_items():
    result = compare.compare(snap(stage("a"), version=1), snap(stage("a"), done=("x",)))
    assert not result.items_known and result.done_since == []
    assert result.backlog["done"] == (0, 1)


@pytest.mark.parametrize("before, after, changed", [
    (snap(stage("a", health=10)), snap(stage("a", health=10)), False),
    (snap(stage("a", health=10)), snap(stage("a", health=11)), True),
    (snap(stage("a")), snap(stage("a"), stage("b")), True),
    (snap(stage("a")), snap(stage("a"), done=("x",)), True),
])
def test_changed(before, after, changed):
    assert compare.compare(before, after).changed is changed


@pytest.mark.parametrize("metric, value, change, lang, shown_value, shown_change", [
    ("health", 64.6, 25.4, "en", "65", "+25"),
    ("health", 40.0, -5.0, "es", "40", "-5"),
    ("health", None, None, "en", "–", "–"),
    ("coverage", 3, 0, "en", "3", "±0"),
    ("mean_emotion", -0.5, 0.25, "es", "-0,5", "+0,2"),
    ("mean_emotion", 1.0, 0.0, "en", "+1.0", "±0"),
    ("checklist", 0.75, 0.25, "en", "75%", "+25 pts"),
    ("checklist", 0.75, 0.25, "es", "75\u00a0%", "+25 p. p."),
    ("checklist", 0.5, 0.0, "en", "50%", "±0"),
])
def test_values_and_changes_as_people_read_them(metric, value, change, lang, shown_value, shown_change):
    assert compare.format_value(metric, value, lang) == shown_value
    assert compare.format_change(metric, change, lang) == shown_change


def test_a_stage_is_named_in_the_reader_language_unless_the_user_named_it():
    renamed = {**stage("b", "like"), "custom_name": "Instagram"}
    result = compare.compare(snap(stage("a", "know"), renamed), snap(stage("a", "know"), renamed))
    assert [s.display_name("hourglass", "es") for s in result.stages] == ["Conocer", "Instagram"]


# -- finding a snapshot ----------------------------------------------------------
SNAPS = [Snapshot(id=1, workspace_id=1, taken_at="2027-01-01", label="Q1 Año"),
         Snapshot(id=2, workspace_id=1, taken_at="2027-04-01", label=""),
         Snapshot(id=3, workspace_id=1, taken_at="2027-07-01", label="twice"),
         Snapshot(id=4, workspace_id=1, taken_at="2027-08-01", label="Twice")]


@pytest.mark.parametrize("ref, found", [("1", 1), ("2", 2), (" q1 ano ", 1), ("Q1 AÑO", 1)])
def test_find_snapshot_by_id_or_label(ref, found):
    assert compare.find_snapshot(SNAPS, ref).id == found


@pytest.mark.parametrize("ref, words", [("9", "no snapshot '9'"), ("Q2", "no snapshot 'Q2'"),
                                        ("twice", "more than one snapshot")])
def test_an_unknown_or_ambiguous_snapshot_lists_them(ref, words):
    with pytest.raises(compare.UnknownSnapshot) as caught:
        compare.find_snapshot(SNAPS, ref)
    assert words in str(caught.value) and "1 (Q1 Año), 2, 3 (twice), 4 (Twice)" in str(caught.value)


# -- snapshots of a real workspace ---------------------------------------------------
def test_an_edit_between_two_snapshots_is_the_only_change(store, library):
    ws = store.create_workspace("Re-audit")
    know, like, *_ = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{"stage_id": know.id, "name": "Web", "importance": 4, "performance": 2},
                                  {"stage_id": like.id, "name": "Shop", "importance": 3, "performance": 3}])
    first = snapshot.take(store, ws, library, label="before")
    web = store.touchpoints(ws.id)[0]
    store.update_touchpoints(ws.id, {web.id: {"performance": 4}})
    item = next(i for i in store.backlog_items(ws.id) if i.source == "coverage")  # a stage with no touchpoint
    store.update_backlog_item(ws.id, item.id, status="done")
    second = snapshot.take(store, ws, library)
    a, b = (next(s for s in store.snapshots(ws.id) if s.id == i) for i in (first, second))
    result = compare.compare_snapshots(a, b)
    rows = {r["uid"]: r for r in result.table()}
    assert (rows[know.uid]["health_before"], rows[know.uid]["health_after"], rows[know.uid]["health_change"]) == (
        25.0, 75.0, 50.0)
    assert all(rows[s.uid]["health_change"] in (0, None) for s in store.stages(ws.id) if s.id != know.id)
    assert [i["uid"] for i in result.done_since] == [item.uid]
    web_item = next(i for i in store.backlog_items(ws.id) if i.touchpoint_uid == web.uid)
    assert [i["uid"] for i in result.resolved_since] == [web_item.uid]  # performance 4: no longer a gap


def test_metrics_of_is_pure_and_what_the_store_gives(store, library):
    ws = store.create_workspace("Pure")
    know = store.stages(ws.id)[0]
    store.add_touchpoints(ws.id, [{"stage_id": know.id, "name": "a", "importance": 5, "performance": 5,
                                   "emotion": 2}])
    backlog.regenerate(store, ws.id, library)
    data = snapshot.metrics_of(ws, store.stages(ws.id), store.touchpoints(ws.id), {}, store.backlog_items(ws.id),
                               library)
    assert data == snapshot.metrics(store.workspace_data(ws.id), store.backlog_items(ws.id), library)
    assert data == snapshot.current_metrics(store, ws.id, library)
    assert data["version"] == 2 and data["stages"][0]["mean_emotion"] == 2 and data["stages"][0]["custom_name"] == ""
    json.dumps(data)  # kept as JSON


# -- the chart ----------------------------------------------------------------------------
def chart_data(spec):
    return [row for values in spec["datasets"].values() for row in values if row]


@pytest.mark.parametrize("metric, domain", [("health", [0, 100]), ("checklist", [0, 1]),
                                            ("mean_emotion", [-2, 2])])
def test_the_chart_has_two_bars_per_known_stage_in_journey_order(metric, domain):
    before = snap(stage("a", "know", **{metric: 0.5}), stage("b", "like"))
    after = snap(stage("a", "know", **{metric: 1}), stage("b", "like", **{metric: 0.25}))
    spec = compare_chart(compare.compare(before, after), metric, lang="es", before_label="T1",
                         after_label="T2").to_dict()
    rows = chart_data(spec)
    assert [(r["stage"], r["side"], r["snapshot"], r["value"]) for r in rows] == [
        ("Conocer", "before", "T1", 0.5), ("Conocer", "after", "T2", 1), ("Gustar", "after", "T2", 0.25)]
    bars = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "bar")
    assert bars["encoding"]["x"]["sort"] == ["Conocer", "Gustar"]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["T1", "T2"]
    assert bars["encoding"]["y"]["scale"]["domain"] == domain
    assert spec["title"]["text"] == t(f"compare.chart.title_{metric}", "es")


def test_the_chart_keeps_two_snapshots_of_one_label_apart():
    spec = compare_chart(compare.compare(snap(stage("a", health=1)), snap(stage("a", health=2))), "health",
                         lang="en", before_label="Q1", after_label="Q1").to_dict()
    assert sorted({r["snapshot"] for r in chart_data(spec)}) == ["Q1", "Q1 (2)"]


def test_the_chart_refuses_an_unknown_metric():
    with pytest.raises(ValueError):
        compare_chart(compare.compare(snap(), snap()), "mood", lang="en", before_label="a", after_label="b")


# -- the command line ------------------------------------------------------------------------
@pytest.fixture
def cli(tmp_path, capsys):
    db = str(tmp_path / "cli.db")

    def call(*argv):
        code = main(["--db", db, *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err
    return call


def test_cli_compare_prints_a_table_per_stage_and_the_items_done(cli, tmp_path):
    inventory = tmp_path / "inv.csv"
    inventory.write_text("stage,touchpoint,importance,performance\nKnow,Web,4,2\n", encoding="utf-8")
    cli("import-touchpoints", inventory, "-w", "Acme")
    assert cli("snapshot", "-w", "acme", "--label", "Q1")[0] == 0
    inventory.write_text("stage,touchpoint,importance,performance\nKnow,Web,4,4\n", encoding="utf-8")
    cli("import-touchpoints", inventory, "-w", "Acme")
    cli("snapshot", "-w", "acme", "--label", "Q2")
    code, out, err = cli("compare", "-w", "acme", "q1", "Q2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("acme: snapshot 1 “Q1” (") and "→ 2 “Q2” (" in lines[0]
    assert lines[1].split() == ["stage", "health", "coverage", "mean_emotion", "checklist"]
    assert lines[2].split()[:5] == ["Know", "25", "→", "75", "(+50)"]
    assert lines[3].split()[:5] == ["Like", "–", "→", "–", "0"]
    assert "backlog items done since: 0" in lines


@pytest.mark.parametrize("argv, words", [
    (["compare", "-w", "acme", "1", "7"], "no snapshot '7'; this workspace has: 1 (Q1)"),
    (["compare", "-w", "acme", "Q1", "Q9"], "no snapshot 'Q9'"),
    (["compare", "-w", "nobody", "1", "1"], "no workspace 'nobody'"),
    (["compare", "-w", "acme", "1"], "the following arguments are required: B"),
])
def test_cli_compare_bad_input_is_one_line_and_exit_2(cli, tmp_path, argv, words):
    inventory = tmp_path / "inv.csv"
    inventory.write_text("stage,touchpoint\nKnow,Web\n", encoding="utf-8")
    cli("import-touchpoints", inventory, "-w", "Acme")
    cli("snapshot", "-w", "acme", "--label", "Q1")
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("hourglass: error: ") and words in line
