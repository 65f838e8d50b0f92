"""What the backlog and the quick scan need from every shipped pack
(DESIGN.md, "Checklist packs"), and the Spanish the packs are written in."""

import re
from collections import Counter

import pytest

from audit.frameworks import FRAMEWORKS

INDUSTRIES = ["general", "retail", "restaurant", "online_shop", "professional_services",
              "health_clinic", "automotive", "b2b_software", "hospitality"]
STAGES = [s.key for s in FRAMEWORKS["hourglass"]]


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_every_pack_touchpoint_has_an_importance_and_one_to_three_actions(library, industry):
    for tp in library.packs[industry].touchpoints:
        assert tp.importance is not None, tp.key
        assert 1 <= len(tp.improve) <= 3, tp.key
        for action in tp.improve:
            assert action.action.en != action.action.es, tp.key


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_eight_to_twelve_key_moments_spread_over_every_stage(library, industry):
    moments = library.packs[industry].moments()
    assert 8 <= len(moments) <= 12, len(moments)
    assert {m.place.stage for m in moments} == set(STAGES)


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_one_or_two_key_questions_per_stage(library, industry):
    keyed = Counter(q.place.stage for q in library.packs[industry].questions if q.is_key)
    assert {stage: keyed[stage] for stage in STAGES} == {stage: min(2, max(1, keyed[stage])) for stage in STAGES}


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_most_questions_name_the_touchpoints_they_are_about(library, industry):
    questions = library.packs[industry].questions
    assert sum(1 for q in questions if q.about) >= len(questions) // 2


def _spanish(pack):
    for tp in pack.touchpoints:
        yield tp.key, tp.name.es
        yield tp.key, tp.owner.es
        yield tp.key, tp.kpi.es
        for action in tp.improve:
            yield tp.key, action.action.es
    for q in pack.questions:
        yield q.key, q.text.es
        yield q.key, q.action.es
        yield q.key, q.why.es
    for field, text in pack.persona.items():
        yield f"persona.{field}", text.es


#: Neutral Spanish, tú: no vosotros, no words that read badly in Latin America,
#: «» for quotes.
NOT_NEUTRAL = re.compile(
    r"\b(vosotr\w*|vuestr\w*|os|coger|coge|cogen|cogéis|acordad|haced|decid|id)\b|[\"“”]|'\w[^']*'",
    re.IGNORECASE,
)


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_spanish_is_neutral_uses_tu_and_angle_quotes(library, industry):
    bad = [(where, text) for where, text in _spanish(library.packs[industry]) if NOT_NEUTRAL.search(text)]
    assert bad == []
