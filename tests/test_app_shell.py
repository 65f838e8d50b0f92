"""The router: language, workspace in the URL, navigation, progress."""

import pytest

from audit.i18n import t


@pytest.mark.parametrize("lang", ["en", "es"])
def test_language_survives_reruns_and_page_switches(make_app, app_store, lang):
    ws = app_store.create_workspace("Café Luna", lang=lang)
    at = make_app(lang=lang, workspace=ws.slug)
    at.run()
    at.switch_page("views/persona.py").run()
    assert not at.exception
    assert at.session_state["lang"] == lang
    assert at.sidebar.radio(key="lang_picker").value == lang
    assert at.query_params["lang"] == [lang] or at.query_params["lang"] == lang


def test_workspace_from_url_is_opened_and_kept(make_app, app_store):
    ws = app_store.create_workspace("Rosa's Bakery")
    at = make_app(page="persona", workspace=ws.slug)
    assert not at.exception
    assert at.session_state["workspace_slug"] == ws.slug
    assert "Rosa's Bakery" in at.main.markdown[0].value  # the header's step line
    at.switch_page("views/journey.py").run()
    assert at.session_state["workspace_slug"] == ws.slug


@pytest.mark.parametrize("lang", ["en", "es"])
def test_unknown_workspace_slug_gets_a_friendly_message(make_app, lang):
    at = make_app(page="persona", lang=lang, workspace="no-such-place")
    assert not at.exception
    warning = at.warning[0].value
    assert "no-such-place" in warning.replace("\\", "")
    assert at.info[0].value == t("app.no_workspace", lang)


def test_sidebar_shows_progress_of_every_step(make_app, app_store):
    ws = app_store.create_workspace("Progress Co")
    at = make_app(workspace=ws.slug)
    [progress] = [m.value for m in at.sidebar.markdown if t("app.progress", "en") in m.value]
    lines = progress.split("  \n")[1:]
    steps = ("persona", "journey", "touchpoints", "scoring", "checklist", "backlog", "hourglass")
    assert [line.split("] ", 1)[1].split(" · ")[0] for line in lines] == [t(f"nav.{s}", "en") for s in steps]
    assert not at.sidebar.get("progress")  # one element for the seven steps, not a bar each (issue 11)


@pytest.mark.parametrize("value, mark, share", [
    (0.0, "radio_button_unchecked", "0%"), (0.04, "clock_loader_10", "4%"), (0.5, "clock_loader_40", "50%"),
    (0.67, "clock_loader_60", "67%"), (0.99, "clock_loader_90", "99%"), (1.0, "check_circle", "✓"),
])
def test_sidebar_progress_line_marks_how_far_each_step_is(value, mark, share):
    from audit.progress import Progress
    from views import session

    done = Progress(steps={step: value for step in session.STEP_PAGES}, left={})
    lines = session.progress_lines(done).split("  \n")
    assert len(lines) == 1 + len(session.STEP_PAGES)
    assert all(f":material/{mark}:" in line and line.endswith(f" · {share}") for line in lines[1:])


def test_switching_language_in_the_sidebar_translates_the_page_and_the_url(make_app, app_store):
    ws = app_store.create_workspace("Bilingual")
    at = make_app(page="persona", lang="en", workspace=ws.slug)
    assert at.title[0].value == t("nav.persona", "en")
    at.sidebar.radio(key="lang_picker").set_value("es").run()
    assert not at.exception
    assert at.title[0].value == t("nav.persona", "es")
    assert at.query_params["lang"] in ("es", ["es"])
