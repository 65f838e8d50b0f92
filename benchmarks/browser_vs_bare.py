"""Hourglass beside a bare Streamlit app, in a real browser:
`.venv/bin/python benchmarks/browser_vs_bare.py` (`make bench` runs it).

Both servers run on loopback (``streamlit run``, headless); Hourglass on a
fresh database with one 400-touchpoint workspace (scored, checklist
answered, backlog generated), the bare app (``benchmarks/bare_app.py``) of
the same shape with no database. Debian Chromium through Playwright.
Interleaved, one repetition of each app after the other (the order
alternates), in one run:

- cold load: a new browser context opens the app → idle;
- page switch: a sidebar click to each step page → that page idle;
- score edit: one click on a /scoring row's performance → idle;
- backlog edit: a cell of the backlog table typed, Enter → idle;
- a workshop room: N browser contexts switch pages at once (K switches
  each, bounded in time); the server's CPU seconds (``/proc``) and the
  switches' p95.

"Idle" is read in the page: Streamlit's script state is ``notRunning``,
no running icon and no skeleton, held for ``HOLD_MS``; the time is when
that idle spell began (measured in the page, ``performance.now``), so the
hold itself is not counted. Prints medians, p95 and ratios and writes them
with the machine's load to benchmarks/RESULTS.md ("Browser vs bare").
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
IDLE_JS = """([hold, path]) => {
  const app = document.querySelector("[data-testid='stApp']");
  const idle = app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector("[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon']")
    && !document.querySelector("[data-testid='stSkeleton'], [data-testid='stAppSkeleton']")
    && (!path || location.pathname.endsWith(path));
  const now = performance.now();
  if (!idle) { window.__sawRun = true; window.__idleSince = null; return false; }
  if (window.__idleSince == null) window.__idleSince = now;
  // Until the run was seen to start, wait longer: the click may not have reached the server yet.
  const needed = window.__sawRun ? hold : Math.max(hold, 1500);
  return now - window.__idleSince >= needed ? Math.max(window.__idleSince - (window.__t0 || 0), 0) : false;
}"""
START_JS = "() => { window.__t0 = performance.now(); window.__sawRun = false; window.__idleSince = null; }"


# -- the servers ------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(script: str, db: Path, log: Path, cwd: Path = ROOT) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "HOURGLASS_DB": str(db), "PYTHONUNBUFFERED": "1"}
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
def timed(page, action, path: str | None = None) -> float:
    page.evaluate(START_JS)
    action()
    return page.wait_for_function(IDLE_JS, arg=[HOLD_MS, path], polling=20, timeout=TIMEOUT_MS).json_value()


def switch(page, step: str) -> float:
    link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{step}']").first
    return timed(page, link.click, "/" + step)


def score_click(page, app: App, n: int) -> float:
    buttons = page.locator(f"{app.score} button")
    buttons.first.wait_for()
    return timed(page, buttons.nth(1 + 2 * (n % 2)).click)  # 2, then 4, then 2…


def grid_edit(page, app: App, n: int) -> float:
    """Type an owner into the backlog table's row 2 (column 4: rank, title, ICE, status, owner)."""
    editor = page.locator("input.gdg-input, textarea.gdg-input")
    for _ in range(4):
        grid = page.locator(f"{app.grid} [data-testid='stDataFrameResizable']").first
        grid.click(position={"x": 20, "y": 35 + 35 * 1 + 17})
        page.wait_for_timeout(150)
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        page.keyboard.type(f"Owner {n}")
        try:
            editor.first.wait_for(state="visible", timeout=3000)
        except Exception:  # the grid was not listening yet
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
            continue
        return timed(page, lambda: page.keyboard.press("Enter"))
    raise RuntimeError(f"{app.name}: could not open a backlog cell")


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
    parser.add_argument("--sessions", type=int, default=10, help="browser contexts in the room (default 10)")
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
    hg_proc, hg_url = start("app.py", tmp / "bench.db", tmp / "hourglass.log", cwd=root)
    bare = App("bare", bare_url, bare_proc.pid, "", ".st-key-score-0-performance", ".st-key-bare-backlog")
    hourglass = App("Hourglass", hg_url, hg_proc.pid, f"?workspace={ws['slug']}&lang=en",
                    f".st-key-scoring-{ws['id']}-{ws['first_uid']}-performance",
                    f"[class*='st-key-backlog-{ws['id']}-table__v']")
    apps = (bare, hourglass)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for app in apps:  # warm up each server (imports, caches): not counted
                one_round(browser, app, 0)
                app.times.clear()
            for n in range(args.reps):
                for app in (apps if n % 2 == 0 else apps[::-1]):
                    try:
                        one_round(browser, app, n + 1)
                    except Exception as exc:  # one stuck measure does not lose the run: counted, reported
                        app.failures += 1
                        print(f"{app.name}, round {n + 1}: {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
                print(f"round {n + 1}/{args.reps} done", file=sys.stderr)
            browser.close()
        rooms = {app.name: asyncio.run(room(app, args.sessions, args.switches, args.budget)) for app in apps}
    finally:
        for process in (bare_proc, hg_proc):
            process.terminate()
            process.wait(timeout=10)
    load_after = os.getloadavg()

    lines = ["| metric | bare median (ms) | bare p95 | Hourglass median (ms) | Hourglass p95 | ratio (medians) | goal |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for metric in bare.times:
        b, h = bare.times[metric], hourglass.times.get(metric, [])
        if not h:
            continue
        ratio = statistics.median(h) / statistics.median(b)
        lines.append(f"| {metric} | {statistics.median(b):.0f} | {p95(b):.0f} | {statistics.median(h):.0f} | "
                     f"{p95(h):.0f} | {ratio:.1f}× | ≤ 1.3× |")
    rb, rh = rooms["bare"], rooms["Hourglass"]
    lines.append(f"| room: {args.sessions} sessions × {args.switches} switches, switch latency | "
                 f"{rb['median']:.0f} | {rb['p95']:.0f} | {rh['median']:.0f} | {rh['p95']:.0f} | "
                 f"{rh['p95'] / rb['p95']:.1f}× (p95) | ≤ 1.3× |")
    lines.append(f"| room: server CPU (s) for {rb['switches']} / {rh['switches']} switches | "
                 f"{rb['cpu']:.2f} | — | {rh['cpu']:.2f} | — | {rh['cpu'] / max(rb['cpu'], 0.01):.1f}× | ≤ 1.3× |")
    if bare.failures or hourglass.failures:
        lines.append(f"\nRounds cut short by a {TIMEOUT_MS // 1000} s timeout: bare {bare.failures}, "
                     f"Hourglass {hourglass.failures}.")
    table = "\n".join(lines)
    print(table)
    if args.no_write:
        return
    fmt = lambda load: " ".join(f"{x:.2f}" for x in load)  # noqa: E731
    section = (
        "\n\n## Browser vs bare (issue 11: Hourglass beside a bare Streamlit app of the same shape)\n\n"
        f"Command: `{COMMAND} --reps {args.reps} --sessions {args.sessions} --switches {args.switches}` "
        f"({dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}; Hourglass at `{git_rev(root)}`; medians of "
        f"{args.reps} interleaved rounds; 400-touchpoint workspace; Debian Chromium headless; load average "
        f"before: {fmt(load_before)}, after: {fmt(load_after)}; nproc {os.cpu_count()}: a load above it means "
        "other work competed for the CPUs and inflated the wall times)\n\n"
        f"{table}\n")
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    head, _, rest = text.partition("\n\n## Browser vs bare")
    tail = ""
    if rest:  # keep the sections after this one
        _, _, tail = rest.partition("\n\n## ")
        tail = "\n\n## " + tail if tail else ""
    RESULTS.write_text(head.rstrip("\n") + section + tail, encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


def git_rev(root: Path = ROOT) -> str:
    try:
        return subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    main()
