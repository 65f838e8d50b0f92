"""A Scoring row's notes: its pain points and positives, behind a "Notes"
button ("Hide notes" closes them) and drawn only while open, each saved as
soon as it is committed.

A plain button, not a popover: fifteen popovers with their tooltips were a
tenth of the browser's work on each switch to /scoring (issue 11). What Notes
holds is said once, in the help of the rows' "Touchpoint" column head."""

import streamlit as st

from views import editing, keys, session
from views.session import tr

FIELDS = ("pain_points", "positives")


def open_rows(ws_id: int) -> frozenset:
    """The rows (touchpoint uids) whose notes are open in this session."""
    return st.session_state.get(keys.scoring(ws_id, "notes-open"), frozenset())


def toggle(ws_id: int, uid: str) -> None:
    """The button's callback: open that row's notes, or close them."""
    st.session_state[keys.scoring(ws_id, "notes-open")] = open_rows(ws_id) ^ {uid}


def button(ws_id: int, tp, width: int) -> bool:
    """The row's "Notes" button, ``width`` px (it stands out while the row has notes); are they open?"""
    noted = any(getattr(tp, f).strip() for f in FIELDS)
    opened = tp.uid in open_rows(ws_id)
    st.button(tr("flow.score.notes_hide" if opened else "flow.score.notes"),
              icon=":material/expand_less:" if opened else ":material/edit_note:", width=width,
              key=keys.scoring_touchpoint(ws_id, tp.uid, "notes"),
              type="secondary" if noted or opened else "tertiary", on_click=toggle, args=(ws_id, tp.uid))
    return opened


def fields(ws_id: int, tp) -> None:
    """The row's pain points and positives, side by side."""
    for field in FIELDS:
        editing.text_input(
            tr(f"scoring.col.{field}"), key=keys.scoring_touchpoint(ws_id, tp.uid, field),
            value=getattr(tp, field), area=False,
            on_save=lambda v, f=field: session.store().update_touchpoints(ws_id, {tp.id: {f: v}}),
            help=tr(f"scoring.help.{field}"))
