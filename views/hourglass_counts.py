"""The Hourglass page's customer counts (optional): one number per stage,
saved at once (``table_editing.table_editor``), and a button to clear them all.
Drawn under the chart, never beside it, so the two cannot overlap however
narrow the window."""

import pandas as pd
import streamlit as st

from audit.model import FIELDS
from views import keys, messages, session, table_editing
from views.session import tr


def show(ws_id: int, stages, names: dict, use_counts: bool) -> None:
    store = session.store()
    editor_base = keys.hourglass(ws_id, "counts")
    with st.container(border=True, key=keys.hourglass(ws_id, "counts-panel")):
        about, editor = st.columns([0.45, 0.55], gap="medium")
        about.markdown(f"**{tr('hourglass.counts.title')}**")
        about.caption(tr("hourglass.counts.help"))

        def save_counts(plan) -> None:
            store.set_customer_counts(ws_id, {stage_id: values["customers"]
                                              for stage_id, values in plan.updates.items() if "customers" in values})

        frame = pd.DataFrame({
            "stage": [names[s.id] for s in stages],
            "customers": pd.array([s.customers for s in stages], dtype="Int64"),
        })
        with editor:
            table_editing.table_editor(
                editor_base, frame, row_ids=[s.id for s in stages],
                columns={"customers": "customers"}, apply=save_counts,
                num_rows="fixed", hide_index=True, width="stretch", disabled=["stage"], placeholder="",
                column_config={
                    "stage": st.column_config.TextColumn(tr("hourglass.counts.stage")),
                    "customers": st.column_config.NumberColumn(
                        tr("hourglass.counts.customers"), help=tr("hourglass.counts.customers_help"),
                        min_value=FIELDS["stage"]["customers"].lo, step=1, format="%d"),
                },
            )
        if use_counts and about.button(tr("hourglass.counts.clear"), key=keys.hourglass(ws_id, "clear"),
                                       icon=":material/backspace:"):
            store.set_customer_counts(ws_id, {s.id: None for s in stages})
            version = editor_base + "__version"  # re-key the editor (table_editing.editor_key)
            st.session_state[version] = st.session_state.get(version, 0) + 1
            messages.saved()
            st.rerun()
