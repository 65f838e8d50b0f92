"""The demo workspaces: complete, realistic audits that show every feature."""

import json
import re
from dataclasses import replace
from datetime import date

import pytest

from audit import backlog, insights, scoring
from audit.demo import DEMO_DIR, demo_files, load_demo
from audit.model import PERSONA_FIELDS, STAGE_TEXT_FIELDS
from audit.workspace_file import plan_import, read_workspace_file


TODAY = date(2026, 12, 2)


@pytest.fixture
def demo(store, library):
    return {ws.slug: ws for ws in load_demo(store, library=library, today=TODAY)}


def test_the_demo_files_are_valid_workspace_files():
    files = demo_files()
    assert len(files) == 2
    for path in files:
        doc = read_workspace_file(path)
        doc.pop("demo", None)
        assert "backlog_items" not in doc or not doc["backlog_items"]  # generated on load
        plan_import(doc)


def test_demo_loads_a_spanish_and_an_english_workspace(demo):
    assert set(demo) == {"panaderia-la-espiga", "harbor-physio"}
    espiga, harbor = demo["panaderia-la-espiga"], demo["harbor-physio"]
    assert (espiga.name, espiga.lang, espiga.industry, espiga.framework) == \
        ("Panadería La Espiga", "es", "retail", "hourglass")
    assert (harbor.name, harbor.lang, harbor.industry, harbor.framework) == \
        ("Harbor Physio", "en", "health_clinic", "purchase-route")


def test_demo_twice_does_not_duplicate(store, library, demo):
    before = {ws.slug: (len(store.backlog_items(ws.id)), len(store.snapshots(ws.id)))
              for ws in store.workspaces()}
    assert load_demo(store, library=library) == []
    assert len(store.workspaces()) == 2
    assert {ws.slug: (len(store.backlog_items(ws.id)), len(store.snapshots(ws.id)))
            for ws in store.workspaces()} == before


def test_demo_skips_a_workspace_whose_slug_is_taken(store, library):
    store.create_workspace("Harbor Physio")
    loaded = load_demo(store, library=library)
    assert [ws.slug for ws in loaded] == ["panaderia-la-espiga"]


SLUGS = ("panaderia-la-espiga", "harbor-physio")


@pytest.mark.parametrize("slug", SLUGS)
def test_persona_and_journey_are_filled_in(store, demo, slug):
    ws = demo[slug]
    personas = store.personas(ws.id)
    assert personas[0].is_primary and all(getattr(personas[0], f).strip() for f in PERSONA_FIELDS)
    for stage in store.stages(ws.id):
        assert all(getattr(stage, f).strip() for f in STAGE_TEXT_FIELDS), stage.key


@pytest.mark.parametrize("slug", SLUGS)
def test_touchpoints_in_every_stage_with_channel_owner_and_kpi(store, demo, slug):
    ws = demo[slug]
    touchpoints = store.touchpoints(ws.id)
    empty = 0
    for stage in store.stages(ws.id):
        mine = [t for t in touchpoints if t.stage_id == stage.id]
        empty += not mine
        assert not mine or 3 <= len(mine) <= 5, stage.key
    assert empty <= 1
    assert all(t.channel in ("online", "offline") and t.owner and t.kpi for t in touchpoints)


@pytest.mark.parametrize("slug", SLUGS)
def test_scores_are_a_realistic_mix(store, demo, slug):
    touchpoints = store.touchpoints(demo[slug].id)
    quadrants = [scoring.quadrant(t.importance, t.performance) for t in touchpoints]
    assert 1 <= quadrants.count(None) <= 2  # one or two left to score
    assert set(quadrants) - {None} == set(scoring.QUADRANTS)
    assert quadrants.count(scoring.CONCENTRATE) >= 3
    pains = [t for t in touchpoints if t.emotion is not None and t.emotion <= -1]
    assert pains and any(t.pain_points for t in pains)
    assert any(t.positives for t in touchpoints)


@pytest.mark.parametrize("slug", SLUGS)
def test_checklist_answers_are_real_questions_with_every_answer(store, library, demo, slug):
    ws = demo[slug]
    answers = store.answers(ws.id)
    pack = library.pack(ws.industry)
    assert len(answers) >= 20
    assert all(key.startswith(pack.id + ":") and library.question(key) for key in answers)
    assert set(answers.values()) == {"yes", "partly", "no", "na"}


@pytest.mark.parametrize("slug", SLUGS)
def test_customer_counts_fall_to_the_sale_and_show_what_comes_after(store, demo, slug):
    stages = store.stages(demo[slug].id)
    counts = [s.customers for s in stages]
    assert all(isinstance(c, int) and c > 0 for c in counts)
    p = insights.purchase_index(stages)
    funnel = counts[:p + 1]
    assert funnel == sorted(funnel, reverse=True)  # no "check the counts" warning
    assert insights.growth(stages) == []
    assert counts[0] == max(counts)


def test_one_demo_counts_comebacks_within_the_buyers_the_other_beyond():
    """Harbor: 60 of 105 buyers came back (a percentage); La Espiga: more comebacks than
    buyers in the period (no percentage): both sentences of "after the sale" show."""
    def comeback(slug):
        doc = json.loads((DEMO_DIR / f"{slug}.json").read_text(encoding="utf-8"))
        by_key = {s["key"]: s["customers"] for s in doc["stages"]}
        buyers = by_key.get("buy") or by_key.get("decision")
        back = by_key.get("repeat") or by_key.get("retention")
        return back <= buyers
    assert comeback("harbor-physio") and not comeback("panaderia-la-espiga")


@pytest.mark.parametrize("slug", SLUGS)
def test_backlog_has_every_source_the_data_implies(store, library, demo, slug):
    ws = demo[slug]
    data = store.workspace_data(ws.id)
    items = [i for i in store.backlog_items(ws.id) if not i.resolved_by_audit]
    assert items
    implied = {"manual"}
    fix = {t.uid for t in data.touchpoints if backlog.needs_fix(t)}
    if fix:
        implied.add("touchpoint")
    if any(t.uid not in fix and t.emotion is not None and t.emotion <= -1 for t in data.touchpoints):
        implied.add("pain")
    if any(not any(t.stage_id == s.id for t in data.touchpoints) for s in data.stages):
        implied.add("coverage")
    if any(a in ("no", "partly") for a in data.answers.values()):
        implied.add("checklist")
    if any(backlog.is_strength(t) for t in data.touchpoints):
        implied.add("strength")
    assert {"touchpoint", "pain", "checklist", "strength"} <= implied
    assert {i.source for i in items} == implied


@pytest.mark.parametrize("slug", SLUGS)
def test_two_backlog_items_show_editing(store, library, demo, slug):
    ws = demo[slug]
    edited = [i for i in store.backlog_items(ws.id) if i.edited_fields and i.source != "manual"]
    assert len(edited) == 2
    assert all(i.edited_fields == {"owner", "status"} and i.owner for i in edited)
    assert {i.status for i in edited} == {"doing", "done"}
    # regenerating changes nothing, and keeps the edits
    assert backlog.plan(store.workspace_data(ws.id), library, store.backlog_items(ws.id)).empty


# --- every feature has something to show ---------------------------------------

def everything(store, demo):
    return {slug: (store.workspace_data(ws.id), store.backlog_items(ws.id)) for slug, ws in demo.items()}


def test_the_demos_show_an_empty_a_renamed_and_an_added_stage(store, demo):
    stages = [s for data, _ in everything(store, demo).values() for s in data.stages]
    touched = {t.stage_id for data, _ in everything(store, demo).values() for t in data.touchpoints}
    assert [s.name for s in stages if s.id not in touched] == ["Encargos para empresas"]
    assert {s.name for s in stages if s.key and s.name} == {"Recomendar", "Referrals and reviews"}
    assert [s.name for s in stages if not s.key] == ["Encargos para empresas"]


def test_one_demo_is_on_the_purchase_route_with_its_own_stage_keys(store, demo):
    data, _ = everything(store, demo)["harbor-physio"]
    assert [s.key for s in data.stages] == ["discovery", "consideration", "decision", "retention",
                                            "recommendation"]


@pytest.mark.parametrize("slug", SLUGS)
def test_manual_items_with_due_dates(store, demo, slug):
    manual = [i for i in store.backlog_items(demo[slug].id) if i.source == "manual"]
    assert len(manual) == 2
    assert all(i.title and i.owner and date.fromisoformat(i.due_date) > TODAY for i in manual)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_item_marked_done_is_the_one_the_audit_resolved(store, demo, slug):
    """No item is "done" while its cause remains: the re-audit confirms it."""
    items = store.backlog_items(demo[slug].id)
    done = [i for i in items if i.status == "done" and i.source != "manual"]
    resolved = [i for i in items if i.resolved_by_audit]
    assert len(done) == 1 and done == resolved


def test_a_moment_of_truth_flag_changes_the_backlog(store, library, demo):
    data, items = everything(store, demo)["harbor-physio"]
    [flagged] = [t for t in data.touchpoints if t.moment_of_truth == 1 and t.importance == 3]
    assert flagged.performance == 1 and scoring.quadrant(3, 1) == scoring.LOW_PRIORITY
    assert any(i.touchpoint_uid == flagged.uid and i.source == "touchpoint" for i in items)
    unflagged = replace(data, touchpoints=[replace(t, moment_of_truth=None) if t is flagged else t
                                           for t in data.touchpoints])
    assert not any(row.get("touchpoint_uid") == flagged.uid and row["source"] == "touchpoint"
                   for row in backlog.compute_items(unflagged, library))


@pytest.mark.parametrize("slug", SLUGS)
def test_strengths_are_important_well_performing_and_say_why(store, demo, slug):
    data, items = everything(store, demo)[slug]
    strengths = {i.touchpoint_uid for i in items if i.source == "strength"}
    assert strengths
    for tp in data.touchpoints:
        if tp.uid in strengths:
            assert tp.importance >= 4 and tp.performance >= 4 and tp.positives.strip()


@pytest.mark.parametrize("slug", SLUGS)
def test_two_snapshots_before_and_after_the_change(store, demo, slug):
    before, after = store.snapshots(demo[slug].id)
    assert before.label and after.label and before.label != after.label
    b, a = json.loads(before.data) if isinstance(before.data, str) else before.data, \
        json.loads(after.data) if isinstance(after.data, str) else after.data
    assert (b["backlog"]["resolved_by_audit"], a["backlog"]["resolved_by_audit"]) == (0, 1)
    assert sum(s["health"] or 0 for s in a["stages"]) > sum(s["health"] or 0 for s in b["stages"])


def test_the_bakery_runs_tastings_so_the_events_question_is_answered():
    doc = json.loads((DEMO_DIR / "panaderia-la-espiga.json").read_text(encoding="utf-8"))
    answers = {a["question"]: a["answer"] for a in doc["checklist_answers"]}
    names = [t["name"] for s in doc["stages"] for t in s["touchpoints"]]
    assert any("Degustación" in n for n in names)
    assert answers["retail:try-in-store-events"] != "na"


def test_the_spanish_demo_says_tu_never_vosotros():
    text = (DEMO_DIR / "panaderia-la-espiga.json").read_text(encoding="utf-8")
    assert re.findall(r"\b\w+(?:áis|éis)\b", text) == []
    assert not re.search(r"\bco(?:ger|jan|ge|gen)\b", text)  # «atender el teléfono»


def test_spanish_demo_speaks_spanish(store, demo):
    ws = demo["panaderia-la-espiga"]
    from audit.i18n import catalog
    items = store.backlog_items(ws.id)
    titles = [i.title + " " + i.detail for i in items if i.source != "manual"]
    english = [v.split(" ")[0] for k, v in catalog("en").items() if k.startswith("backlog.gen.")]
    assert titles and not any(t.startswith(w + " ") for t in titles for w in english if w not in ("Checklist",))
    assert all("importancia" in i.detail for i in items if i.source == "touchpoint")
    assert "Marta" in store.personas(ws.id)[0].name
