"""The scoring page's table view in a real browser: the editor is keyed once
(no re-key after a save), so after Enter the grid keeps the keyboard and the
next value typed goes to the next row, saved as well."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PERFORMANCE = 3  # columns: stage, touchpoint, importance, performance, …


def test_table_view_keeps_focus_and_its_key_across_saves(fresh_app_server, page, ui):
    server = fresh_app_server
    store = server.store()
    try:
        ws = store.create_workspace("Tabla", lang="es")
        know = store.stages(ws.id)[0]
        store.add_touchpoints(ws.id, [{"stage_id": know.id, "name": n, "importance": 4} for n in ("a", "b", "c")])
    finally:
        store.close()
    ui.goto(page, server.page_url("scoring", lang="es", workspace=ws.slug))
    grid = ui.open_scoring_table(page, ws.id, "Vista de tabla")
    table = ui.key(f"scoring-{ws.id}-table__v0")
    ui.type_in_cell(page, grid, 0, PERFORMANCE, "2")
    page.keyboard.press("Enter")  # saves row a; the selection moves to row b
    ui.wait_ready(page)
    page.keyboard.type("5")  # no click: the grid still has the keyboard
    editor = page.locator("input.gdg-input, textarea.gdg-input")
    editor.first.wait_for(state="visible", timeout=5000)
    page.keyboard.press("Enter")
    ui.wait_ready(page)
    store = server.store()
    try:
        assert [tp.performance for tp in store.touchpoints(ws.id)] == [2, 5, None]
    finally:
        store.close()
    expect(page.locator(table)).to_have_count(1)  # the same editor: never re-keyed
    rows = ui.grid_rows(page, table)
    assert [(r["Punto de contacto"], r["Brecha"]) for r in rows] == [("a", "12"), ("b", "0"), ("c", "")]
    ui.assert_no_exception(page)
    ui.shot(page, "es-flow-scoring-table")


def test_with_the_charts_folded_a_click_shows_in_the_metrics_and_the_moments_at_once(fresh_app_server, page, ui):
    """A large workspace starts with its charts folded: a click reruns only its
    row, unless it moves what the rest of the page shows: a count above, or
    a moment of truth's gap in the table below."""
    server = fresh_app_server
    store = server.store()
    try:
        ws = store.create_workspace("Grande", lang="en")
        stages = store.stages(ws.id)
        store.add_touchpoints(ws.id, [
            {"stage_id": stages[0].id, "name": "Moment", "importance": 5, "performance": 2},
            {"stage_id": stages[0].id, "name": "Plain", "importance": 4, "performance": 2, "moment_of_truth": 0},
            *({"stage_id": stages[i % 7].id, "name": f"tp {i:02d}"} for i in range(63))])
        moment, plain = store.touchpoints(ws.id)[:2]
    finally:
        store.close()
    ui.goto(page, server.page_url("scoring", lang="en", workspace=ws.slug))
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(0)  # folded
    metrics = page.locator("[data-testid='stMetric']")
    expect(metrics.filter(has_text="Concentrate here")).to_contain_text("2")
    moments = page.locator("[data-testid='stDataFrame']")  # the only grid of the rows view

    def moments_rows():
        moments.scroll_into_view_if_needed()  # the grid draws its rows once in view
        return [(r["Touchpoint"], r["Gap"]) for r in ui.grid_rows(page, moments)]

    assert moments_rows() == [("Moment", "15")]

    def click(tp, value):
        choice = page.locator(ui.key(f"scoring-{ws.id}-{tp.uid}-performance")).get_by_role(
            "radio", name=value, exact=True)
        choice.click()
        ui.wait_ready(page)
        expect(choice).to_have_attribute("aria-checked", "true")

    click(plain, "5")  # leaves "Concentrate here": the count above moves
    expect(metrics.filter(has_text="Concentrate here")).to_contain_text("1")
    click(moment, "1")  # still "Concentrate here", but a moment of truth: its gap below moves
    expect(metrics.filter(has_text="Concentrate here")).to_contain_text("1")
    assert moments_rows() == [("Moment", "20")]
    ui.assert_no_exception(page)
    ui.shot(page, "en-flow-scoring-folded")
