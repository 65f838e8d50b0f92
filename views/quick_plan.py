"""The quick scan's third step, the plan: the backlog's top items, the
downloads, the way on to the full audit or back to the answers, and the
hourglass of what was answered."""

from __future__ import annotations

import altair as alt
import streamlit as st

from audit import charts, exports, quick_scan, scoring
from views import keys, session
from views.session import md, tr


def show(store, library, ws, lang: str) -> None:
    items = quick_scan.build(store, ws.id, library)
    data = store.workspace_data(ws.id)
    stage_names = {s.uid: s.display_name(ws.framework, lang) for s in data.stages}
    st.caption(tr("quick.step_of_workspace", n=3, workspace=md(ws.name)))
    st.title(tr("quick.plan_title"))
    left, right = st.columns([0.6, 0.4], gap="large")
    with left:
        if items:
            st.markdown(tr("quick.plan_intro"))
            st.markdown("\n".join(
                f"{n}. " + tr("quick.plan_item", title=md(item.title), stage=md(stage_names.get(item.stage_uid, "")))
                for n, item in enumerate(items[:quick_scan.TOP], 1)))
        else:
            st.info(tr("quick.plan_empty"), icon=":material/thumb_up:")
    with right:
        all_items = store.backlog_items(ws.id)
        formats = ("excel-es", "csv") if lang == "es" else ("csv", "excel-es")
        for fmt, kind in zip(formats, ("primary", "secondary")):
            label = tr("quick.download_csv") if kind == "primary" else tr(f"quick.download_other_{fmt.replace('-', '_')}")
            st.download_button(
                label, key=keys.quick(ws.id, f"download-{fmt}"), type=kind, icon=":material/download:",
                data=exports.backlog_csv(all_items, stages=data.stages, framework=ws.framework, lang=lang, fmt=fmt),
                file_name=f"backlog-{ws.slug}{'' if fmt == 'csv' else '-' + fmt}.csv", mime="text/csv",
                on_click="ignore", help=tr("quick.download_help"), width="stretch")
        if st.button(tr("quick.continue_full"), key=keys.quick(ws.id, "continue"), type="primary",
                     icon=":material/arrow_forward:", help=tr("quick.continue_full_help"), width="stretch"):
            st.session_state.pop(keys.quick(ws.id, "built"), None)
            session.open_workspace(ws.slug)
            st.switch_page("views/touchpoints.py")
        if st.button(tr("quick.change_answers"), key=keys.quick(ws.id, "change"), icon=":material/edit:",
                     width="stretch"):
            st.session_state.pop(keys.quick(ws.id, "built"), None)
            st.rerun()
    summaries = scoring.stage_summaries(data.stages, data.touchpoints)
    chart = charts.hourglass_chart(summaries, framework=ws.framework, lang=lang, use_counts=False,
                                   **session.chart_options(ws))
    padded = chart.properties(autosize=alt.AutoSizeParams(type="pad", contains="padding"))
    st.subheader(tr("quick.chart_title"))
    st.altair_chart(padded, key=keys.quick(ws.id, "chart"), width=session.chart_width("content"), theme=None)
