"""Many clients in a real browser: a workspace's Settings (rename, saved at
once) and "New client from this" (a taken name refused, then created), in
each language. Screenshots: ``clients-<lang>-*.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from audit.i18n import t

pytestmark = pytest.mark.browser


def stored(server, slug):
    store = server.store()
    try:
        return store.find_workspace(slug)
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_settings_and_new_client_from_home(app_server, new_page, ui, lang):
    store = app_server.store()
    try:
        ws = store.create_workspace(f"Bike Shop {lang}", industry="retail", lang=lang)
        stage = store.stages(ws.id)[0]
        store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Google", "importance": 5, "performance": 2}])
    finally:
        store.close()
    page = new_page()
    ui.goto(page, app_server.page_url("", lang=lang))

    # Settings: rename, saved as soon as the field is left
    ui.open_workspace_menu(page, ws.slug, t("clients.settings_button", lang))
    name = page.locator(f"{ui.key(f'ws_name_{ws.slug}')} input")
    expect(name).to_have_value(ws.name)
    name.fill(f"Bike Shop Centro {lang}")
    name.press("Enter")
    ui.wait_ready(page)
    assert stored(app_server, ws.slug).name == f"Bike Shop Centro {lang}"
    expect(page.get_by_text(t("clients.settings_text", lang))).to_be_visible()
    ui.shot(page, f"clients-{lang}-01-settings")
    ui.assert_no_exception(page)

    # New client from this: a taken name is refused, naming the workspace that has it
    base = f"new_client_{ws.slug}"
    ui.open_workspace_menu(page, ws.slug, t("clients.new_button", lang))
    field = page.locator(f"{ui.key(f'{base}_name')} input")
    field.fill(f"BIKE shop centro {lang}")
    page.locator(ui.key(f"{base}_create")).get_by_role("button").click()
    ui.wait_ready(page)
    if not field.is_visible():  # the menu closed on the rerun: open it again
        ui.open_workspace_menu(page, ws.slug, t("clients.new_button", lang))
    expect(page.get_by_text(f"Bike Shop Centro {lang}", exact=False).last).to_be_visible()
    ui.shot(page, f"clients-{lang}-02-new-client-refused")
    field.fill(f"Surf Shop {lang}")
    page.locator(ui.key(f"{base}_scores")).get_by_role("checkbox").check(force=True)
    ui.shot(page, f"clients-{lang}-03-new-client-form")
    page.locator(ui.key(f"{base}_create")).get_by_role("button").click()
    ui.wait_ready(page)
    ui.assert_no_exception(page)
    assert page.url.split("?")[0].endswith("/persona")  # the new client opens at its first step
    copy = stored(app_server, f"surf-shop-{lang}")
    assert copy is not None and copy.industry == "retail"
    store = app_server.store()
    try:
        assert [(tp.name, tp.importance) for tp in store.touchpoints(copy.id)] == [("Google", 5)]
    finally:
        store.close()
    ui.shot(page, f"clients-{lang}-04-created")
