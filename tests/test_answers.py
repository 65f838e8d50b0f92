"""audit.answers: the map's answers as data, the same for the page and the report."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import answers, insights, scoring
from audit.frameworks import FRAMEWORKS, stages_of
from audit.i18n import t
from audit.model import Persona, Stage, Touchpoint, Workspace, WorkspaceData

LANGS = ("en", "es")


def workspace(framework="hourglass", counts=None, touchpoints=(), sources="", keys=None, lang="en"):
    keys = keys or [s.key for s in stages_of(framework)]
    counts = counts or [None] * len(keys)
    stages = [Stage(id=i + 1, workspace_id=1, uid=f"s{i}", position=i, key=k, customers=n,
                    name="" if k else f"Custom {i}")
              for i, (k, n) in enumerate(zip(keys, counts))]
    tps = [Touchpoint(id=j + 1, workspace_id=1, stage_id=stage + 1, uid=f"t{j}", position=j,
                      name=f"tp{j}", importance=imp, performance=perf, emotion=emo)
           for j, (stage, imp, perf, emo) in enumerate(touchpoints)]
    personas = [Persona(id=1, workspace_id=1, uid="p", name="Laura", sources=sources)]
    ws = Workspace(id=1, slug="x", name="X", framework=framework, lang=lang)
    return WorkspaceData(ws, stages, tps, {}, personas)


def answer(data, key, lang="en") -> answers.Answer:
    [found] = [a for a in answers.map_answers(data, lang) if a.key == key]
    return found


def keys(a: answers.Answer) -> list[str]:
    return [line.key.rsplit(".", 1)[1] for line in a.lines]


def text(a: answers.Answer, lang="en") -> str:
    return "\n".join(answers.line_text(line, lang) for line in a.lines)


# --- counts: conversions only down to the purchase ------------------------------

@pytest.mark.parametrize("framework, counts, drop, funnel", [
    # the example of the issue: 300 bought, 120 came back (40 %), 30 referred
    ("hourglass", [1000, 400, 350, 320, 300, 120, 30], ("Know", "Like", "40%"), ("Know", "Buy", "30%")),
    ("hourglass", [1000, 800, 600, 100, 80, 400, 200], ("Trust", "Try", "17%"), ("Know", "Buy", "8%")),
    ("hourglass", [1000, 800, 600, 500, 400, 10, 2], ("Like", "Trust", "75%"), ("Know", "Buy", "40%")),
    ("purchase-route", [500, 200, 50, 100, 400], ("Consideration", "Decision", "25%"),
     ("Discovery", "Decision", "10%")),
    ("before-during-after", [900, 120, 3000], ("Before", "During", "13%"), ("Before", "During", "13%")),
])
def test_ratios_are_conversions_only_down_to_the_purchase(framework, counts, drop, funnel):
    data = workspace(framework, counts)
    leak, customers = answer(data, "leak"), answer(data, "customers")
    line = leak.line("drop")
    if drop is None:
        assert line is None
    else:
        assert (line.values["before"], line.values["after"], line.values["rate"]) == drop
    f = customers.line("funnel")
    assert (f.values["first"], f.values["purchase"], f.values["rate"]) == funnel


def test_after_the_sale_counts_against_the_buyers_never_a_percentage_of_buy():
    data = workspace("hourglass", [1000, 400, 350, 320, 300, 120, 30])
    after = answer(data, "after_sale")
    assert t("answers.after_sale.came_back", "en", n="120", buyers="300", rate="40%") in text(after)
    assert t("answers.after_sale.referred", "en", n="30", stage="Refer") in text(after)
    assert after.counted_stages is None and after.touchpoints == 0


@pytest.mark.parametrize("lang", LANGS)
def test_more_comebacks_than_buyers_give_no_percentage(lang):
    data = workspace("hourglass", [1000, 400, 300, 200, 100, 200, 30], lang=lang)
    after = answer(data, "after_sale", lang)
    assert keys(after)[-2:] == ["came_back_more", "referred"]
    assert "200" in text(after, lang) and "%" not in text(after, lang)


def test_an_added_stage_after_the_sale_counts_what_reached_it():
    data = workspace(keys=["know", "buy", None], counts=[100, 10, 4])
    after = answer(data, "after_sale")
    assert keys(after) == ["intro", "empty", "reached"]
    assert after.line("reached").values == {"n": "4", "stage": "Custom 2"}


def test_a_journey_that_ends_at_the_sale_says_so():
    data = workspace(keys=["know", "like", "buy"], touchpoints=[(0, 4, 4, None)])
    assert keys(answer(data, "after_sale")) == ["no_stage"]


@pytest.mark.parametrize("counts, warned", [
    ([100, 1800, 50, 20, 10, 30, 5], [("Know", "Like", "18")]),
    ([100, 150, 50, 30, 20, 60, 90], [("Know", "Like", "1.5")]),   # growth after Buy is normal
    ([100, None, 120, 20, 10, 5, 5], [("Know", "Trust", "1.2")]),  # uncounted stages are bridged
    ([1000, 400, 350, 320, 300, 120, 30], []),
])
def test_counts_growing_on_the_way_to_the_sale_are_flagged(counts, warned):
    customers = answer(workspace("hourglass", counts), "customers")
    growth = [line for line in customers.lines if line.style == answers.WARNING]
    assert [(g.values["before"], g.values["after"], g.values["times"]) for g in growth] == warned


def test_which_stage_most_customers_are_in_is_only_answered_from_counts():
    data = workspace(touchpoints=[(0, 5, 5, 2), (4, 5, 1, -2)])
    customers = answer(data, "customers")
    assert keys(customers) == ["no_counts"] and customers.lines[0].style == answers.HINT
    counted = answer(workspace(counts=[None, 50, None, None, 70, None, None]), "customers")
    assert counted.line("most").values == {"stage": "Buy", "n": "70"}
    assert counted.counted_stages == 2
    assert answers.basis_text(counted, "en") == t("answers.basis.counts", "en", n=2)


# --- where new customers come from -----------------------------------------------

@pytest.mark.parametrize("framework, touchpoints, expected", [
    ("hourglass", [(0, 4, 5, None), (0, 3, 4, None), (0, 5, 2, None), (1, 5, 5, None)],
     ("working", {"stage": "Know", "n": 2, "touchpoints": "tp0, tp1"})),
    ("hourglass", [(0, 4, 4, None)], ("working_one", {"stage": "Know", "n": 1, "touchpoints": "tp0"})),
    ("purchase-route", [(0, 5, 3, None), (0, None, None, None)],
     ("none_working", {"stage": "Discovery", "n": 2})),
    ("before-during-after", [(1, 5, 5, None)], ("uncovered", {"stage": "Before"})),
])
def test_where_new_customers_come_from(framework, touchpoints, expected):
    data = workspace(framework, touchpoints=touchpoints, sources="Google Maps, school WhatsApp group.")
    sources = answer(data, "sources")
    assert sources.lines[0].values == {"persona": "Laura", "sources": "Google Maps, school WhatsApp group"}
    key, values = expected
    assert sources.lines[1].key == f"answers.sources.{key}" and sources.lines[1].values == values
    assert sources.touchpoints == sum(1 for tp in touchpoints if tp[0] == 0)


def test_without_persona_sources_the_answer_asks_for_them():
    sources = answer(workspace(touchpoints=[(0, 4, 4, None)]), "sources")
    assert keys(sources)[0] == "no_persona" and sources.link == "persona"


# --- after-sale health and coverage ----------------------------------------------

def test_after_sale_health_and_coverage_per_stage():
    data = workspace(touchpoints=[(5, 4, 2, None), (5, 4, 4, None), (4, 5, 5, None)])
    after = answer(data, "after_sale")
    items = [line for line in after.lines if line.style == answers.ITEM]
    assert [(line.key.rsplit(".", 1)[1], line.values) for line in items] == [
        ("health", {"stage": "Repeat", "n": 2, "health": 50}),
        ("empty", {"stage": "Refer", "n": 0}),
    ]
    assert after.touchpoints == 2 and after.link == "touchpoints"


# --- one weakest stage ------------------------------------------------------------

def test_a_stage_where_customers_feel_worst_names_the_weakest_too():
    data = workspace(touchpoints=[(0, 5, 1, 1), (1, 5, 3, -2), (2, 5, 5, 2)])
    c = answer(data, "consistency")
    line = c.line("worst_feeling_elsewhere")
    assert line.values["stage"] == "Like" and line.values["weakest"] == "Know"
    assert answer(data, "leak").line("weakest").values["stage"] == "Know"


def test_equal_health_the_worse_feeling_is_the_weakest():
    data = workspace(touchpoints=[(0, 4, 2, 1), (1, 4, 2, -1), (2, 4, 5, None)])
    assert answer(data, "leak").line("weakest").values["stage"] == "Like"
    assert answer(data, "consistency").line("worst_feeling").values["stage"] == "Like"


# --- properties over random workspaces ---------------------------------------------

scores = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def workspaces(draw):
    framework = draw(st.sampled_from(list(FRAMEWORKS)))
    n = len(FRAMEWORKS[framework])
    counts = draw(st.one_of(st.none(), st.lists(st.one_of(st.none(), st.integers(0, 5000)),
                                                min_size=n, max_size=n)))
    tps = draw(st.lists(st.tuples(st.integers(0, n - 1), scores, scores,
                                  st.one_of(st.none(), st.integers(-2, 2))), max_size=14))
    sources = draw(st.sampled_from(["", "Google", "friends."]))
    return workspace(framework, counts, tps, sources, lang=draw(st.sampled_from(LANGS)))


@settings(max_examples=150, deadline=None)
@given(workspaces())
def test_answers_never_contradict_and_always_say_what_they_rest_on(data):
    lang = data.workspace.lang
    found = answers.map_answers(data, lang)
    assert [a.key for a in found] == list(answers.QUESTIONS)
    by_key = {a.key: a for a in found}
    summaries = scoring.stage_summaries(data.stages, data.touchpoints)
    healths = {s.stage.id: s.health for s in summaries if s.health is not None}

    for a in found:
        assert a.touchpoints is not None or a.counted_stages is not None
        assert answers.basis_text(a, lang)
        assert a.touchpoints is None or a.touchpoints <= len(data.touchpoints)
        for line in a.lines:
            assert answers.line_text(line, lang)  # every placeholder is filled

    # the one weakest stage: lowest health, named the same by every answer
    named = {line.stage for a in found for line in a.lines
             if line.key == "answers.leak.weakest"
             or line.key in {f"answers.consistency.{v}" for v in (insights.CONSISTENT, insights.MIXED,
                                                                   insights.UNEVEN)}}
    if healths:
        weakest = by_key["leak"].line("weakest").stage
        assert healths[weakest] == min(healths.values())
        assert named == {weakest}
        feel = by_key["consistency"].line("worst_feeling")
        assert feel is None or feel.stage == weakest  # else it names the weakest too:
        elsewhere = by_key["consistency"].line("worst_feeling_elsewhere")
        if elsewhere is not None:
            assert elsewhere.stage != weakest
            assert elsewhere.values["weakest"] == by_key["leak"].line("weakest").values["stage"]
    else:
        assert not named

    # most customers only from counts
    counted = [s for s in data.stages if s.customers is not None]
    assert (by_key["customers"].line("most") is not None) == bool(counted)

    # conversions stop at the purchase; percentages after it stay within the buyers
    p = insights.purchase_index(data.stages)
    drop = by_key["leak"].line("drop")
    if drop is not None and p is not None:
        last = data.stages[p].display_name(data.workspace.framework, lang)
        funnel_names = [s.display_name(data.workspace.framework, lang) for s in data.stages[:p + 1]]
        assert drop.values["after"] in funnel_names and last in funnel_names
    back = by_key["after_sale"].line("came_back")
    if back is not None:
        assert float(back.values["rate"].rstrip("%\u00a0 ").replace(",", ".")) <= 100
