"""The checklist packs: shipped content complete in both languages; loader errors."""

import re
import textwrap

import pytest

from audit.checklists import PackError, load_library
from audit.frameworks import FRAMEWORKS
from audit.model import PERSONA_FIELDS

INDUSTRIES = ["general", "retail", "restaurant", "online_shop", "professional_services",
              "health_clinic", "automotive", "b2b_software", "hospitality"]


def test_every_shipped_pack_loads_without_errors(library):
    assert library.errors == []
    assert sorted(library.packs) == sorted(INDUSTRIES)


@pytest.mark.parametrize("industry", INDUSTRIES)
@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_every_stage_of_every_framework_has_the_minimum_content(library, industry, framework):
    pack = library.packs[industry]
    for stage in FRAMEWORKS[framework]:
        assert len(pack.touchpoints_for(framework, stage.key)) >= 5, (industry, framework, stage.key)
        assert len(pack.questions_for(framework, stage.key)) >= 4, (industry, framework, stage.key)


def _texts(pack):
    yield "name", pack.name, False
    for field in PERSONA_FIELDS:
        yield f"persona.{field}", pack.persona[field], field == "name"
    for tp in pack.touchpoints:
        yield f"{tp.key}.name", tp.name, True
        yield f"{tp.key}.owner", tp.owner, True
        yield f"{tp.key}.kpi", tp.kpi, True
    for q in pack.questions:
        for field in ("text", "action", "why"):
            yield f"{q.key}.{field}", getattr(q, field), False


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_every_text_is_in_both_languages_and_spanish_is_not_english(library, industry):
    pack = library.packs[industry]
    assert set(pack.persona) == set(PERSONA_FIELDS)
    for where, text, names_may_match in _texts(pack):
        assert text.en.strip() and text.es.strip(), where
        if not names_may_match:
            assert text.en.strip().lower() != text.es.strip().lower(), where


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_no_pack_text_starts_a_spreadsheet_formula(library, industry):
    for where, text, _ in _texts(library.packs[industry]):
        for value in (text.en, text.es):
            assert not re.match(r"[=+\-@]", value), where


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_impact_and_ease_are_in_range(library, industry):
    for q in library.packs[industry].questions:
        assert 1 <= q.impact <= 10 and 1 <= q.ease <= 10


GOOD = textwrap.dedent('''
    [pack]
    id = "bakery"
    name = { en = "Bakery", es = "Panadería" }
    [[touchpoint]]
    stage = "buy"
    name = { en = "Till", es = "Caja" }
    channel = "offline"
    owner = { en = "Owner", es = "Dueña" }
    kpi = { en = "Queue time", es = "Tiempo de cola" }
    [[question]]
    id = "buy-card"
    stage = "buy"
    bda = "during"
    text = { en = "Do you take cards?", es = "¿Aceptas tarjeta?" }
    action = { en = "Get a card reader.", es = "Consigue un datáfono." }
    why = { en = "Fewer lost sales.", es = "Menos ventas perdidas." }
    impact = 8
    ease = 9
''')


@pytest.mark.parametrize("broken, problem", [
    ("[pack]\nid = 'x'\n", "'name'"),
    (GOOD.replace('stage = "buy"\nname', 'stage = "pay"\nname', 1), "'stage' is 'pay'"),
    (GOOD.replace('channel = "offline"', 'channel = "phone"'), "'channel' is 'phone'"),
    (GOOD.replace("impact = 8", "impact = 11"), "'impact' is 11"),
    (GOOD.replace('es = "¿Aceptas tarjeta?"', 'es = ""'), "non-empty 'es'"),
    (GOOD.replace('bda = "during"', 'bda = "later"'), "'bda' is 'later'"),
    (GOOD + '\n[[question]]\nid = "buy-card"\n', "duplicate id"),
    ("this is = not [toml", "not valid TOML"),
])
def test_a_malformed_pack_is_reported_with_file_and_entry_and_others_still_load(tmp_path, broken, problem):
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.toml").write_text(broken, encoding="utf-8")
    library = load_library((tmp_path,))
    assert "bakery" in library.packs
    (error,) = library.errors
    assert isinstance(error, PackError)
    assert error.file == "broken.toml"
    assert problem in str(error)


def test_an_agency_pack_from_hourglass_checklists_joins_the_shipped_ones(tmp_path, monkeypatch):
    (tmp_path / "bakery.toml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("HOURGLASS_CHECKLISTS", str(tmp_path))
    library = load_library()
    assert "bakery" in library.packs and "general" in library.packs
    pack = library.packs["bakery"]
    assert pack.questions_for("before-during-after", "during")[0].id == "buy-card"
    assert pack.touchpoints_for("purchase-route", "decision")[0].name("es") == "Caja"


def test_the_readme_example_is_a_valid_pack(tmp_path):
    from pathlib import Path
    readme = (Path(__file__).resolve().parent.parent / "checklists" / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml", 1)[1].split("```", 1)[0]
    (tmp_path / "example.toml").write_text(example, encoding="utf-8")
    library = load_library((tmp_path,))
    assert library.errors == [] and "bakery" in library.packs


def test_the_persona_template_fills_only_empty_fields(library, store):
    ws = store.create_workspace("Bakery", industry="retail", persona={"name": "Rosa", "goals": "Fresh bread"})
    persona = store.personas(ws.id)[0]
    fill = library.packs["retail"].persona_fill(persona, "es")
    assert "name" not in fill and "goals" not in fill
    assert fill["pains"] == library.packs["retail"].persona["pains"].es
