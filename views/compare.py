"""Re-audit — /compare: take a snapshot, pick two, see what changed.

"Take a snapshot" records the audit's metrics now (``snapshot.take``: the
backlog is regenerated first, one transaction). With two or more snapshots,
"Before" and "After" pick them (by default the last two); the page then
shows, per stage, before → after (change) of health, coverage, average
emotion and checklist score (``audit.compare``), the whole checklist and the
backlog counts, a before/after chart of one metric (``audit.compare_chart``),
and the backlog items done in between. Only the snapshot button writes.
"""

import pandas as pd
import streamlit as st

from audit import compare, snapshot
from audit.compare_chart import compare_chart
from views import keys, messages, session
from views.session import md, tr

store = session.store()
library = session.library()
ws = session.require_workspace("compare")
lang = session.lang()

label_key = keys.compare(ws.id, "label")
before_key = keys.compare(ws.id, "before")
after_key = keys.compare(ws.id, "after")


def snapshot_name(snap) -> str:
    return snap.label or tr("compare.unnamed", id=snap.id)


def option_text(snap) -> str:
    """A snapshot as the pickers show it (plain text: options are not Markdown)."""
    return tr("compare.option", name=snapshot_name(snap), date=snap.taken_at[:16].replace("T", " "))


@session.guarded
def take() -> None:
    label = (st.session_state.get(label_key) or "").strip()
    new_id = snapshot.take(store, store.workspace(ws.id), library, label=label)
    st.session_state[label_key] = ""
    st.session_state[before_key] = None  # the defaults follow: the last two snapshots
    st.session_state[after_key] = new_id
    messages.toast("compare.taken", icon=":material/photo_camera:", name=label or tr("compare.unnamed", id=new_id))


st.caption(messages.text("compare.step", workspace=ws.name))
st.title(tr("compare.title"))
st.markdown(tr("compare.intro"))

snapshots = store.snapshots(ws.id)
by_id = {s.id: s for s in snapshots}

with st.container(border=True):
    st.markdown(f"**{tr('compare.take_title')}**")
    st.caption(tr("compare.take_text"))
    field, button = st.columns([3, 1], vertical_alignment="bottom")
    with field:
        st.text_input(tr("compare.label"), key=label_key, placeholder=tr("compare.label_placeholder"),
                      max_chars=200)
    with button:
        st.button(tr("compare.take"), key=keys.compare(ws.id, "take"), type="primary", icon=":material/photo_camera:",
                  on_click=take, width="stretch")
    if snapshots:
        n = len(snapshots)
        st.caption(tr("compare.count_one") if n == 1 else tr("compare.count_other", n=n))

if not snapshots:
    st.info(tr("compare.none_yet"), icon=":material/photo_camera:")
    st.stop()
if len(snapshots) == 1:
    st.info(messages.text("compare.one_only", name=option_text(snapshots[0])), icon=":material/photo_camera:")
    st.stop()

# -- pick two ------------------------------------------------------------------
ids = [s.id for s in snapshots]
options = {s.id: option_text(s) for s in snapshots}
if st.session_state.get(after_key) not in ids:
    st.session_state[after_key] = ids[-1]
if st.session_state.get(before_key) not in ids:
    position = ids.index(st.session_state[after_key])
    st.session_state[before_key] = ids[position - 1] if position else ids[0]

st.subheader(tr("compare.pick_title"))
left, right = st.columns(2)
with left:
    st.selectbox(tr("compare.before"), ids, key=before_key, format_func=options.get)
with right:
    st.selectbox(tr("compare.after"), ids, key=after_key, format_func=options.get)
before, after = by_id[st.session_state[before_key]], by_id[st.session_state[after_key]]
if before.id == after.id:
    st.warning(tr("compare.same"), icon=":material/warning:")
    st.stop()

result = compare.compare_snapshots(before, after)
if not result.changed:
    st.info(tr("compare.nothing_changed"), icon=":material/info:")

# -- the whole journey ---------------------------------------------------------
overall, done, still_open = st.columns(3)
checklist_before, checklist_after = result.checklist
change = compare.difference(checklist_before, checklist_after)
overall.metric(tr("compare.checklist_overall"), compare.format_value("checklist", checklist_after, lang),
               delta=compare.format_change("checklist", change, lang) if change else None)
done_before, done_after = result.backlog.get("done", (None, None))
done.metric(tr("compare.done_count"),
            len(result.done_since) if result.items_known else compare.format_value("coverage", done_after, lang))
open_before, open_after = result.backlog.get("open", (None, None))
open_change = compare.difference(open_before, open_after)
still_open.metric(tr("compare.open_count"), compare.format_value("coverage", open_after, lang),
                  delta=compare.format_change("coverage", open_change, lang) if open_change else None,
                  delta_color="inverse")

# -- per stage -------------------------------------------------------------------
rows = []
for stage in result.stages:
    name = stage.display_name(result.framework, lang)
    if stage.before is None:
        name = tr("compare.stage_added", name=name)
    elif stage.after is None:
        name = tr("compare.stage_removed", name=name)
    rows.append({tr("compare.col_stage"): name,
                 **{tr(f"compare.metric.{m}"): compare.format_cell(stage, m, lang) for m in compare.METRICS}})
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
st.caption(tr("compare.table_caption"))

metric_labels = {m: tr(f"compare.metric.{m}") for m in compare.METRICS}
metric = st.segmented_control(tr("compare.metric_pick"), list(compare.METRICS), key=keys.compare(ws.id, "metric"),
                              default="health",
                              format_func=lambda m: session.option_label(metric_labels[m])) or "health"
st.altair_chart(compare_chart(result, metric, lang=lang, before_label=snapshot_name(before),
                              after_label=snapshot_name(after)), width="stretch")

# -- backlog items done in between -----------------------------------------------------
st.subheader(tr("compare.done_title"))
if not result.items_known:
    st.caption(tr("compare.done_unknown"))
elif result.done_since:
    st.markdown("\n".join(f"- {md(item.get('title', ''))}" for item in result.done_since))
else:
    st.caption(tr("compare.done_none"))
if result.resolved_since:
    st.markdown(f"**{tr('compare.resolved_title')}**")
    st.markdown("\n".join(f"- {md(item.get('title', ''))}" for item in result.resolved_since))
