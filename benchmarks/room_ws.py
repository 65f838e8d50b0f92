"""A workshop room over Streamlit's own websocket, no browser: N sessions
switching pages at once, as ``browser_vs_bare.py`` runs it for each app.

Each session connects to ``/_stcore/stream`` like the browser does, asks for
the first run (the app's URL query: the workspace and the language), then
switches page K times by the page's script hash (what a sidebar click sends),
each time waiting for the run to finish (``script_finished``). The latency of
a switch is from the request to that message: the server's work and the
messages' transfer, with no browser drawing them, so 20 sessions fit on two
cores without the clients' own CPU deciding the result (browser contexts'
did). The server's CPU seconds over the room come from ``/proc``.

What a browser does and this does not: draw, and run Hourglass's live tick
(the frontend asks for it every few seconds; ``live_tick.py`` measures it).
"""

from __future__ import annotations

import asyncio
import statistics
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

#: A run is over when the server says so, except a run stopped for another (``st.rerun``).
EARLY_FOR_RERUN = 2  # ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class Session:
    def __init__(self, ws, query: str, on_message=None):
        self.ws, self.query = ws, query
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.messages = 0
        self.on_message = on_message  # called with each ForwardMsg (page_shapes.py counts blocks)

    async def run(self, page_hash: str = "") -> float:
        """Ask for a run of the page (``""``: the default) and wait for its end; seconds."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = page_hash
        msg.rerun_script.context_info.locale = "en-US"
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self.ws.recv())
            self.messages += 1
            if self.on_message is not None:
                self.on_message(forward)
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in forward.navigation.app_pages}
            elif kind == "script_finished" and forward.script_finished != EARLY_FOR_RERUN:
                return time.perf_counter() - start


async def room(url: str, query: str, steps: list[str], sessions: int, switches: int, pid: int,
               cpu_seconds) -> dict:
    """``sessions`` websocket sessions, each opened (not measured), then all
    switching ``switches`` times at once through ``steps``."""
    import websockets

    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    connections = [await websockets.connect(stream, subprotocols=["streamlit"], max_size=None)
                   for _ in range(sessions)]
    try:
        clients = [Session(ws, query.lstrip("?")) for ws in connections]
        for client in clients:  # the first visit of each, one after the other
            await client.run()
        latencies: list[float] = []

        async def walk(k: int, client: Session) -> None:
            for j in range(switches):
                step = steps[(k + j) % len(steps)]
                latencies.append(await client.run(client.pages[step]))

        cpu, wall = cpu_seconds(pid), time.monotonic()
        await asyncio.gather(*(walk(k, c) for k, c in enumerate(clients)))
        cpu, wall = cpu_seconds(pid) - cpu, time.monotonic() - wall
    finally:
        for ws in connections:
            await ws.close()
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"cpu": cpu, "wall": wall, "switches": len(latencies), "p95": p95 * 1000,
            "median": statistics.median(latencies) * 1000}
