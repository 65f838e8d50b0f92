"""The command line, ``python -m audit``: every verb, and clean errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.__main__ import main
from audit.store import Store
from audit.workspace_file import FORMAT

ROOT = Path(__file__).resolve().parent.parent

INVENTORY_EN = (
    "Stage,Touchpoint,Channel,Owner,Importance,Performance,Emotion,KPI\n"
    "Know,Google profile,online,Ana,5,2,-1,Calls per month\n"
    "Like,Website,online,Ana,3,4,1,\n"
    "Buy,Checkout,offline,Luis,4,3,-2,Wait in minutes\n"
)
INVENTORY_ES = (
    "etapa;punto de contacto;canal;responsable;importancia;desempeño;emoción\n"
    "Conocer;Ficha de Google;online;Ana;5;2;-1\n"
    "Comprar;Caja;presencial;Luis;4;4;1\n"
).encode("cp1252")


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.db")


@pytest.fixture
def run(db, capsys):
    """Run the command line in-process against ``db``: (exit code, stdout, stderr)."""
    def call(*argv):
        code = main(["--db", db, *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err
    return call


@pytest.fixture
def files(tmp_path):
    en = tmp_path / "inventory.csv"
    en.write_text(INVENTORY_EN, encoding="utf-8")
    es = tmp_path / "inventario.csv"
    es.write_bytes(INVENTORY_ES)
    return {"en": en, "es": es, "dir": tmp_path}


def opened(db):
    return Store(db)


def assert_clean_error(code, err):
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("hourglass: error: ")
    assert "Traceback" not in err


# -- success paths ---------------------------------------------------------------
def test_workspaces_on_an_empty_database_prints_nothing(run):
    assert run("workspaces") == (0, "", "")


def test_demo_loads_two_workspaces(run):
    code, out, err = run("demo")
    assert code == 0 and err == ""
    assert "panaderia-la-espiga" in out and "harbor-physio" in out


def test_demo_twice_gives_two_workspaces_not_four(run, db):
    run("demo")
    code, out, _ = run("demo")
    assert code == 0 and "already loaded" in out
    code, out, _ = run("workspaces")
    assert len(out.splitlines()) == 2
    s = opened(db)
    assert len(s.workspaces()) == 2
    s.close()


def test_workspaces_lists_slug_name_industry_framework_and_touchpoints(run, db):
    run("demo")
    code, out, _ = run("workspaces")
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert rows["panaderia-la-espiga"][1:4] == ["Panadería La Espiga", "retail", "hourglass"]
    assert rows["harbor-physio"][1:4] == ["Harbor Physio", "health_clinic", "purchase-route"]
    s = opened(db)
    for slug, row in rows.items():
        assert int(row[4]) == len(s.touchpoints(s.workspace(slug).id)) > 0
    s.close()


def test_import_touchpoints_creates_the_workspace_and_its_backlog(run, db, files):
    code, out, err = run("import-touchpoints", files["en"], "--workspace", "Acme Café",
                         "--industry", "restaurant")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == "imported into acme-cafe: 3 added, 0 updated, 0 removed"
    s = opened(db)
    ws = s.workspace("acme-cafe")
    assert (ws.name, ws.industry, ws.framework, ws.lang) == ("Acme Café", "restaurant", "hourglass", "en")
    assert [t.name for t in s.touchpoints(ws.id)] == ["Google profile", "Website", "Checkout"]
    sources = {i.source for i in s.backlog_items(ws.id)}
    assert {"touchpoint", "coverage"} <= sources  # Google profile is Concentrate here; Trust has none
    s.close()


def test_importing_the_same_file_again_changes_nothing(run, db, files):
    """Regression (issue 9): a re-import added every row again (30 became 61)."""
    run("import-touchpoints", files["en"], "--workspace", "Acme")
    code, out, _ = run("import-touchpoints", files["en"], "--workspace", "acme")
    assert code == 0
    assert out.strip().splitlines() == ["0 new, 0 changed, 3 unchanged, 0 not in the file",
                                        "nothing to change in acme"]
    s = opened(db)
    assert len(s.workspaces()) == 1
    assert len(s.touchpoints(s.workspace("acme").id)) == 3
    s.close()


def test_import_touchpoints_spanish_file_with_framework_and_lang(run, db, files):
    code, out, err = run("import-touchpoints", files["es"], "--workspace", "Tienda Sol",
                         "--lang", "es", "--framework", "hourglass")
    assert code == 0, err
    s = opened(db)
    ws = s.workspace("tienda-sol")
    assert ws.lang == "es"
    assert [t.channel for t in s.touchpoints(ws.id)] == ["online", "offline"]
    s.close()


def test_import_touchpoints_with_another_framework(run, db, tmp_path):
    path = tmp_path / "bda.csv"
    path.write_text("stage,touchpoint\nBefore,Ad\nAfter,Survey\n", encoding="utf-8")
    code, _, err = run("import-touchpoints", path, "--workspace", "Three", "--framework", "before-during-after")
    assert code == 0, err
    s = opened(db)
    ws = s.workspace("three")
    assert ws.framework == "before-during-after"
    assert len(s.stages(ws.id)) == 3
    s.close()


def test_import_touchpoints_warns_about_unknown_columns(run, files):
    path = files["dir"] / "extra.csv"
    path.write_text("stage,touchpoint,colour\nKnow,Flyer,red\n", encoding="utf-8")
    code, out, err = run("import-touchpoints", path, "--workspace", "W")
    assert code == 0
    assert err.startswith("hourglass: warning: ") and "colour" in err


def test_bad_inventory_writes_nothing_not_even_the_workspace(run, db, files):
    path = files["dir"] / "bad.csv"
    path.write_text("stage,touchpoint,importance\nKnow,Flyer,9\n", encoding="utf-8")
    code, _, err = run("import-touchpoints", path, "--workspace", "Never")
    assert_clean_error(code, err)
    assert "row 2" in err and "importance" in err.lower()
    s = opened(db)
    assert s.find_workspace("never") is None
    s.close()


def test_inventory_error_in_the_chosen_language(run, files):
    path = files["dir"] / "mala.csv"
    path.write_text("etapa,punto de contacto\nNadie,Folleto\n", encoding="utf-8")
    code, _, err = run("import-touchpoints", path, "--workspace", "X", "--lang", "es")
    assert_clean_error(code, err)
    assert "fila 2" in err


def test_backlog_to_stdout_is_csv_bytes(db, files, capsysbinary):
    main(["--db", db, "import-touchpoints", str(files["en"]), "--workspace", "Acme"])
    capsysbinary.readouterr()
    assert main(["--db", db, "backlog", "--workspace", "acme"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbf")
    lines = out.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Rank,Title")
    assert "Google profile" in lines[1]


def test_backlog_excel_es_in_spanish_to_a_file(run, files):
    run("import-touchpoints", files["en"], "--workspace", "Acme")
    target = files["dir"] / "backlog.csv"
    code, out, err = run("backlog", "--workspace", "Acme", "--format", "excel-es", "--lang", "es", "-o", target)
    assert code == 0, err
    assert str(target) in out
    text = target.read_bytes().decode("utf-8-sig")
    assert text.startswith("Posición;Título")


@pytest.mark.parametrize("fmt,starts", [
    ("xlsx", b"PK"), ("jira", b"Summary,Issue Type,Description,Priority,Labels,Labels,Due Date,Assignee\r\n"),
    ("asana", b"Name,Description,Assignee,Due Date,Section/Column,Priority\r\n"),
    ("linear", b"Title,Description,Priority,Status,Assignee,Labels\r\n"), ("github", b"#!/bin/sh\n"),
])
def test_backlog_in_every_other_format_to_a_file(run, files, fmt, starts):
    run("import-touchpoints", files["en"], "--workspace", "Acme")
    target = files["dir"] / f"backlog.{fmt}"
    code, out, err = run("backlog", "--workspace", "Acme", "--format", fmt, "-o", target)
    assert code == 0, err
    assert target.read_bytes().startswith(starts)
    if fmt == "xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(target).active
        assert ws.freeze_panes == "C2" and ws["A1"].value == "Rank" and ws["A2"].value == 1


def test_workbook_writes_the_whole_audit_in_the_workspace_language(run, files):
    import openpyxl

    from audit.i18n import t

    run("import-touchpoints", files["en"], "--workspace", "Acme", "--lang", "es")
    target = files["dir"] / "audit.xlsx"
    code, out, err = run("workbook", "--workspace", "acme", "-o", target)
    assert code == 0, err
    assert str(target) in out
    names = ("persona", "journey", "touchpoints", "checklist", "backlog", "health")
    assert openpyxl.load_workbook(target).sheetnames == [t(f"workbook.sheet.{n}", "es") for n in names]
    code, _, err = run("workbook", "--workspace", "acme", "--lang", "en", "-o", target)
    assert code == 0, err
    assert openpyxl.load_workbook(target).sheetnames[0] == "Persona"


def test_workbook_needs_an_output_file(run):
    code, _, err = run("workbook", "--workspace", "acme")
    assert code == 2 and "-o/--output" in err


def test_backlog_keeps_edits_when_regenerating(run, db, files):
    run("import-touchpoints", files["en"], "--workspace", "Acme")
    s = opened(db)
    ws = s.workspace("acme")
    item = s.backlog_items(ws.id)[0]
    s.update_backlog_item(ws.id, item.id, owner="Marta")
    s.close()
    code, _, _ = run("backlog", "--workspace", "acme", "-o", files["dir"] / "b.csv")
    assert code == 0
    assert "Marta" in (files["dir"] / "b.csv").read_text(encoding="utf-8-sig")


def test_export_and_import_workspace(run, db, tmp_path):
    run("demo")
    target = tmp_path / "espiga.json"
    code, out, err = run("export", "--workspace", "Panadería La Espiga", "-o", target)
    assert code == 0, err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT and doc["workspace"]["name"] == "Panadería La Espiga"
    code, out, err = run("import-workspace", target)  # the name is taken: refused, naming it
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "“Panadería La Espiga” already exists" in err
    code, out, err = run("import-workspace", target, "--as", "Cliente Nuevo")
    assert code == 0 and "cliente-nuevo" in out
    s = opened(db)
    a, b = s.workspace("panaderia-la-espiga"), s.workspace("cliente-nuevo")
    assert len(s.touchpoints(a.id)) == len(s.touchpoints(b.id))
    assert len(s.backlog_items(a.id)) == len(s.backlog_items(b.id))
    s.close()


def test_export_to_stdout(run):
    run("demo")
    code, out, _ = run("export", "--workspace", "harbor-physio", "-o", "-")
    assert code == 0 and json.loads(out)["workspace"]["slug"] == "harbor-physio"


def test_snapshot_records_stage_and_backlog_metrics(run, db):
    run("demo")
    code, out, err = run("snapshot", "--workspace", "harbor-physio", "--label", "Q4")
    assert code == 0, err
    assert out.startswith("snapshot ")
    s = opened(db)
    ws = s.workspace("harbor-physio")
    snaps = s.snapshots(ws.id)
    assert [x.label for x in snaps] == ["First audit", "After the phone fix", "Q4"]  # the demo's two, then ours
    data = json.loads(snaps[-1].data)
    assert [st["key"] for st in data["stages"]] == ["discovery", "consideration", "decision", "retention",
                                                    "recommendation"]
    know = data["stages"][0]
    assert know["coverage"] == 5 and 0 <= know["health"] <= 100 and 0 <= know["checklist"] <= 1
    assert data["backlog"]["total"] == len(s.backlog_items(ws.id))
    assert data["backlog"]["doing"] >= 1 and data["backlog"]["resolved_by_audit"] == 1
    s.close()


def test_db_from_the_environment(monkeypatch, tmp_path, capsys):
    path = tmp_path / "env.db"
    monkeypatch.setenv("HOURGLASS_DB", str(path))
    assert main(["demo"]) == 0
    assert path.exists()


def test_db_option_after_the_verb(tmp_path, capsys):
    path = tmp_path / "after.db"
    assert main(["demo", "--db", str(path)]) == 0
    s = Store(path)
    assert len(s.workspaces()) == 2
    s.close()


def test_help_exits_zero(capsys):
    assert main(["--help"]) == 0
    assert "import-touchpoints" in capsys.readouterr().out


# -- errors: exit 2, one line on stderr, no traceback ---------------------------------
ERRORS = [
    ("unknown workspace (backlog)", ["backlog", "--workspace", "nope"], "no workspace 'nope'"),
    ("unknown workspace (export)", ["export", "--workspace", "nope", "-o", "{dir}/x.json"], "no workspace"),
    ("unknown workspace (snapshot)", ["snapshot", "--workspace", "nope"], "no workspace"),
    ("missing inventory file", ["import-touchpoints", "{dir}/missing.csv", "--workspace", "W"], "No such file"),
    ("missing workspace file", ["import-workspace", "{dir}/missing.json"], "No such file"),
    ("bad JSON", ["import-workspace", "{dir}/bad.json"], "not valid JSON"),
    ("not a workspace file", ["import-workspace", "{dir}/other.json"], "format"),
    ("not UTF-8", ["import-workspace", "{dir}/latin1.json"], "not UTF-8"),
    ("bad framework", ["import-touchpoints", "{dir}/inventory.csv", "--workspace", "W", "--framework", "funnel"],
     "invalid choice: 'funnel'"),
    ("bad format", ["backlog", "--workspace", "W", "--format", "pdf"], "invalid choice: 'pdf'"),
    ("bad lang", ["backlog", "--workspace", "W", "--lang", "fr"], "invalid choice: 'fr'"),
    ("bad industry", ["import-touchpoints", "{dir}/inventory.csv", "--workspace", "W", "--industry", "bakery"],
     "unknown industry 'bakery'"),
    ("no verb", [], "required: VERB"),
    ("unknown verb", ["frobnicate"], "invalid choice: 'frobnicate'"),
    ("missing --workspace", ["backlog"], "--workspace"),
    ("export without -o", ["export", "--workspace", "W"], "-o"),
    ("empty --as", ["import-workspace", "{dir}/good.json", "--as", " "], "Name"),
    ("output into a missing folder", ["export", "--workspace", "W", "-o", "{dir}/no/such/dir/x.json"], "No such file"),
    ("framework change after touchpoints",
     ["import-touchpoints", "{dir}/inventory.csv", "--workspace", "W", "--framework", "purchase-route"],
     "only while the workspace has no touchpoints"),
]


@pytest.mark.parametrize("argv, message", [(a, m) for _, a, m in ERRORS], ids=[n for n, _, _ in ERRORS])
def test_bad_input_exits_2_with_one_clear_line(run, files, argv, message):
    d = files["dir"]
    (d / "bad.json").write_text("{not json", encoding="utf-8")
    (d / "other.json").write_text('{"hello": "world"}', encoding="utf-8")
    (d / "latin1.json").write_bytes('{"name": "café"}'.encode("latin-1"))
    assert run("import-touchpoints", files["en"], "--workspace", "W")[0] == 0
    assert run("export", "--workspace", "W", "-o", d / "good.json")[0] == 0
    code, out, err = run(*[a.format(dir=d) for a in argv])
    assert_clean_error(code, err)
    assert message in err


def test_a_file_that_is_not_a_database(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("hello " * 1000)
    code = main(["--db", str(path), "workspaces"])
    assert_clean_error(code, capsys.readouterr().err)


# -- a real process ------------------------------------------------------------------
def _python(*argv, env=None):
    return subprocess.run([sys.executable, "-m", "audit", *argv], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, env=env)


def test_real_process_lists_workspaces(db):
    assert main(["--db", db, "demo"]) == 0
    result = _python("--db", db, "workspaces")
    assert result.returncode == 0, result.stderr
    assert sorted(line.split("\t")[0] for line in result.stdout.splitlines()) == \
        ["harbor-physio", "panaderia-la-espiga"]


def test_real_process_error_has_no_traceback(db):
    env = {k: v for k, v in os.environ.items() if k != "HOURGLASS_DEBUG"}
    result = _python("--db", db, "backlog", "--workspace", "nope", env=env)
    assert_clean_error(result.returncode, result.stderr)


# -- the backlog of an inventory, in Spanish and in English (issue 7) ------------------
CLINIC_ES = (
    "Etapa;Punto de contacto;Canal;Responsable;Importancia;Desempeño;Emoción;Momento de verdad;"
    "Puntos de dolor;Puntos positivos;KPI\n"
    "Conocer;Google Maps;online;Recepción;5;2;-1;;Horario de festivos sin actualizar;;Llamadas desde la ficha\n"
    "Gustar;Web con precios;online;;4;3;0;;Solo precios por teléfono;;\n"
    "Confiar;Reseñas de pacientes;online;Dra. Ruiz;4;5;2;;;Nos felicitan por el trato;\n"
    "Probar;Sala de espera;presencial;Recepción;3;1;-2;sí;Esperas de 20–30 minutos;;Minutos de espera\n"
    "Comprar;Papeleo y financiación;presencial;;5;2;-1;;Tres formularios distintos;;\n"
    "Repetir;Recordatorio de revisión;online;;4;4;1;no;;;\n"
    "Repetir;Llamada tras la extracción;offline;Dra. Ruiz;2;2;;;;;\n"
).encode("utf-8")
BIKES_EN = (
    "Stage,Touchpoint,Channel,Owner,Importance,Performance,Emotion,Moment of truth,Pain points,Positives,KPI\n"
    "Know,Shop window,offline,Sam,3,3,0,,,,\n"
    "Like,Instagram,online,Mia,3,2,-1,,Posts once a month,,Followers\n"
    "Trust,Workshop quote,offline,Sam,5,1,-2,yes,Quotes take a week,,Quotes sent within a day\n"
    "Try,Test ride,offline,Sam,4,5,2,,,Customers love the test loop,\n"
    "Buy,Paperwork and financing,offline,,5,2,-1,,Two forms and a credit check on paper,,\n"
    "Repeat,Service reminder,online,,4,2,0,no,,,Services booked from the reminder\n"
)
BARE = ("Improve “", "Mejorar «", "Improve \"", "Mejorar \"")


def backlog_rows_of(run, files, name, content, filename, *extra):
    path = files["dir"] / filename
    path.write_bytes(content)
    code, _, err = run("import-touchpoints", path, "--workspace", name, *extra)
    assert code == 0, err
    target = files["dir"] / f"{filename}.backlog.csv"
    code, _, err = run("backlog", "--workspace", name, "-o", target)
    assert code == 0, err
    import csv
    import io
    return list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("name, content, filename, lang", [
    ("Clínica Sonrisa", CLINIC_ES, "inventario.csv", "es"),
    ("Spoke & Chain", BIKES_EN.encode("utf-8"), "inventory.csv", "en"),
])
def test_an_inventory_gives_an_actionable_backlog_in_its_language(run, db, files, name, content, filename, lang):
    from audit.i18n import t
    rows = backlog_rows_of(run, files, name, content, filename)
    s = opened(db)
    ws = s.workspaces()[0]
    assert ws.lang == lang  # inferred from the headers
    col = {k: t(f"export.{k}", lang) for k in ("title", "touchpoint", "source", "resolved", "gap", "rank")}
    assert col["touchpoint"] in rows[0]
    open_rows = [r for r in rows if r[col["resolved"]] == t("answer.no", lang)]
    # no bare "Improve X (Stage)"
    assert not [r[col["title"]] for r in open_rows if r[col["title"]].startswith(BARE)]
    # never two open items on one touchpoint
    touched = [r[col["touchpoint"]] for r in open_rows if r[col["touchpoint"]]]
    assert len(touched) == len(set(touched))
    # the owner's evidence first: touchpoint items by gap, the worst measured first
    fixes = [r for r in open_rows if r[col["source"]] == t("source.touchpoint", lang)]
    gaps = [int(r[col["gap"]]) for r in fixes]
    assert gaps == sorted(gaps, reverse=True)
    assert open_rows[0][col["source"]] == t("source.touchpoint", lang) and int(open_rows[0][col["gap"]]) == max(gaps)
    # generated text in the workspace's language
    other = "es" if lang == "en" else "en"
    for key in ("action_ask", "action_pain", "strength_title"):
        lead = t(f"backlog.gen.{key}", other, name="", pain="", goal="").split(" ")[0]
        assert not any(r[col["title"]].startswith(lead + " ") for r in open_rows), lead
    s.close()


def test_the_flagged_moment_of_truth_and_the_strength_are_in_the_backlog(run, db, files):
    rows = backlog_rows_of(run, files, "Clínica Sonrisa", CLINIC_ES, "inventario.csv")
    by_touchpoint = {r["Punto de contacto"]: r for r in rows}
    assert "Sala de espera" in by_touchpoint  # importance 3, performance 1, flagged: an item all the same
    assert "Esperas de 20–30 minutos" in by_touchpoint["Sala de espera"]["Título"]
    assert by_touchpoint["Reseñas de pacientes"]["Origen"] == "Punto fuerte que aprovechar"
    assert rows.index(by_touchpoint["Reseñas de pacientes"]) > rows.index(by_touchpoint["Sala de espera"])
    assert by_touchpoint["Google Maps"]["Responsable"] == "Recepción"
    assert by_touchpoint["Google Maps"]["KPI"] == "Llamadas desde la ficha"


@pytest.mark.parametrize("content, expected", [
    (CLINIC_ES, "es"), (BIKES_EN.encode(), "en"), (INVENTORY_ES, "es"),
    ("Stage;Touchpoint\nKnow;Web\n".encode(), "en"), ("etapa,punto de contacto\nConocer,Web\n".encode(), "es"),
])
def test_a_new_workspace_takes_the_language_of_the_headers(run, db, files, content, expected):
    path = files["dir"] / "f.csv"
    path.write_bytes(content)
    assert run("import-touchpoints", path, "--workspace", "W")[0] == 0
    s = opened(db)
    assert s.workspace("w").lang == expected
    s.close()


def test_lang_overrides_the_headers(run, db, files):
    path = files["dir"] / "f.csv"
    path.write_bytes(CLINIC_ES)
    assert run("import-touchpoints", path, "--workspace", "W", "--lang", "en")[0] == 0
    s = opened(db)
    ws = s.workspace("w")
    assert ws.lang == "en"
    assert any(i.title.startswith("Fix what customers") for i in s.backlog_items(ws.id))
    s.close()


def test_lang_on_an_existing_workspace_rewrites_the_generated_text_not_edited(run, db, files):
    path = files["dir"] / "bikes.csv"
    path.write_bytes(BIKES_EN.encode())
    assert run("import-touchpoints", path, "--workspace", "Bikes")[0] == 0
    s = opened(db)
    ws = s.workspace("bikes")
    items = [i for i in s.backlog_items(ws.id) if i.source == "touchpoint"]
    s.update_backlog_item(ws.id, items[0].id, title="Call the bank on Monday")
    s.close()
    empty = files["dir"] / "none.csv"
    empty.write_bytes(b"Stage,Touchpoint\nKnow,Flyers\n")
    assert run("import-touchpoints", empty, "--workspace", "Bikes", "--lang", "es")[0] == 0
    s = opened(db)
    after = {i.id: i for i in s.backlog_items(ws.id)}
    assert s.workspace("bikes").lang == "es"
    assert after[items[0].id].title == "Call the bank on Monday"
    assert "importancia" in after[items[0].id].detail
    assert all("importancia" in after[i.id].detail for i in items)
    s.close()
