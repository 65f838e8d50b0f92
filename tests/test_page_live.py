"""Live updates and presence in the app (AppTest; ``views/live.py``).

A tick (the sidebar's fragment, rerun alone every few seconds) reloads the
page only when someone else changed the workspace since this session drew
it; the session's own edits do not count. The sidebar says how many people
are in the workspace.
"""

import pytest
from streamlit.testing.v1 import AppTest

from audit.faults import DatabaseBusy, NotADatabase, ReadOnlyDatabase
from audit.i18n import t
from rendered import shown
from views import live
from views.session import Keys


def key(ws, persona, field):
    return f"persona-{ws.id}-{persona.uid}-{field}"


@pytest.fixture
def ws(app_store):
    return app_store.create_workspace("Rosa's Bakery", industry="retail", lang="en")


def primary(app_store, ws):
    return next(p for p in app_store.personas(ws.id) if p.is_primary)


def people_line(at) -> str:
    lines = [c.value for c in at.sidebar.caption
             if c.value.startswith((live.ICON_ALONE, live.ICON_GROUP))]
    assert len(lines) <= 1, lines
    return shown(lines[0]) if lines else ""


def is_stale(at, app_store, ws) -> bool:
    seen = at.session_state[Keys.MEMO][Keys.LIVE_SEEN]
    assert seen[0] == ws.id
    return live.stale(seen[1], app_store.change_counter(ws.id))


@pytest.mark.parametrize("seen, counter, stale", [
    (None, 3, False), (3, None, False), (3, 3, False), (3, 4, True), (4, 3, True),
])
def test_stale_only_when_both_counters_are_known_and_differ(seen, counter, stale):
    assert live.stale(seen, counter) is stale


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("page", ["persona", "journey", "scoring", "backlog"])
def test_the_live_line_is_on_every_page_with_a_workspace(make_app, ws, page, lang):
    at = make_app(page=page, workspace=ws.slug, lang=lang)
    assert not at.exception
    assert people_line(at) == f"{live.ICON_ALONE} {t('live.alone', lang)}"


def test_no_live_line_without_a_workspace(make_app, ws):
    at = make_app(page="home")
    assert not at.exception
    assert people_line(at) == ""


def test_another_sessions_write_makes_the_page_stale_and_a_run_shows_it(make_app, app_store, ws):
    at = make_app(page="persona", workspace=ws.slug)
    persona = primary(app_store, ws)
    assert not is_stale(at, app_store, ws)
    app_store.update_persona(ws.id, persona.id, goals="Fresh bread by 8")  # someone else
    assert is_stale(at, app_store, ws)
    at.run()
    assert at.text_area(key=key(ws, persona, "goals")).value == "Fresh bread by 8"
    assert not is_stale(at, app_store, ws)


def test_a_sessions_own_edit_does_not_make_its_page_stale(make_app, app_store, ws):
    at = make_app(page="persona", workspace=ws.slug)
    persona = primary(app_store, ws)
    before = app_store.change_counter(ws.id)
    at.text_area(key=key(ws, persona, "goals")).input("Coffee to go").run()
    assert not at.exception
    assert app_store.change_counter(ws.id) > before  # it did write
    assert not is_stale(at, app_store, ws)


def tick_script():
    """A page that reads the workspace only when asked (as a full run does),
    saves a text field like a page, then ticks as the live fragment does."""
    import streamlit as st

    from views import editing, live, session

    state = st.session_state
    state["runs"] = state.get("runs", 0) + 1
    ws_id, persona_id = state["ws_id"], state["persona_id"]
    if state.pop("read", False):
        session.workspace_data(ws_id)
    editing.text_input("Goals", key="goals", value="", area=False,
                       on_save=lambda v: session.store().update_persona(ws_id, persona_id, goals=v))
    live.tick(ws_id)


@pytest.fixture
def ticking(app_store, ws, db_path):
    at = AppTest.from_function(tick_script, default_timeout=30)
    at.session_state["ws_id"] = ws.id
    at.session_state["persona_id"] = primary(app_store, ws).id
    at.session_state["read"] = True
    at.run()
    assert not at.exception
    assert at.session_state["runs"] == 1
    return at


def test_a_tick_reruns_the_app_once_when_someone_else_wrote(ticking, app_store, ws):
    at = ticking
    at.run()
    assert at.session_state["runs"] == 2  # nothing changed: the tick did nothing
    app_store.update_persona(ws.id, primary(app_store, ws).id, goals="Someone else's")
    at.run()
    assert not at.exception
    assert at.session_state["runs"] == 4  # the tick asked for the whole app once
    at.run()
    assert at.session_state["runs"] == 5


def test_a_tick_after_the_sessions_own_save_does_not_rerun(ticking):
    at = ticking
    at.text_input(key="goals").input("My own edit").run()
    assert not at.exception
    assert at.session_state["runs"] == 2


def test_a_tick_after_an_own_save_still_reruns_for_an_earlier_change_by_someone_else(ticking, app_store, ws):
    at = ticking
    app_store.update_persona(ws.id, primary(app_store, ws).id, name="Changed elsewhere")
    at.text_input(key="goals").input("My own edit").run()
    assert at.session_state["runs"] == 3


def test_a_tick_never_writes(ticking, app_store, ws, monkeypatch):
    from audit.store import Store

    app_store.update_persona(ws.id, primary(app_store, ws).id, goals="Someone else's")

    def no_write(self, *args, **kwargs):
        raise AssertionError("a tick wrote to the database")

    monkeypatch.setattr(Store, "_write", no_write)
    ticking.run()  # the tick finds the change and reruns the app once: reads only
    assert not ticking.exception
    assert ticking.session_state["runs"] == 3


@pytest.mark.parametrize("fault", [DatabaseBusy("db"), ReadOnlyDatabase("db"), NotADatabase("db")])
def test_a_tick_says_nothing_about_a_database_fault(ticking, monkeypatch, fault):
    from audit.store import Store

    def failing(self, workspace_id):
        raise fault

    monkeypatch.setattr(Store, "change_counter", failing)
    ticking.run()
    assert not ticking.exception
    assert ticking.session_state["runs"] == 2  # no rerun, nothing shown
    assert not ticking.error


def deleted_script():
    import streamlit as st

    from views import live

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    if st.session_state["runs"] == 1:  # then, like app.py, no workspace: no tick
        live.tick(st.session_state["ws_id"])


def test_a_tick_on_a_workspace_someone_deleted_reruns_the_app(app_store, ws, db_path):
    at = AppTest.from_function(deleted_script, default_timeout=30)
    at.session_state["ws_id"] = ws.id
    app_store.delete_workspace(ws.id)
    at.run()
    assert not at.exception
    assert at.session_state["runs"] == 2


@pytest.mark.parametrize("lang", ["en", "es"])
def test_two_sessions_on_one_workspace_see_two_people(make_app, ws, lang):
    first = make_app(page="persona", workspace=ws.slug, lang=lang)
    second = make_app(page="journey", workspace=ws.slug, lang=lang)
    first.run()
    for at in (first, second):
        assert people_line(at) == f"{live.ICON_GROUP} {t('live.here', lang, n=2)}"
    names = [c for c in first.sidebar.caption if c.value.startswith(live.ICON_GROUP)][0].help
    assert t("live.someone", lang) in names


def test_a_session_in_another_workspace_is_not_counted(make_app, app_store, ws):
    other = app_store.create_workspace("Other shop")
    first = make_app(page="persona", workspace=ws.slug)
    make_app(page="persona", workspace=other.slug)
    first.run()
    assert people_line(first) == f"{live.ICON_ALONE} {t('live.alone', 'en')}"


def test_switching_workspace_moves_the_presence(make_app, app_store, ws):
    other = app_store.create_workspace("Other shop")
    first = make_app(page="persona", workspace=ws.slug)
    second = make_app(page="persona", workspace=ws.slug)
    second.sidebar.selectbox(key=Keys.WORKSPACE_PICKER).set_value(other.slug).run()
    first.run()
    assert people_line(first) == f"{live.ICON_ALONE} {t('live.alone', 'en')}"


def test_closing_the_workspace_leaves_it(make_app, ws):
    first = make_app(page="persona", workspace=ws.slug)
    second = make_app(page="persona", workspace=ws.slug)
    second.session_state[Keys.WORKSPACE] = None
    second.run()
    first.run()
    assert people_line(first) == f"{live.ICON_ALONE} {t('live.alone', 'en')}"


def test_in_accounts_mode_the_tooltip_names_the_others(make_app, ws, monkeypatch):
    monkeypatch.setenv("HOURGLASS_ACCESS", "accounts")
    monkeypatch.setenv("HOURGLASS_STAFF", "ana@agency.example, bo@agency.example")
    sessions = []
    for email in ("ana@agency.example", "bo@agency.example", "bo@agency.example"):
        at = make_app(workspace=ws.slug, run=False)
        at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
        at.run()
        assert not at.exception
        sessions.append(at)
    ana = sessions[0]
    ana.run()
    assert people_line(ana) == f"{live.ICON_GROUP} {t('live.here', 'en', n=2)}"  # Bo's two tabs: one person
    tooltip = shown([c for c in ana.sidebar.caption if c.value.startswith(live.ICON_GROUP)][0].help)
    assert "bo@agency.example" in tooltip and "ana@agency.example" not in tooltip


def test_the_libraries_are_left_out_of_every_runs_garbage_collection(make_app, ws):
    import gc

    make_app(page="persona", workspace=ws.slug)
    assert gc.get_freeze_count() > 10_000  # Streamlit, pandas, pyarrow: frozen once (live.freeze_libraries)
