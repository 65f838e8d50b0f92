"""The Touchpoints page (Audit 1) through AppTest: tabs per stage, the table
editor, suggestions, quick capture, import, and no user text as HTML.

AppTest does not run a data editor's ``on_change`` when a test assigns its
edit state (``at.session_state[key] = {...}``); the page saves edits an
editor holds at the start of its run (``table_editing.table_editor``), the same
path the browser takes; tests/browser checks an edited cell survives a reload.
"""

import json
import re

import pytest

from audit.i18n import t
from audit.model import fold
from rendered import shown, walk, raw_html_without_user_text

XSS = "<img src=x onerror=alert(1)>"
UNESCAPED = re.compile(r"(?<!\\)<img", re.IGNORECASE)


@pytest.fixture
def shop(app_store):
    return app_store.create_workspace("Autos Pérez", industry="automotive", lang="es")


def stages(store, ws):
    return store.stages(ws.id)


def names(store, ws, stage_id=None):
    return [tp.name for tp in store.touchpoints(ws.id, stage_id)]


def base(ws, stage):
    return f"tp-{ws.id}-{stage.id}"


def editor_key(at, base):
    """``table_editing.editor_key(base)`` as the running app sees it."""
    version_key = base + "__version"
    version = at.session_state[version_key] if version_key in at.session_state else 0
    return f"{base}__v{version}"


def open_stage(at, ws, stage):
    at.session_state[f"tp-open-{ws.id}"] = stage.id
    return at.run()


def texts(at):
    return [e.value for e in [*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success]]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_empty_workspace_says_what_to_do_next(make_app, app_store, shop, lang):
    at = make_app(page="touchpoints", lang=lang, workspace=shop.slug)
    assert not at.exception
    assert at.title[0].value == t("nav.touchpoints", lang)
    assert at.info[0].value == t("touchpoints.empty", lang)
    labels = [tab.label for tab in at.tabs]
    assert len(labels) == 7 and all(label.endswith("⚠ 0") for label in labels)
    assert labels[0].startswith("Know" if lang == "en" else "Conocer")
    editor = at.data_editor(key=editor_key(at, base(shop, stages(app_store, shop)[0])))
    assert editor.value.empty
    config = json.loads(editor.proto.columns)
    for field in ("name", "channel", "owner", "technology", "kpi", "notes"):
        assert config[field]["label"] == t(f"touchpoints.col.{field}", lang)
    add = [b for b in at.button if b.key.startswith(f"tp-suggest-{shop.id}-")]
    assert add and all(b.label == t("touchpoints.suggest.add", lang) for b in add)
    assert any(b.label == t("touchpoints.import.template", lang) for b in at.get("download_button"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_filled_workspace_shows_counts_and_flags_empty_stages(make_app, app_store, shop, lang):
    know, like, trust, *_ = stages(app_store, shop)
    app_store.add_touchpoints(shop.id, [
        {"stage_id": know.id, "name": "Escaparate", "channel": "offline", "owner": "Ana"},
        {"stage_id": know.id, "name": "Web", "channel": "online"},
        {"stage_id": trust.id, "name": "Reseñas"},
    ])
    at = make_app(page="touchpoints", lang=lang, workspace=shop.slug)
    assert not at.exception
    assert not at.info  # no empty state
    labels = [tab.label for tab in at.tabs]
    assert labels[0].endswith("· 2") and labels[2].endswith("· 1")
    assert labels[1].endswith("⚠ 0") and labels[3].endswith("⚠ 0")
    gaps = at.warning[0].value
    assert ("Like" if lang == "en" else "Gustar") in gaps and ("Trust" if lang == "en" else "Confiar") not in gaps
    frame = at.data_editor(key=editor_key(at, base(shop, know))).value
    assert list(frame["name"]) == ["Escaparate", "Web"]
    assert list(frame["channel"]) == ["offline", "online"]
    open_stage(at, shop, trust)
    assert list(at.data_editor(key=editor_key(at, base(shop, trust))).value["name"]) == ["Reseñas"]


def test_editor_changes_reach_the_database_once(make_app, app_store, shop):
    know = stages(app_store, shop)[0]
    app_store.add_touchpoints(shop.id, [{"stage_id": know.id, "name": "Escaparate"},
                                        {"stage_id": know.id, "name": "Folleto"}])
    at = make_app(page="touchpoints", workspace=shop.slug)
    key = editor_key(at, base(shop, know))
    at.session_state[key] = {
        "edited_rows": {0: {"owner": "Ana", "channel": "offline"}},
        "added_rows": [{"name": "Radio local", "channel": "offline"}, {}],
        "deleted_rows": [1],
    }
    at.run()
    assert not at.exception
    rows = {tp.name: tp for tp in app_store.touchpoints(shop.id)}
    assert set(rows) == {"Escaparate", "Radio local"}
    assert (rows["Escaparate"].owner, rows["Escaparate"].channel) == ("Ana", "offline")
    assert rows["Radio local"].stage_id == know.id
    new_key = editor_key(at, base(shop, know))
    assert new_key != key  # re-keyed: shows what the store holds
    assert list(at.data_editor(key=new_key).value["name"]) == ["Escaparate", "Radio local"]
    at.run()
    at.run()
    assert names(app_store, shop) == ["Escaparate", "Radio local"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_invalid_edit_shows_why_and_changes_nothing(make_app, app_store, shop, lang):
    know = stages(app_store, shop)[0]
    app_store.add_touchpoints(shop.id, [{"stage_id": know.id, "name": "Escaparate"}])
    at = make_app(page="touchpoints", lang=lang, workspace=shop.slug)
    at.session_state[editor_key(at, base(shop, know))] = {
        "edited_rows": {0: {"name": "  "}}, "added_rows": [{"name": "Radio"}], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert names(app_store, shop) == ["Escaparate"]
    assert t("field.name", lang) in shown(at.error[0].value)
    assert t("allowed.non_empty", lang) in shown(at.error[0].value)


def test_a_suggestion_is_added_once_and_no_longer_offered(make_app, app_store, shop):
    know = stages(app_store, shop)[0]
    at = make_app(page="touchpoints", lang="en", workspace=shop.slug)
    key = "automotive:know:stock-listings-on-car-portals"
    button = f"tp-suggest-{shop.id}-{know.id}-{key}"
    at.button(key=button).click().run()
    assert not at.exception
    [added] = app_store.touchpoints(shop.id)
    # in the workspace's language (Spanish), whatever the interface language
    assert (added.name, added.channel, added.suggestion, added.stage_id) == (
        "Anuncios en portales de vehículos", "online", key, know.id)
    assert added.owner and added.kpi
    assert button not in [b.key for b in at.button]
    at.run()
    assert len(app_store.touchpoints(shop.id)) == 1
    assert at.tabs[0].label.endswith("· 1")


def test_a_touchpoint_typed_by_hand_hides_the_same_suggestion(make_app, app_store, shop):
    know = stages(app_store, shop)[0]
    app_store.add_touchpoints(shop.id, [{"stage_id": know.id, "name": "ficha de google (ventas y TALLER)"}])
    at = make_app(page="touchpoints", workspace=shop.slug)
    offered = [b.key for b in at.button if b.key.startswith(f"tp-suggest-{shop.id}-{know.id}-")]
    assert len(offered) == 4
    assert not any("google-business-profile" in k for k in offered)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_quick_capture_adds_one_touchpoint_per_line(make_app, app_store, shop, lang):
    like = stages(app_store, shop)[1]
    at = make_app(run=False, lang=lang, workspace=shop.slug)
    at.run()
    at.switch_page("views/touchpoints.py")
    open_stage(at, shop, like)
    area = f"tp-quick-{shop.id}-{like.id}"
    at.text_area(key=area).input("- Instagram\n\n   Cartel en la rotonda  \n1. Radio local\ninstagram\n")
    at.button(key=f"{area}-add").click().run()
    assert not at.exception
    assert names(app_store, shop, like.id) == ["Instagram", "Cartel en la rotonda", "Radio local"]
    assert at.text_area(key=area).value == ""
    assert at.tabs[1].label.endswith("· 3")
    toasts = [toast.value for toast in at.toast]
    assert t("touchpoints.quick.added_other", lang, n=3, stage="Like" if lang == "en" else "Gustar") in toasts


def test_quick_capture_of_nothing_asks_for_a_line(make_app, app_store, shop):
    know = stages(app_store, shop)[0]
    at = make_app(page="touchpoints", workspace=shop.slug)
    area = f"tp-quick-{shop.id}-{know.id}"
    at.text_area(key=area).input(" \n \n")
    at.button(key=f"{area}-add").click().run()
    assert names(app_store, shop) == []
    assert shown(at.error[0].value) == t("touchpoints.quick.nothing", "en")


# The import section: tests/test_page_touchpoints_import.py


def test_a_template_in_the_user_language_is_offered(make_app, shop):
    at = make_app(page="touchpoints", lang="es", workspace=shop.slug)
    [template] = [b for b in at.get("download_button") if b.key.startswith(f"tp-template-{shop.id}")]
    assert template.label == t("touchpoints.import.template", "es")


def test_user_text_is_never_markdown_with_html(make_app, app_store, shop):
    know, like, *_ = stages(app_store, shop)
    app_store.update_stage(like.workspace_id, like.id, name=XSS, goal=XSS)
    app_store.add_touchpoints(shop.id, [{"stage_id": know.id, "name": XSS, "owner": XSS, "notes": XSS}])
    at = make_app(page="touchpoints", workspace=shop.slug)
    open_stage(at, shop, like)
    area = f"tp-quick-{shop.id}-{like.id}"
    at.text_area(key=area).input(XSS + "\n" + XSS.upper())
    at.button(key=f"{area}-add").click().run()
    at.file_uploader(key=f"tp-import-{shop.id}").set_value(
        (XSS + ".csv", f"stage,touchpoint,{XSS}\n1,{XSS}\n".encode(), "text/csv")).run()
    assert not at.exception
    assert len(app_store.touchpoints(shop.id)) == 2  # the file is only previewed
    assert any(XSS.replace("<", "\\<")[:4] in w.value for w in at.warning)  # its unknown column
    seen = 0
    for root in (at.main, at.sidebar):
        for element in walk(root):
            proto = getattr(element, "proto", None)
            if proto is not None and "allow_html" in type(proto).DESCRIPTOR.fields_by_name:
                assert not (proto.allow_html and "<img" in proto.body.lower())
                assert not UNESCAPED.search(proto.body), proto.body  # md() escaped it
                seen += "\\<img" in proto.body
    assert seen  # the names were shown, escaped
    assert raw_html_without_user_text(at)
    assert not any(UNESCAPED.search(tab.label) for tab in at.tabs)
    assert not any(UNESCAPED.search(toast.value) for toast in at.toast)
    assert not any(UNESCAPED.search(text) for text in texts(at))
    assert any(fold(XSS) == fold(name) for name in names(app_store, shop))


def suggestion_keys(at):
    return sorted(b.key for b in at.button if b.key and b.key.startswith("tp-suggest-"))


@pytest.mark.parametrize("industry, other", [("restaurant", "automotive"), ("health_clinic", "b2b_software"),
                                             ("retail", "hospitality"), ("online_shop", "professional_services")])
def test_the_industry_chosen_drives_the_suggestions(make_app, app_store, library, industry, other):
    shown_for = {}
    for choice in (industry, other):
        ws = app_store.create_workspace(f"Shop {choice}", industry=choice, lang="en")
        at = make_app(page="touchpoints", lang="en", workspace=ws.slug)
        assert not at.exception
        names_shown = [shown(m.value) for m in at.markdown]
        expected = [tp.name("en") for tp in library.packs[choice].touchpoints_for("hourglass", "know")]
        assert any(expected[0] in text for text in names_shown), choice
        shown_for[choice] = {k.split(":", 1)[0].rsplit("-", 1)[-1] for k in suggestion_keys(at)}
    assert shown_for[industry] == {industry} and shown_for[other] == {other}


# -- every stage at once -------------------------------------------------------------------
def test_add_all_suggestions_of_a_stage_is_one_click_and_one_transaction(make_app, app_store, shop, library):
    know = stages(app_store, shop)[0]
    pack = library.packs["automotive"]
    expected = [s.name("es") for s in pack.touchpoints_for("hourglass", "know")]
    at = make_app(page="touchpoints", lang="en", workspace=shop.slug)
    at.button(key=f"tp-add-all-tab-{shop.id}-{know.id}").click().run()
    assert not at.exception
    assert names(app_store, shop, know.id) == expected  # pack order, the workspace's language
    typical = {s.name("es"): s.importance for s in pack.touchpoints_for("hourglass", "know")}
    assert {tp.name: tp.importance for tp in app_store.touchpoints(shop.id)} == typical  # pre-filled
    assert f"tp-add-all-tab-{shop.id}-{know.id}" not in [b.key for b in at.button]  # nothing left to add
    other = make_app(page="touchpoints", lang="en", workspace=shop.slug)  # a second session sees them
    assert list(other.data_editor(key=f"tp-{shop.id}-all__v0").value["name"]) == expected


def test_every_stage_can_be_filled_from_the_full_list_without_opening_tabs(make_app, app_store, shop):
    at = make_app(page="touchpoints", lang="en", workspace=shop.slug)
    for stage in stages(app_store, shop):
        key = f"tp-add-all-all-{shop.id}-{stage.id}"
        at.button(key=key).click().run()
        assert not at.exception
    covered = {tp.stage_id for tp in app_store.touchpoints(shop.id)}
    assert covered == {s.id for s in stages(app_store, shop)}
    table = at.data_editor(key=f"tp-{shop.id}-all__v0").value
    assert list(table["name"]) == names(app_store, shop)  # all stages, journey order


def test_any_touchpoint_can_be_removed_from_the_full_list(make_app, app_store, shop):
    know, like = stages(app_store, shop)[:2]
    app_store.add_touchpoints(shop.id, [{"stage_id": know.id, "name": "Escaparate"},
                                        {"stage_id": like.id, "name": "Folleto"},
                                        {"stage_id": like.id, "name": "Radio"}])
    at = make_app(page="touchpoints", workspace=shop.slug)
    at.session_state[f"tp-{shop.id}-all__v0"] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0, 2]}
    at.run()
    assert not at.exception
    assert names(app_store, shop) == ["Folleto"]
    other = make_app(page="touchpoints", workspace=shop.slug)
    assert list(other.data_editor(key=f"tp-{shop.id}-all__v0").value["name"]) == ["Folleto"]


def test_the_page_ends_with_next_scoring(make_app, app_store, shop):
    at = make_app(page="touchpoints", lang="es", workspace=shop.slug)
    link = at.get("page_link")[-1]
    assert link.proto.page == "scoring"
    assert link.proto.label == t("flow.next", "es", step=t("nav.scoring", "es"))
    assert t("flow.left.touchpoints_other", "es", n=7) in [c.value for c in at.caption]
