"""Map 1 · Persona: who the customer is, what they want, and how they
search and decide before they know us. The primary persona comes first;
others are optional. Every field is saved as soon as it is committed, and
the persona card beside the fields shows the result as plain text
(``persona_card``); a secondary persona is deleted after a confirmation
(``persona_delete``)."""

import streamlit as st

from audit.model import PERSONA_FIELDS, Persona
from views import editing, keys, messages, persona_card, persona_delete, session
from views.session import md, tr

store = session.store()
ws = session.require_workspace("persona")
session.page_header("persona", ws)
lang = session.lang()
pack = session.library().pack(ws.industry)

#: The fields in the order a person is described, grouped for the form.
GROUPS = (
    ("who", ("name", "segment")),
    ("want", ("goals", "needs", "pains")),
    ("search", ("questions", "sources")),
    ("decide", ("criteria", "objections")),
)
HEIGHTS = {"name": 68, "segment": 68}
#: The persona whose tab is open: the one last chosen, added or edited. The
#: tab labels hold names, so they change; this keeps the same persona open.
OPEN = keys.persona_open(ws.id)
TABS = keys.persona_tabs(ws.id)


def fresh(persona_id: int) -> Persona | None:
    return next((p for p in store.personas(ws.id) if p.id == persona_id), None)


def template_for_empty(persona: Persona) -> dict[str, str]:
    return pack.persona_fill(persona, ws.lang) if pack else {}


def short_name(persona: Persona) -> str:
    """The name up to its first comma, for a tab label."""
    name = persona.name.strip().split(",")[0].split("\n")[0].strip()
    return name[:32] + "…" if len(name) > 33 else name


def tab_label(persona: Persona, n: int) -> str:
    name = short_name(persona)
    if persona.is_primary:
        return f":material/star: {md(name)}" if name else f":material/star: {tr('persona.primary')}"
    return md(name) if name else tr("persona.unnamed", n=n)


def display_name(persona: Persona, n: int) -> str:
    return persona.name.strip() or (tr("persona.primary") if persona.is_primary else tr("persona.unnamed", n=n))


# -- actions (callbacks: they run before the page is drawn) ---------------------
def saver(persona: Persona, name: str):
    def save(value: str) -> None:
        store.update_persona(ws.id, persona.id, **{name: value})
        st.session_state[OPEN] = persona.uid
    return save


@session.guarded
def fill_template(persona_id: int) -> None:
    persona = fresh(persona_id)
    values = template_for_empty(persona) if persona else {}
    if values:
        store.update_persona(ws.id, persona_id, **values)
        messages.toast("persona.filled", n=len(values))
    else:
        messages.toast("persona.nothing_to_fill", icon=":material/info:")


@session.guarded
def add_persona() -> None:
    persona = store.add_persona(ws.id)
    st.session_state[OPEN] = persona.uid
    st.session_state[TABS] = tab_label(persona, len(store.personas(ws.id)))
    messages.toast("persona.added", icon=":material/add:")


def tab_chosen(uids: dict[str, str]) -> None:
    st.session_state[OPEN] = uids.get(st.session_state.get(TABS))


# -- drawing ----------------------------------------------------------------------
def fields(persona: Persona) -> None:
    for group, names in GROUPS:
        st.markdown(f"##### {tr(f'persona.group.{group}')}")
        for column, name in zip(st.columns(len(names)), names):
            with column:
                key = keys.persona_field(ws.id, persona.uid, name)
                editing.text_input(
                    tr(f"persona.label.{name}"), key=key, value=getattr(persona, name),
                    on_save=saver(persona, name), placeholder=tr(f"persona.placeholder.{name}"),
                    help=tr(f"persona.help.{name}"), height=HEIGHTS.get(name, 120),
                )


def template_offer(persona: Persona) -> None:
    if pack is None or not template_for_empty(persona):
        return
    industry = pack.name(lang)
    empty = all(not getattr(persona, f).strip() for f in PERSONA_FIELDS)
    with st.container(border=empty):
        st.markdown(tr("persona.fill_empty" if empty else "persona.fill_partly", industry=industry))
        st.button(tr("persona.fill_template", industry=industry), key=keys.persona_fill(ws.id),
                  icon=":material/auto_awesome:", type="primary" if empty else "secondary",
                  on_click=fill_template, args=(persona.id,))


personas = session.workspace_data(ws.id).personas  # read once per change of the workspace
if not personas:  # e.g. a workspace file without one
    st.info(tr("persona.none"), icon=":material/arrow_downward:")
labels = [tab_label(p, n) for n, p in enumerate(personas, 1)]
wanted = next((labels[i] for i, p in enumerate(personas) if p.uid == st.session_state.get(OPEN)), None)
tabs = st.tabs(labels, default=wanted, key=TABS, on_change=tab_chosen,
               args=({label: p.uid for label, p in zip(labels, personas)},)) if personas else []
for n, (tab, persona) in enumerate(zip(tabs, personas), 1):
    with tab:
        form, summary = st.columns([3, 2], gap="large")
        with form:
            # Always a block here, so the fields keep their place (and a half-typed
            # text its box) when the offer moves beside them after the first edit.
            with st.container():
                if persona.is_primary and all(not getattr(persona, f).strip() for f in PERSONA_FIELDS):
                    template_offer(persona)
            fields(persona)
            if not persona.is_primary:
                persona_delete.control(store, ws, persona, display_name(persona, n))
        with summary:
            persona_card.show(persona)
            if persona.is_primary and any(getattr(persona, f).strip() for f in PERSONA_FIELDS):
                template_offer(persona)

st.divider()
with st.container(horizontal=True, vertical_alignment="center"):
    st.button(tr("persona.add"), key=keys.persona_add(ws.id), icon=":material/add:", on_click=add_persona)
    st.caption(tr("persona.secondary_hint"))

session.next_step("persona", ws)
