"""The door: the sign-in screen of the *password* and *accounts* modes, the
sidebar's "who is here" (with the local mode's banner), and staff's share
panel. What a viewer may do is decided in ``audit.access``; this module only
shows it."""

from __future__ import annotations

import importlib.util
import ipaddress

import streamlit as st

from audit import access as rules
from audit.model import LANGS
from views import session
from views.session import Keys, md, tr

PASSWORD = "team_password"
SIGN_IN_PROBLEM = "sign_in_problem"
GATE_LANG = "gate_lang_picker"
TEAM_COOKIE_WRITE = "team_cookie_write"  # the token to store in the browser (None: forget it)


def _team_cookie() -> None:
    """Store or forget the browser's remembered team sign-in (audit.access)."""
    if TEAM_COOKIE_WRITE in st.session_state:
        token = st.session_state.pop(TEAM_COOKIE_WRITE)
        st.html(rules.team_cookie_script(token), unsafe_allow_javascript=True, width="content")


def _language_choice() -> None:
    st.session_state[GATE_LANG] = session.lang()
    st.segmented_control(
        tr("app.language"), options=list(LANGS), key=GATE_LANG, required=True,
        format_func=lambda lang: session.option_label(session.LANG_NAMES[lang]),
        on_change=lambda: st.session_state.update({Keys.LANG: st.session_state.get(GATE_LANG) or session.lang()}),
    )


def _config_problem(exc: rules.AccessConfigError) -> None:
    st.title(tr("access.config.title"))
    st.error(tr(f"access.config.{exc.problem}", **{k: md(v) for k, v in exc.values.items()}),
             icon=":material/settings_alert:")
    st.stop()


def sign_in_screen() -> None:
    """Shown instead of every page while nobody has signed in; stops the run."""
    try:
        config = session.access_config()
    except rules.AccessConfigError as exc:
        _config_problem(exc)
        return
    _team_cookie()  # forgets it after a sign-out
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        _language_choice()
        if config.mode == "password":
            _password_form(config)
        else:
            _accounts_sign_in(config)
    st.stop()


def _password_form(config: rules.AccessConfig) -> None:
    st.title(tr("access.password.title"))
    st.markdown(tr("access.password.intro"))
    with st.form("sign_in", border=True, enter_to_submit=True, clear_on_submit=True):
        st.text_input(tr("access.password.label"), type="password", key=PASSWORD)
        submitted = st.form_submit_button(tr("access.password.button"), type="primary",
                                          icon=":material/login:")
    if submitted:
        given = st.session_state.get(PASSWORD) or ""
        result = rules.check_password(given, config, session.session_tag())
        if result.ok:
            st.session_state.pop(SIGN_IN_PROBLEM, None)
            st.session_state[Keys.SIGNED_IN] = True
            st.session_state[Keys.SIGNED_OUT] = False
            st.session_state[TEAM_COOKIE_WRITE] = rules.team_token(config)
            st.rerun()
        st.session_state[SIGN_IN_PROBLEM] = (
            tr("access.password.wait", seconds=result.wait) if result.wait else tr("access.password.wrong"))
    problem = st.session_state.get(SIGN_IN_PROBLEM)
    if problem:
        st.error(problem, icon=":material/lock:")


def _accounts_sign_in(config: rules.AccessConfig) -> None:
    st.title(tr("access.accounts.title"))
    if not session.secrets_section("auth"):  # st.login's settings
        st.error(tr("access.config.no_auth"), icon=":material/settings_alert:")
        return
    if importlib.util.find_spec("authlib") is None:  # st.login needs it
        st.error(tr("access.config.no_authlib"), icon=":material/settings_alert:")
        return
    user = st.user.to_dict()
    if user.get("is_logged_in"):  # signed in, but without a (verified) e-mail
        st.error(tr("access.accounts.no_email"), icon=":material/mail_lock:")
        if st.button(tr("access.sign_out"), key="gate_sign_out", icon=":material/logout:"):
            st.logout()
        return
    st.markdown(tr("access.accounts.intro"))
    if st.button(tr("access.accounts.button"), key="gate_sign_in", type="primary", icon=":material/login:"):
        st.login()


def _exposed(address: str | None) -> bool:
    """The server listens beyond this computer (not 127.0.0.1 / ::1 / localhost)."""
    if not address or address == "localhost":
        return not address  # Streamlit's default (no address) listens everywhere
    try:
        return not ipaddress.ip_address(address).is_loopback
    except ValueError:
        return True


def sidebar() -> None:
    """Who is here, how to leave, and (local mode) how to share safely."""
    who = session.viewer()
    if who is None:
        return
    st.divider()
    if who.mode == "local":
        if _exposed(st.get_option("server.address")):
            st.warning(tr("access.local.exposed"), icon=":material/warning:")
        st.caption(tr("access.local.banner"))
        return
    if who.mode == "password":
        _team_cookie()  # remembers this browser's sign-in for the day
        st.caption(tr("access.password.signed_in"))
        if st.button(tr("access.sign_out"), key="sign_out", icon=":material/logout:"):
            st.session_state[Keys.SIGNED_IN] = False
            st.session_state[Keys.SIGNED_OUT] = True
            st.session_state[TEAM_COOKIE_WRITE] = None
            session.open_workspace(None)
            st.rerun()
        return
    role = tr("access.accounts.staff") if who.staff else tr("access.accounts.client")
    st.caption(tr("access.accounts.signed_in", email=md(who.email), role=role))
    if st.button(tr("access.sign_out"), key="sign_out", icon=":material/logout:"):
        st.logout()  # the browser leaves through the provider's sign-out
        session.open_workspace(None)
        # Not st.rerun(): a new run may clear the queue before the redirect
        # reaches the browser, and the browser would stay signed in.
        st.stop()
