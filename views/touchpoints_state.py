"""What the Touchpoints page read this run, shared by its parts
(``touchpoints_tables``, ``touchpoints_suggest``, ``touchpoints_capture``):
one object instead of module globals, so a part's callback gets it as an
argument."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from audit import suggestions
from audit.model import CHANNELS
from views import session
from views.session import Keys, tr


def plural_key(key: str, n: int) -> str:
    """``key_one`` or ``key_other``: the catalog's two forms of a count."""
    return f"{key}_one" if n == 1 else f"{key}_other"


def plural(key: str, n: int, **values) -> str:
    return tr(plural_key(key, n), n=n, **values)


@dataclass
class Inventory:
    store: object
    ws: object
    lang: str
    pack: object  # the industry's checklist pack, or None
    stages: list
    touchpoints: list
    taken: suggestions.Taken  # what the touchpoints hold (suggestions.remaining)
    names: dict[int, str] = field(init=False)  # stage id -> the name shown
    counts: Counter = field(init=False)  # stage id -> touchpoints

    def __post_init__(self) -> None:
        self.names = {s.id: s.display_name(self.ws.framework, self.lang) for s in self.stages}
        self.counts = Counter(tp.stage_id for tp in self.touchpoints)

    @classmethod
    def read(cls, store, ws, lang: str, library) -> "Inventory":
        """The workspace as this run sees it: read once per change of it,
        shared with the sidebar (``session.workspace_data``)."""
        data = session.workspace_data(ws.id)
        # Every touchpoint's name folded, for the suggestions still offered: once per
        # read of the workspace, not per run (about a tenth of the page's time, issue 11).
        taken = session.kept_while(Keys.TAKEN, (data,), lambda: suggestions.Taken.of(data.touchpoints), share=ws.id)
        return cls(store, ws, lang, library.pack(ws.industry), data.stages, data.touchpoints, taken)

    @property
    def gaps(self) -> list:
        return [s for s in self.stages if not self.counts[s.id]]

    def of_stage(self, stage_id: int) -> list:
        return [tp for tp in self.touchpoints if tp.stage_id == stage_id]

    def suggested(self, stage) -> list:
        """The pack's suggestions for ``stage`` (none for a stage of the user's)."""
        return self.pack.touchpoints_for(self.ws.framework, stage.key) if self.pack and stage.key else []


def channel_labels() -> dict[str, str]:
    return {c: tr(f"touchpoints.channel.{c}") for c in CHANNELS}
