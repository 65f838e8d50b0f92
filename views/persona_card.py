"""The Persona page's card: the persona as a client would read it, beside
its fields. User text as text (escaped Markdown), never HTML."""

from __future__ import annotations

import streamlit as st

from audit.model import PERSONA_FIELDS, Persona
from views.session import md, tr

ICONS = {"goals": ":material/flag:", "needs": ":material/handyman:", "pains": ":material/sentiment_dissatisfied:",
         "questions": ":material/help:", "sources": ":material/search:", "criteria": ":material/balance:",
         "objections": ":material/block:"}


def md_lines(text: str) -> str:
    """User text, line by line, made inert for Markdown."""
    return "  \n".join(md(line.strip()) for line in text.splitlines() if line.strip())


def show(persona: Persona) -> None:
    with st.container(border=True):
        st.caption(tr("persona.card_title"))
        who, _, situation = persona.name.strip().partition(",")  # "Marta, organising a dinner for four"
        st.subheader(md(who.strip()) if who.strip() else tr("persona.card_unnamed"), anchor=False)
        if situation.strip():
            st.markdown(f"**{md_lines(situation)}**")
        if persona.segment.strip():
            st.markdown(f"*{md_lines(persona.segment)}*")
        missing = [tr(f"persona.label.{f}") for f in PERSONA_FIELDS if not getattr(persona, f).strip()]
        for name in PERSONA_FIELDS[2:]:
            text = getattr(persona, name).strip()
            if text:
                st.markdown(f"**{ICONS[name]} {tr(f'persona.label.{name}')}**  \n{md_lines(text)}")
        if len(missing) == len(PERSONA_FIELDS):
            st.caption(tr("persona.card_empty"))
        elif missing:
            st.caption(tr("persona.card_missing", fields=", ".join(missing)))
