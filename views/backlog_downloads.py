"""The Backlog page's last parts: the items the audit resolved, and the
downloads.

One format picker and one button, from what this run has already read:
nothing is written to the database. Every file is made when the button is
pressed (a callable, run by Streamlit apart from the script), not on every
run of the page (issue 11: the CSV of a 400-touchpoint backlog was a tenth
of the page's run).
"""

import functools

import pandas as pd
import streamlit as st

from audit import exports, workbook
from views import keys
from views.session import tr

DOWNLOADS = (*exports.FORMATS, "audit")


def resolved(ws_id: int, resolved_items: list, stage_names: dict, source_names: dict, status_names: dict) -> None:
    """The items whose cause the audit no longer finds, folded."""
    if not resolved_items:
        return
    with st.expander(tr("backlog.resolved.title", n=len(resolved_items)), icon=":material/task_alt:",
                     expanded=False):
        st.caption(tr("backlog.resolved.help"))
        st.dataframe(
            pd.DataFrame([{"title": i.title, "touchpoint": i.touchpoint, "source": source_names.get(i.source, i.source),
                           "stage": stage_names.get(i.stage_uid, ""), "status": status_names.get(i.status),
                           "detail": i.detail} for i in resolved_items]),
            hide_index=True, width="stretch", key=keys.backlog(ws_id, "resolved"), placeholder="",
            column_config={
                "title": st.column_config.TextColumn(tr("backlog.col.title"), width="large", pinned=True),
                "touchpoint": st.column_config.TextColumn(tr("backlog.col.touchpoint"), width=150),
                "source": st.column_config.TextColumn(tr("backlog.col.source"), width=150),
                "stage": st.column_config.TextColumn(tr("backlog.col.stage"), width=110),
                "status": st.column_config.TextColumn(tr("backlog.col.status"), width=110),
                "detail": st.column_config.TextColumn(tr("backlog.col.detail"), width="large"),
            },
        )


def download_data(fmt: str, data, items, pack, framework: str, lang: str) -> bytes:
    if fmt == "audit":
        return workbook.audit_xlsx(data, items, pack=pack, lang=lang)
    return exports.backlog_file(items, stages=data.stages, framework=framework, lang=lang, fmt=fmt)


def show(ws, data, items, pack, lang: str) -> None:
    """The format picker and the download button."""
    labels = {fmt: tr(f"backlog.download.{fmt}") if fmt in ("csv", "excel-es") else tr(f"backlog.export.{fmt}")
              for fmt in DOWNLOADS}
    with st.container(key=keys.backlog(ws.id, "downloads")):
        st.subheader(tr("backlog.export.title"), anchor=False)
        pick, get = st.columns([3, 1], vertical_alignment="bottom")
        fmt = pick.selectbox(tr("backlog.export.format"), DOWNLOADS, key=keys.backlog(ws.id, "download-format"),
                             format_func=labels.get, help=tr("backlog.export.format_help"))
        make = functools.partial(download_data, fmt, data, items, pack, ws.framework, lang)
        get.download_button(
            tr("backlog.export.button"), key=keys.backlog(ws.id, "download"), icon=":material/download:",
            width="stretch", data=make, file_name=exports.file_name(ws.slug, fmt),  # made on the click
            mime=exports.MIME[fmt], on_click="ignore",
        )
        st.caption(tr(f"backlog.export.about.{fmt}"))
