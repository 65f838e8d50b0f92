"""Which workspace Home offers to continue: only one this browser opened (audit/recent.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit import recent
from audit.model import Workspace


def ws(slug, updated):
    return Workspace(id=hash(slug) % 1000, slug=slug, name=slug.title(), updated_at=updated)


ALL = [ws("harbor-physio", "2026-12-02T10:00"), ws("panaderia-la-espiga", "2026-12-02T10:00"),
       ws("mine", "2026-12-01T09:00"), ws("also-mine", "2026-12-01T12:00")]


@pytest.mark.parametrize("opened, expected", [
    ([], None),  # a fresh browser: the demo nobody opened is not offered
    (["mine"], "mine"),
    (["mine", "also-mine"], "also-mine"),  # the one changed last
    (["gone", "mine"], "mine"),  # deleted since: skipped
    (["gone"], None),
])
def test_continue_offers_only_a_workspace_this_browser_opened(opened, expected):
    found = recent.continue_with(ALL, opened)
    assert (found.slug if found else None) == expected


@pytest.mark.parametrize("cookie, slugs", [
    (None, []), ("", []), ("mine", ["mine"]), ("a.b-c.a", ["a", "b-c"]),
    ("ok.<script>.Bad.-x.x-", ["ok"]), ("a..b", ["a", "b"]),
])
def test_the_cookie_keeps_only_slugs(cookie, slugs):
    assert recent.parse(cookie) == slugs


def test_remember_puts_the_latest_first_once():
    assert recent.remember(["a", "b", "c"], "c") == ["c", "a", "b"]
    assert recent.remember(["a"], None) == ["a"]
    assert recent.remember(["a"], "<b>") == ["a"]


@given(st.lists(st.text(max_size=12), max_size=30))
def test_the_cookie_script_never_carries_anything_but_slugs(names):
    slugs = []
    for name in names:
        slugs = recent.remember(slugs, name)
    script = recent.cookie_script(slugs)
    value = script.split(f"{recent.COOKIE}=", 1)[1].split(";", 1)[0]
    assert recent.parse(value) == slugs[:recent.MAX_REMEMBERED]
    assert set(value) <= set("abcdefghijklmnopqrstuvwxyz0123456789-.")
