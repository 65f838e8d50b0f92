"""Who is in a workspace right now: sessions beat every few seconds, and a
session that stops beating (a closed tab, another workspace) drops out after
``ttl`` seconds.

Pure and thread-safe: the clock is the caller's (``now``, in seconds, e.g.
``time.monotonic()``), nothing is written anywhere. One registry lives in one
server process (``views/live.py`` holds it), so it counts the sessions of
that process: one Streamlit server, which is what ``make run`` and the
hosting guide run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Beat:
    workspace_id: object
    who: str  # the person's name (an e-mail in accounts mode); "" when unknown
    at: float


class Presence:
    """Sessions by id, each in at most one workspace (its last beat's)."""

    def __init__(self, ttl: float):
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.ttl = ttl
        self._beats: dict[str, Beat] = {}
        self._lock = threading.Lock()

    def beat(self, workspace_id, session_id: str, who: str, now: float) -> None:
        """``session_id`` is in ``workspace_id`` at ``now`` (and in no other
        workspace: a session that switched moves at once)."""
        with self._lock:
            old = self._beats.get(session_id)
            at = max(now, old.at) if old is not None else now  # a late beat never turns the clock back
            self._beats[session_id] = Beat(workspace_id, who or "", at)
            self._forget(now)

    def leave(self, session_id: str) -> None:
        """``session_id`` closed its workspace."""
        with self._lock:
            self._beats.pop(session_id, None)

    def here(self, workspace_id, now: float) -> list[str]:
        """One entry per person in ``workspace_id`` at ``now``: each name once
        (one person in two tabs is one person), then "" for each session
        whose person is not known (every such session counts as one)."""
        with self._lock:
            self._forget(now)
            beats = [b for b in self._beats.values() if b.workspace_id == workspace_id and self._alive(b, now)]
        names = sorted({b.who for b in beats if b.who})
        return names + [""] * sum(1 for b in beats if not b.who)

    def sessions(self) -> int:
        """How many sessions the registry holds (expired ones go at the next beat)."""
        with self._lock:
            return len(self._beats)

    def _alive(self, beat: Beat, now: float) -> bool:
        return now - beat.at <= self.ttl

    def _forget(self, now: float) -> None:
        gone = [sid for sid, b in self._beats.items() if not self._alive(b, now)]
        for sid in gone:
            del self._beats[sid]


def others(people: list[str], me: str) -> list[str]:
    """``people`` (``Presence.here``) without this session's own entry."""
    rest = list(people)
    if me in rest:
        rest.remove(me)
    return rest
