"""The import section of the Touchpoints page: a (re-)import that updates.

``show()`` draws it: the template and the workspace's own inventory (CSV or
XLSX) to download (``touchpoints_files``), the uploader, and for an uploaded file either every
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
from audit.model import InvalidValue
from views import keys, messages, session, touchpoints_files
from views.session import Keys, md, tr
from views.touchpoints_state import plural

UPLOAD_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls"]


class ImportKeys:
    """Session-state keys of this section (besides ``Keys.IMPORTED``)."""

    PARSED = "import_parsed"  # workspace id -> (file key, InventoryPlan or InvalidInventory)


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
    remove = bool(st.session_state.get(keys.tp_import_remove(ws.id)))
    try:
        with store.transaction():
            current = store.touchpoints(ws.id)
            plan = reimport.plan_reimport(cached[1], current, remove_missing=remove)
            check_workspace_limit(cached[0][1], len(current), len(plan.new),
                                  len(plan.missing) if remove else 0)
            if not plan.empty:
                store.apply_touchpoint_edits(ws.id, plan.edits())
    except (InvalidValue, InvalidInventory) as exc:
        messages.report(keys.tp_import(ws.id), exc)
        return
    messages.clear(keys.tp_import(ws.id))
    counts = {"new": len(plan.new), "changed": len(plan.changed),
              "removed": len(plan.missing) if remove else 0}
    applied().setdefault(ws.id, {})[digest] = counts
    st.session_state[keys.tp_import_remove(ws.id)] = False  # the next file starts with the safe choice again


def changes_frame(plan, names: dict, lang: str) -> pd.DataFrame:
    """The plan's lines (``reimport.change_rows``) under the catalog's headers."""
    headers = {c: tr(f"touchpoints.reimport.col_{c}") for c in reimport.CHANGE_COLUMNS}
    rows = reimport.change_rows(plan, names, lang)
    return pd.DataFrame([{headers[c]: row[c] for c in headers} for row in rows], columns=list(headers.values()))


def show_plan(store, ws, uploaded, digest: str, parsed, names: dict, lang: str) -> None:
    for warning in parsed.warning_texts(lang):
        st.warning(md(warning), icon=":material/info:")
    remove = bool(st.session_state.get(keys.tp_import_remove(ws.id)))
    plan = reimport.plan_reimport(parsed, store.touchpoints(ws.id), remove_missing=remove)
    done = applied().get(ws.id, {}).get(digest)
    messages.show(keys.tp_import(ws.id), icon=":material/error:")
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
            st.dataframe(changes_frame(plan, names, lang), hide_index=True, width="stretch")
    if plan.missing:
        st.checkbox(tr("touchpoints.reimport.remove", n=len(plan.missing)), key=keys.tp_import_remove(ws.id),
                    help=tr("touchpoints.reimport.remove_help"))
    if not plan.empty:
        st.button(tr("touchpoints.reimport.apply", new=counts["new"], changed=counts["changed"],
                     removed=counts["missing"] if plan.remove_missing else 0),
                  type="primary", key=keys.tp_import_apply(ws.id), icon=":material/published_with_changes:",
                  on_click=apply_file, args=(store, ws, digest))


def show(store, ws, stages, names: dict, lang: str, touchpoints: list) -> None:
    """The whole import section, below the stage tabs (``touchpoints``: the
    workspace's, as the page read them this run)."""
    st.divider()
    st.subheader(tr("touchpoints.import.title"))
    st.markdown(tr("touchpoints.import.format"))
    st.caption(tr("touchpoints.import.stages",
                  stages=" · ".join(f"{i} = {md(names[s.id])}" for i, s in enumerate(stages, 1))))
    touchpoints_files.show(ws, stages, names, lang, touchpoints)
    uploaded = st.file_uploader(tr("touchpoints.import.uploader"), type=UPLOAD_TYPES, key=keys.tp_import(ws.id),
                                help=tr("touchpoints.reimport.uploader_help"),
                                max_upload_size=MAX_BYTES // 2**20)
    if uploaded is None:
        return
    digest, parsed = parsed_file(store, ws, uploaded)
    if isinstance(parsed, InvalidInventory):
        problems = parsed.messages(lang)
        n = len(parsed.errors) + parsed.more
        body = "\n".join(f"- {md(m)}" for m in problems)
        st.error(plural("touchpoints.reimport.errors", n, file=md(uploaded.name)) + "\n\n" + body,
                 icon=":material/error:")
        return
    show_plan(store, ws, uploaded, digest, parsed, names, lang)
