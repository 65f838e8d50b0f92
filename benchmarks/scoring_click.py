"""Server time of one scoring click: `.venv/bin/python benchmarks/scoring_click.py`.

A 400-touchpoint workspace (7 stages, half of it scored) is opened on
/scoring through AppTest, the whole app (router, sidebar progress, page).
Then, RUNS times, one score is changed and the run it causes is timed
(time.perf_counter around the AppTest run): that is the server's work
for one click, without the browser.

- the page with one-click rows (this branch): a performance chosen in a
  row's segmented control (its callback saves, then the page runs once);
- the page with the score table (main before issue 8): the same change as
  a data-editor edit (``session_state`` of the editor, as the browser sends
  it); the save re-keys the editor and reruns, so the timed run includes
  that second run.

``--root DIR`` measures the app in DIR (e.g. a checkout of main for the
"before"). Reports medians of wall and CPU time (CPU is less sensitive to
other work on the machine) and writes them to benchmarks/RESULTS.md, in the
section "Scoring click" (after the workshop's). Target: ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import add_run

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
RUNS = 11
TOUCHPOINTS = 400
TARGET_MS = 150
COMMAND = ".venv/bin/python benchmarks/scoring_click.py"


def build(root: Path, db: Path) -> tuple[str, int, list]:
    sys.path.insert(0, str(root))
    from audit.store import Store

    store = Store(db)
    ws = store.create_workspace("Big clinic", industry="general")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [
        dict(stage_id=stages[i % len(stages)].id, name=f"Touchpoint {i + 1}", importance=i % 5 + 1,
             performance=(i * 3) % 5 + 1 if i % 2 else None, emotion=(i % 5) - 2 if i % 3 else None)
        for i in range(TOUCHPOINTS)])
    tps = store.touchpoints(ws.id)
    store.close()
    return ws.slug, ws.id, tps


def measure(root: Path, runs: int) -> dict:
    from streamlit.testing.v1 import AppTest

    db = Path(tempfile.mkdtemp()) / "bench.db"
    os.environ["HOURGLASS_DB"] = str(db)
    slug, ws_id, tps = build(root, db)
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.query_params["workspace"] = slug
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("views/scoring.py").run()
    assert not at.exception, at.exception
    # one-click rows: on the page itself, or (since the page split) in its rows module
    rows = any("one_click" in f.read_text(encoding="utf-8") for f in (root / "views").glob("scoring*.py"))
    walls, cpus = [], []
    for n in range(runs + 1):  # the first click warms up, it is not counted
        tp = tps[n % 15]  # on the first page of rows
        value = (n % 5) + 1
        if rows:
            widget = at.segmented_control(key=f"scoring-{ws_id}-{tp.uid}-performance")
            if widget.value == value:
                value = value % 5 + 1
            widget.set_value(value)
        else:
            editor = at.data_editor[0]
            position = [t.id for t in tps].index(tp.id)
            at.session_state[editor.key] = {"edited_rows": {position: {"performance": value}},
                                            "added_rows": [], "deleted_rows": []}
        cpu, start = time.process_time(), time.perf_counter()
        at.run()
        wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        assert not at.exception, at.exception
        if n:
            walls.append(wall)
            cpus.append(cpu)
    sys.path.insert(0, str(root))
    from audit.store import Store

    store = Store(db)
    saved = {t.id: t.performance for t in store.touchpoints(ws_id)}
    store.close()
    assert saved[tps[runs % 15].id] is not None, "the last click was not saved"
    return {"mode": "one-click row (segmented control)" if rows else "table editor save (re-key + rerun)",
            "wall": statistics.median(walls), "cpu": statistics.median(cpus), "runs": runs}


def git_rev(root: Path) -> str:
    try:
        return subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="the app to measure (default: this one)")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    parser.add_argument("--before", type=Path, help="also measure this app (e.g. main) as the 'before' row")
    args = parser.parse_args()
    load_before = os.getloadavg()
    results = []
    if args.before:
        results.append((args.before.resolve(), measure_in_child(args.before.resolve(), args.runs)))
    results.append((args.root.resolve(), measure_in_child(args.root.resolve(), args.runs)))
    load_after = os.getloadavg()
    # The result is judged on CPU time: the server's own work for the click.
    # Wall time is reported too; it grows with other work on the machine
    # (the load averages below say how much there was).
    lines = [f"| {r['mode']} | `{git_rev(root)}` | {r['wall']:.1f} | {r['cpu']:.1f} | ≤ {TARGET_MS} | "
             f"{'ok' if r['cpu'] <= TARGET_MS else 'over'} |" for root, r in results]
    table = "\n".join([
        f"| page | commit | wall, median of {args.runs} (ms) | CPU, median (ms) | target (ms) | result (CPU) |",
        "|---|---|---:|---:|---:|---|", *lines])
    print(table)
    if args.no_write:
        return
    run = (
        f"Command: `{COMMAND}{' --before <main checkout>' if args.before else ''}` "
        f"({dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}; load average before: "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, after: {' '.join(f'{x:.2f}' for x in load_after)}; "
        f"nproc {os.cpu_count()}: a load above it means other work competed for the CPUs and inflated "
        f"the wall times)\n\n{table}\n")
    add_run("## Scoring click (issue 8: one click on a 400-touchpoint workspace, AppTest, server time)", run)
    print(f"\nwritten to {RESULTS.relative_to(HERE.parent)}")


def measure_in_child(root: Path, runs: int) -> dict:
    """Each app measured in its own process: its own imports of ``audit``."""
    code = ("import json, sys; sys.path.insert(0, %r); import scoring_click as b; "
            "print(json.dumps(b.measure(__import__('pathlib').Path(%r), %d)))" % (str(HERE), str(root), runs))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(root))
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
