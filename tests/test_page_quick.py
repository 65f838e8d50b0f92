"""The quick scan page (/quick) and its entry on Home, driven through AppTest.

The industry is the test-only pack ``quick_clinic`` (tests/packs/quick, read
through ``HOURGLASS_CHECKLISTS``): eight key moments over the seven stages.
"""

from pathlib import Path

import pytest

from audit import quick_scan
from audit.demo import load_demo
from audit.frameworks import default_stage_name
from audit.i18n import t
from rendered import shown

PACK_DIR = Path(__file__).resolve().parent / "packs" / "quick"
MOMENT_IDS = ["google-profile", "website", "reviews", "first-call", "booking", "payment", "reminder", "referral"]


@pytest.fixture(autouse=True)
def quick_pack(monkeypatch):
    monkeypatch.setenv("HOURGLASS_CHECKLISTS", str(PACK_DIR))


def start_scan(at, name, industry="quick_clinic"):
    at.text_input(key="quick-name").set_value(name)
    at.selectbox(key="quick-industry").set_value(industry)
    lang = at.session_state["lang"]
    submit = next(b for b in at.button if b.label == t("quick.start_button", lang))
    return submit.click().run()


def open_quick(make_app, lang="en", workspace=None):
    at = make_app(lang=lang, workspace=workspace)
    return at.switch_page("views/quick.py").run()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_home_offers_the_quick_scan_first_beside_the_full_audit(make_app, lang):
    at = make_app(lang=lang)
    titles = [s.value for s in at.subheader]
    assert titles.index(t("quick.home.title", lang)) < titles.index(t("home.create_title", lang))
    at.button(key="start_quick").click().run()
    assert not at.exception
    assert at.title[0].value == t("quick.title", lang)
    assert at.text_input(key="quick-name").label == t("quick.name", lang)


def test_the_quick_scan_button_starts_a_new_business_even_with_a_workspace_open(make_app, app_store):
    ws = app_store.create_workspace("Already Here")
    at = make_app(workspace=ws.slug)
    at.button(key="start_quick").click().run()
    assert at.title[0].value == t("quick.title", "en")
    assert at.session_state["workspace_slug"] is None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_step_one_creates_the_workspace_in_the_interface_language_and_lists_the_moments(make_app, app_store, lang):
    at = start_scan(open_quick(make_app, lang), "Clínica Sonrisa")
    assert not at.exception
    ws = app_store.workspace("clinica-sonrisa")
    assert (ws.industry, ws.lang, ws.framework) == ("quick_clinic", lang, "hourglass")
    goals = {"en": "A check-up without waiting", "es": "Una revisión sin esperas"}[lang]
    assert app_store.personas(ws.id)[0].goals == goals  # the pack's persona template, filled
    assert at.session_state["workspace_slug"] == "clinica-sonrisa"
    assert at.title[0].value == t("quick.moments_title", lang)
    controls = at.segmented_control
    assert [c.key for c in controls] == [f"quick-{ws.id}-{m}" for m in MOMENT_IDS]
    assert controls[0].options == [t(f"quick.level.{a}", lang) for a in quick_scan.ANSWERS]
    assert all(c.value is None for c in controls)
    trust = default_stage_name("hourglass", "trust", lang)
    hints = [shown(c.value) for c in at.caption]
    assert t("quick.moment_hint", lang, stage=trust, importance=5) in hints  # Online reviews


@pytest.mark.parametrize("name, rule", [("  ", "non_empty"), ("clinica SONRISA", "name_taken")])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_empty_or_taken_name_gets_a_message_and_no_traceback(make_app, app_store, name, rule, lang):
    app_store.create_workspace("Clínica Sonrisa")
    at = start_scan(open_quick(make_app, lang), name)
    assert not at.exception
    assert t(f"allowed.{rule}", lang, other="Clínica Sonrisa") in shown(at.error[0].value)
    assert [w.slug for w in app_store.workspaces()] == ["clinica-sonrisa"]
    assert at.title[0].value == t("quick.title", lang)


def test_one_click_writes_the_store_and_a_second_session_sees_it(make_app, app_store):
    at = start_scan(open_quick(make_app), "Sonrisa")
    ws = app_store.workspace("sonrisa")
    at.segmented_control(key=f"quick-{ws.id}-reviews").set_value("missing").run()
    assert not at.exception
    [tp] = app_store.touchpoints(ws.id)
    assert (tp.name, tp.importance, tp.performance, tp.suggestion) == (
        "Online reviews", 5, 1, "quick_clinic:trust:reviews")
    other = open_quick(make_app, workspace=ws.slug)  # another browser, or a refresh
    assert other.segmented_control(key=f"quick-{ws.id}-reviews").value == "missing"
    assert other.segmented_control(key=f"quick-{ws.id}-website").value is None
    other.segmented_control(key=f"quick-{ws.id}-reviews").set_value("4").run()
    assert app_store.touchpoints(ws.id)[0].performance == 4
    at.run()  # the first session follows the store
    assert at.segmented_control(key=f"quick-{ws.id}-reviews").value == "4"


def answer_all(at, ws_id, answers):
    for moment_id, answer in answers.items():
        at.segmented_control(key=f"quick-{ws_id}-{moment_id}").set_value(answer).run()
    return at


ANSWERS = {"google-profile": "2", "website": "2", "reviews": "missing", "first-call": "2", "booking": "2",
           "payment": "4", "reminder": "2", "referral": "5"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_build_my_plan_shows_the_top_five_the_hourglass_and_the_download(make_app, app_store, library, lang):
    at = start_scan(open_quick(make_app, lang), "Sonrisa")
    ws = app_store.workspace("sonrisa")
    assert at.button(key=f"quick-{ws.id}-build").disabled  # nothing answered yet
    at = answer_all(at, ws.id, ANSWERS)
    at.button(key=f"quick-{ws.id}-build").click().run()
    assert not at.exception
    assert at.title[0].value == t("quick.plan_title", lang)
    top = next(m.value for m in at.markdown if m.value.startswith("1. "))
    assert top.count("\n") == 4  # five items
    open_items = [i for i in app_store.backlog_items(ws.id) if not i.resolved_by_audit]
    assert len(open_items) >= 5
    assert at.get("download_button")
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_continue_with_the_full_audit_opens_the_touchpoints_with_the_answers(make_app, app_store):
    at = start_scan(open_quick(make_app), "Sonrisa")
    ws = app_store.workspace("sonrisa")
    at = answer_all(at, ws.id, {"reviews": "1"})
    at.button(key=f"quick-{ws.id}-build").click().run()
    at.button(key=f"quick-{ws.id}-continue").click().run()
    assert not at.exception
    assert at.title[0].value == t("nav.touchpoints", "en")  # one name per step
    assert at.session_state["workspace_slug"] == "sonrisa"


def test_a_workspace_whose_industry_has_no_moments_is_sent_to_the_full_audit(make_app, app_store, monkeypatch, tmp_path):
    (tmp_path / "bare.toml").write_text('[pack]\nid = "bare"\nname = { en = "Bare", es = "Vacío" }\n', encoding="utf-8")
    monkeypatch.setenv("HOURGLASS_CHECKLISTS", str(tmp_path))
    ws = app_store.create_workspace("No Moments", industry="bare")
    at = open_quick(make_app, workspace=ws.slug)
    assert not at.exception
    assert at.info[0].value == t("quick.no_moments", "en")
    assert not at.segmented_control


# -- Home: continue where you left off -----------------------------------------------
def test_continue_never_names_a_demo_nobody_opened(make_app, app_store):
    load_demo(app_store)
    at = make_app()
    assert not at.exception
    assert not [b for b in at.button if b.key == "continue"]


def test_continue_names_the_workspace_this_browser_opened(make_app, app_store):
    load_demo(app_store)
    mine = app_store.create_workspace("Mine")
    at = make_app()
    at.button(key=f"open_{mine.slug}").click().run()
    at.switch_page("views/home.py").run()
    assert not at.exception
    assert "Mine" in [shown(m.value) for m in at.markdown if "Mine" in m.value][0]
    at.button(key="continue").click().run()
    assert at.session_state["workspace_slug"] == mine.slug


def test_continue_goes_back_to_an_unfinished_quick_scan(make_app, app_store):
    at = start_scan(open_quick(make_app), "Sonrisa")
    at.switch_page("views/home.py").run()
    assert any(shown(m.value) == shown(t("quick.home.continue_quick", "en", name="Sonrisa")) for m in at.markdown)
    at.button(key="continue").click().run()
    assert at.title[0].value == t("quick.moments_title", "en")
