"""Backlog page (Build 1), through AppTest: regenerated on every visit, ranked
by ICE, edits saved at once and kept by regeneration, own items, downloads."""

from __future__ import annotations

import pytest

from audit import backlog
from audit.i18n import t
from rendered import shown

LANGS = ("en", "es")


# --- helpers ----------------------------------------------------------------

def audited(store, lang="es", framework="hourglass"):
    """A workspace with touchpoints in several stages (one left empty) and answers."""
    ws = store.create_workspace("Panadería La Espiga", industry="retail", lang=lang, framework=framework)
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [
        {"stage_id": stages[0].id, "name": "Ficha de Google", "importance": 5, "performance": 2, "emotion": -1},
        {"stage_id": stages[1].id, "name": "Instagram", "importance": 4, "performance": 3},
        {"stage_id": stages[2].id, "name": "Reseñas", "importance": 4, "performance": 5, "emotion": 1},
        {"stage_id": stages[-2].id, "name": "Cola en caja", "importance": 5, "performance": 1, "emotion": -2},
    ] + [{"stage_id": s.id, "name": f"Extra {s.position}"} for s in stages[3:-2]])
    store.set_answers(ws.id, {"retail:know-google-profile": "no", "retail:buy-short-queue": "partly",
                              "retail:like-greeting": "yes", "retail:trust-price-tags": "no",
                              "retail:know-ask-source": "no", "retail:try-welcome-offer": "partly"})
    return ws


def editor(at):
    [table] = at.data_editor
    return table


def editor_key(at, ws) -> str:
    version = at.session_state[f"backlog-{ws.id}-table__version"] if \
        f"backlog-{ws.id}-table__version" in at.session_state else 0
    return f"backlog-{ws.id}-table__v{version}"


def edit(at, ws, rows: dict):
    at.session_state[editor_key(at, ws)] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def open_ranked(store, ws):
    return [i for i in backlog.ranked(store.backlog_items(ws.id)) if not i.resolved_by_audit]


def open_own_form(at, ws):
    """Open "Add your own item": its form is drawn only while open (issue 11)."""
    at.session_state[f"backlog-{ws.id}-own"] = True
    return at.run()


def submit_own_item(at):
    [button] = [b for b in at.button if b.label == t("backlog.own.submit", "en")]
    return button.click().run()


def texts(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "info", "error", "warning")
                     for e in getattr(at, kind))


@pytest.fixture
def downloads(monkeypatch):
    """Every file the app hands to a download button, by file name."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)

    # a file made when the button is pressed (data=callable): made here as the click would
    from streamlit.runtime.media_file_manager import MediaFileManager

    add_deferred = MediaFileManager.add_deferred

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            files[file_name] = data_callable()
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return files


# --- empty and filled -------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_empty_state_points_to_the_audit_and_generates_nothing(make_app, app_store, lang):
    ws = app_store.create_workspace("Nuevo", lang=lang)
    at = make_app(page="backlog", lang=lang, workspace=ws.slug)
    assert not at.exception
    assert at.info[0].value == t("backlog.empty", lang)
    assert not at.data_editor
    assert app_store.backlog_items(ws.id) == []
    assert at.title[0].value == t("nav.backlog", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_filled_backlog_is_generated_and_ranked_by_ice(make_app, app_store, lang):
    ws = audited(app_store, lang=lang)
    at = make_app(page="backlog", lang=lang, workspace=ws.slug)
    assert not at.exception
    frame = editor(at).value
    items = open_ranked(app_store, ws)
    assert len(frame) == len(items) > 5
    assert list(frame["title"]) == [i.title for i in items]
    assert list(frame["rank"]) == list(range(1, len(items) + 1))
    fixes = [row.ice for row in frame.itertuples() if row.source != t("source.strength", lang)]
    assert fixes == sorted(fixes, reverse=True)
    assert all(row.ice == round(row.impact * row.confidence * row.ease, 1) for row in frame.itertuples())
    assert set(frame["source"]) <= {t(f"source.{s}", lang) for s in
                                    ("touchpoint", "coverage", "checklist", "pain", "strength")}
    assert set(frame["status"]) == {"todo"}
    assert t("backlog.summary", lang, open=len(items), resolved=0) in texts(at)


def test_visiting_twice_regenerates_nothing_new(make_app, app_store):
    ws = audited(app_store)
    make_app(page="backlog", workspace=ws.slug)
    before = [(i.id, i.updated_at) for i in app_store.backlog_items(ws.id)]
    at = make_app(page="backlog", workspace=ws.slug)
    assert not at.exception
    assert [(i.id, i.updated_at) for i in app_store.backlog_items(ws.id)] == before


def test_an_open_backlog_follows_a_change_made_elsewhere(make_app, app_store):
    """The page skips planning while nothing changed (session.synced_backlog), and
    plans again as soon as the audit changes, here in another session."""
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    before = len(open_ranked(app_store, ws))
    at.run()  # nothing changed: nothing planned, nothing written
    assert len(open_ranked(app_store, ws)) == before
    stage = app_store.stages(ws.id)[3]
    app_store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Muestras gratis", "importance": 5,
                                       "performance": 1}])
    at.run()
    assert not at.exception
    assert len(open_ranked(app_store, ws)) == before + 1
    assert len(editor(at).value) == before + 1


@pytest.mark.parametrize("framework", ["hourglass", "purchase-route", "before-during-after"])
def test_every_framework_renders(make_app, app_store, framework):
    ws = audited(app_store, framework=framework)
    at = make_app(page="backlog", workspace=ws.slug)
    assert not at.exception
    assert len(editor(at).value) == len(open_ranked(app_store, ws))


# --- editing ----------------------------------------------------------------

def test_editing_impact_reaches_the_store_reranks_and_survives(make_app, app_store, library):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    last = len(editor(at).value) - 1
    target = open_ranked(app_store, ws)[last]
    edit(at, ws, {last: {"impact": 10, "confidence": 10, "ease": 10, "owner": "Rosa"}})
    assert not at.exception
    saved = next(i for i in app_store.backlog_items(ws.id) if i.id == target.id)
    assert (saved.impact, saved.confidence, saved.ease, saved.owner) == (10, 10, 10, "Rosa")
    assert {"impact", "confidence", "ease", "owner"} <= saved.edited_fields
    # the row being edited stays where it was, showing its new rank and score...
    row = editor(at).value.iloc[last]
    assert (row["title"], row["ice"], row["rank"]) == (target.title, 1000, 1)
    # ...until the user sorts again: then it is first
    at.button(key=f"backlog-{ws.id}-sort").click().run()
    assert editor(at).value.iloc[0]["title"] == target.title
    assert editor(at).value.iloc[0]["ice"] == 1000

    # regeneration keeps the edit (a Regenerate click, then a fresh session)
    at.button(key=f"backlog-{ws.id}-regenerate").click().run()
    assert not at.exception
    backlog.regenerate(app_store, ws.id, library)
    fresh = make_app(page="backlog", workspace=ws.slug)
    row = fresh.data_editor[0].value.iloc[0]
    assert (row["title"], row["impact"], row["owner"]) == (target.title, 10, "Rosa")


def test_status_due_date_and_kpi_are_saved(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    first = open_ranked(app_store, ws)[0]
    edit(at, ws, {0: {"status": "doing", "due_date": "2026-03-31", "kpi": "Llamadas al mes"}})
    assert not at.exception
    saved = next(i for i in app_store.backlog_items(ws.id) if i.id == first.id)
    assert (saved.status, saved.due_date, saved.kpi) == ("doing", "2026-03-31", "Llamadas al mes")
    row = editor(at).value.iloc[0]
    assert row["status"] == "doing" and str(row["due_date"]) == "2026-03-31"


def test_the_detail_panel_shows_and_saves_the_description(make_app, app_store, library):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    first = open_ranked(app_store, ws)[0]
    box = at.text_area(key=f"backlog-{ws.id}-{first.uid}-detail")
    assert box.value == first.detail
    box.input("Llamar a la gestoría el lunes").run()
    assert not at.exception
    saved = next(i for i in app_store.backlog_items(ws.id) if i.id == first.id)
    assert saved.detail == "Llamar a la gestoría el lunes" and "detail" in saved.edited_fields
    backlog.regenerate(app_store, ws.id, library)
    assert next(i for i in app_store.backlog_items(ws.id) if i.id == first.id).detail == saved.detail


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("bad", [{"impact": 11}, {"impact": 6.5}, {"ease": None}, {"title": "  "}])
def test_invalid_edit_shows_a_translated_error_and_changes_nothing(make_app, app_store, lang, bad):
    ws = audited(app_store)
    at = make_app(page="backlog", lang=lang, workspace=ws.slug)
    before = {i.id: (i.title, i.impact, i.ease, i.owner, i.edited) for i in app_store.backlog_items(ws.id)}
    edit(at, ws, {0: {"owner": "Rosa", **bad}, 1: {"owner": "Luis"}})
    assert not at.exception
    assert after_equal(app_store, ws, before)
    [column] = bad
    assert t(f"field.{column}", lang) in shown(at.error[0].value)


def after_equal(store, ws, before) -> bool:
    return {i.id: (i.title, i.impact, i.ease, i.owner, i.edited) for i in store.backlog_items(ws.id)} == before


def test_editing_a_filtered_table_edits_the_right_item(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    at.multiselect(key=f"backlog-{ws.id}-f-source").set_value(["coverage"]).run()
    frame = editor(at).value
    coverage = [i for i in open_ranked(app_store, ws) if i.source == "coverage"]
    assert list(frame["title"]) == [i.title for i in coverage]
    edit(at, ws, {0: {"owner": "Marta"}})
    assert next(i for i in app_store.backlog_items(ws.id) if i.id == coverage[0].id).owner == "Marta"
    assert [i.owner for i in app_store.backlog_items(ws.id)].count("Marta") == 1


def test_a_filter_whose_items_all_resolve_does_not_break_the_page(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    at.multiselect(key=f"backlog-{ws.id}-f-source").set_value(["coverage"]).run()
    empty = [s for s in app_store.stages(ws.id) if not app_store.touchpoints(ws.id, s.id)]
    app_store.add_touchpoints(ws.id, [{"stage_id": s.id, "name": "Nuevo"} for s in empty])
    at.run()
    assert not at.exception
    assert not any(i.source == "coverage" for i in open_ranked(app_store, ws))


# --- own items, regeneration, resolved --------------------------------------

def test_adding_an_own_item(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    p = f"backlog-{ws.id}-new"
    assert f"{p}-title" not in [w.key for w in at.text_input]  # closed: not drawn
    open_own_form(at, ws)
    at.text_input(key=f"{p}-title").input("Saludar a cada cliente")
    at.text_area(key=f"{p}-detail").input("En menos de un minuto")
    at.number_input(key=f"{p}-impact").set_value(9)
    at.number_input(key=f"{p}-ease").set_value(10)
    at.text_input(key=f"{p}-owner").input("Rosa")
    submit_own_item(at)
    assert not at.exception
    [own] = [i for i in app_store.backlog_items(ws.id) if i.source == "manual"]
    assert (own.title, own.detail, own.impact, own.confidence, own.ease, own.owner) == (
        "Saludar a cada cliente", "En menos de un minuto", 9, 5, 10, "Rosa")
    assert "Saludar a cada cliente" in list(editor(at).value["title"])
    assert at.text_input(key=f"{p}-title").value == ""  # an empty form for the next one


def test_deleting_an_own_item(make_app, app_store):
    ws = audited(app_store)
    item_id = app_store.add_manual_item(ws.id, title="Pintar la fachada", impact=10, confidence=10, ease=10)
    at = make_app(page="backlog", workspace=ws.slug)
    assert at.selectbox(key=f"backlog-{ws.id}-detail-pick").value == item_id  # first: ICE 1000
    uid = next(i.uid for i in app_store.backlog_items(ws.id) if i.id == item_id)
    at.button(key=f"backlog-{ws.id}-{uid}-delete").click().run()
    assert not at.exception
    assert not [i for i in app_store.backlog_items(ws.id) if i.source == "manual"]
    assert "Pintar la fachada" not in list(editor(at).value["title"])


def test_generated_items_cannot_be_deleted(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    assert not [b for b in at.button if b.key and b.key.endswith("-delete")]


def test_own_item_without_a_title_is_refused(make_app, app_store):
    ws = audited(app_store)
    at = open_own_form(make_app(page="backlog", workspace=ws.slug), ws)
    submit_own_item(at)
    assert not at.exception
    assert not [i for i in app_store.backlog_items(ws.id) if i.source == "manual"]
    assert t("field.title", "en") in shown(at.error[0].value)


def test_own_item_can_be_added_before_the_audit(make_app, app_store):
    ws = app_store.create_workspace("Nuevo")
    at = open_own_form(make_app(page="backlog", workspace=ws.slug), ws)
    p = f"backlog-{ws.id}-new"
    at.text_input(key=f"{p}-title").input("Pintar la fachada")
    submit_own_item(at)
    assert not at.exception
    assert [i.title for i in app_store.backlog_items(ws.id)] == ["Pintar la fachada"]
    assert list(editor(at).value["title"]) == ["Pintar la fachada"]


def test_regenerate_button_reports_what_changed_and_resolved_items_move_aside(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    queue = next(tp for tp in app_store.touchpoints(ws.id) if tp.name == "Cola en caja")
    stage = app_store.stages(ws.id)[-1]
    app_store.update_touchpoints(ws.id, {queue.id: {"performance": 5, "emotion": 1}})
    app_store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Reseñas QR", "importance": 5,
                                       "performance": 2}])
    at.button(key=f"backlog-{ws.id}-regenerate").click().run()
    assert not at.exception
    toasts = [e.value for e in at.toast]
    # added: the new touchpoint, and the queue answer that was merged into the queue's item
    assert any(t("backlog.regen.added", "en", n=2) in x and t("backlog.regen.resolved", "en", n=2) in x
               for x in toasts), toasts
    assert "checklist:retail:buy-short-queue" in {i.source_key for i in open_ranked(app_store, ws)}
    frame = editor(at).value
    assert "Reseñas QR" in list(frame["touchpoint"])
    assert list(frame[frame["touchpoint"] == "Cola en caja"]["source"]) == [t("source.checklist", "en")]
    [resolved] = [e for e in at.expander if e.label == t("backlog.resolved.title", "en", n=2)]
    assert "Cola en caja" in list(resolved.dataframe[0].value["touchpoint"])


def test_regenerate_when_up_to_date_says_so(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug)
    at.button(key=f"backlog-{ws.id}-regenerate").click().run()
    assert t("backlog.regen.up_to_date", "en") in [e.value for e in at.toast]


# --- downloads --------------------------------------------------------------

DOWNLOADS = ("csv", "excel-es", "xlsx", "jira", "asana", "linear", "github", "audit")


def download_label(fmt: str, lang: str) -> str:
    return t(f"backlog.download.{fmt}" if fmt in ("csv", "excel-es") else f"backlog.export.{fmt}", lang)


def db_state(store) -> tuple:
    """What a write would change: SQLite's data_version (moves when another
    connection commits) and every table's row count."""
    db = store._db
    counts = tuple((name, db[name].count) for name in sorted(db.table_names()))
    return db.execute("PRAGMA data_version").fetchone()[0], counts


@pytest.mark.parametrize("lang", LANGS)
def test_one_picker_and_one_button_offer_every_format_without_writing(make_app, app_store, downloads, lang):
    import io

    import openpyxl

    from audit import exports

    ws = audited(app_store)
    at = make_app(page="backlog", lang=lang, workspace=ws.slug)
    before = db_state(app_store)
    picker = at.selectbox(key=f"backlog-{ws.id}-download-format")
    assert picker.options == [download_label(f, lang) for f in DOWNLOADS]
    assert at.session_state[f"backlog-{ws.id}-download-format"] == "csv"
    assert [b.label for b in at.get("download_button")] == [t("backlog.export.button", lang)]
    for fmt in DOWNLOADS:
        at.session_state[f"backlog-{ws.id}-download-format"] = fmt  # as choosing it in the picker does
        at.run()
        assert not at.exception
        content = downloads[exports.file_name(ws.slug, fmt)]
        assert t(f"backlog.export.about.{fmt}", lang) in texts(at)
        if fmt in ("xlsx", "audit"):
            book = openpyxl.load_workbook(io.BytesIO(content))
            assert len(book.sheetnames) == (6 if fmt == "audit" else 1)
            assert book.worksheets[0].freeze_panes
        elif fmt == "github":
            assert content.startswith(b"#!/bin/sh") and b"gh issue create" in content
        else:
            assert "Cola en caja" in content.decode("utf-8-sig")
    header = downloads[f"backlog-{ws.slug}.csv"].decode("utf-8-sig").splitlines()[0]
    assert header.startswith(t("export.rank", lang) + "," + t("export.title", lang))
    excel = downloads[f"backlog-{ws.slug}-excel-es.csv"]
    assert excel.startswith(b"\xef\xbb\xbf") and excel.decode("utf-8-sig").startswith(t("export.rank", lang) + ";")
    assert downloads[f"backlog-{ws.slug}-jira.csv"].startswith(b"Summary,Issue Type,")
    assert db_state(app_store) == before  # building and handing over a file wrote nothing
    from audit.store import Store

    other = Store(app_store.path)  # the check sees a write by another connection, as the app's would be
    other.set_last_page(ws.id, "home")
    other.close()
    assert db_state(app_store)[0] != before[0]


# --- this week, the new fields, dates -----------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_page_opens_with_this_weeks_five_items_as_cards(make_app, app_store, lang):
    ws = audited(app_store, lang=lang)
    at = make_app(page="backlog", lang=lang, workspace=ws.slug)
    assert not at.exception
    top = backlog.top(app_store.backlog_items(ws.id), 5)
    assert len(top) == 5
    subheaders = [h.value for h in at.subheader]
    assert subheaders.index(t("backlog.week.title", lang)) < subheaders.index(t("backlog.table.title", lang))
    bold = [shown(m.value).split("  \n")[0] for m in at.markdown if m.value.startswith("**")]
    for n, item in enumerate(top, 1):
        assert f"**{n}. {item.title}**" in bold
    # why, where, who and the measure are on the card
    first = top[0]
    text = shown(texts(at))
    assert first.detail in text and first.touchpoint in text
    assert "None" not in text


def test_editing_the_new_fields_in_the_table_saves_at_once_and_a_second_session_sees_them(make_app, app_store):
    ws = audited(app_store, lang="en")
    at = make_app(page="backlog", workspace=ws.slug)
    first = open_ranked(app_store, ws)[0]
    edit(at, ws, {0: {"kpi_target": "< 3 a month", "review_date": "2026-06-30", "audience": "Commuters"}})
    assert not at.exception
    saved = next(i for i in app_store.backlog_items(ws.id) if i.id == first.id)
    assert (saved.kpi_target, saved.review_date, saved.audience) == ("< 3 a month", "2026-06-30", "Commuters")
    assert {"kpi_target", "review_date", "audience"} <= saved.edited_fields
    other = make_app(page="backlog", workspace=ws.slug)
    row = editor(other).value.iloc[0]
    assert (row["kpi_target"], str(row["review_date"]), row["audience"]) == ("< 3 a month", "2026-06-30", "Commuters")
    assert t("backlog.week.review", "en", date="Jun 30, 2026") in shown(texts(other))


@pytest.mark.parametrize("bad", ["2026-13-45", "31/06/2026"])
def test_an_impossible_review_date_is_refused(make_app, app_store, bad):
    ws = audited(app_store, lang="en")
    at = make_app(page="backlog", workspace=ws.slug)
    edit(at, ws, {0: {"review_date": bad}})
    assert not at.exception
    assert all(i.review_date == "" for i in app_store.backlog_items(ws.id))
    assert t("field.review_date", "en") in shown(at.error[0].value)


@pytest.mark.parametrize("field, value", [("audience", "Parents"), ("owner", "Rosa"), ("kpi", "Calls"),
                                          ("kpi_target", "+20 %")])
def test_the_detail_panel_saves_each_new_field_at_once(make_app, app_store, field, value):
    ws = audited(app_store, lang="en")
    at = make_app(page="backlog", workspace=ws.slug)
    first = open_ranked(app_store, ws)[0]
    at.text_input(key=f"backlog-{ws.id}-{first.uid}-{field}").input(value).run()
    assert not at.exception
    saved = next(i for i in app_store.backlog_items(ws.id) if i.id == first.id)
    assert getattr(saved, field) == value and field in saved.edited_fields
    assert at.text_input(key=f"backlog-{ws.id}-{first.uid}-{field}").value == value


def test_the_detail_panel_saves_the_review_date(make_app, app_store):
    import datetime as dt
    ws = audited(app_store, lang="es")
    at = make_app(page="backlog", lang="es", workspace=ws.slug)
    first = open_ranked(app_store, ws)[0]
    at.date_input(key=f"backlog-{ws.id}-{first.uid}-review").set_value(dt.date(2026, 9, 1)).run()
    assert not at.exception
    assert next(i for i in app_store.backlog_items(ws.id) if i.id == first.id).review_date == "2026-09-01"
    assert t("backlog.week.review", "es", date="1 sept 2026") in shown(texts(at))


@pytest.mark.parametrize("lang, column", [("en", "MMM D, YYYY"), ("es", "DD/MM/YYYY")])
def test_dates_follow_the_interface_language_and_empty_dates_are_blank(make_app, app_store, lang, column):
    ws = audited(app_store, lang=lang)
    at = make_app(page="backlog", lang=lang, workspace=ws.slug)
    frame = editor(at).value
    assert frame["due_date"].isna().all() and frame["review_date"].isna().all()
    assert t("backlog.date_column", lang) == column


def test_a_strength_comes_after_every_fix(make_app, app_store):
    ws = audited(app_store, lang="en")
    stage = app_store.stages(ws.id)[2]
    app_store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "Friendly team", "importance": 5,
                                       "performance": 5, "emotion": 2, "positives": "Everyone mentions Rosa"}])
    at = make_app(page="backlog", workspace=ws.slug)
    sources = list(editor(at).value["source"])
    strength = t("source.strength", "en")
    assert strength in sources
    assert all(s == strength for s in sources[sources.index(strength):])


def test_rows_stay_in_place_through_several_edits_until_sorted(make_app, app_store):
    ws = audited(app_store, lang="en")
    at = make_app(page="backlog", workspace=ws.slug)
    titles = list(editor(at).value["title"])
    last = len(titles) - 1
    edit(at, ws, {last: {"impact": 10, "confidence": 10, "ease": 10}})
    edit(at, ws, {last: {"owner": "Rosa"}})
    edit(at, ws, {0: {"status": "doing"}})
    assert not at.exception
    assert list(editor(at).value["title"]) == titles  # nothing moved under the cursor
    assert editor(at).value.iloc[last]["owner"] == "Rosa"
    assert list(editor(at).value["rank"])[last] == 1  # the rank is current
    # another interaction ranks again
    at.toggle(key=f"backlog-{ws.id}-all-columns").set_value(True).run()
    assert editor(at).value.iloc[0]["title"] == titles[last]
    assert list(editor(at).value["rank"]) == list(range(1, len(titles) + 1))


def test_the_table_s_frame_is_built_again_only_when_what_it_shows_changes(make_app, app_store, monkeypatch):
    """Each /backlog run built the same frame again (issue 11: about 7 % of its CPU)."""
    from views import backlog_table

    built = []
    frame_of = backlog_table.frame_of
    monkeypatch.setattr(backlog_table, "frame_of", lambda *a: built.append(1) or frame_of(*a))
    ws = audited(app_store)
    at = make_app(page="backlog", workspace=ws.slug, lang="en")
    at.run()
    at.run()
    assert len(built) == 1
    last = len(editor(at).value) - 1
    edit(at, ws, {last: {"owner": "Rosa"}})
    assert editor(at).value.iloc[last]["owner"] == "Rosa"
    assert len(built) == 2
    at.query_params["lang"] = "es"
    at.session_state["lang"] = "es"
    at.run()
    assert len(built) == 3  # the stages' and sources' names in the other language
    from audit.model import SOURCES
    shown_sources = set(editor(at).value["source"])
    assert shown_sources and shown_sources <= {t(f"source.{s}", "es") for s in SOURCES}
    assert shown_sources - {t(f"source.{s}", "en") for s in SOURCES}  # e.g. "Etapa sin cubrir"
