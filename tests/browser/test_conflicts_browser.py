"""Issue 10 in a real browser: two people type in the same field. The
second to save does not overwrite the first silently: the draft's author
sees whose value is there now and their own, and chooses
(``views/editing.py``, ``views/conflicts.py``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from audit.i18n import t

pytestmark = pytest.mark.browser

SHOWS_WITHIN_MS = 10_000  # a live tick (2.5 s), the rerun, a busy machine
PANEL = "[class*='st-key-conflict-']"
PERFORMANCE = 3  # the scoring table's performance column: arrows right from the first cell


def goals_of(server, ws_id):
    store = server.store()
    try:
        return store.personas(ws_id)[0].goals
    finally:
        store.close()


def test_a_draft_saved_over_someone_elses_change_asks_first(app_server, new_page, ui):
    store = app_server.store()
    try:
        ws = store.create_workspace("Two Typists Bakery", lang="en", industry="general")
        persona = store.personas(ws.id)[0]
    finally:
        store.close()
    url = app_server.page_url("persona", lang="en", workspace=ws.slug)
    goals = ui.key(f"persona-{ws.id}-{persona.uid}-goals") + " textarea"
    first, second = new_page(), new_page()
    ui.goto(first, url)
    ui.goto(second, url)

    first.locator(goals).fill("Birthday cakes to order")  # a draft, not saved yet
    second.locator(goals).fill("Fresh bread before 8")
    second.locator(goals).press("Tab")
    ui.wait_ready(second)
    # the first page has heard of the change (its live tick reran it: the
    # persona card shows it) while the draft stays in the box
    expect(first.get_by_text("Fresh bread before 8")).to_be_visible(timeout=SHOWS_WITHIN_MS)
    expect(first.locator(goals)).to_have_value("Birthday cakes to order")

    first.locator(goals).press("Tab")  # the draft is saved… over a change its author never saw
    ui.wait_ready(first)
    panel = first.locator(PANEL).first
    expect(panel).to_contain_text("Fresh bread before 8", timeout=SHOWS_WITHIN_MS)
    expect(panel).to_contain_text("Birthday cakes to order")
    expect(panel).to_contain_text(t("editing.conflict.not_saved", "en"))
    assert goals_of(app_server, ws.id) == "Fresh bread before 8"
    expect(first.locator(goals)).to_have_value("Fresh bread before 8")
    ui.assert_no_exception(first)
    ui.shot(first, "conflict-persona-en")

    panel.get_by_role("button", name=t("editing.conflict.use_mine", "en")).click()
    ui.wait_ready(first)
    expect(first.locator(goals)).to_have_value("Birthday cakes to order")
    expect(first.locator(PANEL)).to_have_count(0)
    assert goals_of(app_server, ws.id) == "Birthday cakes to order"
    expect(second.locator(goals)).to_have_value("Birthday cakes to order", timeout=SHOWS_WITHIN_MS)


def test_an_edit_of_a_row_someone_deleted_says_so(server_factory, tmp_path, new_page, ui):
    """The other session deletes a touchpoint; this one, still showing it,
    scores it in the table view: told it was deleted, nothing written back.
    The live tick is slowed on this server so the deleted row stays on the page."""
    server = server_factory(tmp_path / "gone.db", "gone", env={"HOURGLASS_LIVE_EVERY_S": "600"})
    store = server.store()
    try:
        ws = store.create_workspace("Gone Bakery", lang="en", industry="general")
        know = store.stages(ws.id)[0]
        first, _ = store.add_touchpoints(ws.id, [{"stage_id": know.id, "name": n, "importance": 4}
                                                 for n in ("Shop window", "Google Maps profile")])
    finally:
        store.close()
    page = new_page()
    ui.goto(page, server.page_url("scoring", lang="en", workspace=ws.slug))
    grid = ui.open_scoring_table(page, ws.id, "Table view")

    store = server.store()
    try:
        store.delete_touchpoints(ws.id, [first])  # someone else, elsewhere
    finally:
        store.close()
    ui.type_in_cell(page, grid, 0, PERFORMANCE, "2")
    page.keyboard.press("Enter")
    ui.wait_ready(page)
    expect(page.get_by_text(t("conflicts.gone_touchpoints", "en"))).to_be_visible()
    # the whole page ran again, not only the scores: its "Next" line counts one touchpoint
    expect(page.get_by_text(t("flow.left.scoring_one", "en", n=1))).to_be_visible()
    ui.assert_no_exception(page)
    store = server.store()
    try:
        assert [(tp.name, tp.performance) for tp in store.touchpoints(ws.id)] == [("Google Maps profile", None)]
    finally:
        store.close()
    ui.shot(page, "conflict-deleted-row-en")
