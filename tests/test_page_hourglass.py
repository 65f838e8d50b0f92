"""Hourglass page (Build 2), through AppTest: optional customer counts saved at
once, the chart (shape or counts mode), PNG/SVG downloads, and the answers
to the map's questions."""

from __future__ import annotations

import json

import pytest

from audit.i18n import t
from rendered import shown

LANGS = ("en", "es")
FRAMEWORKS = ("hourglass", "purchase-route", "before-during-after")


# --- helpers ----------------------------------------------------------------

def audited(store, lang="es", framework="hourglass"):
    """Touchpoints in several stages, the second-to-last stage the weakest, the
    last one empty."""
    ws = store.create_workspace("Panadería La Espiga", industry="retail", lang=lang, framework=framework)
    stages = store.stages(ws.id)
    rows = [{"stage_id": s.id, "name": f"Bien {s.position}", "importance": 4, "performance": 4, "emotion": 1}
            for s in stages[:-2]]
    rows += [{"stage_id": stages[-2].id, "name": "Cola en caja", "importance": 5, "performance": 1,
              "emotion": -2}]
    store.add_touchpoints(ws.id, rows)
    return ws


def chart_spec(at) -> dict:
    [chart] = at.get("vega_lite_chart")
    return json.loads(chart.proto.spec)


def chart_rows(at) -> list[dict]:
    """The chart's data: Streamlit sends it apart from the spec, as Arrow."""
    import pyarrow as pa

    [chart] = at.get("vega_lite_chart")
    for dataset in chart.proto.datasets:
        frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
        if "stage" in frame.columns:
            return frame.to_dict("records")
    raise AssertionError("no stage table in the chart")


def counts_key(at, ws) -> str:
    base = f"hourglass-{ws.id}-counts"
    version = at.session_state[base + "__version"] if base + "__version" in at.session_state else 0
    return f"{base}__v{version}"


def enter_counts(at, ws, rows: dict):
    at.session_state[counts_key(at, ws)] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def texts(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "info", "error") for e in getattr(at, kind))


def stage_name(store, ws, index: int, lang: str) -> str:
    return store.stages(ws.id)[index].display_name(ws.framework, lang)


# --- rendering ----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_empty_workspace_shows_the_shape_and_what_to_do(make_app, app_store, lang):
    ws = app_store.create_workspace("Nuevo", lang=lang)
    at = make_app(page="hourglass", lang=lang, workspace=ws.slug)
    assert not at.exception
    assert at.title[0].value == t("nav.hourglass", lang)
    assert len(chart_rows(at)) == 7
    assert at.info[0].value == t("answers.nothing_yet", lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_filled_map_chart_and_answers_name_the_weakest_stage(make_app, app_store, lang, framework):
    ws = audited(app_store, framework=framework)
    at = make_app(page="hourglass", lang=lang, workspace=ws.slug)
    assert not at.exception
    spec = chart_spec(at)
    rows = chart_rows(at)
    assert [r["stage"] for r in rows] == [s.display_name(framework, lang) for s in app_store.stages(ws.id)]
    assert spec["title"]["subtitle"][-2:] == t("chart.hourglass.subtitle_shape", lang).split("\n")
    weakest = stage_name(app_store, ws, -2, lang)
    body = texts(at)
    assert t("answers.leak.weakest", lang, stage=weakest, health=0) in body
    assert "Cola en caja" in body  # the moment of truth to concentrate on
    assert stage_name(app_store, ws, -1, lang) in body  # the stage with no touchpoint
    assert t("answers.leak.counts_hint", lang) in body


def test_the_answers_follow_the_language_and_the_next_change(make_app, app_store):
    """The answers are kept per version of the workspace and language (shared
    by sessions, issue 11): a switch of language or an edit shows at once."""
    ws = audited(app_store)
    at = make_app(page="hourglass", lang="en", workspace=ws.slug)
    weakest = lambda lang: t("answers.leak.weakest", lang, stage=stage_name(app_store, ws, -2, lang), health=0)  # noqa: E731
    assert weakest("en") in texts(at)
    other = make_app(page="hourglass", lang="es", workspace=ws.slug)  # another session, the other language
    assert weakest("es") in texts(other) and weakest("en") not in texts(other)
    at.session_state["lang"] = "es"
    at.run()
    assert weakest("es") in texts(at)
    [queue] = [tp for tp in app_store.touchpoints(ws.id) if tp.name == "Cola en caja"]
    app_store.update_touchpoints(ws.id, {queue.id: {"performance": 5}})  # the weakest stage is mended
    other.run()
    assert weakest("es") not in texts(other)


def test_download_buttons_for_png_and_svg(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="hourglass", workspace=ws.slug)
    labels = [b.label for b in at.get("download_button")]
    assert labels == [t("hourglass.download.png", "en"), t("hourglass.download.svg", "en")]


# --- customer counts ----------------------------------------------------------

def test_counts_entered_switch_the_chart_to_counts_mode_and_persist(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="hourglass", workspace=ws.slug)
    enter_counts(at, ws, {0: {"customers": 1000}, 1: {"customers": 400}, 4: {"customers": 50}})
    assert not at.exception
    assert [s.customers for s in app_store.stages(ws.id)] == [1000, 400, None, None, 50, None, None]
    spec = chart_spec(at)
    assert spec["title"]["subtitle"][-2:] == t("chart.hourglass.subtitle_counts", "en").split("\n")
    rows = chart_rows(at)
    assert [r["customers"] for r in rows][:2] == [1000, 400]
    body = texts(at)
    # 400 → 50 is the lowest conversion
    assert t("answers.leak.drop", "en", before="Like", after="Buy", rate="13%", after_count="50",
             before_count="400", lost="350") in body
    assert t("answers.customers.most", "en", stage="Know", n="1,000") in body

    fresh = make_app(page="hourglass", workspace=ws.slug)
    assert list(fresh.data_editor[0].value["customers"])[:2] == [1000, 400]


def test_clearing_a_count_and_the_clear_button(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="hourglass", workspace=ws.slug)
    enter_counts(at, ws, {0: {"customers": 10}, 1: {"customers": 5}})
    enter_counts(at, ws, {1: {"customers": None}})
    assert [s.customers for s in app_store.stages(ws.id)][:2] == [10, None]
    at.button(key=f"hourglass-{ws.id}-clear").click().run()
    assert not at.exception
    assert all(s.customers is None for s in app_store.stages(ws.id))
    assert chart_spec(at)["title"]["subtitle"][-2:] == t("chart.hourglass.subtitle_shape", "en").split("\n")


@pytest.mark.parametrize("lang", LANGS)
def test_invalid_count_is_refused_with_a_translated_error(make_app, app_store, lang):
    ws = audited(app_store)
    at = make_app(page="hourglass", lang=lang, workspace=ws.slug)
    enter_counts(at, ws, {0: {"customers": 100}, 1: {"customers": -3}})
    assert not at.exception
    assert all(s.customers is None for s in app_store.stages(ws.id))  # all or nothing
    assert t("field.customers", lang) in shown(at.error[0].value)


# --- the answers --------------------------------------------------------------

def test_consistency_and_feelings(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="hourglass", workspace=ws.slug)
    body = texts(at)
    assert t("answers.consistency.uneven", "en", strongest="Know", strongest_health=75, weakest="Repeat",
             weakest_health=0, spread=75) in body
    assert t("answers.consistency.worst_feeling", "en", stage="Repeat", emotion="−2.0") in body


def test_everything_covered_and_nothing_to_concentrate_on(make_app, app_store):
    ws = app_store.create_workspace("Todo bien", framework="before-during-after")
    app_store.add_touchpoints(ws.id, [{"stage_id": s.id, "name": f"tp {s.position}", "importance": 4,
                                       "performance": 4} for s in app_store.stages(ws.id)])
    at = make_app(page="hourglass", workspace=ws.slug)
    assert not at.exception
    body = texts(at)
    assert t("answers.gaps.all_covered", "en", n=3) in body
    assert t("answers.moments.none", "en") in body
    assert t("answers.consistency.consistent", "en", spread=0, weakest="Before", weakest_health=75,
             strongest="Before", strongest_health=75) in body
    assert t("answers.consistency.no_emotions", "en") in body


def test_user_text_is_markdown_escaped(make_app, app_store):
    ws = app_store.create_workspace("Escape")
    stage = app_store.stages(ws.id)[0]
    app_store.update_stage(stage.workspace_id, stage.id, name="**Know**")
    app_store.add_touchpoints(ws.id, [{"stage_id": stage.id, "name": "[click](http://x)", "importance": 5,
                                       "performance": 1}])
    at = make_app(page="hourglass", workspace=ws.slug)
    body = texts(at)
    assert "[click](http://x)" not in body and r"\[click\]\(http://x\)" in body.replace(r"\:", ":").replace("\u2060", "")
    assert r"\*\*Know\*\*" in body


@pytest.mark.parametrize("lang", LANGS)
def test_every_answer_is_shown_with_what_it_rests_on(make_app, app_store, lang):
    from audit import answers

    ws = audited(app_store, lang=lang)
    at = make_app(page="hourglass", lang=lang, workspace=ws.slug)
    body = texts(at)
    found = answers.map_answers(app_store.workspace_data(ws.id), lang)
    assert [a.key for a in found] == list(answers.QUESTIONS)
    for answer in found:
        assert answers.answer_title(answer, lang) in body
        assert answers.basis_text(answer, lang) in body
    # only counts answer "which stage are most customers in"
    assert t("answers.customers.no_counts", lang) in body


def test_counts_after_the_sale_and_a_growing_count_warning(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="hourglass", workspace=ws.slug)
    enter_counts(at, ws, {i: {"customers": n} for i, n in enumerate([100, 1800, 300, 200, 150, 60, 15])})
    assert not at.exception
    body = texts(at)
    assert t("answers.after_sale.came_back", "en", n="60", buyers="150", rate="40%") in body
    assert t("answers.after_sale.referred", "en", n="15", stage="Refer") in body
    assert "%" not in t("answers.after_sale.referred", "en", n="15", stage="Refer")
    [warning] = at.warning
    assert warning.value == t("answers.customers.growth", "en", before="Know", after="Like", times="18")


def test_chart_takes_the_theme_background_and_its_column_width(make_app, app_store):
    ws = audited(app_store)
    at = make_app(page="hourglass", workspace=ws.slug)
    spec = chart_spec(at)
    assert spec["background"] == "transparent"  # the page's own background shows through
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}  # never wider than its column
