"""Re-audit · /compare through AppTest: take a snapshot, edit, take another,
and the change is shown per stage, in a chart, and in the backlog done since."""

import re

import pytest

from audit.i18n import t
from rendered import walk, raw_html_without_user_text

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def shop(app_store):
    ws = app_store.create_workspace("Bici Sur", industry="retail", lang="es")
    know = app_store.stages(ws.id)[0]
    app_store.add_touchpoints(ws.id, [{"stage_id": know.id, "name": "Web", "importance": 4, "performance": 2}])
    return ws


def take(at, ws, label=""):
    if label:
        at.text_input(key=f"cmp-label-{ws.id}").input(label)
    at.button(key=f"cmp-take-{ws.id}").click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_snapshot_an_edit_and_a_second_snapshot_show_the_change(make_app, app_store, shop, lang):
    at = make_app(page="compare", lang=lang, workspace=shop.slug)
    assert not at.exception
    assert at.title[0].value == t("compare.title", lang)
    assert at.info[0].value == t("compare.none_yet", lang)
    take(at, shop, "Q1")
    [first] = app_store.snapshots(shop.id)
    assert first.label == "Q1"
    assert at.text_input(key=f"cmp-label-{shop.id}").value == ""  # ready for the next one
    assert t("compare.one_only", lang, name="")[:12] in at.info[0].value
    web = app_store.touchpoints(shop.id)[0]
    app_store.update_touchpoints(shop.id, {web.id: {"performance": 4}})
    take(at, shop)
    assert len(app_store.snapshots(shop.id)) == 2
    assert at.selectbox(key=f"cmp-before-{shop.id}").value == first.id
    table = at.dataframe[0].value
    know = table.iloc[0]
    assert know[t("compare.col_stage", lang)] == {"en": "Know", "es": "Conocer"}[lang]
    assert know[t("compare.metric.health", lang)] == "25 → 75 (+50)"
    assert know[t("compare.metric.coverage", lang)] == "1 → 1 (±0)"
    assert set(table[t("compare.metric.health", lang)].iloc[1:]) == {"– → –"}
    assert at.get("vega_lite_chart")
    assert not [e for e in at.info if e.value == t("compare.nothing_changed", lang)]


def test_the_chart_follows_the_metric_picked(make_app, app_store, shop):
    at = make_app(page="compare", workspace=shop.slug)
    take(at, shop)
    take(at, shop)
    assert at.info[0].value == t("compare.nothing_changed", "en")
    at.segmented_control(key=f"cmp-metric-{shop.id}").set_value("coverage").run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert t("compare.chart.title_coverage", "en") in charts[0].proto.spec


def test_picking_the_same_snapshot_twice_asks_for_two(make_app, app_store, shop):
    at = make_app(page="compare", workspace=shop.slug)
    take(at, shop)
    take(at, shop)
    at.selectbox(key=f"cmp-before-{shop.id}").set_value(app_store.snapshots(shop.id)[1].id).run()
    assert at.warning[0].value == t("compare.same", "en")
    assert not at.dataframe


def test_done_backlog_items_are_listed(make_app, app_store, shop, library):
    from audit import backlog

    backlog.regenerate(app_store, shop.id, library)
    at = make_app(page="compare", workspace=shop.slug)
    take(at, shop)
    item = next(i for i in app_store.backlog_items(shop.id) if i.source == "coverage")
    app_store.update_backlog_item(shop.id, item.id, status="done", title=XSS)
    take(at, shop)
    assert any(XSS.replace("<", "\\<")[:6] in m.value for m in at.markdown)
    assert at.metric[1].value == "1"


def test_user_text_is_never_html(make_app, app_store, shop):
    at = make_app(page="compare", workspace=shop.slug)
    take(at, shop, XSS)
    take(at, shop, XSS)
    assert not at.exception
    for root in (at.main, at.sidebar):
        for element in walk(root):
            proto = getattr(element, "proto", None)
            if proto is not None and "allow_html" in type(proto).DESCRIPTOR.fields_by_name:
                assert not proto.allow_html or "<img" not in proto.body
                assert not re.search(r"(?<!\\)<img", proto.body), proto.body
    assert raw_html_without_user_text(at)
