"""Map 1 · Persona page: fields saved at once, the industry template, other
personas, the persona card, and user text never rendered as HTML."""

import pytest

from audit.i18n import t
from audit.model import PERSONA_FIELDS, MAX_TEXT
from rendered import walk

XSS = "<img src=x onerror=alert(1)>"


def key(ws, persona, field):
    return f"persona-{ws.id}-{persona.uid}-{field}"


def primary(app_store, ws):
    return next(p for p in app_store.personas(ws.id) if p.is_primary)


def nodes(at):
    yield from walk(at.main)
    yield from walk(at.sidebar)


def template_button_label(library, ws, lang):
    return t("persona.fill_template", lang, industry=library.pack(ws.industry).name(lang))


@pytest.fixture
def empty_ws(app_store):
    return app_store.create_workspace("Café Luna", industry="restaurant", lang="es")


@pytest.fixture
def filled_ws(app_store, library):
    ws = app_store.create_workspace("Rosa's Bakery", industry="retail", lang="en",
                                    persona=library.pack("retail").persona_template("en"))
    app_store.add_persona(ws.id, {"name": "Hotel buyer", "goals": "Breakfast pastries every morning"})
    return ws


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("which", ["empty_ws", "filled_ws"])
def test_page_renders_in_both_languages(make_app, app_store, request, lang, which):
    ws = request.getfixturevalue(which)
    at = make_app(page="persona", lang=lang, workspace=ws.slug)
    assert not at.exception
    assert at.title[0].value == t("nav.persona", lang)
    personas = app_store.personas(ws.id)
    assert len(at.tabs) == len(personas)
    assert len(at.text_area) == len(PERSONA_FIELDS) * len(personas)
    for persona in personas:
        for field in PERSONA_FIELDS:
            assert at.text_area(key=key(ws, persona, field)).value == getattr(persona, field)


def test_every_field_has_a_label_an_example_and_help(make_app, empty_ws, app_store):
    at = make_app(page="persona", lang="es", workspace=empty_ws.slug)
    persona = primary(app_store, empty_ws)
    for field in PERSONA_FIELDS:
        area = at.text_area(key=key(empty_ws, persona, field))
        assert area.label == t(f"persona.label.{field}", "es")
        assert area.placeholder == t(f"persona.placeholder.{field}", "es")
        assert area.help == t(f"persona.help.{field}", "es")


def test_an_edited_field_is_saved_at_once_and_survives_a_new_session(make_app, app_store, empty_ws):
    persona = primary(app_store, empty_ws)
    at = make_app(page="persona", lang="es", workspace=empty_ws.slug)
    at.text_area(key=key(empty_ws, persona, "goals")).input("Cenar bien sin reservar con semanas").run()
    assert not at.exception
    assert primary(app_store, empty_ws).goals == "Cenar bien sin reservar con semanas"
    assert any("Cenar bien sin reservar con semanas" in m.value for m in at.markdown)  # the card

    again = make_app(page="persona", lang="es", workspace=empty_ws.slug)
    assert again.text_area(key=key(empty_ws, persona, "goals")).value == "Cenar bien sin reservar con semanas"


def test_an_edit_from_another_session_shows_on_the_next_run(make_app, app_store, filled_ws):
    persona = primary(app_store, filled_ws)
    at = make_app(page="persona", workspace=filled_ws.slug)
    app_store.update_persona(persona.workspace_id, persona.id, needs="Written in another browser")
    at.run()
    assert at.text_area(key=key(filled_ws, persona, "needs")).value == "Written in another browser"


def test_too_long_a_text_is_refused_and_nothing_changes(make_app, app_store, filled_ws):
    persona = primary(app_store, filled_ws)
    at = make_app(page="persona", workspace=filled_ws.slug)
    at.text_area(key=key(filled_ws, persona, "pains")).input("x" * (MAX_TEXT + 1)).run()
    assert not at.exception
    assert at.error, "the refusal is shown"
    assert primary(app_store, filled_ws).pains == persona.pains
    assert at.text_area(key=key(filled_ws, persona, "pains")).value == persona.pains


@pytest.mark.parametrize("lang", ["en", "es"])
def test_empty_primary_persona_is_offered_the_industry_template(make_app, app_store, library, empty_ws, lang):
    at = make_app(page="persona", lang=lang, workspace=empty_ws.slug)
    button = at.button(key=f"persona-{empty_ws.id}-fill")
    assert button.label == template_button_label(library, empty_ws, lang)
    button.click().run()
    assert not at.exception
    template = library.pack("restaurant").persona_template(empty_ws.lang)  # the workspace's language
    persona = primary(app_store, empty_ws)
    for field in PERSONA_FIELDS:
        assert getattr(persona, field) == template[field]
        assert at.text_area(key=key(empty_ws, persona, field)).value == template[field]
    assert f"persona-{empty_ws.id}-fill" not in [b.key for b in at.button]


def test_template_fills_only_empty_fields(make_app, app_store, library):
    ws = app_store.create_workspace("Taller Pepe", industry="automotive", lang="es",
                                    persona={"name": "Pepe, dueño de una furgoneta", "goals": "Que no le dejen tirado"})
    at = make_app(page="persona", lang="es", workspace=ws.slug)
    # one more field written by hand before asking for the template
    at.text_area(key=key(ws, primary(app_store, ws), "pains")).input("Esperar tres días").run()
    at.button(key=f"persona-{ws.id}-fill").click().run()
    assert not at.exception
    template = library.pack("automotive").persona_template("es")
    persona = primary(app_store, ws)
    assert persona.name == "Pepe, dueño de una furgoneta"
    assert persona.goals == "Que no le dejen tirado"
    assert persona.pains == "Esperar tres días"
    for field in set(PERSONA_FIELDS) - {"name", "goals", "pains"}:
        assert getattr(persona, field) == template[field]
    assert at.text_area(key=key(ws, persona, "goals")).value == "Que no le dejen tirado"
    assert at.text_area(key=key(ws, persona, "segment")).value == template["segment"]


def test_no_template_offer_when_every_field_is_filled(make_app, filled_ws):
    at = make_app(page="persona", workspace=filled_ws.slug)
    assert f"persona-{filled_ws.id}-fill" not in [b.key for b in at.button]


def test_another_persona_can_be_added_and_edited(make_app, app_store, empty_ws):
    at = make_app(page="persona", lang="es", workspace=empty_ws.slug)
    at.button(key=f"persona-{empty_ws.id}-add").click().run()
    assert not at.exception
    personas = app_store.personas(empty_ws.id)
    assert [p.is_primary for p in personas] == [1, 0]
    second = personas[1]
    assert len(at.tabs) == 2
    tabs = f"persona-{empty_ws.id}-tabs"
    assert at.session_state[tabs] == at.tabs[1].label, "the new persona's tab is open"
    at.text_area(key=key(empty_ws, second, "name")).input("Empresa que encarga catering").run()
    assert app_store.personas(empty_ws.id)[1].name == "Empresa que encarga catering"
    assert "Empresa que encarga catering" in at.tabs[1].label
    assert at.session_state[tabs] == at.tabs[1].label, "renaming keeps its tab open"


def test_deleting_another_persona_asks_first(make_app, app_store, filled_ws):
    second = app_store.personas(filled_ws.id)[1]
    at = make_app(page="persona", workspace=filled_ws.slug)
    at.button(key=f"persona-{filled_ws.id}-{second.uid}-delete").click().run()
    assert len(app_store.personas(filled_ws.id)) == 2, "nothing deleted before confirming"
    assert at.warning and "Hotel buyer" in at.warning[0].value
    at.button(key=f"persona-{filled_ws.id}-{second.uid}-delete-no").click().run()
    assert len(app_store.personas(filled_ws.id)) == 2
    at.button(key=f"persona-{filled_ws.id}-{second.uid}-delete").click().run()
    at.button(key=f"persona-{filled_ws.id}-{second.uid}-delete-yes").click().run()
    assert not at.exception
    assert [p.uid for p in app_store.personas(filled_ws.id)] == [primary(app_store, filled_ws).uid]
    assert len(at.tabs) == 1


def test_the_primary_persona_has_no_delete_button(make_app, app_store, filled_ws):
    at = make_app(page="persona", workspace=filled_ws.slug)
    first = primary(app_store, filled_ws)
    assert f"persona-{filled_ws.id}-{first.uid}-delete" not in [b.key for b in at.button]


def test_persona_card_shows_every_filled_field(make_app, app_store, filled_ws):
    at = make_app(page="persona", workspace=filled_ws.slug)
    persona = primary(app_store, filled_ws)
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    for field in PERSONA_FIELDS[2:]:
        assert t(f"persona.label.{field}", "en") in shown
        assert getattr(persona, field).splitlines()[0].strip() in shown
    who, _, situation = persona.name.partition(",")
    assert who in [h.value.replace("\\", "") for h in at.subheader]
    assert situation.strip() in shown


@pytest.mark.parametrize("lang", ["en", "es"])
def test_user_text_is_never_rendered_as_html(make_app, app_store, lang):
    ws = app_store.create_workspace(XSS, lang=lang, persona={f: XSS for f in PERSONA_FIELDS})
    app_store.add_persona(ws.id, {f: f"{XSS} **bold** [link](javascript:alert(1))" for f in PERSONA_FIELDS})
    at = make_app(page="persona", lang=lang, workspace=ws.slug)
    assert not at.exception
    seen = 0
    for node in nodes(at):
        assert getattr(node, "type", "") not in ("html", "iframe", "custom_component") or XSS not in str(node.proto)
        proto = getattr(node, "proto", None)
        body = getattr(proto, "body", None)
        if isinstance(body, str) and XSS in body.replace("\\", ""):
            seen += 1
            if hasattr(proto, "allow_html"):
                assert proto.allow_html is False, f"{node.type}: {body!r}"
            assert XSS not in body, f"{node.type} shows markup unescaped: {body!r}"
    assert seen, "the card shows the persona's text"
    assert any(XSS in tab.label.replace("\\", "") for tab in at.tabs)


def test_a_workspace_without_personas_still_opens(make_app, app_store, empty_ws):
    with app_store._write() as db:  # e.g. an old workspace file without one
        db.execute("DELETE FROM personas WHERE workspace_id = ?", [empty_ws.id])
    at = make_app(page="persona", lang="es", workspace=empty_ws.slug)
    assert not at.exception
    assert at.info[0].value == t("persona.none", "es")
    at.button(key=f"persona-{empty_ws.id}-add").click().run()
    assert not at.exception
    assert len(app_store.personas(empty_ws.id)) == 1
    assert len(at.text_area) == len(PERSONA_FIELDS)
