"""``audit.seen.builds_on``: is a saved text an edit of the value that
arrived while it was typed, or a draft begun on the value before?"""

import pytest
from hypothesis import given, strategies as st

from audit.seen import builds_on


@pytest.mark.parametrize("new, theirs, before, expected", [
    ("Fresh bread before 7", "Fresh bread before 8", "", True),            # a typo fixed in theirs
    ("Fresh bread before 8, and cakes", "Fresh bread before 8", "", True),  # added to theirs
    ("Cakes for birthdays", "Fresh bread before 8", "", False),            # a draft begun on the empty box
    ("Cakes for birthdays", "Fresh bread before 8", "Cakes", False),       # a draft begun on the old text
    ("Quick service, clear prices", "Quick service, fair prices", "Quick service", True),
    ("anything", "", "old", False),                                         # theirs is blank: nothing to build on
    ("anything", None, None, False),
])
def test_builds_on(new, theirs, before, expected):
    assert builds_on(new, theirs, before) is expected


@given(st.text(max_size=40), st.text(min_size=1, max_size=40).filter(str.strip), st.text(max_size=40))
def test_a_text_that_contains_theirs_builds_on_it(prefix, theirs, before):
    assert builds_on(prefix + theirs, theirs, before)


@given(st.text(max_size=60), st.text(max_size=60))
def test_nothing_builds_on_a_blank_value(new, before):
    assert not builds_on(new, "", before)
