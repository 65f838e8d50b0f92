"""What the live tick costs (issue 11: server CPU of concurrent sessions):
`.venv/bin/python benchmarks/live_tick.py [--sessions 6] [--seconds 30]`.

1. The tick's own work, in this process: ``Store.change_counter`` of a
   400-touchpoint workspace (a file database) and the presence beat and
   count with ``--sessions`` sessions in the registry; CPU per tick.
2. The tick in a real server: ``streamlit run app.py``, ``--sessions``
   headless Chromium sessions idle on /persona of that workspace (each ticks
   every ``views.live.LIVE_EVERY_S`` seconds) against the same sessions idle
   on Home with no workspace open (no tick). The server's CPU (``/proc``)
   over ``--seconds``; the ticks counted as the messages the pages sent.
   (CPU of the ticking sessions − CPU of the idle ones) ÷ ticks = the
   server's CPU per tick, everything included (script run, messages).

Writes a "Live tick" section to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from browser_vs_bare import (CHROMIUM, CHROMIUM_ARGS, RESULTS, VIEWPORT, build_workspace,  # noqa: E402
                             cpu_seconds, git_rev, start)

COMMAND = ".venv/bin/python benchmarks/live_tick.py"
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


def direct(db: Path, ws_id: int, sessions: int, reps: int = 2000) -> tuple[float, float]:
    """Median and p95 CPU (µs) of one tick's work outside Streamlit."""
    from audit.presence import Presence
    from audit.store import Store
    from views.live import PRESENCE_TTL_S

    store, registry = Store(db), Presence(ttl=PRESENCE_TTL_S)
    for n in range(sessions - 1):
        registry.beat(ws_id, f"other-{n}", "", time.monotonic())
    times = []
    for _ in range(reps):
        start_cpu = time.process_time_ns()
        store.change_counter(ws_id)
        now = time.monotonic()
        registry.beat(ws_id, "me", "", now)
        registry.here(ws_id, now)
        times.append((time.process_time_ns() - start_cpu) / 1000)
    store.close()
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def server(url: str, pid: int, query: str, sessions: int, seconds: float) -> tuple[float, int]:
    """Server CPU seconds and messages sent by the pages while ``sessions``
    pages stay idle on ``query`` for ``seconds``."""
    from playwright.sync_api import sync_playwright

    sent = [0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            pages = []
            for _ in range(sessions):
                page = browser.new_context(viewport=VIEWPORT, locale="en-US").new_page()
                page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.__setitem__(0, sent[0] + 1)))
                page.goto(f"{url}/{query}", wait_until="domcontentloaded")
                pages.append(page)
            for page in pages:
                page.wait_for_selector(READY, state="attached", timeout=120_000)
            pages[0].wait_for_timeout(5000)  # the first runs are over
            before_cpu, before_sent = cpu_seconds(pid), sent[0]
            pages[0].wait_for_timeout(seconds * 1000)
            return cpu_seconds(pid) - before_cpu, sent[0] - before_sent
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args()
    from views.live import LIVE_EVERY_S

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "live.db"
        info = build_workspace(db)
        tick_median, tick_p95 = direct(db, info["id"], args.sessions)
        process, url = start("app.py", db, Path(tmp) / "server.log")
        try:
            idle_cpu, idle_sent = server(url, process.pid, "?lang=en", args.sessions, args.seconds)
            live_cpu, ticks = server(url, process.pid, f"persona?lang=en&workspace={info['slug']}",
                                     args.sessions, args.seconds)
        finally:
            process.terminate()
            process.wait(timeout=20)
    load_after = os.getloadavg()
    extra = live_cpu - idle_cpu
    per_tick = 1000 * extra / max(ticks - idle_sent, 1)
    rows = [
        ("the tick's own work (change counter + presence), CPU median", f"{tick_median / 1000:.3f} ms"),
        ("the same, p95", f"{tick_p95 / 1000:.3f} ms"),
        (f"server CPU, {args.sessions} sessions idle on Home (no tick), {args.seconds:.0f} s",
         f"{idle_cpu:.2f} s ({idle_sent} messages)"),
        (f"server CPU, {args.sessions} sessions on /persona (ticking every {LIVE_EVERY_S} s), {args.seconds:.0f} s",
         f"{live_cpu:.2f} s ({ticks} ticks)"),
        ("server CPU per tick, everything included", f"{per_tick:.1f} ms"),
        ("share of one core per ticking session", f"{100 * (per_tick / 1000) / LIVE_EVERY_S:.1f} %"),
    ]
    for what, value in rows:
        print(f"{what}: {value}")
    if args.no_write:
        return
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    section = (
        "\n\n## Live tick (issue 10: others' changes within seconds; issue 11: its server cost)\n\n"
        f"Command: `{COMMAND} --sessions {args.sessions} --seconds {args.seconds:.0f}` ({stamp}; `{git_rev()}`; "
        f"400-touchpoint workspace; load average before: {' '.join(f'{x:.2f}' for x in load_before)}, after: "
        f"{' '.join(f'{x:.2f}' for x in load_after)}; nproc {os.cpu_count()}: a load above it inflates the times)\n\n"
        "| what | measured |\n|---|---:|\n" + "".join(f"| {what} | {value} |\n" for what, value in rows))
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    head, _, rest = text.partition("\n\n## Live tick")
    tail = ""
    if rest:
        _, _, after = rest.partition("\n\n## ")
        tail = "\n\n## " + after if after else ""
    RESULTS.write_text(head.rstrip("\n") + section.rstrip("\n") + "\n" + tail, encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
