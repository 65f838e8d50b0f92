"""Projector mode: charts.present and the sidebar toggle."""

from __future__ import annotations

import json

import pytest

from audit import charts, scoring


def fonts(node, out=None):
    """Every font size in a spec, with the keys that hold them."""
    out = [] if out is None else out
    if isinstance(node, dict):
        for key, value in node.items():
            if key in charts._FONT_KEYS and isinstance(value, (int, float)):
                out.append(value)
            else:
                fonts(value, out)
    elif isinstance(node, list):
        for value in node:
            fonts(value, out)
    return out


@pytest.fixture
def audited(store):
    ws = store.create_workspace("Bodega <Sur> #set", lang="es")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [
        {"stage_id": stages[0].id, "name": "Ficha", "importance": 5, "performance": 2, "emotion": -1},
        {"stage_id": stages[2].id, "name": "Caja", "importance": 4, "performance": 5, "emotion": 2},
    ])
    return ws, store.workspace_data(ws.id)


def each_chart(ws, data, **kw):
    summaries = scoring.stage_summaries(data.stages, data.touchpoints)
    return {
        "hourglass": charts.hourglass_chart(summaries, framework=ws.framework, lang=ws.lang, **kw),
        "ipa": charts.ipa_chart(data.touchpoints, data.stages, framework=ws.framework, lang=ws.lang, **kw),
        "emotion": charts.emotion_chart(data.touchpoints, data.stages, framework=ws.framework, lang=ws.lang, **kw),
    }


@pytest.mark.parametrize("kind", ["hourglass", "ipa", "emotion"])
def test_projector_charts_have_big_text_and_the_clients_name(audited, kind):
    ws, data = audited
    normal = each_chart(ws, data)[kind].to_dict()
    shown = each_chart(ws, data, presentation=True, client=ws.name)[kind].to_dict()
    assert min(fonts(normal)) < charts.MIN_FONT
    assert min(fonts(shown)) >= charts.MIN_FONT
    assert shown["title"]["text"] == f"{normal['title']['text']} · Bodega <Sur> #set"
    assert ws.name not in json.dumps(normal)
    assert shown.get("datasets") == normal.get("datasets")  # the same data, only bigger


def test_projector_widths_grow(audited):
    ws, data = audited
    normal = each_chart(ws, data)["hourglass"].to_dict()
    shown = each_chart(ws, data, presentation=True, client=ws.name)["hourglass"].to_dict()
    assert shown["width"] == pytest.approx(normal["width"] * charts.PRESENT_SCALE)


def test_projector_chart_renders(audited):
    ws, data = audited
    svg = charts.chart_svg(each_chart(ws, data, presentation=True, client=ws.name)["ipa"])
    assert "Bodega &lt;Sur&gt; #set" in svg



def test_sidebar_toggle(make_app, app_store):
    ws = app_store.create_workspace("Harbor Physio", lang="en")
    stages = app_store.stages(ws.id)
    app_store.add_touchpoints(ws.id, [{"stage_id": stages[0].id, "name": "Web", "importance": 5, "performance": 2}])
    at = make_app("scoring", workspace=ws.slug)
    assert all(not json.loads(c.proto.spec)["title"]["text"].endswith("Harbor Physio")
               for c in at.get("vega_lite_chart"))
    at.toggle(key="presentation_picker").set_value(True).run()
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs and all(s["title"]["text"].endswith("· Harbor Physio") for s in specs)
    assert all(min(fonts(s)) >= charts.MIN_FONT for s in specs)
