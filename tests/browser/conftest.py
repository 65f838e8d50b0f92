"""Browser tests: the real app (``streamlit run app.py``) in headless Chromium.

* ``app_server`` (session): one Streamlit server on a free port over a fresh
  temporary database (``HOURGLASS_DB``); ``fresh_app_server`` (per test)
  starts another one over an empty database that nothing has opened yet.
  Both yield an ``AppServer`` (``url``, ``db``, ``page_url()``, ``store()``)
  and stop the server at the end, also when a test fails; the server's
  output goes to ``test-artifacts/logs/``.
* ``browser`` (session): Chromium from ``HOURGLASS_CHROMIUM`` or
  ``/usr/bin/chromium`` (``playwright install`` is not used). Missing: skip on
  a laptop, fail under CI (env ``CI``).
* ``page`` / ``new_page()``: pages in fresh browser contexts (a context is a
  browser session of its own), 1440x1000.
* ``ui``: the helpers below: ``wait_ready(page)`` (Streamlit has finished
  running the script), ``goto``, ``nav`` (sidebar), ``shot`` (a screenshot in
  ``test-artifacts/screenshots/``), ``key`` (``.st-key-<key>``), ``grid_rows``
  and ``type_in_cell`` (data editors), ``assert_no_exception``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LOGS = ARTIFACTS / "logs"
PYTHON = ROOT / ".venv" / "bin" / "python"

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 1000}
STARTUP_TIMEOUT = 60  # seconds until /_stcore/health answers 200
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
READY_TIMEOUT = 60_000  # ms for one script run to finish (generous: CI boxes are busy)


# -- the server ---------------------------------------------------------------
@dataclass
class AppServer:
    url: str
    db: Path
    process: subprocess.Popen
    log: Path

    def page_url(self, path: str = "", **params) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items() if v is not None)
        return f"{self.url}/{path.lstrip('/')}" + (f"?{query}" if query else "")

    def store(self):
        """The engine's store over the server's database (same file, WAL)."""
        from audit.store import Store

        return Store(self.db)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start_server(db: Path, name: str, *, env: dict | None = None, args: tuple = (),
                 port: int | None = None) -> AppServer:
    """``streamlit run app.py`` over ``db``; returns once it answers health checks.
    ``env`` and ``args`` add to the server's environment and command line
    (e.g. an access mode, ``--secrets.files``)."""
    python = PYTHON if PYTHON.exists() else Path(sys.executable)
    port = port or free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"streamlit-{name}.log"
    env = {**os.environ, "HOURGLASS_DB": str(db), "PYTHONUNBUFFERED": "1", **(env or {})}
    command = [
        str(python), "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false", *args,
    ]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = AppServer(url=f"http://127.0.0.1:{port}", db=db, process=process, log=log)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    try:
        while not _healthy(server.url):
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after {STARTUP_TIMEOUT}s:\n{server.log_tail()}")
            time.sleep(0.25)
    except BaseException:
        _stop(process)
        raise
    return server


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, browser):
    """The app over a fresh database, shared by the whole browser session.
    (``browser`` first: without Chromium nothing is started.)"""
    db = tmp_path_factory.mktemp("app-db") / "hourglass.db"
    server = start_server(db, "shared")
    try:
        yield server
    finally:
        _stop(server.process)


@pytest.fixture
def fresh_app_server(tmp_path_factory, request, browser):
    """The app over an empty database of its own, started for one test and
    never opened before it."""
    db = tmp_path_factory.mktemp("fresh-db") / "hourglass.db"
    server = start_server(db, re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name))
    try:
        yield server
    finally:
        _stop(server.process)


@pytest.fixture(scope="session")
def server_factory(browser):
    """``server_factory(db, name, env=…, args=…, port=…)``: an app server of a
    test's own (an access mode, a secrets file); all are stopped at the end.
    ``server_factory.free_port()`` picks a port before starting."""
    started = []

    def start(db: Path, name: str, **options) -> AppServer:
        server = start_server(db, name, **options)
        started.append(server)
        return server

    start.free_port = free_port
    try:
        yield start
    finally:
        for server in started:
            _stop(server.process)


# -- the browser --------------------------------------------------------------
def chromium_path() -> str | None:
    wanted = os.environ.get("HOURGLASS_CHROMIUM") or "/usr/bin/chromium"
    if os.path.isfile(wanted) and os.access(wanted, os.X_OK):
        return wanted
    return shutil.which(wanted)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        reason = ("Chromium not found (set HOURGLASS_CHROMIUM or install the chromium package; "
                  "`playwright install` is not used)")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(browser):
    """``new_page()``: a page in a new context (its own browser session)."""
    contexts = []

    def make():
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="en-US")
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


# -- helpers ------------------------------------------------------------------
SKELETONS = "[data-testid='stSkeleton'], [data-testid='stAppSkeleton']"
RUNNING_ICON = "[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon']"


def wait_ready(page, timeout: int = READY_TIMEOUT) -> None:
    """Wait until Streamlit has finished running the script, and stays so.

    After a navigation or an interaction the app flips to running and back
    (sometimes twice: a callback, then ``st.rerun``); wait a beat, then for
    the not-running state, and check it holds. Widgets are loaded lazily
    (a skeleton stands in until their code arrives): wait for those too.
    """
    deadline = time.monotonic() + timeout / 1000

    def left() -> int:
        remaining = int((deadline - time.monotonic()) * 1000)
        if remaining <= 0:
            raise AssertionError(f"the app did not settle within {timeout} ms")
        return remaining

    stable = 0
    while stable < 2:
        page.wait_for_timeout(300)
        page.wait_for_selector(READY, state="attached", timeout=left())
        stable = stable + 1 if page.locator(READY).count() and not page.locator(RUNNING_ICON).count() else 0
    page.wait_for_function(
        "selector => document.querySelectorAll(selector).length === 0", arg=SKELETONS, timeout=left())


def goto(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_ready(page)


def nav(page, label: str) -> None:
    """Click a page in the sidebar navigation, as a user does."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=label, exact=False).click()
    wait_ready(page)


def shot(page, name: str) -> Path:
    """A screenshot of the whole page (the viewport is stretched to the
    content for the picture: Streamlit scrolls inside its main container)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMain] > *, [data-testid=stSidebarContent]')].map(e => e.scrollHeight), 0)")
    size = page.viewport_size
    tall = min(max(int(height) + 40, size["height"]), 6000)
    if tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": tall})
        page.wait_for_timeout(400)
    try:
        page.screenshot(path=str(path))
    finally:
        if tall > size["height"]:
            page.set_viewport_size(size)
    return path


def key(name: str) -> str:
    """CSS selector of the element container Streamlit gives a widget ``key``."""
    return f".st-key-{name}"


def key_prefix(prefix: str) -> str:
    """Containers whose key starts with ``prefix`` (re-keyed editors: ``base__vN``)."""
    return f"[class*='st-key-{prefix}']"


def assert_no_exception(page) -> None:
    """No Python traceback or error box from the app on the page."""
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.first.inner_text()


def grid_rows(page, container) -> list[dict[str, str]]:
    """The rows of a data editor / dataframe (a CSS selector or a locator of
    what holds it) as ``{column header: cell text}``.

    Read from the grid's accessible table (the grid itself is drawn on a
    canvas); it holds the columns drawn at the moment, matched to their
    headers by ``aria-colindex``.
    """
    holder = page.locator(container) if isinstance(container, str) else container
    return holder.locator("table").first.evaluate("""table => {
        const headers = {};
        for (const th of table.querySelectorAll('thead th')) headers[th.getAttribute('aria-colindex')] = th.innerText.trim();
        return [...table.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
            [...tr.querySelectorAll('td')].map(td => [headers[td.getAttribute('aria-colindex')], td.innerText.trim()])));
    }""")


def type_in_cell(page, grid, row: int, column: int, value: str) -> None:
    """Open a data editor's cell and type ``value``, as a user does with the
    keyboard: click the row's first cell, arrow right to the column, type.
    Nothing is committed (the caller presses Enter). A grid that has just
    been drawn may miss the first click: the gesture is repeated until the
    cell editor is open. ``grid``: the editor's ``stDataFrameResizable``."""
    editor = page.locator("input.gdg-input, textarea.gdg-input")
    for _ in range(4):
        grid.click(position={"x": 30, "y": 35 + 35 * row + 17})
        page.wait_for_timeout(150)
        for _ in range(column):
            page.keyboard.press("ArrowRight")
        page.keyboard.type(value)
        try:
            editor.first.wait_for(state="visible", timeout=3000)
        except Exception:  # the grid was not listening yet: start again
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
            continue
        assert editor.first.input_value() == value, editor.first.input_value()
        return
    raise AssertionError(f"could not open the cell editor at row {row}, column {column}")


def open_scoring_table(page, ws_id: int, label: str):
    """On /scoring, switch to "Table view" (``label``: its text in the page's
    language) and return the table's grid (``stDataFrameResizable``), visible."""
    from playwright.sync_api import expect

    page.locator(key(f"scoring-{ws_id}-table-view")).get_by_text(label).click()
    wait_ready(page)
    grid = page.locator(f"{key(f'scoring-{ws_id}-table__v0')} [data-testid='stDataFrameResizable']")
    expect(grid).to_be_visible()
    return grid


def open_workspace_menu(page, slug: str, tab: str) -> None:
    """On Home, open a workspace card's "Manage" menu (if closed) at the tab
    labelled ``tab`` (its text in the page's language)."""
    from playwright.sync_api import expect

    tabs = page.locator(key(f"ws_menu_tab_{slug}"))
    if not tabs.is_visible():
        page.locator(key(f"ws_menu_{slug}")).get_by_role("button").first.click()
        wait_ready(page)
    tabs.get_by_role("tab", name=tab).click()
    wait_ready(page)
    expect(tabs.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")


class UI:
    """The helpers above, handed to tests by the ``ui`` fixture."""

    wait_ready = staticmethod(wait_ready)
    goto = staticmethod(goto)
    nav = staticmethod(nav)
    shot = staticmethod(shot)
    key = staticmethod(key)
    key_prefix = staticmethod(key_prefix)
    assert_no_exception = staticmethod(assert_no_exception)
    grid_rows = staticmethod(grid_rows)
    type_in_cell = staticmethod(type_in_cell)
    open_scoring_table = staticmethod(open_scoring_table)
    open_workspace_menu = staticmethod(open_workspace_menu)


@pytest.fixture(scope="session")
def ui() -> type[UI]:
    return UI
