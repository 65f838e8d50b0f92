"""A (re-)import that updates (issue 9 §1): the plan, every error at once,
the templates, and the command line's --dry-run and --remove-missing."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit import reimport
from audit.__main__ import main
from audit.frameworks import stages_of
from audit.i18n import t
from audit.inventory import MAX_ERRORS, InvalidInventory, parse_inventory
from audit.inventory_files import (
    FORMATS,
    TEMPLATE_FIELDS,
    inventory_file,
    inventory_rows,
    template_headers,
)
from audit.model import Stage, Touchpoint, name_key
from audit.store import Store

README = Path(__file__).resolve().parent.parent / "README.md"
HOURGLASS = [Stage(id=i + 1, workspace_id=1, uid=f"s{i}", position=i, key=s.key)
             for i, s in enumerate(stages_of("hourglass"))]

FILE = (
    "stage,touchpoint,channel,importance,performance,notes\n"
    "Know,Google profile,online,5,2,\n"
    "Like,Website,online,3,4,slow on phones\n"
    "Buy,Checkout,offline,4,3,\n"
)


def plan_for(store, ws, text, **options):
    parsed = parse_inventory(text.encode(), "f.csv", stages=store.stages(ws.id), framework=ws.framework)
    return reimport.plan_reimport(parsed, store.touchpoints(ws.id), **options)


@pytest.fixture
def filled(store, workspace):
    reimport.reimport(store, workspace.id, FILE.encode(), "first.csv")
    return workspace


# -- the plan ----------------------------------------------------------------
def test_first_import_plans_every_row_as_new(store, workspace):
    plan = plan_for(store, workspace, FILE)
    assert plan.counts() == {"new": 3, "changed": 0, "unchanged": 0, "missing": 0}
    assert plan.new_rows == [2, 3, 4]


def test_an_identical_file_gives_an_empty_plan(store, filled):
    plan = plan_for(store, filled, FILE)
    assert plan.empty
    assert plan.counts() == {"new": 0, "changed": 0, "unchanged": 3, "missing": 0}


def test_importing_twice_keeps_one_of_each(store, filled):
    """Regression (issue 9): re-importing a file added every row again."""
    reimport.reimport(store, filled.id, FILE.encode(), "again.csv")
    assert [tp.name for tp in store.touchpoints(filled.id)] == ["Google profile", "Website", "Checkout"]


def test_a_changed_score_is_exactly_one_change(store, filled):
    plan = plan_for(store, filled, FILE.replace("Website,online,3,4", "Website,online,3,5"))
    [change] = plan.changed
    website = store.touchpoints(filled.id)[1]
    assert (change.touchpoint_id, change.file_row, change.fields) == (website.id, 3, {"performance": (4, 5)})
    assert (plan.new, plan.missing, len(plan.unchanged)) == ([], [], 2)
    reimport.reimport(store, filled.id, FILE.replace("Website,online,3,4", "Website,online,3,5").encode(), "f.csv")
    assert store.touchpoints(filled.id)[1].performance == 5


@pytest.mark.parametrize("written, fields", [
    ("Website", {}),
    ("website", {"name": ("Website", "website")}),
    ("WEBSITE!", {"name": ("Website", "WEBSITE!")}),
    ("Wébsite.", {"name": ("Website", "Wébsite.")}),
    ("  Website  ", {}),  # spaces around a cell are not part of the name
])
def test_names_match_with_case_accents_and_punctuation_ignored(store, filled, written, fields):
    plan = plan_for(store, filled, FILE.replace("Like,Website,", f"Like,{written},"))
    assert plan.new == [] and plan.missing == []
    assert [c.fields for c in plan.changed] == ([fields] if fields else [])


@pytest.mark.parametrize("a, b, same", [
    ("Google profile", "google-profile!", True),
    ("Reseñas (Google)", "resenas google", True),
    ("Web", "Webs", False),
    ("!!!", "???", False),  # a name of punctuation only is compared as it is
])
def test_name_key(a, b, same):
    assert (name_key(a) == name_key(b)) is same


def test_the_same_name_in_another_stage_is_new_and_the_old_one_missing(store, filled):
    plan = plan_for(store, filled, FILE.replace("Like,Website", "Trust,Website"))
    assert [(r["name"]) for r in plan.new] == ["Website"]
    assert [tp.name for tp in plan.missing] == ["Website"]


def test_only_the_columns_of_the_file_are_compared(store, filled):
    plan = plan_for(store, filled, "stage,touchpoint\nKnow,Google profile\nLike,Website\nBuy,Checkout\n")
    assert plan.empty and len(plan.unchanged) == 3  # the scores and notes are not in the file: kept


def test_an_empty_cell_in_a_column_of_the_file_empties_the_field(store, filled):
    plan = plan_for(store, filled, FILE.replace("slow on phones", ""))
    assert [c.fields for c in plan.changed] == [{"notes": ("slow on phones", "")}]


def test_missing_touchpoints_are_listed_and_kept_by_default(store, filled):
    shorter = FILE.replace("Buy,Checkout,offline,4,3,\n", "")
    parsed, plan = reimport.reimport(store, filled.id, shorter.encode(), "f.csv")
    assert [tp.name for tp in plan.missing] == ["Checkout"] and plan.empty
    assert len(store.touchpoints(filled.id)) == 3


def test_missing_touchpoints_are_removed_only_when_asked(store, filled):
    shorter = FILE.replace("Buy,Checkout,offline,4,3,\n", "")
    parsed, plan = reimport.reimport(store, filled.id, shorter.encode(), "f.csv", remove_missing=True)
    assert not plan.empty
    assert [tp.name for tp in store.touchpoints(filled.id)] == ["Google profile", "Website"]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("remove", [False, True])
def test_the_plan_reads_as_lines_in_file_order_then_the_missing(store, filled, lang, remove):
    """The table the page shows before "Apply" (``change_rows``): a new row, each
    changed field with before and after as a reader reads them, the touchpoint not in
    the file last with its fate."""
    text = (FILE.replace("Like,Website,online,3,4,slow on phones", "Like,Website,offline,3,4,")
            .replace("Buy,Checkout,offline,4,3,", "Know,Flyer,offline,2,2,"))
    plan = plan_for(store, filled, text, remove_missing=remove)
    names = {s.id: f"stage {s.position}" for s in store.stages(filled.id)}
    rows = reimport.change_rows(plan, names, lang)
    assert all(list(row) == list(reimport.CHANGE_COLUMNS) for row in rows)
    assert [(r["row"], r["touchpoint"], r["field"]) for r in rows] == [
        ("3", "Website", t("field.channel", lang)), ("3", "Website", t("field.notes", lang)),
        ("4", "Flyer", ""), ("", "Checkout", "")]
    channel, notes = rows[0], rows[1]
    assert (channel["before"], channel["after"]) == (t("touchpoints.channel.online", lang),
                                                     t("touchpoints.channel.offline", lang))
    assert (notes["before"], notes["after"]) == ("slow on phones", t("touchpoints.reimport.empty_value", lang))
    assert rows[2]["change"] == t("touchpoints.reimport.new", lang)
    fate = "touchpoints.reimport.missing_removed" if remove else "touchpoints.reimport.missing_kept"
    assert rows[3]["change"] == t(fate, lang)


def test_a_dry_run_writes_nothing(store, filled):
    changed = FILE.replace("Website,online,3,4", "Website,online,3,5") + "Refer,Referral card,,,,\n"
    before = store.touchpoints(filled.id)
    parsed, plan = reimport.reimport(store, filled.id, changed.encode(), "f.csv", dry_run=True,
                                     remove_missing=True)
    assert plan.counts() == {"new": 1, "changed": 1, "unchanged": 2, "missing": 0}
    assert store.touchpoints(filled.id) == before


def test_two_rows_of_one_name_match_two_touchpoints_in_order(store, workspace):
    text = "stage,touchpoint,notes\nKnow,Flyer,first\nKnow,flyer,second\n"
    reimport.reimport(store, workspace.id, text.encode(), "f.csv")
    assert plan_for(store, workspace, text).empty
    plan = plan_for(store, workspace, text + "Know,FLYER,third\n")
    assert [r["notes"] for r in plan.new] == ["third"] and plan.changed == []


def test_a_workspace_holding_a_name_twice_shows_the_extra_one_as_missing(store, workspace):
    know = store.stages(workspace.id)[0]
    store.add_touchpoints(workspace.id, [{"stage_id": know.id, "name": "Flyer"}] * 2)
    plan = plan_for(store, workspace, "stage,touchpoint\nKnow,Flyer\n")
    assert len(plan.unchanged) == 1 and len(plan.missing) == 1


# -- import of an export is a no-op (hypothesis) ------------------------------
TEXT = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")) | st.sampled_from("\n'=+-@"),
               max_size=25).map(str.strip)
NAME = TEXT.filter(bool)


@st.composite
def workspaces(draw):
    stages = [Stage(id=s.id, workspace_id=1, uid=s.uid, position=s.position, key=s.key,
                    name=draw(st.sampled_from(["", "", "Know", "Visit", "3", "Visit"])))
              for s in HOURGLASS]
    touchpoints = []
    for i in range(draw(st.integers(0, 8))):
        touchpoints.append(Touchpoint(
            id=i + 1, workspace_id=1, stage_id=draw(st.sampled_from(stages)).id, uid=f"t{i}", position=i,
            name=draw(NAME), channel=draw(st.sampled_from(["", "online", "offline"])),
            owner=draw(TEXT), technology=draw(TEXT), kpi=draw(TEXT), notes=draw(TEXT),
            importance=draw(st.none() | st.integers(1, 5)), performance=draw(st.none() | st.integers(1, 5)),
            emotion=draw(st.none() | st.integers(-2, 2)), moment_of_truth=draw(st.sampled_from([None, 0, 1])),
            pain_points=draw(TEXT), positives=draw(TEXT)))
    order = {s.id: s.position for s in stages}
    touchpoints.sort(key=lambda tp: (order[tp.stage_id], tp.position))  # as the store reads them
    return stages, touchpoints


@given(workspaces(), st.sampled_from(["en", "es"]), st.sampled_from(FORMATS))
def test_importing_an_export_of_the_inventory_is_a_no_op(workspace, lang, fmt):
    stages, touchpoints = workspace
    rows = inventory_rows(touchpoints, stages, "hourglass", lang)
    data = inventory_file(fmt, lang, rows, stage_names=[s.display_name("hourglass", lang) for s in stages])
    if not touchpoints:
        with pytest.raises(InvalidInventory):  # a header and nothing below
            parse_inventory(data, f"export.{fmt}", stages=stages, framework="hourglass")
        return
    parsed = parse_inventory(data, f"export.{fmt}", stages=stages, framework="hourglass")
    plan = reimport.plan_reimport(parsed, touchpoints)
    assert plan.empty, (plan.new, plan.changed)
    assert len(plan.unchanged) == len(touchpoints) and plan.missing == []
    assert parsed.warnings == []


# -- every error of a file at once -------------------------------------------
FOUR_MISTAKES = (
    "stage,touchpoint,channel,importance,emotion\n"
    "Know,Google profile,online,5,0\n"
    "Know,Flyer,paper,3,0\n"        # row 3: channel
    "Mars,Website,online,4,1\n"     # row 4: stage
    "Buy,,online,2,0\n"             # row 5: no name
    "Buy,Checkout,online,3,7\n"     # row 6: emotion
)


def test_every_error_of_a_file_is_reported_at_once(stages):
    with pytest.raises(InvalidInventory) as caught:
        parse_inventory(FOUR_MISTAKES.encode(), "four.csv", stages=stages, framework="hourglass")
    errors = caught.value.errors
    assert [(e.row, e.column, e.field) for e in errors] == [
        (3, "channel", "channel"), (4, "stage", "stage"), (5, "touchpoint", "name"), (6, "emotion", "emotion")]
    assert [e.problem for e in errors] == ["value", "value", "missing_value", "value"]
    assert errors[0].value == "paper" and "online or offline" in errors[0].allowed
    assert caught.value.more == 0
    assert len(caught.value.messages("es")) == 4


def test_two_mistakes_in_one_row_are_both_reported(stages):
    with pytest.raises(InvalidInventory) as caught:
        parse_inventory(b"stage,touchpoint,importance,performance\nKnow,Web,9,0\n", "f.csv",
                        stages=stages, framework="hourglass")
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "importance"), (2, "performance")]


def test_the_problems_of_one_row_come_in_the_order_of_its_columns(stages):
    with pytest.raises(InvalidInventory) as caught:
        parse_inventory("stage,touchpoint,importance,channel\nMars,,9,paper\n".encode(), "f.csv",
                        stages=stages, framework="hourglass")
    assert [e.field for e in caught.value.errors] == ["stage", "name", "importance", "channel"]


def test_beyond_the_limit_errors_are_counted(stages):
    text = "stage,touchpoint,importance\n" + "".join(f"Know,T{i},9\n" for i in range(MAX_ERRORS + 7))
    with pytest.raises(InvalidInventory) as caught:
        parse_inventory(text.encode(), "many.csv", stages=stages, framework="hourglass")
    assert len(caught.value.errors) == MAX_ERRORS and caught.value.more == 7
    assert caught.value.messages("en")[-1] == "… and 7 more problems."


def test_a_file_with_errors_writes_nothing(store, filled):
    before = store.touchpoints(filled.id)
    with pytest.raises(InvalidInventory):
        reimport.reimport(store, filled.id, FOUR_MISTAKES.encode(), "four.csv", remove_missing=True)
    assert store.touchpoints(filled.id) == before


@pytest.fixture
def stages():
    return HOURGLASS


# -- the templates -----------------------------------------------------------
def readme_columns():
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Touchpoint inventory file\n(.*?)(?=^## )", text, re.S | re.M).group(1)
    rows = re.findall(r"^\| `([^`]+)` \| (?:`([^`]+)`)? *\|", section, re.M)
    return [en for en, _ in rows], [es or en for en, es in rows]


def test_the_readme_and_the_template_list_the_same_columns():
    english, spanish = readme_columns()
    assert [h.lower() for h in template_headers("en")] == english
    assert [h.lower() for h in template_headers("es")] == spanish
    assert len(TEMPLATE_FIELDS) == 13


@pytest.mark.parametrize("lang, delimiter", [("en", ","), ("es", ";")])
def test_the_csv_template_has_every_column_in_the_language(lang, delimiter):
    data = inventory_file("csv", lang, [{"stage": "1", "name": "X", "importance": 4}])
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the accents
    header, row, _ = data.decode("utf-8-sig").split("\r\n")
    assert header == delimiter.join(template_headers(lang))
    assert row == delimiter.join(["1", "X", "", "", "4"] + [""] * 8)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_xlsx_template_has_drop_downs_and_explains_its_columns(lang):
    names = [s.display_name("hourglass", lang) for s in HOURGLASS]
    data = inventory_file("xlsx", lang, [{"stage": names[0], "name": "=1+1", "emotion": -1}], stage_names=names)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet, columns = book.worksheets
    assert [c.value for c in sheet[1]] == template_headers(lang)
    assert sheet["B2"].value == "'=1+1" and sheet["B2"].data_type == "s"  # never a formula
    assert sheet["G2"].value == -1
    ranges = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert ranges["A2"].formula1 == '"' + ",".join(names) + '"'
    assert ranges["C2"].type == "list" and ranges["H2"].type == "list"
    assert {ranges[c].type for c in ("E2", "F2", "G2")} == {"whole"}
    assert (ranges["G2"].formula1, ranges["G2"].formula2) == ("-2", "2")
    assert [r[0].value for r in columns.iter_rows(min_row=2)] == template_headers(lang)
    parsed = parse_inventory(data, "template.xlsx", stages=HOURGLASS, framework="hourglass")
    assert parsed.warnings == []  # the sheet of explanations is not "another sheet"
    assert [(r["name"], r["emotion"]) for r in parsed.rows] == [("=1+1", -1)]


# -- the command line ----------------------------------------------------------
@pytest.fixture
def cli(tmp_path, capsys):
    db = str(tmp_path / "cli.db")

    def call(*argv):
        code = main(["--db", db, *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err
    call.db = db
    return call


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_dry_run_prints_the_plan_and_writes_nothing(cli, tmp_path):
    code, out, err = cli("import-touchpoints", write(tmp_path, "a.csv", FILE), "-w", "Acme", "--dry-run")
    assert code == 0, err
    assert out.splitlines()[-2:] == ["3 new, 0 changed, 0 unchanged, 0 not in the file",
                                     "dry run: nothing written to acme"]
    assert cli("workspaces")[1] == ""  # not even the workspace
    cli("import-touchpoints", write(tmp_path, "a.csv", FILE), "-w", "Acme")
    s = Store(cli.db)
    before = s.touchpoints(s.workspace("acme").id)
    changed = write(tmp_path, "b.csv", FILE.replace("Website,online,3,4", "Website,online,3,5")
                    .replace("Buy,Checkout,offline,4,3,\n", ""))
    code, out, _ = cli("import-touchpoints", changed, "-w", "acme", "--dry-run", "--remove-missing")
    assert out.splitlines() == [
        "~ Like · Website (row 3): performance: 4 → 5",
        "- Buy · Checkout (not in the file; removed)",
        "0 new, 1 changed, 1 unchanged, 1 not in the file",
        "dry run: nothing written to acme"]
    assert s.touchpoints(s.workspace("acme").id) == before
    s.close()


def test_cli_remove_missing_only_when_asked(cli, tmp_path):
    cli("import-touchpoints", write(tmp_path, "a.csv", FILE), "-w", "Acme")
    shorter = write(tmp_path, "b.csv", FILE.replace("Buy,Checkout,offline,4,3,\n", ""))
    code, out, _ = cli("import-touchpoints", shorter, "-w", "acme")
    assert "- Buy · Checkout (not in the file; kept; --remove-missing removes it)" in out
    assert out.splitlines()[-1] == "nothing to change in acme"
    code, out, _ = cli("import-touchpoints", shorter, "-w", "acme", "--remove-missing")
    assert out.splitlines()[-1] == "imported into acme: 0 added, 0 updated, 1 removed"
    s = Store(cli.db)
    assert [tp.name for tp in s.touchpoints(s.workspace("acme").id)] == ["Google profile", "Website"]
    s.close()


def test_cli_reports_every_error_of_a_file_and_writes_nothing(cli, tmp_path):
    code, out, err = cli("import-touchpoints", write(tmp_path, "four.csv", FOUR_MISTAKES), "-w", "Never")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("hourglass: error: four.csv, row ") for line in lines)
    assert [re.search(r"row (\d+)", line).group(1) for line in lines] == ["3", "4", "5", "6"]
    assert cli("workspaces")[1] == ""
