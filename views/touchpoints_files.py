"""The files the Touchpoints page's import offers to download: the template
(example rows in the journey's stages) and the workspace's own inventory, as
CSV or XLSX, made when a button is clicked (not on every run)."""

from __future__ import annotations

import streamlit as st

from audit.inventory_files import FLAG_WORDS, FORMATS, inventory_file, inventory_rows
from views import keys
from views.session import tr

MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def examples(stages, names: dict, lang: str) -> list[dict]:
    first = {"stage": names[stages[0].id], "importance": 5, "performance": 2, "emotion": -1,
             "moment_of_truth": FLAG_WORDS[lang][1]}
    first.update({f: tr(f"touchpoints.template.{f}1")
                  for f in ("name", "channel", "owner", "technology", "kpi", "notes")})
    first.update({f: tr(f"inventory.template.{f}1") for f in ("pain_points", "positives")})
    rows = [first]
    if len(stages) > 1:
        rows.append({"stage": "2", **{f: tr(f"touchpoints.template.{f}2")
                                      for f in ("name", "channel", "owner", "kpi", "notes")}})
    return rows


def show(ws, stages, names: dict, lang: str, touchpoints) -> None:
    labels = {fmt: tr(f"touchpoints.reimport.format_{fmt}") for fmt in FORMATS}
    fmt = st.segmented_control(tr("touchpoints.reimport.format"), list(FORMATS), key=keys.tp_file_format(ws.id),
                               default="xlsx", format_func=labels.get, selection_mode="single") or "xlsx"
    stage_names = [names[s.id] for s in stages]
    template, inventory = st.columns(2)
    with template:
        st.download_button(
            tr("touchpoints.import.template"), key=keys.tp_template(ws.id, lang, fmt),
            # Made when the button is clicked, not on every run (issue 11: a file per run
            # was most of the touchpoints page's time).
            data=lambda: inventory_file(fmt, lang, examples(stages, names, lang), stage_names=stage_names),
            file_name=tr("touchpoints.reimport.template_file", ext=fmt), mime=MIME[fmt],
            icon=":material/download:", help=tr("touchpoints.reimport.template_help"), on_click="ignore",
            width="stretch")
    if touchpoints:
        with inventory:
            st.download_button(
                tr("touchpoints.reimport.inventory"), key=keys.tp_inventory(ws.id, lang, fmt),
                data=lambda: inventory_file(fmt, lang, inventory_rows(touchpoints, stages, ws.framework, lang),
                                            stage_names=stage_names),
                file_name=tr("touchpoints.reimport.inventory_file", slug=ws.slug, ext=fmt), mime=MIME[fmt],
                icon=":material/table_view:", help=tr("touchpoints.reimport.inventory_help"),
                on_click="ignore", width="stretch")
