"""Live updates and presence: two sessions on one workspace see each
other's changes within a few seconds, without a reload, and the sidebar says
how many people are in the workspace.

``watch(ws)`` (app.py's sidebar, for the open workspace) draws a fragment
that Streamlit reruns every ``LIVE_EVERY_S`` seconds, alone. Each tick reads
one number, the workspace's change counter (``Store.change_counter``), and
compares it with the counter the page was last drawn at
(``session.seen_counter``, noted by every full run's read and after this
session's own saves, ``session.own_edit``). Moved: someone else changed the
workspace, and the whole page runs again (``st.rerun(scope="app")``) to show
it. Otherwise the tick only beats this session's presence and redraws the
one caption.

A tick never writes to the database, never runs while one of this session's
callbacks saves (a session's callbacks, full runs and fragment runs follow
one another on its script thread), and says nothing about a database fault
(the page shows those). Presence is kept in this server process only
(``audit.presence``): the sessions of one Streamlit server.
"""

from __future__ import annotations

import gc
import os
import threading
import time

import streamlit as st

from audit.model import Workspace
from audit.presence import Presence, others
from audit.store import default_path
from audit.store_errors import NotFound, StoreError
from views import session
from views.session import Keys, md, tr

def _every(default: float = 2.5) -> float:
    """``HOURGLASS_LIVE_EVERY_S`` (seconds, at least 0.5) or the default."""
    try:
        return max(0.5, float(os.environ.get("HOURGLASS_LIVE_EVERY_S", default)))
    except ValueError:
        return default


#: Seconds between two ticks: how soon another person's change shows
#: (``HOURGLASS_LIVE_EVERY_S`` sets it for a server, e.g. a slower tick on a
#: busy shared host).
LIVE_EVERY_S = _every()
#: A session that has not beaten for this long has left (three missed ticks,
#: plus slack for a busy server or a slow network).
PRESENCE_TTL_S = 3 * LIVE_EVERY_S + 2
ICON_ALONE = ":material/person:"
ICON_GROUP = ":material/group:"
_FROZEN = threading.Event()
_FREEZING = threading.Lock()


def freeze_libraries() -> None:
    """Once per server process (app.py, at the start of its first run).

    A full garbage collection walks every object of the libraries loaded by
    then (pandas, pyarrow, Streamlit: about 80 ms of CPU, benchmarks/live_tick.py).
    ``.streamlit/config.toml`` turns off the one Streamlit runs after every
    run (``runner.postScriptGC``); Python's own collector still runs as
    objects accumulate, and a server started with that setting back on runs
    one after every run, a tick's too. The libraries live as long as the
    server: ``gc.freeze()`` leaves them out of every later collection; what
    the runs create is still collected."""
    with _FREEZING:
        if not _FROZEN.is_set():
            gc.collect()
            gc.freeze()
            _FROZEN.set()


def presence() -> Presence:
    """The registry of this server process, for the database it serves."""
    return session.this_run("presence", lambda: session.one_per_server(
        "presence", str(default_path()), lambda: Presence(ttl=PRESENCE_TTL_S)))


def stale(seen: int | None, counter: int | None) -> bool:
    """Has the workspace changed since the page showed it (``seen``)? Not
    when either is unknown: then nothing is reloaded."""
    return seen is not None and counter is not None and counter != seen


def tick(workspace_id: int) -> None:
    """Rerun the whole app if someone else changed ``workspace_id`` since
    this session drew it; otherwise nothing. One query, no write."""
    try:
        counter = session.store().change_counter(workspace_id)
    except NotFound:  # deleted by someone else: the page says it is gone
        st.rerun(scope="app")
    except StoreError:  # a fault: the page shows faults already
        return
    seen = session.seen_counter(workspace_id)
    if seen is None:
        session.mark_seen(workspace_id, counter)
    elif stale(seen, counter):
        session.mark_seen(workspace_id, counter)  # the full run notes it again; never a loop
        st.rerun(scope="app")


def watch(ws: Workspace) -> None:
    """The live fragment for the open workspace (app.py's sidebar, in every
    full run; Streamlit reruns it alone every ``LIVE_EVERY_S`` seconds)."""
    session.memo()[Keys.LIVE_INLINE] = True  # this full run has just read the workspace
    _live(ws.id, session.session_tag(), session.author())


def leave() -> None:
    """No workspace open: this session is in none."""
    presence().leave(session.session_tag())


@st.fragment(run_every=LIVE_EVERY_S)
def _live(workspace_id: int, me: str, who: str) -> None:
    if not session.memo().pop(Keys.LIVE_INLINE, False):
        tick(workspace_id)
    registry = presence()
    now = time.monotonic()
    registry.beat(workspace_id, me, who, now)
    people_line(registry.here(workspace_id, now), who)


def people_line(people: list[str], who: str) -> None:
    """"2 people here" (names in the tooltip when known), or "Only you here"."""
    rest = others(people, who)
    if not rest:
        st.caption(f"{ICON_ALONE} {tr('live.alone')}", help=tr("live.help"))
        return
    named = [md(name) for name in rest if name]
    unnamed = len(rest) - len(named)
    if unnamed == 1:
        named.append(tr("live.someone"))
    elif unnamed > 1:
        named.append(tr("live.unnamed", n=unnamed))
    st.caption(f"{ICON_GROUP} {tr('live.here', n=len(rest) + 1)}",
               help=f"{tr('live.with_you', names=', '.join(named))}  \n{tr('live.help')}")
