"""The demo workspaces: complete, realistic audits that show every feature."""

import pytest

from audit import backlog, scoring
from audit.demo import demo_files, load_demo
from audit.model import PERSONA_FIELDS, STAGE_TEXT_FIELDS
from audit.workspace_file import plan_import, read_workspace_file


@pytest.fixture
def demo(store, library):
    return {ws.slug: ws for ws in load_demo(store, library=library)}


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
        ("Harbor Physio", "en", "health_clinic", "hourglass")


def test_demo_twice_does_not_duplicate(store, library, demo):
    assert load_demo(store, library=library) == []
    assert len(store.workspaces()) == 2


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
    for stage in store.stages(ws.id):
        mine = [t for t in touchpoints if t.stage_id == stage.id]
        assert 3 <= len(mine) <= 5, stage.key
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
def test_customer_counts_form_an_hourglass(store, demo, slug):
    counts = {s.key: s.customers for s in store.stages(demo[slug].id)}
    assert all(isinstance(c, int) and c > 0 for c in counts.values())
    assert counts["know"] == max(counts.values())
    narrowest = min(counts["try"], counts["buy"])
    assert narrowest == min(counts.values())
    assert counts["repeat"] > counts["buy"] and counts["refer"] > counts["buy"]


@pytest.mark.parametrize("slug", SLUGS)
def test_backlog_has_every_source_the_data_implies(store, library, demo, slug):
    ws = demo[slug]
    data = store.workspace_data(ws.id)
    items = store.backlog_items(ws.id)
    assert items
    implied = set()
    concentrate = {t.uid for t in data.touchpoints
                   if scoring.quadrant(t.importance, t.performance) == scoring.CONCENTRATE}
    if concentrate:
        implied.add("touchpoint")
    if any(t.uid not in concentrate and t.emotion is not None and t.emotion <= -1 for t in data.touchpoints):
        implied.add("pain")
    if any(not any(t.stage_id == s.id for t in data.touchpoints) for s in data.stages):
        implied.add("coverage")
    if any(a in ("no", "partly") for a in data.answers.values()):
        implied.add("checklist")
    if any(backlog.is_strength(t) for t in data.touchpoints):
        implied.add("strength")
    assert {"touchpoint", "pain", "checklist", "strength"} <= implied
    assert {i.source for i in items} == implied
    assert not any(i.resolved_by_audit for i in items)


@pytest.mark.parametrize("slug", SLUGS)
def test_two_backlog_items_show_editing(store, library, demo, slug):
    ws = demo[slug]
    edited = [i for i in store.backlog_items(ws.id) if i.edited_fields]
    assert len(edited) == 2
    assert all(i.edited_fields == {"owner", "status"} and i.owner for i in edited)
    assert {i.status for i in edited} == {"doing", "done"}
    # regenerating changes nothing, and keeps the edits
    assert backlog.plan(store.workspace_data(ws.id), library, store.backlog_items(ws.id)).empty


def test_spanish_demo_speaks_spanish(store, demo):
    ws = demo["panaderia-la-espiga"]
    from audit.i18n import catalog
    items = store.backlog_items(ws.id)
    titles = [i.title + " " + i.detail for i in items if i.source != "manual"]
    english = [v.split(" ")[0] for k, v in catalog("en").items() if k.startswith("backlog.gen.")]
    assert titles and not any(t.startswith(w + " ") for t in titles for w in english if w not in ("Checklist",))
    assert all("importancia" in i.detail for i in items if i.source == "touchpoint")
    assert "Marta" in store.personas(ws.id)[0].name
