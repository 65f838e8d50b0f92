"""Server time of one run of each page: `.venv/bin/python benchmarks/page_times.py`.

A 400-touchpoint workspace (scored, checklist answered, backlog generated,
as in ``browser_vs_bare.py``) is opened through AppTest, the whole app
(router, sidebar, page). Each page is run RUNS times after a warm-up run;
the median of wall and CPU time per run is reported, then a cProfile of the
slowest page (top 10 by cumulative time, the app's own functions and the
libraries'). Home is also measured with 20 such workspaces (the issue's
"Home with 20 workspaces ≤ 1.3× Home with one").

Scripts are compiled once, as on the server (AppTest alone recompiles
them on every run: see ``server_like_script_cache``). ``--root DIR``
measures the app in DIR (e.g. a checkout of main for the "before"). Writes the table and the profile to benchmarks/RESULTS.md
("Page times"). Targets (issue 11): ≤ 100 ms per page run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import add_run

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
RUNS = 15
PAGES = ["home", "persona", "journey", "touchpoints", "scoring", "checklist", "backlog", "hourglass"]
COMMAND = ".venv/bin/python benchmarks/page_times.py"
TARGET_MS = 100


def server_like_script_cache() -> None:
    """Compile each script once, as the server does (``runtime.script_cache``).

    AppTest makes a new ``ScriptCache`` for every run, so each run recompiles
    app.py and the page (Streamlit's "magic" AST pass included): 20–40 ms a
    run that a real server never spends. One cache for the whole measurement
    leaves the time the server really spends."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def measure(root: Path, runs: int) -> dict:
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(HERE))
    from streamlit.testing.v1 import AppTest

    server_like_script_cache()

    import browser_vs_bare

    db = Path(tempfile.mkdtemp()) / "pages.db"
    os.environ["HOURGLASS_DB"] = str(db)
    ws = browser_vs_bare.build_workspace(db, root)

    def app():
        at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
        at.query_params["workspace"] = ws["slug"]
        at.query_params["lang"] = "en"
        at.run()
        return at

    def timed(at, page: str, n: int):
        walls, cpus = [], []
        for i in range(n + 1):  # the first run warms up
            if page != "home":
                at.switch_page(f"views/{page}.py")
            cpu, start = time.process_time(), time.perf_counter()
            at.run()
            wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
            assert not at.exception, (page, at.exception)
            if i:
                walls.append(wall)
                cpus.append(cpu)
        return statistics.median(walls), statistics.median(cpus)

    at = app()
    out = {}
    for page in PAGES:
        out[page] = timed(at, page, runs)
    slowest = max(PAGES, key=lambda p: out[p][1])
    if slowest != "home":
        at.switch_page(f"views/{slowest}.py")
    # The script runs on AppTest's own thread: profile that thread.
    import threading

    profile = cProfile.Profile()
    thread_run = threading.Thread.run

    def profiled(self):
        profile.enable()
        try:
            thread_run(self)
        finally:
            profile.disable()

    threading.Thread.run = profiled
    for _ in range(5):
        if slowest != "home":
            at.switch_page(f"views/{slowest}.py")
        at.run()
    threading.Thread.run = thread_run
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(60)
    lines = [line for line in text.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    wrappers = ("threading.py", "scriptrunner", "exec_code.py", "builtins.exec", "navigation/page.py",
                "local_script_runner", "exec_func")
    rows = [line for line in lines[start + 1:] if not any(w in line for w in wrappers)]
    top = [line.replace(str(root) + "/", "").replace(sys.prefix + "/", "") for line in [lines[start], *rows[:10]]]
    # Home with 20 workspaces of 400 touchpoints, against Home with the one, in
    # alternation (two databases; the app reads HOURGLASS_DB on every run), so a
    # busy moment slows both alike
    import sqlite3

    from audit.store import Store

    one_db = db.with_name("home-one.db")
    with sqlite3.connect(db) as source, sqlite3.connect(one_db) as copy:
        source.backup(copy)
    store = Store(db)
    for k in range(19):
        other = store.create_workspace(f"Other clinic {k}", industry="general")
        stages = store.stages(other.id)
        store.add_touchpoints(other.id, [dict(stage_id=stages[i % len(stages)].id, name=f"T {i}",
                                              importance=i % 5 + 1, performance=i % 4 + 1) for i in range(400)])
    store.close()
    apps = {}
    for name, path in (("home1", one_db), ("home20", db)):
        os.environ["HOURGLASS_DB"] = str(path)
        apps[name] = app()
    times: dict = {"home1": ([], []), "home20": ([], [])}
    for i in range(2 * runs + 2):
        name = ("home1", "home20")[i % 2]
        os.environ["HOURGLASS_DB"] = str(one_db if name == "home1" else db)
        cpu, start = time.process_time(), time.perf_counter()
        apps[name].run()
        wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        assert not apps[name].exception, apps[name].exception
        if i >= 2:  # one warm-up run each
            times[name][0].append(wall)
            times[name][1].append(cpu)
    home = {name: (statistics.median(w), statistics.median(c)) for name, (w, c) in times.items()}
    return {"pages": out, "slowest": slowest, "profile": top, **home}


def measure_in_child(root: Path, runs: int) -> dict:
    code = ("import json, sys, pathlib; sys.path.insert(0, %r); import page_times as b; "
            "print(json.dumps(b.measure(pathlib.Path(%r), %d)))" % (str(HERE), str(root), runs))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(root))
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def git_rev(root: Path) -> str:
    try:
        return subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="the app to measure (default: this one)")
    parser.add_argument("--before", type=Path, help="also measure this app (e.g. main) as the 'before' column")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args()
    load_before = os.getloadavg()
    roots = ([args.before.resolve()] if args.before else []) + [args.root.resolve()]
    results = [(root, measure_in_child(root, args.runs)) for root in roots]
    load_after = os.getloadavg()
    head = "| page | " + " | ".join(f"`{git_rev(r)}` wall (ms) | CPU (ms)" for r, _ in results) + " | target |"
    lines = [head, "|---|" + "---:|---:|" * len(results) + "---|"]
    for page in PAGES:
        cells = " | ".join(f"{r['pages'][page][0]:.0f} | {r['pages'][page][1]:.0f}" for _, r in results)
        lines.append(f"| {'Home' if page == 'home' else '/' + page} | {cells} | ≤ {TARGET_MS} |")
    for name, label in (("home1", "Home, 1 workspace (alternating with the next)"),
                        ("home20", "Home, 20 workspaces of 400")):
        cells = " | ".join(f"{r[name][0]:.0f} | {r[name][1]:.0f}" for _, r in results)
        lines.append(f"| {label} | {cells} | ≤ 1.3× Home, 1 |" if name == "home20" else f"| {label} | {cells} | — |")
    ratio = ", ".join(f"`{git_rev(root)}` {r['home20'][1] / r['home1'][1]:.2f}×" for root, r in results)
    table = "\n".join(lines)
    last = results[-1][1]
    profile = "\n".join(last["profile"])
    table += f"\n\nHome with 20 workspaces ÷ Home with one (CPU, alternating): {ratio} (issue 11: ≤ 1.3×)"
    print(table)
    print(f"\nslowest: {last['slowest']}\n{profile}")
    if args.no_write:
        return
    fmt = lambda load: " ".join(f"{x:.2f}" for x in load)  # noqa: E731
    run = (
        f"Command: `{COMMAND}{' --before <main checkout>' if args.before else ''}` "
        f"({dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}; medians of {args.runs} runs after "
        f"a warm-up; 400-touchpoint workspace; load average before: {fmt(load_before)}, after: "
        f"{fmt(load_after)}; nproc {os.cpu_count()})\n\n{table}\n\n"
        f"cProfile of the slowest page (`/{last['slowest']}`, 5 runs, by cumulative time):\n\n"
        f"```\n{profile}\n```\n")
    add_run("## Page times (issue 11: server time of one run of each page, AppTest)", run)
    print(f"\nwritten to {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
