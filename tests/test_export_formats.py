"""Every backlog format and the audit workbook, parsed back (issue 9 §3):
the XLSX with openpyxl, each tracker CSV against its importer's documented
columns, the GitHub script with ``shlex`` and by running it with a fake ``gh``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import backlog, exports, trackers, workbook
from audit.exports import COLUMNS, FORMATS, backlog_file, file_name, headers, is_safe
from audit.frameworks import FRAMEWORKS
from audit.i18n import t
from audit.model import BacklogItem, Stage

STAGES = [Stage(id=i + 1, workspace_id=1, uid=f"s{i}", position=i, key=s.key)
          for i, s in enumerate(FRAMEWORKS["hourglass"])]
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
INJECTIONS = [
    "$(touch PWNED)", "`touch PWNED`", "'; touch PWNED; '", '"; touch PWNED; "', "a\nb\ntouch PWNED",
    "--label=evil", "-x", "=HYPERLINK(\"http://evil\",\"x\")", "${HOME}", "\\'; touch PWNED", "; touch PWNED #",
]


def item(n=1, **values) -> BacklogItem:
    return BacklogItem(**{"id": n, "workspace_id": 1, "uid": f"u{n}", "source": "manual",
                          "source_key": f"manual:u{n}", **values})


def export(items, fmt, lang="en") -> bytes:
    return backlog_file(items, stages=STAGES, framework="hourglass", lang=lang, fmt=fmt)


def tracker_rows(content: bytes) -> list[list[str]]:
    assert not content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def sheet(content: bytes, index: int = 0):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[index]


SAMPLE = [
    item(1, title="Fix the checkout", detail="Customers give up at the card step.", impact=9, confidence=8, ease=7,
         stage_uid="s4", touchpoint="Checkout", owner="ana@shop.example", audience="First-time buyers",
         kpi="Abandoned carts", kpi_target="< 20 %", due_date="2026-03-31", review_date="2026-06-30",
         source="touchpoint", gap=15, status="doing"),
    item(2, title="=1+1 formula title", detail="-5 % sales", impact=5, owner="Marta"),
    item(3, title="Done already", impact=1, confidence=1, ease=1, status="done"),
    item(4, title="Resolved by the audit", impact=10, confidence=10, ease=9, resolved_by_audit=1),
]


# -- the file names and the registry ---------------------------------------------
def test_every_format_has_a_file_name_and_a_media_type():
    assert FORMATS == ("csv", "excel-es", "xlsx", "jira", "asana", "linear", "github")
    assert [file_name("acme", f) for f in (*FORMATS, "audit")] == [
        "backlog-acme.csv", "backlog-acme-excel-es.csv", "backlog-acme.xlsx", "backlog-acme-jira.csv",
        "backlog-acme-asana.csv", "backlog-acme-linear.csv", "backlog-acme-github.sh", "audit-acme.xlsx"]
    assert set(exports.MIME) == {*FORMATS, "audit"}


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="allowed: csv, excel-es, xlsx, jira, asana, linear, github"):
        export([], "pdf")


# -- XLSX ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
def test_backlog_xlsx_is_formatted_and_typed(lang):
    ws = sheet(export(SAMPLE, "xlsx", lang))
    assert ws.title == t("workbook.sheet.backlog", lang)
    assert [c.value for c in ws[1]] == headers(lang)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "C2"  # header row and rank + title stay in view
    assert ws.auto_filter.ref == f"A1:S{len(SAMPLE) + 1}"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [1, 2, 3, 4]  # the rank column, numbers
    first = dict(zip(COLUMNS, rows[0]))
    assert first["title"] == "Fix the checkout"
    assert (first["impact"], first["ice"], first["gap"]) == (9, 504, 15)
    assert first["due_date"] == dt.datetime(2026, 3, 31) and first["review_date"] == dt.datetime(2026, 6, 30)
    assert ws.cell(row=2, column=COLUMNS.index("due_date") + 1).is_date
    assert dict(zip(COLUMNS, rows[1]))["title"] == "'=1+1 formula title"
    assert dict(zip(COLUMNS, rows[1]))["detail"] == "'-5 % sales"
    widths = {k: ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i, k in enumerate(COLUMNS)}
    assert widths["rank"] < widths["title"] <= workbook.MAX_WIDTH + 1


def test_long_text_is_wrapped_and_the_width_capped():
    ws = sheet(export([item(title="word " * 40, detail="line one\nline two")], "xlsx"))
    title, detail = ws.cell(row=2, column=2), ws.cell(row=2, column=3)
    assert title.alignment.wrap_text and detail.alignment.wrap_text
    assert ws.column_dimensions["B"].width == workbook.MAX_WIDTH + 1
    assert not ws.cell(row=2, column=1).alignment.wrap_text


def test_control_characters_xlsx_cannot_hold_are_dropped_then_neutralised():
    ws = sheet(export([item(title="\x01=cmd|' /C calc'!A0", owner="ok\x0bay")], "xlsx"))
    assert ws.cell(row=2, column=2).value == "'=cmd|' /C calc'!A0"
    assert ws.cell(row=2, column=2).data_type == "s"
    assert ws.cell(row=2, column=COLUMNS.index("owner") + 1).value == "okay"


def test_an_empty_backlog_is_a_header_row():
    ws = sheet(export([], "xlsx"))
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:S1"


# -- the trackers' CSVs ------------------------------------------------------------
DOCUMENTED = {
    "jira": ["Summary", "Issue Type", "Description", "Priority", "Labels", "Labels", "Due Date", "Assignee"],
    "asana": ["Name", "Description", "Assignee", "Due Date", "Section/Column", "Priority"],
    "linear": ["Title", "Description", "Priority", "Status", "Assignee", "Labels"],
}


@pytest.mark.parametrize("tool", ["jira", "asana", "linear"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_tracker_header_is_the_importers_documented_columns_in_english(tool, lang):
    rows = tracker_rows(export(SAMPLE, tool, lang))
    assert rows[0] == DOCUMENTED[tool] == list(trackers.COLUMNS[tool])
    assert {len(r) for r in rows} == {len(DOCUMENTED[tool])}
    # only what is still to do: not done, not resolved by the audit; in rank order
    assert [r[0] for r in rows[1:]] == ["Fix the checkout", "'=1+1 formula title"]


def by_header(tool, lang="en", items=SAMPLE):
    rows = tracker_rows(export(items, tool, lang))
    return [dict(zip(rows[0], r)) for r in rows[1:]]  # (Jira's second Labels wins; checked separately)


def test_jira_row():
    rows = tracker_rows(export(SAMPLE, "jira"))
    assert rows[1][:2] == ["Fix the checkout", "Task"]
    assert rows[1][3:] == ["Highest", "hourglass", "hourglass-touchpoint", "2026-03-31", "ana@shop.example"]
    assert rows[2][3:] == ["Highest", "hourglass", "hourglass-manual", "", ""]  # "Marta" is no e-mail


def test_asana_row_has_the_stage_as_section_and_a_us_date():
    row = by_header("asana", "es")[0]
    assert (row["Name"], row["Assignee"], row["Due Date"], row["Section/Column"], row["Priority"]) == (
        "Fix the checkout", "ana@shop.example", "03/31/2026", "Comprar", "High")


def test_linear_row_has_status_priority_and_labels():
    first, second = by_header("linear", "es")
    assert (first["Priority"], first["Status"], first["Labels"]) == (
        "Urgent", "In Progress", "hourglass, " + t("source.touchpoint", "es"))
    assert (second["Status"], second["Assignee"]) == ("Todo", "")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_description_carries_why_stage_touchpoint_kpi_audience_and_dates_in_the_language(lang):
    text = by_header("linear", lang)[0]["Description"]
    assert text.startswith(f"{t('tracker.why', lang)}: Customers give up at the card step.")
    for key, value in (("export.touchpoint", "Checkout"), ("export.audience", "First-time buyers"),
                       ("export.kpi", "Abandoned carts"), ("export.kpi_target", "< 20 %"),
                       ("export.owner", "ana@shop.example"), ("export.gap", "15"), ("export.rank", "1")):
        assert f"* {t(key, lang)}: {value}" in text
    assert f"* {t('export.stage', lang)}: {STAGES[4].display_name('hourglass', lang)}" in text
    review = t("backlog.date", lang, d=30, y=2026, month=t("backlog.month.6", lang))
    assert f"* {t('export.review_date', lang)}: {review}" in text
    assert t("tracker.ice", lang, ice="504", impact="9", confidence="8", ease="7") in text


@pytest.mark.parametrize("rank,jira,asana,linear", [
    (1, "Highest", "High", "Urgent"), (5, "Highest", "High", "Urgent"), (6, "High", "High", "High"),
    (15, "High", "High", "High"), (16, "Medium", "Medium", "Medium"), (40, "Medium", "Medium", "Medium"),
    (41, "Low", "Low", "Low"), (500, "Low", "Low", "Low"),
])
def test_priority_follows_the_rank(rank, jira, asana, linear):
    assert [trackers.priority(tool, rank) for tool in ("jira", "asana", "linear")] == [jira, asana, linear]


def test_priority_in_the_file_follows_the_rank_of_the_whole_backlog():
    items = [item(n, title=f"t{n}", impact=10 - n * 0.1) for n in range(20)]
    rows = by_header("jira", items=items)
    assert [r["Priority"] for r in rows] == ["Highest"] * 5 + ["High"] * 10 + ["Medium"] * 5


# -- GitHub: a gh script ---------------------------------------------------------------
def gh_tokens(items, lang="en") -> list[str]:
    script = export(items, "github", lang).decode("utf-8")
    assert script.startswith("#!/bin/sh\n")
    return shlex.split(script, comments=True)


def expected_tokens(items, lang="en") -> list[str]:
    names = {s.uid: s.display_name("hourglass", lang) for s in STAGES}
    issues = trackers.open_items(items)
    labels = [lab for lab in trackers.LABEL_COLOURS
              if lab == trackers.LABEL or any(trackers.priority("github", r) == lab for r, _ in issues)]
    out = ["set", "-eu"]
    for label in labels:
        out += ["gh", "label", "create", label, "--color", trackers.LABEL_COLOURS[label], "--force"]
    for rank, i in issues:
        out += ["gh", "issue", "create", f"--title={i.title}",
                f"--body={trackers.description(i, rank, names.get(i.stage_uid, ''), lang)}",
                "--label=hourglass", f"--label={trackers.priority('github', rank)}"]
    return out


def test_the_gh_script_parses_into_the_commands_expected():
    assert gh_tokens(SAMPLE) == expected_tokens(SAMPLE)


@pytest.mark.parametrize("title", INJECTIONS)
def test_injection_in_a_title_stays_one_argument(title):
    items = [item(1, title=title, detail=title, owner=title)]
    tokens = gh_tokens(items)
    assert tokens == expected_tokens(items)
    assert f"--title={title}" in tokens


@pytest.fixture
def fake_gh(tmp_path):
    """A ``gh`` on PATH that records each call's arguments as one JSON line."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.jsonl"
    gh = bin_dir / "gh"
    gh.write_text(f"#!{sys.executable}\nimport json, sys\n"
                  f"open({str(log)!r}, 'a', encoding='utf-8').write(json.dumps(sys.argv[1:]) + '\\n')\n")
    gh.chmod(0o755)
    return bin_dir, log


def run_script(content: bytes, tmp_path: Path, bin_dir: Path):
    script = tmp_path / "backlog-github.sh"
    script.write_bytes(content)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GH_REPO": "owner/name"}
    return subprocess.run(["sh", str(script)], cwd=tmp_path, env=env, capture_output=True, timeout=60)


def test_running_the_script_calls_gh_with_each_value_intact_and_runs_nothing_else(tmp_path, fake_gh):
    bin_dir, log = fake_gh
    items = [item(n, title=title, detail=title, impact=10 - n * 0.1) for n, title in enumerate(INJECTIONS)]
    result = run_script(export(items, "github"), tmp_path, bin_dir)
    assert result.returncode == 0, result.stderr
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    issues = [c for c in calls if c[:2] == ["issue", "create"]]
    assert [c[2] for c in issues] == [f"--title={title}" for title in INJECTIONS]
    assert all(c[3].startswith(f"--body={t('tracker.why', 'en')}: {title}") for c, title in zip(issues, INJECTIONS))
    assert not (tmp_path / "PWNED").exists()
    assert [c[:3] for c in calls if c[0] == "label"] == [["label", "create", "hourglass"],
                                                        ["label", "create", "priority: urgent"],
                                                        ["label", "create", "priority: high"]]


def test_an_empty_backlog_gives_a_script_that_does_nothing(tmp_path, fake_gh):
    bin_dir, log = fake_gh
    assert gh_tokens([]) == ["set", "-eu"]
    assert run_script(export([], "github"), tmp_path, bin_dir).returncode == 0
    assert not log.exists()


# -- any text: no cell of any spreadsheet format starts a formula -----------------------
risky = st.one_of(
    st.text(max_size=30),
    st.builds(lambda pad, start, rest: pad + start + rest,
              st.text(alphabet=" \u00a0\u202f\u3000", max_size=3), st.sampled_from(FORMULA), st.text(max_size=10)),
)
TEXT_FIELDS = ("title", "detail", "owner", "kpi", "touchpoint", "audience", "kpi_target")


def cells_of(content: bytes, fmt: str) -> list[str]:
    if fmt == "xlsx":
        return [c for row in sheet(content).iter_rows(values_only=True) for c in row if isinstance(c, str)]
    if fmt in ("csv", "excel-es"):
        text = content.decode("utf-8-sig")
        return [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=";" if fmt == "excel-es" else ",")
                for c in row]
    return [c for row in tracker_rows(content) for c in row]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(texts=st.lists(st.tuples(*[risky] * len(TEXT_FIELDS)), min_size=1, max_size=3),
       fmt=st.sampled_from(["csv", "excel-es", "xlsx", "jira", "asana", "linear"]),
       lang=st.sampled_from(["en", "es"]))
def test_no_exported_text_cell_starts_a_formula(texts, fmt, lang):
    items = [item(n, **dict(zip(TEXT_FIELDS, values))) for n, values in enumerate(texts)]
    cells = cells_of(export(items, fmt, lang), fmt)
    assert cells
    for cell in cells:
        assert is_safe(cell), cell
        assert not cell.lstrip(exports.SKIPPED_SPACES).startswith(FORMULA) or cell.startswith("'")


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=30)
@given(title=st.text(min_size=1, max_size=40), detail=st.text(max_size=40))
def test_any_title_and_description_reach_gh_as_written(title, detail):
    items = [item(1, title=title, detail=detail)]
    clean = title.replace("\x00", "")
    tokens = gh_tokens(items)
    assert tokens[tokens.index("issue") + 2] == f"--title={clean}"


# -- the whole audit --------------------------------------------------------------------
@pytest.fixture
def audited(store, library):
    ws = store.create_workspace("Bici Taller", industry="retail", lang="es")
    stages = store.stages(ws.id)
    store.update_stage(stages[0].workspace_id, stages[0].id, goal="Encontrar un taller", feelings="=curiosidad")
    store.add_touchpoints(ws.id, [
        {"stage_id": stages[0].id, "name": "Ficha de Google", "importance": 5, "performance": 2, "emotion": -1,
         "channel": "online"},
        {"stage_id": stages[4].id, "name": "+Caja", "importance": 3, "performance": 5},
        {"stage_id": stages[4].id, "name": "Sin puntuar"},
    ])
    store.set_answers(ws.id, {"retail:know-google-profile": "no", "retail:buy-short-queue": "partly"})
    backlog.regenerate(store, ws.id, library)
    return store.workspace(ws.id)


SHEETS = ("persona", "journey", "touchpoints", "checklist", "backlog", "health")


@pytest.mark.parametrize("lang", [None, "en"])
def test_the_audit_workbook_has_one_formatted_sheet_each_in_the_language(store, library, audited, lang):
    data = store.workspace_data(audited.id)
    content = workbook.audit_xlsx(data, store.backlog_items(audited.id), pack=library.pack("retail"), lang=lang)
    book = openpyxl.load_workbook(io.BytesIO(content))
    shown = lang or "es"
    assert book.sheetnames == [t(f"workbook.sheet.{s}", shown) for s in SHEETS]
    for ws in book.worksheets:
        assert ws.freeze_panes in ("A2", "B2", "C2")
        assert ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in ws[1])
        for row in ws.iter_rows(values_only=True):
            assert all(is_safe(c) for c in row if isinstance(c, str))
    journey = list(book[t("workbook.sheet.journey", shown)].iter_rows(values_only=True))
    assert journey[1][:4] == (1, STAGES[0].display_name("hourglass", shown), "Encontrar un taller", None)
    assert journey[1][5] == "'=curiosidad"
    assert journey[1][6:9] == (1, 1, 1)  # touchpoints, scored, moments of truth
    tps = {r[1]: r for r in book[t("workbook.sheet.touchpoints", shown)].iter_rows(min_row=2, values_only=True)}
    assert tps["Ficha de Google"][6:10] == (5, 2, 15, t("quadrant.concentrate", shown))
    assert tps["'+Caja"][9] == t("quadrant.overkill", shown)
    assert tps["Sin puntuar"][6:10] == (None, None, None, t("quadrant.to_score", shown))
    checklist = list(book[t("workbook.sheet.checklist", shown)].iter_rows(min_row=2, values_only=True))
    answers = [r[2] for r in checklist]
    assert answers.count(t("answer.no", shown)) == 1 and answers.count(t("answer.partly", shown)) == 1
    assert len(checklist) == len(library.pack("retail").questions)
    health = list(book[t("workbook.sheet.health", shown)].iter_rows(min_row=2, values_only=True))
    assert health[0][1:4] == (1, 1, 25.0)  # importance-weighted performance 2 → 25/100
    assert len(health) == len(data.stages)
    backlog_rows = list(book[t("workbook.sheet.backlog", shown)].iter_rows(values_only=True))
    assert list(backlog_rows[0]) == headers(shown)
    assert len(backlog_rows) == len(store.backlog_items(audited.id)) + 1
