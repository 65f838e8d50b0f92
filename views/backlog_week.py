"""The Backlog page's "this week": the top items as cards, the owner's
evidence first (where, who, how it is measured, when)."""

import streamlit as st

from audit import backlog_review
from views import keys, session
from views.session import md, tr


def shown_date(text: str) -> str:
    """A stored date in the interface language's format; blank when empty."""
    day = backlog_review.date_of(text)
    if day is None:
        return ""
    return tr("backlog.date", d=day.day, y=day.year, month=tr(f"backlog.month.{day.month}"))


def card(ws_id: int, n: int, item, stage_names: dict) -> None:
    with st.container(border=True, key=keys.backlog_card(ws_id, item.uid)):
        # one markdown: the title, why (small print), where, who, the measure, the dates
        # (each element is a message and a redraw, issue 11)
        lines = [f"**{n}. {md(item.title)}**"] + ([session.small_print(md(item.detail))] if item.detail else [])
        facts = []
        where = [md(x) for x in (item.touchpoint, stage_names.get(item.stage_uid, "")) if x]
        if where:
            facts.append(":material/place: " + " · ".join(where))
        facts.append(":material/person: " + (md(item.owner) if item.owner else tr("backlog.week.no_owner")))
        if item.kpi:
            measure = md(item.kpi) + (f" → {md(item.kpi_target)}" if item.kpi_target else "")
            facts.append(":material/monitoring: " + measure)
        if item.due_date:
            facts.append(":material/event: " + tr("backlog.week.due", date=shown_date(item.due_date)))
        if item.review_date:
            facts.append(":material/event_repeat: " + tr("backlog.week.review", date=shown_date(item.review_date)))
        st.markdown("  \n".join(lines + [" · ".join(facts)]))


def show(ws_id: int, week: list, rank_of: dict, stage_names: dict) -> None:
    """The cards of ``week`` (the top items), numbered by their rank."""
    if not week:
        return
    st.subheader(tr("backlog.week.title"), anchor=False)
    st.caption(tr("backlog.week.help"))
    for item in week:
        card(ws_id, rank_of[item.id], item, stage_names)
