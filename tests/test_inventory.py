"""Touchpoint inventory import (DESIGN.md, "Files in and out")."""

import codecs
import csv
import io
import random

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.inventory import (
    HEADERS,
    MAX_BYTES,
    InvalidInventory,
    InventoryPlan,
    column_letter,
    import_inventory,
    parse_inventory,
)
from audit.frameworks import FRAMEWORKS
from audit.i18n import t
from audit.model import MAX_TEXT, Stage


#: The stages of a new Marketing Hourglass workspace; parsing is pure, so most
#: tests need no database (the import tests below use a real workspace).
HOURGLASS = [Stage(id=i + 1, workspace_id=1, uid=f"s{i}", position=i, key=s.key)
             for i, s in enumerate(FRAMEWORKS["hourglass"])]


@pytest.fixture
def stages():
    return HOURGLASS


def test_a_new_workspace_has_the_stages_the_parse_tests_assume(store, workspace):
    assert [(s.position, s.key, s.name) for s in store.stages(workspace.id)] == [
        (s.position, s.key, s.name) for s in HOURGLASS]


@pytest.fixture
def route(store):
    """A workspace on the 5-stage purchase route, in Spanish."""
    return store.create_workspace("Ruta", framework="purchase-route", lang="es")


def parse(content, stages, filename="inventory.csv", framework="hourglass") -> InventoryPlan:
    if isinstance(content, str):
        content = content.encode("utf-8")
    return parse_inventory(content, filename, stages=stages, framework=framework)


def refused(content, stages, filename="inventory.csv", framework="hourglass") -> InvalidInventory:
    with pytest.raises(InvalidInventory) as info:
        parse(content, stages, filename, framework)
    return info.value


def count_touchpoints(store, workspace_id) -> int:
    return len(store.touchpoints(workspace_id))


def xlsx(rows, *, sheets=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Touchpoints"
    for row in rows:
        sheet.append(list(row))
    for name in sheets:
        book.create_sheet(name)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- headers ------------------------------------------------------------------
HEADER_CASES = [
    # header as written, field, cell, expected value
    ("channel", "channel", "online", "online"),
    ("Canal", "channel", "offline", "offline"),
    ("owner", "owner", "Ana", "Ana"),
    ("RESPONSABLE", "owner", "Ana", "Ana"),
    ("technology", "technology", "Shopify", "Shopify"),
    ("Tecnologia", "technology", "Shopify", "Shopify"),
    ("importance", "importance", "4", 4),
    ("Importancia", "importance", "4", 4),
    ("performance", "performance", "2", 2),
    ("desempeño", "performance", "2", 2),
    ("DESEMPENO", "performance", "2", 2),
    ("emotion", "emotion", "-1", -1),
    ("emoción", "emotion", "-1", -1),
    ("Emocion", "emotion", "-1", -1),
    ("moment of truth", "moment_of_truth", "yes", 1),
    ("Moment_of_Truth", "moment_of_truth", "yes", 1),
    ("momento de verdad", "moment_of_truth", "sí", 1),
    ("Momento de la verdad", "moment_of_truth", "no", 0),
    ("pain points", "pain_points", "slow", "slow"),
    ("Puntos de dolor", "pain_points", "lento", "lento"),
    ("positives", "positives", "friendly", "friendly"),
    ("puntos positivos", "positives", "amable", "amable"),
    ("evidence", "evidence", "survey", "survey"),
    ("evidencia", "evidence", "encuesta", "encuesta"),
    ("kpi", "kpi", "visits", "visits"),
    ("KPI", "kpi", "visitas", "visitas"),
    ("notes", "notes", "n", "n"),
    ("Notas", "notes", "n", "n"),
    ("  notes  ", "notes", "n", "n"),
]


@pytest.mark.parametrize("header,field,cell,expected", HEADER_CASES)
def test_optional_header_in_either_language(stages, header, field, cell, expected):
    plan = parse(f"stage,touchpoint,{header}\nKnow,Website,{cell}\n", stages)
    assert plan.rows[0][field] == expected
    assert plan.columns == ["stage", "name", field]
    assert plan.warnings == []


@pytest.mark.parametrize("stage_header", ["stage", "Stage", "ETAPA", "etapa", " Etapa "])
@pytest.mark.parametrize("name_header", ["touchpoint", "Touchpoint", "Touch point", "punto de contacto", "Punto de Contacto", "PUNTO_DE_CONTACTO"])
def test_required_headers_in_either_language(stages, stage_header, name_header):
    plan = parse(f"{stage_header},{name_header}\nKnow,Website\n", stages)
    assert plan.rows[0]["name"] == "Website"
    assert plan.rows[0]["stage_id"] == stages[0].id


def test_every_field_has_an_english_and_a_spanish_header():
    assert all(len(aliases) >= 2 for aliases in HEADERS.values())
    assert set(HEADERS) >= {"stage", "name", "channel", "owner", "importance", "performance", "emotion",
                            "moment_of_truth", "pain_points", "positives", "kpi", "notes"}


def test_rows_carry_every_touchpoint_field_with_empty_defaults(stages):
    row = parse("stage,touchpoint\nKnow,Website\n", stages).rows[0]
    assert row == {
        "stage_id": stages[0].id, "name": "Website", "channel": "", "owner": "", "technology": "",
        "importance": None, "performance": None, "emotion": None, "moment_of_truth": None,
        "pain_points": "", "positives": "", "evidence": "", "kpi": "", "notes": "",
    }


def test_unknown_columns_are_a_warning_in_either_language(stages):
    plan = parse("stage,touchpoint,Budget,Color\nKnow,Website,100,red\n", stages)
    assert len(plan.rows) == 1
    assert plan.warnings == ["Columns not recognised, ignored: “Budget”, “Color”."]
    assert plan.warning_texts("es") == ["Columnas no reconocidas, se han ignorado: «Budget», «Color»."]
    assert plan.columns == ["stage", "name"]


def test_values_under_a_column_without_header_are_a_warning(stages):
    plan = parse("stage,touchpoint,\nKnow,Website,stray\n", stages)
    assert plan.rows[0]["name"] == "Website"
    assert plan.warnings == ["Values in columns without a header were ignored (column C)."]


# -- stages -------------------------------------------------------------------
@pytest.mark.parametrize("cell,position", [
    ("Know", 0), ("know", 0), ("  KNOW  ", 0), ("Conocer", 0), ("CONOCER", 0),
    ("Trust", 2), ("confiar", 2), ("Refer", 6), ("referir", 6),
    ("1", 0), ("4", 3), ("7", 6), (" 5 ", 4), ("5.0", 4),
])
def test_stage_by_name_in_either_language_or_number(stages, cell, position):
    plan = parse(f"stage,touchpoint\n{cell},Website\n", stages)
    assert plan.rows[0]["stage_id"] == stages[position].id


@pytest.mark.parametrize("cell,position", [
    ("Decisión", 2), ("decision", 2), ("DECISIÓN", 2), ("Decision", 2), ("Consideración", 1),
    ("consideracion", 1), ("Retention", 3), ("recomendación", 4), ("3", 2),
])
def test_stage_of_another_framework_accents_and_case_ignored(store, route, cell, position):
    stages = store.stages(route.id)
    plan = parse(f"etapa;punto de contacto\n{cell};Web\n", stages, framework="purchase-route")
    assert plan.rows[0]["stage_id"] == stages[position].id


def test_stage_by_the_workspace_own_name(store, workspace):
    first = store.stages(workspace.id)[0]
    store.update_stage(first.workspace_id, first.id, name="Descubre y Compara")
    stages = store.stages(workspace.id)
    plan = parse("stage,touchpoint\ndescubre y compara,Web\nDESCUBRE Y COMPARA,Blog\nKnow,Ad\n", stages)
    assert [r["stage_id"] for r in plan.rows] == [first.id] * 3


def test_the_workspace_own_name_wins_over_a_framework_name(store, workspace):
    stages = store.stages(workspace.id)
    store.update_stage(stages[6].workspace_id, stages[6].id, name="Buy")  # "Refer" renamed to another stage's default name
    stages = store.stages(workspace.id)
    plan = parse("stage,touchpoint\nbuy,Web\n", stages)
    assert plan.rows[0]["stage_id"] == stages[6].id


def test_stage_numbers_follow_journey_order_after_a_move(store, workspace):
    stages = store.stages(workspace.id)
    store.move_stage(stages[6].workspace_id, stages[6].id, -6)  # Refer first
    stages = store.stages(workspace.id)
    plan = parse("stage,touchpoint\n1,Web\n", stages)
    assert plan.rows[0]["stage_id"] == stages[0].id
    assert stages[0].key == "refer"


# -- values -------------------------------------------------------------------
@pytest.mark.parametrize("cell,expected", [
    ("online", "online"), ("Online", "online"), ("ONLINE", "online"), ("on-line", "online"),
    ("en línea", "online"), ("En linea", "online"), ("digital", "online"), ("web", "online"),
    ("offline", "offline"), ("Off-line", "offline"), ("presencial", "offline"),
    ("Físico", "offline"), ("in person", "offline"), ("Fuera de línea", "offline"),
    ("teléfono", "offline"), ("Phone", "offline"), ("", ""),
])
def test_channel_words(stages, cell, expected):
    assert parse(f"stage,touchpoint,channel\nKnow,Web,{cell}\n", stages).rows[0]["channel"] == expected


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("key, expected", [("touchpoints.template.channel1", "online"),
                                           ("touchpoints.template.channel2", "offline")])
def test_the_channel_words_the_template_shows_import(stages, lang, key, expected):
    cell = t(key, lang)
    assert parse(f"stage,touchpoint,channel\nKnow,Web,{cell}\n", stages).rows[0]["channel"] == expected


@pytest.mark.parametrize("cell,expected", [
    ("-2", -2), ("-1", -1), ("0", 0), ("1", 1), ("2", 2), ("+1", 1), ("+2", 2),
    ("\u22121", -1), ("\u22122", -2), ("\u20131", -1), ("", None), (" 1 ", 1),
])
def test_emotion_accepts_signs(stages, cell, expected):
    assert parse(f"stage,touchpoint,emotion\nKnow,Web,{cell}\n", stages).rows[0]["emotion"] == expected


@pytest.mark.parametrize("cell,expected", [
    ("yes", 1), ("Yes", 1), ("sí", 1), ("Sí", 1), ("si", 1), ("1", 1), ("x", 1), ("X", 1),
    ("TRUE", 1), ("no", 0), ("No", 0), ("0", 0), ("false", 0), ("", None),
])
def test_moment_of_truth_flag(stages, cell, expected):
    assert parse(f"stage,touchpoint,moment of truth\nKnow,Web,{cell}\n", stages).rows[0]["moment_of_truth"] == expected


@pytest.mark.parametrize("cell,expected", [("1", 1), ("5", 5), (" 3 ", 3), ("4.0", 4), ("", None)])
def test_scores(stages, cell, expected):
    row = parse(f"stage;touchpoint;importance;performance\nKnow;Web;{cell};{cell}\n", stages).rows[0]
    assert row["importance"] == row["performance"] == expected


def test_decimal_comma_whole_number_from_a_spanish_spreadsheet(stages):
    row = parse("etapa;punto de contacto;importancia\nConocer;Web;4,0\n", stages).rows[0]
    assert row["importance"] == 4


def test_text_is_trimmed_and_keeps_line_breaks_and_quotes(stages):
    plan = parse('stage,touchpoint,notes\nKnow,  Web  ,"line 1\nline 2, ""quoted"""\n', stages)
    assert plan.rows[0]["name"] == "Web"
    assert plan.rows[0]["notes"] == 'line 1\nline 2, "quoted"'


def test_text_of_exactly_max_text_characters_is_accepted(stages):
    text = "a" * MAX_TEXT
    assert parse(f"stage,touchpoint,notes\nKnow,Web,{text}\n", stages).rows[0]["notes"] == text


# -- layout: delimiters, encodings, blank rows ---------------------------------
INVENTORY = [
    ["stage", "touchpoint", "channel", "importance", "performance", "notes"],
    ["Know", "Website", "online", "4", "2", "Café, menu; hours"],
    ["Buy", "Checkout", "offline", "5", "3", "Decisión"],
]


def delimited(rows, delimiter: str, line_end: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
def test_comma_semicolon_or_tab(stages, delimiter, line_end):
    plan = parse(delimited(INVENTORY, delimiter, line_end), stages)
    assert plan.delimiter == delimiter
    assert [(r["name"], r["notes"], r["importance"]) for r in plan.rows] == [
        ("Website", "Café, menu; hours", 4), ("Checkout", "Decisión", 5)]


@pytest.mark.parametrize("encoding,prefix,expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("cp1252", b"", "cp1252"),
    ("utf-16", b"", "utf-16"),  # Excel's "Unicode text" (BOM written by the codec)
])
def test_encodings(store, route, encoding, prefix, expected):
    stages = store.stages(route.id)
    text = "Etapa;Punto de contacto;Notas\r\nDecisión;Café;Señal ñ — ok\r\n"
    if encoding == "cp1252":
        text = text.replace("—", "-")  # stays within Windows-1252 either way
    plan = parse(prefix + text.encode(encoding), stages, framework="purchase-route")
    assert plan.encoding == expected
    assert plan.rows[0]["stage_id"] == stages[2].id
    assert plan.rows[0]["name"] == "Café"
    assert plan.rows[0]["notes"].startswith("Señal ñ")
    assert plan.columns == ["stage", "name", "notes"]


def test_windows_1252_is_read_with_a_warning(stages):
    plan = parse("stage,touchpoint\nKnow,Café\n".encode("cp1252"), stages)
    assert plan.rows[0]["name"] == "Café"
    assert plan.warnings == ["The file is not UTF-8; it was read as Windows-1252. Check that accents look right."]
    assert "Windows-1252" in plan.warning_texts("es")[0]


def test_excel_sep_line_sets_the_delimiter(stages):
    plan = parse("sep=;\nstage;touchpoint;notes\nKnow;Web;a,b\n", stages)
    assert plan.rows[0]["notes"] == "a,b"


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_number(stages):
    plan = parse('\n\nstage,touchpoint,notes\nKnow,Web,"two\nlines"\n,,\n  ,\nBuy,Shop,\n', stages)
    assert [r["name"] for r in plan.rows] == ["Web", "Shop"]
    assert plan.file_rows == [4, 7]


def test_trailing_empty_cells_are_not_ragged(stages):
    plan = parse("stage,touchpoint\nKnow,Web,,\n", stages)
    assert plan.rows[0]["name"] == "Web"


# -- XLSX ---------------------------------------------------------------------
def test_xlsx_first_sheet_with_typed_cells(stages):
    content = xlsx([
        ("Etapa", "Punto de contacto", "Canal", "Importancia", "Desempeño", "Emoción", "Momento de verdad", "KPI"),
        ("Conocer", "Web", "En línea", 4, 2.0, -1, True, 1234),
        (None, None, None, None, None, None, None, None),
        (5, "Caja", "presencial", 5, 3, "+1", "no", 0.25),
    ], sheets=["Notes"])
    plan = parse(content, stages, filename="inventario.xlsx")
    assert plan.format == "xlsx"
    assert plan.rows == [
        {"stage_id": stages[0].id, "name": "Web", "channel": "online", "owner": "", "technology": "",
         "importance": 4, "performance": 2, "emotion": -1, "moment_of_truth": 1, "pain_points": "",
         "positives": "", "evidence": "", "kpi": "1234", "notes": ""},
        {"stage_id": stages[4].id, "name": "Caja", "channel": "offline", "owner": "", "technology": "",
         "importance": 5, "performance": 3, "emotion": 1, "moment_of_truth": 0, "pain_points": "",
         "positives": "", "evidence": "", "kpi": "0.25", "notes": ""},
    ]
    assert plan.file_rows == [2, 4]
    assert plan.warnings == ["Only the first sheet, “Touchpoints”, was read; other sheets were ignored: “Notes”."]


def test_xlsx_is_recognised_by_content_whatever_the_name(stages):
    plan = parse(xlsx([("stage", "touchpoint"), ("Know", "Web")]), stages, filename="upload")
    assert plan.format == "xlsx" and plan.rows[0]["name"] == "Web"


def test_xlsx_error_names_the_spreadsheet_row(stages):
    content = xlsx([(), ("stage", "touchpoint", "importance"), ("Know", "Web", 3), ("Buy", "Shop", 4.5)])
    error = refused(content, stages, filename="book.xlsx")
    assert (error.row, error.column, error.value) == (4, "importance", 4.5)
    assert error.allowed == "a whole number from 1 to 5"


def test_xlsx_value_outside_the_header_is_a_warning(stages):
    content = xlsx([("stage", "touchpoint"), ("Know", "Web", None, "stray")])
    plan = parse(content, stages, filename="book.xlsx")
    assert plan.warnings == ["Values in columns without a header were ignored (column D)."]


# -- refused files --------------------------------------------------------------
HEADER = "stage,touchpoint,channel,importance,performance,emotion,moment of truth,notes\n"
GOOD = "Know,Website,online,4,2,0,yes,fine\n"
junk = random.Random(7).randbytes(4096)

BAD_FILES = [
    # id, content, filename, problem, row, column, allowed contains
    ("missing stage column", "touchpoint,notes\nWeb,x\n", "f.csv", "missing_column", None, "stage", "“etapa”"),
    ("missing touchpoint column", "etapa;notas\nConocer;x\n", "f.csv", "missing_column", None, "touchpoint", "“punto de contacto”"),
    ("importance too high", HEADER + GOOD + "Know,Blog,online,9,2,0,yes,\n", "f.csv", "value", 3, "importance", "a whole number from 1 to 5"),
    ("importance zero", HEADER + "Know,Blog,online,0,2,0,yes,\n", "f.csv", "value", 2, "importance", "a whole number from 1 to 5"),
    ("importance not a number", HEADER + "Know,Blog,online,high,2,0,yes,\n", "f.csv", "value", 2, "importance", "a whole number from 1 to 5"),
    ("importance fractional", HEADER + "Know,Blog,online,4.5,2,0,yes,\n", "f.csv", "value", 2, "importance", "a whole number from 1 to 5"),
    ("performance too high", HEADER + "Know,Blog,online,4,6,0,yes,\n", "f.csv", "value", 2, "performance", "a whole number from 1 to 5"),
    ("performance not a number", HEADER + "Know,Blog,online,4,n/a,0,yes,\n", "f.csv", "value", 2, "performance", "a whole number from 1 to 5"),
    ("emotion too low", HEADER + "Know,Blog,online,4,2,-3,yes,\n", "f.csv", "value", 2, "emotion", "from −2 to +2"),
    ("emotion word", HEADER + "Know,Blog,online,4,2,happy,yes,\n", "f.csv", "value", 2, "emotion", "from −2 to +2"),
    ("flag word", HEADER + "Know,Blog,online,4,2,0,maybe,\n", "f.csv", "value", 2, "moment of truth", "yes, no"),
    ("channel word", HEADER + "Know,Blog,carrier pigeon,4,2,0,yes,\n", "f.csv", "value", 2, "channel", "online or offline"),
    ("unknown stage", HEADER + GOOD * 3 + "Nowhere,Blog,,,,,,\n", "f.csv", "value", 5, "stage", "Know, Like, Trust, Try, Buy, Repeat, Refer"),
    ("stage number too high", HEADER + "8,Blog,,,,,,\n", "f.csv", "value", 2, "stage", "from 1 to 7"),
    ("stage missing", HEADER + ",Blog,,,,,,\n", "f.csv", "missing_value", 2, "stage", "from 1 to 7"),
    ("name missing", HEADER + "Know,,online,,,,,\n", "f.csv", "missing_value", 2, "touchpoint", "name"),
    ("ragged row", HEADER + GOOD + "Know,Blog,online,4,2,0,yes,notes,extra\n", "f.csv", "ragged", 3, None, "at most 8 cells"),
    ("empty file", "", "f.csv", "empty", None, None, None),
    ("only blanks", " \r\n\r\n ; \n", "f.csv", "empty", None, None, None),
    ("header only", HEADER, "f.csv", "no_rows", None, None, None),
    ("header and blank rows", HEADER + ",,,\n\n", "f.csv", "no_rows", None, None, None),
    ("NUL bytes", b"stage,touchpoint\nKnow,W\x00eb\n", "f.csv", "binary", None, None, None),
    ("binary junk", junk, "f.csv", "binary", None, None, None),
    ("binary junk named xlsx", junk, "f.xlsx", "bad_xlsx", None, None, None),
    ("control characters", "stage,touchpoint\nKnow,Web\x07\n", "f.csv", "binary", None, None, None),
    ("legacy xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "f.xls", "xls", None, None, None),
    ("zip that is not a workbook", b"PK\x03\x04" + bytes(100), "f.xlsx", "bad_xlsx", None, None, None),
    ("300 kB field", HEADER + "Know,Blog,online,4,2,0,yes," + "x" * 300_000 + "\n", "f.csv", "too_long", 2, "notes", f"at most {MAX_TEXT} characters"),
    ("unclosed quote", HEADER + GOOD + 'Know,"Blog,online\n', "f.csv", "bad_quotes", 3, None, None),
    ("duplicate column", "stage,touchpoint,etapa\nKnow,Web,Know\n", "f.csv", "duplicate_column", 1, "etapa", None),
    ("row after a multi-line cell", HEADER + 'Know,Web,online,4,2,0,yes,"a\nb\nc"\nKnow,Shop,online,4,7,0,yes,\n', "f.csv", "value", 3, "performance", "from 1 to 5"),
    ("header after blank lines", "\n\n" + HEADER + "Know,Web,online,4,2,9,yes,\n", "f.csv", "value", 4, "emotion", "from −2 to +2"),
    ("Spanish header named as written", "Etapa;Punto de contacto;Importancia\nConocer;Web;9\n", "f.csv", "value", 2, "Importancia", "from 1 to 5"),
]


@pytest.mark.parametrize("content,filename,problem,row,column,allowed",
                         [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES])
def test_bad_file_is_refused_naming_row_column_and_allowed(stages, content, filename, problem, row, column, allowed):
    error = refused(content, stages, filename)
    assert error.problem == problem
    assert error.row == row
    assert error.column == column
    if allowed is None:
        assert error.allowed is None
    else:
        assert allowed in error.allowed
        assert allowed in str(error)
    assert error.file == filename
    assert str(error).startswith(filename)
    assert "\n" not in str(error)
    assert error.message("es") != str(error)
    assert "{" not in error.message("es") and "{" not in str(error)


@pytest.mark.parametrize("content,filename", [case[1:3] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES])
def test_bad_file_writes_nothing(store, workspace, content, filename):
    import_inventory(store, workspace.id, (HEADER + GOOD).encode(), "first.csv")
    before = store.touchpoints(workspace.id)
    if isinstance(content, str):
        content = content.encode()
    with pytest.raises(InvalidInventory):
        import_inventory(store, workspace.id, content, filename)
    assert store.touchpoints(workspace.id) == before


def test_file_over_the_size_limit_is_refused_saying_the_limit(store, workspace):
    content = (HEADER + GOOD * (MAX_BYTES // len(GOOD) + 1)).encode()
    assert len(content) > MAX_BYTES
    with pytest.raises(InvalidInventory) as info:
        import_inventory(store, workspace.id, content, "big.csv")
    error = info.value
    assert error.problem == "too_large" and error.row is None
    assert str(error) == "big.csv is 10.0 MB; the limit is 10 MB."
    assert error.message("es") == "big.csv ocupa 10,0 MB; el límite es de 10 MB."
    assert count_touchpoints(store, workspace.id) == 0


def test_an_error_on_the_last_row_writes_none_of_the_others(store, workspace):
    content = HEADER + GOOD * 4999 + "Know,Last,online,4,2,0,perhaps,\n"
    with pytest.raises(InvalidInventory) as info:
        import_inventory(store, workspace.id, content.encode(), "inventory.csv")
    assert info.value.row == 5001
    assert count_touchpoints(store, workspace.id) == 0


def test_message_in_english_and_spanish(stages):
    error = refused("stage,touchpoint,importance\n" + "Know,Web,3\n" * 5 + "Know,Web,9\n", stages)
    assert str(error) == ("inventory.csv, row 7, column “importance”: “9” is not allowed; "
                          "allowed: a whole number from 1 to 5")
    assert error.message("en") == str(error)
    assert error.message("es") == ("inventory.csv, fila 7, columna «importance»: «9» no es un valor válido; "
                                   "se admite: un número entero del 1 al 5")
    assert (error.file, error.row, error.column, error.value, error.field) == (
        "inventory.csv", 7, "importance", "9", "importance")


def test_unknown_stage_lists_the_stages_in_the_language_asked(stages):
    error = refused("stage,touchpoint\nNowhere,Web\n", stages)
    assert error.allowed == "a stage of this journey (Know, Like, Trust, Try, Buy, Repeat, Refer) or its number from 1 to 7"
    assert "Conocer, Gustar, Confiar, Probar, Comprar, Repetir, Referir" in error.message("es")
    assert "del 1 al 7" in error.message("es")


def test_missing_column_message_names_both_headers(stages):
    error = refused("touchpoint\nWeb\n", stages)
    assert str(error) == ("inventory.csv: the required column “stage” is missing; "
                          "allowed headers: “stage” or “etapa”")
    assert error.message("es") == ("inventory.csv: falta la columna obligatoria «etapa»; "
                                   "encabezados admitidos: «etapa» o «stage»")


def test_long_value_is_shortened_in_the_message(stages):
    error = refused("stage,touchpoint,notes\nKnow,Web," + "y" * 300_000 + "\n", stages)
    assert len(str(error)) < 300
    assert "300000 characters" in str(error)


def test_file_name_is_shown_without_its_folders(stages):
    error = refused("", stages, filename="C:\\Users\\ana\\inventario.csv")
    assert error.file == "inventario.csv"


# -- import -------------------------------------------------------------------
def test_import_adds_touchpoints_to_their_stages_in_file_order(store, workspace):
    content = delimited([
        ["Etapa", "Punto de contacto", "Canal", "Importancia", "Desempeño", "Emoción", "Momento de verdad"],
        ["Conocer", "Web", "en línea", "4", "2", "−1", "sí"],
        ["Comprar", "Caja", "presencial", "5", "5", "+2", ""],
        ["1", "Anuncio", "", "", "", "", ""],
    ], ";")
    plan = import_inventory(store, workspace.id, content.encode("utf-8-sig"), "inventario.csv")
    assert len(plan.rows) == 3
    touchpoints = store.touchpoints(workspace.id)
    stages = {s.id: s.key for s in store.stages(workspace.id)}
    assert [(stages[tp.stage_id], tp.name, tp.position) for tp in touchpoints] == [
        ("know", "Web", 0), ("know", "Anuncio", 1), ("buy", "Caja", 0)]
    web = touchpoints[0]
    assert (web.channel, web.importance, web.performance, web.emotion, web.moment_of_truth) == (
        "online", 4, 2, -1, 1)


def test_import_appends_after_existing_touchpoints(store, workspace):
    import_inventory(store, workspace.id, b"stage,touchpoint\nKnow,A\n", "a.csv")
    import_inventory(store, workspace.id, b"stage,touchpoint\nKnow,B\n", "b.csv")
    assert [(tp.name, tp.position) for tp in store.touchpoints(workspace.id)] == [("A", 0), ("B", 1)]


def test_same_file_has_the_same_digest(stages):
    assert parse("stage,touchpoint\nKnow,A\n", stages).digest == parse("stage,touchpoint\nKnow,A\n", stages).digest


@pytest.mark.parametrize("index,letter", [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")])
def test_column_letter(index, letter):
    assert column_letter(index) == letter


# -- any text survives the trip through a CSV --------------------------------------
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(
        chr(c) for c in [*range(0, 9), *range(14, 32), 127])),
    max_size=200,
)


#: A ``'`` first is an export's mark when a formula start follows (cases below).
unmarked_text = cell_text.filter(lambda text: not text.startswith("'"))


@given(notes=unmarked_text, owner=unmarked_text, delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_text_round_trips_through_a_csv(notes, owner, delimiter):
    content = delimited([["stage", "notes", "touchpoint", "owner"], ["Know", notes, "Web", owner]], delimiter)
    plan = parse(content, HOURGLASS)
    assert plan.rows[0]["notes"] == notes.strip()
    assert plan.rows[0]["owner"] == owner.strip()


@pytest.mark.parametrize("cell, read", [
    ("'=SUM(A1)", "=SUM(A1)"),  # an export's mark before a formula start is taken away
    ("'+1", "+1"),
    ("''=x", "'=x"),  # exactly one
    ("' =x", "=x"),  # then its outer blanks go, as in every cell
    ("'\n", "'"),  # before blanks alone it is the text: an apostrophe (found by hypothesis)
    ("'\t", "'"),
    ("' ", "'"),
    ("'", "'"),
    ("'cause", "'cause"),
])
def test_a_leading_apostrophe_is_a_mark_only_before_a_formula_start(cell, read):
    content = delimited([["stage", "notes", "touchpoint"], ["Know", cell, "Web"]], ",")
    assert parse(content, HOURGLASS).rows[0]["notes"] == read
