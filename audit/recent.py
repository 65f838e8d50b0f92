"""The workspaces this browser opened, for Home's "Continue where you left off".

The database is shared (a workshop room, an agency's team): the most recently
changed workspace may be a colleague's, or a demo nobody opened. So Home
offers to continue only a workspace this browser opened. The browser keeps
their slugs, most recent first, in the cookie ``COOKIE`` (written by the page
with ``cookie_script``, read back by the next session); the session keeps the
same list while it runs.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from .model import Workspace

COOKIE = "hourglass_opened"
MAX_REMEMBERED = 20
MAX_AGE_S = 365 * 24 * 3600
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def parse(cookie: str | None) -> list[str]:
    """The slugs a cookie value holds; anything that is not a slug is dropped."""
    slugs: list[str] = []
    for part in (cookie or "").split("."):
        if _SLUG.fullmatch(part) and part not in slugs:
            slugs.append(part)
    return slugs[:MAX_REMEMBERED]


def remember(slugs: Sequence[str], slug: str | None) -> list[str]:
    """``slugs`` with ``slug`` moved to the front (the most recently opened)."""
    if not slug or not _SLUG.fullmatch(slug):
        return list(slugs)
    return [slug, *(s for s in slugs if s != slug)][:MAX_REMEMBERED]


def cookie_value(slugs: Sequence[str]) -> str:
    return ".".join(s for s in slugs if _SLUG.fullmatch(s))[:3000]


def cookie_script(slugs: Sequence[str]) -> str:
    """A script that stores the slugs in the browser. Only slugs (lower-case
    letters, digits and ``-``) ever reach it: no user text, nothing to escape."""
    return (f"<script>document.cookie = '{COOKIE}={cookie_value(slugs)}; path=/; "
            f"max-age={MAX_AGE_S}; SameSite=Lax';</script>")


def continue_with(workspaces: Iterable[Workspace], opened: Sequence[str]) -> Workspace | None:
    """The workspace to continue: of those this browser opened and that still
    exist, the one changed most recently (the first opened breaks a tie)."""
    rank = {slug: i for i, slug in enumerate(opened)}
    mine = [ws for ws in workspaces if ws.slug in rank]
    if not mine:
        return None
    return max(mine, key=lambda ws: (ws.updated_at, -rank[ws.slug]))
