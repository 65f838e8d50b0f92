"""Access end to end: the real ``streamlit run`` in headless Chromium.

* accounts: Streamlit's own ``st.login`` against a real OpenID Connect
  provider on 127.0.0.1 (``oidc-provider-mock``, its sign-in form filled in
  as a person would); staff see every workspace, a client only theirs, and a
  link to another client's workspace is refused with a clear message.
* password: the team sign-in form, a wrong then the right password.

Screenshots of both sign-in screens in English and Spanish go to
``test-artifacts/screenshots/access-*.png``.
"""

from __future__ import annotations

import os
import re
import secrets

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from audit import access
from audit.i18n import t

pytestmark = pytest.mark.browser

STAFF, ROSA, TOM = "ana@agency.example", "rosa@bakery.example", "tom@garage.example"
PASSWORD = "correct horse battery"
#: ms for a redirect through the provider on a busy machine (conftest.READY_TIMEOUT)
SLOW = 60_000


@pytest.fixture(scope="module")
def oidc_provider():
    """A real OpenID Connect provider on this machine (any client id/secret)."""
    try:
        import oidc_provider_mock
    except ImportError:  # requirements-dev.txt installs it: missing in CI is a failure
        reason = "oidc-provider-mock is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def accounts_server(tmp_path_factory, oidc_provider, server_factory):
    """The app in accounts mode: ``[access]`` and ``[auth]`` in a secrets file."""
    folder = tmp_path_factory.mktemp("accounts")
    port = server_factory.free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f'''
[access]
mode = "accounts"
staff = ["{STAFF}"]

[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "hourglass-test"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"
''', encoding="utf-8")
    server = server_factory(folder / "hourglass.db", "accounts", port=port,
                          args=("--secrets.files", str(secrets_file)))
    server.url = f"http://localhost:{port}"  # the host of redirect_uri: the sign-in cookie's
    store = server.store()
    rosa = store.create_workspace("Rosa's Bakery")
    store.create_workspace("Tom's Garage")
    store.share_workspace(rosa.id, ROSA)
    store.close()
    return server


@pytest.fixture(scope="module")
def password_server(tmp_path_factory, server_factory):
    folder = tmp_path_factory.mktemp("password")
    server = server_factory(folder / "hourglass.db", "password", env={
        "HOURGLASS_ACCESS": "password", "HOURGLASS_PASSWORD_HASH": access.hash_password(PASSWORD)})
    store = server.store()
    store.create_workspace("Workshop Client")
    store.close()
    return server


def seen(text: str) -> str:
    """What a reader sees: md() keeps e-mails from becoming links with an
    invisible word joiner after "@", which is no character to a reader."""
    return text.replace("\u2060", "")


def sign_in_with_provider(page, ui, server, email: str) -> None:
    """Press Sign in, fill the provider's form as a person does, come back signed in."""
    ui.goto(page, server.page_url())
    page.locator(ui.key("gate_sign_in")).get_by_role("button").click()
    page.wait_for_selector("input[name='sub']")
    page.fill("input[name='sub']", email)
    page.get_by_role("button", name="Authorize").click()
    # back on the app: the address is enough (its "load" event can take long on a
    # busy machine); then wait for the script to finish, as everywhere
    page.wait_for_url(re.compile(re.escape(server.url) + r"/?(\?.*)?$"), wait_until="commit",
                      timeout=SLOW)
    ui.wait_ready(page)


def main_text(page) -> str:
    return seen(page.locator("[data-testid='stMain']").inner_text())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_accounts_sign_in_screen(accounts_server, new_page, ui, lang):
    page = new_page()
    ui.goto(page, accounts_server.page_url(lang=lang))
    text = main_text(page)
    assert t("access.accounts.title", lang) in text
    assert "Rosa's Bakery" not in text and "Tom's Garage" not in text
    ui.assert_no_exception(page)
    ui.shot(page, f"access-accounts-sign-in-{lang}")


def test_staff_see_every_workspace_and_share_one_with_a_client(accounts_server, new_page, ui):
    page = new_page()
    sign_in_with_provider(page, ui, accounts_server, STAFF)
    text = main_text(page)
    assert "Rosa's Bakery" in text and "Tom's Garage" in text
    sidebar = seen(page.locator("[data-testid='stSidebar']").inner_text())
    assert STAFF in sidebar
    ui.assert_no_exception(page)
    # Share Tom's Garage with Tom from its card's menu
    ui.open_workspace_menu(page, "tom-s-garage", t("access.share.button", "en"))
    field = page.locator(ui.key("share_email_tom-s-garage")).locator("input")
    field.fill(TOM)
    page.locator(ui.key("share_add_tom-s-garage")).get_by_role("button").click()
    ui.wait_ready(page)
    ui.shot(page, "access-accounts-staff-home")
    store = accounts_server.store()
    try:
        assert store.shares(store.workspace("tom-s-garage").id) == [TOM]
    finally:
        store.close()
    # Tom, in a browser of his own, now sees his workspace and not Rosa's
    other = new_page()
    sign_in_with_provider(other, ui, accounts_server, TOM)
    text = main_text(other)
    assert "Tom's Garage" in text and "Rosa's Bakery" not in text


def test_a_client_sees_only_theirs_and_a_link_to_another_is_refused(accounts_server, new_page, ui):
    page = new_page()
    sign_in_with_provider(page, ui, accounts_server, ROSA)
    text = main_text(page)
    assert "Rosa's Bakery" in text and "Tom's Garage" not in text
    ui.shot(page, "access-accounts-client-home")
    # A shared link to another client's workspace, typed into the address bar
    ui.goto(page, accounts_server.page_url("persona", workspace="tom-s-garage", lang="en"))
    text = main_text(page)
    assert t("access.refused", "en", slug="tom-s-garage", email=ROSA) in text.replace("\\", "")
    assert "Tom's Garage" not in text
    ui.assert_no_exception(page)
    ui.shot(page, "access-accounts-client-refused")
    # ... and their own opens
    ui.goto(page, accounts_server.page_url("persona", workspace="rosa-s-bakery", lang="en"))
    assert "Rosa's Bakery" in main_text(page)
    # Sign out: back to the sign-in screen, also after a reload
    # Streamlit dropped its cookie, the provider asks. (A click that lands while
    # the page is still running can be swallowed on a busy machine: click again.)
    for attempt in range(3):
        if "/oauth2/end_session" in page.url:
            break
        ui.wait_ready(page)
        page.locator(ui.key("sign_out")).get_by_role("button").click()
        try:
            page.wait_for_url(re.compile(r"/oauth2/end_session"), wait_until="commit", timeout=SLOW // 3)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    page.wait_for_load_state("domcontentloaded")
    ui.shot(page, "access-accounts-signed-out-at-provider")
    ui.goto(page, accounts_server.page_url(lang="en"))
    assert t("access.accounts.title", "en") in main_text(page)
    assert "Rosa's Bakery" not in main_text(page)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_password_sign_in(password_server, new_page, ui, lang):
    page = new_page()
    ui.goto(page, password_server.page_url(lang=lang))
    assert t("access.password.title", lang) in main_text(page)
    assert "Workshop Client" not in main_text(page)
    ui.shot(page, f"access-password-sign-in-{lang}")
    field = page.locator(ui.key("team_password")).locator("input")
    field.fill("not the password")
    field.press("Enter")
    ui.wait_ready(page)
    assert t("access.password.wrong", lang) in main_text(page)
    assert "Workshop Client" not in main_text(page)
    ui.shot(page, f"access-password-wrong-{lang}")
    field = page.locator(ui.key("team_password")).locator("input")
    field.fill(PASSWORD)
    field.press("Enter")
    ui.wait_ready(page)
    assert "Workshop Client" in main_text(page)
    ui.assert_no_exception(page)
    # A refresh is a new session: this browser stays signed in for the day
    ui.goto(page, password_server.page_url(lang=lang))
    assert "Workshop Client" in main_text(page)
    # ... until it signs out
    page.locator(ui.key("sign_out")).get_by_role("button").click()
    ui.wait_ready(page)
    assert t("access.password.title", lang) in main_text(page)
    ui.goto(page, password_server.page_url(lang=lang))
    assert t("access.password.title", lang) in main_text(page)
    assert "Workshop Client" not in main_text(page)
