"""``python -m audit report``: the client report from the command line."""

import re

import pytest

from audit.__main__ import main
from audit.store import Store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    store = Store(path)
    ws = store.create_workspace("Bodega Sur", lang="es")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{"stage_id": stages[0].id, "name": "Ficha de Google",
                                   "importance": 5, "performance": 2}])
    store.close()
    return str(path)


@pytest.fixture
def run(db, capsys):
    def call(*argv):
        code = main(["--db", db, *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err
    return call


def test_report_html_with_chosen_sections(run, tmp_path):
    target = tmp_path / "r.html"
    code, out, err = run("report", "--workspace", "bodega-sur", "-o", target, "--sections", "backlog", "persona")
    assert code == 0, err
    assert "2 sections" in out
    page = target.read_text(encoding="utf-8")
    assert re.findall(r'<section id="(\w+)"', page) == ["persona", "backlog"]
    assert "Auditoría del recorrido del cliente" in page  # the workspace's language


def test_report_pdf_with_every_section(run, tmp_path):
    target = tmp_path / "r.pdf"
    code, out, err = run("report", "-w", "Bodega Sur", "-o", target, "--top", "3")
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")


def test_report_remembers_the_pages_sections(run, db, tmp_path):
    store = Store(db)
    store.set_report_settings(store.workspace("bodega-sur").id, sections=["checklist"])
    store.close()
    target = tmp_path / "r.html"
    assert run("report", "-w", "bodega-sur", "-o", target)[0] == 0
    assert re.findall(r'<section id="(\w+)"', target.read_text(encoding="utf-8")) == ["checklist"]


@pytest.mark.parametrize("argv, message", [
    (["-o", "r.docx"], ".html or .pdf"),
    (["-o", "r.html", "--sections", "persona,nope"], "unknown section 'nope'"),
])
def test_report_bad_input_is_one_line(run, tmp_path, argv, message):
    argv = [str(tmp_path / a) if a.startswith("r.") else a for a in argv]
    code, out, err = run("report", "-w", "bodega-sur", *argv)
    assert code == 2 and message in err and err.count("\n") == 1


def test_report_of_an_unknown_workspace(run, tmp_path):
    code, _, err = run("report", "-w", "nope", "-o", tmp_path / "r.html")
    assert code == 2 and "no workspace 'nope'" in err


def test_report_since_a_snapshot_by_label(run, db, tmp_path):
    assert run("snapshot", "-w", "bodega-sur", "--label", "Primera")[0] == 0
    target = tmp_path / "r.html"
    code, _, err = run("report", "-w", "bodega-sur", "-o", target, "--sections", "compare", "--since", "primera")
    assert code == 0, err
    assert "Primera" in target.read_text(encoding="utf-8")
    code, _, err = run("report", "-w", "bodega-sur", "-o", target, "--sections", "compare", "--since", "nada")
    assert code == 2 and "no snapshot 'nada'" in err
