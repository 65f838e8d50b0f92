"""The gate in the app (AppTest): sign-in screens, and a client user who
cannot open, list, export or delete another client's workspace through the
page, the URL, or a crafted widget event."""

import re

import pytest

from audit import access
from audit.i18n import t
from home_menu import open_menu
from rendered import shown
from views.session import Keys

PASSWORD = "correct horse battery"
HASH = access.hash_password(PASSWORD, n=2 ** 10)
STAFF, ROSA, TOM = "ana@agency.example", "rosa@bakery.example", "tom@garage.example"


@pytest.fixture(autouse=True)
def fresh_limiter():
    access.LIMITER.reset()
    yield
    access.LIMITER.reset()


@pytest.fixture
def password_mode(monkeypatch):
    monkeypatch.setenv("HOURGLASS_ACCESS", "password")
    monkeypatch.setenv("HOURGLASS_PASSWORD_HASH", HASH)


@pytest.fixture
def accounts_mode(monkeypatch):
    monkeypatch.setenv("HOURGLASS_ACCESS", "accounts")
    monkeypatch.setenv("HOURGLASS_STAFF", f"{STAFF}, @staff.example")


def everything(at) -> str:
    """All the text the run put on the page (main and sidebar)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "button", "text_input", "selectbox"):
        for element in getattr(at, kind):
            for attr in ("value", "label", "options", "body"):
                value = getattr(element, attr, None)
                if isinstance(value, str):
                    parts.append(shown(value))
                elif isinstance(value, (list, tuple)):
                    parts.extend(str(v) for v in value)
    return "\n".join(parts)


def sign_in(at, password: str):
    at.text_input(key="team_password").input(password)
    at.button(key="FormSubmitter:sign_in-" + t("access.password.button", at.session_state["lang"])).click()
    return at.run()


# -- team password ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "es"])
def test_without_a_session_only_the_sign_in_form_shows(make_app, app_store, password_mode, lang):
    app_store.create_workspace("Secret Client")
    at = make_app(lang=lang)
    assert not at.exception
    assert at.title[0].value == t("access.password.title", lang)
    assert at.text_input(key="team_password").label == t("access.password.label", lang)
    assert "Secret Client" not in everything(at)
    assert t("home.title", lang) not in [x.value for x in at.title]


@pytest.mark.parametrize("page", ["persona", "backlog", "hourglass"])
def test_a_page_link_without_a_session_shows_the_form_not_the_page(make_app, app_store, password_mode, page):
    ws = app_store.create_workspace("Secret Client")
    at = make_app(page=page, workspace=ws.slug)
    assert not at.exception
    assert at.title[0].value == t("access.password.title", "en")
    assert "Secret Client" not in everything(at)
    assert not at.get("download_button")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_wrong_password_says_so_and_shows_nothing(make_app, app_store, password_mode, lang):
    app_store.create_workspace("Secret Client")
    at = sign_in(make_app(lang=lang), "not the password")
    assert not at.exception
    assert at.error[0].value == t("access.password.wrong", lang)
    assert "Secret Client" not in everything(at)
    assert not at.session_state[Keys.SIGNED_IN]


def test_the_right_password_opens_home_and_the_linked_workspace(make_app, app_store, password_mode):
    ws = app_store.create_workspace("Secret Client")
    at = make_app(workspace=ws.slug)
    assert Keys.WORKSPACE not in at.session_state  # nothing opened before signing in
    at = sign_in(at, PASSWORD)
    assert not at.exception
    assert at.title[0].value == t("home.title", "en")
    assert "Secret Client" in everything(at)
    assert at.session_state[Keys.WORKSPACE] == ws.slug  # the ?workspace= link, once signed in
    assert t("access.password.signed_in", "en") in [c.value for c in at.sidebar.caption]
    # the browser is given a token to stay signed in (a refresh, a new tab), never the password
    scripts = [h.proto.body for h in at.get("html")]
    assert any(access.TEAM_COOKIE + "=" in body for body in scripts)
    assert not any(PASSWORD in body for body in scripts)


def test_sign_out_shows_the_form_again(make_app, app_store, password_mode):
    app_store.create_workspace("Secret Client")
    at = sign_in(make_app(), PASSWORD)
    at.sidebar.button(key="sign_out").click().run()
    assert at.title[0].value == t("access.password.title", "en")
    assert "Secret Client" not in everything(at)


def test_five_wrong_tries_then_even_the_right_password_waits(make_app, password_mode):
    at = make_app()
    for _ in range(5):
        at = sign_in(at, "guess")
    at = sign_in(at, PASSWORD)
    assert at.title[0].value == t("access.password.title", "en")
    waits = re.escape(t("access.password.wait", "en", seconds=12345)).replace("12345", r"(\d+)")
    seconds = re.fullmatch(waits, at.error[0].value)
    assert seconds and 1 <= int(seconds.group(1)) <= 60
    # a fresh browser session (another AppTest) is not a way round the process limit
    for n in range(3):
        other = make_app()
        for _ in range(5):
            other = sign_in(other, f"guess {n}")
    late = sign_in(make_app(), PASSWORD)
    assert late.title[0].value == t("access.password.title", "en")


def test_the_password_mode_reads_the_secrets_file_too(make_app, app_store):
    at = make_app(run=False)
    at.secrets["access"] = {"mode": "password", "password_hash": HASH}
    at.run()
    assert at.title[0].value == t("access.password.title", "en")
    at = sign_in(at, PASSWORD)
    assert at.title[0].value == t("home.title", "en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_config_that_cannot_work_opens_nothing(make_app, app_store, monkeypatch, lang):
    monkeypatch.setenv("HOURGLASS_ACCESS", "password")  # and no hash
    app_store.create_workspace("Secret Client")
    at = make_app(lang=lang)
    assert not at.exception
    assert at.title[0].value == t("access.config.title", lang)
    assert "python -m audit hash-password" in at.error[0].value
    assert "Secret Client" not in everything(at)


def test_local_mode_says_how_to_share_safely(make_app):
    at = make_app()
    assert t("access.local.banner", "en") in [c.value for c in at.sidebar.caption]


# -- accounts ------------------------------------------------------------------------------
@pytest.fixture
def clients(app_store):
    rosa = app_store.create_workspace("Rosa's Bakery")
    tom = app_store.create_workspace("Tom's Garage")
    app_store.share_workspace(rosa.id, ROSA)
    app_store.share_workspace(tom.id, TOM)
    return rosa, tom


def as_user(make_app, email, *, page=None, workspace=None, lang="en"):
    at = make_app(run=False, lang=lang, workspace=workspace)
    at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
    at.run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    return at


def test_staff_see_every_workspace_and_can_delete_and_share(make_app, accounts_mode, clients):
    at = as_user(make_app, STAFF)
    assert not at.exception
    text = everything(at)
    assert "Rosa's Bakery" in text and "Tom's Garage" in text
    rosa, tom = clients
    assert at.button(key="load_demo") is not None
    open_menu(at, tom.slug, "delete").run()
    assert at.button(key=f"del_yes_{tom.slug}") is not None
    open_menu(at, rosa.slug, "share").run()
    at.text_input(key=f"share_email_{rosa.slug}").input("Second@Bakery.example")
    at.button(key=f"share_add_{rosa.slug}").click().run()
    assert not at.exception
    assert clients_store(at).shares(rosa.id) == [ROSA, "second@bakery.example"]
    at.button(key=f"unshare_{rosa.slug}_0").click().run()
    assert clients_store(at).shares(rosa.id) == ["second@bakery.example"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_sharing_with_something_that_is_not_an_email_says_so(make_app, accounts_mode, clients, app_store, lang):
    rosa, _ = clients
    at = open_menu(as_user(make_app, STAFF, lang=lang), rosa.slug, "share", lang).run()
    at.text_input(key=f"share_email_{rosa.slug}").input("rosa at bakery")
    at.button(key=f"share_add_{rosa.slug}").click().run()
    assert not at.exception
    assert shown(at.error[0].value) == t("access.share.bad_email", lang, email="rosa at bakery")
    assert app_store.shares(rosa.id) == [ROSA]


def clients_store(at):
    import os

    from audit.store import Store
    return Store(os.environ["HOURGLASS_DB"])


def test_a_client_lists_and_picks_only_their_workspaces(make_app, accounts_mode, clients):
    rosa, tom = clients
    at = as_user(make_app, ROSA)
    assert not at.exception
    text = everything(at)
    assert "Rosa's Bakery" in text and "Tom's Garage" not in text
    assert at.sidebar.selectbox(key=Keys.WORKSPACE_PICKER).options == ["Rosa's Bakery"]
    assert "load_demo" not in {b.key for b in at.button}
    for tab in ("delete", "share"):  # clients delete and share nothing: the menu has no such tab
        open_menu(at, rosa.slug, tab).run()
        assert [tab.label for tab in at.tabs] == [t("clients.settings_button", "en"), t("clients.new_button", "en")]
        keys = {w.key for w in at.button} | {w.key for w in at.text_input}
        assert f"del_yes_{rosa.slug}" not in keys and not any(k and k.startswith("share_") for k in keys)


@pytest.mark.parametrize("page", ["home", "persona", "touchpoints", "backlog", "hourglass"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_link_to_another_clients_workspace_is_refused(make_app, accounts_mode, clients, page, lang):
    rosa, tom = clients
    at = as_user(make_app, ROSA, page=page, workspace=tom.slug, lang=lang)
    assert not at.exception
    assert at.session_state[Keys.WORKSPACE] is None
    assert t("access.refused", lang, slug=tom.slug, email=ROSA)[:25] in shown(at.error[0].value)
    assert "Tom's Garage" not in everything(at)
    assert not at.get("download_button")


def test_an_unknown_slug_gets_the_same_refusal_as_another_clients(make_app, accounts_mode, clients):
    at = as_user(make_app, ROSA, page="persona", workspace="no-such-place")
    assert shown(at.error[0].value) == t("access.refused", "en", slug="no-such-place", email=ROSA)


def test_a_crafted_picker_event_does_not_open_another_clients_workspace(make_app, accounts_mode, clients):
    rosa, tom = clients
    at = as_user(make_app, ROSA, page="persona")
    # The picker only offers Rosa's workspace: AppTest cannot even send another
    # value through it (nor can a browser: the widget sends an option).
    with pytest.raises(ValueError):
        at.sidebar.selectbox(key=Keys.WORKSPACE_PICKER).set_value(tom.slug).run()
    # A crafted event that reached the session's state anyway (what the
    # picker's callback would have set): the router and every page refuse it.
    at = as_user(make_app, ROSA, page="persona")
    at.session_state[Keys.WORKSPACE] = tom.slug
    at.run()
    assert not at.exception
    assert at.session_state[Keys.WORKSPACE] is None
    assert "Tom's Garage" not in everything(at)
    at.switch_page("views/backlog.py").run()
    assert not at.get("download_button")
    assert "Tom's Garage" not in everything(at)


def test_a_crafted_delete_of_another_clients_workspace_deletes_nothing(make_app, accounts_mode, clients, app_store):
    rosa, tom = clients
    at = open_menu(as_user(make_app, ROSA), tom.slug, "delete")
    at.session_state[f"del_name_{tom.slug}"] = tom.name
    at.run()
    assert not at.exception
    assert app_store.find_workspace(tom.slug) is not None
    assert all(b.key != f"del_yes_{tom.slug}" for b in at.button)


def test_a_client_who_creates_a_workspace_keeps_it(make_app, accounts_mode, clients, app_store):
    at = as_user(make_app, ROSA)
    at.text_input(key="new_name").input("Rosa's Second Shop")
    at.button(key="FormSubmitter:create_workspace-" + t("home.create_button", "en")).click().run()
    assert not at.exception
    ws = app_store.workspace("rosa-s-second-shop")
    assert ROSA in app_store.shares(ws.id)
    assert at.session_state[Keys.WORKSPACE] == ws.slug


def test_a_signed_in_account_without_email_sees_nothing(make_app, accounts_mode, clients):
    at = make_app(run=False)
    at.user = {"is_logged_in": True, "name": "No Mail"}
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert at.error[0].value == t("access.accounts.no_email", "en")
    assert "Rosa's Bakery" not in everything(at)


def test_accounts_sign_in_screen_without_a_session(make_app, accounts_mode, clients):
    at = make_app(run=False, lang="es")
    at.user = {"is_logged_in": False}
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert at.title[0].value == t("access.accounts.title", "es")
    assert at.button(key="gate_sign_in").label == t("access.accounts.button", "es")
    assert "Rosa's Bakery" not in everything(at)


def test_sign_out_of_an_account_shows_the_sign_in_screen(make_app, accounts_mode, clients):
    at = as_user(make_app, ROSA)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
    at.sidebar.button(key="sign_out").click().run()  # the browser is sent to the provider's sign-out
    assert not at.exception
    at.run()  # whatever this session runs next is the sign-in screen
    assert at.title[0].value == t("access.accounts.title", "en")
    assert "Rosa's Bakery" not in everything(at)


@pytest.mark.parametrize("address, exposed", [
    ("127.0.0.1", False), ("::1", False), ("localhost", False), ("127.0.0.2", False),
    ("0.0.0.0", True), ("192.168.1.20", True), ("::", True), ("", True), (None, True), ("myhost.lan", True),
])
def test_the_local_banner_knows_when_the_server_is_reachable_from_the_network(address, exposed):
    from views.gate import _exposed
    assert _exposed(address) is exposed


@pytest.mark.parametrize("page", ["backlog", "hourglass"])
def test_a_client_exports_their_own_workspace(make_app, accounts_mode, clients, page):
    """The other side of the refusals above: the downloads are there for one's own."""
    rosa, _ = clients
    at = as_user(make_app, ROSA, page=page, workspace=rosa.slug)
    assert not at.exception
    assert at.session_state[Keys.WORKSPACE] == rosa.slug
    assert at.title[0].value == t(f"nav.{page}", "en") and not at.error
    if page == "hourglass":  # (an empty backlog offers nothing to download yet)
        assert at.get("download_button")


def test_a_client_who_runs_the_quick_scan_keeps_the_workspace(make_app, accounts_mode, clients, app_store):
    at = as_user(make_app, ROSA, page="quick")
    at.text_input(key="quick-name").set_value("Rosa's Quick Scan")
    submit = next(b for b in at.button if b.label == t("quick.start_button", "en"))
    submit.click().run()
    assert not at.exception
    ws = app_store.workspace("rosa-s-quick-scan")
    assert app_store.shares(ws.id) == [ROSA]
    assert at.session_state[Keys.WORKSPACE] == ws.slug


@pytest.mark.parametrize("lang", ["en", "es"])
def test_accounts_mode_without_its_auth_section_says_what_to_fix(make_app, accounts_mode, clients, lang):
    at = make_app(run=False, lang=lang)
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert at.error[0].value == t("access.config.no_auth", lang)
    assert "Rosa's Bakery" not in everything(at)


def test_accounts_mode_without_authlib_says_what_to_fix(make_app, accounts_mode, clients, monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "authlib" else real(name, *a))
    at = make_app(run=False)
    at.user = {"is_logged_in": False}
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert at.error[0].value == t("access.config.no_authlib", "en")
    assert not at.get("button") or all(b.key != "gate_sign_in" for b in at.button)
