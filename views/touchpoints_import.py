"""The import section of the Touchpoints page: a (re-)import that updates.

``show()`` draws it: the template and the workspace's own inventory (CSV or
XLSX) to download, the uploader, and for an uploaded file either every
problem it has or its plan (``audit.reimport``): counts, a table of what
would change, the explicit "also remove what is not in the file" choice,
and one "Apply" button. Nothing is written before that click, and then in
one transaction.

``st.file_uploader`` keeps its file across reruns: the file is parsed once
per content hash (and journey), and the plan, cheap, is made afresh on each
run against what the store holds, so it is never stale. Applying the same
file again finds nothing to change.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from audit import reimport
from audit.inventory import MAX_BYTES, InvalidInventory, check_workspace_limit, parse_inventory
from audit.inventory_files import FLAG_WORDS, FORMATS, inventory_file, inventory_rows
from audit.model import CHANNELS, InvalidValue
from views import session
from views.session import Keys, md, tr

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls"]
MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class ImportKeys:
    """Session-state keys of this section (besides ``Keys.IMPORTED``)."""

    PARSED = "import_parsed"  # workspace id -> (file key, InventoryPlan or InvalidInventory)


def uploader_key(ws) -> str:
    return f"tp-import-{ws.id}"


def remove_key(ws) -> str:
    return f"tp-import-remove-{ws.id}"


def plural(key: str, n: int, **values) -> str:
    return tr(f"{key}_one" if n == 1 else f"{key}_other", n=n, **values)


def applied() -> dict:
    """Files applied to each workspace in this session: id -> content hash -> counts."""
    return st.session_state.setdefault(Keys.IMPORTED, {})


def parsed_file(store, ws, uploaded):
    """The uploaded file read against the journey: an InventoryPlan, or the
    InvalidInventory with every problem. Parsed once per content and journey."""
    content = uploaded.getvalue()
    stages = store.stages(ws.id)
    file_key = (hashlib.sha256(content).hexdigest(), uploaded.name,
                tuple((s.id, s.position, s.name) for s in stages), ws.framework)
    cached = st.session_state.setdefault(ImportKeys.PARSED, {}).get(ws.id)
    if cached and cached[0] == file_key:
        return file_key[0], cached[1]
    try:
        result = parse_inventory(content, uploaded.name, stages=stages, framework=ws.framework)
    except InvalidInventory as exc:
        result = exc
    st.session_state[ImportKeys.PARSED][ws.id] = (file_key, result)  # one file per workspace kept
    return file_key[0], result


@session.guarded
def apply_file(store, ws, digest: str) -> None:
    """The "Apply" click: plan against the store as it is now, then write in one transaction."""
    cached = st.session_state.get(ImportKeys.PARSED, {}).get(ws.id)
    if not cached or cached[0][0] != digest or isinstance(cached[1], InvalidInventory):
        return
    remove = bool(st.session_state.get(remove_key(ws)))
    try:
        with store.transaction():
            current = store.touchpoints(ws.id)
            plan = reimport.plan_reimport(cached[1], current, remove_missing=remove)
            check_workspace_limit(cached[0][1], len(current), len(plan.new),
                                  len(plan.missing) if remove else 0)
            if not plan.empty:
                store.apply_touchpoint_edits(ws.id, plan.edits())
    except (InvalidValue, InvalidInventory) as exc:
        st.session_state.setdefault(Keys.ERRORS, {})[uploader_key(ws)] = md(session.error_text(exc))
        return
    st.session_state.get(Keys.ERRORS, {}).pop(uploader_key(ws), None)
    counts = {"new": len(plan.new), "changed": len(plan.changed),
              "removed": len(plan.missing) if remove else 0}
    applied().setdefault(ws.id, {})[digest] = counts
    st.session_state[remove_key(ws)] = False  # the next file starts with the safe choice again


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


def shown_value(field: str, value) -> str:
    if value is None or value == "":
        return tr("touchpoints.reimport.empty_value")
    if field == "channel" and value in CHANNELS:
        return tr(f"touchpoints.channel.{value}")
    if field == "moment_of_truth":
        return tr("answer.yes") if value else tr("answer.no")
    return str(value)


def changes_frame(plan, names: dict) -> pd.DataFrame:
    """One line per new touchpoint, per changed field, per touchpoint not in the file."""
    col = {k: tr(f"touchpoints.reimport.col_{k}")
           for k in ("row", "stage", "touchpoint", "change", "field", "before", "after")}
    rows = []
    for number, row in zip(plan.new_rows, plan.new):
        rows.append({col["row"]: number, col["stage"]: names.get(row["stage_id"], ""),
                     col["touchpoint"]: row["name"], col["change"]: tr("touchpoints.reimport.new"),
                     col["field"]: "", col["before"]: "", col["after"]: ""})
    for change in plan.changed:
        for field, (old, new) in change.fields.items():
            rows.append({col["row"]: change.file_row, col["stage"]: names.get(change.stage_id, ""),
                         col["touchpoint"]: change.name, col["change"]: tr("touchpoints.reimport.changed"),
                         col["field"]: tr(f"field.{field}"), col["before"]: shown_value(field, old),
                         col["after"]: shown_value(field, new)})
    fate = tr("touchpoints.reimport.missing_removed" if plan.remove_missing else "touchpoints.reimport.missing_kept")
    for tp in plan.missing:
        rows.append({col["row"]: None, col["stage"]: names.get(tp.stage_id, ""), col["touchpoint"]: tp.name,
                     col["change"]: fate, col["field"]: "", col["before"]: "", col["after"]: ""})
    rows.sort(key=lambda r: float("inf") if r[col["row"]] is None else r[col["row"]])  # file order, then missing
    for row in rows:  # text, so a touchpoint not in the file shows an empty cell, not "None"
        row[col["row"]] = "" if row[col["row"]] is None else str(row[col["row"]])
    return pd.DataFrame(rows, columns=list(col.values()))


def downloads(store, ws, stages, names: dict, lang: str, touchpoints) -> None:
    labels = {fmt: tr(f"touchpoints.reimport.format_{fmt}") for fmt in FORMATS}
    fmt = st.segmented_control(tr("touchpoints.reimport.format"), list(FORMATS), key=f"tp-template-format-{ws.id}",
                               default="xlsx", format_func=labels.get, selection_mode="single") or "xlsx"
    stage_names = [names[s.id] for s in stages]
    template, inventory = st.columns(2)
    with template:
        st.download_button(
            tr("touchpoints.import.template"), key=f"tp-template-{ws.id}-{lang}-{fmt}",
            # Made when the button is clicked, not on every run (issue 11: a file per run
            # was most of the touchpoints page's time).
            data=lambda: inventory_file(fmt, lang, examples(stages, names, lang), stage_names=stage_names),
            file_name=tr("touchpoints.reimport.template_file", ext=fmt), mime=MIME[fmt],
            icon=":material/download:", help=tr("touchpoints.reimport.template_help"), on_click="ignore",
            width="stretch")
    if touchpoints:
        with inventory:
            st.download_button(
                tr("touchpoints.reimport.inventory"), key=f"tp-inventory-{ws.id}-{lang}-{fmt}",
                data=lambda: inventory_file(fmt, lang, inventory_rows(touchpoints, stages, ws.framework, lang),
                                            stage_names=stage_names),
                file_name=tr("touchpoints.reimport.inventory_file", slug=ws.slug, ext=fmt), mime=MIME[fmt],
                icon=":material/table_view:", help=tr("touchpoints.reimport.inventory_help"),
                on_click="ignore", width="stretch")


def show_plan(store, ws, uploaded, digest: str, parsed, names: dict, lang: str) -> None:
    for warning in parsed.warning_texts(lang):
        st.warning(md(warning), icon=":material/info:")
    remove = bool(st.session_state.get(remove_key(ws)))
    plan = reimport.plan_reimport(parsed, store.touchpoints(ws.id), remove_missing=remove)
    done = applied().get(ws.id, {}).get(digest)
    problem = st.session_state.get(Keys.ERRORS, {}).get(uploader_key(ws))
    if problem:
        st.error(problem, icon=":material/error:")
    if plan.empty:
        if done is not None:
            st.success(tr("touchpoints.reimport.applied", file=md(uploaded.name), **done), icon=":material/check_circle:")
        else:
            st.info(tr("touchpoints.reimport.nothing", file=md(uploaded.name)), icon=":material/check_circle:")
        if plan.missing:
            st.caption(plural("touchpoints.reimport.nothing_missing", len(plan.missing)))
    else:
        st.markdown(tr("touchpoints.reimport.plan", file=md(uploaded.name)))
    counts = plan.counts()
    if not plan.empty or plan.missing:
        for column, key in zip(st.columns(4), ("new", "changed", "unchanged", "missing")):
            column.metric(tr(f"touchpoints.reimport.{key}"), counts[key])
        if plan.new or plan.changed or plan.missing:
            st.dataframe(changes_frame(plan, names), hide_index=True, width="stretch")
    if plan.missing:
        st.checkbox(tr("touchpoints.reimport.remove", n=len(plan.missing)), key=remove_key(ws),
                    help=tr("touchpoints.reimport.remove_help"))
    if not plan.empty:
        st.button(tr("touchpoints.reimport.apply", new=counts["new"], changed=counts["changed"],
                     removed=counts["missing"] if plan.remove_missing else 0),
                  type="primary", key=f"{uploader_key(ws)}-go", icon=":material/published_with_changes:",
                  on_click=apply_file, args=(store, ws, digest))


def show(store, ws, stages, names: dict, lang: str) -> None:
    """The whole import section, below the stage tabs."""
    touchpoints = store.touchpoints(ws.id)
    st.divider()
    st.subheader(tr("touchpoints.import.title"))
    st.markdown(tr("touchpoints.import.format"))
    st.caption(tr("touchpoints.import.stages",
                  stages=" · ".join(f"{i} = {md(names[s.id])}" for i, s in enumerate(stages, 1))))
    downloads(store, ws, stages, names, lang, touchpoints)
    uploaded = st.file_uploader(tr("touchpoints.import.uploader"), type=UPLOAD_TYPES, key=uploader_key(ws),
                                help=tr("touchpoints.reimport.uploader_help"),
                                max_upload_size=MAX_BYTES // 2**20)
    if uploaded is None:
        return
    digest, parsed = parsed_file(store, ws, uploaded)
    if isinstance(parsed, InvalidInventory):
        messages = parsed.messages(lang)
        n = len(parsed.errors) + parsed.more
        body = "\n".join(f"- {md(m)}" for m in messages)
        st.error(plural("touchpoints.reimport.errors", n, file=md(uploaded.name)) + "\n\n" + body,
                 icon=":material/error:")
        return
    show_plan(store, ws, uploaded, digest, parsed, names, lang)
