"""What the sessions of one server share: a value worked out once for all of
them while what it comes from is unchanged (issue 11).

Twenty people in a workshop open the same workspace. Each session used to
read its rows, plan its backlog and fold its touchpoints' names for
itself, the first time it opened each page: in a room of 20 sessions
switching pages, that was about a tenth of the server's CPU, and the reason
Hourglass's cost grew faster with the sessions than a bare app's.

An entry has a **name** (the database file, what it is, the workspace id:
one value per name, replaced when its key changes, so old versions do not
pile up) and is valid while its **key** stays equal (``==``, e.g. the
workspace's change counter and the language) and its **reads** are the very
objects it was worked out from (``is``: the shared rows of that version).
Nothing here knows about viewers: callers ask only after the page has
checked that this viewer may open the workspace, and the name always holds
the workspace, so no workspace ever shows another's data.

Values are shared objects: no caller changes them (the session's own caches
already rely on that, across its runs).

A value is worked out by one session; the others asking for the same name
meanwhile wait for it rather than work it out too (a room opening a page at
once). Bounded: the least recently used entries go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

#: How many values the server keeps (a workspace has a handful; chart specs one per chart and data).
ENTRIES = 160

_VALUES: OrderedDict[tuple, tuple] = OrderedDict()  # name → (key, reads, value)
_LOCK = threading.Lock()
_BUILDING: dict[tuple, threading.Lock] = {}  # name → the lock of the work under way


def _valid(kept: tuple | None, key, reads: tuple) -> bool:
    return (kept is not None and kept[0] == key and len(kept[1]) == len(reads)
            and all(a is b for a, b in zip(kept[1], reads)))


def _kept(name: tuple, key, reads: tuple):
    """(True, value) if ``name`` holds a value for ``key`` and ``reads``, else (False, None)."""
    with _LOCK:
        kept = _VALUES.get(name)
        if _valid(kept, key, reads):
            _VALUES.move_to_end(name)
            return True, kept[2]
    return False, None


def value(name: tuple, compute: Callable, *, key=None, reads: tuple = ()):
    """``compute()``, shared under ``name`` while ``key`` and ``reads`` hold."""
    found, kept = _kept(name, key, reads)
    if found:
        return kept
    with _LOCK:
        building = _BUILDING.setdefault(name, threading.Lock())
    try:
        with building:
            found, kept = _kept(name, key, reads)  # worked out by another session meanwhile
            if found:
                return kept
            result = compute()
            with _LOCK:
                _VALUES[name] = (key, reads, result)
                _VALUES.move_to_end(name)
                while len(_VALUES) > ENTRIES:
                    _VALUES.popitem(last=False)
            return result
    finally:
        with _LOCK:
            if _BUILDING.get(name) is building:
                _BUILDING.pop(name, None)


def forget() -> None:
    """Drop every value (tests; a database replaced under a running server)."""
    with _LOCK:
        _VALUES.clear()
