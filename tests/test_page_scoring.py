"""Audit 2, /scoring: the score table saves to the store at once (all or
nothing), the matrix and the emotion curve are drawn, moments of truth are
listed, and an empty workspace is pointed to the Touchpoints page."""

import pytest

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


def editor_key(at, ws):
    """The editor's current key (``session.editor_key``): it changes after every save."""
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
    assert at.title[0].value == t("scoring.title", lang)
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
    assert at.title[0].value == t("scoring.title", lang)
    assert len(at.get("vega_lite_chart")) == 2  # the matrix and the emotion curve
    table = at.data_editor[0].value
    assert list(table["name"]) == ["Google Maps profile", "Online reviews", "Online booking",
                                   "Reminder texts", "Review request"]  # journey order
    assert list(table["stage"]) == [default_stage_name("hourglass", k, lang)
                                    for k in ("know", "trust", "buy", "repeat", "refer")]
    assert table["gap"].tolist()[:4] == [15, 3, 0, 6]
    quadrants = [q.split(" ", 1)[1] for q in table["quadrant"]]
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
    moments = at.dataframe[1].value  # [0] is the score table
    expected = [tp for tp in app_store.touchpoints(ws.id) if scoring.is_moment_of_truth(tp)]
    assert list(moments["name"]) == [tp.name for tp in expected] == ["Google Maps profile", "Reminder texts"]
    assert [q.split(" ", 1)[1] for q in moments["quadrant"]] == [
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
    # the editor is re-keyed and shows what the store holds, computed columns included
    assert editor_key(at, ws) != before
    row = at.data_editor[0].value.iloc[4]
    assert (row["importance"], row["gap"]) == (4, 12)
    assert row["quadrant"].endswith(t("quadrant.concentrate", "en"))


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
    assert at.data_editor[0].value["quadrant"].iloc[0].endswith(t("quadrant.to_score", "en"))


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
    at = edit(at, ws, {1: {"performance": 1}})
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
