"""Edits made on a stale view (issue 10): never applied silently.

Every save of ``views.editing`` runs inside ``save_as_seen``: the store's
edit context (``Store.editing``) carries who is editing and what they saw,
and refuses the change if someone else changed the same value since
(``audit.store_errors.Conflict``) or deleted the row (``Gone``). The refused
change is kept here, per widget, and ``panel`` shows what is there now, who
put it there and the user's own value, with two choices: keep theirs, or
save mine over it (checked again against what is there now)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import streamlit as st

from audit.store_errors import Conflict, Seen, author_name, shown_value
from views import keys, messages
from views.session import Keys, author, lang, md, memory, own_edit, store, tr

SHOWN_CELLS = 5  # a table's conflicting cells listed; the rest counted
SHOWN_CHARS = 120  # a long text is cut in the panel (the widget shows it whole)


@dataclass
class Pending:
    """A change the store refused because someone else changed the same value."""
    conflict: Conflict
    retry: Callable[[dict], None]  # saves the user's change again, given what is there now ({row: {field: value}})
    labels: dict  # row id → the row's name in the table ({} for one field)
    columns: dict  # field → column title ({} for one field)


def save_as_seen(save: Callable[[], None], seen: Seen) -> None:
    """Run ``save`` as this user, on the values they saw (``own_edit``: the
    live update does not reload the page for this session's own change)."""
    with own_edit(), store().editing(author=author(), seen=seen):
        save()


def _pending() -> dict:
    return memory(Keys.CONFLICTS)


def remember(slot: str, conflict: Conflict, retry: Callable[[dict], None], *,
             labels: dict | None = None, columns: dict | None = None) -> None:
    _pending()[slot] = Pending(conflict, retry, labels or {}, columns or {})
    messages.clear(slot)


def forget(slot: str) -> None:
    _pending().pop(slot, None)


def _short(value) -> str:
    return shown_value(value, lang(), limit=SHOWN_CHARS)


def who(by: str) -> str:
    """The name of whoever made a change, as a person reads it (escaped)."""
    return md(author_name(by, lang()))


def _use_mine(slot: str) -> None:
    pending = _pending().pop(slot, None)
    if pending is None:
        return
    theirs: dict = {}
    for cell in pending.conflict.cells:
        theirs.setdefault(cell.row_id, {})[cell.field] = cell.theirs
    try:
        pending.retry(theirs)
    except Conflict as again:  # changed once more in the meantime: show the newest
        _pending()[slot] = Pending(again, pending.retry, pending.labels, pending.columns)
    except Exception as exc:  # noqa: BLE001 - reported next to the widget (bad value, fault, deleted)
        messages.report(slot, exc)
    else:
        messages.saved()


def panel(slot: str) -> None:
    """What was refused and the two ways on, under the widget of ``slot``."""
    pending = _pending().get(slot)
    if pending is None:
        return
    cells = pending.conflict.cells
    with st.container(border=True, key=keys.conflict(slot)):
        people = sorted({who(c.by) for c in cells})
        st.markdown(tr("editing.conflict.title", who=", ".join(people)))
        if not pending.labels and len(cells) == 1:
            st.markdown(tr("editing.conflict.one", theirs=md(_short(cells[0].theirs)), mine=md(_short(cells[0].mine))))
        else:
            lines = [tr("editing.conflict.cell", row=md(_short(pending.labels.get(c.row_id, c.row_id))),
                        column=md(pending.columns.get(c.field, c.field)),
                        theirs=md(_short(c.theirs)), mine=md(_short(c.mine))) for c in cells[:SHOWN_CELLS]]
            if len(cells) > SHOWN_CELLS:
                lines.append(tr("editing.conflict.more", n=len(cells) - SHOWN_CELLS))
            st.markdown("\n".join(f"- {line}" for line in lines))
        st.caption(tr("editing.conflict.not_saved"))
        with st.container(horizontal=True):
            st.button(tr("editing.conflict.keep_theirs"), key=keys.conflict(slot, "keep"), icon=":material/check:",
                      on_click=forget, args=(slot,), type="primary")
            st.button(tr("editing.conflict.use_mine"), key=keys.conflict(slot, "mine"), icon=":material/edit:",
                      on_click=_use_mine, args=(slot,))
