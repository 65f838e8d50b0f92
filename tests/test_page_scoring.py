"""Audit 2, /scoring: one-click rows save at once; the table view saves to
the store at once (all or nothing) without re-keying; the matrix and the
emotion curve are drawn, moments of truth are listed, and an empty workspace
is pointed to the Touchpoints page."""

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from audit import scoring
from audit.frameworks import default_stage_name
from audit.i18n import t
from audit.model import InvalidValue
from rendered import shown

LANGS = ["en", "es"]


def filled(store, name="Harbor Physio"):
    """A workspace with five touchpoints in journey order, one unscored."""
    ws = store.create_workspace(name, industry="health_clinic")
    stage = {s.key: s.id for s in store.stages(ws.id)}
    store.add_touchpoints(ws.id, [
        dict(stage_id=stage["know"], name="Google Maps profile", importance=5, performance=2, emotion=0),
        dict(stage_id=stage["trust"], name="Online reviews", importance=3, performance=4, emotion=1),
        dict(stage_id=stage["buy"], name="Online booking", importance=4, performance=5, emotion=-2,
             moment_of_truth=0),
        dict(stage_id=stage["repeat"], name="Reminder texts", importance=2, performance=2,
             moment_of_truth=1),
        dict(stage_id=stage["refer"], name="Review request"),
    ])
    return ws


def base_key(ws):
    return f"scoring-{ws.id}-table"


def table_view(at, ws):
    """Switch the page to its table view (the data editor)."""
    return at.toggle(key=f"scoring-{ws.id}-table-view").set_value(True).run()


def editor_key(at, ws):
    """The editor's current key (``table_editing.editor_key``): it changes only after a refused save."""
    if not at.data_editor:
        table_view(at, ws)
    key = at.data_editor[0].key
    assert key.startswith(base_key(ws) + "__v")
    return key


def edit(at, ws, edited_rows):
    at.session_state[editor_key(at, ws)] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def by_name(store, ws):
    return {tp.name: tp for tp in store.touchpoints(ws.id)}


# -- rendering ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_empty_workspace_points_to_the_touchpoints_page(make_app, app_store, lang):
    ws = app_store.create_workspace("Empty Shop", lang=lang)
    at = make_app(page="scoring", lang=lang, workspace=ws.slug)
    assert not at.exception
    assert at.title[0].value == t("nav.scoring", lang)
    assert at.info[0].value == t("scoring.empty", lang)
    link = at.get("page_link")[0]
    assert link.proto.page == "touchpoints"
    assert link.proto.label == t("scoring.go_touchpoints", lang)
    assert not at.data_editor and not at.get("vega_lite_chart")


@pytest.mark.parametrize("lang", LANGS)
def test_filled_workspace_shows_table_matrix_curve_and_moments(make_app, app_store, lang):
    ws = filled(app_store)
    at = make_app(page="scoring", lang=lang, workspace=ws.slug)
    assert not at.exception
    assert at.title[0].value == t("nav.scoring", lang)
    assert len(at.get("vega_lite_chart")) == 2  # the matrix and the emotion curve
    table_view(at, ws)
    assert len(at.get("vega_lite_chart")) == 2
    table = at.data_editor[0].value
    assert list(table["name"]) == ["Google Maps profile", "Online reviews", "Online booking",
                                   "Reminder texts", "Review request"]  # journey order
    assert list(table["stage"]) == [default_stage_name("hourglass", k, lang)
                                    for k in ("know", "trust", "buy", "repeat", "refer")]
    assert table["gap"].tolist()[:4] == [15, 3, 0, 6]
    quadrants = list(table["quadrant"])
    assert quadrants == [t(f"quadrant.{q}", lang) for q in
                         ("concentrate", "overkill", "keep_up", "low_priority", "to_score")]
    assert list(table["moment_of_truth"]) == ["auto", "auto", "no", "yes", "auto"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("scoring.metric.to_score", lang)] == "1"
    assert metrics[t("scoring.metric.scored", lang)] == t("scoring.metric.scored_value", lang, n=4, total=5)
    assert metrics[t("scoring.metric.moments", lang)] == "2"
    assert metrics[t("scoring.metric.concentrate", lang)] == "1"


@pytest.mark.parametrize("lang", LANGS)
def test_moments_of_truth_are_listed_with_their_quadrant(make_app, app_store, lang):
    ws = filled(app_store)
    at = make_app(page="scoring", lang=lang, workspace=ws.slug)
    moments = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    expected = [tp for tp in app_store.touchpoints(ws.id) if scoring.is_moment_of_truth(tp)]
    assert list(moments["name"]) == [tp.name for tp in expected] == ["Google Maps profile", "Reminder texts"]
    assert list(moments["flag"]) == [False, True]  # a check, never "1"
    assert list(moments["quadrant"]) == [
        t("quadrant.concentrate", lang), t("quadrant.low_priority", lang)]
    assert list(moments["reason"]) == [t("scoring.reason_auto", lang, importance=5),
                                       t("scoring.reason_flag", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_scoring_model_is_explained(make_app, app_store, lang):
    ws = filled(app_store)
    at = make_app(page="scoring", lang=lang, workspace=ws.slug)
    text = at.expander[0].markdown[0].value
    for q in (*scoring.QUADRANTS, "to_score"):
        assert t(f"quadrant.{q}", lang) in text
    assert "5 −" in text  # the gap formula


# -- saving ------------------------------------------------------------------------------
def test_setting_scores_reaches_the_database(make_app, app_store):
    ws = filled(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    before = editor_key(at, ws)
    at = edit(at, ws, {4: {"importance": 4, "performance": 2, "emotion": -1,
                           "pain_points": "Nobody asks", "evidence": "Only 12 reviews"}})
    assert not at.exception and not at.error
    tp = by_name(app_store, ws)["Review request"]
    assert (tp.importance, tp.performance, tp.emotion) == (4, 2, -1)
    assert (tp.pain_points, tp.evidence) == ("Nobody asks", "Only 12 reviews")
    # the editor keeps its key (no second render) and shows what the store
    # holds, computed columns included
    assert editor_key(at, ws) == before
    row = at.data_editor[0].value.iloc[4]
    assert (row["importance"], row["gap"]) == (4, 12)
    assert row["quadrant"] == t("quadrant.concentrate", "en")


def test_a_saved_edit_is_not_applied_again(make_app, app_store):
    ws = filled(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    at = edit(at, ws, {0: {"performance": 3}})
    tp = by_name(app_store, ws)["Google Maps profile"]
    assert tp.performance == 3
    app_store.update_touchpoints(ws.id, {tp.id: {"performance": 4}})  # another session
    at.run()
    assert by_name(app_store, ws)["Google Maps profile"].performance == 4


@pytest.mark.parametrize("choice, stored, is_moment", [
    ("yes", 1, True),
    ("no", 0, False),
    ("auto", None, True),  # importance 5 decides
])
def test_moment_of_truth_has_three_states(make_app, app_store, choice, stored, is_moment):
    ws = filled(app_store)
    tp = by_name(app_store, ws)["Google Maps profile"]
    app_store.update_touchpoints(ws.id, {tp.id: {"moment_of_truth": 0 if choice != "no" else 1}})
    at = make_app(page="scoring", workspace=ws.slug)
    at = edit(at, ws, {0: {"moment_of_truth": choice}})
    assert not at.exception and not at.error
    tp = by_name(app_store, ws)["Google Maps profile"]
    assert tp.moment_of_truth == stored
    assert scoring.is_moment_of_truth(tp) is is_moment
    assert at.data_editor[0].value["moment_of_truth"].iloc[0] == choice


def test_clearing_a_score_makes_the_touchpoint_to_score_again(make_app, app_store):
    ws = filled(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    at = edit(at, ws, {0: {"performance": None}})
    assert by_name(app_store, ws)["Google Maps profile"].performance is None
    assert at.data_editor[0].value["quadrant"].iloc[0] == t("quadrant.to_score", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_out_of_range_score_is_refused_and_nothing_changes(make_app, app_store, lang):
    ws = filled(app_store)
    before = {tp.id: tp for tp in app_store.touchpoints(ws.id)}
    at = make_app(page="scoring", lang=lang, workspace=ws.slug)
    # one valid and one invalid change in the same edit: all or nothing
    at = edit(at, ws, {1: {"performance": 1}, 0: {"importance": 9}})
    assert not at.exception
    expected = InvalidValue(column="importance", value=9, rule="int_range", lo=1, hi=5).message(lang)
    assert [shown(e.value) for e in at.error] == [expected]
    assert t("field.importance", lang) in expected
    assert {tp.id: tp for tp in app_store.touchpoints(ws.id)} == before
    # the editor shows the store again, and the next good edit clears the message
    assert at.data_editor[0].value["importance"].iloc[0] == 5
    at.run()
    assert [shown(e.value) for e in at.error] == [expected]  # kept until that part succeeds
    at = edit(at, ws, {1: {"performance": 1}})
    assert not at.error
    at.run()
    assert not at.error
    assert by_name(app_store, ws)["Online reviews"].performance == 1


@pytest.mark.parametrize("field, value", [
    ("emotion", 3), ("performance", 0), ("importance", 2.5), ("moment_of_truth", "maybe"),
])
def test_other_invalid_values_are_refused(make_app, app_store, field, value):
    ws = filled(app_store)
    before = app_store.touchpoints(ws.id)
    at = make_app(page="scoring", workspace=ws.slug)
    at = edit(at, ws, {0: {field: value}})
    assert not at.exception
    assert len(at.error) == 1 and t(f"field.{field}", "en") in shown(at.error[0].value)
    assert app_store.touchpoints(ws.id) == before


def test_editor_edits_never_reach_another_workspace(make_app, app_store):
    mine = filled(app_store, "Mine")
    other = filled(app_store, "Other")
    theirs = by_name(app_store, other)
    at = make_app(page="scoring", workspace=mine.slug)
    at = edit(at, mine, {0: {"importance": 1}})
    assert by_name(app_store, mine)["Google Maps profile"].importance == 1
    assert by_name(app_store, other) == theirs
    assert editor_key(at, mine).startswith(f"scoring-{mine.id}-")


def test_read_only_columns_are_not_saved(make_app, app_store):
    ws = filled(app_store)
    before = app_store.touchpoints(ws.id)
    at = make_app(page="scoring", workspace=ws.slug)
    at = edit(at, ws, {0: {"name": "Renamed", "stage": "Buy", "gap": 0, "quadrant": "x"}})
    assert not at.error
    assert app_store.touchpoints(ws.id) == before


# -- one-click rows ----------------------------------------------------------------------
def control(at, ws, tp, field):
    return at.segmented_control(key=f"scoring-{ws.id}-{tp.uid}-{field}")


def test_each_touchpoint_is_a_row_of_one_click_choices_grouped_by_stage(make_app, app_store):
    ws = filled(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    assert not at.exception and not at.data_editor  # the rows, not the table, by default
    for tp in app_store.touchpoints(ws.id):
        assert control(at, ws, tp, "importance").options == ["1", "2", "3", "4", "5"]
        assert control(at, ws, tp, "performance").value == tp.performance
        assert [shown(o) for o in control(at, ws, tp, "emotion").options] == [
            t(f"flow.emotion.{v}", "en") for v in range(-2, 3)]
        assert control(at, ws, tp, "moment_of_truth").value == {None: "auto", 1: "yes", 0: "no"}[tp.moment_of_truth]
    stage_heads = [m.value for m in at.markdown if m.value.startswith("##### ")]
    assert stage_heads == ["##### " + default_stage_name("hourglass", k, "en")
                           for k in ("know", "trust", "buy", "repeat", "refer")]


@pytest.mark.parametrize("field, value, stored", [
    ("importance", 3, 3), ("performance", 1, 1), ("emotion", -2, -2),
    ("moment_of_truth", "yes", 1), ("moment_of_truth", "no", 0),
])
def test_one_click_is_saved_and_a_second_session_sees_it(make_app, app_store, field, value, stored):
    ws = filled(app_store)
    tp = by_name(app_store, ws)["Review request"]
    at = make_app(page="scoring", workspace=ws.slug)
    control(at, ws, tp, field).set_value(value).run()
    assert not at.exception and not at.error
    assert getattr(by_name(app_store, ws)["Review request"], field) == stored
    other = make_app(page="scoring", workspace=ws.slug)  # another browser
    assert control(other, ws, tp, field).value == value


@pytest.mark.parametrize("field", ["importance", "performance", "emotion"])
def test_clicking_the_chosen_score_again_keeps_it(make_app, app_store, field):
    """A person confirming a suggestion clicks the chosen value: it must stay."""
    ws = filled(app_store)
    tp = by_name(app_store, ws)["Google Maps profile"]
    at = make_app(page="scoring", workspace=ws.slug)
    control(at, ws, tp, field).set_value(None).run()
    assert not at.exception
    assert getattr(by_name(app_store, ws)["Google Maps profile"], field) == getattr(tp, field)
    assert control(at, ws, tp, field).value == getattr(tp, field)


def test_a_click_shows_in_the_same_run(make_app, app_store):
    ws = filled(app_store)
    tp = by_name(app_store, ws)["Review request"]
    at = make_app(page="scoring", workspace=ws.slug)
    control(at, ws, tp, "importance").set_value(5).run()
    control(at, ws, tp, "performance").set_value(2).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("scoring.metric.to_score", "en")] == "0"
    assert metrics[t("scoring.metric.concentrate", "en")] == "2"


def test_moment_of_truth_back_to_auto_and_auto_says_what_it_decides(make_app, app_store):
    ws = filled(app_store)
    tp = by_name(app_store, ws)["Reminder texts"]  # marked yes, importance 2
    at = make_app(page="scoring", workspace=ws.slug)
    control(at, ws, tp, "moment_of_truth").set_value(None).run()  # the chosen "yes" clicked again
    assert by_name(app_store, ws)["Reminder texts"].moment_of_truth is None
    assert control(at, ws, tp, "moment_of_truth").value == "auto"
    widget = control(at, ws, tp, "moment_of_truth")
    assert widget.format_func("auto") == t("flow.score.auto_no", "en")  # importance 2: not a moment


def test_a_score_from_another_session_shows_on_the_next_run(make_app, app_store):
    ws = filled(app_store)
    tp = by_name(app_store, ws)["Online reviews"]
    at = make_app(page="scoring", workspace=ws.slug)
    app_store.update_touchpoints(ws.id, {tp.id: {"performance": 1}})
    at.run()
    assert control(at, ws, tp, "performance").value == 1


def test_a_click_on_one_workspace_never_reaches_another(make_app, app_store):
    mine, other = filled(app_store, "Mine"), filled(app_store, "Other")
    theirs = by_name(app_store, other)
    at = make_app(page="scoring", workspace=mine.slug)
    control(at, mine, by_name(app_store, mine)["Online reviews"], "importance").set_value(1).run()
    assert by_name(app_store, mine)["Online reviews"].importance == 1
    assert by_name(app_store, other) == theirs


def test_pains_and_positives_are_saved_on_change(make_app, app_store):
    ws = filled(app_store)
    tp = by_name(app_store, ws)["Online booking"]
    at = make_app(page="scoring", workspace=ws.slug)
    base = f"scoring-{ws.id}-{tp.uid}"
    assert not at.text_input  # drawn when the row's "Notes" opens
    notes = at.button(key=f"{base}-notes")
    assert notes.label == t("flow.score.notes", "en") and not notes.help  # explained once, in the column head
    notes.click().run()  # the user opens "Notes"
    assert at.button(key=f"{base}-notes").label == t("flow.score.notes_hide", "en")
    assert [w.key for w in at.text_input] == [f"{base}-pain_points", f"{base}-positives"]  # that row's only
    for field, text in (("pain_points", "The calendar is hard to read"), ("positives", "Confirmation by text")):
        at.text_input(key=f"{base}-{field}").input(text).run()
    saved = by_name(app_store, ws)["Online booking"]
    assert (saved.pain_points, saved.positives) == ("The calendar is hard to read", "Confirmation by text")
    at.button(key=f"{base}-notes").click().run()  # "Hide notes"
    assert not at.text_input
    assert at.button(key=f"{base}-notes").proto.type == "secondary"  # noted: it stands out when closed


def test_notes_of_two_rows_open_and_close_on_their_own(make_app, app_store):
    ws = filled(app_store)
    one, two = by_name(app_store, ws)["Online booking"], by_name(app_store, ws)["Online reviews"]
    at = make_app(page="scoring", workspace=ws.slug)
    for tp in (one, two):
        at.button(key=f"scoring-{ws.id}-{tp.uid}-notes").click().run()
    assert {w.key for w in at.text_input} == {f"scoring-{ws.id}-{tp.uid}-{f}" for tp in (one, two)
                                              for f in ("pain_points", "positives")}
    at.button(key=f"scoring-{ws.id}-{one.uid}-notes").click().run()
    assert {w.key for w in at.text_input} == {f"scoring-{ws.id}-{two.uid}-{f}" for f in ("pain_points", "positives")}


def many(store, n=65):
    ws = store.create_workspace("Big Clinic")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [dict(stage_id=stages[i % 7].id, name=f"tp {i:02d}") for i in range(n)])
    return ws


def test_a_long_list_is_drawn_a_page_at_a_time_and_a_stage_can_be_chosen(make_app, app_store):
    ws = many(app_store)
    tps = app_store.touchpoints(ws.id)
    at = make_app(page="scoring", workspace=ws.slug)
    pages = at.segmented_control(key=f"scoring-{ws.id}-page")
    assert [shown(o) for o in pages.options] == ["1–15 of 65", "16–30 of 65", "31–45 of 65", "46–60 of 65",
                                                  "61–65 of 65"]
    assert len([w for w in at.segmented_control if w.key.endswith("-performance")]) == 15
    pages.set_value(4).run()
    rows = [w.key for w in at.segmented_control if w.key.endswith("-performance")]
    assert rows == [f"scoring-{ws.id}-{tp.uid}-performance" for tp in tps[60:]]
    at.pills(key=f"scoring-{ws.id}-show").set_value(tps[0].stage_id).run()
    rows = [w.key for w in at.segmented_control if w.key.endswith("-performance")]
    assert rows == [f"scoring-{ws.id}-{tp.uid}-performance" for tp in tps if tp.stage_id == tps[0].stage_id]
    # a large workspace starts with the charts folded: a click does not redraw them
    assert not at.get("vega_lite_chart")


PACK = """
[pack]
id = "testclinic"
name = { en = "Test clinic", es = "Clínica de prueba" }

[[touchpoint]]
stage = "know"
name = { en = "Google Business Profile", es = "Ficha de Google" }
channel = "online"
owner = { en = "Front desk", es = "Recepción" }
kpi = { en = "Views", es = "Visitas" }
importance = 4

[[touchpoint]]
stage = "know"
name = { en = "Street sign", es = "Rótulo" }
channel = "offline"
owner = { en = "Owner", es = "Dueña" }
kpi = { en = "Walk-ins", es = "Visitas sin cita" }
"""


@pytest.fixture
def test_pack(tmp_path, monkeypatch):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "testclinic.toml").write_text(PACK, encoding="utf-8")
    monkeypatch.setenv("HOURGLASS_CHECKLISTS", str(folder))
    from audit.checklists import load_library
    return load_library().packs["testclinic"]


@pytest.mark.parametrize("lang", LANGS)
def test_typical_importance_is_prefilled_and_marked_until_changed(make_app, app_store, test_pack, lang):
    from audit import suggestions
    ws = app_store.create_workspace("Smile", industry="testclinic", lang=lang)
    know = app_store.stages(ws.id)[0]
    app_store.add_touchpoints(ws.id, suggestions.plan_add_all(test_pack.touchpoints, [], stage_id=know.id,
                                                              lang=lang))
    profile, sign = app_store.touchpoints(ws.id)
    assert (profile.importance, sign.importance) == (4, None)  # pre-filled from the pack
    at = make_app(page="scoring", lang=lang, workspace=ws.slug)
    suggested = t("flow.score.suggested", lang, n=4)
    assert control(at, ws, profile, "importance").value == 4
    shown = lambda: [m.value for m in at.markdown if f":small[{suggested}]" in m.value]  # noqa: E731
    assert len(shown()) == 1 and profile.name in shown()[0]  # the profile's, not the sign's
    control(at, ws, profile, "importance").set_value(5).run()
    assert not shown()
    assert by_name(app_store, ws)[profile.name].importance == 5


def test_the_page_ends_with_next_and_what_is_left(make_app, app_store):
    ws = filled(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    link = at.get("page_link")[-1]
    assert link.proto.page == "checklist"
    assert link.proto.label == t("flow.next", "en", step=t("nav.checklist", "en"))
    assert t("flow.left.scoring_one", "en", n=1) in [c.value for c in at.caption]


def test_table_view_saves_only_what_changed_since_the_last_save(make_app, app_store):
    """The editor reports every edit since it was drawn: a later edit must not
    write an earlier cell again over another session's change."""
    ws = filled(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    key = editor_key(at, ws)
    at = edit(at, ws, {0: {"performance": 3}})
    tp = by_name(app_store, ws)["Google Maps profile"]
    app_store.update_touchpoints(ws.id, {tp.id: {"performance": 1}})  # another session
    at = edit(at, ws, {0: {"performance": 3}, 1: {"emotion": -1}})  # the editor's whole state
    assert editor_key(at, ws) == key
    assert by_name(app_store, ws)["Google Maps profile"].performance == 1
    assert by_name(app_store, ws)["Online reviews"].emotion == -1



def test_the_moments_table_is_built_again_only_when_the_moments_change(make_app, app_store, monkeypatch):
    """Kept while the moments of truth stay the same (issue 11), and still
    following a click that changes one, in either language."""
    from views import session

    built = []
    kept_under = session.kept_under

    def counting(slot, key, compute, **share):
        return kept_under(slot, key, lambda: built.append(slot) or compute(), **share)


    monkeypatch.setattr(session, "kept_under", counting)
    moments_built = lambda: built.count(session.Keys.MOMENTS_FRAME)  # noqa: E731
    ws = filled(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    at.run()
    at.run()
    assert moments_built() == 1
    tp = by_name(app_store, ws)["Google Maps profile"]
    control(at, ws, tp, "performance").set_value(4).run()
    moments = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert list(moments["gap"])[0] == 5  # importance 5 × (5 − performance 4); it was 15
    assert moments_built() == 2
    at.session_state["lang"] = "es"
    at.run()
    moments = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert list(moments["reason"])[0] == t("scoring.reason_auto", "es", importance=5)
    assert moments_built() == 3


@given(hs.lists(hs.integers(1, 4), max_size=40).map(sorted))
def test_rows_are_cut_into_parts_of_one_stage_and_at_most_five(stage_ids):
    """Each part is a fragment: a row-only click reruns its part (five rows at
    most), and a full run pays one fragment per part, not per row (issue 11)."""
    from types import SimpleNamespace

    from views import scoring_rows

    rows = [SimpleNamespace(stage_id=s, n=i) for i, s in enumerate(stage_ids)]
    parts = scoring_rows.parts(rows)
    assert [tp for part in parts for tp in part] == rows  # every row once, in order
    assert all(0 < len(part) <= scoring_rows.ROWS_PER_PART for part in parts)
    assert all(len({tp.stage_id for tp in part}) == 1 for part in parts)
    per_stage = {s: stage_ids.count(s) for s in set(stage_ids)}
    assert len(parts) == sum(-(-n // scoring_rows.ROWS_PER_PART) for n in per_stage.values())  # no more than needed


def test_a_page_of_rows_draws_one_fragment_per_five_rows(make_app, app_store, monkeypatch):
    from views import scoring_rows

    drawn = []
    part = scoring_rows.rows_part
    monkeypatch.setattr(scoring_rows, "rows_part", lambda ws_id, ids: (drawn.append(ids), part(ws_id, ids)))
    ws = many(app_store)  # 65 touchpoints: a page of 15 rows
    at = make_app(page="scoring", workspace=ws.slug)
    assert not at.exception
    assert [len(ids) for ids in drawn] == [5, 5, 5]
    assert len([w for w in at.segmented_control if w.key.endswith("-performance")]) == 15
