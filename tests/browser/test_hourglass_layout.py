"""The hourglass page in a real browser: the chart and the customer-counts
panel never overlap, on a wide and on a narrow window, with and without
counts, in both languages; screenshots of each for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(app_server):
    from audit.demo import load_demo

    store = app_server.store()
    try:
        load_demo(store)
        bakery = store.workspace("panaderia-la-espiga")
        with store.transaction():  # the bakery without counts, Harbor Physio with them
            for stage in store.stages(bakery.id):
                store.update_stage(stage.workspace_id, stage.id, customers=None)
    finally:
        store.close()


def box(locator) -> dict:
    expect(locator).to_be_visible()
    found = locator.bounding_box()
    assert found is not None
    return found


def overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("width", [1440, 1024])
@pytest.mark.parametrize("slug, lang, tag", [
    ("harbor-physio", "en", "counts"), ("harbor-physio", "es", "counts"),
    ("panaderia-la-espiga", "en", "no-counts"), ("panaderia-la-espiga", "es", "no-counts"),
])
def test_chart_and_counts_panel_never_overlap(app_server, demo, page, ui, width, slug, lang, tag):
    page.set_viewport_size({"width": width, "height": 1000})
    ui.goto(page, app_server.page_url("hourglass", lang=lang, workspace=slug))
    ui.assert_no_exception(page)
    chart = box(page.locator("[data-testid='stVegaLiteChart']").first)
    ws = app_server.store().workspace(slug)
    panel = box(page.locator(f".st-key-hourglass-{ws.id}-counts-panel"))
    main = box(page.locator("[data-testid='stMain'] [data-testid='stMainBlockContainer']").first)
    assert not overlap(chart, panel)
    assert chart["x"] + chart["width"] <= main["x"] + main["width"] + 1  # inside the page
    ui.shot(page, f"hourglass-{tag}-{lang}-{width}")
