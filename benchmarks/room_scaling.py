"""What a websocket room's server CPU is made of: `.venv/bin/python benchmarks/room_scaling.py`.

Hourglass beside the bare app drawing the same pages (``BARE_SHAPE=pages``),
server CPU per page switch over Streamlit's websocket (``room_ws``), in
three settings, each app in turn, REPS times:

- **alone**: one session switching through the step pages, nothing else;
- **2 at once** and **20 at once**: rooms of 2 sessions × 7 switches (every
  page once each, 7 rooms) and of 20 × 5 (the pages spread evenly), while
  one more session stays connected;
- **20 from cold**: the room of ``browser_vs_bare.py``: no other session, so
  the room starts as Streamlit clears its compiled scripts when the last
  session leaves, and compiles app.py and each page again.

The ratio alone is what a run of Hourglass costs; "at once" adds what
concurrency adds; "from cold" adds the compiling. Writes "Room scaling" to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import browser_vs_bare as bench  # noqa: E402
import room_ws  # noqa: E402
from results import publish  # noqa: E402

COMMAND = ".venv/bin/python benchmarks/room_scaling.py"
HEADING = "## Room scaling (issue 11: what the websocket room's server CPU is made of)"
SETTINGS = ("alone", "2 at once", "20 at once", "20 from cold")


async def connect(url: str, query: str) -> tuple:
    import websockets

    ws = await websockets.connect(url.replace("http://", "ws://") + "/_stcore/stream",
                                  subprotocols=["streamlit"], max_size=None)
    session = room_ws.Session(ws, query)
    await session.run()
    return ws, session


async def alone(url: str, query: str, pid: int, switches: int) -> float:
    ws, session = await connect(url, query)
    try:
        for step in bench.STEP_PAGES:
            await session.run(session.pages[step])
        cpu = bench.cpu_seconds(pid)
        for n in range(switches):
            await session.run(session.pages[bench.STEP_PAGES[n % len(bench.STEP_PAGES)]])
        return (bench.cpu_seconds(pid) - cpu) * 1000 / switches
    finally:
        await ws.close()


async def rooms(url: str, query: str, pid: int, sessions: int, count: int, switches: int, *, warm: bool) -> float:
    """CPU per switch over ``count`` rooms of ``sessions`` × ``switches``."""
    holder = await connect(url, query) if warm else None
    try:
        cpu = done = 0
        for _ in range(count):
            found = await room_ws.room(url, query, bench.STEP_PAGES, sessions, switches, pid, bench.cpu_seconds)
            cpu += found["cpu"]
            done += found["switches"]
        return cpu * 1000 / done
    finally:
        if holder is not None:
            await holder[0].close()


async def measure(app: str, url: str, query: str, pid: int) -> dict:
    return {"alone": await alone(url, query, pid, 70),
            "2 at once": await rooms(url, query, pid, 2, 7, 7, warm=True),  # each session: every page once
            "20 at once": await rooms(url, query, pid, 20, 1, 5, warm=True),  # as browser_vs_bare.py's room
            "20 from cold": await rooms(url, query, pid, 20, 1, 5, warm=False)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="rounds, each app in turn (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args()
    load_before = os.getloadavg()
    ws, (hg_proc, hg_url), (bare_proc, bare_url) = bench.start_with_same_pages(
        Path(tempfile.mkdtemp(prefix="hourglass-room-scaling-")), "room")
    apps = {"Hourglass": (hg_url, f"workspace={ws['slug']}&lang=en", hg_proc.pid),
            "bare, same pages": (bare_url, "", bare_proc.pid)}
    found: dict = {name: {s: [] for s in SETTINGS} for name in apps}
    try:
        for n in range(args.reps):
            for name in (list(apps) if n % 2 == 0 else list(apps)[::-1]):
                for setting, ms in asyncio.run(measure(name, *apps[name])).items():
                    found[name][setting].append(ms)
            print(f"round {n + 1}/{args.reps} done", file=sys.stderr)
    finally:
        bench.stop(hg_proc, bare_proc)
    lines = ["| setting | Hourglass (ms CPU a switch) | bare, same pages | ratio | Hourglass ÷ its alone | "
             "bare ÷ its alone |", "|---|---:|---:|---:|---:|---:|"]
    med = {name: {s: statistics.median(v) for s, v in by.items()} for name, by in found.items()}
    hg, bare = med["Hourglass"], med["bare, same pages"]
    for setting in SETTINGS:
        lines.append(f"| {setting} | {hg[setting]:.1f} | {bare[setting]:.1f} | {hg[setting] / bare[setting]:.2f}× | "
                     f"{hg[setting] / hg['alone']:.2f}× | {bare[setting] / bare['alone']:.2f}× |")
    publish("\n".join(lines), write=not args.no_write, heading=HEADING, command=f"{COMMAND} --reps {args.reps}",
            about=f"Hourglass at `{bench.git_rev()}`; medians of {args.reps} rounds, the apps in turn; "
                  "400-touchpoint workspace; 70 switches alone, 98 or 100 in each room setting",
            load_before=load_before)

if __name__ == "__main__":
    main()
