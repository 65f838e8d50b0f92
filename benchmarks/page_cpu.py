"""Server CPU of one run of each page, Hourglass beside the bare app drawing
the same pages, over Streamlit's websocket: `.venv/bin/python benchmarks/page_cpu.py`.

One session per app (``room_ws.Session``, no browser) visits every page,
then runs each page RUNS times; the server's CPU (``/proc``) and the
messages a run sends are divided by RUNS. Both apps send the same messages
page by page (``page_shapes.json``), so the ratio is what Hourglass does
around Streamlit's calls: its store, checks, catalog, editing protocol,
live fragment. Writes "Server CPU per page" to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import browser_vs_bare as bench  # noqa: E402
import room_ws  # noqa: E402
from results import add_run  # noqa: E402

RUNS = 10
COMMAND = ".venv/bin/python benchmarks/page_cpu.py"
HEADING = "## Server CPU per page over the websocket (issue 11: Hourglass beside the bare app, same pages)"


async def per_page(url: str, query: str, pid: int, runs: int) -> dict:
    import websockets

    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as ws:
        session = room_ws.Session(ws, query.lstrip("?"))
        await session.run()
        for step in bench.STEP_PAGES:  # every page once: imports, caches
            await session.run(session.pages[step])
        found = {}
        for page in ["home", *bench.STEP_PAGES]:
            page_hash = session.pages.get(page, "")
            await session.run(page_hash)
            cpu, messages = bench.cpu_seconds(pid), session.messages
            for _ in range(runs):
                await session.run(page_hash)
            found[page] = ((bench.cpu_seconds(pid) - cpu) * 1000 / runs, (session.messages - messages) / runs)
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args()
    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="hourglass-page-cpu-"))
    ws = bench.build_workspace(tmp / "bench.db")
    hg_proc, hg_url = bench.start("app.py", tmp / "bench.db", tmp / "hourglass.log")
    bare_proc, bare_url = bench.start(str(HERE / "bare_app.py"), tmp / "unused.db", tmp / "bare.log",
                                      BARE_SHAPE="pages")
    try:
        hourglass = asyncio.run(per_page(hg_url, f"?workspace={ws['slug']}&lang=en", hg_proc.pid, args.runs))
        bare = asyncio.run(per_page(bare_url, "", bare_proc.pid, args.runs))
    finally:
        for process in (hg_proc, bare_proc):
            process.terminate()
            process.wait(timeout=10)
    lines = ["| page | Hourglass CPU (ms) | messages | bare, same pages CPU (ms) | messages | ratio (CPU) |",
             "|---|---:|---:|---:|---:|---:|"]
    for page, (cpu, messages) in hourglass.items():
        bare_cpu, bare_messages = bare[page]
        lines.append(f"| {'Home' if page == 'home' else '/' + page} | {cpu:.0f} | {messages:.0f} | {bare_cpu:.0f} | "
                     f"{bare_messages:.0f} | {cpu / max(bare_cpu, 1):.1f}× |")
    table = "\n".join(lines)
    print(table)
    if args.no_write:
        return
    fmt = lambda load: " ".join(f"{x:.2f}" for x in load)  # noqa: E731
    add_run(HEADING, (
        f"Command: `{COMMAND} --runs {args.runs}` ({dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}; "
        f"Hourglass at `{bench.git_rev()}`; one session each, {args.runs} runs of each page after a visit of all; "
        f"CPU time has a 10 ms tick, so each figure is ±1 ms; load average before: {fmt(load_before)}, after: "
        f"{fmt(os.getloadavg())}; nproc {os.cpu_count()})\n\n{table}\n"))
    print(f"\nwritten to {bench.RESULTS.relative_to(bench.ROOT)}")


if __name__ == "__main__":
    main()
