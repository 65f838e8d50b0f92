"""The import section of the Touchpoints page (views/touchpoints_import.py)
through AppTest: the plan before anything is written, one "Apply", a
re-import that updates instead of adding, the explicit removal, every error
of a file at once, and the downloads."""

import io

import openpyxl
import pytest

from audit.i18n import t
from audit.inventory import InvalidInventory, parse_inventory
from audit.inventory_files import template_headers
from rendered import shown

CSV = "Etapa;Punto de contacto;Canal;Responsable;Desempeño\nConocer;Folleto;presencial;Ana;2\n3;Reseñas en Google;en línea;;\nbuy;Firma;;;\n"


@pytest.fixture
def shop(app_store):
    return app_store.create_workspace("Autos Pérez", industry="automotive", lang="es")


def upload(at, ws, text, name="inventario.csv"):
    at.file_uploader(key=f"tp-import-{ws.id}").set_value((name, text.encode("utf-8"), "text/csv")).run()
    assert not at.exception
    return at


def go(at, ws):
    return at.button(key=f"tp-import-{ws.id}-go")


def buttons(at):
    return [b.key for b in at.button]


def metrics(at):
    return [int(m.value) for m in at.metric]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_file_shows_its_plan_then_is_applied_once(make_app, app_store, shop, lang):
    know, _, trust, _, buy, *_ = app_store.stages(shop.id)
    at = upload(make_app(page="touchpoints", lang=lang, workspace=shop.slug), shop, CSV)
    assert app_store.touchpoints(shop.id) == []  # a plan writes nothing
    assert metrics(at) == [3, 0, 0, 0]
    table = at.dataframe[-1].value
    assert list(table[t("touchpoints.reimport.col_stage", lang)]) == (
        ["Know", "Trust", "Buy"] if lang == "en" else ["Conocer", "Confiar", "Comprar"])
    assert list(table[t("touchpoints.reimport.col_row", lang)]) == ["2", "3", "4"]
    assert go(at, shop).label == t("touchpoints.reimport.apply", lang, new=3, changed=0, removed=0)
    go(at, shop).click().run()
    assert not at.exception
    assert [(tp.stage_id, tp.name) for tp in app_store.touchpoints(shop.id)] == [
        (know.id, "Folleto"), (trust.id, "Reseñas en Google"), (buy.id, "Firma")]
    assert at.success[0].value == t("touchpoints.reimport.applied", lang, file="inventario\\.csv",
                                    new=3, changed=0, removed=0)
    assert f"tp-import-{shop.id}-go" not in buttons(at)
    for _ in range(3):
        at.run()
    assert len(app_store.touchpoints(shop.id)) == 3


def test_a_corrected_file_changes_one_value_and_adds_no_duplicate(make_app, app_store, shop):
    at = upload(make_app(page="touchpoints", lang="en", workspace=shop.slug), shop, CSV)
    go(at, shop).click().run()
    corrected = CSV.replace("Folleto;presencial;Ana;2", "FOLLETO;presencial;Ana;4")
    upload(at, shop, corrected, "corregido.csv")
    assert metrics(at) == [0, 1, 2, 0]
    table = at.dataframe[-1].value
    assert list(table["Field"]) == ["Name", "Performance"]
    assert list(table["Before"]) == ["Folleto", "2"] and list(table["After"]) == ["FOLLETO", "4"]
    go(at, shop).click().run()
    assert [(tp.name, tp.performance) for tp in app_store.touchpoints(shop.id)][0] == ("FOLLETO", 4)
    assert len(app_store.touchpoints(shop.id)) == 3


def test_an_identical_file_says_nothing_to_change(make_app, app_store, shop):
    at = make_app(page="touchpoints", lang="en", workspace=shop.slug)
    upload(at, shop, CSV)
    go(at, shop).click().run()
    at = upload(make_app(page="touchpoints", lang="en", workspace=shop.slug), shop, CSV, "again.csv")
    assert at.info[-1].value == t("touchpoints.reimport.nothing", "en", file="again\\.csv")
    assert f"tp-import-{shop.id}-go" not in buttons(at)


def test_what_is_not_in_the_file_is_removed_only_when_asked(make_app, app_store, shop):
    at = upload(make_app(page="touchpoints", lang="en", workspace=shop.slug), shop, CSV)
    go(at, shop).click().run()
    shorter = CSV.replace("buy;Firma;;;\n", "")
    upload(at, shop, shorter, "shorter.csv")
    remove = at.checkbox(key=f"tp-import-remove-{shop.id}")
    assert remove.value is False and remove.label == t("touchpoints.reimport.remove", "en", n=1)
    assert f"tp-import-{shop.id}-go" not in buttons(at)  # nothing else to do
    remove.check().run()
    assert go(at, shop).label == t("touchpoints.reimport.apply", "en", new=0, changed=0, removed=1)
    table = at.dataframe[-1].value
    assert list(table["Row"]) == [""] and list(table["Change"]) == [t("touchpoints.reimport.missing_removed", "en")]
    assert len(app_store.touchpoints(shop.id)) == 3  # ticking writes nothing
    go(at, shop).click().run()
    assert [tp.name for tp in app_store.touchpoints(shop.id)] == ["Folleto", "Reseñas en Google"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_error_of_a_file_is_shown_at_once_and_nothing_written(make_app, app_store, shop, lang):
    bad = ("Etapa;Punto de contacto;Canal;Importancia\nConocer;Folleto;papel;3\nMarte;Web;online;3\n"
           "Conocer;;online;3\nComprar;Caja;online;9\n")
    at = upload(make_app(page="touchpoints", lang=lang, workspace=shop.slug), shop, bad, "malo.csv")
    [error] = at.error
    message = shown(error.value).replace("\\", "")
    assert message.startswith(shown(t("touchpoints.reimport.errors_other", lang, file="malo.csv", n=4)))
    with pytest.raises(InvalidInventory) as caught:
        parse_inventory(bad.encode(), "malo.csv", stages=app_store.stages(shop.id), framework=shop.framework)
    expected = caught.value.messages(lang)
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "channel"), (3, "stage"), (4, "name"),
                                                               (5, "importance")]
    assert message.splitlines()[-4:] == [f"- {m}" for m in expected]
    assert f"tp-import-{shop.id}-go" not in buttons(at)
    assert app_store.touchpoints(shop.id) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_and_the_inventory_download_in_either_format(make_app, app_store, shop, fmt):
    know = app_store.stages(shop.id)[0]
    app_store.add_touchpoints(shop.id, [{"stage_id": know.id, "name": "Folleto", "importance": 4}])
    at = make_app(page="touchpoints", lang="es", workspace=shop.slug)
    at.segmented_control(key=f"tp-template-format-{shop.id}").set_value(fmt).run()
    downloads = {b.key: b for b in at.get("download_button")}
    template = downloads[f"tp-template-{shop.id}-es-{fmt}"]
    inventory = downloads[f"tp-inventory-{shop.id}-es-{fmt}"]
    assert template.proto.label == t("touchpoints.import.template", "es")
    assert inventory.proto.label == t("touchpoints.reimport.inventory", "es")


def test_the_downloaded_inventory_imports_back_as_nothing_to_change(make_app, app_store, shop):
    from audit.inventory_files import inventory_file, inventory_rows

    know = app_store.stages(shop.id)[0]
    app_store.add_touchpoints(shop.id, [{"stage_id": know.id, "name": "Folleto", "importance": 4, "emotion": -1}])
    rows = inventory_rows(app_store.touchpoints(shop.id), app_store.stages(shop.id), shop.framework, "es")
    data = inventory_file("xlsx", "es", rows)
    assert [c.value for c in openpyxl.load_workbook(io.BytesIO(data)).worksheets[0][1]] == template_headers("es")
    at = make_app(page="touchpoints", lang="es", workspace=shop.slug)
    at.file_uploader(key=f"tp-import-{shop.id}").set_value(("inv.xlsx", data, "application/octet-stream")).run()
    assert not at.exception
    assert at.info[-1].value == t("touchpoints.reimport.nothing", "es", file="inv\\.xlsx")
