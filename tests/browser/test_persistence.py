"""What a user types is kept: across a refresh, a page switch, a second
browser session; and the URL keeps the language and the workspace, so a
link can be shared."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

#: The sidebar's pages, in Spanish, their paths, and the page's question
#: under its title (a step's title is its sidebar name: one name per step).
ES_PAGES = [
    ("Buyer persona", "/persona", "¿Quién es tu cliente?"),
    ("Recorrido", "/journey", "Mapea el recorrido"),
    ("Puntos de contacto", "/touchpoints", "¿Dónde te encuentran tus clientes?"),
    ("Puntuación", "/scoring", "Puntúa cada punto de contacto"),
    ("Checklist", "/checklist", "Checklist de buenas prácticas"),
    ("Plan de mejoras", "/backlog", "Tu plan de mejoras"),
    ("Reloj de arena", "/hourglass", "Tu reloj de arena"),
    ("Inicio", "/", None),
]


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def make_workspace(server, name: str, *, lang: str = "en", industry: str = "general"):
    store = server.store()
    try:
        ws = store.create_workspace(name, lang=lang, industry=industry)
        return ws, store.personas(ws.id)[0]
    finally:
        store.close()


def stored_persona(server, ws):
    store = server.store()
    try:
        return store.personas(ws.id)[0]
    finally:
        store.close()


def test_persona_edit_survives_refresh_page_switch_and_second_session(app_server, new_page, ui):
    ws, persona = make_workspace(app_server, "Keep Me Shop")
    url = app_server.page_url("persona", lang="en", workspace=ws.slug)
    goals_key = ui.key(f"persona-{ws.id}-{persona.uid}-goals")
    needs_key = ui.key(f"persona-{ws.id}-{persona.uid}-needs")
    goal = "Find a quiet table after 9 pm, ñandú & café included"

    first = new_page()
    ui.goto(first, url)
    goals = first.locator(f"{goals_key} textarea")
    goals.fill(goal)
    goals.press("Tab")  # committed when the field loses focus
    ui.wait_ready(first)
    assert stored_persona(app_server, ws).goals == goal  # saved at once, not on some later action
    ui.shot(first, "persistence-01-typed")

    first.reload(wait_until="domcontentloaded")  # a refresh is a new Streamlit session
    ui.wait_ready(first)
    assert query(first) == {"lang": "en", "workspace": ws.slug}
    expect(first.locator(f"{goals_key} textarea")).to_have_value(goal)
    ui.shot(first, "persistence-02-after-refresh")

    ui.nav(first, "Journey")
    assert urlparse(first.url).path == "/journey"
    assert query(first) == {"lang": "en", "workspace": ws.slug}
    ui.nav(first, "Persona")
    assert query(first) == {"lang": "en", "workspace": ws.slug}
    expect(first.locator(f"{goals_key} textarea")).to_have_value(goal)

    second = new_page()  # another browser session on the shared link
    ui.goto(second, first.url)
    expect(second.locator(f"{goals_key} textarea")).to_have_value(goal)
    ui.assert_no_exception(second)
    ui.shot(second, "persistence-03-second-session")

    # and back: what the second session writes reaches the first one
    needs = "Somewhere to sit for two hours without being rushed"
    second.locator(f"{needs_key} textarea").fill(needs)
    second.locator(f"{needs_key} textarea").press("Tab")
    ui.wait_ready(second)
    assert stored_persona(app_server, ws).needs == needs
    ui.nav(first, "Journey")
    ui.nav(first, "Persona")
    expect(first.locator(f"{needs_key} textarea")).to_have_value(needs)
    expect(first.locator(f"{goals_key} textarea")).to_have_value(goal)


def test_language_and_workspace_stay_in_the_url_across_the_sidebar(app_server, page, ui):
    ws, _ = make_workspace(app_server, "Ruta Señorial", lang="es", industry="restaurant")
    ui.goto(page, app_server.page_url("persona", lang="es", workspace=ws.slug))
    wrong = []
    for label, path, question in ES_PAGES:
        ui.nav(page, label)
        ui.assert_no_exception(page)
        where = (urlparse(page.url).path, query(page))
        if where != (path, {"lang": "es", "workspace": ws.slug}):
            wrong.append(f"{label}: {page.url}")
        if question is None:  # Home: the app's name
            expect(page.locator("h1").first).to_have_text("Hourglass")
        else:  # the step's name, in Spanish, and its question
            expect(page.locator("h1").first).to_have_text(label)
            expect(page.locator("h4").first).to_have_text(question)
        expect(page.locator(ui.key("lang_picker")).get_by_role("radio", name="Español")).to_be_checked()
    assert not wrong, wrong
    ui.shot(page, "persistence-04-home-es-after-nav")


@pytest.mark.parametrize("action", ["open", "continue"])
def test_opening_a_workspace_from_home_keeps_the_language(app_server, page, ui, action):
    """Home's Open / Continue buttons switch page (``st.switch_page``)."""
    ws, _ = make_workspace(app_server, f"Panadería {action}", lang="es")
    ui.goto(page, app_server.page_url("", lang="es"))
    button = ui.key(f"open_{ws.slug}") if action == "open" else ui.key("continue")
    if action == "continue":  # offered only once this browser has opened it
        store = app_server.store()
        try:
            store.set_last_page(ws.id, "journey")
        finally:
            store.close()
        ui.goto(page, app_server.page_url("", lang="es", workspace=ws.slug))
        ui.goto(page, app_server.page_url("", lang="es"))  # a new session of the same browser
    page.locator(f"{button} button").click()
    ui.wait_ready(page)
    assert query(page).get("workspace") == ws.slug
    ui.shot(page, f"persistence-05-home-{action}")
    assert query(page).get("lang") == "es", page.url
    expect(page.locator("h1").first).not_to_have_text("Who is your customer?")
    expect(page.locator("h1").first).not_to_have_text("Map the journey")


def test_shared_link_works_on_a_freshly_started_server(fresh_app_server, page, ui):
    """A link to a page is the first thing the server is asked for (after a
    restart, say): the app, with its router, language and workspace, opens."""
    ws, _ = make_workspace(fresh_app_server, "Enlace Fresco", lang="es")
    ui.goto(page, fresh_app_server.page_url("persona", lang="es", workspace=ws.slug))
    ui.shot(page, "persistence-06-fresh-server-deep-link")
    nav = page.locator("[data-testid='stSidebarNav']")
    expect(nav.get_by_role("link", name="Buyer persona")).to_be_visible()
    # not Streamlit's listing of a pages/ folder (app, backlog, …, session): the router ran
    expect(nav.get_by_role("link", name="session")).to_have_count(0)
    expect(page.locator("h1").first).to_have_text("Buyer persona")
    expect(page.locator("h4").first).to_have_text("¿Quién es tu cliente?")
    expect(page.get_by_text("Mapear · paso 1 de 7 · Enlace Fresco")).to_be_visible()
