"""A database fault in the real app: a clear message in the visitor's
language, never a traceback; and user text in the persona card never
becomes a link, an icon or an emoji."""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

import pytest

from audit.store import Store, schema_version

# The browser conftest's server helpers, as pytest loaded it (it is not
# importable by name: the tests/ folder has a conftest.py too).
_conftest = next(m for m in list(sys.modules.values())
                 if getattr(m, "__file__", None) == str(Path(__file__).with_name("conftest.py")))
start_server, _stop = _conftest.start_server, _conftest._stop

pytestmark = pytest.mark.browser


def assert_no_traceback(page, ui) -> None:
    ui.assert_no_exception(page)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Traceback" not in text and "sqlite3" not in text and "File \"" not in text


@pytest.fixture
def server_over(tmp_path_factory, request, browser):
    """``server_over(make)``: the app over a database that ``make(path)`` spoiled."""
    servers = []

    def start(make):
        db = tmp_path_factory.mktemp("fault-db") / "hourglass.db"
        make(db)
        server = start_server(db, re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name))
        servers.append(server)
        return server

    yield start
    for server in servers:
        _stop(server.process)


def garbage(path) -> None:
    path.write_bytes(b"these are not the data you are looking for\n" * 200)


def newer(path) -> None:
    store = Store(path)
    store.create_workspace("Bodega Sur")
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('hourglass', 'm999_future', '2027-01-01')")
    conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    conn.commit()
    conn.close()


def test_a_garbage_database_shows_a_message_on_every_url(server_over, page, ui):
    server = server_over(garbage)
    before = server.db.read_bytes()
    for path, lang, words in (("", "en", "is not an Hourglass database"),
                              ("scoring", "es", "no es una base de datos de Hourglass")):
        ui.goto(page, server.page_url(path, lang=lang))
        error = page.locator("[data-testid='stAlertContentError']")
        assert words in error.first.inner_text()
        assert_no_traceback(page, ui)
    ui.shot(page, "fault-not-a-database")
    assert server.db.read_bytes() == before
    assert "NotADatabase" in server.log_tail(200)  # the details are in the server log


def test_a_newer_schema_names_both_versions(server_over, page, ui):
    server = server_over(newer)
    before = server.db.read_bytes()
    ui.goto(page, server.page_url("persona", lang="en", workspace="bodega-sur"))
    text = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert f"schema version {schema_version() + 1}" in text and f"up to version {schema_version()}" in text
    assert_no_traceback(page, ui)
    ui.shot(page, "fault-newer-schema")
    assert server.db.read_bytes() == before


def test_the_persona_card_shows_links_icons_and_shortcodes_as_text(app_server, page, ui):
    store = app_server.store()
    try:
        ws = store.create_workspace("Card Text", lang="en")
        persona = store.personas(ws.id)[0]
        store.update_persona(ws.id, persona.id, name="Marta, from https://evil.example/login",
                             segment="www.example.com", goals=":material/home: :house: :red[alarm]",
                             needs="write to ana@example.com")
    finally:
        store.close()
    ui.goto(page, app_server.page_url("persona", lang="en", workspace=ws.slug))
    card = page.locator("[data-testid='stVerticalBlock']").filter(
        has=page.get_by_text("Persona card", exact=True)).last
    text = card.inner_text().replace("\u2060", "")
    for shown in ("https://evil.example/login", "www.example.com", ":material/home:", ":house:",
                  ":red[alarm]", "ana@example.com"):
        assert shown in text, shown
    assert card.locator("a").count() == 0
    assert card.locator("[data-testid='stIconMaterial']").count() == 0
    assert "🏠" not in text
    assert_no_traceback(page, ui)
    ui.shot(page, "persona-card-user-text")
