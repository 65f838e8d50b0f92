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
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import browser_vs_bare as bench  # noqa: E402
import room_ws  # noqa: E402
from results import publish  # noqa: E402

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
    ws, (hg_proc, hg_url), (bare_proc, bare_url) = bench.start_with_same_pages(
        Path(tempfile.mkdtemp(prefix="hourglass-page-cpu-")), "page-cpu")
    try:
        hourglass = asyncio.run(per_page(hg_url, f"?workspace={ws['slug']}&lang=en", hg_proc.pid, args.runs))
        bare = asyncio.run(per_page(bare_url, "", bare_proc.pid, args.runs))
    finally:
        bench.stop(hg_proc, bare_proc)
    lines = ["| page | Hourglass CPU (ms) | messages | bare, same pages CPU (ms) | messages | ratio (CPU) |",
             "|---|---:|---:|---:|---:|---:|"]
    for page, (cpu, messages) in hourglass.items():
        bare_cpu, bare_messages = bare[page]
        lines.append(f"| {'Home' if page == 'home' else '/' + page} | {cpu:.0f} | {messages:.0f} | {bare_cpu:.0f} | "
                     f"{bare_messages:.0f} | {cpu / max(bare_cpu, 1):.1f}× |")
    publish("\n".join(lines), write=not args.no_write, heading=HEADING, command=f"{COMMAND} --runs {args.runs}",
            about=f"Hourglass at `{bench.git_rev()}`; one session each, {args.runs} runs of each page after a "
                  "visit of all; CPU time has a 10 ms tick, so each figure is ±1 ms", load_before=load_before)

if __name__ == "__main__":
    main()
