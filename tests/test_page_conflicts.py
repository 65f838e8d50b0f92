"""Issue 10: an edit made on a stale view is never applied over someone
else's change; the user sees whose value is there now and chooses. An edit
of a row someone else deleted says so. (views/conflicts.py, views/editing.py)"""

import pytest

from audit.i18n import t

LANGS = ["en", "es"]
ANA = "ana@example.com"


def texts(at) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "error", "warning")
                     for e in getattr(at, kind)).replace("\u2060", "").replace("\\", "")


def buttons(at, slot):
    return at.button(key=f"conflict-keep-{slot}"), at.button(key=f"conflict-mine-{slot}")


@pytest.fixture
def shop(app_store, library):
    return app_store.create_workspace("Rosa's Bakery", industry="retail", lang="en",
                                      persona=library.pack("retail").persona_template("en"))


def primary(app_store, ws):
    return next(p for p in app_store.personas(ws.id) if p.is_primary)


def goals_key(ws, persona):
    return f"persona-{ws.id}-{persona.uid}-goals"


def stale_edit(make_app, app_store, shop, lang="en"):
    """Ana saves the goals while this session still shows the old ones; then
    this session saves its own. Returns the app and the goals' key."""
    at = make_app(page="persona", lang=lang, workspace=shop.slug)
    persona = primary(app_store, shop)
    key = goals_key(shop, persona)
    edit_behind(app_store, shop, persona, "Fresh bread before 8")
    at.text_area(key=key).input("Cakes for birthdays").run()
    return at, key


def edit_behind(app_store, ws, persona, value, author=ANA):
    with app_store.editing(author=author):
        app_store.update_persona(ws.id, persona.id, goals=value)


@pytest.mark.parametrize("lang", LANGS)
def test_text_edit_on_a_stale_view_keeps_theirs_and_shows_who_and_both_values(make_app, app_store, shop, lang):
    at, key = stale_edit(make_app, app_store, shop, lang)
    assert not at.exception
    assert primary(app_store, shop).goals == "Fresh bread before 8"  # not overwritten
    shown = texts(at)
    assert ANA in shown and "Fresh bread before 8" in shown and "Cakes for birthdays" in shown
    assert t("editing.conflict.not_saved", lang) in shown
    keep, mine = buttons(at, key)
    assert keep.label == t("editing.conflict.keep_theirs", lang) and mine.label == t("editing.conflict.use_mine", lang)
    assert at.text_area(key=key).value == "Fresh bread before 8"  # the widget shows what is there now


def test_use_mine_puts_the_users_value_over_theirs(make_app, app_store, shop):
    at, key = stale_edit(make_app, app_store, shop)
    buttons(at, key)[1].click().run()
    assert not at.exception
    assert primary(app_store, shop).goals == "Cakes for birthdays"
    assert at.text_area(key=key).value == "Cakes for birthdays"
    assert t("editing.conflict.not_saved", "en") not in texts(at)


def test_keep_theirs_drops_the_users_change(make_app, app_store, shop):
    at, key = stale_edit(make_app, app_store, shop)
    buttons(at, key)[0].click().run()
    assert primary(app_store, shop).goals == "Fresh bread before 8"
    assert t("editing.conflict.not_saved", "en") not in texts(at)
    assert not [b for b in at.button if b.key == f"conflict-mine-{key}"]


def test_use_mine_after_a_second_change_shows_the_newest(make_app, app_store, shop):
    at, key = stale_edit(make_app, app_store, shop)
    edit_behind(app_store, shop, primary(app_store, shop), "Gluten-free loaves", author="leo@example.com")
    buttons(at, key)[1].click().run()
    assert primary(app_store, shop).goals == "Gluten-free loaves"
    assert "leo@example.com" in texts(at) and "Gluten-free loaves" in texts(at)


def test_a_change_the_user_saw_is_not_a_conflict(make_app, app_store, shop):
    at = make_app(page="persona", workspace=shop.slug)
    persona = primary(app_store, shop)
    key = goals_key(shop, persona)
    edit_behind(app_store, shop, persona, "Fresh bread before 8")
    at.run()  # the page (or its live update) shows theirs
    at.text_area(key=key).input("Fresh bread before 7").run()
    assert primary(app_store, shop).goals == "Fresh bread before 7"
    assert t("editing.conflict.not_saved", "en") not in texts(at)


def test_author_is_recorded_for_the_users_own_edit(make_app, app_store, shop):
    at = make_app(page="persona", workspace=shop.slug)
    persona = primary(app_store, shop)
    at.text_area(key=goals_key(shop, persona)).input("Cakes for birthdays").run()
    assert primary(app_store, shop).goals == "Cakes for birthdays"
    assert primary(app_store, shop).rev == persona.rev + 1


# -- tables ---------------------------------------------------------------------------
def backlog_key(at, ws) -> str:
    version_key = f"backlog-{ws.id}-table__version"
    version = at.session_state[version_key] if version_key in at.session_state else 0
    return f"backlog-{ws.id}-table__v{version}"


@pytest.fixture
def planned(app_store, shop):
    item = app_store.add_manual_item(shop.id, title="Call back every missed call", owner="Rosa")
    app_store.add_manual_item(shop.id, title="Photograph the window display", owner="Rosa")
    return shop, item


def position(at, item_id):
    return list(at.data_editor[0].value.index).index(item_id)


@pytest.mark.parametrize("lang", LANGS)
def test_table_cell_edited_behind_is_not_overwritten(make_app, app_store, planned, lang):
    ws, item_id = planned
    at = make_app(page="backlog", lang=lang, workspace=ws.slug)
    row = position(at, item_id)
    with app_store.editing(author=ANA):
        app_store.update_backlog_item(ws.id, item_id, owner="Marta")
    at.session_state[backlog_key(at, ws)] = {"edited_rows": {row: {"owner": "Luis"}}, "added_rows": [],
                                             "deleted_rows": []}
    at.run()
    assert not at.exception
    [item] = [i for i in app_store.backlog_items(ws.id) if i.id == item_id]
    assert item.owner == "Marta"
    shown = texts(at)
    assert ANA in shown and "Marta" in shown and "Luis" in shown and "Call back every missed call" in shown


def test_table_edit_of_another_cell_of_the_row_is_saved(make_app, app_store, planned):
    ws, item_id = planned
    at = make_app(page="backlog", workspace=ws.slug)
    row = position(at, item_id)
    with app_store.editing(author=ANA):
        app_store.update_backlog_item(ws.id, item_id, owner="Marta")
    at.session_state[backlog_key(at, ws)] = {"edited_rows": {row: {"status": "doing"}}, "added_rows": [],
                                             "deleted_rows": []}
    at.run()
    [item] = [i for i in app_store.backlog_items(ws.id) if i.id == item_id]
    assert (item.owner, item.status) == ("Marta", "doing")
    assert t("editing.conflict.not_saved", "en") not in texts(at)


@pytest.mark.parametrize("lang", LANGS)
def test_edit_of_a_row_deleted_by_someone_else_says_so(make_app, app_store, planned, lang):
    ws, item_id = planned
    at = make_app(page="backlog", lang=lang, workspace=ws.slug)
    row = position(at, item_id)
    app_store.delete_manual_items(ws.id, [item_id])
    at.session_state[backlog_key(at, ws)] = {"edited_rows": {row: {"owner": "Luis"}}, "added_rows": [],
                                             "deleted_rows": []}
    at.run()
    assert not at.exception
    assert item_id not in {i.id for i in app_store.backlog_items(ws.id)}
    assert at.error and t("conflicts.gone_backlog_items", lang) in texts(at)  # the author is told the row is gone
    assert t("app.saved", lang) not in [toast.value for toast in at.toast]


# -- one-click scores ------------------------------------------------------------------
def scored(app_store):
    ws = app_store.create_workspace("Harbor Physio", industry="health_clinic")
    stage = app_store.stages(ws.id)[0]
    [tp_id] = app_store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Google Maps profile",
                                                 "importance": 3, "performance": 2}])
    return ws, next(tp for tp in app_store.touchpoints(ws.id) if tp.id == tp_id)


def test_score_clicked_on_a_stale_view_keeps_theirs(make_app, app_store):
    ws, tp = scored(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    key = f"scoring-{ws.id}-{tp.uid}-importance"
    with app_store.editing(author=ANA):
        app_store.update_touchpoints(ws.id, {tp.id: {"importance": 4}})
    at.segmented_control(key=key).set_value(5).run()
    assert not at.exception
    assert app_store.touchpoints(ws.id)[0].importance == 4
    assert ANA in texts(at) and t("editing.conflict.not_saved", "en") in texts(at)
    buttons(at, key)[1].click().run()
    assert app_store.touchpoints(ws.id)[0].importance == 5


@pytest.mark.parametrize("choice, stored", [("yes", 1), ("no", 0)])
def test_moment_of_truth_click_is_checked_as_stored_not_as_shown(make_app, app_store, choice, stored):
    """The one-click shows "auto"/"yes"/"no" for None/1/0: what the user saw is compared as stored."""
    ws, tp = scored(app_store)
    at = make_app(page="scoring", workspace=ws.slug)
    at.segmented_control(key=f"scoring-{ws.id}-{tp.uid}-moment_of_truth").set_value(choice).run()
    assert not at.exception
    assert app_store.touchpoints(ws.id)[0].moment_of_truth == stored
    assert t("editing.conflict.not_saved", "en") not in texts(at)


# -- a draft typed while someone else's change arrived -------------------------------
def test_draft_typed_before_a_live_update_is_checked_against_what_its_author_saw(make_app, app_store, shop):
    """The browser keeps a half-typed draft when the page reruns with someone
    else's value underneath: its save must still be refused and shown."""
    at = make_app(page="persona", workspace=shop.slug)
    persona = primary(app_store, shop)
    key = goals_key(shop, persona)
    edit_behind(app_store, shop, persona, "Fresh bread before 8")
    at.run()  # the live update: the box's value becomes theirs (the browser keeps the draft)
    at.text_area(key=key).input("Cakes for birthdays").run()
    assert primary(app_store, shop).goals == "Fresh bread before 8"
    assert t("editing.conflict.not_saved", "en") in texts(at)


def test_text_that_builds_on_the_live_update_is_saved(make_app, app_store, shop):
    at = make_app(page="persona", workspace=shop.slug)
    persona = primary(app_store, shop)
    key = goals_key(shop, persona)
    edit_behind(app_store, shop, persona, "Fresh bread before 8")
    at.run()
    at.text_area(key=key).input("Fresh bread before 8, and cakes on Sunday").run()
    assert primary(app_store, shop).goals == "Fresh bread before 8, and cakes on Sunday"
    assert t("editing.conflict.not_saved", "en") not in texts(at)
