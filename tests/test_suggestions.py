"""audit.suggestions: which library suggestions a stage still offers, what an
accepted one becomes, quick capture, and the import template."""

import pytest

from audit import suggestions
from audit.checklists import Placement, SuggestedTouchpoint, Text
from audit.model import Touchpoint


def suggestion(key, en, es, channel="online"):
    return SuggestedTouchpoint(
        key=f"general:know:{key}", place=Placement("know", "discovery", "before"),
        name=Text(en, es), channel=channel, owner=Text("Owner", "Dueño/a"),
        kpi=Text("Calls per month", "Llamadas al mes"))


SUGGESTED = [
    suggestion("google-profile", "Google Business Profile", "Ficha de Google"),
    suggestion("shop-window", "Shop window", "Escaparate", "offline"),
    suggestion("instagram", "Instagram profile", "Perfil de Instagram"),
]
KNOW, LIKE = 10, 11


def tp(name, stage_id=KNOW, suggestion_key=""):
    return Touchpoint(id=1, workspace_id=1, stage_id=stage_id, uid="u", name=name, suggestion=suggestion_key)


def keys(found):
    return [s.key.rsplit(":", 1)[1] for s in found]


@pytest.mark.parametrize("existing, expected", [
    ([], ["google-profile", "shop-window", "instagram"]),
    # accepted: the touchpoint carries the suggestion's key, even renamed
    ([tp("Our Google listing", suggestion_key="general:know:google-profile")], ["shop-window", "instagram"]),
    # accepted in another stage (moved there afterwards): still not offered again
    ([tp("Ficha", stage_id=LIKE, suggestion_key="general:know:google-profile")], ["shop-window", "instagram"]),
    # the same name typed by hand in this stage, in either language, any case and accents
    ([tp("  shop WINDOW ")], ["google-profile", "instagram"]),
    ([tp("escaparate")], ["google-profile", "instagram"]),
    ([tp("FICHA DE GÓOGLE")], ["shop-window", "instagram"]),
    # the same name in another stage does not count
    ([tp("Escaparate", stage_id=LIKE)], ["google-profile", "shop-window", "instagram"]),
    # a name that only contains the suggestion's is a different touchpoint
    ([tp("Shop window stickers")], ["google-profile", "shop-window", "instagram"]),
    ([tp("Escaparate"), tp("x", suggestion_key="general:know:google-profile"), tp("Perfil de Instagram")], []),
], ids=["none", "by-key", "by-key-other-stage", "by-name-en", "by-name-es", "by-name-folded",
        "name-other-stage", "longer-name", "all-taken"])
def test_remaining_suggestions(existing, expected):
    assert keys(suggestions.remaining(SUGGESTED, existing, stage_id=KNOW)) == expected
    # the same answer from what the page keeps until the workspace changes
    taken = suggestions.Taken.of(existing)
    assert keys(suggestions.remaining(SUGGESTED, taken, stage_id=KNOW)) == expected


@pytest.mark.parametrize("lang, name, owner, kpi", [
    ("en", "Shop window", "Owner", "Calls per month"),
    ("es", "Escaparate", "Dueño/a", "Llamadas al mes"),
])
def test_an_accepted_suggestion_is_written_in_the_workspace_language(lang, name, owner, kpi):
    row = suggestions.from_suggestion(SUGGESTED[1], stage_id=KNOW, lang=lang)
    assert row == {"stage_id": KNOW, "name": name, "channel": "offline", "owner": owner, "kpi": kpi,
                   "suggestion": "general:know:shop-window"}


def test_an_accepted_suggestion_is_no_longer_offered(store, workspace, library):
    stage = store.stages(workspace.id)[0]
    offered = library.pack("general").touchpoints_for(workspace.framework, stage.key)
    first = offered[0]
    store.add_touchpoints(workspace.id, [suggestions.from_suggestion(first, stage_id=stage.id, lang="en")])
    left = suggestions.remaining(offered, store.touchpoints(workspace.id), stage_id=stage.id)
    assert first not in left and len(left) == len(offered) - 1


@pytest.mark.parametrize("text, expected", [
    ("", []),
    (None, []),
    ("Instagram", ["Instagram"]),
    ("  Instagram  \n\n\n   Shop window\t\n", ["Instagram", "Shop window"]),
    ("a\r\nb\rc", ["a", "b", "c"]),
    ("- Instagram\n* Flyers\n• Radio\n– Fairs", ["Instagram", "Flyers", "Radio", "Fairs"]),
    ("1. Website\n2) Newsletter\n10. Events", ["Website", "Newsletter", "Events"]),
    # markers only when followed by a space: names that start with digits or dashes stay whole
    ("3D showroom tour\n24h hotline\n-20% voucher", ["3D showroom tour", "24h hotline", "-20% voucher"]),
    ("-\n  *  \n1.", ["-", "*", "1."]),
])
def test_capture_lines(text, expected):
    assert suggestions.capture_lines(text) == expected


@pytest.mark.parametrize("text, existing, added, skipped", [
    ("Instagram\nFlyers\nRadio", [], ["Instagram", "Flyers", "Radio"], []),
    ("\n\n  \n", [], [], []),
    ("Instagram\ninstagram\nINSTAGRAM ", [], ["Instagram"], ["instagram", "INSTAGRAM"]),
    ("Café\nCafe\nRadio", ["radio"], ["Café"], ["Cafe", "Radio"]),
])
def test_plan_quick_capture(text, existing, added, skipped):
    plan = suggestions.plan_quick_capture(text, stage_id=KNOW, existing=existing)
    assert [r["name"] for r in plan.rows] == added
    assert all(r["stage_id"] == KNOW for r in plan.rows)
    assert plan.skipped == skipped
    assert plan.empty == (not added)


def test_quick_capture_rows_are_written_in_one_go(store, workspace):
    stage = store.stages(workspace.id)[2]
    plan = suggestions.plan_quick_capture("A\nB\n\nC", stage_id=stage.id)
    store.add_touchpoints(workspace.id, plan.rows)
    assert [t.name for t in store.touchpoints(workspace.id, stage.id)] == ["A", "B", "C"]


# -- typical importance: pre-filled, a suggestion until changed ------------------------------
from dataclasses import replace  # noqa: E402

from audit.checklists import Library, Pack  # noqa: E402

TYPICAL = replace(SUGGESTED[0], importance=4)
LIBRARY = Library({"general": Pack("general", Text("General", "General"), Text("", ""), {},
                                   touchpoints=[TYPICAL, SUGGESTED[1]])}, [])


def test_an_accepted_suggestion_carries_its_typical_importance():
    assert suggestions.from_suggestion(TYPICAL, stage_id=KNOW, lang="en")["importance"] == 4
    assert "importance" not in suggestions.from_suggestion(SUGGESTED[1], stage_id=KNOW, lang="en")


def test_add_all_plans_only_what_is_still_offered():
    rows = suggestions.plan_add_all([TYPICAL, *SUGGESTED[1:]], [tp("Escaparate")], stage_id=KNOW, lang="es")
    assert [r["name"] for r in rows] == ["Ficha de Google", "Perfil de Instagram"]
    assert [r.get("importance") for r in rows] == [4, None]
    assert all(r["stage_id"] == KNOW for r in rows)
    accepted = [tp(r["name"], suggestion_key=r["suggestion"]) for r in rows]
    assert suggestions.plan_add_all([TYPICAL, *SUGGESTED[1:]], [tp("Escaparate"), *accepted],
                                    stage_id=KNOW, lang="es") == []  # a second click adds nothing


def scored(importance, key=TYPICAL.key):
    return Touchpoint(id=1, workspace_id=1, stage_id=KNOW, uid="u", name="x", suggestion=key,
                      importance=importance)


@pytest.mark.parametrize("touchpoint, expected", [
    (scored(4), 4),  # the pack's value, unchanged: a suggestion
    (scored(5), None),  # changed by the user: theirs
    (scored(None), None),  # cleared
    (scored(4, key=SUGGESTED[1].key), None),  # the pack has no typical importance for it
    (scored(4, key=""), None),  # the user's own touchpoint
    (scored(4, key="otherpack:know:google-profile"), None),  # a pack not in the library
])
def test_importance_is_a_suggestion_only_while_it_is_the_packs_unchanged(touchpoint, expected):
    assert suggestions.suggested_importance(touchpoint, LIBRARY) == expected
