"""The quick scan in a real browser: from Home on a fresh database to a
downloaded backlog CSV, in each language, counting every interaction (a
click, a run of keystrokes into one field, a selection). Budget: 25.

The industry is a shipped pack with key moments when one has them (the
health clinic, else the general pack); while no shipped pack has them yet,
the test-only pack ``quick_clinic`` (tests/packs/quick) is read through
``HOURGLASS_CHECKLISTS``. The answers make one moment clearly the worst
(the most important one: "we don't have this"), five more "badly", the rest
"well", so the CSV holds at least five items and its first is about the
moment with the largest gap. Screenshots: ``quick-<lang>-*.png``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from audit import scoring
from audit.checklists import BUILTIN_DIR, load_library
from audit.frameworks import default_stage_name
from audit.i18n import t

pytestmark = pytest.mark.browser

BUDGET = 25
TEST_PACKS = Path(__file__).resolve().parents[1] / "packs" / "quick"
SHIPPED_CHOICES = ("health_clinic", "general")
VIEWPORT = {"width": 1440, "height": 1000}


def choose_industry():
    """(pack, extra pack dir or None): a shipped pack with 8+ moments, else the test pack."""
    shipped = load_library((BUILTIN_DIR,))
    for pack_id in SHIPPED_CHOICES:
        pack = shipped.packs.get(pack_id)
        if pack and len(pack.moments()) >= 8:
            return pack, None
    return load_library((TEST_PACKS,)).packs["quick_clinic"], TEST_PACKS


class Interactions:
    """Every user action of the walk goes through here and is counted."""

    def __init__(self, page, ui):
        self.page, self.ui, self.count, self.log = page, ui, 0, []

    def _done(self, what: str, wait: bool = True) -> None:
        self.count += 1
        self.log.append(what)
        if wait:
            self.ui.wait_ready(self.page)

    def click(self, locator, what: str, wait: bool = True) -> None:
        locator.click()
        self._done(f"click {what}", wait)

    def type(self, locator, text: str, what: str) -> None:
        locator.fill(text)
        self._done(f"type {what}", wait=False)

    def select(self, box, option, what: str) -> None:
        box.click()
        self._done(f"open {what}", wait=False)
        option.click()
        self._done(f"select {what}", wait=False)


def answers_for(moments):
    """The most important moment (first in journey order on a tie) missing,
    the next five most important badly, the rest well."""
    order = sorted(range(len(moments)), key=lambda i: (-(moments[i].importance or 4), i))
    plan = {moments[order[0]].id: "missing"}
    plan.update({moments[i].id: "2" for i in order[1:6]})
    plan.update({m.id: "4" for m in moments if m.id not in plan})
    return plan, moments[order[0]]


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.fixture(autouse=True)
def industry(monkeypatch):
    """The pack the walk uses; set before the server starts (autouse runs first)."""
    pack, extra = choose_industry()
    if extra:
        monkeypatch.setenv("HOURGLASS_CHECKLISTS", str(extra))
    return pack


@pytest.mark.parametrize("lang", ["en", "es"])
def test_quick_scan_from_home_to_a_downloaded_plan_within_25_interactions(
        industry, fresh_app_server, browser, ui, lang):
    server, pack = fresh_app_server, industry
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True,
                                  locale="es-ES" if lang == "es" else "en-US")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        walk(page, ui, server, pack, lang)
        # -- a new session of this browser: Home offers to continue this scan only -----
        home = context.new_page()
        ui.goto(home, server.url)
        expect(home.get_by_text(t("home.continue_title", lang))).to_be_visible()
        expect(home.locator(ui.key("continue"))).to_be_visible()
        expect(home.get_by_text(f"{NAMES[lang]} — ", exact=False)).to_be_visible()
        ui.assert_no_exception(home)
        # -- re-opening the scan shows the answers; a moment is answered by keyboard ------
        ws = workspace(server, NAMES[lang])
        ui.goto(home, server.page_url("quick", workspace=ws.slug))
        last, ws_id = pack.moments()[-1], ws.id
        box = home.locator(ui.key(f"quick-{ws_id}-{last.id}"))
        expect(box.locator("[role='radio'][aria-checked='true']")).to_have_text(t("quick.level.4", lang))
        box.get_by_role("radio", name=t("quick.level.5", lang), exact=True).focus()
        home.keyboard.press("Enter")
        ui.wait_ready(home)
        expect(box.locator("[role='radio'][aria-checked='true']")).to_have_text(t("quick.level.5", lang))
        store = server.store()
        try:
            performance = {tp.suggestion: tp.performance for tp in store.touchpoints(ws_id)}
        finally:
            store.close()
        assert performance[last.key] == 5
    finally:
        context.close()


NAMES = {"en": "Sonrisa Dental", "es": "Clínica Dental Sonrisa"}


def workspace(server, name):
    store = server.store()
    try:
        return store.workspace(name)
    finally:
        store.close()


def walk(page, ui, server, pack, lang):
    act = Interactions(page, ui)
    ui.goto(page, server.url)  # typing the address: not counted
    expect(page.locator("h1").first).to_have_text(t("home.title", lang))
    expect(page.get_by_text(t("quick.home.title", lang))).to_be_visible()
    expect(page.locator(ui.key("continue"))).to_have_count(0)  # nothing opened yet
    ui.shot(page, f"quick-{lang}-0-home")

    # -- Home → step 1: the business ---------------------------------------------------
    act.click(page.locator(f"{ui.key('start_quick')} button"), "Quick scan on Home")
    assert urlparse(page.url).path == "/quick"
    expect(page.locator("h1").first).to_have_text(t("quick.title", lang))
    act.type(page.locator(f"{ui.key('quick-name')} input"), NAMES[lang], "business name")
    act.select(page.locator(ui.key("quick-industry")), page.get_by_role("option", name=pack.name(lang)), "industry")
    ui.shot(page, f"quick-{lang}-1-business")
    act.click(page.get_by_role("button", name=t("quick.start_button", lang)), "Next")
    ui.assert_no_exception(page)
    slug = query(page).get("workspace")
    store = server.store()
    try:
        ws = store.workspace(slug)
        assert (ws.name, ws.industry, ws.lang) == (NAMES[lang], pack.id, lang)
    finally:
        store.close()

    # -- step 2: one click per key moment ------------------------------------------------
    expect(page.locator("h1").first).to_have_text(t("quick.moments_title", lang))
    moments = pack.moments()
    plan, worst = answers_for(moments)
    for moment in moments:
        box = page.locator(ui.key(f"quick-{ws.id}-{moment.id}"))
        expect(box).to_be_visible()
        act.click(box.get_by_role("radio", name=t(f"quick.level.{plan[moment.id]}", lang), exact=True),
                  f"moment {moment.id}")
        expect(box.locator("[role='radio'][aria-checked='true']")).to_have_text(
            t(f"quick.level.{plan[moment.id]}", lang))
    ui.assert_no_exception(page)
    expect(page.get_by_text(t("quick.answered", lang, n=len(moments), total=len(moments)))).to_be_visible()
    ui.shot(page, f"quick-{lang}-2-moments")
    store = server.store()
    try:
        touchpoints = store.touchpoints(ws.id)
    finally:
        store.close()
    assert len(touchpoints) == len(moments)  # every click saved at once

    # -- step 3: the plan ----------------------------------------------------------------
    act.click(page.get_by_role("button", name=t("quick.build_button", lang)), "Build my plan")
    expect(page.locator("h1").first).to_have_text(t("quick.plan_title", lang))
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    ui.assert_no_exception(page)
    ui.shot(page, f"quick-{lang}-3-plan")
    fmt = "excel-es" if lang == "es" else "csv"
    with page.expect_download() as download_info:
        act.click(page.locator(ui.key(f"quick-{ws.id}-download-{fmt}")).get_by_role("button"), "download",
                  wait=False)
    data = Path(download_info.value.path()).read_bytes()

    # -- the budget and the file ---------------------------------------------------------
    print(f"\n{lang}: {act.count} interactions: " + "; ".join(act.log))
    assert act.count <= BUDGET, act.log
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";" if fmt == "excel-es" else ","))
    header, items = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
    assert len(items) >= 5, items
    first = items[0]
    stage = default_stage_name("hourglass", worst.place.stage, lang)
    actions = {i.action(lang) for i in worst.improve}
    assert first[t("export.stage", lang)] == stage, first
    assert (first[t("export.title", lang)] in actions or worst.name(lang) in " ".join(first.values())), first
    gaps = {tp.suggestion: scoring.gap(tp.importance, tp.performance) for tp in touchpoints}
    assert gaps[worst.key] == max(gaps.values())
