"""Home: create, open, delete with confirmation, load the demo, progress (settings and a new
client from a workspace: test_page_workspace_settings.py)."""

import pytest

from audit.i18n import t
from home_menu import open_menu
from rendered import shown
from rendered import shown


def button(at, key):
    return at.button(key=key)


def submit_create(at, name, *, industry="general", framework="hourglass", lang="en"):
    at.text_input(key="new_name").set_value(name)
    at.selectbox(key="new_industry").set_value(industry)
    at.radio(key="new_framework").set_value(framework)
    at.radio(key="new_lang").set_value(lang)
    submit = next(b for b in at.button if b.label == t("home.create_button", at.session_state["lang"]))
    return submit.click().run()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_empty_home_tells_what_to_do(make_app, lang):
    at = make_app(lang=lang)
    assert not at.exception
    assert at.title[0].value == t("home.title", lang)
    assert any(i.value == t("home.empty", lang) for i in at.info)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_creating_a_workspace_opens_the_persona_step_offering_the_industry_template(make_app, app_store, library, lang):
    at = make_app(lang=lang)
    at = submit_create(at, "Café Luna", industry="restaurant", framework="purchase-route", lang=lang)
    assert not at.exception
    ws = app_store.workspace("cafe-luna")
    assert (ws.industry, ws.framework, ws.lang) == ("restaurant", "purchase-route", lang)
    assert len(app_store.stages(ws.id)) == 5
    assert app_store.personas(ws.id)[0].goals == ""  # nothing claimed as done before the user writes
    assert at.session_state["workspace_slug"] == "cafe-luna"
    assert at.title[0].value == t("nav.persona", lang)


def test_an_empty_name_is_refused_and_nothing_is_created(make_app, app_store):
    at = submit_create(make_app(), "   ")
    assert not at.exception
    assert t("field.name", "en") in shown(at.error[0].value)
    assert app_store.workspaces() == []


def test_loading_the_demo_twice_gives_two_workspaces(make_app, app_store):
    at = make_app()
    at.button(key="load_demo").click().run()
    at.button(key="load_demo").click().run()
    assert not at.exception
    assert sorted(w.slug for w in app_store.workspaces()) == ["harbor-physio", "panaderia-la-espiga"]
    assert any(m.value.startswith("**Harbor Physio**  \n") for m in at.markdown)  # its card


@pytest.mark.parametrize("lang", ["en", "es"])
def test_home_with_the_demo_shows_progress_and_continue(make_app, app_store, lang):
    from audit.demo import load_demo
    load_demo(app_store)
    at = make_app(lang=lang, workspace="harbor-physio")  # this browser opened one of them
    assert not at.exception
    assert at.button(key="continue").label == t("home.continue_button", lang)
    cards = [m.value for m in at.main.markdown if f"] {t('nav.map', lang)} " in m.value]
    assert len(cards) == 2 and all(f"] {t('nav.build', lang)} " in card for card in cards)
    assert not at.main.get("progress")  # one markdown per card, not a bar per phase (issue 11)


def test_continue_opens_where_the_user_left_off(make_app, app_store):
    ws = app_store.create_workspace("Left Off")
    app_store.set_last_page(ws.id, "checklist")
    at = make_app(workspace=ws.slug)  # opened in this browser (a link, the picker, Open)
    at.button(key="continue").click().run()
    assert not at.exception
    assert at.title[0].value == t("nav.checklist", "en")
    assert at.session_state["workspace_slug"] == ws.slug


def test_closed_menus_draw_nothing_and_one_open_tab_draws_only_itself(make_app, app_store):
    ws = app_store.create_workspace("Keep Me")
    at = make_app()
    assert [w.key for w in at.text_input] == ["new_name"] and not at.tabs  # only the create form's
    at = open_menu(make_app(run=False), ws.slug, "delete").run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [t(k, "en") for k in ("clients.settings_button", "clients.new_button",
                                                                      "home.delete")]
    assert {w.key for w in at.text_input} >= {f"del_name_{ws.slug}"}
    assert f"ws_name_{ws.slug}" not in {w.key for w in at.text_input}  # the Settings tab is closed


def test_delete_waits_for_the_name_and_then_deletes(make_app, app_store):
    ws = app_store.create_workspace("Keep Me")
    at = open_menu(make_app(run=False), ws.slug, "delete").run()
    assert any("Keep Me" in shown(w.value) for w in at.warning)
    assert at.button(key=f"del_yes_{ws.slug}").disabled  # the name is typed first
    assert app_store.find_workspace(ws.slug) is not None
    at.text_input(key=f"del_name_{ws.slug}").input("Keep Me").run()
    at.button(key=f"del_yes_{ws.slug}").click().run()
    assert not at.exception
    assert app_store.find_workspace(ws.slug) is None
    assert all(b.key != f"open_{ws.slug}" for b in at.button)


@pytest.mark.parametrize("typed", ["", "Keep", "keep me!", "Another"])
def test_delete_stays_disabled_until_the_exact_name_is_typed(make_app, app_store, typed):
    ws = app_store.create_workspace("Keep Me")
    at = open_menu(make_app(run=False), ws.slug, "delete").run()
    at.text_input(key=f"del_name_{ws.slug}").input(typed).run()
    assert at.button(key=f"del_yes_{ws.slug}").disabled
    assert app_store.find_workspace(ws.slug) is not None


def test_a_hostile_workspace_name_is_never_html(make_app, app_store):
    app_store.create_workspace("<img src=x onerror=alert(1)>")
    at = make_app()
    for element in list(at.markdown) + list(at.caption):
        if "img" in element.value:
            assert not element.allow_html
            assert "\\<img" in element.value  # Markdown-escaped: shown as text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_malformed_agency_pack_is_reported_on_home_and_the_others_still_load(make_app, tmp_path, monkeypatch, lang):
    (tmp_path / "agency.toml").write_text('[pack]\nid = "agency"\n', encoding="utf-8")
    monkeypatch.setenv("HOURGLASS_CHECKLISTS", str(tmp_path))
    at = make_app(lang=lang)
    assert not at.exception
    assert at.expander[0].label == t("home.pack_errors", lang, n=1)
    assert any("agency.toml" in x.value and "'name'" in x.value for x in at.text)
    assert t("home.create_title", lang) in [s.value for s in at.subheader]


def top_lists(at, lang):
    """Each card's "First in the backlog" lines, as a reader sees them (one per line)."""
    head = f":gray[:small[{t('home.top_items', lang)}]]"
    found = [m.value[m.value.index(head):] for m in at.markdown if head in m.value]
    return [shown("\n".join(line.removeprefix(":gray[:small[").removesuffix("]]") for line in text.split("  \n")))
            for text in found]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_workspace_shows_its_first_three_open_backlog_items(make_app, app_store, lang):
    from audit import backlog
    from audit.demo import load_demo
    load_demo(app_store)
    before = {ws.id: [vars(i) for i in app_store.backlog_items(ws.id)] for ws in app_store.workspaces()}
    at = make_app(lang=lang)
    assert not at.exception
    lists = top_lists(at, lang)
    assert len(lists) == 2
    for ws in app_store.workspaces():
        top = backlog.top(app_store.backlog_items(ws.id), 3)
        assert len(top) == 3
        expected = "\n".join(f"{n}. {backlog.short_title(i.title)}" for n, i in enumerate(top, 1))
        assert t("home.top_items", lang) + "\n" + expected in lists
    # Home only reads
    assert {ws.id: [vars(i) for i in app_store.backlog_items(ws.id)] for ws in app_store.workspaces()} == before


def test_a_workspace_without_a_backlog_shows_no_list(make_app, app_store):
    app_store.create_workspace("Fresh")
    at = make_app()
    assert top_lists(at, "en") == []
    assert len([m for m in at.markdown if m.value.startswith("**Fresh**")]) == 1  # the card is there


def test_home_reads_every_workspace_in_a_fixed_number_of_queries(make_app, app_store, monkeypatch):
    """Home used to read each workspace in full, one set of queries per
    workspace; now 20 workspaces cost the same queries as one."""
    import sqlite3

    statements = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)

    def fill(n):
        ws = app_store.create_workspace(f"Shop {n}")
        stages = app_store.stages(ws.id)
        app_store.add_touchpoints(ws.id, [{"stage_id": stages[i % len(stages)].id, "name": f"Touchpoint {i}",
                                           "importance": 1 + i % 5} for i in range(20)])
        app_store.set_answers(ws.id, {"general:x": "yes"})
        app_store.add_manual_item(ws.id, title=f"Call customer {n} back")

    def reads_of_one_home_render() -> int:
        from views import session

        session._SUMMARIES.clear()  # every summary read afresh (they are kept until a workspace changes)
        statements.clear()
        at = make_app(lang="en")
        assert not at.exception
        return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))

    fill(0)
    reads_of_one_home_render()  # the first opens the store (schema checks)
    one = reads_of_one_home_render()
    for n in range(1, 20):
        fill(n)
    twenty = reads_of_one_home_render()
    assert len(app_store.workspaces()) == 20
    assert 0 < twenty == one


def test_home_reads_a_workspace_again_only_when_it_changed(make_app, app_store):
    """Each card's counts are kept under the workspace's change counter: an
    unchanged workspace is not read again, a changed one shows its change."""
    from views import session

    ws = app_store.create_workspace("Shop A")
    other = app_store.create_workspace("Shop B")
    at = make_app(lang="en")
    read = []
    original = type(app_store).workspace_summaries

    def counting(self, ids=None):
        read.append(sorted(ids))
        return original(self, ids)

    import audit.store
    audit.store.Store.workspace_summaries = counting
    try:
        at.run()
        assert read == []  # nothing changed: nothing read
        app_store.add_manual_item(ws.id, title="Answer every review within a day")
        at.run()
        assert read == [[ws.id]]  # only the changed workspace
    finally:
        audit.store.Store.workspace_summaries = original
    assert "Answer every review within a day" in "\n".join(top_lists(at, "en"))
    assert (other.id, app_store.workspace(other.id).version) in session._SUMMARIES


@pytest.mark.parametrize("lang", ["en", "es"])
def test_many_workspaces_are_shown_a_few_at_a_time(make_app, app_store, lang):
    """An agency with many clients pages through its workspaces (most recent
    first), so Home costs about the same with 20 as with a few (issue 11)."""
    made = [app_store.create_workspace(f"Client {n:02d}") for n in range(8)]
    at = make_app(lang=lang)
    assert not at.exception
    opened = lambda: [b.key for b in at.button if b.key.startswith("open_")]  # noqa: E731
    newest = [ws.slug for ws in reversed(made)]
    assert opened() == [f"open_{slug}" for slug in newest[:4]]
    pager = at.segmented_control(key="home_page")
    assert [shown(o) for o in pager.options] == [t("home.page", lang, first=1, last=4, total=8),
                                                  t("home.page", lang, first=5, last=8, total=8)]
    pager.set_value(1).run()
    assert opened() == [f"open_{slug}" for slug in newest[4:]]


def test_a_few_workspaces_need_no_pager(make_app, app_store):
    for n in range(3):
        app_store.create_workspace(f"Client {n}")
    at = make_app()
    assert not [w for w in at.segmented_control if w.key == "home_page"]
