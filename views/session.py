"""What every page shares: the store, the language, the open workspace, and
the two ways an edit is saved at once (a text field, a table editor).

Session-state keys are the constants of ``Keys``; nowhere else are they
spelled out. User text reaches the page only through widgets, ``st.text``,
dataframes, or ``md()`` (Markdown-escaped): never as HTML.
"""

from __future__ import annotations

import re
from typing import Callable

import streamlit as st

from audit import checklists, i18n, recent
from audit.checklists import Library
from audit.edits import EditPlan, plan_table_edits
from audit.model import InvalidValue, Workspace
from audit.store import Store, default_path

STEP_PAGES = ("persona", "journey", "touchpoints", "scoring", "checklist", "backlog", "hourglass")
STEP_PHASE = {"persona": "map", "journey": "map", "touchpoints": "audit", "scoring": "audit",
              "checklist": "audit", "backlog": "build", "hourglass": "build"}


#: Language names, each in its own language. Widgets' ``format_func`` must not
#: read session state (AppTest calls it outside the run): pass a dict's ``get``.
LANG_NAMES = {"en": "English", "es": "Español"}


class Keys:
    LANG = "lang"  # the interface language (app state)
    LANG_PICKER = "lang_picker"  # the sidebar's widget
    WORKSPACE = "workspace_slug"  # the open workspace (app state)
    WORKSPACE_PICKER = "workspace_picker"  # the sidebar's widget
    UNKNOWN_SLUG = "unknown_slug"
    STARTED = "session_started"
    TOASTS = "pending_toasts"
    ERRORS = "editor_errors"
    IMPORTED = "imported_hashes"
    CONFIRM_DELETE = "confirm_delete"
    OPENED = "opened_slugs"  # workspaces this browser opened, most recent first
    OPENED_AT_START = "opened_slugs_at_start"  # what the browser's cookie held
    PRESENTATION = "presentation"  # projector mode (app state)
    PRESENTATION_PICKER = "presentation_picker"  # the sidebar's toggle


# -- shared resources (no tenant data in them) ------------------------------
@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


def store() -> Store:
    return _store(str(default_path()))


@st.cache_resource(show_spinner=False)
def _library(dirs: tuple) -> Library:
    return checklists.load_library(dirs)


def library() -> Library:
    return _library(checklists.pack_dirs())


# -- language -----------------------------------------------------------------
def lang() -> str:
    return i18n.normalise_lang(st.session_state.get(Keys.LANG))


def tr(key: str, /, **values) -> str:
    """The catalog text of ``key`` in the session's language."""
    return i18n.t(key, lang(), **values)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text) -> str:
    """User text made inert for Markdown (and so for HTML inside it)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


# -- projector mode -------------------------------------------------------------
def presentation() -> bool:
    return bool(st.session_state.get(Keys.PRESENTATION))


def presentation_toggle() -> None:
    """The sidebar's projector switch (state kept apart from the widget, like the language)."""
    st.session_state[Keys.PRESENTATION_PICKER] = presentation()
    st.toggle(tr("presentation.toggle"), key=Keys.PRESENTATION_PICKER, help=tr("presentation.help"),
              on_change=lambda: st.session_state.update(
                  {Keys.PRESENTATION: st.session_state[Keys.PRESENTATION_PICKER]}))


def chart_options(ws: Workspace) -> dict:
    """Keyword arguments of ``audit.charts``' chart functions for this session."""
    return {"presentation": presentation(), "client": ws.name}


def chart_width(default: str | None = None) -> str | None:
    """Charts fill the width on a projector (and full screen then enlarges them);
    otherwise the page's own choice (``default``; None: Streamlit's)."""
    return "stretch" if presentation() else default


# -- start of every run (called by app.py) --------------------------------------
def start() -> None:
    """Read ``?lang=`` and ``?workspace=`` once per browser session."""
    state = st.session_state
    if state.get(Keys.STARTED):
        return
    state[Keys.STARTED] = True
    try:
        cookie = st.context.cookies.get(recent.COOKIE)
    except Exception:  # no browser behind the session (AppTest)
        cookie = None
    state[Keys.OPENED] = state[Keys.OPENED_AT_START] = recent.parse(cookie)
    params = st.query_params
    wanted = params.get("lang")
    if wanted in i18n.LANGS:
        state[Keys.LANG] = wanted
    else:
        state[Keys.LANG] = i18n.normalise_lang(getattr(st.context, "locale", None))
    slug = params.get("workspace")
    if slug:
        ws = store().find_workspace(slug)
        if ws is None:
            state[Keys.UNKNOWN_SLUG] = slug
        else:
            open_workspace(ws.slug)


def sync_query_params() -> None:
    """Keep the URL shareable: the language and the open workspace."""
    wanted = {"lang": lang()}
    ws = current_workspace()
    if ws:
        wanted["workspace"] = ws.slug
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


# -- the open workspace ---------------------------------------------------------
def current_workspace() -> Workspace | None:
    slug = st.session_state.get(Keys.WORKSPACE)
    return store().find_workspace(slug) if slug else None


def open_workspace(slug: str | None) -> None:
    st.session_state[Keys.WORKSPACE] = slug
    st.session_state.pop(Keys.UNKNOWN_SLUG, None)
    if slug:
        st.session_state[Keys.OPENED] = recent.remember(opened(), slug)


def opened() -> list[str]:
    """Slugs of the workspaces this browser opened, most recent first."""
    return list(st.session_state.get(Keys.OPENED, []))


def remember_in_browser() -> None:
    """Keep ``opened()`` in the browser's cookie for its next session (a
    refresh, tomorrow). Only slugs reach the script (``recent.cookie_script``)."""
    slugs = opened()
    if slugs and slugs != st.session_state.get(Keys.OPENED_AT_START):
        st.html(recent.cookie_script(slugs), unsafe_allow_javascript=True, width="content")


def require_workspace(page: str) -> Workspace:
    """The open workspace, or a friendly way back to Home and stop."""
    ws = current_workspace()
    unknown = st.session_state.get(Keys.UNKNOWN_SLUG)
    if ws is None:
        if unknown:
            st.warning(tr("app.unknown_workspace", slug=md(unknown)), icon="🔎")
        st.info(tr("app.no_workspace"), icon="👈")
        st.page_link("views/home.py", label=tr("app.go_home"), icon="🏠")
        st.stop()
    if ws.last_page != page:
        store().set_last_page(ws.id, page)
    return ws


def page_header(page: str, ws: Workspace) -> None:
    """Step, title, a one-line explanation, and this step's progress."""
    phase = STEP_PHASE[page]
    number = STEP_PAGES.index(page) + 1
    st.caption(tr("app.step_of", phase=tr(f"nav.{phase}"), n=number, total=len(STEP_PAGES),
                  workspace=md(ws.name)))
    st.title(tr(f"{page}.title"))
    st.markdown(tr(f"{page}.intro"))


# -- feedback -------------------------------------------------------------------
def toast_later(message: str, icon: str = "✅") -> None:
    """A toast shown on the next run (callbacks run before the page renders)."""
    st.session_state.setdefault(Keys.TOASTS, []).append((message, icon))


def show_toasts() -> None:
    for message, icon in st.session_state.pop(Keys.TOASTS, []):
        st.toast(message, icon=icon)


def error_text(exc: Exception) -> str:
    if isinstance(exc, InvalidValue):
        return exc.message(lang())
    message = getattr(exc, "message", None)
    if callable(message):
        return message(lang())
    return str(exc)


# -- saving at once -------------------------------------------------------------
def follow_store(key: str, stored) -> None:
    """Show what the store holds when it changed outside this widget (a
    template, another session, a refused change); otherwise the widget keeps
    its own value."""
    shadow = f"{key}__stored"
    if key in st.session_state and st.session_state.get(shadow, stored) != stored:
        st.session_state[key] = stored
    st.session_state[shadow] = stored


def text_input(label: str, *, key: str, value: str, on_save: Callable[[str], None],
               area: bool = True, placeholder: str | None = None, help: str | None = None,
               height: int | None = None) -> None:
    """A text widget whose every change is saved as soon as it is committed."""
    follow_store(key, value or "")
    if key not in st.session_state:
        st.session_state[key] = value or ""

    def save() -> None:
        new = st.session_state[key]
        try:
            on_save(new)
        except InvalidValue as exc:
            st.session_state[Keys.ERRORS] = {**st.session_state.get(Keys.ERRORS, {}), key: error_text(exc)}
            st.session_state[key] = value or ""
        else:
            st.session_state.get(Keys.ERRORS, {}).pop(key, None)
            toast_later(tr("app.saved"))

    widget = st.text_area if area else st.text_input
    kwargs = {"height": height} if area and height else {}
    widget(label, key=key, on_change=save, placeholder=placeholder, help=help, **kwargs)
    problem = st.session_state.get(Keys.ERRORS, {}).get(key)
    if problem:
        st.error(md(problem), icon="⚠️")


def editor_key(base: str) -> str:
    """The current key of a table editor; it changes after every save."""
    return f"{base}__v{st.session_state.get(base + '__version', 0)}"


def table_editor(base: str, frame, *, row_ids: list[int], columns: dict[str, str],
                 apply: Callable[[EditPlan], None], defaults: dict | None = None,
                 **editor_kwargs):
    """``st.data_editor`` whose edits go to the store at once, all or nothing.

    ``columns`` maps editor columns to record fields. Each edit reruns the
    page; before drawing, the editor's pending changes are planned
    (``audit.edits``) and applied in one transaction, and the editor is
    re-keyed so it shows what the store holds (never its own returned frame,
    streamlit#7749). The same path serves the browser and AppTest (which
    does not fire a data editor's ``on_change``). A refused change shows why
    and leaves the store as it was. ``frame`` row i must be record
    ``row_ids[i]``.
    """
    key = editor_key(base)
    pending = st.session_state.get(key)
    # Rows as the user saw them when editing: another session may have added
    # or removed records since, which would shift today's row positions.
    shown_rows = st.session_state.get(key + "__rows", row_ids)
    plan = plan_table_edits(shown_rows, pending, columns=columns, defaults=defaults) if pending else EditPlan()
    if not plan.empty:
        errors = st.session_state.setdefault(Keys.ERRORS, {})
        try:
            apply(plan)
        except InvalidValue as exc:
            errors[base] = error_text(exc)
        else:
            errors.pop(base, None)
            toast_later(tr("app.saved"))
        st.session_state[base + "__version"] = st.session_state.get(base + "__version", 0) + 1
        st.rerun()

    st.session_state[key + "__rows"] = list(row_ids)
    result = st.data_editor(frame, key=key, **editor_kwargs)
    problem = st.session_state.get(Keys.ERRORS, {}).get(base)
    if problem:
        st.error(md(problem), icon="⚠️")
    return result
