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
