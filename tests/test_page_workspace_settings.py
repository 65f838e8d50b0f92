"""Home's per-workspace settings (rename, industry, content language: each
saved at once, seen by a second session) and "New client from this"."""

import pytest

from audit import backlog
from audit.i18n import t
from home_menu import open_menu
from rendered import shown


@pytest.fixture
def make_app(make_app, app_store):
    """Home with every card's menu open at ``tab`` (the menu and its tabs draw
    only while open; issue 11, Home with 20 workspaces)."""
    def make(*args, run=True, tab="settings", **kwargs):
        at = make_app(*args, run=False, **kwargs)
        for ws in app_store.workspaces():
            open_menu(at, ws.slug, tab, kwargs.get("lang", "en"))
        return at.run() if run else at
    return make


def test_closed_menus_and_tabs_draw_nothing(make_app, app_store):
    ws = app_store.create_workspace("Bodega Sur")
    plain = make_app(run=False)
    plain.session_state[f"ws_menu_{ws.slug}"] = False
    plain.run()
    assert not plain.exception
    keys = {w.key for w in plain.text_input} | {w.key for w in plain.selectbox}
    assert f"ws_name_{ws.slug}" not in keys and f"new_client_{ws.slug}_name" not in keys
    settings = make_app()
    keys = {w.key for w in settings.text_input} | {w.key for w in settings.selectbox}
    assert f"ws_name_{ws.slug}" in keys and f"new_client_{ws.slug}_name" not in keys
    copy = make_app(tab="new_client")
    keys = {w.key for w in copy.text_input} | {w.key for w in copy.selectbox}
    assert f"ws_name_{ws.slug}" not in keys and f"new_client_{ws.slug}_name" in keys


def settings_keys(ws):
    return {part: f"ws_{part}_{ws.slug}" for part in ("name", "industry", "lang")}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_setting_is_saved_at_once_and_a_second_session_sees_it(make_app, app_store, library, lang):
    ws = app_store.create_workspace("Bodega Sur", industry="general", lang="en")
    keys = settings_keys(ws)
    at = make_app(lang=lang)
    at.text_input(key=keys["name"]).set_value("Bodega Sur y Norte").run()
    assert not at.exception
    assert app_store.workspace(ws.id).name == "Bodega Sur y Norte"
    at.selectbox(key=keys["industry"]).set_value("restaurant").run()
    assert app_store.workspace(ws.id).industry == "restaurant"
    at.button_group(key=keys["lang"]).set_value("es").run()
    assert not at.exception
    assert app_store.workspace(ws.id).lang == "es"
    other = make_app(lang=lang)  # another browser, or a refresh
    assert other.text_input(key=keys["name"]).value == "Bodega Sur y Norte"
    assert other.selectbox(key=keys["industry"]).value == "restaurant"
    assert other.button_group(key=keys["lang"]).value == "es"
    assert app_store.workspace(ws.id).slug == ws.slug  # links keep working


def test_a_change_made_in_another_session_shows_in_an_open_one(make_app, app_store):
    ws = app_store.create_workspace("Bodega Sur")
    keys = settings_keys(ws)
    at = make_app()
    app_store.update_workspace(ws.id, name="Bodega Este", industry="restaurant")
    at.run()
    assert at.text_input(key=keys["name"]).value == "Bodega Este"
    assert at.selectbox(key=keys["industry"]).value == "restaurant"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name, rule, params", [
    ("  ", "non_empty", {}),
    ("CAFÉ luna", "name_taken", {"other": "Café Luna"}),
])
def test_a_refused_name_says_why_and_keeps_the_stored_one(make_app, app_store, lang, name, rule, params):
    app_store.create_workspace("Café Luna")
    ws = app_store.create_workspace("Bodega Sur")
    key = settings_keys(ws)["name"]
    at = make_app(lang=lang)
    at.text_input(key=key).set_value(name).run()
    assert not at.exception
    assert t(f"allowed.{rule}", lang, **params) in shown(at.error[0].value)
    assert at.text_input(key=key).value == "Bodega Sur"
    assert app_store.workspace(ws.id).name == "Bodega Sur"


def test_changing_the_content_language_rewrites_the_generated_backlog(make_app, app_store, library):
    ws = app_store.create_workspace("Bodega Sur", lang="en")
    stage = app_store.stages(ws.id)[0]
    app_store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Web", "importance": 5, "performance": 1}])
    backlog.regenerate(app_store, ws.id, library)
    english = [i.title for i in app_store.backlog_items(ws.id)]
    at = make_app()
    at.button_group(key=settings_keys(ws)["lang"]).set_value("es").run()
    assert not at.exception
    spanish = [i.title for i in app_store.backlog_items(ws.id)]
    assert spanish and spanish != english


def new_client_form(at, ws, name, *, industry=None, scores=False, answers=False, items=False):
    open_menu(at, ws.slug, "new_client", at.session_state["lang"]).run()
    base = f"new_client_{ws.slug}"
    at.text_input(key=f"{base}_name").set_value(name)
    if industry:
        at.selectbox(key=f"{base}_industry").set_value(industry)
    at.checkbox(key=f"{base}_scores").set_value(scores)
    at.checkbox(key=f"{base}_answers").set_value(answers)
    at.checkbox(key=f"{base}_backlog").set_value(items)
    return at.button(key=f"{base}_create").click().run()


@pytest.mark.parametrize("scores", [False, True])
def test_new_client_from_a_workspace_copies_the_structure_with_the_chosen_parts(make_app, app_store, scores):
    ws = app_store.create_workspace("Plantilla", industry="general")
    stage = app_store.stages(ws.id)[0]
    app_store.update_stage(stage.workspace_id, stage.id, name="Descubrir")
    app_store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Google", "importance": 5, "performance": 2}])
    app_store.set_answers(ws.id, {"general:x": "yes"})
    at = new_client_form(make_app(), ws, "Bodega Sur", industry="restaurant", scores=scores)
    assert not at.exception
    copy = app_store.workspace("bodega-sur")
    assert (copy.name, copy.industry) == ("Bodega Sur", "restaurant")
    assert app_store.stages(copy.id)[0].name == "Descubrir"
    [tp] = app_store.touchpoints(copy.id)
    assert (tp.name, tp.importance, tp.performance) == (("Google", 5, 2) if scores else ("Google", None, None))
    assert app_store.answers(copy.id) == {}
    assert at.session_state["workspace_slug"] == "bodega-sur"  # opened at its first step
    assert at.title[0].value == t("nav.persona", "en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_new_client_with_a_taken_name_says_which_workspace_has_it(make_app, app_store, lang):
    ws = app_store.create_workspace("Plantilla")
    at = new_client_form(make_app(lang=lang), ws, "plantilla")
    assert not at.exception
    assert t("allowed.name_taken", lang, other="Plantilla") in shown(at.error[0].value)
    assert [w.name for w in app_store.workspaces()] == ["Plantilla"]


# -- a client user (accounts mode) --------------------------------------------------
ROSA, TOM = "rosa@bakery.example", "tom@garage.example"


@pytest.fixture
def rosa_signed_in(make_app, app_store, monkeypatch):
    """Rosa, a client user, on Home; Tom's Garage is another client's workspace."""
    monkeypatch.setenv("HOURGLASS_ACCESS", "accounts")
    monkeypatch.setenv("HOURGLASS_STAFF", "ana@agency.example")
    rosa = app_store.create_workspace("Rosa's Bakery")
    tom = app_store.create_workspace("Tom's Garage")
    app_store.share_workspace(rosa.id, ROSA)
    app_store.share_workspace(tom.id, TOM)
    at = make_app(run=False)
    at.user = {"is_logged_in": True, "email": ROSA, "name": "rosa"}
    return at.run(), rosa


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_client_user_is_refused_another_clients_name_without_learning_it(rosa_signed_in, app_store, lang):
    at, rosa = rosa_signed_in
    at.session_state["lang"] = lang
    at.text_input(key=settings_keys(rosa)["name"]).set_value("TOM'S garage").run()
    assert not at.exception
    message = shown(at.error[0].value)
    assert t("allowed.name_taken_elsewhere", lang) in message and "Tom's Garage" not in message
    at = new_client_form(at, rosa, "tom's GARAGE")
    assert "Tom's Garage" not in shown(at.error[-1].value)
    assert app_store.workspace(rosa.id).name == "Rosa's Bakery"


def test_a_client_users_new_client_is_shared_with_them(rosa_signed_in, app_store):
    at, rosa = rosa_signed_in
    at = new_client_form(at, rosa, "Rosa's Second Bakery")
    assert not at.exception
    copy = app_store.workspace("rosa-s-second-bakery")
    assert ROSA in app_store.shares(copy.id)
    assert at.session_state["workspace_slug"] == copy.slug
