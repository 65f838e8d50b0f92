"""Hourglass beside a bare Streamlit app, in a real browser:
`.venv/bin/python benchmarks/browser_vs_bare.py` (`make bench` runs it).

The servers run on loopback (``streamlit run``, headless); Hourglass on a
fresh database with one 400-touchpoint workspace (scored, checklist
answered, backlog generated), and two yardsticks with no database, both
``benchmarks/bare_app.py``:

- "bare": the issue's bare app (8 pages, a sidebar, a 400-row data editor,
  a 7-bar chart, ~30 text fields, 15 rows of one-click choices);
- "bare, same pages" (``BARE_SHAPE=pages``): each page draws what
  Hourglass's page of that path draws, element kind by element kind, as
  recorded in ``page_shapes.json`` by ``page_shapes.py`` (run it after a
  page changes). Hourglass's ratio to it is what Hourglass itself costs
  (its store, checks, catalog, layout), not what its pages show.

Debian Chromium through Playwright. Interleaved, one repetition of each app
after the other (each goes first in turn), in one run:

- cold load: a new browser context opens the app → idle;
- page switch: a sidebar click to each step page → that page idle;
- score edit: one click on a /scoring row's performance → idle;
- backlog edit: a cell of the backlog table typed, Enter → idle;
- a workshop room over Streamlit's websocket (``room_ws.py``, no browser):
  20 sessions switch pages at once, K switches each; the switches' p95 and
  the server's CPU seconds (``/proc``), each app twice, in alternation;
- the same room with N browser contexts (``--sessions``; on two cores the
  contexts' own drawing competes with the server, so it is the smaller one).

"Idle" is read in the page: Streamlit's script state is ``notRunning``,
no running icon and no skeleton, held for ``HOLD_MS``; the time is when
that idle spell began (measured in the page, ``performance.now``), so the
hold itself is not counted. Prints medians, p95 and ratios and writes them
with the machine's load to benchmarks/RESULTS.md ("Browser vs bare": the
new run first, the earlier ones kept under it).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import room_ws
from results import add_run

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
COMMAND = ".venv/bin/python benchmarks/browser_vs_bare.py"
CHROMIUM = os.environ.get("HOURGLASS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1440, "height": 1000}
STEP_PAGES = ["persona", "journey", "touchpoints", "scoring", "checklist", "backlog", "hourglass"]
TOUCHPOINTS = 400
HOLD_MS = 250
TIMEOUT_MS = 60_000

# In the page: has the app been idle for HOLD_MS since the action (window.__t0)?
# Returns the ms from the action to the start of the idle spell.
IDLE_JS = """([hold, path, needRun]) => {
  const app = document.querySelector("[data-testid='stApp']");
  const idle = app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector("[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon']")
    && !document.querySelector("[data-testid='stSkeleton'], [data-testid='stAppSkeleton']")
    && (!path || location.pathname.endsWith(path));
  const now = performance.now();
  if (!idle) { window.__sawRun = true; window.__idleSince = null; return false; }
  if (window.__idleSince == null) window.__idleSince = now;
  // Until the run was seen to start, wait longer: the click may not have reached the server yet.
  // An action that must run the script (a click, an edit) waits up to 5 s for its run: idle
  // before it is not the action's end. None by then: -1 (the caller tries again or fails).
  if (needRun && !window.__sawRun) return now - (window.__t0 || 0) >= 5000 ? -1 : false;
  const needed = window.__sawRun ? hold : Math.max(hold, 1500);
  return now - window.__idleSince >= needed ? Math.max(window.__idleSince - (window.__t0 || 0), 0) : false;
}"""
# Before an action: its clock, and an observer that notes any run of the script
# since (a fragment's run can start and end between two polls of
# IDLE_JS; unseen, the poll would wait 1.5 s for a run and count the next live
# tick's instead).
START_JS = """() => {
  window.__t0 = performance.now(); window.__sawRun = false; window.__idleSince = null;
  const app = document.querySelector("[data-testid='stApp']");
  if (app && window.__runObserved !== app) {
    window.__runObserved = app;
    new MutationObserver(records => {  // a run seen: the idle spell starts again after it
      if (records.some(r => r.oldValue === 'running' || app.getAttribute('data-test-script-state') === 'running')) {
        window.__sawRun = true; window.__idleSince = null;
      }
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
  }
}"""


# -- the servers ------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(script: str, db: Path, log: Path, cwd: Path = ROOT, **env_extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "HOURGLASS_DB": str(db), "PYTHONUNBUFFERED": "1", **env_extra}
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{script} did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.25)


def start_with_same_pages(tmp: Path, name: str) -> tuple[dict, tuple, tuple]:
    """A 400-touchpoint workspace, Hourglass serving it and the bare app
    drawing the same pages: (workspace, (process, url) of each)."""
    ws = build_workspace(tmp / "bench.db")
    hourglass = start("app.py", tmp / "bench.db", tmp / f"{name}-hourglass.log")
    bare = start(str(HERE / "bare_app.py"), tmp / "unused.db", tmp / f"{name}-bare.log", BARE_SHAPE="pages")
    return ws, hourglass, bare


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build_workspace(db: Path, root: Path = ROOT) -> dict:
    sys.path.insert(0, str(root))
    from audit import backlog
    from audit.checklists import load_library
    from audit.store import Store

    store = Store(db)
    library = load_library()
    ws = store.create_workspace("Big clinic", industry="general")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [
        dict(stage_id=stages[i % len(stages)].id, name=f"Touchpoint {i + 1}", importance=i % 5 + 1,
             performance=(i * 3) % 5 + 1 if i % 2 else None, emotion=(i % 5) - 2 if i % 3 else None,
             pain_points="Slow reply" if i % 4 == 0 else "")
        for i in range(TOUCHPOINTS)])
    pack = library.pack("general")
    store.set_answers(ws.id, {q.key: ("no", "partly", "yes")[i % 3] for i, q in enumerate(pack.questions)})
    backlog.regenerate(store, ws.id, library)
    first = store.touchpoints(ws.id)[0]
    info = {"slug": ws.slug, "id": ws.id, "first_uid": first.uid}
    store.close()
    return info


class App:
    def __init__(self, name: str, url: str, pid: int, query: str, score: str, grid: str):
        self.name, self.url, self.pid, self.query = name, url, pid, query
        self.score, self.grid = score, grid  # CSS selectors: a score row's choices, the backlog table
        self.times: dict[str, list[float]] = {}
        self.failures = 0  # rounds cut short by a timeout (their measures before it are kept)

    def add(self, metric: str, ms: float) -> None:
        self.times.setdefault(metric, []).append(ms)


# -- one browser session's measures ------------------------------------------------
def timed(page, action, path: str | None = None, need_run: bool = False) -> float:
    page.evaluate(START_JS)
    action()
    return page.wait_for_function(IDLE_JS, arg=[HOLD_MS, path, need_run], polling=20,
                                  timeout=TIMEOUT_MS).json_value()


def switch(page, step: str) -> float:
    link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{step}']").first
    return timed(page, link.click, "/" + step)


def score_click(page, app: App, n: int) -> float:
    buttons = page.locator(f"{app.score} button")
    buttons.first.wait_for()
    ms = timed(page, buttons.nth(1 + 2 * (n % 2)).click, need_run=True)  # 2, then 4, then 2…
    if ms < 0:
        raise RuntimeError(f"{app.name}: the score click ran nothing within 5 s")
    return ms


def grid_edit(page, app: App, n: int) -> float:
    """Type an owner into the backlog table's row 2 (column 4: rank, title, ICE, status, owner)."""
    editor = page.locator("input.gdg-input, textarea.gdg-input")
    for _ in range(4):
        grid = page.locator(f"{app.grid} [data-testid='stDataFrameResizable']").first
        grid.click(position={"x": 20, "y": 35 + 35 * 1 + 17})
        page.wait_for_timeout(150)
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        # The first key opens the cell's editor, and the keys typed before it has the focus are lost
        # ("er 3" for "Owner 3"): open it, then select what it holds and type the whole text.
        page.keyboard.press("O")
        try:
            editor.first.wait_for(state="visible", timeout=3000)
            page.keyboard.press("ControlOrMeta+A")
            page.keyboard.type(f"Owner {n}")
            typed = editor.first.input_value() == f"Owner {n}"
        except Exception:  # the grid was not listening yet
            typed = False
        if not typed:  # not listening yet, or another cell (another column) took the keys
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
            continue
        page.wait_for_timeout(100)  # the editor takes the last key before Enter ends the edit (not timed)
        ms = timed(page, lambda: page.keyboard.press("Enter"), need_run=True)
        if ms >= 0:
            return ms
        page.keyboard.press("Escape")  # the edit ran nothing (it missed the cell): type it again
        page.wait_for_timeout(500)
    raise RuntimeError(f"{app.name}: could not edit a backlog cell")


def one_round(browser, app: App, n: int) -> None:
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        # A new document: its clock starts at the navigation (window.__t0 unset: 0).
        page.goto(app.url + "/" + app.query, wait_until="commit")
        app.add("cold load", page.wait_for_function(IDLE_JS, arg=[HOLD_MS, None], polling=20,
                                                    timeout=TIMEOUT_MS).json_value())
        for step in STEP_PAGES:
            app.add(f"switch → /{step}", switch(page, step))
            if step == "scoring":
                app.add("score edit (one click)", score_click(page, app, n))
            if step == "backlog":
                app.add("backlog edit (a cell)", grid_edit(page, app, n))
        if page.locator("[data-testid='stException']").count():
            raise RuntimeError(f"{app.name}: {page.locator('[data-testid=stException]').first.inner_text()}")
    finally:
        context.close()


# -- the workshop room ----------------------------------------------------------------
async def room(app: App, sessions: int, switches: int, budget: float) -> dict:
    from playwright.async_api import async_playwright

    latencies: list[float] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        contexts = [await browser.new_context(viewport=VIEWPORT, locale="en-US") for _ in range(sessions)]
        pages = [await c.new_page() for c in contexts]
        for page in pages:  # opened one after the other: the load is not measured
            await page.goto(app.url + "/" + app.query, wait_until="commit")
            await page.wait_for_function(IDLE_JS, arg=[HOLD_MS, None], polling=50, timeout=TIMEOUT_MS)
        stop_at = time.monotonic() + budget

        async def walk(k: int, page) -> None:
            for j in range(switches):
                if time.monotonic() > stop_at:
                    return
                step = STEP_PAGES[(k + j) % len(STEP_PAGES)]
                await page.evaluate(START_JS)
                await page.locator(f"[data-testid='stSidebarNav'] a[href$='/{step}']").first.click()
                handle = await page.wait_for_function(IDLE_JS, arg=[HOLD_MS, "/" + step], polling=50,
                                                      timeout=TIMEOUT_MS)
                latencies.append(await handle.json_value())

        cpu, wall = cpu_seconds(app.pid), time.monotonic()
        await asyncio.gather(*(walk(k, p) for k, p in enumerate(pages)))
        cpu, wall = cpu_seconds(app.pid) - cpu, time.monotonic() - wall
        await browser.close()
    return {"cpu": cpu, "wall": wall, "switches": len(latencies), "p95": p95(latencies),
            "median": statistics.median(latencies) if latencies else float("nan")}


# -- report ------------------------------------------------------------------------
def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=15, help="repetitions of each app (default 15)")
    parser.add_argument("--sessions", type=int, default=8, help="browser contexts in the room (default 8; 0: none)")
    parser.add_argument("--ws-sessions", type=int, default=20,
                        help="websocket sessions in the room without a browser (default 20; 0: none)")
    parser.add_argument("--switches", type=int, default=5, help="page switches per session (default 5)")
    parser.add_argument("--budget", type=float, default=120, help="seconds the room may take, at most")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the Hourglass checkout to measure (default: this one; e.g. main for a 'before')")
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="hourglass-bare-"))
    root = args.root.resolve()
    ws = build_workspace(tmp / "bench.db", root)
    bare_proc, bare_url = start(str(HERE / "bare_app.py"), tmp / "unused.db", tmp / "bare.log")
    shaped_proc, shaped_url = start(str(HERE / "bare_app.py"), tmp / "unused.db", tmp / "shaped.log",
                                    BARE_SHAPE="pages")
    hg_proc, hg_url = start("app.py", tmp / "bench.db", tmp / "hourglass.log", cwd=root)
    bare = App("bare", bare_url, bare_proc.pid, "", ".st-key-score-0-performance", ".st-key-bare-backlog")
    shaped = App("bare, same pages", shaped_url, shaped_proc.pid, "", ".st-key-score-0-performance",
                 ".st-key-bare-backlog")
    hourglass = App("Hourglass", hg_url, hg_proc.pid, f"?workspace={ws['slug']}&lang=en",
                    f".st-key-scoring-{ws['id']}-{ws['first_uid']}-performance",
                    f"[class*='st-key-backlog-{ws['id']}-table__v']")
    apps = (bare, shaped, hourglass)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for app in apps:  # warm up each server (imports, caches): not counted
                one_round(browser, app, 0)
                app.times.clear()
            for n in range(args.reps):
                for app in apps[n % len(apps):] + apps[:n % len(apps)]:  # each goes first in turn
                    try:
                        one_round(browser, app, n + 1)
                    except Exception as exc:  # one stuck measure does not lose the run: counted, reported
                        app.failures += 1
                        print(f"{app.name}, round {n + 1}: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
                print(f"round {n + 1}/{args.reps} done", file=sys.stderr)
            browser.close()
        rooms = {app.name: asyncio.run(room(app, args.sessions, args.switches, args.budget)) for app in apps} \
            if args.sessions else {}
        ws_rooms: dict = {app.name: [] for app in apps}
        for order in (apps, apps[::-1]) if args.ws_sessions else ():  # twice each, in alternation
            for app in order:
                ws_rooms[app.name].append(asyncio.run(room_ws.room(
                    app.url, app.query, STEP_PAGES, args.ws_sessions, args.switches, app.pid, cpu_seconds)))
    finally:
        for process in (bare_proc, shaped_proc, hg_proc):
            process.terminate()
            process.wait(timeout=10)
    load_after = os.getloadavg()

    lines = ["| metric | bare (ms) | bare, same pages (ms) | Hourglass (ms) | Hourglass p95 | ÷ bare | "
             "÷ bare, same pages | goal |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for metric in bare.times:
        b, b2, h = bare.times[metric], shaped.times.get(metric, []), hourglass.times.get(metric, [])
        if not h or not b2:
            continue
        hm = statistics.median(h)
        lines.append(f"| {metric} | {statistics.median(b):.0f} | {statistics.median(b2):.0f} | {hm:.0f} | "
                     f"{p95(h):.0f} | {hm / statistics.median(b):.1f}× | {hm / statistics.median(b2):.1f}× | ≤ 1.3× |")
    def room_lines(found: dict, what: str) -> None:
        rb, rs, rh = found["bare"], found["bare, same pages"], found["Hourglass"]
        lines.append(f"| {what}: switch latency p95 | {rb['p95']:.0f} | {rs['p95']:.0f} | {rh['p95']:.0f} | — | "
                     f"{rh['p95'] / rb['p95']:.1f}× | {rh['p95'] / rs['p95']:.1f}× | ≤ 1.3× |")
        lines.append(f"| {what}: server CPU (s) for {rb['switches']} / {rs['switches']} / {rh['switches']} switches | "
                     f"{rb['cpu']:.2f} | {rs['cpu']:.2f} | {rh['cpu']:.2f} | — | "
                     f"{rh['cpu'] / max(rb['cpu'], 0.01):.1f}× | {rh['cpu'] / max(rs['cpu'], 0.01):.1f}× | ≤ 1.3× |")

    def merged(runs: list[dict]) -> dict:  # the two runs of an app: median p95, CPU added up
        return {"p95": statistics.median(r["p95"] for r in runs), "cpu": sum(r["cpu"] for r in runs),
                "switches": sum(r["switches"] for r in runs)}

    if args.ws_sessions:  # --ws-sessions 0: no websocket room
        room_lines({name: merged(runs) for name, runs in ws_rooms.items()},
                   f"room, websocket: {args.ws_sessions} sessions × {args.switches} switches (×2)")
    if rooms:
        room_lines(rooms, f"room, browsers: {args.sessions} contexts × {args.switches} switches")
    if any(app.failures for app in apps):
        lines.append(f"\nRounds cut short by a {TIMEOUT_MS // 1000} s timeout: "
                     + ", ".join(f"{app.name} {app.failures}" for app in apps) + ".")
    table = "\n".join(lines)
    print(table)
    if args.no_write:
        return
    fmt = lambda load: " ".join(f"{x:.2f}" for x in load)  # noqa: E731
    run = (
        f"Command: `{COMMAND} --reps {args.reps} --sessions {args.sessions} --ws-sessions {args.ws_sessions} "
        f"--switches {args.switches}` "
        f"({dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}; Hourglass at `{git_rev(root)}`; medians of "
        f"{args.reps} interleaved rounds; 400-touchpoint workspace; Debian Chromium headless; load average "
        f"before: {fmt(load_before)}, after: {fmt(load_after)}; nproc {os.cpu_count()}: a load above it means "
        "other work competed for the CPUs and inflated the wall times)\n\n"
        f"{table}\n")
    add_run(HEADING, run)
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


HEADING = "## Browser vs bare (issue 11: Hourglass beside a bare Streamlit app of the same shape)"


def git_rev(root: Path = ROOT) -> str:
    try:
        return subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    main()
