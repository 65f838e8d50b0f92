"""audit.matching: a workspace touchpoint's pack entry, by accepted suggestion or by name."""

import pytest

from audit.matching import Matcher, name_key, pack_entry
from audit.model import Touchpoint
from backlog_packs import pack


@pytest.mark.parametrize("a, b", [
    ("Ficha de Google", "ficha de google"),
    ("  Ficha   de Google! ", "FICHA DE GOOGLE"),
    ("Sala de espera", "sala-de-espera"),
    ("Recepción / Teléfono", "recepcion telefono"),
    ("Reseñas", "resenas"),
])
def test_name_key_ignores_case_accents_punctuation_and_spacing(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Ficha de Google", "Ficha Google"), ("Reviews", "Review")])
def test_name_key_keeps_words(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("name, suggestion, stage_key, expected", [
    # the accepted suggestion wins over the name
    ("Our own name", "general:know:google-profile", "know", "google-profile"),
    ("Waiting room", "general:know:google-profile", "try", "google-profile"),
    ("x", "google-profile", None, "google-profile"),
    # a suggestion of another pack is not this pack's: fall back to the name
    ("Sala de espera", "retail:try:waiting-room", "try", "waiting-room"),
    # by name, either language, or an alias
    ("Google Business Profile", "", "know", "google-profile"),
    ("ficha de google", "", "know", "google-profile"),
    ("GOOGLE MAPS", "", "like", "google-profile"),
    ("G.B.P.", "", None, None),
    ("gbp", "", None, "google-profile"),
    ("Sala de Espera.", "", "try", "waiting-room"),
    ("Espera", "", "try", "waiting-room"),
    # two entries answer to "Reviews": the one in the touchpoint's stage wins
    ("Reviews", "", "refer", "review-request"),
    ("Reseñas", "", "refer", "review-request"),
    ("Reviews", "", "trust", "reviews"),
    ("Reviews", "", "buy", "reviews"),  # no entry in its stage: the first in the pack
    # no entry of that name
    ("Instagram", "", "know", None),
    ("", "", "know", None),
])
def test_match(name, suggestion, stage_key, expected):
    found = Matcher(pack(), "hourglass").match(name, suggestion, stage_key)
    assert (found.id if found else None) == expected


def test_other_frameworks_compare_the_stage_in_that_framework():
    matcher = Matcher(pack(), "purchase-route")
    assert matcher.match("Reviews", "", "recommendation").id == "review-request"
    assert matcher.match("Reviews", "", "consideration").id == "reviews"


def test_no_pack_matches_nothing():
    assert Matcher(None, "hourglass").match("Google Business Profile") is None


def test_pack_entry_of_a_touchpoint():
    tp = Touchpoint(id=1, workspace_id=1, stage_id=1, uid="t", name="Google listing")
    assert pack_entry(tp, pack(), "hourglass", "know").id == "google-profile"


def test_match_each_is_match_of_each_touchpoint(library):
    """The backlog's one loop over thousands of touchpoints gives what ``match`` gives one by one:
    names shared by entries of several stages, accepted suggestions, unknown names."""
    real = library.pack("general")
    names = [n for entry in real.touchpoints for n in entry.names()] + ["Unknown", "", "sala-de-espera"]
    keys = {1: "know", 2: "try", 3: None}
    tps = [Touchpoint(id=i, workspace_id=1, stage_id=1 + i % 3, uid=str(i), name=name,
                      suggestion=(real.touchpoints[i % len(real.touchpoints)].key if i % 5 == 0 else ""))
           for i, name in enumerate(names * 2)]
    for candidate in (real, pack(), None):
        matcher = Matcher(candidate, "hourglass")
        assert matcher.match_each(tps, keys) == [matcher.match(tp.name, tp.suggestion, keys[tp.stage_id]) for tp in tps]
    assert any(Matcher(real, "hourglass").match_each(tps, keys))
