"""Caching never shows one workspace's data in another (issue 11).

The workspace's rows are read once per run and kept in the session's state
(``session.workspace_data``), and chart specs are cached process-wide by
workspace and data (``session.chart_spec``). Two AppTest sessions, each with
its own workspace open, run in the same process (so they share that cache):
each sees only its own rows, in its page, its charts and its sidebar; an edit
in one reaches the other only when it opens that workspace; a session that
switches workspace sees the other's rows at once.
"""

import pyarrow as pa
import pytest
from at_once import at_once

from audit.i18n import t


def make_workspace(store, name: str, touchpoints: list[str], performance: int):
    ws = store.create_workspace(name, industry="general")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [
        dict(stage_id=stages[i % 3].id, name=tp, importance=4, performance=performance, emotion=1)
        for i, tp in enumerate(touchpoints)])
    return ws


def chart_texts(at) -> set[str]:
    """Every text cell of every chart's data (Arrow datasets and inline data)."""
    texts = set()
    for chart in at.get("vega_lite_chart"):
        blobs = [d.data.data for d in chart.proto.datasets]
        if chart.proto.data.data:
            blobs.append(chart.proto.data.data)
        for blob in blobs:
            frame = pa.ipc.open_stream(blob).read_all().to_pandas()
            for column in frame.columns:
                texts.update(v for v in frame[column] if isinstance(v, str))
    return texts


def page_texts(at) -> str:
    return " ".join(m.value for m in at.markdown)


ALPHA = ["Alpha desk", "Alpha phone", "Alpha web"]
BETA = ["Beta kiosk", "Beta mail"]


@pytest.fixture
def two(app_store):
    return make_workspace(app_store, "Alpha clinic", ALPHA, 2), make_workspace(app_store, "Beta shop", BETA, 5)


@pytest.mark.parametrize("page", ["scoring", "hourglass"])
def test_two_sessions_each_see_only_their_workspace(make_app, two, page):
    alpha, beta = two
    first = make_app(page=page, workspace=alpha.slug)
    second = make_app(page=page, workspace=beta.slug)
    for at in (first, second):
        at.run()  # both sessions have run twice, interleaved: the caches are warm
        assert not at.exception, at.exception
    assert first.get("vega_lite_chart") and second.get("vega_lite_chart")
    first_charts, second_charts = chart_texts(first), chart_texts(second)
    if page == "scoring":  # the matrix and the curve name each touchpoint
        assert set(ALPHA) <= first_charts and set(BETA) <= second_charts
        assert all(name in page_texts(first) for name in ALPHA)
        assert all(name in page_texts(second) for name in BETA)
    else:  # the hourglass shows stage summaries: Alpha scored 2, Beta 5, so their data differ
        data = lambda at: [d.data.data for c in at.get("vega_lite_chart") for d in c.proto.datasets]  # noqa: E731
        assert data(first) != data(second)
        assert data(first) == data(make_app(page=page, workspace=alpha.slug))
    assert not set(BETA) & first_charts and not set(ALPHA) & second_charts
    assert not any(name in page_texts(first) for name in BETA)
    assert not any(name in page_texts(second) for name in ALPHA)


def test_an_edit_in_one_workspace_never_shows_in_the_other(make_app, app_store, two):
    alpha, beta = two
    first = make_app(page="scoring", workspace=alpha.slug)
    second = make_app(page="scoring", workspace=beta.slug)
    [desk] = [tp for tp in app_store.touchpoints(alpha.id) if tp.name == "Alpha desk"]
    first.segmented_control(key=f"scoring-{alpha.id}-{desk.uid}-performance").set_value(5).run()
    assert not first.exception, first.exception
    assert app_store.touchpoints(alpha.id)[0].performance == 5
    # The first session's page shows its own edit (a new run reads afresh) …
    assert first.segmented_control(key=f"scoring-{alpha.id}-{desk.uid}-performance").value == 5
    # … the second session still sees only its own workspace, unchanged.
    second.run()
    assert all(tp.performance == 5 for tp in app_store.touchpoints(beta.id))
    assert not set(ALPHA) & chart_texts(second)
    assert not any(name in page_texts(second) for name in ALPHA)


def test_switching_workspace_shows_the_other_workspace_at_once(make_app, app_store, two):
    alpha, beta = two
    first = make_app(page="scoring", workspace=alpha.slug)
    second = make_app(page="scoring", workspace=beta.slug)
    [kiosk] = [tp for tp in app_store.touchpoints(beta.id) if tp.name == "Beta kiosk"]
    # An edit in the second session (Beta) …
    second.segmented_control(key=f"scoring-{beta.id}-{kiosk.uid}-performance").set_value(1).run()
    assert not second.exception, second.exception
    # … is what the first session sees as soon as it opens Beta: no Alpha left, no stale Beta.
    first.selectbox(key="workspace_picker").set_value(beta.slug).run()
    assert not first.exception, first.exception
    assert first.segmented_control(key=f"scoring-{beta.id}-{kiosk.uid}-performance").value == 1
    assert set(BETA) <= chart_texts(first) and not set(ALPHA) & chart_texts(first)
    assert all(name in page_texts(first) for name in BETA)
    assert not any(name in page_texts(first) for name in ALPHA)
    # The sidebar's progress is Beta's too (two touchpoints of three stages scored … the same bar as the second's).
    bars = lambda at: [m.value for m in at.sidebar.markdown if t("app.progress", "en") in m.value]  # noqa: E731
    assert bars(first) == bars(second)
    assert t("nav.scoring", "en") in " ".join(bars(first))


def test_sessions_asking_for_the_same_chart_at_once_build_it_once():
    """A workshop opening /hourglass together: the first session builds the
    spec, the others wait for it instead of each building it (issue 11)."""
    import time

    import altair as alt
    import pandas as pd

    from views import session

    builds = []

    def build(n):
        builds.append(n)
        time.sleep(0.2)  # long enough for every thread to ask while it is built
        return alt.Chart(pd.DataFrame({"x": [n]})).mark_bar().encode(x="x:Q")

    specs = at_once(5, lambda: session.chart_spec(987654, "same-chart", build, 7))
    assert builds == [7]
    assert len(specs) == 5 and all(spec is specs[0] for spec in specs)
    # other data is another spec, built again
    assert session.chart_spec(987654, "same-chart", build, 8) is not specs[0] and builds == [7, 8]


def test_sessions_of_one_workspace_read_each_version_of_it_once(make_app, app_store, two, monkeypatch):
    """A workshop room: the second session to open a workspace uses the rows
    the first read (``views/shared.py``), until someone changes it; then the
    next run of either reads it again, once, and both show the change."""
    from audit.store import Store

    alpha, _ = two
    reads = []
    real = Store.workspace_data
    monkeypatch.setattr(Store, "workspace_data", lambda self, ws_id: reads.append(ws_id) or real(self, ws_id))
    first = make_app(page="scoring", workspace=alpha.slug)
    assert reads == [alpha.id]
    second = make_app(page="scoring", workspace=alpha.slug)
    assert not second.exception, second.exception
    assert reads == [alpha.id]  # the second session did not read it again
    assert all(name in page_texts(second) for name in ALPHA)
    [desk] = [tp for tp in app_store.touchpoints(alpha.id) if tp.name == "Alpha desk"]
    key = f"scoring-{alpha.id}-{desk.uid}-performance"
    first.segmented_control(key=key).set_value(5).run()
    assert not first.exception, first.exception
    second.run()
    assert second.segmented_control(key=key).value == 5
    first.run()
    assert reads == [alpha.id, alpha.id]  # the new version, read once for both


def test_sessions_showing_the_same_backlog_build_its_table_once(make_app, app_store, two, monkeypatch):
    """The backlog table's frame is shared by sessions showing the very same
    rows (``views/shared.py``): a second session does not build it again; a
    session of the other workspace builds its own."""
    from views import backlog_table

    alpha, beta = two
    built = []
    real = backlog_table.frame_of
    monkeypatch.setattr(backlog_table, "frame_of", lambda shown, *a: built.append(len(shown)) or real(shown, *a))
    first = make_app(page="backlog", workspace=alpha.slug)
    assert not first.exception, first.exception
    assert len(built) == 1
    second = make_app(page="backlog", workspace=alpha.slug)
    assert not second.exception, second.exception
    assert len(built) == 1
    make_app(page="backlog", workspace=beta.slug)
    assert len(built) == 2
