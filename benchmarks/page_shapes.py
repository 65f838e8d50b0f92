"""What each Hourglass page draws, element by element, for the bare app's
"pages" yardstick: `.venv/bin/python benchmarks/page_shapes.py`.

Opens the benchmark's 400-touchpoint workspace (``browser_vs_bare.
build_workspace``) in Debian Chromium, visits Home and the seven step pages
and counts, per page and for the sidebar, the elements by kind (the
``data-testid`` of each element container's content): markdown, heading,
button, text area, radio, one-click choices, metric, … A table or chart
frame is recorded as ``grid:<rows>`` or ``chart``. Writes
``benchmarks/page_shapes.json``; ``bare_app.py`` with ``BARE_SHAPE=pages``
draws those elements, with no database, catalog or checks (state in
``st.session_state``), so Hourglass's ratio to it is the cost of Hourglass
itself, not of what its pages show.

Run it again after a page changes what it draws; the file records the
commit it was made from.
"""

from __future__ import annotations

import collections
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import browser_vs_bare as bench  # noqa: E402

SHAPES = HERE / "page_shapes.json"

# Per element container: its kind; a frame says what it frames (a grid and its rows, or a chart).
KINDS_JS = """(scope) => [...document.querySelectorAll(scope + " [data-testid='stElementContainer']")]
  .filter(c => !c.parentElement.closest("[data-testid='stElementContainer']"))
  .map(c => {
    const first = c.firstElementChild;
    const kind = first ? (first.getAttribute('data-testid') || '') : '';
    if (kind === 'stFullScreenFrame') {
      const grid = c.querySelector("[role='grid'][aria-rowcount]");
      if (grid) return 'grid:' + (Number(grid.getAttribute('aria-rowcount')) - 1);
      return c.querySelector("[data-testid='stVegaLiteChart']") ? 'chart' : 'frame';
    }
    return kind;
  })"""

FRAMES_DRAWN_JS = """() => [...document.querySelectorAll("[data-testid='stFullScreenFrame']")].every(f =>
  f.querySelector("[role='grid'][aria-rowcount], [data-testid='stVegaLiteChart']"))"""


def shapes(url: str) -> dict:
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=bench.CHROMIUM, headless=True, args=bench.CHROMIUM_ARGS)
        page = browser.new_context(viewport=bench.VIEWPORT, locale="en-US").new_page()
        page.goto(url, wait_until="commit")
        page.wait_for_function(bench.IDLE_JS, arg=[bench.HOLD_MS, None], polling=50, timeout=bench.TIMEOUT_MS)

        def count(scope: str) -> dict:
            # a grid's rows are in the page once it has drawn (its accessible table): wait for every frame
            page.wait_for_function(FRAMES_DRAWN_JS, polling=50, timeout=bench.TIMEOUT_MS)
            return dict(sorted(collections.Counter(k for k in page.evaluate(KINDS_JS, scope) if k).items()))

        found["sidebar"] = count("[data-testid='stSidebarUserContent']")
        found["home"] = count("[data-testid='stMain']")
        for step in bench.STEP_PAGES:
            bench.switch(page, step)
            found[step] = count("[data-testid='stMain']")
        browser.close()
    return found


def blocks(url: str, query: str) -> dict:
    """Per page, the layout blocks a run sends (containers, columns, expanders,
    popovers, tabs: each a message and a box in the browser), in the main
    area and in the sidebar, counted on Streamlit's websocket."""
    import asyncio

    import room_ws
    import websockets

    async def count() -> dict:
        found: dict = {}
        current: dict = {"main": 0, "sidebar": 0}

        def seen(forward) -> None:
            if forward.WhichOneof("type") == "delta" and forward.delta.WhichOneof("type") == "add_block":
                current["sidebar" if forward.metadata.delta_path[0] == 1 else "main"] += 1

        stream = url.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as ws:
            session = room_ws.Session(ws, query.lstrip("?"), on_message=seen)
            await session.run()
            found["home"] = dict(current)
            for step in bench.STEP_PAGES:
                current.update(main=0, sidebar=0)
                await session.run(session.pages[step])
                found[step] = dict(current)
        return found

    return asyncio.run(count())


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="hourglass-shapes-"))
    ws = bench.build_workspace(tmp / "shapes.db")
    process, url = bench.start("app.py", tmp / "shapes.db", tmp / "hourglass.log")
    query = f"?workspace={ws['slug']}&lang=en"
    try:
        pages = shapes(f"{url}/{query}")
        for page, found in blocks(url, query).items():
            pages[page]["blocks"] = found["main"]
            pages["sidebar"]["blocks"] = found["sidebar"]  # the same on every page
    finally:
        process.terminate()
        process.wait(timeout=10)
    SHAPES.write_text(json.dumps({"commit": bench.git_rev(), "pages": pages}, indent=1) + "\n", encoding="utf-8")
    for name, kinds in pages.items():
        print(f"{name:12s} {sum(kinds.values()):4d}  {kinds}")
    print(f"written to {SHAPES.relative_to(bench.ROOT)}")


if __name__ == "__main__":
    main()
