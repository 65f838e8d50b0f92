"""The backlog page's download area in the browser (issue 9 §3): one format
picker and one button; the chosen file arrives, and the database is not
written. Screenshots of the area in English and Spanish go to
``test-artifacts/screenshots/``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from audit import backlog
from audit.checklists import load_library
from audit.i18n import t

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def make_workspace(server, name: str, lang: str):
    store = server.store()
    try:
        ws = store.create_workspace(name, industry="retail", lang=lang)
        stages = store.stages(ws.id)
        store.add_touchpoints(ws.id, [
            {"stage_id": stages[0].id, "name": "=Google profile", "importance": 5, "performance": 2, "emotion": -1},
            {"stage_id": stages[4].id, "name": "Till", "importance": 4, "performance": 3},
        ])
        backlog.regenerate(store, ws.id, load_library())
        return ws
    finally:
        store.close()


def counts(server) -> dict[str, int]:
    store = server.store()
    try:
        return {name: store._db[name].count for name in store._db.table_names()}
    finally:
        store.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_download_area_hands_over_the_chosen_format(app_server, page, ui, lang):
    ws = make_workspace(app_server, f"Bike Shop Downloads {lang}", lang)
    ui.goto(page, app_server.page_url("backlog", workspace=ws.slug, lang=lang))
    area = page.locator(ui.key(f"backlog-{ws.id}-downloads"))
    area.scroll_into_view_if_needed()
    expect(area.get_by_role("button", name=t("backlog.export.button", lang))).to_be_visible()
    before = counts(app_server)

    # choose Jira in the picker, as a user does
    area.locator("[data-testid='stSelectbox']").click()
    options = page.get_by_role("option")
    expect(options).to_have_count(8)
    assert options.all_inner_texts() == [t(f"backlog.download.{f}", lang) for f in ("csv", "excel-es")] + [
        t(f"backlog.export.{f}", lang) for f in ("xlsx", "jira", "asana", "linear", "github", "audit")]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"backlog-downloads-{lang}-menu.png"))
    page.get_by_role("option", name=t("backlog.export.jira", lang)).click()
    ui.wait_ready(page)
    expect(area.get_by_text("yyyy-MM-dd", exact=False)).to_be_visible()
    ui.assert_no_exception(page)
    area.screenshot(path=str(SCREENSHOTS / f"backlog-downloads-{lang}.png"))
    with page.expect_download() as download_info:
        area.get_by_role("button", name=t("backlog.export.button", lang)).click()
    download = download_info.value
    assert download.suggested_filename == f"backlog-{ws.slug}-jira.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"), newline="")))
    assert rows[0] == ["Summary", "Issue Type", "Description", "Priority", "Labels", "Labels", "Due Date", "Assignee"]
    assert len(rows) > 1 and any("=Google profile" in row[2] for row in rows[1:])
    assert not any(cell.startswith("=") for row in rows for cell in row)
    ui.wait_ready(page)

    # the whole-audit workbook is made when the button is pressed
    area.locator("[data-testid='stSelectbox']").click()
    page.get_by_role("option", name=t("backlog.export.audit", lang)).click()
    ui.wait_ready(page)
    with page.expect_download() as download_info:
        area.get_by_role("button", name=t("backlog.export.button", lang)).click()
    download = download_info.value
    assert download.suggested_filename == f"audit-{ws.slug}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert book.sheetnames == [t(f"workbook.sheet.{s}", lang) for s in
                               ("persona", "journey", "touchpoints", "checklist", "backlog", "health")]
    ui.wait_ready(page)
    ui.assert_no_exception(page)
    assert counts(app_server) == before
