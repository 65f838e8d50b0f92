"""A new user's whole walk through the real app, in a real browser.

Spanish, from an empty database: create a workspace on Home, then Persona,
Journey, Touchpoints, Scoring, Checklist, Backlog (with the CSV download) and
Hourglass, each reached through the sidebar as a user would. A shorter walk
in English: Home, Touchpoints, Backlog download. Every page is screenshotted
into ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from audit.checklists import load_library
from audit.exports import headers

pytestmark = pytest.mark.browser

BOM = b"\xef\xbb\xbf"
ES_STAGES = ["Conocer", "Gustar", "Confiar", "Probar", "Comprar", "Repetir", "Referir"]
ES_HEADER = headers("es")  # the backlog CSV's columns (audit.exports.COLUMNS), in each language
EN_HEADER = headers("en")


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def path(page) -> str:
    return urlparse(page.url).path


class WalkChecks:
    """Checks along a walk: every page speaks the walk's language; soft checks.

    A page in the wrong language is recorded (and the test fails at the
    end), then put right by opening the same page with the language in the
    URL, so the rest of the walk is still checked. (The sidebar switch can
    not put it right: when the app loses the language it still shows the
    right one selected.)
    """

    def __init__(self, page, ui, lang: str):
        self.page, self.ui, self.lang = page, ui, lang
        self.problems: list[str] = []

    def check(self, step: str, title: str) -> None:
        page = self.page
        heading = page.locator("h1").first
        expect(heading).to_be_visible()
        shown, url_lang = heading.inner_text().strip(), query(page).get("lang")
        if shown != title or url_lang != self.lang:
            self.problems.append(f"{step}: title {shown!r} (expected {title!r}), URL lang={url_lang!r} "
                                 f"(expected {self.lang!r}) at {page.url}")
            params = {**query(page), "lang": self.lang}
            self.ui.goto(page, page.url.split("?")[0] + "?" + "&".join(f"{k}={v}" for k, v in params.items()))
        expect(heading).to_have_text(title)

    def soft(self, ok: bool, problem: str) -> None:
        """A problem that should not stop the walk (reported at the end)."""
        if not ok:
            self.problems.append(problem)

    def assert_kept(self) -> None:
        assert not self.problems, "problems on the way:\n" + "\n".join(self.problems)


def csv_download(page, selector: str):
    with page.expect_download() as download_info:
        page.locator(f"{selector} button").click()
    download = download_info.value
    with open(download.path(), "rb") as f:
        return download.suggested_filename, f.read()


def test_spanish_walk_from_an_empty_database(fresh_app_server, page, ui):
    server = fresh_app_server
    walk = WalkChecks(page, ui, "es")

    # -- Home: nothing yet; create the workspace ------------------------------------
    ui.goto(page, server.page_url("", lang="es"))
    expect(page.locator("h1").first).to_have_text("Hourglass")
    expect(page.get_by_text("Todavía no tienes ningún espacio")).to_be_visible()
    ui.assert_no_exception(page)
    ui.shot(page, "es-01-home-empty")

    page.locator(f"{ui.key('new_name')} input").fill("Café Aurora")
    page.locator(ui.key("new_industry")).click()
    page.get_by_role("option", name="Restaurante o cafetería").click()
    page.get_by_role("button", name="Crear espacio de trabajo").click()
    ui.wait_ready(page)

    # -- Persona: the new workspace opens on its first step ---------------------------
    assert path(page) == "/persona"
    assert query(page).get("workspace") == "cafe-aurora"
    walk.check("Home → Persona after creating", "Buyer persona")
    expect(page.get_by_text("Mapear · paso 1 de 7 · Café Aurora")).to_be_visible()
    store = server.store()
    try:
        ws = store.workspace("cafe-aurora")
        assert (ws.industry, ws.lang, ws.framework) == ("restaurant", "es", "hourglass")
        persona = store.personas(ws.id)[0]
        stages = store.stages(ws.id)
    finally:
        store.close()
    goal = "Cenar el viernes con amigos sin esperar mesa y sin sorpresas en la cuenta"
    goals = page.locator(f"{ui.key(f'persona-{ws.id}-{persona.uid}-goals')} textarea")
    goals.fill(goal)
    goals.press("Tab")  # a text area saves when it loses focus
    ui.wait_ready(page)
    expect(goals).to_have_value(goal)
    expect(page.get_by_text("Ficha de la buyer persona")).to_be_visible()
    expect(page.locator("[data-testid='stMarkdownContainer']").filter(has_text=goal)).to_be_visible()  # the card
    store = server.store()
    try:
        assert store.personas(ws.id)[0].goals == goal
    finally:
        store.close()
    ui.assert_no_exception(page)
    ui.shot(page, "es-02-persona")

    # -- Journey: the stages as columns ---------------------------------------------
    ui.nav(page, "Recorrido")
    assert path(page) == "/journey"
    walk.check("Journey", "Recorrido")
    for n, name in enumerate(ES_STAGES, 1):
        expect(page.get_by_text(f"Etapa {n}", exact=True)).to_be_visible()
        expect(page.locator("[data-testid='stColumn']").get_by_text(name, exact=True)).to_be_visible()
    # each stage says its touchpoint count in words (none yet), and each field's example is its placeholder
    expect(page.get_by_text("aún sin puntos de contacto")).to_have_count(len(ES_STAGES))
    expect(page.get_by_placeholder("Qué quiere, p. ej. «cenar fuera el viernes»")).to_have_count(len(ES_STAGES))
    ui.assert_no_exception(page)
    ui.shot(page, "es-03-journey")

    # -- Touchpoints: accept a suggestion, quick-capture two lines ------------------------
    ui.nav(page, "Puntos de contacto")
    assert path(page) == "/touchpoints"
    walk.check("Touchpoints", "Puntos de contacto")
    first = stages[0]
    suggestion = page.locator(ui.key_prefix(f"tp-suggest-{ws.id}-{first.id}-")).first
    expect(suggestion).to_be_visible()
    suggestion_key = next(c for c in suggestion.get_attribute("class").split() if c.startswith("st-key-"))
    suggestion.get_by_role("button", name="Añadir").click()
    ui.wait_ready(page)
    expect(page.locator(f".{suggestion_key}")).to_have_count(0)  # offered once only
    expect(page.get_by_text("1 punto de contacto en 1 de 7 etapas.")).to_be_visible()

    quick = ui.key(f"tp-quick-{ws.id}-{first.id}")
    page.locator(f"{quick} textarea").fill("Pizarra en la acera\nMenú del día en Instagram")
    page.locator(f"{ui.key(f'tp-quick-{ws.id}-{first.id}-add')} button").click()
    ui.wait_ready(page)
    expect(page.get_by_text("3 puntos de contacto en 1 de 7 etapas.")).to_be_visible()
    expect(page.get_by_role("tab", name="Conocer · 3")).to_be_visible()
    expect(page.get_by_role("tab", name="Gustar · ⚠ 0")).to_be_visible()
    expect(page.locator(f"{quick} textarea")).to_have_value("")  # ready for the next list
    table = ui.key_prefix(f"tp-{ws.id}-{first.id}__v")
    expect(page.locator(f"{table} table tbody tr")).to_have_count(3)
    names = [row["Punto de contacto"] for row in ui.grid_rows(page, table)]
    assert names[1:] == ["Pizarra en la acera", "Menú del día en Instagram"]
    suggested_name = names[0]
    ui.assert_no_exception(page)
    ui.shot(page, "es-04-touchpoints")

    # -- Scoring: one click per score --------------------------------------------------
    ui.nav(page, "Puntuación")
    assert path(page) == "/scoring"
    walk.check("Scoring", "Puntuación")
    store = server.store()
    try:
        tps = store.touchpoints(ws.id)
        library = load_library()
    finally:
        store.close()
    assert [tp.name for tp in tps] == [suggested_name, "Pizarra en la acera", "Menú del día en Instagram"]
    typical = library.packs["restaurant"].touchpoint(tps[0].suggestion).importance
    assert tps[0].importance == typical  # the pack's typical importance, pre-filled ...
    row = page.locator(ui.key(f"scoring-{ws.id}-{tps[0].uid}-row"))
    expect(row.get_by_text(f"Importancia {typical}: sugerida")).to_be_visible()  # ... and marked

    def click(tp, field, label):
        choice = page.locator(ui.key(f"scoring-{ws.id}-{tp.uid}-{field}")).get_by_role("radio", name=label, exact=True)
        choice.click()
        ui.wait_ready(page)
        expect(choice).to_have_attribute("aria-checked", "true")

    # the suggestion: important and done poorly -> "Concéntrate aquí"
    importance = 4 if typical == 5 else 5
    click(tps[0], "importance", str(importance))
    expect(row.get_by_text("sugerida", exact=False)).to_have_count(0)  # the user's value now
    click(tps[0], "performance", "2")
    # the chalkboard: important and done well -> "Sigue así"; the customer is pleased there
    click(tps[1], "importance", "4")
    # the keyboard works too: Tab from "4" to the performance choices, Enter on "5"
    performance = page.locator(ui.key(f"scoring-{ws.id}-{tps[1].uid}-performance"))
    performance.get_by_role("radio", name="5", exact=True).focus()
    page.keyboard.press("Enter")
    ui.wait_ready(page)
    expect(performance.get_by_role("radio", name="5", exact=True)).to_have_attribute("aria-checked", "true")
    click(tps[1], "emotion", "+1 agrado")
    expect(row.get_by_text("Concéntrate aquí")).to_be_visible()
    metrics = page.locator("[data-testid='stMetric']")
    expect(metrics.filter(has_text="Puntuados")).to_contain_text("2 de 3")
    expect(metrics.filter(has_text="Concéntrate aquí")).to_contain_text("1")
    store = server.store()
    try:
        scored = [(tp.name, tp.importance, tp.performance, tp.emotion) for tp in store.touchpoints(ws.id)]
    finally:
        store.close()
    assert scored == [(suggested_name, importance, 2, None), ("Pizarra en la acera", 4, 5, 1),
                      ("Menú del día en Instagram", None, None, None)]
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    # the sidebar's progress follows the last click (2 of 3 scored)
    progress = page.locator("[data-testid='stSidebar'] [data-testid='stMarkdown']").filter(has_text="Puntuación")
    shown = next(line for line in progress.inner_text().splitlines() if "Puntuación" in line).strip()
    walk.soft(shown.endswith("67%"), f"Scoring: sidebar progress {shown!r} after 2 of 3 scored (expected 67%)")
    expect(page.locator(ui.key("next-scoring")).get_by_text("Queda 1 punto de contacto por puntuar.")).to_be_visible()
    expect(page.get_by_role("link", name="Siguiente: Checklist")).to_be_visible()
    ui.assert_no_exception(page)
    ui.shot(page, "es-05-scoring")

    # -- Checklist: answer "no" ---------------------------------------------------------
    ui.nav(page, "Checklist")
    assert path(page) == "/checklist"
    walk.check("Checklist", "Checklist")
    question = page.locator(ui.key_prefix(f"checklist-{ws.id}-")).filter(
        has=page.locator("[role='radiogroup']")).first
    question_key = next(c for c in question.get_attribute("class").split()
                        if c.startswith("st-key-"))[len(f"st-key-checklist-{ws.id}-"):]
    question.get_by_text("no", exact=True).click()
    ui.wait_ready(page)
    question = page.locator(ui.key(f"checklist-{ws.id}-{question_key}"))
    expect(question.get_by_role("radio", name="no", exact=True)).to_be_checked()
    expect(page.get_by_text("Qué hacer:").first).to_be_visible()
    store = server.store()
    try:
        answers = store.answers(ws.id)
    finally:
        store.close()
    # the CSS class spells the question key's ":" as "-"
    assert [(k.replace(":", "-"), v) for k, v in answers.items()] == [(question_key, "no")]
    # a stage the business clearly does well: one click answers it all
    all_yes = page.locator(ui.key(f"checklist-{ws.id}-{stages[1].uid}-all-yes")).get_by_role("button", name="Todo sí")
    all_yes.first.click()
    ui.wait_ready(page)
    store = server.store()
    try:
        answers = store.answers(ws.id)
    finally:
        store.close()
    like = [q.key for q in library.packs["restaurant"].questions_for("hourglass", "like")]
    assert like and {k: answers.get(k) for k in like} == {k: "yes" for k in like}
    expect(all_yes.first).to_be_disabled()
    ui.assert_no_exception(page)
    ui.shot(page, "es-06-checklist")

    # -- Backlog: ranked items, CSV download ---------------------------------------------
    ui.nav(page, "Plan de mejoras")
    assert path(page) == "/backlog"
    walk.check("Backlog", "Plan de mejoras")
    store = server.store()
    try:
        items = store.backlog_items(ws.id)
    finally:
        store.close()
    open_items = [i for i in items if not i.resolved_by_audit]
    # one "Concéntrate aquí" touchpoint, six stages without touchpoints, one checklist "no":
    # an answer about a touchpoint with an open fix is merged into that fix (its action
    # leads), otherwise it is an item of its own (DESIGN.md, Backlog generation)
    pack = library.packs["restaurant"]
    answered = next(q for q in pack.questions if q.key.replace(":", "-") == question_key)
    entry = pack.touchpoint(tps[0].suggestion)
    merged = entry.id in answered.about
    assert sorted(i.source for i in open_items) == (
        ["coverage"] * 6 + ["touchpoint"] if merged else ["checklist"] + ["coverage"] * 6 + ["touchpoint"])
    # the fix's title is an action from the pack, never a bare "Mejorar …"
    fix = next(i for i in open_items if i.source == "touchpoint")
    fix_title = answered.action("es") if merged else entry.best_improvement().action("es")
    assert (fix.touchpoint, fix.title) == (suggested_name, fix_title)
    expect(page.get_by_text(f"{len(open_items)} tareas abiertas, de más a menos prioritaria")).to_be_visible()
    table = ui.key_prefix(f"backlog-{ws.id}-table__v")
    expect(page.locator(f"{table} table tbody tr")).to_have_count(len(open_items))
    rows = ui.grid_rows(page, table)
    assert [row["#"] for row in rows] == [str(n) for n in range(1, len(open_items) + 1)]  # ranked
    ice = [float(row["ICE"]) for row in rows]  # a generated impact may carry one decimal
    assert ice == sorted(ice, reverse=True), ice
    assert fix_title in [row["Tarea"] for row in rows]
    ui.assert_no_exception(page)
    ui.shot(page, "es-07-backlog")

    filename, data = csv_download(page, ui.key(f"backlog-{ws.id}-download"))  # the picker opens on CSV
    assert filename == "backlog-cafe-aurora.csv"
    assert data.startswith(BOM), data[:20]
    text = data[len(BOM):].decode("utf-8")
    assert "\r\n" in text
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert table[0] == ES_HEADER
    assert [row[0] for row in table[1:]] == [str(n) for n in range(1, len(items) + 1)]
    titles = [row[1] for row in table[1:]]
    assert fix_title in titles
    assert [r["Tarea"] for r in rows] == titles[:len(rows)]  # the download has the page's order

    # -- Hourglass: the chart --------------------------------------------------------------
    ui.nav(page, "Reloj de arena")
    assert path(page) == "/hourglass"
    walk.check("Hourglass", "Reloj de arena")
    # st.altair_chart's key gives the chart no st-key-… class: it is the page's only chart
    chart = page.locator("[data-testid='stVegaLiteChart']")
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()
    expect(chart.locator("canvas, svg").first).to_be_visible()
    expect(page.get_by_role("heading", name="Lo que dice tu mapa")).to_be_visible()
    expect(page.get_by_text(suggested_name, exact=False).first).to_be_visible()  # the finding
    ui.assert_no_exception(page)
    ui.shot(page, "es-08-hourglass")

    walk.assert_kept()


def test_english_walk_home_to_backlog_download(app_server, page, ui):
    server = app_server
    walk = WalkChecks(page, ui, "en")
    ui.goto(page, server.page_url("", lang="en"))
    expect(page.get_by_text("Full audit — every step")).to_be_visible()
    page.locator(f"{ui.key('new_name')} input").fill("Corner Bakery")
    page.get_by_role("button", name="Create workspace").click()
    ui.wait_ready(page)
    assert path(page) == "/persona"
    slug = query(page).get("workspace")
    assert slug and re.fullmatch(r"corner-bakery(-\d+)?", slug)
    walk.check("Home → Persona after creating", "Persona")
    ui.shot(page, "en-01-persona")

    store = server.store()
    try:
        ws = store.workspace(slug)
        first = store.stages(ws.id)[0]
    finally:
        store.close()
    ui.nav(page, "Touchpoints")
    walk.check("Touchpoints", "Touchpoints")
    page.locator(f"{ui.key(f'tp-quick-{ws.id}-{first.id}')} textarea").fill("Shop window")
    page.locator(f"{ui.key(f'tp-quick-{ws.id}-{first.id}-add')} button").click()
    ui.wait_ready(page)
    expect(page.get_by_role("tab", name="Know · 1")).to_be_visible()
    ui.shot(page, "en-02-touchpoints")

    ui.nav(page, "Backlog")
    walk.check("Backlog", "Backlog")
    expect(page.get_by_text("open items, best first", exact=False)).to_be_visible()
    ui.assert_no_exception(page)
    ui.shot(page, "en-03-backlog")
    filename, data = csv_download(page, ui.key(f"backlog-{ws.id}-download"))  # the picker opens on CSV
    assert filename == f"backlog-{slug}.csv"
    assert data.startswith(BOM)
    table = list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))
    assert table[0] == EN_HEADER
    assert len(table) == 1 + 6  # one item per stage still without touchpoints
    assert {row[3] for row in table[1:]} == {"Coverage gap"}
    walk.assert_kept()
