"""What the user saw when they edited: the other half of an edit.

``Store.editing(author=…, seen=…)`` checks each field being set against
what its author saw: a field someone else changed since (to anything but
the new value) is a conflict, and nothing is written
(``store_errors.Conflict``).

- ``Seen.value(v)``: one field edited (a text box, a one-click choice):
  every field being set held ``v`` when the user saw it.
- ``Seen.rows({row_id: {field: value, "rev": n}})``: a table's edited cells
  as they were shown, per row (a checklist answer's row id is its question
  key). ``"rev"``, when given, is the row version the user saw: if the row
  is still at that version its fields are not compared.

Values are compared leniently (``same``): None, '' and NaN are all blank,
3 == 3.0, strings exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Number
from typing import Mapping

_NONE = object()


def blank(value) -> bool:
    """No value: None, NaN (pandas' NA and NaT too) or a blank text."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    if isinstance(value, str):
        return not value.strip()
    return type(value).__name__ in ("NAType", "NaTType")


def same(a, b) -> bool:
    """``a`` and ``b`` are the same value as a user sees it."""
    if blank(a) or blank(b):
        return blank(a) and blank(b)
    if isinstance(a, Number) and isinstance(b, Number):
        try:
            return float(a) == float(b)
        except (TypeError, ValueError, OverflowError):
            return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _key(row_id):
    """Row ids as the store keeps them: whole numbers as ``int``, question keys as text."""
    if isinstance(row_id, Number) and not isinstance(row_id, bool):
        try:
            if float(row_id) == int(row_id):
                return int(row_id)
        except (TypeError, ValueError, OverflowError):
            pass
    return row_id


@dataclass(frozen=True, eq=False)
class Seen:
    """What the user saw; build it with ``Seen.value`` or ``Seen.rows``."""

    one: object = _NONE
    table: Mapping = field(default_factory=dict)

    @classmethod
    def value(cls, value) -> "Seen":
        """Every field being set held ``value`` when the user saw it."""
        return cls(one=value)

    @classmethod
    def rows(cls, rows: Mapping) -> "Seen":
        """``{row_id: {field: value}}`` as shown; ``"rev"`` is the row version seen."""
        return cls(table={_key(k): dict(v) for k, v in rows.items()})

    def _row(self, row_id) -> Mapping | None:
        row = self.table.get(_key(row_id))
        if row is None and not isinstance(row_id, str):
            row = self.table.get(str(row_id))
        return row

    def get(self, row_id, name: str) -> tuple[bool, object]:
        """``(True, value)`` when the user saw ``name`` of ``row_id``, else ``(False, None)``."""
        if self.one is not _NONE:
            return True, self.one
        row = self._row(row_id)
        if row is None or name == "rev" or name not in row:
            return False, None
        return True, row[name]

    def rev(self, row_id) -> int | None:
        """The row version the user saw, if they said."""
        row = self._row(row_id) if self.one is _NONE else None
        value = None if row is None else row.get("rev")
        return None if blank(value) else value


#: How alike a saved text must be to a value that arrived while it was being
#: typed to count as written on top of it (difflib's ratio, 0..1).
BUILDS_ON = 0.6


def builds_on(new: str, theirs: str, before: str) -> bool:
    """Was ``new`` written on top of ``theirs`` (a value that replaced
    ``before`` while the user had the box open)?

    A browser keeps a half-typed draft when someone else's value arrives
    underneath, so the server cannot tell a draft begun on ``before`` from
    an edit of ``theirs``. The text tells: an edit of ``theirs`` contains it,
    or is much more like it than like ``before``. Only then is ``theirs``
    what the user saw; otherwise the save is checked against ``before``."""
    from difflib import SequenceMatcher

    new, theirs, before = (str(v or "") for v in (new, theirs, before))
    if not theirs.strip():
        return False
    if theirs in new:
        return True
    like_theirs = SequenceMatcher(None, new, theirs).ratio()
    return like_theirs >= BUILDS_ON and like_theirs > SequenceMatcher(None, new, before).ratio()
