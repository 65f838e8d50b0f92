"""What every run does, kept to what changed (issue 11): the cookie that
remembers the workspaces this browser opened is written in the run where
the list changed, not again on every click after it."""

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
