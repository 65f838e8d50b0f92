"""Many clients: unique workspace names (one rule in the store, for every way a
workspace gets a name), an ambiguous name refused by the command line, and a
new client from a workspace with or without its scores, answers and backlog."""

import itertools
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from audit import quick_scan, workspace_file as wf
from audit.__main__ import main
from audit.demo import load_demo
from audit.i18n import t
from audit.model import InvalidValue, fold
from audit.new_client import SCORE_FIELDS, NewClient, new_client, plan_copy
from audit.store import AmbiguousWorkspace, Store, WorkspaceNotFound
from test_workspace_file import make_rich

LETTERS = "aábcçdeéèfgiíìnñoóöuúüyzAÁEÉNÑOÓUÚ0123456789 -&'"
names = st.text(alphabet=LETTERS, min_size=1, max_size=24).filter(lambda s: s.strip())


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@st.composite
def variants(draw, name: str) -> str:
    """The same name as a person might type it again: other case, accents dropped, spaces around."""
    chars = [draw(st.sampled_from([c, c.upper(), c.lower(), strip_accents(c)])) for c in name]
    return draw(st.sampled_from(["", " ", "  "])) + "".join(chars) + draw(st.sampled_from(["", " "]))


def names_in(store) -> list[str]:
    return sorted(ws.name for ws in store.workspaces())


def ways_to_name(store, library, source):
    """Every write that gives a workspace a name, as ``name -> workspace``."""
    return {
        "create": lambda name: store.create_workspace(name),
        "rename": lambda name: store.update_workspace(source.id, name=name),
        "import": lambda name: wf.import_workspace(store, wf.export_workspace(store, source.id), as_name=name),
        "duplicate": lambda name: wf.duplicate_workspace(store, source.id, name),
        "new client": lambda name: new_client(store, source.id, NewClient(name=name)),
        "quick scan": lambda name: quick_scan.start(store, library, name=name, industry="general", lang="en"),
    }


# -- unique names -------------------------------------------------------------
@given(name=names, data=st.data())
def test_a_name_that_differs_only_in_case_accents_or_spacing_is_refused_everywhere(library, name, data):
    store = Store(":memory:")
    try:
        taken = store.create_workspace(name)
        source = store.create_workspace("Source workspace ~")
        variant = data.draw(variants(taken.name))
        before = names_in(store)
        for way, write in ways_to_name(store, library, source).items():
            with pytest.raises(InvalidValue) as caught:
                write(variant)
            assert (caught.value.rule, caught.value.params["other"]) == ("name_taken", taken.name), way
            assert names_in(store) == before, way
    finally:
        store.close()


@given(name=names, other=names)
def test_a_different_name_is_accepted(name, other):
    assume(fold(name) != fold(other))
    store = Store(":memory:")
    try:
        store.create_workspace(name)
        assert store.create_workspace(other).name == other.strip()
    finally:
        store.close()


@given(name=names, data=st.data())
def test_a_workspace_may_be_renamed_to_its_own_name_in_another_case(name, data):
    store = Store(":memory:")
    try:
        ws = store.create_workspace(name)
        variant = data.draw(variants(ws.name))
        assert store.update_workspace(ws.id, name=variant).name == variant.strip()
        assert store.workspace(ws.id).slug == ws.slug  # links keep working
    finally:
        store.close()


@pytest.mark.parametrize("lang, expected", [
    ("en", "Name: “cafe luna” is not allowed. Allowed: a name no other workspace has (case and accents "
           "ignored); “Café Luna” already exists."),
    ("es", "Nombre: «cafe luna» no es un valor válido. Se admite: un nombre que no tenga otro espacio (sin "
           "distinguir mayúsculas ni tildes); ya existe «Café Luna»."),
])
def test_the_refusal_names_the_workspace_that_has_the_name(store, lang, expected):
    store.create_workspace("Café Luna")
    with pytest.raises(InvalidValue) as caught:
        store.create_workspace("cafe luna")
    assert caught.value.message(lang) == expected


def old_duplicate(store, name: str, slug: str) -> None:
    """A second workspace with a taken name, as a database from before the rule holds."""
    with store._write() as db:
        db["workspaces"].insert({"slug": slug, "name": name, "created_at": "2026-01-01", "updated_at": "2026-01-01"})


def test_duplicates_of_an_older_database_keep_working(store):
    first = store.create_workspace("Bike Shop")
    old_duplicate(store, "bike shop", "bike-shop-2")
    second = store.workspace("bike-shop-2")
    assert store.update_workspace(second.id, industry="retail").industry == "retail"  # name untouched
    assert store.update_workspace(second.id, name="BIKE SHOP").name == "BIKE SHOP"  # its own name
    assert store.update_workspace(first.id, name="Bike Shop North").name == "Bike Shop North"
    with pytest.raises(InvalidValue):  # a new write of the clashing name is still refused
        store.update_workspace(first.id, name="Bike shop")


def test_the_demo_is_skipped_when_its_name_is_taken_under_another_slug(store, library):
    ws = store.create_workspace("Somewhere")
    store.update_workspace(ws.id, name="HARBOR physio")
    loaded = load_demo(store, library=library)
    assert [w.name for w in loaded] == ["Panadería La Espiga"]
    assert names_in(store) == ["HARBOR physio", "Panadería La Espiga"]


# -- finding a workspace by name -------------------------------------------------
@pytest.mark.parametrize("ref, expected", [
    ("bike-shop", "bike-shop"),            # a slug wins
    ("bike-shop-2", "bike-shop-2"),
    ("Surf Shop", "surf-shop"),            # one name
    ("SURF SHÓP", "surf-shop"),            # case and accents ignored
    ("surf shop!", "surf-shop"),           # the name's slug
    ("Bike Shop", AmbiguousWorkspace),     # two workspaces have that name
    ("bike shop!", AmbiguousWorkspace),
    ("nowhere", WorkspaceNotFound),
])
def test_a_name_two_workspaces_share_is_ambiguous_never_a_silent_pick(store, ref, expected):
    store.create_workspace("Bike Shop")
    old_duplicate(store, "Bike shop", "bike-shop-2")
    store.create_workspace("Surf Shop")
    if isinstance(expected, str):
        assert store.workspace(ref).slug == expected
    else:
        with pytest.raises(expected):
            store.workspace(ref)


@pytest.mark.parametrize("argv", [
    ["backlog", "--workspace", "Bike Shop"],
    ["export", "--workspace", "bike SHOP", "-o", "-"],
    ["snapshot", "--workspace", "Bike Shop"],
    ["import-touchpoints", "{csv}", "--workspace", "Bike Shop"],  # never a third "Bike Shop" either
])
def test_the_cli_refuses_an_ambiguous_workspace_listing_the_slugs(tmp_path, capsys, argv):
    csv = tmp_path / "inventory.csv"
    csv.write_text("stage,touchpoint\nKnow,Web\n", encoding="utf-8")
    argv = [a.replace("{csv}", str(csv)) for a in argv]
    db = tmp_path / "cli.db"
    store = Store(db)
    store.create_workspace("Bike Shop")
    old_duplicate(store, "bike shop", "bike-shop-2")
    store.close()
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("hourglass: error: ")
    assert "fits 2 workspaces: bike-shop, bike-shop-2" in err
    store = Store(db)
    assert len(store.workspaces()) == 2 and all(store.touchpoints(ws.id) == [] for ws in store.workspaces())
    store.close()


def test_the_cli_refuses_creating_a_workspace_with_a_taken_name(tmp_path, capsys):
    db = tmp_path / "cli.db"
    store = Store(db)
    ws = store.create_workspace("Café Luna")
    target = tmp_path / "luna.json"
    target.write_bytes(wf.dumps(wf.export_workspace(store, ws.id)))
    store.close()
    code = main(["--db", str(db), "import-workspace", str(target), "--as", "CAFE luna"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert t("allowed.name_taken", "en", other="Café Luna") in err


# -- a new client from a workspace --------------------------------------------------
STRUCTURE_TOUCHPOINT = ("uid", "position", "name", "channel", "owner", "technology", "kpi", "notes", "suggestion")


def structure(doc: dict) -> dict:
    """What is always copied: the persona(s), the journey and the inventory."""
    return {
        "personas": doc["personas"],
        "stages": [
            {**{k: v for k, v in s.items() if k not in ("touchpoints", "customers")},
             "touchpoints": [{k: tp[k] for k in STRUCTURE_TOUCHPOINT} for tp in s["touchpoints"]]}
            for s in doc["stages"]
        ],
    }


def scores(doc: dict) -> list:
    return [(s["customers"], [{k: tp[k] for k in SCORE_FIELDS} for tp in s["touchpoints"]]) for s in doc["stages"]]



@pytest.mark.parametrize("copy_scores, copy_answers, copy_backlog", list(itertools.product([False, True], repeat=3)))
def test_a_new_client_copies_the_structure_and_only_the_chosen_parts(store, library, copy_scores, copy_answers,
                                                                      copy_backlog):
    source = make_rich(store, library)
    before = wf.export_workspace(store, source.id)
    choice = NewClient(name="Bodega Sur", industry="retail", scores=copy_scores, answers=copy_answers,
                       backlog=copy_backlog)
    ws = new_client(store, source.id, choice)
    doc = wf.export_workspace(store, ws.id)

    assert (ws.name, ws.slug, ws.industry, ws.lang, ws.framework, ws.last_page) == (
        "Bodega Sur", "bodega-sur", "retail", source.lang, source.framework, "")
    assert structure(doc) == structure(before)
    if copy_scores:
        assert scores(doc) == scores(before)
    else:
        assert all(customers is None and all(tp == SCORE_FIELDS for tp in tps) for customers, tps in scores(doc))
    assert doc["checklist_answers"] == (before["checklist_answers"] if copy_answers else [])
    assert doc["backlog_items"] == (before["backlog_items"] if copy_backlog else [])
    assert doc["snapshots"] == []  # the other client's history
    assert wf.export_workspace(store, source.id) | {"exported_at": 0} == before | {"exported_at": 0}


@pytest.mark.parametrize("name", ["", "   ", "café ñandú", " CAFE NANDU "])
def test_a_new_client_with_an_empty_or_taken_name_writes_nothing(store, library, name):
    source = make_rich(store, library)
    tables = ("workspaces", "personas", "stages", "touchpoints", "checklist_answers", "backlog_items", "snapshots")
    count = lambda: [store._db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]  # noqa: E731
    before = count()
    with pytest.raises(InvalidValue):
        new_client(store, source.id, NewClient(name=name, backlog=True))
    assert count() == before


def test_the_plan_is_data_and_leaves_the_export_untouched(store, library):
    doc = wf.export_workspace(store, make_rich(store, library).id)
    kept = repr(doc)
    plan = plan_copy(doc, NewClient(name="X", industry=""))
    assert repr(doc) == kept
    assert plan["workspace"]["industry"] == "general" and "slug" not in plan["workspace"]
    assert wf.plan_import(plan).workspace["name"] == "X"  # a valid workspace document
