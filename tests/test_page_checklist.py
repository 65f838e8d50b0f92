"""Audit 3, /checklist: the industry pack's questions per stage, each answer
saved at once, and the checklist score per stage and overall."""

import pytest

from audit.frameworks import default_stage_name
from audit.i18n import t

LANGS = ["en", "es"]


def questions(library, industry, framework, stage_key):
    """The stage's questions as the page asks them: key questions first, pack order otherwise."""
    found = [q for q in library.pack(industry).questions if q.place.stage_in(framework) == stage_key]
    return sorted(found, key=lambda q: not q.is_key)


@pytest.fixture
def make_app(make_app, app_store):
    """The checklist with every stage's "More questions" open: the folded
    questions are drawn only while it is open (``on_change="rerun"``, issue
    11). ``folded=True``: as a first visit shows it, all closed."""
    def make(*args, folded: bool = False, **kwargs):
        at = make_app(*args, **kwargs)
        ws = app_store.find_workspace(kwargs["workspace"]) if kwargs.get("workspace") else None
        if not folded and ws is not None and kwargs.get("run", True):
            for stage in app_store.stages(ws.id):
                at.session_state[f"checklist-{ws.id}-{stage.uid}-more"] = True
            at.run()
        return at
    return make


def radio_key(ws, question):
    return f"checklist-{ws.id}-{question.key}"


def stage_metrics(at):
    """{label: value} of the per-stage metrics (after the overall and answered ones)."""
    return {m.label: m.value for m in at.metric[2:]}


def percent(n, lang):
    return t("checklist.percent", lang, n=n)


@pytest.mark.parametrize("lang", LANGS)
def test_questions_are_grouped_per_stage_of_the_workspace(make_app, app_store, library, lang):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic", framework="purchase-route")
    at = make_app(page="checklist", lang=lang, workspace=ws.slug)
    assert not at.exception
    assert at.title[0].value == t("nav.checklist", lang)
    pack = library.pack("health_clinic")
    expected = [radio_key(ws, q) for key in ("discovery", "consideration", "decision", "retention",
                                             "recommendation")
                for q in questions(library, "health_clinic", "purchase-route", key)]
    assert [r.key for r in at.radio if r.key.startswith("checklist-")] == expected
    assert len(expected) == len(pack.questions)
    first = questions(library, "health_clinic", "purchase-route", "discovery")[0]
    radio = at.radio(key=radio_key(ws, first))
    assert radio.value is None  # unanswered: no default
    assert radio.options == [t(f"answer.{a}", lang) for a in ("yes", "partly", "no", "na")]
    assert radio.help.replace("\\", "") == first.why(lang)
    headers = [h.value.replace("\\", "") for h in at.subheader]
    for key in ("discovery", "consideration", "decision", "retention", "recommendation"):
        assert default_stage_name("purchase-route", key, lang) in headers
    assert set(stage_metrics(at).values()) == {t("checklist.unknown", lang)}


@pytest.mark.parametrize("lang", LANGS)
def test_answering_saves_at_once_and_survives_a_fresh_session(make_app, app_store, library, lang):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic", lang=lang)
    question = questions(library, "health_clinic", "hourglass", "try")[0]
    at = make_app(page="checklist", lang=lang, workspace=ws.slug)
    at.radio(key=radio_key(ws, question)).set_value("no").run()
    assert not at.exception
    assert app_store.answers(ws.id) == {question.key: "no"}
    # a "no" shows what to do about it
    action = t("checklist.action", lang, action="")
    assert any(c.value.startswith(action) and c.value.replace("\\", "").endswith(question.action(lang))
               for c in at.caption)
    assert stage_metrics(at)[default_stage_name("hourglass", "try", lang)] == percent(0, lang)

    fresh = make_app(page="checklist", lang=lang, workspace=ws.slug)
    assert fresh.radio(key=radio_key(ws, question)).value == "no"

    fresh.radio(key=radio_key(ws, question)).set_value("yes").run()
    assert app_store.answers(ws.id) == {question.key: "yes"}
    assert not any(c.value.startswith(action) for c in fresh.caption)  # answered yes: nothing to do


def test_an_answer_from_another_session_is_shown_on_the_next_run(make_app, app_store, library):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic")
    question = questions(library, "health_clinic", "hourglass", "know")[0]
    at = make_app(page="checklist", workspace=ws.slug)
    app_store.set_answers(ws.id, {question.key: "partly"})
    at.run()
    assert at.radio(key=radio_key(ws, question)).value == "partly"


@pytest.mark.parametrize("answers, expected", [
    ([], None),                                  # nothing answered: unknown, not 0
    (["na", "na"], None),                        # only n/a: unknown
    (["yes"], 100),
    (["no", "no", "no"], 0),
    (["partly"], 50),
    (["yes", "no"], 50),
    (["yes", "partly"], 75),
    (["yes", "na", "na"], 100),                  # n/a left out
    (["yes", "partly", "no", "na"], 50),
    (["yes", "yes", "partly", "no", "no"], 50),
    (["partly", "partly", "no"], 33),            # 1/3
    (["yes", "yes", "partly"], 83),              # 5/6
])
def test_score_per_stage(make_app, app_store, library, answers, expected):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic")
    know = questions(library, "health_clinic", "hourglass", "know")
    app_store.set_answers(ws.id, {q.key: a for q, a in zip(know, answers)})
    at = make_app(page="checklist", workspace=ws.slug)
    assert not at.exception
    metrics = stage_metrics(at)
    shown = t("checklist.unknown", "en") if expected is None else percent(expected, "en")
    assert metrics["Know"] == shown
    assert metrics["Like"] == t("checklist.unknown", "en")
    overall = at.metric[0]
    assert overall.label == t("checklist.overall", "en") and overall.value == shown
    total = len(library.pack("health_clinic").questions)
    assert at.metric[1].value == t("checklist.answered_value", "en", n=len(answers), total=total)


def test_overall_score_pools_every_answer_in_spanish(make_app, app_store, library):
    ws = app_store.create_workspace("Clínica Mar", industry="health_clinic", lang="es")
    know = questions(library, "health_clinic", "hourglass", "know")[:1]
    buy = questions(library, "health_clinic", "hourglass", "buy")[:3]
    app_store.set_answers(ws.id, {know[0].key: "yes", **{q.key: "no" for q in buy}})
    at = make_app(page="checklist", lang="es", workspace=ws.slug)
    assert at.metric[0].value == "25\u00a0%"
    metrics = stage_metrics(at)
    assert (metrics["Conocer"], metrics["Comprar"]) == ("100\u00a0%", "0\u00a0%")


@pytest.mark.parametrize("lang", LANGS)
def test_a_custom_stage_says_it_has_no_questions(make_app, app_store, lang):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic")
    app_store.add_stage(ws.id, "Aftercare club")
    at = make_app(page="checklist", lang=lang, workspace=ws.slug)
    assert not at.exception
    assert t("checklist.no_questions", lang) in [c.value for c in at.caption]
    assert stage_metrics(at)["Aftercare club"] == t("checklist.unknown", lang)


def test_answers_stay_in_their_workspace(make_app, app_store, library):
    mine = app_store.create_workspace("Mine", industry="health_clinic")
    other = app_store.create_workspace("Other", industry="health_clinic")
    question = questions(library, "health_clinic", "hourglass", "buy")[0]
    at = make_app(page="checklist", workspace=mine.slug)
    at.radio(key=radio_key(mine, question)).set_value("partly").run()
    assert app_store.answers(mine.id) == {question.key: "partly"}
    assert app_store.answers(other.id) == {}
    at = make_app(page="checklist", workspace=other.slug)
    assert at.radio(key=radio_key(other, question)).value is None


def test_industry_pack_decides_the_questions(make_app, app_store, library):
    ws = app_store.create_workspace("Trattoria", industry="restaurant")
    at = make_app(page="checklist", workspace=ws.slug)
    keys = {r.key for r in at.radio if r.key.startswith("checklist-")}
    assert keys == {radio_key(ws, q) for q in library.pack("restaurant").questions}


# -- key questions first, the rest folded, "All yes" -------------------------------------
def test_key_questions_come_first_and_the_rest_are_folded(make_app, app_store, library):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic")
    at = make_app(page="checklist", workspace=ws.slug)
    asked = questions(library, "health_clinic", "hourglass", "know")
    shown_first = [q for q in asked if q.is_key] or asked[:2]
    folded = asked[len(shown_first):]
    more = at.expander(key=f"checklist-{ws.id}-{app_store.stages(ws.id)[0].uid}-more")
    assert [r.key for r in more.radio] == [radio_key(ws, q) for q in folded]
    assert more.label == t("flow.checklist.more", "en", n=len(folded), left=len(folded))
    assert not more.icon  # Streamlit's own chevron, not a second (downward) one beside it
    outside = [r.key for r in at.radio if r.key.startswith("checklist-") and r.key not in
               {radio_key(ws, q) for q in folded}]
    assert [k for k in outside if k in {radio_key(ws, q) for q in asked}] == [radio_key(ws, q) for q in shown_first]
    # closed (a first visit), the folded questions are not drawn at all
    closed = make_app(page="checklist", workspace=ws.slug, folded=True)
    assert {r.key for r in closed.radio} & {radio_key(ws, q) for q in asked} == {radio_key(ws, q) for q in shown_first}
    assert closed.expander(key=f"checklist-{ws.id}-{app_store.stages(ws.id)[0].uid}-more").label == more.label


@pytest.mark.parametrize("lang", LANGS)
def test_all_yes_answers_the_rest_of_a_stage_in_one_click(make_app, app_store, library, lang):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic", lang=lang)
    know = app_store.stages(ws.id)[0]
    asked = questions(library, "health_clinic", "hourglass", "know")
    app_store.set_answers(ws.id, {asked[0].key: "no"})  # given before: kept
    at = make_app(page="checklist", lang=lang, workspace=ws.slug)
    # said once under the title, not in a tooltip per stage (issue 11)
    assert f"**{t('flow.checklist.all_yes', lang)}**" in at.caption[0].value
    assert not at.button(key=f"checklist-{ws.id}-{know.uid}-all-yes").help
    at.button(key=f"checklist-{ws.id}-{know.uid}-all-yes").click().run()
    assert not at.exception
    assert app_store.answers(ws.id) == {asked[0].key: "no", **{q.key: "yes" for q in asked[1:]}}
    assert at.button(key=f"checklist-{ws.id}-{know.uid}-all-yes").disabled  # nothing left to answer
    other = make_app(page="checklist", lang=lang, workspace=ws.slug)  # a second session sees it
    assert [other.radio(key=radio_key(ws, q)).value for q in asked] == ["no"] + ["yes"] * (len(asked) - 1)


def test_the_page_ends_with_next_backlog_and_what_is_left(make_app, app_store, library):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic")
    at = make_app(page="checklist", workspace=ws.slug)
    link = at.get("page_link")[-1]
    assert link.proto.page == "backlog"
    assert link.proto.label == t("flow.next", "en", step=t("nav.backlog", "en"))
    n = len(library.pack("health_clinic").questions)
    assert t("flow.left.checklist_other", "en", n=n) in [c.value for c in at.caption]


def test_a_refused_answer_says_why_and_the_radio_goes_back_to_the_stored_one(make_app, app_store, library,
                                                                              monkeypatch):
    from audit.store import Store

    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic")
    question = questions(library, "health_clinic", "hourglass", "try")[0]
    app_store.set_answers(ws.id, {question.key: "yes"})
    at = make_app(page="checklist", workspace=ws.slug)
    original = Store.set_answers
    monkeypatch.setattr(Store, "set_answers",  # a value the store refuses reaches it
                        lambda self, ws_id, answers: original(self, ws_id, {k: "maybe" for k in answers}))
    at.radio(key=radio_key(ws, question)).set_value("no").run()
    assert not at.exception
    assert len(at.error) == 1  # why, under the question
    assert at.radio(key=radio_key(ws, question)).value == "yes"  # what the store still holds
    assert app_store.answers(ws.id) == {question.key: "yes"}


def test_the_stage_scores_carry_no_tooltip_their_boxes_say_what_is_answered(make_app, app_store, library):
    """Each stage's score is a plain metric: its box below says how many of its
    questions are answered, and the overall score's help how answers count
    (the browser draws every tooltip on each switch to the page, issue 11)."""
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic")
    question = questions(library, "health_clinic", "hourglass", "try")[0]
    app_store.set_answers(ws.id, {question.key: "partly"})
    at = make_app(page="checklist", workspace=ws.slug)
    assert not at.exception
    assert at.metric[0].help == t("checklist.overall_help", "en")
    assert all(not m.help for m in at.metric[2:]) and len(at.metric[2:]) == 7
    try_total = len(questions(library, "health_clinic", "hourglass", "try"))
    progress = [p.proto.text for p in at.get("progress")]
    assert any(p.startswith(t("checklist.stage_progress", "en", answered=1, total=try_total)) for p in progress)
