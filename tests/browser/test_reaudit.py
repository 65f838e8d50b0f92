"""Re-audits in the browser (issue 9): /compare shows a change after a
snapshot, an edit and a second snapshot; a corrected XLSX re-imported on
/touchpoints shows its plan and leaves no duplicate. Screenshots of both
pages, in English and Spanish, go to ``test-artifacts/screenshots/``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from audit.inventory_files import inventory_file, inventory_rows

pytestmark = pytest.mark.browser


def make_workspace(server, name: str):
    store = server.store()
    try:
        ws = store.create_workspace(name, industry="retail", lang="en")
        know = store.stages(ws.id)[0]
        store.add_touchpoints(ws.id, [{"stage_id": know.id, "name": "Google profile", "importance": 4,
                                       "performance": 2, "emotion": -1}])
        return ws, know
    finally:
        store.close()


def take_snapshot(page, ui, ws, label: str = "") -> None:
    if label:
        page.locator(f"{ui.key(f'cmp-label-{ws.id}')} input").fill(label)
        page.locator(f"{ui.key(f'cmp-label-{ws.id}')} input").press("Enter")
        ui.wait_ready(page)
    page.locator(f"{ui.key(f'cmp-take-{ws.id}')} button").click()
    ui.wait_ready(page)


def test_compare_shows_a_change_after_a_snapshot_an_edit_and_a_second_snapshot(app_server, page, ui):
    ws, know = make_workspace(app_server, "Bike Shop Compare")
    ui.goto(page, app_server.page_url("compare", workspace=ws.slug, lang="en"))
    expect(page.get_by_role("heading", name="Compare re-audits")).to_be_visible()
    take_snapshot(page, ui, ws, "Q1")
    expect(page.get_by_text("One snapshot so far", exact=False)).to_be_visible()

    ui.nav(page, "Touchpoints")  # the edit: a second touchpoint in Know, typed as a user does
    page.locator(f"{ui.key(f'tp-quick-{ws.id}-{know.id}')} textarea").fill("Shop window")
    page.locator(f"{ui.key(f'tp-quick-{ws.id}-{know.id}-add')} button").click()
    ui.wait_ready(page)
    expect(page.get_by_role("tab", name="Know · 2")).to_be_visible()

    ui.nav(page, "Compare")
    take_snapshot(page, ui, ws, "Q2")
    ui.assert_no_exception(page)
    rows = ui.grid_rows(page, "[data-testid='stDataFrame']")
    know_row = next(r for r in rows if r.get("Stage") == "Know")
    assert know_row["Coverage"] == "1 → 2 (+1)"
    assert know_row["Health"] == "25 → 25 (±0)"
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_be_visible()
    ui.shot(page, "compare-en")

    ui.goto(page, app_server.page_url("compare", workspace=ws.slug, lang="es"))
    expect(page.get_by_role("heading", name="Comparar auditorías")).to_be_visible()
    rows = ui.grid_rows(page, "[data-testid='stDataFrame']")
    assert next(r for r in rows if r.get("Etapa") == "Conocer")["Cobertura"] == "1 → 2 (+1)"
    ui.assert_no_exception(page)
    ui.shot(page, "compare-es")


def test_a_corrected_xlsx_shows_its_plan_and_leaves_no_duplicate(app_server, page, ui, tmp_path):
    ws, know = make_workspace(app_server, "Bike Shop Import")
    store = app_server.store()
    try:
        rows = inventory_rows(store.touchpoints(ws.id), store.stages(ws.id), ws.framework, "en")
    finally:
        store.close()
    rows[0]["performance"] = 4
    rows.append({"stage": "Buy", "name": "Checkout"})
    path = tmp_path / "corrected.xlsx"
    path.write_bytes(inventory_file("xlsx", "en", rows))

    ui.goto(page, app_server.page_url("touchpoints", workspace=ws.slug, lang="en"))
    page.locator(f"{ui.key(f'tp-import-{ws.id}')} input[type='file']").set_input_files(str(path))
    ui.wait_ready(page)
    apply = page.locator(ui.key(f"tp-import-{ws.id}-go")).get_by_role(
        "button", name="Apply: 1 new, 1 changed, 0 removed")
    expect(apply).to_be_visible()
    changes = ui.grid_rows(page, page.locator("[data-testid='stDataFrame']").last)  # below the stage's editor
    assert [(r["Touchpoint"], r["Change"], r["Field"], r["Before"], r["After"]) for r in changes] == [
        ("Google profile", "Changed", "Performance", "2", "4"), ("Checkout", "New", "", "", "")]
    ui.shot(page, "reimport-plan-en")
    apply.click()
    ui.wait_ready(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Applied corrected.xlsx: 1 added, 1 updated")
    ui.assert_no_exception(page)
    store = app_server.store()
    try:
        assert [(tp.name, tp.performance) for tp in store.touchpoints(ws.id)] == [
            ("Google profile", 4), ("Checkout", None)]
    finally:
        store.close()
