"""One stage of the Journey page, as a column: its number, name and
touchpoint count; while the page's "edit the stages" switch is on, the
controls to rename it, move it earlier or later, or delete it (a stage with
touchpoints is refused, and the page says why); and its text fields, each
saved as soon as it is committed."""

from __future__ import annotations

import streamlit as st

from audit.frameworks import default_stage_name
from audit.model import STAGE_TEXT_FIELDS, InvalidValue, Stage
from views import editing, keys, messages, session
from views.session import md, tr


def report_refused(slot: str, exc: InvalidValue, value: str) -> None:
    """A refused change, worded with what the user sees (not an internal id)."""
    messages.report(slot, InvalidValue(column=exc.column, value=value, rule=exc.rule, **exc.params)
                    if exc.rule else exc)


def stage_name(ws, stage: Stage, lang: str) -> str:
    return stage.display_name(ws.framework, lang)


@session.guarded
def move(store, ws, stage: Stage, delta: int) -> None:
    messages.clear(keys.journey_stages(ws.id))
    store.move_stage(ws.id, stage.id, delta)
    messages.toast("journey.moved", icon=":material/swap_horiz:")


@session.guarded
def delete(store, ws, stage: Stage, name: str) -> None:
    try:
        store.delete_stage(ws.id, stage.id)
    except InvalidValue as exc:
        report_refused(keys.journey_stages(ws.id), exc, name)
    else:
        messages.clear(keys.journey_stages(ws.id))
        messages.toast("journey.deleted", icon=":material/delete:", name=name)


def saver(store, ws, stage: Stage, name: str):
    def save(value: str) -> None:
        store.update_stage(ws.id, stage.id, **{name: value})
    return save


def touchpoint_count(n: int) -> str:
    if n == 0:
        return tr("journey.touchpoints_none")
    return tr("journey.touchpoints_one") if n == 1 else tr("journey.touchpoints", n=n)


def column(store, ws, stage: Stage, n: int, last: int, touchpoints: int, lang: str, editing_stages: bool) -> None:
    """The stage's column (``n`` of ``last``; ``touchpoints``: how many it has); with
    ``editing_stages``, its controls under the head."""
    name = stage_name(ws, stage, lang)
    part = lambda what: keys.journey_stage(ws.id, stage.uid, what)  # noqa: E731
    # The number, the name and the count: one element (each is a message and a redraw), the count
    # in words rather than in a tooltip (the browser draws every tooltip on each switch to the page:
    # the 35 of the headings and fields were about a tenth of it, issue 11).
    st.markdown(f"{session.small_print(tr('journey.stage_number', n=n))}  \n**{md(name)}**  \n"
                f"{session.small_print(touchpoint_count(touchpoints))}")
    # Renaming, moving and deleting are rare next to writing in a stage: their controls are drawn
    # while the page's one switch is on (seven menus, or seven rows of arrows with their tooltips,
    # were a seventh of the browser's work on each switch to the page, issue 11).
    if editing_stages:
        controls(store, ws, stage, name, n, last, lang)
    for field in STAGE_TEXT_FIELDS:
        editing.text_input(
            tr(f"journey.label.{field}"), key=part(field), value=getattr(stage, field),
            on_save=saver(store, ws, stage, field), placeholder=tr(f"journey.placeholder.{field}"),
            height=120,  # the placeholder gives the example: no tooltip on each field (see above)
        )


def controls(store, ws, stage: Stage, name: str, n: int, last: int, lang: str) -> None:
    """The stage's controls (``n`` of ``last``): its name, move it earlier or later, delete it."""
    part = lambda what: keys.journey_stage(ws.id, stage.uid, what)  # noqa: E731
    default = default_stage_name(ws.framework, stage.key, lang)
    editing.text_input(
        tr("journey.name"), key=part("name"), value=stage.name, on_save=saver(store, ws, stage, "name"),
        area=False, placeholder=default or tr("journey.add_placeholder"),
        help=tr("journey.name_help", default=default) if default else tr("journey.custom_name_help"),
    )
    with st.container(horizontal=True, gap="small"):
        st.button(tr("journey.move_left"), icon=":material/chevron_left:", key=part("left"), disabled=n == 1,
                  on_click=move, args=(store, ws, stage, -1), width="stretch", help=tr("journey.move_left_help"))
        st.button(tr("journey.move_right"), icon=":material/chevron_right:", key=part("right"),
                  disabled=n == last, on_click=move, args=(store, ws, stage, 1), width="stretch",
                  icon_position="right", help=tr("journey.move_right_help"))
    st.button(tr("journey.delete"), key=part("delete"), icon=":material/delete:", width="stretch",
              help=tr("journey.delete_help"), on_click=delete, args=(store, ws, stage, name))
