"""The journey page's "would switching framework lose text" rule, in the engine."""

import pytest

from audit.journey import stage_has_text, switching_loses_text
from audit.model import STAGE_TEXT_FIELDS, Stage


def stage(key="know", **texts):
    return Stage(id=1, workspace_id=1, uid="u", position=0, key=key, **texts)


@pytest.mark.parametrize("texts, key, has", [
    ({}, "know", False), ({"goal": "  "}, "know", False), ({"name": "Descubrir"}, "know", True),
    *[({field: "x"}, "know", True) for field in STAGE_TEXT_FIELDS],
    ({}, None, True),  # a stage the user added is the user's
])
def test_stage_has_text(texts, key, has):
    assert stage_has_text(stage(key, **texts)) is has


@pytest.mark.parametrize("stages, n_touchpoints, loses", [
    ([stage(), stage()], 0, False),  # the framework's empty stages: switch at once
    ([stage(), stage(goal="Find us")], 0, True),  # ask first
    ([stage(goal="Find us")], 3, False),  # the store refuses (touchpoints): nothing to lose
    ([stage(key=None)], 0, True),
    ([], 0, False),
])
def test_switching_loses_text(stages, n_touchpoints, loses):
    assert switching_loses_text(stages, n_touchpoints) is loses
