"""Backlog downloads (DESIGN.md, "Files in and out")."""

import codecs
import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit import backlog
from audit.exports import COLUMNS, CSV_FORMATS, backlog_csv, backlog_rows, headers, is_safe, neutralise
from audit.frameworks import FRAMEWORKS
from audit.model import BacklogItem, Stage

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
DELIMITER = {"csv": ",", "excel-es": ";"}
STAGES = [Stage(id=i + 1, workspace_id=1, uid=f"s{i}", position=i, key=s.key)
          for i, s in enumerate(FRAMEWORKS["hourglass"])]


def item(n=1, **values) -> BacklogItem:
    return BacklogItem(**{"id": n, "workspace_id": 1, "uid": f"u{n}", "source": "manual",
                          "source_key": f"manual:u{n}", **values})


def export(items, *, fmt="csv", lang="en", stages=STAGES, framework="hourglass") -> bytes:
    return backlog_csv(items, stages=stages, framework=framework, lang=lang, fmt=fmt)


def read_back(content: bytes, fmt="csv") -> list[list[str]]:
    assert content.startswith(codecs.BOM_UTF8)
    text = content[len(codecs.BOM_UTF8):].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER[fmt]))


# -- neutralise -----------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
    ("+34 600 000 000", "'+34 600 000 000"),
    ("-5 %", "'-5 %"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("\n=1", "'\n=1"),
    ("＝1+1", "'＝1+1"),
    ("＋1", "'＋1"),
    ("－1", "'－1"),
    ("＠A1", "'＠A1"),
    ("", ""),
    ("Improve the website", "Improve the website"),
    ("a=b", "a=b"),
    ("Café 😀 — ok", "Café 😀 — ok"),
    ("'=already quoted", "'=already quoted"),
    (" =1+1", "' =1+1"),
    ("\u00a0\u00a0+34", "'\u00a0\u00a0+34"),
    ("\u3000@A1", "'\u3000@A1"),
    ("\u202f-1", "'\u202f-1"),
    ("  \t=1", "'  \t=1"),
    ("   ", "   "),
    ("  plain", "  plain"),
    (" a=b", " a=b"),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


# -- the file ---------------------------------------------------------------------
def test_bom_crlf_and_unquoted_numbers():
    content = export([item(title="Fix checkout", impact=7, confidence=8, ease=5, gap=15,
                           stage_uid="s4", source="touchpoint", owner="Ana")])
    assert content.startswith(codecs.BOM_UTF8)
    text = content.decode("utf-8-sig")
    assert text.endswith("\r\n")
    assert text.count("\n") == text.count("\r\n") == 2
    assert text.split("\r\n")[1] == "1,Fix checkout,,Touchpoint to fix,Buy,,,7,8,5,280,15,Ana,To do,,,,,no"


def test_header_row_follows_the_language():
    assert read_back(export([item(title="x")], lang="en"))[0] == [
        "Rank", "Title", "Description", "Source", "Stage", "Touchpoint", "Audience", "Impact", "Confidence",
        "Ease", "ICE score", "Gap", "Owner", "Status", "Due date", "KPI", "KPI target", "Review date",
        "Resolved by audit"]
    assert read_back(export([item(title="x")], lang="es"))[0] == headers("es")
    assert headers("es")[0] == "Posición" and len(headers("es")) == len(COLUMNS)


def test_excel_es_uses_semicolons_and_a_decimal_comma():
    content = export([item(title="Precio; IVA incl.", gap=7.5, kpi="3,5 %")], fmt="excel-es", lang="es")
    line = content.decode("utf-8-sig").split("\r\n")[1]
    assert line == '1;"Precio; IVA incl.";;Propia;;;;5;5;5;125;7,5;;Pendiente;;3,5 %;;;no'
    assert read_back(content, "excel-es")[1][11] == "7,5"


def test_csv_keeps_a_decimal_point():
    line = export([item(title="x", gap=7.5)]).decode("utf-8-sig").split("\r\n")[1]
    assert ",7.5," in line


@pytest.mark.parametrize("lang,source,status,resolved,stage", [
    ("en", "Coverage gap", "Doing", "yes", "Trust"),
    ("es", "Etapa sin cubrir", "En curso", "sí", "Confiar"),
])
def test_source_status_stage_and_resolved_are_translated(lang, source, status, resolved, stage):
    rows = backlog_rows([item(source="coverage", status="doing", resolved_by_audit=1, stage_uid="s2",
                              title="Add touchpoints")], STAGES, "hourglass", lang)
    row = list(rows[0].values())
    assert row[3:5] == [source, stage]
    assert row[13] == status
    assert row[18] == resolved


def test_stage_shows_the_workspace_own_name():
    stages = [Stage(id=1, workspace_id=1, uid="s0", position=0, key="know", name="Descubre")]
    rows = backlog_rows([item(title="x", stage_uid="s0")], stages, "hourglass", "es")
    assert rows[0]["Etapa"] == "Descubre"


def test_rows_are_ranked_by_ice_with_resolved_items_last():
    items = [
        item(1, title="low", impact=2),
        item(2, title="resolved", impact=10, confidence=10, ease=10, resolved_by_audit=1),
        item(3, title="high", impact=9),
        item(4, title="middle", impact=5),
    ]
    rows = backlog_rows(items, STAGES, "hourglass", "en")
    assert [(r["Rank"], r["Title"], r["ICE score"]) for r in rows] == [
        (1, "high", 225), (2, "middle", 125), (3, "low", 50), (4, "resolved", 1000)]


def test_numbers_stay_numbers_in_rows():
    row = backlog_rows([item(title="x", impact=3, gap=None)], STAGES, "hourglass", "en")[0]
    assert (row["Rank"], row["Impact"], row["ICE score"], row["Gap"]) == (1, 3, 75, None)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="allowed: csv, excel-es"):
        export([], fmt="xlsx")


def test_empty_backlog_is_a_header_row():
    assert read_back(export([]))[0][0] == "Rank"
    assert len(read_back(export([]))) == 1


def test_generated_backlog_exports_every_item(store, workspace, library):
    stages = store.stages(workspace.id)
    store.add_touchpoints(workspace.id, [
        {"stage_id": stages[0].id, "name": "=cmd|' /C calc'!A0", "importance": 5, "performance": 1},
        {"stage_id": stages[4].id, "name": "Caja", "importance": 4, "performance": 3, "emotion": -2},
    ])
    backlog.regenerate(store, workspace.id, library)
    items = store.backlog_items(workspace.id)
    for fmt in CSV_FORMATS:
        cells = read_back(export(items, fmt=fmt, stages=stages), fmt)
        assert len(cells) == len(items) + 1
        assert {len(row) for row in cells} == {len(COLUMNS)}
        assert [int(row[0]) for row in cells[1:]] == list(range(1, len(items) + 1))
        assert not any(cell.startswith(DANGEROUS) for row in cells for cell in row)
    ranked = backlog.ranked(items)
    assert read_back(export(items, stages=stages))[1][1] == ranked[0].title


# -- any text ---------------------------------------------------------------------
risky_text = st.one_of(
    st.text(),
    st.builds(lambda start, rest: start + rest, st.sampled_from(DANGEROUS + ("'", '"', ";", ",", "😀")), st.text()),
    st.text(alphabet=st.sampled_from(list('=+-@\t\r\n＝＋－＠;,"\' \u00a0\u3000aé😀\x00')), max_size=12),
)


TEXT_FIELDS = ("title", "detail", "owner", "kpi", "touchpoint", "audience", "kpi_target")


@given(texts=st.lists(st.tuples(*[risky_text] * len(TEXT_FIELDS)), min_size=1, max_size=4),
       fmt=st.sampled_from(list(CSV_FORMATS)), lang=st.sampled_from(["en", "es"]))
def test_any_text_is_one_safe_cell_that_reads_back_as_written(texts, fmt, lang):
    # impact 10, 9, …: the rank order is the list order
    items = [item(n, impact=10 - n, **dict(zip(TEXT_FIELDS, values))) for n, values in enumerate(texts)]
    cells = read_back(export(items, fmt=fmt, lang=lang), fmt)
    assert len(cells) == len(items) + 1
    assert {len(row) for row in cells} == {len(COLUMNS)}
    for row in cells:
        for cell in row:
            assert not cell.startswith(DANGEROUS) and is_safe(cell)
    for row, written in zip(cells[1:], texts):
        read = (row[1], row[2], row[12], row[15], row[5], row[6], row[16])
        for cell, original in zip(read, written):
            if is_safe(original):
                assert cell == original
            else:
                assert cell == "'" + original
        assert row[7:11] == [str(10 - int(row[0]) + 1), "5", "5", str((10 - int(row[0]) + 1) * 25)]


def test_accents_and_emoji_round_trip():
    text = "Decisión — Café, ñandú 😀 «cita»"
    for fmt in CSV_FORMATS:
        assert read_back(export([item(title=text, owner="José")], fmt=fmt), fmt)[1][1] == text


def test_touchpoint_audience_kpi_target_and_review_date_are_columns():
    row = backlog_rows([item(title="x", touchpoint="Sala de espera", audience="Ana", kpi="Minutos",
                             kpi_target="< 5", review_date="2026-06-30")], STAGES, "hourglass", "es")[0]
    assert (row["Punto de contacto"], row["Público"], row["KPI"], row["Meta del KPI"], row["Fecha de revisión"]) == (
        "Sala de espera", "Ana", "Minutos", "< 5", "2026-06-30")


@pytest.mark.parametrize("fmt, impact, ice", [("csv", "5.1", "367.2"), ("excel-es", "5,1", "367,2")])
def test_a_one_decimal_impact_gives_a_one_decimal_ice(fmt, impact, ice):
    cells = read_back(export([item(title="x", impact=5.1, confidence=9, ease=8)], fmt=fmt), fmt)
    assert (cells[1][7], cells[1][10]) == (impact, ice)
