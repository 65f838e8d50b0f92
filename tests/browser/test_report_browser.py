"""/report in the browser: the client report downloads as HTML and as PDF,
in each language, with the agency's name typed on the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from audit.i18n import t

VIEWPORT = {"width": 1440, "height": 1000}

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "es"])
def test_report_downloads_html_and_pdf(app_server, browser, ui, lang):
    store = app_server.store()
    ws = store.create_workspace(f"Report <b>{lang}</b>", lang=lang)
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{"stage_id": stages[0].id, "name": "Web <img src=x onerror=alert(1)>",
                                   "importance": 5, "performance": 2, "emotion": -1}])
    store.close()
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(60_000)
    try:
        page = context.new_page()
        ui.goto(page, app_server.page_url("report", workspace=ws.slug, lang=lang))
        ui.assert_no_exception(page)
        name = page.locator(ui.key("report-agency-name")).locator("input")
        name.fill(f"Agencia {lang}")
        name.press("Enter")
        ui.wait_ready(page)
        expect(page.locator("iframe")).to_be_visible()
        ui.shot(page, f"report-{lang}")
        files = {}
        for fmt in ("html", "pdf"):
            with page.expect_download(timeout=120_000) as info:
                page.locator(ui.key(f"report-{ws.id}-{fmt}")).get_by_role("button").click()
            files[fmt] = Path(info.value.path()).read_bytes()
            assert info.value.suggested_filename == f"report-{ws.slug}.{fmt}"
        html = files["html"].decode("utf-8")
        assert t("report.title", lang) in html and f"Agencia {lang}" in html
        assert "Report &lt;b&gt;" in html and "<img src=x" not in html
        assert files["pdf"].startswith(b"%PDF")
    finally:
        context.close()
