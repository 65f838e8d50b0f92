"""The Backlog page's "one item in full": its facts, its text fields and
review date (saved at once), and, for an own item, delete."""

import streamlit as st

from audit import backlog_review
from views import editing, keys, messages, session
from views.session import md, tr


def facts(item, stage_names: dict, source_names: dict, status_names: dict) -> str:
    parts = [source_names.get(item.source, item.source)]
    if item.touchpoint:
        parts.append(md(item.touchpoint))
    if item.stage_uid in stage_names:
        parts.append(tr("backlog.detail.stage", stage=md(stage_names[item.stage_uid])))
    parts.append(tr("backlog.detail.ice", ice=item.ice, impact=item.impact, confidence=item.confidence,
                    ease=item.ease))
    if item.gap is not None:
        parts.append(tr("backlog.detail.gap", gap=item.gap))
    parts.append(status_names.get(item.status, item.status))
    return " · ".join(parts)


def review_date(ws_id: int, item) -> None:
    store = session.store()
    key = keys.backlog_item(ws_id, item.uid, "review")
    start = editing.start_value(key, backlog_review.date_of(item.review_date))

    @session.guarded
    def save_review(item_id=item.id) -> None:
        day = st.session_state.get(key)
        store.update_backlog_item(ws_id, item_id, review_date=day.isoformat() if day else "")
        messages.saved()

    st.date_input(tr("backlog.col.review_date"), key=key, on_change=save_review,
                  format=tr("backlog.date_widget"), help=tr("backlog.help.review_date"), **start)


def delete(ws_id: int, item) -> None:
    with st.popover(tr("backlog.own.delete"), icon=":material/delete:"):
        st.markdown(messages.text("backlog.own.delete_confirm", title=item.title))
        if st.button(tr("backlog.own.delete_yes"), key=keys.backlog_item(ws_id, item.uid, "delete"), type="primary"):
            session.store().delete_manual_items(ws_id, [item.id])
            st.session_state.pop(keys.backlog(ws_id, "detail-pick"), None)
            messages.toast("backlog.own.deleted", icon=":material/delete:", title=item.title)
            st.rerun()


def show(ws_id: int, shown: list, rank_of: dict, stage_names: dict, source_names: dict, status_names: dict) -> None:
    """Pick one of the items shown and edit it in full."""
    store = session.store()
    st.subheader(tr("backlog.detail.title"), anchor=False)
    labels = {i.id: f"#{rank_of[i.id]} · {i.title}" for i in sorted(shown, key=lambda i: rank_of[i.id])}
    picked_id = st.selectbox(tr("backlog.detail.pick"), list(labels), key=keys.backlog(ws_id, "detail-pick"),
                             format_func=labels.get)
    item = next((i for i in shown if i.id == picked_id), shown[0])

    def field(name: str, *, area: bool = False, **kwargs) -> None:
        editing.text_input(tr(f"backlog.col.{name}"), key=keys.backlog_item(ws_id, item.uid, name),
                           value=getattr(item, name), area=area,
                           on_save=lambda value, item_id=item.id: store.update_backlog_item(
                               ws_id, item_id, **{name: value}), **kwargs)

    with st.container(border=True):
        st.markdown(f"**{md(item.title)}**")
        st.caption(facts(item, stage_names, source_names, status_names))
        field("detail", area=True, placeholder=tr("backlog.detail.placeholder"), height=110)
        left, right = st.columns(2)
        with left:
            field("audience", help=tr("backlog.help.audience"))
            field("owner", help=tr("backlog.help.owner"))
        with right:
            field("kpi", help=tr("backlog.help.kpi"))
            field("kpi_target", help=tr("backlog.help.kpi_target"))
        review_date(ws_id, item)
        if item.source == "manual":
            delete(ws_id, item)
        else:
            st.caption(tr("backlog.detail.generated"))
