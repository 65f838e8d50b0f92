"""The quick scan's engine: the workspace it starts, what each answer writes,
what it reads back, and the plan it builds (audit/quick_scan.py)."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import quick_scan, scoring
from audit.checklists import load_library
from audit.i18n import t
from audit.model import InvalidValue

PACK_DIR = Path(__file__).resolve().parent / "packs" / "quick"


@pytest.fixture(scope="module")
def qlib():
    """The shipped packs and the test-only ``quick_clinic`` pack (8 moments)."""
    from audit.checklists import BUILTIN_DIR

    return load_library((BUILTIN_DIR, PACK_DIR))


@pytest.fixture
def scan(store, qlib):
    return quick_scan.start(store, qlib, name="Clínica Sonrisa", industry="quick_clinic", lang="es")


def asked(store, qlib, ws):
    data = store.workspace_data(ws.id)
    return quick_scan.moments(qlib.pack(ws.industry), data.stages, data.workspace.framework)


# -- step 1 -----------------------------------------------------------------------
def test_start_creates_an_ordinary_workspace_with_the_persona_template_and_default_journey(store, qlib, scan):
    assert (scan.name, scan.industry, scan.lang, scan.framework) == ("Clínica Sonrisa", "quick_clinic", "es", "hourglass")
    assert [s.key for s in store.stages(scan.id)] == ["know", "like", "trust", "try", "buy", "repeat", "refer"]
    persona = store.personas(scan.id)[0]
    assert (persona.name, persona.goals) == ("Marta, madre de dos hijos", "Una revisión sin esperas")
    assert store.touchpoints(scan.id) == []


@pytest.mark.parametrize("name, rule", [
    ("", "non_empty"), ("   ", "non_empty"),
    ("Clínica Sonrisa", "name_taken"), ("clinica sonrisa", "name_taken"), ("  CLÍNICA SONRISA ", "name_taken"),
])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_empty_or_taken_name_is_refused_with_a_message_in_the_language(store, qlib, scan, name, rule, lang):
    with pytest.raises(InvalidValue) as caught:
        quick_scan.start(store, qlib, name=name, industry="quick_clinic", lang=lang)
    assert caught.value.rule == rule
    assert t(f"allowed.{rule}", lang, other="Clínica Sonrisa") in caught.value.message(lang)
    assert [w.name for w in store.workspaces()] == ["Clínica Sonrisa"]


def test_an_unknown_industry_is_refused(store, qlib):
    with pytest.raises(InvalidValue):
        quick_scan.start(store, qlib, name="X", industry="no-such-pack", lang="en")
    assert store.workspaces() == []


# -- step 2 -----------------------------------------------------------------------
def test_the_moments_are_the_pack_moments_in_journey_order_with_their_stage(store, qlib, scan):
    moments = asked(store, qlib, scan)
    assert [m.entry.id for m in moments] == ["google-profile", "website", "reviews", "first-call", "booking",
                                             "payment", "reminder", "referral"]
    assert [m.stage.key for m in moments] == ["know", "like", "trust", "try", "try", "buy", "repeat", "refer"]
    assert [m.importance for m in moments] == [4, 4, 5, 5, 4, 3, 4, 3]


def test_moments_of_a_pack_without_any_are_none(store, qlib):
    ws = store.create_workspace("Plain")
    data = store.workspace_data(ws.id)
    assert quick_scan.moments(None, data.stages, data.workspace.framework) == []


@pytest.mark.parametrize("given_answer, performance, notes", [
    ("1", 1, ""), ("2", 2, ""), ("3", 3, ""), ("4", 4, ""), ("5", 5, ""),
    ("missing", 1, "Todavía no existe (escaneo rápido: «No lo tenemos»)."),
])
def test_one_answer_writes_one_touchpoint_from_the_pack_in_the_workspace_language(
        store, qlib, scan, given_answer, performance, notes):
    quick_scan.answer(store, scan.id, qlib, "quick_clinic:trust:reviews", given_answer)
    [tp] = store.touchpoints(scan.id)
    trust = next(s for s in store.stages(scan.id) if s.key == "trust")
    assert (tp.stage_id, tp.name, tp.channel, tp.owner, tp.kpi, tp.suggestion) == (
        trust.id, "Reseñas en internet", "online", "Recepción", "Clientes al mes", "quick_clinic:trust:reviews")
    assert (tp.importance, tp.performance, tp.moment_of_truth, tp.notes) == (5, performance, 1, notes)
    assert quick_scan.answers(store.touchpoints(scan.id), asked(store, qlib, scan))["quick_clinic:trust:reviews"] == given_answer


def test_changing_an_answer_updates_the_same_touchpoint_and_taking_it_back_clears_the_score(store, qlib, scan):
    key = "quick_clinic:try:first-call"
    for given_answer in ("missing", "4", "missing", None, "2"):
        quick_scan.answer(store, scan.id, qlib, key, given_answer)
        [tp] = store.touchpoints(scan.id)
        assert quick_scan.answer_of(tp) == given_answer
    assert tp.notes == ""  # the "not in place" note went with the answer that wrote it


def test_an_answer_keeps_what_the_full_audit_changed(store, qlib, scan):
    key = "quick_clinic:know:google-profile"
    quick_scan.answer(store, scan.id, qlib, key, "2")
    [tp] = store.touchpoints(scan.id)
    store.update_touchpoints(scan.id, {tp.id: {"importance": 2, "name": "Google Maps", "notes": "Fotos viejas"}})
    quick_scan.answer(store, scan.id, qlib, key, "missing")
    [tp] = store.touchpoints(scan.id)
    assert (tp.importance, tp.name, tp.notes, tp.performance) == (2, "Google Maps", "Fotos viejas", 1)


def test_a_touchpoint_accepted_as_a_suggestion_is_answered_not_duplicated(store, qlib, scan):
    from audit.suggestions import from_suggestion

    entry = qlib.packs["quick_clinic"].touchpoint("website")
    like = next(s for s in store.stages(scan.id) if s.key == "like")
    store.add_touchpoints(scan.id, [from_suggestion(entry, stage_id=like.id, lang="es")])
    quick_scan.answer(store, scan.id, qlib, entry.key, "3")
    [tp] = store.touchpoints(scan.id)
    assert (tp.importance, tp.performance) == (4, 3)


@pytest.mark.parametrize("key, given_answer", [
    ("quick_clinic:know:leaflet", "2"),  # in the pack, not a moment
    ("quick_clinic:know:nothing", "2"),
    ("quick_clinic:trust:reviews", "6"),
    ("quick_clinic:trust:reviews", "bad"),
])
def test_an_answer_the_scan_does_not_ask_is_refused_and_nothing_is_written(store, qlib, scan, key, given_answer):
    with pytest.raises(InvalidValue):
        quick_scan.answer(store, scan.id, qlib, key, given_answer)
    assert store.touchpoints(scan.id) == []


def test_a_whole_scan_is_one_plan_applied_in_one_transaction(store, qlib, scan):
    moments = asked(store, qlib, scan)
    given_answers = dict(zip((m.key for m in moments), ["missing", "2", "2", "1", "4", "5", "3", None]))
    data = store.workspace_data(scan.id)
    plan = quick_scan.plan(data, qlib.pack("quick_clinic"), given_answers)
    assert len(plan.inserts) == 7 and plan.updates == {}
    plan.inserts[-1]["importance"] = 9  # one bad row: nothing is written
    with pytest.raises(InvalidValue):
        quick_scan.apply(store, scan.id, plan)
    assert store.touchpoints(scan.id) == []
    quick_scan.apply(store, scan.id, quick_scan.plan(data, qlib.pack("quick_clinic"), given_answers))
    assert quick_scan.answers(store.touchpoints(scan.id), moments) == given_answers
    again = quick_scan.plan(store.workspace_data(scan.id), qlib.pack("quick_clinic"), given_answers)
    assert again.empty  # idempotent


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(clicks=st.lists(st.tuples(st.integers(0, 7), st.sampled_from(quick_scan.ANSWERS + (None,))), max_size=12))
def test_whatever_the_clicks_the_workspace_holds_the_last_answer_of_each_moment_once(store, qlib, clicks):
    ws = store.find_workspace("hypo") or quick_scan.start(store, qlib, name="Hypo", industry="quick_clinic", lang="en")
    store.delete_touchpoints(ws.id, [tp.id for tp in store.touchpoints(ws.id)])
    moments = asked(store, qlib, ws)
    last = {}
    for index, given_answer in clicks:
        quick_scan.answer(store, ws.id, qlib, moments[index].key, given_answer)
        last[moments[index].key] = given_answer
    touchpoints = store.touchpoints(ws.id)
    assert len({tp.suggestion for tp in touchpoints}) == len(touchpoints)
    read = quick_scan.answers(touchpoints, moments)
    assert {k: v for k, v in read.items() if k in last} == last
    assert all(v is None for k, v in read.items() if k not in last)


# -- step 3 -----------------------------------------------------------------------
def test_the_plan_puts_the_moment_with_the_largest_gap_first(store, qlib, scan):
    moments = asked(store, qlib, scan)
    by_id = {m.entry.id: m.key for m in moments}
    answers = {"google-profile": "2", "website": "2", "reviews": "missing", "first-call": "2", "booking": "2",
               "payment": "4", "reminder": "2", "referral": "5"}
    quick_scan.apply(store, scan.id, quick_scan.plan(store.workspace_data(scan.id), qlib.pack("quick_clinic"),
                                                     {by_id[k]: v for k, v in answers.items()}))
    items = quick_scan.build(store, scan.id, qlib)
    assert len(items) >= 5
    touchpoints = {tp.uid: tp for tp in store.touchpoints(scan.id)}
    first = touchpoints[items[0].touchpoint_uid]
    assert first.suggestion == by_id["reviews"]  # importance 5, not in place: gap 20
    gaps = [scoring.gap(tp.importance, tp.performance) for tp in touchpoints.values()]
    assert scoring.gap(first.importance, first.performance) == max(gaps) == 20
    assert quick_scan.build(store, scan.id, qlib) == items  # building again changes nothing


SHIPPED = sorted(p for p, pack in load_library().packs.items() if pack.moments())


@pytest.mark.parametrize("pack_id", SHIPPED)
def test_every_shipped_pack_gives_a_plan_of_five_led_by_the_largest_gap(store, qlib, pack_id):
    """The most important moment missing, the next five done badly, the rest well."""
    ws = quick_scan.start(store, qlib, name=pack_id, industry=pack_id, lang="es")
    moments = asked(store, qlib, ws)
    assert 8 <= len(moments) <= 12
    order = sorted(range(len(moments)), key=lambda i: (-moments[i].importance, i))
    given_answers = {moments[order[0]].key: "missing"}
    given_answers.update({moments[i].key: "2" for i in order[1:6]})
    given_answers.update({m.key: "4" for m in moments if m.key not in given_answers})
    quick_scan.apply(store, ws.id, quick_scan.plan(store.workspace_data(ws.id), qlib.pack(pack_id), given_answers))
    items = quick_scan.build(store, ws.id, qlib)
    assert len(items) >= 5
    first = next(tp for tp in store.touchpoints(ws.id) if tp.uid == items[0].touchpoint_uid)
    assert first.suggestion == moments[order[0]].key
