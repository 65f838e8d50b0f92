"""What every page shares: the store, the language, the open workspace, the
per-run reads and chart specs. Saving an edit is ``views.editing``; telling
the user something is ``views.messages``.

Session-state keys are the constants of ``Keys``; nowhere else are they
spelled out. User text reaches the page only through widgets, ``st.text``,
dataframes, or ``md()`` (Markdown-escaped): never as HTML.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import hashlib
import os
import pickle
import re
import secrets
import threading
from collections import OrderedDict
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from audit import access as rules
from audit import backlog, checklists, i18n, recent
from audit.checklists import Library
from audit.faults import StoreFault
from audit.model import BacklogItem, InvalidValue, Workspace, WorkspaceData
from audit.progress import PHASES, STEPS, Progress, progress, step_after
from audit.store import AmbiguousWorkspace, Store, default_path
from audit.store_errors import StoreError
from views import keys, shared

LOG = logging.getLogger("hourglass")
#: A page's write waits at most this long for another process's write (a
#: command-line import) before saying so: a page never freezes for long.
WRITE_WAIT_S = 5

#: The steps of the guided flow: ``audit.progress`` owns the list.
STEP_PAGES = STEPS
STEP_PHASE = {step: phase for phase, steps in PHASES.items() for step in steps}
#: One Material icon per page: the sidebar, the "Next" links and page links agree.
PAGE_ICONS = {"home": ":material/home:", "persona": ":material/person:", "journey": ":material/route:",
              "touchpoints": ":material/location_on:", "scoring": ":material/tune:",
              "checklist": ":material/checklist:", "backlog": ":material/format_list_numbered:",
              "hourglass": ":material/hourglass_empty:", "quick": ":material/bolt:",
              "compare": ":material/compare_arrows:"}
ICON_SAVED = ":material/check_circle:"
ICON_WARNING = ":material/warning:"
ICON_INFO = ":material/info:"


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
    ERRORS = "editor_errors"  # problems reported next to a part of the page (views.messages), in memo
    IMPORTED = "imported_hashes"
    CONFIRM_DELETE = "confirm_delete"
    CONFLICTS = "edit_conflicts"  # refused edits on a stale view, by widget (views.conflicts)
    FAULT = "pending_fault"  # a callback's database fault, shown on the page
    OPENED = "opened_slugs"  # workspaces this browser opened, most recent first
    OPENED_AT_START = "opened_slugs_at_start"  # what the browser's cookie held
    PRESENTATION = "presentation"  # projector mode (app state)
    PRESENTATION_PICKER = "presentation_picker"  # the sidebar's toggle
    PROGRESS = "workspace_progress"  # this run's Progress of the open workspace (set by app.py)
    WANTED_SLUG = "wanted_slug"  # ?workspace= of the first run, opened once signed in
    REFUSED_SLUG = "refused_slug"  # a workspace this viewer may not open
    SIGNED_IN = "team_signed_in"  # the team password was given (mode *password*)
    SIGNED_OUT = "team_signed_out"  # signed out here: the browser's remembered sign-in no longer counts
    SESSION_TAG = "session_tag"  # this session's name for the sign-in rate limit
    PAGES = "nav_pages"  # app.py's st.Page objects, with the language they are named in
    TAKEN = "touchpoints_taken"  # /touchpoints: the workspace read, and what its touchpoints hold
    SYNCED = "backlog_synced"  # /backlog: the last sync, with the reads it was made from
    MAP_ANSWERS = "map_answers"  # /hourglass: the map's answers, with the read and language they are of
    SUMMARIES = "stage_summaries"  # /hourglass: each stage's scores, with the read they are of
    BACKLOG_FRAME = "backlog_frame"  # /backlog: the table's frame, with what it shows
    MOMENTS_FRAME = "moments_frame"  # /scoring: the moments of truth's frame, likewise
    RUN = "run_number"  # counts this session's script runs (app.py): the per-run caches' key
    DATA = "run_workspace_data"  # (key, WorkspaceData) of the open workspace, read once per run
    ITEMS = "run_backlog_items"  # (key, [BacklogItem]) likewise
    LIVE_SEEN = "live_seen_counter"  # (workspace id, change counter) this session last showed (views/live.py)
    LIVE_INLINE = "live_inline"  # the live fragment runs inside a full run (views/live.py)
    #: Hourglass's own bookkeeping, in one session-state entry (``memo``)
    MEMO = "hourglass_memo"


# -- shared resources (no tenant data in them) ------------------------------
_SERVED: dict[tuple, object] = {}
_SERVED_LOCK = threading.Lock()


def one_per_server(kind: str, key: str, make: Callable):
    """The server's one ``kind`` for ``key`` (the store of a database file),
    made on first use. A dict rather than ``st.cache_resource``, which hashes
    its arguments on every call: three calls a run (issue 11)."""
    try:
        return _SERVED[kind, key]
    except KeyError:
        with _SERVED_LOCK:  # two sessions starting at once still share one
            if (kind, key) not in _SERVED:
                _SERVED[kind, key] = make()
            return _SERVED[kind, key]


def _store(path: str) -> Store:
    return one_per_server("store", path, lambda: Store(path, busy_timeout=WRITE_WAIT_S))


#: What this script thread has looked up for the run it is doing: the store,
#: the library, the language. ``st.cache_resource`` hashes its arguments on
#: every call and ``st.session_state`` is a chain of lookups, and a page asks
#: hundreds of times a run (``tr`` for every label): about a quarter of a
#: scoring click's server time (issue 11). Cleared by ``database_ready`` at
#: the top of every full run (after the callbacks, which may change the
#: language) and wherever the language is set; a thread serves one session.
_RUN = threading.local()


def this_run(name: str, look_up: Callable):
    try:
        return _RUN.__dict__[name]
    except KeyError:
        value = look_up()
        if get_script_run_ctx(suppress_warning=True) is not None:  # a script run's thread, not a test's
            _RUN.__dict__[name] = value
        return value


def forget_run_lookups() -> None:
    _RUN.__dict__.clear()


def memo() -> dict:
    """This session's bookkeeping that no widget shows (the run caches, the
    editing memory, the workspaces this browser opened…): one entry of
    ``st.session_state``, not one each. Streamlit 1.67 rebuilds the whole
    session state for every text, radio, select, number or date widget it
    draws (``SessionState.filtered_state``): each entry costs every such
    widget a lookup, a third of a /journey run (issue 11). The keys are
    ``Keys``' constants."""
    return this_run("memo", lambda: st.session_state.setdefault(Keys.MEMO, {}))


def memory(name: str) -> dict:
    """One named part of ``memo`` (the editing memory, the pending conflicts,
    the tables' memory), made on first use."""
    return memo().setdefault(name, {})


def _run_reads() -> dict | None:
    """This run's small reads of the workspaces table (a workspace by slug,
    a change counter by id), valid while this process's store has written
    nothing since they were read (``Store.writes``): a /scoring run asked
    for the counter 19 times (issue 11). None outside a script run."""
    writes = getattr(store(), "writes", None)
    if writes is None or get_script_run_ctx(suppress_warning=True) is None:
        return None
    reads = _RUN.__dict__.get("reads")
    if reads is None or reads["writes"] != writes:
        reads = _RUN.__dict__["reads"] = {"writes": writes}
    return reads


def _run_read(key: tuple, read: Callable):
    reads = _run_reads()  # the count of writes is taken before the read
    if reads is None:
        return read()
    if key not in reads:
        reads[key] = read()
    return reads[key]


def store() -> Store:
    return this_run("store", lambda: _store(str(default_path())))


def library() -> Library:
    return this_run("library", lambda: checklists.load_library(checklists.pack_dirs()))  # loaded once per folders


# -- language -----------------------------------------------------------------
def lang() -> str:
    return this_run("lang", lambda: i18n.normalise_lang(st.session_state.get(Keys.LANG)))


def tr(key: str, /, **values) -> str:
    """The catalog text of ``key`` in the session's language."""
    return i18n.t(key, lang(), **values)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@&])")
#: U+2060 WORD JOINER: invisible, but it splits what Streamlit's Markdown
#: would still turn into something after the escapes are read: an icon or
#: an emoji (``:material/home:``, ``:smile:``), a coloured span (``:red[…]``)
#: or a link (``https://…``, ``www.…``, ``name@host``).
_JOINER = "\u2060"
_LINKISH = re.compile(r"(?<=[:@])|(?<=www)(?=\\\.)", re.IGNORECASE)


def md(text) -> str:
    """User text made inert for Markdown (and so for HTML inside it): never
    a link, an icon, an emoji shortcode, a directive or markup."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
    return _LINKISH.sub(_JOINER, escaped)


def option_label(text: str) -> str:
    """An option of a one-click row (``st.segmented_control``, ``st.pills``)
    as Streamlit reads it cheaply. Streamlit looks for a leading emoji, with a
    regular expression of every emoji (about 50 µs), in each option whose
    first word is not ASCII, on every run: "−2 upset", "1–15 of 400", "Sí",
    sixty times a /scoring run (issue 11). That word's other characters are
    written as numeric character references, which the option's Markdown
    shows as the same characters."""
    first, space, rest = text.partition(" ")
    if first.isascii():
        return text
    return first.encode("ascii", "xmlcharrefreplace").decode("ascii") + space + rest


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
    state, mine = st.session_state, memo()
    if mine.get(Keys.STARTED):
        return
    mine[Keys.STARTED] = True
    try:
        cookie = st.context.cookies.get(recent.COOKIE)
    except Exception:  # no browser behind the session (AppTest)
        cookie = None
    mine[Keys.OPENED] = mine[Keys.OPENED_AT_START] = recent.parse(cookie)
    params = st.query_params
    wanted = params.get("lang")
    if wanted in i18n.LANGS:
        state[Keys.LANG] = wanted
    else:
        state[Keys.LANG] = i18n.normalise_lang(getattr(st.context, "locale", None))
    forget_run_lookups()
    # Opened by ``open_wanted()`` once the viewer is known (after a sign-in).
    state[Keys.WANTED_SLUG] = params.get("workspace") or None


# -- access: who is here, what they may open (``audit.access``) --------------------
def access_config() -> rules.AccessConfig:
    """``[access]`` in secrets.toml, overridden by the environment (raises
    ``AccessConfigError`` for a config that cannot work). Read once a run."""
    return this_run("access_config", _read_access_config)


def _read_access_config() -> rules.AccessConfig:
    return rules.load_config(secrets_section(rules.SECRETS_SECTION), os.environ)


@functools.cache
def _secrets_files() -> tuple[str, ...]:
    """Where Streamlit looks for secrets.toml (fixed for the server's life)."""
    return tuple(st.get_option("secrets.files"))


def secrets_section(name: str) -> dict:
    """``[name]`` of the secrets ({} without one).

    Without a secrets file, every ``st.secrets`` access looks for one again on
    disk while holding Streamlit's global config lock, which every message of
    every session takes too: with 20 sessions at once, their runs queued
    behind it, and the server spent 1.25 times the CPU (issue 11). So the
    files are looked for here, outside that lock; secrets already loaded
    (a file read earlier, or ``AppTest.secrets``) are used as they are."""
    secrets = st.secrets
    if getattr(secrets, "_secrets", None) is None and not any(map(os.path.exists, _secrets_files())):
        return {}
    try:
        return dict(secrets.get(name) or {})
    except Exception:  # no secrets file after all, or one that does not parse
        return {}


def viewer() -> rules.Viewer | None:
    """The person behind this session; None while nobody has signed in."""
    try:
        config = access_config()
    except rules.AccessConfigError:
        return None  # fail closed: the gate says what is wrong
    if config.mode == "local":
        return rules.Viewer.local()
    if config.mode == "password":
        state = st.session_state
        if not state.get(Keys.SIGNED_IN) and not state.get(Keys.SIGNED_OUT):
            # This browser gave the password earlier today (a refresh, a new tab)
            state[Keys.SIGNED_IN] = rules.team_token_valid(_cookie(rules.TEAM_COOKIE), config)
        return rules.Viewer.team() if state.get(Keys.SIGNED_IN) else None
    user = st.user.to_dict()
    email = user.get("email") if user.get("is_logged_in") else None
    if not email or user.get("email_verified") is False:
        return None
    return rules.Viewer.account(email, config)


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser behind the session
        return None
    return value if isinstance(value, str) else None


def access() -> rules.Access:
    """The one object every page asks what this viewer may open or change."""
    return rules.Access(viewer(), store())


def author() -> str:
    """The name an edit is made under: the viewer's e-mail in accounts mode,
    else "" (the local and team-password modes know no person)."""
    who = viewer()
    return who.email if who is not None and who.mode == "accounts" else ""


def session_tag() -> str:
    return memo().setdefault(Keys.SESSION_TAG, secrets.token_hex(8))


def workspaces() -> list[Workspace]:
    """The workspaces this viewer may see (Home's list, the sidebar picker).
    The rows ``database_ready`` has just read, unless this process wrote since."""
    return access().visible(_run_read(("workspaces",), lambda: store().workspaces()))


def open_wanted() -> None:
    """Open the ``?workspace=`` of the first run, once the viewer is known."""
    slug = st.session_state.pop(Keys.WANTED_SLUG, None)
    if slug:
        open_workspace(slug)


def refuse(slug: str) -> None:
    st.session_state[Keys.WORKSPACE] = None
    st.session_state[Keys.REFUSED_SLUG] = slug


def workspace_notice() -> None:
    """Why a linked workspace did not open: unknown here, or not this viewer's."""
    refused = st.session_state.get(Keys.REFUSED_SLUG)
    unknown = st.session_state.get(Keys.UNKNOWN_SLUG)
    if refused:
        who = viewer()
        st.error(tr("access.refused", slug=md(refused), email=md(who.email if who else "")),
                 icon=":material/lock:")
    elif unknown:
        st.warning(tr("app.unknown_workspace", slug=md(unknown)), icon=":material/search:")


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
    """The open workspace, if this viewer may open it (checked on every call)."""
    slug = st.session_state.get(Keys.WORKSPACE)
    if not slug:
        return None
    ws = _run_read(("slug", slug), lambda: store().find_workspace(slug))
    if ws is not None and not access().can_open(ws):
        refuse(slug)
        return None
    return ws


def open_workspace(slug: str | None) -> bool:
    """Open ``slug`` (None: close); False, and nothing opened, when this viewer
    may not (one message for "unknown" and "not yours" to a client user)."""
    if slug:
        try:
            ws = store().find_workspace(slug)
        except AmbiguousWorkspace:  # a name two workspaces share (an older database)
            ws = None
        rights = access()
        if ws is None and rights.sees_everything:
            st.session_state[Keys.WORKSPACE] = None
            st.session_state.pop(Keys.REFUSED_SLUG, None)
            st.session_state[Keys.UNKNOWN_SLUG] = slug
            return False
        if not rights.can_open(ws):
            refuse(slug)
            return False
        slug = ws.slug
    st.session_state[Keys.WORKSPACE] = slug
    st.session_state.pop(Keys.UNKNOWN_SLUG, None)
    st.session_state.pop(Keys.REFUSED_SLUG, None)
    if slug:
        memo()[Keys.OPENED] = recent.remember(opened(), slug)
    return True


def claim(ws: Workspace) -> None:
    """A workspace this viewer just created stays theirs: shared with a client
    user's e-mail (staff and the other modes see everything anyway)."""
    who = access()
    if who.claims_new_workspaces():
        store().share_workspace(ws.id, who.viewer.email)


def opened() -> list[str]:
    """Slugs of the workspaces this browser opened, most recent first."""
    return list(memo().get(Keys.OPENED, []))


#: The slugs this session last wrote to the browser's cookie.
OPENED_WRITTEN = "opened_slugs_written"


def remember_in_browser() -> None:
    """Keep ``opened()`` in the browser's cookie for its next session (a
    refresh, tomorrow). Only slugs reach the script (``recent.cookie_script``).

    Written in the run where the list changed, not on every run after it
    (issue 11: no script element for the browser to redraw on each click)."""
    slugs = opened()
    written = memo().get(OPENED_WRITTEN, memo().get(Keys.OPENED_AT_START))
    if slugs and slugs != written:
        st.html(recent.cookie_script(slugs), unsafe_allow_javascript=True, width="content")
        memo()[OPENED_WRITTEN] = slugs


def require_workspace(page: str) -> Workspace:
    """The open workspace, or a friendly way back to Home and stop."""
    ws = current_workspace()  # checks this viewer may open it
    if ws is None:
        workspace_notice()
        st.info(tr("app.no_workspace"), icon=":material/arrow_back:")
        st.page_link("views/home.py", label=tr("app.go_home"), icon=PAGE_ICONS["home"])
        st.stop()
    if ws.last_page != page:
        store().set_last_page(ws.id, page)
    return ws


def small_print(text: str) -> str:
    """Markdown for a caption inside another markdown element (one element
    where there were two: issue 11). ``text`` is catalog text or already ``md``."""
    return f":gray[:small[{text}]]"


def page_header(page: str, ws: Workspace) -> None:
    """The title, under it the phase, step and workspace in small print, the
    page's question and a one-line explanation.

    The title is the step's name, the sidebar's entry (``nav.<page>``): one
    name per step. The page's question (``<page>.title``) leads the intro."""
    phase = STEP_PHASE[page]
    number = STEP_PAGES.index(page) + 1
    step = tr("app.step_of", phase=tr(f"nav.{phase}"), n=number, total=len(STEP_PAGES), workspace=md(ws.name))
    # Two elements, not four (a caption, a title, two markdowns): each is a
    # message per run and a redraw in the browser (issue 11).
    st.title(tr(f"nav.{page}"))
    st.markdown(f"{small_print(step)}\n\n#### {tr(f'{page}.title')}\n\n{tr(f'{page}.intro')}")


# -- read once per run (issue 11) --------------------------------------------------
# The sidebar and the page both need the open workspace's rows: they are read
# once per run and kept in this session's state under a key naming the
# workspace, so no other session and no other workspace ever sees them. The
# key is the store's change counter when it has one (reused across runs until
# the workspace changes), else this run's number (``run_started``).
def run_started() -> None:
    """Called by app.py at the top of every run (after the widgets' callbacks,
    which may have saved something): a new run reads afresh."""
    memo()[Keys.RUN] = memo().get(Keys.RUN, 0) + 1


def read_again() -> None:
    """A widget's callback saved something: what this session read before is
    stale, even for a fragment's rerun (which does not pass through app.py)."""
    memo()[Keys.RUN] = memo().get(Keys.RUN, 0) + 1


def data_key(workspace_id: int) -> tuple:
    """What a cached read of the workspace is valid for. A full run also
    notes the counter as seen (``views/live.py``): the whole page shows it."""
    counter = getattr(store(), "change_counter", None)
    if callable(counter):
        version = _run_read(("version", workspace_id), lambda: counter(workspace_id))
        if not _fragment_run():
            memo()[Keys.LIVE_SEEN] = (workspace_id, version)
        return (workspace_id, "version", version)
    return (workspace_id, "run", memo().get(Keys.RUN, 0))


def _fragment_run() -> bool:
    """Does only a fragment of the page run (the rest keeps what it showed)?"""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def seen_counter(workspace_id: int) -> int | None:
    """The change counter the page last showed ``workspace_id`` at (None: not shown)."""
    seen = memo().get(Keys.LIVE_SEEN)
    return seen[1] if isinstance(seen, tuple) and seen[0] == workspace_id else None


def mark_seen(workspace_id: int, counter: int) -> None:
    memo()[Keys.LIVE_SEEN] = (workspace_id, counter)


def _counter_now(workspace_id: int) -> int | None:
    counter = getattr(store(), "change_counter", None)
    try:
        return counter(workspace_id) if callable(counter) else None
    except StoreError:
        return None


@contextlib.contextmanager
def own_edit():
    """Around a save of this session: if the page was up to date before it,
    it still is after it (what changed is this session's own edit, which
    the widget already shows), so ``views/live.py`` does not reload the
    page for it. Someone else's change since the page was drawn still does."""
    seen = memo().get(Keys.LIVE_SEEN)
    before = _counter_now(seen[0]) if isinstance(seen, tuple) else None
    try:
        yield
    finally:
        if before is not None and before == seen[1]:
            after = _counter_now(seen[0])
            if after is not None:
                mark_seen(seen[0], after)


def kept_under(slot: str, key: tuple, compute: Callable, *, share: int | None = None):
    """``compute()``, kept in ``slot`` while ``key`` stays equal (``==``): for
    what is a pure function of the values in ``key``. ``share``: the workspace
    whose data it is; the other sessions of this server with an equal ``key``
    (its change counter, or the very values shown) use it too (``views/shared.py``)."""
    kept = memo().get(slot)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key:
        return kept[1]
    value = compute() if share is None else shared.value(shared_name(slot, share), compute, key=key)
    memo()[slot] = (key, value)
    return value


def shared_name(slot: str, workspace_id: int) -> tuple:
    """The name of ``slot``'s value for ``workspace_id`` among what sessions share:
    the database file and the workspace are in it."""
    return (str(store().path), slot, workspace_id)


def _once(slot: str, workspace_id: int, read: Callable):
    key = data_key(workspace_id)
    # One read of a version of the workspace for every session (a workshop room opens it 20 times)
    return kept_under(slot, key, read, share=workspace_id if key[1] == "version" else None)


def workspace_data(workspace_id: int) -> WorkspaceData:
    """The workspace's rows (``Store.workspace_data``), read once per run."""
    return _once(Keys.DATA, workspace_id, lambda: store().workspace_data(workspace_id))


def backlog_items(workspace_id: int) -> list[BacklogItem]:
    """The workspace's backlog (``Store.backlog_items``), read once per run."""
    return _once(Keys.ITEMS, workspace_id, lambda: store().backlog_items(workspace_id))


def kept_while(slot: str, reads: tuple, compute: Callable, *, key=None, share: int | None = None):
    """``compute()``, kept in the session while ``reads`` are the very objects it
    was worked out from (``workspace_data``, ``backlog_items``, ``library``: each
    read again only when the workspace changed) and ``key`` stays equal (the
    language, say). For what is a pure function of them and too costly for
    every run (issue 11). ``share``: the workspace the reads are of; the other
    sessions of this server, which read the same objects (``workspace_data``),
    use the value too."""
    kept = memo().get(slot)
    if (isinstance(kept, tuple) and len(kept) == 3 and kept[0] == key and len(kept[1]) == len(reads)
            and all(a is b for a, b in zip(kept[1], reads))):
        return kept[2]
    value = compute() if share is None else shared.value(shared_name(slot, share), compute, key=key, reads=reads)
    memo()[slot] = (key, reads, value)
    return value


def synced_backlog(workspace_id: int) -> backlog.Synced:
    """``backlog.sync`` of this run's reads, for the backlog page; planned again
    only when they change (a plan per run was about a twentieth of the page's
    time). A sync that wrote changed the workspace: the next run reads again."""
    data, items, lib = workspace_data(workspace_id), backlog_items(workspace_id), library()
    return kept_while(Keys.SYNCED, (data, items, lib),
                      lambda: backlog.sync(store(), workspace_id, lib, data=data, items=items), share=workspace_id)


def workspace_progress(ws: Workspace) -> Progress:
    """The open workspace's progress, computed once per run (the sidebar's and
    the page's "Next" line share it)."""
    data, items, lib = workspace_data(ws.id), backlog_items(ws.id), library()
    return kept_while(Keys.PROGRESS, (data, lib, items), lambda: progress(data, lib, items), share=ws.id)


#: The sidebar's mark of a step part-done, by the nearest tenth: Material
#: Symbols' partly filled clock (there is no 30, 50 or 70).
PART_DONE = (10, 20, 40, 60, 80, 90)


def progress_lines(done: Progress) -> str:
    """The sidebar's progress as one markdown element (a line per step: its
    mark, name and percentage) instead of a caption and seven bars: every
    element is a message per run and a redraw in the browser (issue 11)."""
    lines = [f"**{tr('app.progress')}**"]
    lines += [progress_mark(done.steps[step], f"{tr('nav.' + step)} · {{share}}") for step in STEP_PAGES]
    return "  \n".join(lines)


def progress_mark(value: float, text: str) -> str:
    """``text`` (with ``{share}``: ✓ or the percentage) after a mark of how
    far it is: done, part-done (a clock filled to the nearest tenth), not begun."""
    if value >= 1:
        return f":green[:material/check_circle:] {text.format(share='✓')}"
    if value <= 0:
        return f":gray[:material/radio_button_unchecked:] {text.format(share='0%')}"
    tenth = min(PART_DONE, key=lambda p: abs(p - value * 100))
    return f":orange[:material/clock_loader_{tenth}:] {text.format(share=f'{round(value * 100)}%')}"


# -- Home's cards: each workspace's summary, read once per change of it ---------------
#: ``Store.workspace_summaries`` by (workspace id, change counter): a summary
#: is reused until its workspace changes (the counter moves with every write
#: to it), for whichever viewer may open that workspace (Home lists only
#: those). Process-wide, bounded.
_SUMMARIES: OrderedDict = OrderedDict()
_SUMMARIES_LOCK = threading.Lock()
SUMMARY_ENTRIES = 256


def workspace_summaries(workspaces: list[Workspace]) -> dict:
    """``{slug: WorkspaceSummary}`` of ``workspaces`` (each read only when it changed)."""
    wanted = {(ws.id, ws.version): ws.slug for ws in workspaces}
    with _SUMMARIES_LOCK:
        missing = [ws_id for ws_id, version in wanted if (ws_id, version) not in _SUMMARIES]
    if missing:
        for summary in store().workspace_summaries(missing):
            with _SUMMARIES_LOCK:
                _SUMMARIES[(summary.workspace.id, summary.workspace.version)] = summary
                while len(_SUMMARIES) > SUMMARY_ENTRIES:
                    _SUMMARIES.popitem(last=False)
    found = {}
    with _SUMMARIES_LOCK:
        for key, slug in wanted.items():
            summary = _SUMMARIES.get(key)
            if summary is not None:
                _SUMMARIES.move_to_end(key)
                found[slug] = summary
    if len(found) < len(wanted):  # changed again meanwhile: read what is there now
        found.update({s.workspace.slug: s for s in store().workspace_summaries(
            [ws_id for (ws_id, _), slug in wanted.items() if slug not in found])})
    return found


# -- charts: the Vega-Lite spec built once per change of its data ----------------------
def fingerprint(*inputs) -> str:
    return hashlib.blake2b(pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()


def chart_spec(workspace_id: int, name: str, build: Callable, *inputs) -> dict:
    """``build(*inputs)`` (an Altair chart) as the Vega-Lite spec Streamlit
    sends (its data as Arrow), built and validated only when the inputs changed.

    Shared by the server's sessions (``views/shared.py``) under the workspace,
    the chart and a fingerprint of its inputs: the inputs are the data itself
    (pickled and hashed), so a spec is never shown for other data, and the
    workspace id keeps workspaces apart even if two hold the same rows. One
    build per spec: sessions asking for it at once wait for the first."""
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    return shared.value(("chart", workspace_id, name, fingerprint(*inputs)),
                        lambda: _convert_altair_to_vega_lite_spec(build(*inputs)))


def vega_chart(spec: dict, **kwargs) -> None:
    """Draw a spec of ``chart_spec`` (Streamlit takes the datasets out of the
    dict it is given: it gets a copy)."""
    copy = dict(spec)
    if isinstance(spec.get("datasets"), dict):
        copy["datasets"] = dict(spec["datasets"])
    st.vega_lite_chart(spec=copy, **kwargs)


def next_step(page: str, ws: Workspace) -> None:
    """The line that ends every step page: what is left here, and "Next: <step>".

    The steps and their order come from ``audit.progress``; what is left is
    counted there too (``Progress.left``)."""
    done = workspace_progress(ws)
    left = done.left.get(page, 0)
    after = step_after(page)
    st.divider()
    with st.container(horizontal=True, vertical_alignment="center", key=keys.next_step(page)):
        if left:
            st.caption(tr(f"flow.left.{page}_one" if left == 1 else f"flow.left.{page}_other", n=left))
        else:
            st.caption(tr("flow.left.done"))
        target = after or "home"
        st.page_link(f"views/{target}.py", label=tr("flow.next", step=tr(f"nav.{target}")),
                     icon=PAGE_ICONS[target])


# -- feedback -------------------------------------------------------------------
def error_text(exc: Exception) -> str:
    if isinstance(exc, StoreFault):
        log_fault(exc)
    if isinstance(exc, InvalidValue):
        if exc.rule == "name_taken" and not access().can_open(store().find_workspace(exc.params.get("slug", ""))):
            # another client's workspace: refused without naming it (clients are kept apart)
            exc = InvalidValue(column=exc.column, value=exc.value, rule="name_taken_elsewhere")
        return exc.message(lang())
    message = getattr(exc, "message", None)
    if callable(message):
        return message(lang())
    return str(exc)


def log_fault(exc: StoreFault) -> None:
    """The details a visitor is not shown: to the server log."""
    LOG.log(logging.WARNING, "database fault: %s: %s (%s)", type(exc).__name__, exc.path, exc.detail or "no detail")


def show_fault(exc: StoreFault) -> None:
    """A database fault as a page shows it: what happened, in the user's
    language, and a way to try again; never a traceback."""
    log_fault(exc)
    st.error(f"**{tr('fault.title')}**  \n{md(exc.message(lang()))}", icon=":material/database:")
    st.button(tr("fault.retry"), key="fault-retry", icon=":material/refresh:")


def database_ready() -> bool:
    """Open the database (once per server) and read its workspaces; on a fault,
    say so and return False. Called at the top of every full run (after the
    callbacks): what the last run looked up is forgotten first."""
    forget_run_lookups()
    try:
        reads = _run_reads()  # before the read: a write meanwhile makes it stale
        rows = store().workspaces()
    except StoreFault as exc:
        if Keys.LANG not in st.session_state:  # before start(): the URL's or the browser's
            wanted = st.query_params.get("lang") or getattr(st.context, "locale", None)
            st.session_state[Keys.LANG] = i18n.normalise_lang(wanted)
            forget_run_lookups()
        show_fault(exc)
        return False
    if reads is not None:  # for the sidebar and Home (``workspaces``), the open workspace, the counters
        reads[("workspaces",)] = rows
        for ws in rows:
            reads[("slug", ws.slug)] = ws
            reads[("version", ws.id)] = ws.version
    return True


def run_page(navigation) -> None:
    """Run the chosen page; a database fault during it is shown, not raised,
    and so is one of a callback of the run before (``guarded``)."""
    fault = st.session_state.pop(Keys.FAULT, None)
    if fault is not None:
        st.error(f"**{tr('fault.title')}**  \n{md(fault.message(lang()))}", icon=":material/database:")
    try:
        navigation.run()
    except StoreFault as exc:
        show_fault(exc)


def guarded(callback: Callable) -> Callable:
    """A widget callback whose database fault (busy, read-only, disk full)
    is shown at the top of the page it reruns, instead of stopping the run.
    Callbacks run before the page is drawn: decorate every one that writes."""
    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except StoreFault as exc:
            log_fault(exc)
            st.session_state[Keys.FAULT] = exc
    return run
