"""The ways an edit is saved at once (issue 12's page-state protocol, the
editing half): a text field, a row of one-click choices (the tables are
``views/table_editing.py``).
Every change reaches the store in the widget's callback (or before the page
is drawn, for what AppTest does not fire); a refused change is reported
through ``views.messages`` next to the widget and the widget goes back to
what the store holds."""

from __future__ import annotations

from typing import Callable

import streamlit as st

from audit.model import InvalidValue
from audit.seen import builds_on
from audit.store_errors import Conflict, Seen, StoreError
from views import conflicts, messages
from views.session import memory, option_label, read_again

#: What a save may refuse with a message next to the widget: a bad value, a
#: row deleted by someone else (``Gone``), a database fault. A conflict
#: (``Conflict``, also a StoreError) is caught first and offered as a choice.
REFUSED = (InvalidValue, StoreError)
_AS_SHOWN = object()  # one_click's stored value is the value shown

# -- saving at once -------------------------------------------------------------
def follow_store(key: str, stored) -> bool:
    """Show what the store holds when it changed outside this widget (a
    template, another session, a refused change); otherwise the widget keeps
    its own value.

    A text box keeps a half-typed draft in the browser even when its value
    changes underneath (Streamlit does not replace what is being typed): the
    value it showed before is kept as the draft's base (``__base``), so the
    draft's save is checked against what its author saw (``text_input``).

    Returns whether the widget has a value in the session (one look-up per
    widget and run: issue 11)."""
    shown = memory(STORED)
    present = key in st.session_state
    if present and shown.get(key, stored) != stored and st.session_state[key] != stored:
        memory(BASES).setdefault(key, shown.get(key))
        st.session_state[key] = stored
    shown[key] = stored
    return present


def start_value(key: str, stored, param: str = "value") -> dict:
    """``follow_store``, and the widget's start-value argument (``param``:
    ``value``, ``default``…) while it has no value yet: what the store holds
    starts the widget, not a session-state value set on the run. Such a value
    stays in the session until the end of the next page's run, and Streamlit
    walks every state entry for each text, radio or select widget it draws
    (issue 11)."""
    return {} if follow_store(key, stored) else {param: stored}


#: Two dicts in the session's state, by widget key: the stored value each
#: widget last showed, and the base of a draft typed over someone else's
#: change. One entry each, not a state key per widget: Streamlit walks every
#: state key for each keyed widget it draws (issue 11).
STORED, BASES = "edit_stored", "edit_bases"


def text_input(label: str, *, key: str, value: str, on_save: Callable[[str], None],
               area: bool = True, placeholder: str | None = None, help: str | None = None,
               height: int | None = None) -> None:
    """A text widget whose every change is saved as soon as it is committed."""
    initial = start_value(key, value or "")

    def save() -> None:
        new = st.session_state[key]
        # What the user typed over: the value before someone else's change
        # arrived, unless what they wrote builds on that change.
        base = memory(BASES).pop(key, None)
        saw = value or ""
        if base is not None and not builds_on(new, saw, base):
            saw = base

        def attempt(theirs: dict | None = None) -> None:
            seen = Seen.value(saw) if theirs is None else Seen.rows(theirs)
            conflicts.save_as_seen(lambda: on_save(new), seen)

        try:
            attempt()
        except Conflict as exc:  # someone else changed it: the widget shows theirs, the panel offers mine
            conflicts.remember(key, exc, attempt)
            st.session_state[key] = exc.cells[0].theirs or ""
        except REFUSED as exc:
            messages.report(key, exc)
            st.session_state[key] = value or ""
        else:
            conflicts.forget(key)
            messages.clear(key)
            messages.saved()
        finally:
            read_again()

    widget = st.text_area if area else st.text_input
    kwargs = {"height": height} if area and height else {}
    widget(label, key=key, on_change=save, placeholder=placeholder, help=help, **kwargs, **initial)
    messages.show(key)
    conflicts.panel(key)


class _Labels(dict):
    """Option → its label (``option_label`` of ``format_func``), each worked out once; a
    value that is not an option (a stale one) is formatted when asked for."""

    def __init__(self, format_func: Callable, options: list):
        super().__init__((option, option_label(format_func(option))) for option in options)
        self.format_func = format_func

    def __missing__(self, option) -> str:
        return option_label(self.format_func(option))


def one_click(label: str, options, *, key: str, value, on_save: Callable[[object], None],
              format_func: Callable = str, help: str | None = None, pills: bool = False,
              label_visibility: str = "visible", width="content", stored=_AS_SHOWN) -> None:
    """A row of one-click choices (``st.segmented_control``, or ``st.pills``)
    whose click is saved to the store in its ``on_change`` callback: one
    script run per click, no ``st.rerun``. Clicking the chosen option again
    clears it (``on_save(None)``). Buttons, so Tab and Enter/Space work.

    The widget shows what the store holds (``follow_store``); a refused
    value is reported under it and the widget goes back to the stored one.
    ``stored``: the value as the store holds it, when the options are
    another form of it (default: ``value``); what the user saw, for
    ``views.conflicts``.
    """
    default = start_value(key, value, "default")

    def save() -> None:
        new = st.session_state[key]

        def attempt(theirs: dict | None = None) -> None:
            seen = Seen.value(value if stored is _AS_SHOWN else stored) if theirs is None else Seen.rows(theirs)
            conflicts.save_as_seen(lambda: on_save(new), seen)

        try:
            attempt()
        except Conflict as exc:
            conflicts.remember(key, exc, attempt)
            st.session_state[key] = value  # follow_store shows theirs on the run that follows
        except REFUSED as exc:
            messages.report(key, exc)
            st.session_state[key] = value
        else:
            conflicts.forget(key)
            messages.clear(key)
        finally:
            read_again()

    widget = st.pills if pills else st.segmented_control
    options = list(options)
    # Each label worked out once: Streamlit formats every option several times a run (a /scoring
    # run called the format function ~800 times); a dict's lookup is no Python call at all.
    labels = _Labels(format_func, options)
    widget(label, options, key=key, format_func=labels.__getitem__, help=help,
           on_change=save, label_visibility=label_visibility, width=width, **default)
    messages.show(key)
    conflicts.panel(key)
