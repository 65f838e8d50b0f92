"""Client report page (Build 3), through AppTest: sections and agency saved
at once and seen by a second session, downloads offered, user text escaped."""

from __future__ import annotations

import base64

import pytest

from audit.i18n import t


def audited(store, name="Harbor Physio", lang="en"):
    ws = store.create_workspace(name, lang=lang)
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{"stage_id": stages[0].id, "name": "Booking page",
                                   "importance": 5, "performance": 2}])
    return ws


def preview(at) -> str:
    [frame] = at.get("iframe")
    src = frame.proto.src
    assert src.startswith("data:text/html;base64,")
    return base64.b64decode(src.split(",", 1)[1]).decode("utf-8")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_page_offers_both_downloads_and_a_preview(make_app, app_store, lang):
    ws = audited(app_store, lang=lang)
    at = make_app("report", lang=lang, workspace=ws.slug)
    assert not at.exception
    labels = {b.label for b in at.get("download_button")}
    assert labels == {t("report.ui.download_html", lang), t("report.ui.download_pdf", lang)}
    assert t("report.title", lang) in preview(at)
    assert app_store.workspace(ws.id).last_page == "report"


def test_sections_are_saved_at_once_and_a_second_session_sees_them(make_app, app_store):
    ws = audited(app_store)
    at = make_app("report", workspace=ws.slug)
    at.checkbox(key=f"report-{ws.id}-s-emotion").uncheck().run()
    at.checkbox(key=f"report-{ws.id}-s-ipa").uncheck().run()
    at.number_input(key=f"report-{ws.id}-top").set_value(3).run()
    saved = app_store.report_settings(ws.id)
    assert "emotion" not in saved["sections"] and "ipa" not in saved["sections"]
    assert "persona" in saved["sections"] and saved["top_n"] == 3
    assert '<section id="emotion"' not in preview(at)

    other = make_app("report", workspace=ws.slug)
    assert other.checkbox(key=f"report-{ws.id}-s-emotion").value is False
    assert other.checkbox(key=f"report-{ws.id}-s-persona").value is True
    assert other.number_input(key=f"report-{ws.id}-top").value == 3


def test_agency_settings_are_saved_at_once_for_every_workspace(make_app, app_store):
    ws = audited(app_store)
    second = audited(app_store, name="Bodega Sur", lang="es")
    at = make_app("report", workspace=ws.slug)
    at.text_input(key="report-agency-name").input("Acme <b>Agency</b>").run()
    at.color_picker(key="report-agency-accent").pick("#aa3300").run()
    assert (app_store.agency().name, app_store.agency().accent) == ("Acme <b>Agency</b>", "#aa3300")
    page = preview(at)
    assert "Acme &lt;b&gt;Agency&lt;/b&gt;" in page and "<b>Agency" not in page

    other = make_app("report", workspace=second.slug, lang="es")
    assert other.text_input(key="report-agency-name").value == "Acme <b>Agency</b>"
    assert other.color_picker(key="report-agency-accent").value == "#aa3300"
    assert "--accent: #aa3300" in preview(other)


def test_a_bad_agency_value_says_why_and_keeps_the_stored_one(make_app, app_store):
    ws = audited(app_store)
    app_store.set_agency(name="Acme")
    at = make_app("report", workspace=ws.slug)
    at.text_input(key="report-agency-name").input("x" * 200).run()
    assert app_store.agency().name == "Acme"
    assert at.error and "120" in at.error[0].value


def test_no_section_chosen_says_so(make_app, app_store):
    ws = audited(app_store)
    app_store.set_report_settings(ws.id, sections=[])
    at = make_app("report", workspace=ws.slug)
    assert not at.get("download_button")
    assert any(t("report.ui.no_sections", "en") in i.value for i in at.info)


def test_the_snapshot_to_compare_with_is_saved_per_workspace(make_app, app_store):
    ws = audited(app_store)
    first = app_store.add_snapshot(ws.id, {"stages": []}, label="First")
    app_store.add_snapshot(ws.id, {"stages": []}, label="Second")
    at = make_app("report", workspace=ws.slug)
    box = at.selectbox(key=f"report-{ws.id}-since")
    assert box.value == 0  # the latest
    box.set_value(first).run()
    assert app_store.report_settings(ws.id)["snapshot"] == first
    assert "First" in preview(at)
    assert make_app("report", workspace=ws.slug).selectbox(key=f"report-{ws.id}-since").value == first


@pytest.mark.parametrize("email, edits", [("ana@agency.example", True), ("rosa@bakery.example", False)])
def test_only_staff_edit_the_agency(make_app, app_store, monkeypatch, email, edits):
    """Accounts mode: a client user chooses their report's sections, never the agency's settings."""
    monkeypatch.setenv("HOURGLASS_ACCESS", "accounts")
    monkeypatch.setenv("HOURGLASS_STAFF", "ana@agency.example")
    ws = audited(app_store)
    app_store.share_workspace(ws.id, "rosa@bakery.example")
    app_store.set_agency(name="Acme")
    at = make_app(run=False, workspace=ws.slug)
    at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
    at.run()
    at.switch_page("views/report.py").run()
    assert not at.exception
    assert (len(at.text_input(key="report-agency-name").value or "") > 0 if edits else
            not [w for w in at.text_input if w.key == "report-agency-name"])
    assert at.checkbox(key=f"report-{ws.id}-s-persona").value is True
    assert "Acme" in preview(at)  # the agency still signs the report
