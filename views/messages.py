"""One way to tell the user something (issue 12).

Three lifetimes, one escaping rule:

- ``toast(key, **values)``: a short note shown once, on the next run
  (callbacks run before the page is drawn);
- ``report(slot, problem)`` / ``clear(slot)`` / ``show(slot)``: a problem tied
  to one part of a page (a widget, a table, a form), shown next to it until
  the same part succeeds;
- ``fault``: a database fault of a callback, shown once at the top of the
  page it reruns (``session.run_page``).

The rule: catalog text is trusted Markdown; every value that comes from a
user or an error (a name, a cell, an exception's message) is escaped with
``md()`` here, exactly once, and never by the pages.
"""

from __future__ import annotations

import streamlit as st

from views.session import ICON_SAVED, ICON_WARNING, Keys, error_text, md, memory, tr


def text(key: str, /, **values) -> str:
    """The catalog text of ``key`` with its values made inert: strings are
    escaped (user text), numbers stay numbers."""
    return tr(key, **{name: md(value) if isinstance(value, str) else value for name, value in values.items()})


def toast(key: str, /, *, icon: str = ICON_SAVED, **values) -> None:
    """``text(key, **values)`` as a toast on the next run."""
    st.session_state.setdefault(Keys.TOASTS, []).append((text(key, **values), icon))


def saved() -> None:
    """The usual "Saved" toast."""
    st.session_state.setdefault(Keys.TOASTS, []).append((tr("app.saved"), ICON_SAVED))


def show_toasts() -> None:
    """Draw the toasts reported since the last run (app.py, once per run)."""
    for message, icon in st.session_state.pop(Keys.TOASTS, []):
        st.toast(message, icon=icon)


def _problems() -> dict:
    """The problems reported, by slot: a part of ``session.memo``, which a run
    looks up once (asked for by every widget that can refuse a change; a
    missing session-state key costs Streamlit a raised KeyError: issue 11)."""
    return memory(Keys.ERRORS)


def report(slot: str, problem: Exception | str) -> None:
    """Remember a problem of one part of the page (``slot``): an exception
    (its message in the user's language) or a text already in it."""
    message = error_text(problem) if isinstance(problem, Exception) else str(problem)
    _problems()[slot] = message


def clear(slot: str) -> None:
    """That part of the page succeeded: its problem is gone."""
    _problems().pop(slot, None)


def problem(slot: str) -> str | None:
    """The problem reported for ``slot``, as plain text (not escaped)."""
    return _problems().get(slot)


def show(slot: str, *, icon: str = ICON_WARNING, keep: bool = True) -> bool:
    """Draw the problem of ``slot`` (escaped) if there is one; True if drawn.
    ``keep=False``: shown once, then forgotten."""
    message = problem(slot) if keep else _problems().pop(slot, None)
    if message:
        st.error(md(message), icon=icon)
        return True
    return False


# -- a delete waiting for its confirmation (one at a time) ---------------------------
def ask_confirm(token: str) -> None:
    """Ask to confirm the delete named by ``token`` (``keys.confirm_delete``)."""
    st.session_state[Keys.CONFIRM_DELETE] = token


def confirming(token: str) -> bool:
    """Is the delete named by ``token`` the one waiting for its confirmation?"""
    return st.session_state.get(Keys.CONFIRM_DELETE) == token


def done_confirm() -> None:
    """The delete was confirmed or cancelled: nothing waits any more."""
    st.session_state.pop(Keys.CONFIRM_DELETE, None)
