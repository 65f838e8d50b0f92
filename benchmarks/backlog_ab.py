"""Backlog plan + ranking, this checkout against another, interleaved:
`.venv/bin/python benchmarks/backlog_ab.py --before <checkout>`.

The same 10,000-touchpoint workspace as ``run.py`` (b). The other checkout's
``audit/backlog.py`` is loaded beside this one (the rest of the engine is
this checkout's), both plan the same data against the same existing items,
and the two run in alternation, so a busy machine slows both alike. Both
plans are checked equal first. Prints medians of CPU and wall time and the
ratio; ``--write`` appends the table to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
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

import run  # noqa: E402  (run.py: the workspace builder's imports and helpers)
from audit import backlog  # noqa: E402

RESULTS = HERE / "RESULTS.md"


def load_other(checkout: Path):
    spec = importlib.util.spec_from_file_location("audit._backlog_before", checkout / "audit" / "backlog.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def workspace(tmp: Path):
    import random

    import audit.store
    from audit.checklists import load_library
    from audit.store import Store

    rng = random.Random(2)  # as run.bench_backlog
    library = load_library()
    store = Store(tmp / "ab.db")
    audit.store.MAX_TOUCHPOINTS_PER_WORKSPACE = 10_000
    ws = store.create_workspace("Bench backlog", industry="general")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{
        "stage_id": rng.choice(stages[:-1]).id, "name": f"Touchpoint {i}", "importance": rng.randint(1, 5),
        "performance": rng.randint(1, 5), "emotion": rng.choice([-2, -1, 0, 1, 2, None]),
        "pain_points": "Slow reply" if i % 4 == 0 else "", "kpi": "Conversion",
    } for i in range(10_000)])
    pack = library.pack("general")
    store.set_answers(ws.id, {q.key: ("no", "partly", "yes")[i % 3] for i, q in enumerate(pack.questions)})
    backlog.regenerate(store, ws.id, library)
    data, existing = store.workspace_data(ws.id), store.backlog_items(ws.id)
    store.close()
    return data, existing, library


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout (e.g. main)")
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--write", action="store_true", help="append the table to benchmarks/RESULTS.md")
    args = parser.parse_args()
    other = load_other(args.before.resolve())
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="hourglass-ab-") as name:
        data, existing, library = workspace(Path(name))
    same = lambda p: (p.inserts, p.updates)  # noqa: E731
    assert same(other.plan(data, library, existing)) == same(backlog.plan(data, library, existing))
    assert same(other.plan(data, library, [])) == same(backlog.plan(data, library, []))
    assert [i.id for i in other.ranked(existing)] == [i.id for i in backlog.ranked(existing)]
    times: dict[str, tuple[list, list]] = {"before": ([], []), "after": ([], [])}
    for n in range(args.rounds + 1):
        for label, module in (("before", other), ("after", backlog)) if n % 2 else (("after", backlog),
                                                                                    ("before", other)):
            cpu, start = time.process_time(), time.perf_counter()
            module.plan(data, library, existing), module.ranked(existing)
            if n:  # the first round warms up
                times[label][0].append((time.perf_counter() - start) * 1000)
                times[label][1].append((time.process_time() - cpu) * 1000)
    load_after = os.getloadavg()
    med = {k: (statistics.median(w), statistics.median(c)) for k, (w, c) in times.items()}
    fmt = lambda load: " ".join(f"{x:.2f}" for x in load)  # noqa: E731
    table = "\n".join([
        "| code | wall, median (ms) | CPU, median (ms) | target (CPU) |",
        "|---|---:|---:|---|",
        f"| before: `{args.before.name}` | {med['before'][0]:.1f} | {med['before'][1]:.1f} | ≤ 50 ms |",
        f"| after: this checkout | {med['after'][0]:.1f} | {med['after'][1]:.1f} | ≤ 50 ms |",
        "",
        f"after ÷ before (CPU): {med['after'][1] / med['before'][1]:.2f}×",
    ])
    print(table)
    if args.write:
        section = (
            "\n\n## Backlog plan + ranking, before and after (issue 11: ≤ 50 ms)\n\n"
            f"Command: `.venv/bin/python benchmarks/backlog_ab.py --before <checkout> --write` "
            f"({dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}; 10,000 touchpoints, "
            f"{len(existing):,} existing items; {args.rounds} interleaved rounds; load average before: "
            f"{fmt(load_before)}, after: {fmt(load_after)}; nproc {run.machine()['nproc']})\n\n{table}\n")
        RESULTS.write_text(RESULTS.read_text(encoding="utf-8").rstrip("\n") + section, encoding="utf-8")
        print(f"\nappended to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
