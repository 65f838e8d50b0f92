"""The workspace file: versioned JSON, lossless round trip, bad files refused."""

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import backlog, workspace_file as wf
from audit.model import InvalidValue
from audit.workspace_file import InvalidWorkspaceFile

TABLES = ("workspaces", "personas", "stages", "touchpoints", "checklist_answers", "backlog_items", "snapshots")


def counts(store) -> dict[str, int]:
    return {t: store._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def make_rich(store, library):
    """A workspace using every kind of row and field the format carries."""
    ws = store.create_workspace("Café Ñandú", industry="restaurant", lang="es",
                                persona={"name": "Ana", "goals": "Comer bien\ncerca de casa"})
    store.add_persona(ws.id, {"name": "Luis", "segment": "jubilado"})
    store.set_last_page(ws.id, "scoring")
    stages = store.stages(ws.id)
    custom = store.add_stage(ws.id, "Después de la visita")
    store.move_stage(custom.workspace_id, custom.id, -3)
    store.update_stage(stages[0].workspace_id, stages[0].id, name="Descubrir", goal="Encontrarnos", customers=1200)
    store.update_stage(stages[4].workspace_id, stages[4].id, feelings="Prisa", customers=80)
    store.add_touchpoints(ws.id, [
        {"stage_id": stages[0].id, "name": "Google Maps", "channel": "online", "owner": "Ana",
         "importance": 5, "performance": 2, "emotion": -1, "pain_points": "Horario mal",
         "kpi": "Rutas/mes", "technology": "GBP", "notes": "n", "positives": "fotos",
         "evidence": "stats", "suggestion": "restaurant:know:google-maps-listing"},
        {"stage_id": stages[0].id, "name": "Fachada", "channel": "offline", "importance": 2,
         "performance": 5, "moment_of_truth": 1},
        {"stage_id": stages[4].id, "name": "Cobro", "importance": 3, "performance": 2, "emotion": -2,
         "moment_of_truth": 0},
        {"stage_id": custom.id, "name": "Sin puntuar"},
    ])
    store.set_answers(ws.id, {"restaurant:know-google-profile": "no",
                              "restaurant:buy-bill-payment": "partly",
                              "restaurant:trust-reply-reviews": "yes", "restaurant:try-monthly-event": "na"})
    backlog.regenerate(store, ws.id, library)
    items = store.backlog_items(ws.id)
    store.update_backlog_item(ws.id, items[0].id, owner="Ana", status="doing", due_date="2026-12-31")
    store.add_manual_item(ws.id, title="Cartel nuevo", owner="Luis", impact=3)
    # the cause of one item goes away: it is resolved by audit, not deleted
    cobro = next(tp for tp in store.touchpoints(ws.id) if tp.name == "Cobro")
    store.update_touchpoints(ws.id, {cobro.id: {"emotion": 1}})
    backlog.regenerate(store, ws.id, library)
    store.add_snapshot(ws.id, {"stages": [{"health": 37.5}], "note": "ñ"}, label="T1")
    store.add_snapshot(ws.id, {"stages": []}, label="T2")
    return store.workspace(ws.id)


@pytest.fixture
def rich(store, library):
    return make_rich(store, library)


@pytest.fixture(scope="module")
def shared(tmp_path_factory, library):
    """One rich workspace for the tests that must write nothing."""
    from audit.store import Store

    store = Store(tmp_path_factory.mktemp("shared") / "shared.db")
    ws = make_rich(store, library)
    yield store, wf.export_workspace(store, ws.id)
    store.close()


@pytest.fixture
def other(tmp_path):
    """A second database: a workspace's name is unique within one."""
    from audit.store import Store

    s = Store(tmp_path / "other.db")
    yield s
    s.close()


def comparable(doc: dict) -> dict:
    doc = copy.deepcopy(doc)
    doc.pop("exported_at")
    for key in ("slug", "created_at", "updated_at"):
        doc["workspace"].pop(key)
    return doc


def test_export_is_versioned_json(store, rich):
    doc = wf.export_workspace(store, rich.id)
    assert doc["format"] == wf.FORMAT == "hourglass-workspace"
    assert doc["version"] == wf.VERSION == 1
    assert json.loads(wf.dumps(doc)) == doc


def test_export_nests_touchpoints_in_stage_order_and_drops_ids(store, rich):
    doc = wf.export_workspace(store, rich.id)
    assert [s["uid"] for s in doc["stages"]] == [s.uid for s in store.stages(rich.id)]
    assert doc["stages"][0]["name"] == "Descubrir"
    assert [t["name"] for t in doc["stages"][0]["touchpoints"]] == ["Google Maps", "Fachada"]
    text = json.dumps(doc)
    assert '"id"' not in text and '"workspace_id"' not in text and '"stage_id"' not in text


def test_export_keeps_backlog_edits_and_resolved_flags(store, rich):
    items = wf.export_workspace(store, rich.id)["backlog_items"]
    edited = [i for i in items if i["source"] != "manual" and i["edited"]]
    assert edited and set(edited[0]["edited"]) == {"due_date", "owner", "status"}
    assert any(i["resolved_by_audit"] for i in items)
    assert any(i["source"] == "manual" for i in items)


def test_round_trip_is_lossless(store, rich, other):
    first = wf.export_workspace(store, rich.id)
    copy_ws = wf.import_workspace(other, json.loads(wf.dumps(first)))
    second = wf.export_workspace(other, copy_ws.id)
    assert comparable(second) == comparable(first)
    assert copy_ws.name == rich.name and copy_ws.slug == "cafe-nandu"


def test_round_trip_keeps_what_the_rules_see(store, rich, library, other):
    copy_ws = wf.import_workspace(other, wf.export_workspace(store, rich.id))
    assert backlog.plan(other.workspace_data(copy_ws.id), library, other.backlog_items(copy_ws.id)).empty
    assert [i.ice for i in backlog.ranked(other.backlog_items(copy_ws.id))] == \
        [i.ice for i in backlog.ranked(store.backlog_items(rich.id))]


def test_import_as_a_new_name(store, rich):
    ws = wf.import_workspace(store, wf.export_workspace(store, rich.id), as_name="Cliente Nuevo")
    assert (ws.name, ws.slug) == ("Cliente Nuevo", "cliente-nuevo")


def test_import_as_an_empty_name_is_refused(store, rich):
    before = counts(store)
    with pytest.raises(InvalidValue):
        wf.import_workspace(store, wf.export_workspace(store, rich.id), as_name="  ")
    assert counts(store) == before


def test_import_into_another_database(tmp_path, store, rich):
    from audit.store import Store

    other = Store(tmp_path / "other.db")
    try:
        ws = other.workspace(wf.import_workspace(other, wf.export_workspace(store, rich.id)).id)
        assert ws.slug == "cafe-nandu"
        assert comparable(wf.export_workspace(other, ws.id)) == comparable(wf.export_workspace(store, rich.id))
    finally:
        other.close()


def test_duplicate_keeps_everything(store, rich):
    dup = wf.duplicate_workspace(store, rich.id, "Plantilla")
    for table in ("personas", "stages", "touchpoints", "checklist_answers", "backlog_items", "snapshots"):
        assert len(store.workspace_rows(dup.id)[table]) == len(store.workspace_rows(rich.id)[table]) > 0, table
    assert comparable(wf.export_workspace(store, dup.id)) == {
        **comparable(wf.export_workspace(store, rich.id)),
        "workspace": {**comparable(wf.export_workspace(store, rich.id))["workspace"], "name": "Plantilla"},
    }


def test_duplicate_is_independent_of_the_original(store, rich):
    dup = wf.duplicate_workspace(store, rich.id, "Copia")
    tp = store.touchpoints(dup.id)[0]
    store.update_touchpoints(dup.id, {tp.id: {"name": "Cambiado"}})
    assert store.touchpoints(rich.id)[0].name == "Google Maps"
    store.delete_workspace(dup.id)
    assert len(store.touchpoints(rich.id)) == 4


def test_minimal_hand_written_document_gets_defaults(store):
    ws = wf.import_workspace(store, {
        "format": "hourglass-workspace", "version": 1,
        "workspace": {"name": "Mini"},
        "personas": [{"is_primary": True, "name": "P"}],
        "stages": [{"key": "know", "touchpoints": [{"name": "Web", "importance": 4, "performance": 2}]},
                   {"key": None, "name": "Extra"}],
    })
    assert (ws.framework, ws.lang, ws.industry) == ("hourglass", "en", "general")
    assert [s.key for s in store.stages(ws.id)] == ["know", None]
    assert store.touchpoints(ws.id)[0].importance == 4


def test_round_trip_of_edge_cases_the_store_allows(store, other):
    """Whatever the store accepts, the file carries back: lossless means no surprises."""
    ws = store.create_workspace("Edge", industry="not_a_pack")
    custom = store.add_stage(ws.id, "Temp")
    with pytest.raises(InvalidValue):  # a stage the user added keeps a name
        store.update_stage(custom.workspace_id, custom.id, name="")
    store.delete_stage(ws.id, store.stages(ws.id)[0].id)  # and a framework stage may go
    store.add_touchpoints(ws.id, [{"stage_id": custom.id, "name": "x\ny", "notes": "tab\there \"quoted\""}])
    first = wf.export_workspace(store, ws.id)
    again = wf.export_workspace(other, wf.import_workspace(other, first).id)
    assert comparable(again) == comparable(first)


@settings(max_examples=25, deadline=None)
@given(
    texts=st.lists(st.text(max_size=40), min_size=4, max_size=4),
    scores=st.tuples(st.none() | st.integers(1, 5), st.none() | st.integers(1, 5),
                     st.none() | st.integers(-2, 2), st.none() | st.integers(0, 1)),
    customers=st.none() | st.integers(0, 10**9),
)
def test_round_trip_of_any_text_and_score(texts, scores, customers):
    from audit.store import Store

    store, other = Store(":memory:"), Store(":memory:")
    try:
        ws = store.create_workspace("Prop", persona={"name": texts[0], "pains": texts[1]})
        stage = store.stages(ws.id)[2]
        store.update_stage(stage.workspace_id, stage.id, goal=texts[2], customers=customers)
        importance, performance, emotion, mot = scores
        store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": texts[3].replace("\x00", "").strip() or "n", "notes": texts[2],
                                       "importance": importance, "performance": performance,
                                       "emotion": emotion, "moment_of_truth": mot}])
        store.add_manual_item(ws.id, title=texts[0].replace("\x00", "").strip() or "t", owner=texts[1])
        store.add_snapshot(ws.id, {"label": texts[3], "n": customers})
        first = wf.export_workspace(store, ws.id)
        parsed = wf.loads(wf.dumps(first))
        again = wf.export_workspace(other, wf.import_workspace(other, parsed).id)
        assert comparable(again) == comparable(first)
    finally:
        store.close()
        other.close()


# -- bad documents: refused, nothing written --------------------------------
def _set(path, value):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _delete(path):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


def _duplicate(listing, index=0):
    def change(doc):
        items = doc
        for key in listing:
            items = items[key]
        items.append(copy.deepcopy(items[index]))
    return change


BAD = [
    ("wrong format", _set(["format"], "something-else"), "format"),
    ("no format", _delete(["format"]), "format"),
    ("newer version", _set(["version"], 2), "version"),
    ("version as text", _set(["version"], "1"), "version"),
    ("version zero", _set(["version"], 0), "version"),
    ("unknown top field", _set(["extra"], 1), "extra"),
    ("no workspace", _delete(["workspace"]), "workspace"),
    ("workspace not an object", _set(["workspace"], []), "workspace"),
    ("empty name", _set(["workspace", "name"], " "), "workspace.name"),
    ("unknown framework", _set(["workspace", "framework"], "funnel"), "workspace.framework"),
    ("unknown lang", _set(["workspace", "lang"], "fr"), "workspace.lang"),
    ("industry not text", _set(["workspace", "industry"], 7), "workspace.industry"),
    ("personas missing", _delete(["personas"]), "personas"),
    ("two primary personas", _set(["personas", 1, "is_primary"], True), "personas"),
    ("no primary persona", _set(["personas", 0, "is_primary"], False), "personas"),
    ("persona field of wrong type", _set(["personas", 0, "goals"], 5), "personas[0].goals"),
    ("unknown persona field", _set(["personas", 0, "age"], 30), "personas[0].age"),
    ("duplicate persona uid", _duplicate(["personas"]), "personas[2].uid"),
    ("no stages", _set(["stages"], []), "stages"),
    ("stages not a list", _set(["stages"], {}), "stages"),
    ("stage key of another framework", _set(["stages", 1, "key"], "before"), "stages[1].key"),
    ("duplicate stage uid", lambda doc: doc["stages"].append(
        {**next(s for s in doc["stages"] if s["key"] is None), "touchpoints": []}), "stages[8].uid"),
    ("duplicate stage key", _duplicate(["stages"], 1), "stages[8].key"),
    ("negative customers", _set(["stages", 1, "customers"], -5), "stages[1].customers"),
    ("fractional customers", _set(["stages", 1, "customers"], 2.5), "stages[1].customers"),
    ("importance 6", _set(["stages", 0, "touchpoints", 0, "importance"], 6), "stages[0].touchpoints[0].importance"),
    ("importance bool", _set(["stages", 0, "touchpoints", 0, "importance"], True), "importance"),
    ("emotion -3", _set(["stages", 0, "touchpoints", 0, "emotion"], -3), "emotion"),
    ("performance as text", _set(["stages", 0, "touchpoints", 0, "performance"], "3"), "performance"),
    ("bad channel", _set(["stages", 0, "touchpoints", 0, "channel"], "phone"), "channel"),
    ("moment of truth 2", _set(["stages", 0, "touchpoints", 0, "moment_of_truth"], 2), "moment_of_truth"),
    ("touchpoint without name", _set(["stages", 0, "touchpoints", 0, "name"], ""), "touchpoints[0].name"),
    ("touchpoint text too long", _set(["stages", 0, "touchpoints", 0, "notes"], "x" * 20_001), "notes"),
    ("duplicate touchpoint uid", _duplicate(["stages", 0, "touchpoints"]), "uid"),
    ("bad uid", _set(["stages", 0, "touchpoints", 0, "uid"], "a b"), "uid"),
    ("answer maybe", _set(["checklist_answers", 0, "answer"], "maybe"), "checklist_answers[0].answer"),
    ("duplicate answer", _duplicate(["checklist_answers"]), "question"),
    ("impact 11", _set(["backlog_items", 0, "impact"], 11), "backlog_items[0].impact"),
    ("impact missing", _delete(["backlog_items", 0, "impact"]), "backlog_items[0].impact"),
    ("bad status", _set(["backlog_items", 0, "status"], "blocked"), "status"),
    ("bad source", _set(["backlog_items", 0, "source"], "magic"), "source"),
    ("bad due date", _set(["backlog_items", 0, "due_date"], "31/12/2026"), "due_date"),
    ("bad edited field", _set(["backlog_items", 0, "edited"], ["gap"]), "edited"),
    ("duplicate source key", _duplicate(["backlog_items"]), "backlog_items"),
    ("gap 21", _set(["backlog_items", 0, "gap"], 21), "gap"),
    ("snapshot data number", _set(["snapshots", 0, "data"], 3), "snapshots[0].data"),
]


@pytest.mark.parametrize("change, where", [(c, w) for _, c, w in BAD], ids=[name for name, _, _ in BAD])
def test_bad_document_is_refused_and_nothing_written(shared, change, where):
    store, exported = shared
    doc = copy.deepcopy(exported)
    change(doc)
    before = counts(store)
    with pytest.raises(InvalidWorkspaceFile) as caught:
        wf.import_workspace(store, doc)
    assert where in caught.value.path
    assert caught.value.problem and str(caught.value).startswith(caught.value.path)
    assert counts(store) == before


def test_not_an_object_is_refused(store):
    with pytest.raises(InvalidWorkspaceFile, match="JSON object"):
        wf.import_workspace(store, [1, 2])


def test_error_message_names_the_entry_and_the_allowed_values(store, rich):
    doc = wf.export_workspace(store, rich.id)
    doc["stages"][0]["touchpoints"][0]["importance"] = 9
    with pytest.raises(InvalidWorkspaceFile) as caught:
        wf.import_workspace(store, doc)
    assert str(caught.value) == ("stages[0].touchpoints[0].importance: 9 is not allowed; "
                                 "allowed: a whole number from 1 to 5 or null")


def test_newer_version_says_so(store, rich):
    doc = wf.export_workspace(store, rich.id)
    doc["version"] = 7
    with pytest.raises(InvalidWorkspaceFile, match="newer Hourglass"):
        wf.import_workspace(store, doc)


def test_a_failing_write_rolls_back_the_whole_import(store, rich, monkeypatch):
    """A database error half-way leaves no partial workspace behind."""
    doc = wf.export_workspace(store, rich.id)
    real = wf.plan_import

    def broken(doc, **kw):
        plan = real(doc, **kw)
        plan.snapshots.append({"taken_at": None, "label": "", "data": "{}"})  # NOT NULL fails last
        return plan

    monkeypatch.setattr(wf, "plan_import", broken)
    before = counts(store)
    with pytest.raises(Exception):
        wf.import_workspace(store, doc)
    assert counts(store) == before


# -- files ---------------------------------------------------------------------
def test_read_workspace_file_round_trip(tmp_path, store, rich, other):
    path = tmp_path / "ws.json"
    path.write_bytes(wf.dumps(wf.export_workspace(store, rich.id)))
    assert "Ñandú" in path.read_text(encoding="utf-8")  # accents kept, not \u escapes
    doc = wf.read_workspace_file(path)
    assert wf.import_workspace(other, doc).name == "Café Ñandú"


def test_read_workspace_file_accepts_a_bom(tmp_path):
    path = tmp_path / "ws.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"format": wf.FORMAT}).encode())
    assert wf.read_workspace_file(path) == {"format": wf.FORMAT}


@pytest.mark.parametrize("content, problem", [
    (b"not json at all", "not valid JSON (line 1, column 1"),
    (b'{"a": 1,}', "not valid JSON"),
    (b"\xff\xfe\x00{", "not UTF-8"),
    (b"caf\xe9", "not UTF-8"),
    (b"[1, 2]", "JSON object"),
    (b'{"a": NaN}', "not valid JSON"),
    (b"", "not valid JSON"),
    (b"[" * 100_000, "not valid JSON"),
])
def test_read_workspace_file_refuses_non_json(tmp_path, content, problem):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InvalidWorkspaceFile) as caught:
        wf.read_workspace_file(path)
    assert problem in caught.value.problem
    assert caught.value.path == str(path)


def test_read_workspace_file_refuses_a_too_large_file(tmp_path, monkeypatch):
    monkeypatch.setattr(wf, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "big.json"
    path.write_bytes(b'{"x": "' + b"a" * 2000 + b'"}')
    with pytest.raises(InvalidWorkspaceFile, match="too large"):
        wf.read_workspace_file(path)


def test_read_workspace_file_missing_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        wf.read_workspace_file(tmp_path / "nope.json")


def test_read_workspace_file_refuses_a_folder(tmp_path):
    with pytest.raises(InvalidWorkspaceFile, match="folder"):
        wf.read_workspace_file(tmp_path)
