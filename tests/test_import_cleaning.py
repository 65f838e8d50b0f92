"""``import-workspace`` goes through the validation and cleaning of every
other write, and whatever it imports exports to cells that never start a
formula (issue 10). Each regression test is named after the defect."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from audit import exports, limits, workspace_file as wf
from audit.__main__ import main
from audit.store import Store
from audit.workspace_file import InvalidWorkspaceFile

FORMULA_PAYLOADS = [" =1+2", "\xa0=1+2", "\u3000=1+2", "\u200b=HYPERLINK(\"x\")", "\t=1", " +1", "\xa0-1",
                    " @SUM(A1)", "\u3000＝1"]


def doc(**workspace) -> dict:
    return {
        "format": "hourglass-workspace", "version": 1,
        "workspace": {"name": "Imported", **workspace},
        "personas": [{"is_primary": True, "name": "P"}],
        "stages": [{"key": "know", "touchpoints": [{"name": "Web", "importance": 5, "performance": 1}]}],
    }


def with_item(**item) -> dict:
    d = doc()
    d["backlog_items"] = [{"source": "manual", "source_key": "manual:1", "title": "T",
                           "impact": 5, "confidence": 5, "ease": 5, **item}]
    return d


def csv_cells(store, ws) -> list[str]:
    data = exports.backlog_csv(store.backlog_items(ws.id), stages=store.stages(ws.id),
                               framework=ws.framework, lang="en")
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    return [cell for row in rows for cell in row]


def formula(cell: str) -> bool:
    """Would a spreadsheet read this cell as a formula? (the neutralising
    apostrophe makes it text)."""
    return not cell.startswith("'") and exports.starts_formula(cell)


# -- formula escaping --------------------------------------------------------------------
@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_neutralise_escapes_a_formula_after_leading_spaces(payload):
    assert exports.neutralise(payload).startswith("'")
    assert exports.neutralise("x" + payload) == "x" + payload


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_import_workspace_cleans_leading_space_before_formula(store, payload):
    ws = wf.import_workspace(store, with_item(title=payload, owner=payload, kpi=payload, detail=payload))
    item = store.backlog_items(ws.id)[0]
    assert item.title == payload.strip() and item.owner == payload.strip()  # cleaned like every write
    cells = csv_cells(store, ws)
    assert not [c for c in cells if formula(c)]
    assert any(c.startswith("'") for c in cells)  # the payload is there, as text


def test_import_workspace_strips_nul_characters(store):
    d = with_item(title="A\x00B")
    d["workspace"]["name"] = "Na\x00me"
    d["personas"][0]["goals"] = "\x00goal\x00"
    d["stages"][0]["touchpoints"][0]["notes"] = "n\x00n"
    ws = wf.import_workspace(store, d)
    assert ws.name == "Name"
    assert store.personas(ws.id)[0].goals == "goal"
    assert store.touchpoints(ws.id)[0].notes == "nn"
    assert store.backlog_items(ws.id)[0].title == "AB"


@pytest.mark.parametrize("due", ["2026-13-45", "2026-02-30", "0000-00-00", "2026-1-5", "tomorrow"])
def test_import_workspace_refuses_an_impossible_due_date(store, due):
    with pytest.raises(InvalidWorkspaceFile) as caught:
        wf.import_workspace(store, with_item(due_date=due))
    assert caught.value.path == "backlog_items[0].due_date"
    assert store.workspaces() == []


def test_the_backlog_editor_refuses_an_impossible_due_date_too(store, workspace):
    from audit.model import InvalidValue

    item_id = store.add_manual_item(workspace.id, title="T")
    with pytest.raises(InvalidValue):
        store.update_backlog_item(workspace.id, item_id, due_date="2026-13-45")
    store.update_backlog_item(workspace.id, item_id, due_date="2028-02-29")
    assert store.backlog_items(workspace.id)[0].due_date == "2028-02-29"


@pytest.mark.parametrize("industry", ["Retail; DROP TABLE", "x" * 65, "=HYPERLINK()", "RETAIL"])
def test_import_workspace_refuses_an_unknown_industry(store, industry):
    with pytest.raises(InvalidWorkspaceFile) as caught:
        wf.import_workspace(store, doc(industry=industry))
    assert caught.value.path == "workspace.industry"
    assert store.workspaces() == []


def test_import_workspace_refuses_an_industry_without_a_pack(store, library, tmp_path, capsys):
    with pytest.raises(InvalidWorkspaceFile) as caught:
        wf.import_workspace(store, doc(industry="space-tourism"), packs=set(library.packs))
    assert "retail" in caught.value.problem
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc(industry="space-tourism")), encoding="utf-8")
    assert main(["--db", str(tmp_path / "h.db"), "import-workspace", str(path)]) == 2
    assert "workspace.industry" in capsys.readouterr().err


def test_import_workspace_refuses_more_touchpoints_than_a_workspace_holds(store):
    d = doc()
    d["stages"][0]["touchpoints"] = [{"name": f"T{i}"} for i in range(limits.MAX_TOUCHPOINTS_PER_WORKSPACE + 1)]
    with pytest.raises(InvalidWorkspaceFile) as caught:
        wf.import_workspace(store, d)
    assert f"at most {limits.MAX_TOUCHPOINTS_PER_WORKSPACE}" in caught.value.problem
    assert store.workspaces() == []


def test_import_workspace_refuses_text_over_the_field_limit(store):
    d = doc()
    d["stages"][0]["touchpoints"][0]["notes"] = "x" * (limits.MAX_TEXT + 1)
    with pytest.raises(InvalidWorkspaceFile):
        wf.import_workspace(store, d)


def test_a_valid_export_over_20_mb_imports_again(tmp_path, capsys):
    """The app's own export (5,000 touchpoints with long notes) is restored."""
    db = tmp_path / "h.db"
    store = Store(db)
    ws = store.create_workspace("Big")
    stage = store.stages(ws.id)[0]
    note = "lorem ipsum dolor sit amet " * 180
    store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": f"Point {i}", "notes": note}
                                  for i in range(limits.MAX_TOUCHPOINTS_PER_WORKSPACE)])
    store.close()
    out = tmp_path / "big.json"
    assert main(["--db", str(db), "export", "--workspace", "big", "-o", str(out)]) == 0
    assert out.stat().st_size > 21 * 2**20
    assert main(["--db", str(db), "import-workspace", str(out), "--as", "Big again"]) == 0, capsys.readouterr().err
    store = Store(db)
    assert store.touchpoint_count(store.workspace("big-again").id) == limits.MAX_TOUCHPOINTS_PER_WORKSPACE
    store.close()


# -- whatever imports, exports to cells that never start a formula ------------------------------
#: Every backlog download a spreadsheet opens (GitHub's is a script, not cells).
SPREADSHEET_FORMATS = [f for f in exports.FORMATS if f != "github"]


def spreadsheet_cells(data: bytes, fmt: str) -> list[str]:
    """Every text cell of a downloaded file, as a spreadsheet reads it."""
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        return [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str)]
    delimiter = exports.CSV_FORMATS[fmt].delimiter if fmt in exports.CSV_FORMATS else ","
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter)
    return [cell for row in rows for cell in row]

spaces = st.sampled_from(["", " ", "\xa0", "\u3000", "\t", "\u200b", "\ufeff", "\u2060", "  \xa0"])
starts = st.sampled_from(list("=+-@") + ["＝", "＋", "－", "＠", "\r", "\n", "a", "1", "'"])
hostile = st.builds(lambda a, b, c: a + b + c, spaces, starts, st.text(max_size=20))
any_text = st.one_of(hostile, st.text(max_size=30))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=any_text, detail=any_text, owner=any_text, kpi=any_text, stage=any_text,
       due=st.sampled_from(["", "2026-12-31"]))
@example(title="\uffff", detail="", owner="", kpi="", stage="\ufffe", due="")  # not XML: the XLSX did not open
def test_whatever_imports_exports_to_cells_that_never_start_a_formula(title, detail, owner, kpi, stage, due):
    store = Store(":memory:")
    d = with_item(title=title or "t", detail=detail, owner=owner, kpi=kpi, due_date=due)
    d["stages"][0]["name"] = stage
    d["backlog_items"][0]["stage_uid"] = "s1"
    d["stages"][0]["uid"] = "s1"
    try:
        ws = wf.import_workspace(store, d)
    except InvalidWorkspaceFile:
        return  # refused: nothing to export
    for lang in ("en", "es"):
        for fmt in SPREADSHEET_FORMATS:
            data = exports.backlog_file(store.backlog_items(ws.id), stages=store.stages(ws.id),
                                        framework=ws.framework, lang=lang, fmt=fmt)
            bad = [c for c in spreadsheet_cells(data, fmt) if formula(c)]
            assert bad == [], fmt
    store.close()
