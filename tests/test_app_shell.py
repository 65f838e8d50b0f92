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
    assert "Rosa's Bakery" in at.caption[0].value
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
    labels = [p.text for p in at.sidebar.get("progress")] if hasattr(at.sidebar, "get") else []
    for step in ("persona", "journey", "touchpoints", "scoring", "checklist", "backlog", "hourglass"):
        assert any(label.startswith(t(f"nav.{step}", "en")) for label in labels), step


def test_switching_language_in_the_sidebar_translates_the_page_and_the_url(make_app, app_store):
    ws = app_store.create_workspace("Bilingual")
    at = make_app(page="persona", lang="en", workspace=ws.slug)
    assert at.title[0].value == t("nav.persona", "en")
    at.sidebar.radio(key="lang_picker").set_value("es").run()
    assert not at.exception
    assert at.title[0].value == t("nav.persona", "es")
    assert at.query_params["lang"] in ("es", ["es"])
