"""Limits, the same on the server, in the app, the command line and workspace
files (DESIGN.md, "Files in and out" → Limits); CSV edge cases; Markdown
that never turns user text into a link or an icon.

No timing here: ``benchmarks/bomb.py`` measures how fast and how lean the
refusals are."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit import limits
from rendered import shown
from audit.__main__ import main
from audit.frameworks import stages_of
from audit.inventory import InvalidInventory, import_inventory, parse_inventory
from audit.model import InvalidValue, Stage

ROOT = Path(__file__).resolve().parent.parent


def hourglass_stages() -> list[Stage]:
    return [Stage(id=i + 1, workspace_id=1, uid=f"s{i}", position=i, key=s.key)
            for i, s in enumerate(stages_of("hourglass"))]


def parse(content: bytes | str, filename: str = "t.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return parse_inventory(content, filename, stages=hourglass_stages(), framework="hourglass")


def refused(content, filename: str = "t.csv") -> InvalidInventory:
    with pytest.raises(InvalidInventory) as caught:
        parse(content, filename)
    return caught.value


def csv_rows(n: int) -> str:
    return "Stage,Touchpoint\n" + "".join(f"Know,Point {i}\n" for i in range(n))


def xlsx_bytes(rows: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Touchpoints")
    sheet.append(["Stage", "Touchpoint"])
    for i in range(rows):
        sheet.append(["Know", f"Point {i}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_bomb(unpacked: int) -> bytes:
    """A valid-looking XLSX whose sheet unpacks to ``unpacked`` bytes of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b" " * 2**20
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    return out.getvalue()


# -- one place defines the limits ------------------------------------------------------
def test_the_server_upload_cap_is_the_limit_the_messages_name():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == limits.UPLOAD_MB
    big = b"Stage,Touchpoint\n" + b"Know,x\n" * (limits.MAX_UPLOAD_BYTES // 7 + 1)
    error = refused(big)
    assert error.problem == "too_large" and f"the limit is {limits.UPLOAD_MB} MB" in error.message("en")


def test_the_page_uploader_and_the_import_read_the_same_limits():
    from audit import inventory, model, workspace_file

    assert inventory.MAX_BYTES == limits.MAX_UPLOAD_BYTES
    assert inventory.MAX_ROWS == limits.MAX_TOUCHPOINTS_PER_FILE
    assert model.MAX_TEXT == limits.MAX_TEXT
    assert workspace_file.MAX_FILE_BYTES == limits.MAX_WORKSPACE_FILE_BYTES
    uploads = [line for path in (ROOT / "views").glob("*.py")
               for line in path.read_text(encoding="utf-8").splitlines() if "max_upload_size=" in line]
    assert uploads and all("max_upload_size=MAX_BYTES // 2**20" in line for line in uploads)


# -- rows per file and per workspace -------------------------------------------------------
def test_a_file_of_exactly_the_row_limit_is_accepted():
    assert len(parse(csv_rows(limits.MAX_TOUCHPOINTS_PER_FILE)).rows) == limits.MAX_TOUCHPOINTS_PER_FILE


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused(kind):
    n = limits.MAX_TOUCHPOINTS_PER_FILE + 1000
    error = refused(csv_rows(n)) if kind == "csv" else refused(xlsx_bytes(n), "t.xlsx")
    assert error.problem == "too_many_rows"
    assert f"more than {limits.MAX_TOUCHPOINTS_PER_FILE} rows" in error.message("en")
    assert f"más de {limits.MAX_TOUCHPOINTS_PER_FILE} filas" in error.message("es")


def test_blank_rows_do_not_count_towards_the_limit():
    text = "Stage,Touchpoint\n" + "".join(f"Know,Point {i}\n,\n\n" for i in range(limits.MAX_TOUCHPOINTS_PER_FILE))
    assert len(parse(text).rows) == limits.MAX_TOUCHPOINTS_PER_FILE


def test_a_workspace_never_holds_more_than_its_limit(store, workspace, monkeypatch):
    monkeypatch.setattr("audit.store.MAX_TOUCHPOINTS_PER_WORKSPACE", 10)
    monkeypatch.setattr("audit.inventory.MAX_TOUCHPOINTS_PER_WORKSPACE", 10)
    import_inventory(store, workspace.id, csv_rows(6).encode(), "a.csv")
    with pytest.raises(InvalidInventory) as caught:
        import_inventory(store, workspace.id, csv_rows(5).encode(), "b.csv")
    assert caught.value.problem == "too_many_for_workspace"
    assert "b.csv adds 5 touchpoints to the 6 the workspace keeps" in caught.value.message("en")
    stage = store.stages(workspace.id)[0]
    with pytest.raises(InvalidValue) as caught:
        store.add_touchpoints(workspace.id, [{"stage_id": stage.id, "name": f"x{i}"} for i in range(5)])
    assert "at most 10 touchpoints" in caught.value.message("en")
    assert store.touchpoint_count(workspace.id) == 6


def test_the_command_line_refuses_a_file_over_the_row_limit(tmp_path, capsys):
    source = tmp_path / "big.csv"
    source.write_text(csv_rows(limits.MAX_TOUCHPOINTS_PER_FILE + 1), encoding="utf-8")
    code = main(["--db", str(tmp_path / "h.db"), "import-touchpoints", str(source), "--workspace", "W"])
    err = capsys.readouterr().err
    assert code == 2 and f"more than {limits.MAX_TOUCHPOINTS_PER_FILE} rows" in err
    assert main(["--db", str(tmp_path / "h.db"), "workspaces"]) == 0
    assert capsys.readouterr().out == ""  # nothing written, not even the workspace


# -- cells per row ----------------------------------------------------------------------
def test_a_row_filling_too_many_cells_is_refused_naming_row_and_count():
    wide = limits.MAX_CELLS_PER_ROW + 20
    header = ",".join(["Stage", "Touchpoint"] + [f"Extra {i}" for i in range(wide - 2)])
    row = ",".join(["Know", "Web"] + ["x"] * (wide - 2))
    error = refused(f"{header}\n{row}\n")
    assert (error.problem, error.row) == ("too_many_cells", 1)
    assert f"{wide} cells are filled; a row may fill at most {limits.MAX_CELLS_PER_ROW}" in error.message("en")


def test_trailing_empty_cells_of_a_wide_spreadsheet_are_fine():
    blanks = "," * (limits.MAX_CELLS_PER_ROW * 3)
    assert [r["name"] for r in parse(f"Stage,Touchpoint{blanks}\nKnow,Web{blanks}\n").rows] == ["Web"]


# -- unpacked size of an XLSX, before parsing -------------------------------------------------
def test_an_xlsx_bomb_is_refused_from_the_zip_directory():
    bomb = xlsx_bomb(limits.MAX_UNPACKED_BYTES + 2**20)
    assert len(bomb) < limits.MAX_UPLOAD_BYTES // 10  # small on the wire
    error = refused(bomb, "bomb.xlsx")
    assert error.problem == "too_large_unpacked"
    assert f"more than {limits.MAX_UNPACKED_MB} MB" in error.message("en")


# -- CSV edge cases ----------------------------------------------------------------------------
@pytest.mark.parametrize("hint, sep", [("sep=|", "|"), ("sep=;", ";"), ("SEP=;;;;", ";"), ("sep=\t", "\t")])
def test_excel_sep_hint_line_sets_the_delimiter(hint, sep):
    text = f"{hint}\r\nStage{sep}Touchpoint{sep}Owner\r\nKnow{sep}Web{sep}Ana\r\n"
    plan = parse(text)
    assert plan.delimiter == sep
    assert [(r["name"], r["owner"]) for r in plan.rows] == [("Web", "Ana")]


@pytest.mark.parametrize("sep, word_en, word_es", [
    ("|", "vertical bar", "barra vertical"), (";", "semicolon", "punto y coma"), ("#", "“#”", "«#»")])
def test_a_row_with_more_cells_than_headers_is_refused_with_row_and_count(sep, word_en, word_es):
    text = f"sep={sep}\nStage{sep}Touchpoint\nKnow{sep}Web\nKnow{sep}Blog{sep}extra\n"
    error = refused(text)
    assert (error.problem, error.row) == ("ragged", 3)
    assert "row 3: 3 cells, but the header row has only 2 columns" in error.message("en")
    assert word_en in error.message("en") and word_es in error.message("es")


def test_a_short_row_gets_empty_trailing_cells():
    plan = parse("Stage,Touchpoint,Owner,KPI,Notes\nKnow,Web\nLike,Blog,Ana\n")
    assert [(r["name"], r["owner"], r["kpi"], r["notes"]) for r in plan.rows] == \
        [("Web", "", "", ""), ("Blog", "Ana", "", "")]


# -- Markdown: user text stays text ----------------------------------------------------------
def rendered_text(markdown: str) -> str:
    """What Markdown shows of ``md()``'s output: escapes read, joiners kept."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("text", [
    "see https://evil.example/login", "www.example.com", "write to ana@example.com",
    ":material/home: home", ":smile: :rocket:", ":red[alarm]", "[click](https://x.y)",
    "<img src=x onerror=alert(1)>", "**bold** _it_ `code` # h", "&lt;b&gt;",
])
def test_md_never_makes_a_link_an_icon_or_markup(text):
    from views.session import md

    out = md(text)
    shown = rendered_text(out)
    assert shown.replace("\u2060", "") == text.replace("\n", " ")  # the same letters are shown
    assert not re.search(r"https?://|www\.|\w@\w|:[a-z_/]+:|:[a-z]+\[", shown)
    assert not re.search(r"(?<!\\)[\[\]<>*_`#&]", out)


@given(st.text(max_size=60))
def test_md_shows_any_text_as_itself(text):
    from views.session import md

    shown = rendered_text(md(text))
    assert shown.replace("\u2060", "") == text.replace("\u2060", "").replace("\n", " ") \
        or "\u2060" in text
    assert not re.search(r":[a-z_/]+:", shown)


@given(st.text(st.characters(blacklist_characters="\\&"), max_size=40))
def test_an_option_label_shows_the_same_text_with_an_ascii_first_word(text):
    """Streamlit runs an emoji regex (~50 µs) on each option whose first word
    is not ASCII, every run; the label Hourglass hands it never has one, and
    the option's Markdown shows the same characters (issue 11)."""
    from views.session import option_label

    label = option_label(text)
    assert label.split(" ", 1)[0].isascii()
    assert shown(label) == shown(text)


@pytest.mark.parametrize("text, label", [
    ("−2 upset", "&#8722;2 upset"), ("1–15 of 400", "1&#8211;15 of 400"), ("Sí", "S&#237;"),
    ("+1 pleased", "+1 pleased"), ("Auto (sí)", "Auto (sí)"), ("", ""),
])
def test_an_option_label_rewrites_only_a_first_word_that_is_not_ascii(text, label):
    from views.session import option_label

    assert option_label(text) == label


def test_a_one_click_row_formats_each_option_once_and_a_stale_value_when_asked():
    """Streamlit formats every option several times a run; the row hands it
    labels worked out once (issue 11), and a value that is not an option
    still gets its label."""
    from views.editing import _Labels

    calls = []

    def fmt(option):
        calls.append(option)
        return f"−{option} upset"

    labels = _Labels(fmt, [2, 1])
    for _ in range(5):
        assert [labels[o] for o in (2, 1)] == ["&#8722;2 upset", "&#8722;1 upset"]
    assert calls == [2, 1]
    assert labels[7] == "&#8722;7 upset" and calls == [2, 1, 7]
