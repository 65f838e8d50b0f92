"""What every run does, kept to what changed (issue 11): the cookie that
remembers the workspaces this browser opened is written in the run where
the list changed, not again on every click after it."""

import pytest

from audit import recent


def cookie_scripts(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if recent.COOKIE in h.proto.body]


def test_the_opened_workspaces_cookie_is_written_once_per_change(make_app, app_store):
    first = app_store.create_workspace("Bakery")
    second = app_store.create_workspace("Dentist")
    at = make_app(workspace=first.slug)
    [script] = cookie_scripts(at)  # ?workspace= opened it: the list changed
    assert first.slug in script
    at.run()
    assert cookie_scripts(at) == []  # nothing changed: no script again
    at.switch_page("views/persona.py").run()
    assert cookie_scripts(at) == []
    at.selectbox(key="workspace_picker").select(second.slug).run()  # the sidebar's picker
    [script] = cookie_scripts(at)
    assert recent.cookie_value([second.slug, first.slug]) in script
    at.run()
    assert cookie_scripts(at) == []


def test_a_browser_whose_cookie_already_holds_the_list_gets_no_script(make_app, app_store):
    """Nothing opened in this session: the cookie is left as it is."""
    app_store.create_workspace("Bakery")
    at = make_app()
    assert cookie_scripts(at) == []
    at.run()
    assert cookie_scripts(at) == []


def test_the_server_spends_nothing_per_run_on_watching_files_or_a_full_collection():
    """Streamlit's defaults look up every imported module's file and run a full
    garbage collection after each run: on this app's heap that was more server
    CPU per click than the page itself (benchmarks/RESULTS.md)."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["runOnSave"] is False
    assert config["runner"]["postScriptGC"] is False
    assert config["runner"]["magicEnabled"] is False


def test_no_page_relies_on_magic():
    """Magic is off (``.streamlit/config.toml``): a bare expression in a script
    Streamlit runs (app.py, a page) would show nothing. Only calls and
    docstrings stand alone there."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    scripts = [root / "app.py", *sorted((root / "views").glob("*.py"))]
    bare = []
    for script in scripts:
        for parent in ast.walk(ast.parse(script.read_text("utf-8"))):
            body = getattr(parent, "body", None)
            for i, node in enumerate(body if isinstance(body, list) else []):
                if not isinstance(node, ast.Expr) or isinstance(node.value, (ast.Call, ast.Await, ast.Yield)):
                    continue
                if i == 0 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    continue  # a docstring
                bare.append(f"{script.name}:{node.lineno}")
    assert len(scripts) > 20 and not bare


# -- the store: one query of the workspaces table a run ------------------------------
STEP_PAGES = ("home", "persona", "journey", "touchpoints", "scoring", "checklist", "backlog", "hourglass")


def traced(monkeypatch) -> list[str]:
    """Every SQL statement the app's store runs from now on."""
    from audit.store import Store

    statements: list[str] = []
    borrow = Store._borrow

    def tracing(self):
        db = borrow(self)
        db.conn.set_trace_callback(statements.append)
        return db

    monkeypatch.setattr(Store, "_borrow", tracing)
    return statements


def workspace_with_points(store, names=("Window", "Phone", "Web")):
    ws = store.create_workspace("Bakery", industry="general")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [dict(stage_id=stages[i % 3].id, name=name, importance=4)
                                  for i, name in enumerate(names)])
    return ws


@pytest.mark.parametrize("page", STEP_PAGES)
def test_a_run_of_a_page_that_changed_nothing_reads_the_workspaces_table_once(make_app, app_store,
                                                                                monkeypatch, page):
    """The workspace list, the open workspace and its change counter come from
    the run's one read of the workspaces table; the rows from the read kept
    under that counter (a /scoring run asked for the counter 19 times)."""
    ws = workspace_with_points(app_store)
    at = make_app(page, workspace=ws.slug)
    statements = traced(monkeypatch)
    at.run()
    assert not at.exception, at.exception
    assert statements == ["SELECT * FROM workspaces ORDER BY updated_at DESC, id DESC"]


def test_a_save_makes_the_run_after_it_read_afresh(make_app, app_store, monkeypatch):
    """A click's save (in its callback, before the run) is a write of this
    process's store: the run asks for the counter again and shows the save."""
    ws = workspace_with_points(app_store)
    window = next(tp for tp in app_store.touchpoints(ws.id) if tp.name == "Window")
    at = make_app("scoring", workspace=ws.slug)
    statements = traced(monkeypatch)
    key = f"scoring-{ws.id}-{window.uid}-performance"
    at.segmented_control(key=key).set_value(2).run()
    assert not at.exception, at.exception
    assert next(tp for tp in app_store.touchpoints(ws.id) if tp.name == "Window").performance == 2
    assert at.segmented_control(key=key).value == 2
    assert any(s.startswith("SELECT version FROM workspaces") or s.startswith("SELECT * FROM touchpoints")
               for s in statements), statements


def test_another_process_s_change_shows_on_the_next_run(make_app, app_store):
    """Another process (the command line) writes through a store of its own,
    whose writes this process does not count: the next run still reads the
    workspaces table afresh, and shows the change."""
    from audit.store import Store

    ws = workspace_with_points(app_store)
    at = make_app("scoring", workspace=ws.slug)
    assert "Kiosk" not in " ".join(m.value for m in at.markdown)
    other = Store(app_store.path)
    try:
        other.add_touchpoints(ws.id, [dict(stage_id=app_store.stages(ws.id)[0].id, name="Kiosk", importance=3)])
    finally:
        other.close()
    at.run()
    assert not at.exception, at.exception
    assert "Kiosk" in " ".join(m.value for m in at.markdown)


def test_the_store_counts_its_write_transactions(store, workspace):
    """``Store.writes``: one per write transaction ended, committed or rolled
    back; a nested one is part of its outer one; a read is none."""
    from audit.model import InvalidValue

    before = store.writes
    store.touchpoints(workspace.id)
    assert store.writes == before
    store.update_workspace(workspace.id, name="Renamed")
    assert store.writes == before + 1
    with store.transaction():
        store.update_workspace(workspace.id, name="Again")
        store.update_workspace(workspace.id, name="And again")
    assert store.writes == before + 2
    with pytest.raises(InvalidValue):  # refused before any transaction: none
        store.add_touchpoints(workspace.id, [dict(stage_id=store.stages(workspace.id)[0].id, name="")])
    assert store.writes == before + 2
    with pytest.raises(RuntimeError), store.transaction():  # rolled back: it still ended
        store.update_workspace(workspace.id, name="Lost")
        raise RuntimeError("stop")
    assert store.writes == before + 3
    assert store.workspace(workspace.id).name == "And again"


def test_remembering_the_page_is_a_note_not_a_change(store, workspace):
    """Every page switch remembers the page (Home's "Continue"): it does not
    count as a write (the runs of other sessions keep their reads), and it
    does not wait for the disk; the next edit does again."""
    before = store.writes
    assert store.set_last_page(workspace.id, "scoring") is True
    assert store.writes == before
    assert store.workspace(workspace.id).last_page == "scoring"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again for what follows
    statements = []
    store._db.conn.set_trace_callback(statements.append)
    try:
        store.set_last_page(workspace.id, "backlog")
        store.update_workspace(workspace.id, name="Renamed")
    finally:
        store._db.conn.set_trace_callback(None)
    pragmas = [s for s in statements if s.startswith(("PRAGMA synchronous", "BEGIN", "COMMIT"))]
    assert pragmas == ["PRAGMA synchronous = NORMAL", "BEGIN IMMEDIATE", "COMMIT", "PRAGMA synchronous = FULL",
                       "BEGIN IMMEDIATE", "COMMIT"]  # the edit commits as every edit did
    assert store.writes == before + 1


def test_a_run_keeps_its_small_reads_until_this_process_writes(store, workspace, monkeypatch):
    """Inside one run (a fragment's rerun keeps the thread): the counter read
    once is kept, a write of this process's store makes it read again, and
    another process's write waits for the next run (as before: a run is one
    look at the workspace)."""
    from audit.store import Store
    from views import session

    monkeypatch.setattr(session, "get_script_run_ctx", lambda suppress_warning=False: object())
    monkeypatch.setattr(session, "store", lambda: store)
    monkeypatch.setattr(session, "_fragment_run", lambda: True)  # leaves the page's "seen" alone
    session.forget_run_lookups()
    try:
        first = session.data_key(workspace.id)
        other = Store(store.path)
        try:
            other.update_workspace(workspace.id, name="Elsewhere")
        finally:
            other.close()
        assert session.data_key(workspace.id) == first  # the same run: its one look
        store.update_workspace(workspace.id, name="Here")
        assert session.data_key(workspace.id)[2] > first[2] + 1  # both changes, read again
        assert session.current_workspace() is None  # no workspace open in this session
    finally:
        session.forget_run_lookups()


@pytest.mark.parametrize("page", ["journey", "touchpoints", "backlog"])
def test_the_bookkeeping_is_one_session_state_entry(make_app, app_store, page):
    """Streamlit 1.67 rebuilds the whole session state for each text, radio,
    select, number or date widget it draws: Hourglass's run caches, editing
    memory and tables' memory live in one entry (``session.memo``), so only
    widgets and the app state (language, open workspace) are entries of
    their own."""
    from streamlit.runtime.state.common import is_element_id

    from views.session import Keys

    ws = workspace_with_points(app_store)
    at = make_app(page, workspace=ws.slug)
    at.run()
    assert not at.exception, at.exception
    state = at.session_state._state._state  # the SessionState behind AppTest's proxy
    plain = {k for k in state._keys() if not is_element_id(k) and not k.startswith("$$STREAMLIT")}
    assert {Keys.MEMO, Keys.LANG, Keys.WORKSPACE} <= plain
    bookkeeping = {Keys.PAGES, Keys.DATA, Keys.ITEMS, Keys.PROGRESS, Keys.RUN, Keys.LIVE_SEEN, Keys.TAKEN,
                   Keys.SYNCED, Keys.STARTED, Keys.OPENED, Keys.OPENED_AT_START, Keys.SESSION_TAG, Keys.CONFLICTS,
                   Keys.ERRORS, Keys.BACKLOG_FRAME, Keys.MOMENTS_FRAME, Keys.MAP_ANSWERS, Keys.SUMMARIES}
    assert not plain & bookkeeping
    assert not [k for k in plain if k.endswith(("__rows", "__frame", "__applied"))]
    memo = at.session_state[Keys.MEMO]
    assert {Keys.PAGES, Keys.DATA, Keys.RUN, Keys.STARTED, Keys.SESSION_TAG} <= set(memo)
    if page != "journey":  # a table editor
        assert any(k.endswith("__frame") for k in memo["tables"])


@pytest.fixture
def secrets_at(tmp_path, monkeypatch):
    """A secrets.toml that does not exist yet, where the app and Streamlit
    look for it, and a fresh ``st.secrets`` (the server's one stays as it was)."""
    import streamlit as st
    from streamlit.runtime.secrets import Secrets
    from streamlit.testing.v1.util import patch_config_options

    from views import session

    path = tmp_path / "secrets.toml"
    monkeypatch.setattr(session, "_secrets_files", lambda: (str(path),), raising=False)
    monkeypatch.setattr(st, "secrets", Secrets())
    with patch_config_options({"secrets.files": [str(path)]}):
        yield path


def test_without_a_secrets_file_a_run_leaves_st_secrets_alone(make_app, app_store, secrets_at, monkeypatch):
    """Without a file, each ``st.secrets`` access looks for one on disk under
    Streamlit's global config lock, which every message of every session
    takes: 20 sessions at once queued behind it (1.25 times the CPU)."""
    from streamlit.runtime.secrets import Secrets

    parsed = []
    parse = Secrets._parse
    monkeypatch.setattr(Secrets, "_parse", lambda self: parsed.append(1) or parse(self))
    ws = app_store.create_workspace("Bakery")
    at = make_app("persona", workspace=ws.slug)
    at.run()
    assert not at.exception, at.exception
    assert parsed == []


def test_a_secrets_file_written_while_the_server_runs_counts_from_the_next_run(make_app, app_store, secrets_at):
    from audit import access
    from audit.i18n import t

    password_hash = access.hash_password("correct horse battery", n=2 ** 10)
    at = make_app()
    assert at.title[0].value == t("home.title", "en")  # no file: local mode, Home
    secrets_at.write_text(f'[{access.SECRETS_SECTION}]\nmode = "password"\npassword_hash = "{password_hash}"\n', "utf-8")
    at.run()
    assert at.title[0].value == t("access.password.title", "en")


def test_sessions_starting_at_once_share_one_store_per_database_file(tmp_path):
    """``one_per_server``: made once, even when 8 sessions ask at the same
    moment (a plain dict, not ``st.cache_resource``, which hashed its
    arguments on every call)."""
    import threading
    import time

    from views import session

    made, got = [], []
    start = threading.Barrier(8)

    def make():
        made.append(1)
        time.sleep(0.01)  # a slow first open: the others arrive meanwhile
        return object()

    def ask():
        start.wait()
        got.append(session.one_per_server("test", str(tmp_path), make))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and len(got) == 8 and all(g is got[0] for g in got)
    assert session.one_per_server("test", str(tmp_path / "other"), make) is not got[0]
    first = session._store(str(tmp_path / "a.db"))
    try:
        assert session._store(str(tmp_path / "a.db")) is first
    finally:
        first.close()


@pytest.mark.parametrize("page", ["persona", "journey", "scoring", "checklist", "backlog"])
def test_a_page_s_fields_start_from_the_store_without_a_state_value_each(make_app, app_store, page):
    """A value put in session state for a widget stays there until the end of
    the next page's run, and Streamlit walks the whole state for every text,
    radio or select widget it draws: /scoring's sixty choices made each widget
    of the page after it dearer (issue 11). The fields get what the store holds
    as their start value (``default``, ``value``, ``index``) and follow the
    store when it changes elsewhere (``editing.follow_store``, tested with
    each page). Left: the sidebar's pickers and one state key of a page."""
    from views import keys
    from views.session import Keys

    ws = workspace_with_points(app_store)
    at = make_app(page, workspace=ws.slug)  # the first run of the page: each field drawn anew
    assert not at.exception, at.exception
    state = at.session_state._state._state  # the SessionState behind AppTest's proxy
    set_this_run = {k for k in state._new_session_state if not k.startswith("$$STREAMLIT")}
    page_keys = {keys.journey_framework(ws.id), keys.scoring(ws.id, "charts-shown"), keys.scoring(ws.id, "show"),
                 keys.backlog(ws.id, "order")}
    assert set_this_run <= {Keys.LANG_PICKER, Keys.PRESENTATION_PICKER, Keys.WORKSPACE_PICKER} | page_keys
    fields = [w for w in at.get("text_area") + at.get("text_input") + at.get("radio") + at.get("button_group")
              if w.key and w.key.startswith(page)]
    assert len(fields) >= 3  # the page's own fields were drawn, each showing what the store holds
