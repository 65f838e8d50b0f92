"""A workshop room: 20 sessions editing one workspace at once through one
shared Store (as Streamlit's sessions do, each on its own thread).

Run: `.venv/bin/python benchmarks/workshop.py`. Appends its result to
benchmarks/RESULTS.md. Each session makes 60 writes, one at a time, mixing
what people do in a workshop: add a touchpoint, score one, answer a checklist
question, edit a backlog item. Checks that no write was lost and reports the
latency of a single write (what a person waits for after an edit).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audit import backlog  # noqa: E402
from audit.checklists import load_library  # noqa: E402
from audit.store import Store  # noqa: E402

SESSIONS, WRITES = 20, 60
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def main() -> None:
    library = load_library()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "workshop.db")
        ws = store.create_workspace("Workshop", industry="restaurant")
        stages = store.stages(ws.id)
        questions = [q.key for q in library.packs["restaurant"].questions]
        backlog.regenerate(store, ws.id, library)
        item_ids = [i.id for i in store.backlog_items(ws.id)]
        latencies: list[float] = []
        errors: list[BaseException] = []
        lock = threading.Lock()
        start_line = threading.Barrier(SESSIONS)

        def session(n: int) -> None:
            mine: list[float] = []
            try:
                start_line.wait()
                for k in range(WRITES):
                    t0 = time.perf_counter()
                    kind = k % 4
                    if kind == 0:
                        store.add_touchpoints(ws.id, [{"stage_id": stages[k % len(stages)].id, "name": f"s{n}-{k}"}])
                    elif kind == 1:
                        tps = store.touchpoints(ws.id, stages[(k - 1) % len(stages)].id)
                        own = [tp for tp in tps if tp.name == f"s{n}-{k - 1}"]
                        store.update_touchpoints(ws.id, {own[0].id: {"importance": 1 + k % 5, "performance": 1 + n % 5}})
                    elif kind == 2:
                        store.set_answers(ws.id, {questions[(n * WRITES + k) % len(questions)]: "no"})
                    else:
                        store.update_backlog_item(ws.id, item_ids[(n + k) % len(item_ids)], owner=f"s{n}")
                    mine.append((time.perf_counter() - t0) * 1000)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=session, args=(n,)) for n in range(SESSIONS)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = time.perf_counter() - t0
        touchpoints = store.touchpoints(ws.id)
        expected = SESSIONS * WRITES // 4
        scored = sum(1 for tp in touchpoints if tp.importance is not None)
        ok = (not errors and len(touchpoints) == expected and scored == expected
              and store.integrity_check() == "ok")
        latencies.sort()
        p50 = statistics.median(latencies)
        p95 = latencies[int(len(latencies) * 0.95)]
        line = (f"| {SESSIONS} sessions × {WRITES} writes on one workspace | {total:.2f} s | "
                f"{p50:.1f} ms | {p95:.1f} ms | {latencies[-1]:.1f} ms | "
                f"{'no write lost' if ok else f'FAILED: {len(errors)} errors, {len(touchpoints)}/{expected} touchpoints'} |")
        print(line)
        load = os.getloadavg()
        text = RESULTS.read_text(encoding="utf-8").split("\n## Workshop", 1)[0].rstrip("\n")
        RESULTS.write_text(
            text + "\n\n## Workshop room (DESIGN.md: 20 sessions on 2 cores, no lost write)\n\n"
            "Command: `.venv/bin/python benchmarks/workshop.py` "
            f"(load average after: {load[0]:.2f})\n\n"
            "| what | total | write latency p50 | p95 | max | result |\n|---|---:|---:|---:|---:|---|\n"
            f"{line}\n", encoding="utf-8")
        if not ok:
            raise SystemExit(f"lost writes or errors: {errors[:3]}")


if __name__ == "__main__":
    main()
