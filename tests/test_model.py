"""Workspace slugs, value validation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.model import InvalidValue, clean_backlog, clean_flag, clean_touchpoint, slugify


@pytest.mark.parametrize("name, slug", [
    ("Panadería La Espiga", "panaderia-la-espiga"),
    ("  Café  & Té!! ", "cafe-te"),
    ("Harbor Physio", "harbor-physio"),
    ("ÑANDÚ 2026", "nandu-2026"),
    ("---", "workspace"),
    ("Ärzte/Zahnärzte", "arzte-zahnarzte"),
])
def test_slug_is_lowercase_without_accents_runs_become_one_dash(name, slug):
    assert slugify(name) == slug


@given(st.text())
def test_slug_only_has_safe_characters(name):
    slug = slugify(name)
    assert slug and all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug


@pytest.mark.parametrize("values, expected", [
    ({"importance": "4"}, {"importance": 4}),
    ({"importance": 4.0}, {"importance": 4}),
    ({"importance": ""}, {"importance": None}),
    ({"emotion": "-2"}, {"emotion": -2}),
    ({"channel": "Online"}, {"channel": "online"}),
    ({"moment_of_truth": "sí"}, {"moment_of_truth": 1}),
    ({"moment_of_truth": ""}, {"moment_of_truth": None}),
    ({"name": "  Google  "}, {"name": "Google"}),
])
def test_touchpoint_values_are_normalised(values, expected):
    assert clean_touchpoint(values) == expected


@pytest.mark.parametrize("values, column", [
    ({"importance": 9}, "importance"), ({"importance": 0}, "importance"), ({"importance": "high"}, "importance"),
    ({"importance": 3.5}, "importance"), ({"performance": True}, "performance"),
    ({"emotion": 3}, "emotion"), ({"channel": "phone"}, "channel"), ({"name": "   "}, "name"),
    ({"moment_of_truth": "maybe"}, "moment_of_truth"), ({"colour": "red"}, "colour"),
    ({"notes": "x" * 20_001}, "notes"),
])
def test_invalid_touchpoint_values_name_the_column_and_what_is_allowed(values, column):
    with pytest.raises(InvalidValue) as err:
        clean_touchpoint(values)
    assert err.value.column == column
    assert err.value.allowed
    assert err.value.message("es") != err.value.message("en") or column == "colour"


@pytest.mark.parametrize("values", [
    {"impact": 0}, {"impact": 11}, {"confidence": None}, {"status": "later"}, {"due_date": "next week"},
    {"title": ""},
])
def test_invalid_backlog_values_are_refused(values):
    with pytest.raises(InvalidValue):
        clean_backlog(values)


def test_flag_words_in_both_languages():
    assert [clean_flag("m", v) for v in ("yes", "Sí", "x", "1", "no", "0", None)] == [1, 1, 1, 1, 0, 0, None]
