"""Small checklist packs built in tests (the shipped packs are being filled in)."""

from __future__ import annotations

from audit.checklists import Library, parse_pack


def text(en: str, es: str) -> dict:
    return {"en": en, "es": es}


def entry(id, stage, en, es, *, aliases=(), aliases_es=(), importance=5, moment=True, improve=(),
          owner=("Owner", "Dueño/a"), kpi=("Profile views", "Visitas a la ficha")) -> dict:
    return {
        "id": id, "stage": stage, "name": text(en, es), "channel": "online",
        "aliases": {"en": list(aliases), "es": list(aliases_es)},
        "owner": text(*owner), "kpi": text(*kpi), "importance": importance, "moment": moment,
        "improve": [{"action": text(a_en, a_es), "impact": i, "ease": e} for a_en, a_es, i, e in improve],
    }


def question(id, stage, about=(), *, impact=7, ease=8) -> dict:
    return {
        "id": id, "stage": stage, "text": text(f"Q {id}?", f"¿P {id}?"),
        "action": text(f"Do {id} this week.", f"Haz {id} esta semana."),
        "why": text(f"Why {id}.", f"Por qué {id}."), "impact": impact, "ease": ease, "about": list(about),
    }


GOOGLE = entry("google-profile", "know", "Google Business Profile", "Ficha de Google",
               aliases=["GBP", "Google listing"], aliases_es=["Google Maps"],
               improve=[("Upload ten real photos to the Google profile.", "Sube diez fotos reales a la ficha de Google.", 8, 8),
                        ("Answer every review.", "Responde a todas las reseñas.", 6, 9)])
WAITING = entry("waiting-room", "try", "Waiting room", "Sala de espera", aliases_es=["Espera"],
                owner=("Reception", "Recepción"), kpi=("Minutes waited", "Minutos de espera"),
                improve=[("Note the real start time of each appointment for a week.",
                          "Apunta una semana la hora real a la que empieza cada cita.", 7, 7)])
BARE = entry("price-list", "like", "Price list", "Lista de precios", improve=[])
# the same name in two stages: the touchpoint's own stage wins
REVIEWS_TRUST = entry("reviews", "trust", "Reviews", "Reseñas",
                      improve=[("Reply to reviews.", "Contesta las reseñas.", 6, 8)])
REVIEWS_REFER = entry("review-request", "refer", "Review request", "Petición de reseña", aliases=["Reviews"],
                      aliases_es=["Reseñas"], improve=[("Ask for a review at the till.", "Pide una reseña en caja.", 7, 9)])

QUESTIONS = [
    question("know-google", "know", ["google-profile"]),
    question("know-google-photos", "know", ["google-profile"], impact=5, ease=5),
    question("try-wait", "try", ["waiting-room"], impact=9, ease=6),
    question("like-general", "like", []),
    question("refer-ask", "refer", ["review-request"], impact=8, ease=9),
]


def pack(touchpoints=None, questions=None, pack_id="general"):
    return parse_pack({
        "pack": {"id": pack_id, "name": text("General", "General")},
        "touchpoint": [GOOGLE, WAITING, BARE, REVIEWS_TRUST, REVIEWS_REFER] if touchpoints is None else touchpoints,
        "question": QUESTIONS if questions is None else questions,
    }, "test.toml")


def library(*packs) -> Library:
    packs = packs or (pack(),)
    return Library({p.id: p for p in packs}, [])
