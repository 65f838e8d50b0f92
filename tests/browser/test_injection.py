"""User text is shown as text, never run: a touchpoint named like an HTML
payload appears literally on every page that shows it, no element is made
from it, and no script from it runs (no dialog opens)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from audit.i18n import t

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=alert(1)>"
#: Markdown link and raw script tag, in the pain points (shown in the backlog's detail).
PAIN = "[click me](javascript:alert(2)) <script>alert(3)</script>"


@pytest.fixture(scope="module")
def hostile_workspace(app_server):
    """A workspace whose scored touchpoint carries the payloads (written
    through the engine, as an import or another session would)."""
    store = app_server.store()
    try:
        ws = store.create_workspace("Hostile Names", lang="en")
        know = store.stages(ws.id)[0]
        store.add_touchpoints(ws.id, [{
            "stage_id": know.id, "name": PAYLOAD, "importance": 5, "performance": 1,
            "emotion": -2, "pain_points": PAIN,
        }])
        return ws
    finally:
        store.close()


@pytest.fixture
def watched_page(page):
    """A page that records every dialog (alert, confirm, prompt) it opens."""
    page.dialogs = []

    def record(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return page


def assert_inert(page) -> None:
    assert page.dialogs == [], f"a dialog opened: {page.dialogs}"
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script:not([src])").filter(has_text="alert(").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    for frame in page.frames:  # components would live in iframes
        assert frame.locator("img[src='x']").count() == 0


def test_touchpoints_page_shows_the_name_as_text(app_server, hostile_workspace, watched_page, ui):
    page, ws = watched_page, hostile_workspace
    ui.goto(page, app_server.page_url("touchpoints", lang="en", workspace=ws.slug))
    ui.assert_no_exception(page)
    table = ui.key_prefix(f"tp-{ws.id}-")
    expect(page.locator(f"{table} table tbody tr").first).to_be_attached()
    assert [row["Touchpoint"] for row in ui.grid_rows(page, table)] == [PAYLOAD]
    page.wait_for_timeout(500)  # give an onerror handler the time it would need
    ui.shot(page, "injection-01-touchpoints")
    assert_inert(page)


def test_scoring_page_shows_the_name_as_text(app_server, hostile_workspace, watched_page, ui):
    page, ws = watched_page, hostile_workspace
    ui.goto(page, app_server.page_url("scoring", lang="en", workspace=ws.slug))
    ui.assert_no_exception(page)
    store = app_server.store()
    try:
        tp = store.touchpoints(ws.id)[0]
    finally:
        store.close()
    # the touchpoint's row of one-click scores: its name (Markdown, escaped) reads exactly as typed
    row = page.locator(ui.key(f"scoring-{ws.id}-{tp.uid}-row"))
    expect(row.locator("[data-testid='stMarkdownContainer'] strong").first).to_have_text(PAYLOAD)
    # the moments-of-truth table (st.dataframe's key gives it no st-key-… class: found by its "Why" column)
    moments = page.locator("[data-testid='stDataFrame']").filter(has=page.locator("th", has_text="Why"))
    expect(moments.locator("table tbody tr").first).to_be_attached()
    assert PAYLOAD in [row.get("Touchpoint") for row in ui.grid_rows(page, moments)]
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    page.wait_for_timeout(500)
    ui.shot(page, "injection-02-scoring")
    assert_inert(page)
    # the same scores as one spreadsheet ("Table view")
    page.locator(ui.key(f"scoring-{ws.id}-table-view")).get_by_text("Table view").click()
    ui.wait_ready(page)
    ui.assert_no_exception(page)
    grid = ui.key_prefix(f"scoring-{ws.id}-table__v")
    expect(page.locator(f"{grid} table tbody tr").first).to_be_attached()
    assert [row["Touchpoint"] for row in ui.grid_rows(page, grid)] == [PAYLOAD]
    page.wait_for_timeout(500)
    ui.shot(page, "injection-02b-scoring-table-view")
    assert_inert(page)


def test_backlog_page_shows_the_name_as_text(app_server, hostile_workspace, watched_page, ui):
    page, ws = watched_page, hostile_workspace
    ui.goto(page, app_server.page_url("backlog", lang="en", workspace=ws.slug))
    ui.assert_no_exception(page)
    table = ui.key_prefix(f"backlog-{ws.id}-table__v")
    expect(page.locator(f"{table} table tbody tr").first).to_be_attached()
    titles = [row["Item"] for row in ui.grid_rows(page, table)]
    # the first item acts on what the owner wrote: the name and the pain point, quoted
    title = t("backlog.gen.action_pain", "en", name=PAYLOAD, pain=PAIN)
    assert titles[0] == title, titles
    # the top item in full: its title (Markdown, escaped) reads exactly as typed …
    # (md() puts an invisible word joiner after ":" so "javascript:" never becomes a link)
    shown = [text.replace("\u2060", "").strip()
             for text in page.locator("[data-testid='stMarkdownContainer']").all_inner_texts()]
    assert title in shown, shown
    # … and its description, pain points included, is an editable text
    store = app_server.store()
    try:
        top = next(i for i in store.backlog_items(ws.id) if i.title == title)
    finally:
        store.close()
    detail = page.locator(f"{ui.key(f'backlog-{ws.id}-{top.uid}-detail')} textarea")
    expect(detail).to_have_value(re.compile(re.escape(PAIN)))
    page.wait_for_timeout(500)
    ui.shot(page, "injection-03-backlog")
    assert_inert(page)


def test_hourglass_page_shows_the_name_as_text(app_server, hostile_workspace, watched_page, ui):
    page, ws = watched_page, hostile_workspace
    ui.goto(page, app_server.page_url("hourglass", lang="en", workspace=ws.slug))
    ui.assert_no_exception(page)
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    # the map's answers name the touchpoint that needs work
    finding = page.locator("[data-testid='stMarkdownContainer'] li").filter(has_text=PAYLOAD)
    expect(finding.first).to_be_visible()
    assert finding.first.inner_text().startswith(f"{PAYLOAD} (Know)")
    page.wait_for_timeout(500)
    ui.shot(page, "injection-04-hourglass")
    assert_inert(page)
