"""Which pack entry a workspace touchpoint is (DESIGN.md, "Backlog generation").

A touchpoint remembers the pack entry it came from (``Touchpoint.suggestion``,
the entry's key, set when a suggestion is accepted or by the quick scan).
Otherwise it is matched by name: the entry whose English or Spanish name, or
one of its aliases, equals the touchpoint's name with case, accents,
punctuation and spacing ignored. When several entries share that name, the
one in the touchpoint's own stage wins, then the first in the pack.

Pure functions over the loader's objects; no store, no Streamlit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .checklists import Pack, SuggestedTouchpoint

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=65_536)  # regeneration matches the same names again and again
def name_key(text: str) -> str:
    """``"  Ficha de  Google!"`` and ``"ficha de google"`` give the same key."""
    text = str(text or "")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


class Matcher:
    """Matches the touchpoints of one workspace against one pack."""

    def __init__(self, pack: Pack | None, framework: str):
        self.pack = pack
        self.framework = framework
        self._by_name: dict[str, list[SuggestedTouchpoint]] = {}
        for entry in (pack.touchpoints if pack else ()):
            for name in entry.names():
                found = self._by_name.setdefault(name_key(name), [])
                if entry not in found:
                    found.append(entry)

    def match(self, name: str, suggestion: str = "", stage_key: str | None = None) -> SuggestedTouchpoint | None:
        """The pack entry for a touchpoint called ``name`` in stage ``stage_key``."""
        if self.pack is None:
            return None
        if suggestion:
            entry = self.pack.touchpoint(suggestion)
            if entry is not None and (":" not in suggestion or entry.key == suggestion):
                return entry
        found = self._by_name.get(name_key(name))
        if not found:
            return None
        same_stage = [e for e in found if stage_key and e.place.stage_in(self.framework) == stage_key]
        return (same_stage or found)[0]


    def match_each(self, touchpoints, stage_keys: dict) -> list[SuggestedTouchpoint | None]:
        """``match`` of each touchpoint, in order (its stage's key looked up in
        ``stage_keys``, stage id -> key): one loop for thousands of them."""
        if self.pack is None:
            return [None] * len(touchpoints)
        by_name, match, out = self._by_name, self.match, []
        for tp in touchpoints:
            found = None if tp.suggestion else by_name.get(name_key(tp.name))
            if found is not None and len(found) == 1:
                out.append(found[0])  # one entry of that name: the stage does not matter
            elif tp.suggestion or found:
                out.append(match(tp.name, tp.suggestion, stage_keys.get(tp.stage_id)))
            else:
                out.append(None)
        return out


def pack_entry(touchpoint, pack: Pack | None, framework: str, stage_key: str | None = None):
    """One-off match (builds a ``Matcher``; use a ``Matcher`` for many)."""
    return Matcher(pack, framework).match(touchpoint.name, touchpoint.suggestion, stage_key)
