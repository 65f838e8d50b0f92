"""Hourglass performance benchmarks: `.venv/bin/python benchmarks/run.py`.

Each measure is the median of 5 runs (time.perf_counter); the store's read
and the plain SELECT it is held to alternate, 15 runs each. Prints a markdown
table and writes it, with the machine, to benchmarks/RESULTS.md.

(a) parse + import of a 5,000-touchpoint CSV into a fresh file database
(b) backlog of a 10,000-touchpoint workspace: backlog.plan + backlog.ranked,
    with the data read beforehand (the store read is reported apart)
(c) backlog_csv of a 10,000-item backlog
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audit import backlog  # noqa: E402
from audit.checklists import load_library  # noqa: E402
from audit.exports import backlog_csv  # noqa: E402
from audit.frameworks import FRAMEWORKS  # noqa: E402
from audit.inventory import import_inventory, parse_inventory  # noqa: E402
from audit.model import BacklogItem  # noqa: E402
from audit.store import Store  # noqa: E402

RUNS = 5
COMMAND = ".venv/bin/python benchmarks/run.py"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


class Timing(NamedTuple):
    wall: float  # ms, time.perf_counter
    cpu: float  # ms, time.process_time: less sensitive to other work on the machine


def median_ms(fn, runs: int = RUNS, setup=None) -> Timing:
    walls, cpus = [], []
    for _ in range(runs):
        arg = setup() if setup else None
        cpu, start = time.process_time(), time.perf_counter()
        fn(arg) if setup else fn()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return Timing(statistics.median(walls), statistics.median(cpus))


RATIO_RUNS = 15


def interleaved(first, second, runs: int = RATIO_RUNS) -> tuple[Timing, Timing]:
    """Medians of two measures taken in alternation (for a ratio of the two)."""
    times: list[list[tuple[float, float]]] = [[], []]
    for n in range(runs + 1):
        for k, fn in ((0, first), (1, second)) if n % 2 else ((1, second), (0, first)):
            cpu, start = time.process_time(), time.perf_counter()
            fn()
            if n:  # the first round warms up
                times[k].append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
    return tuple(Timing(statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for t in times)


def inventory_csv(n: int, rng: random.Random) -> bytes:
    stages = [s.es for s in FRAMEWORKS["hourglass"]]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Etapa", "Punto de contacto", "Canal", "Responsable", "Importancia", "Desempeño",
                     "Emoción", "Momento de verdad", "Puntos de dolor", "Puntos positivos", "KPI", "Notas"])
    for i in range(n):
        writer.writerow([
            rng.choice(stages), f"Punto de contacto nº {i}", rng.choice(["en línea", "presencial", ""]),
            rng.choice(["Ana", "José", "Marketing"]), rng.randint(1, 5), rng.randint(1, 5),
            rng.choice(["−2", "-1", "0", "+1", "2", ""]), rng.choice(["sí", "no", ""]),
            "Espera larga; «no contestan»" if i % 3 == 0 else "", "Trato amable",
            "Conversión %", f"Notas de la fila {i}\ncon salto de línea" if i % 10 == 0 else "",
        ])
    return out.getvalue().encode("utf-8-sig")


def bench_import(tmp: Path) -> dict:
    content = inventory_csv(5_000, random.Random(1))
    counter = iter(range(1_000))

    def fresh():
        store = Store(tmp / f"import-{next(counter)}.db")
        return store, store.create_workspace("Bench import", lang="es")

    stores = []

    def run(arg):
        store, ws = arg
        stores.append(store)
        plan = import_inventory(store, ws.id, content, "inventario.csv")
        assert len(plan.rows) == 5_000

    total = median_ms(run, setup=fresh)
    for store in stores:
        store.close()
    store, ws = fresh()
    stages = store.stages(ws.id)
    parse = median_ms(lambda: parse_inventory(content, "inventario.csv", stages=stages, framework="hourglass"))
    store.close()
    return {"size_kb": len(content) / 1024, "total": total, "parse": parse}


def bench_backlog(tmp: Path) -> dict:
    rng = random.Random(2)
    library = load_library()
    store = Store(tmp / "backlog.db")
    # A stress test at twice the per-workspace limit (audit/limits.py): the
    # rules stay fast beyond any workspace the app accepts.
    import audit.store
    audit.store.MAX_TOUCHPOINTS_PER_WORKSPACE = 10_000
    ws = store.create_workspace("Bench backlog", industry="general")
    stages = store.stages(ws.id)
    store.add_touchpoints(ws.id, [{
        "stage_id": rng.choice(stages[:-1]).id,  # the last stage stays empty: a coverage item
        "name": f"Touchpoint {i}", "importance": rng.randint(1, 5), "performance": rng.randint(1, 5),
        "emotion": rng.choice([-2, -1, 0, 1, 2, None]), "pain_points": "Slow reply" if i % 4 == 0 else "",
        "kpi": "Conversion",
    } for i in range(10_000)])
    pack = library.pack("general")
    store.set_answers(ws.id, {q.key: ("no", "partly", "yes")[i % 3] for i, q in enumerate(pack.questions)})

    read = median_ms(lambda: (store.workspace_data(ws.id), store.backlog_items(ws.id)))
    # The same rows as a plain SELECT … fetchall(): the floor the store's read is held to (issue 11: ≤ 1.3×).
    # The two alternate, RATIO_RUNS times each, so other work on the machine slows both alike.
    plain_sql = ("SELECT t.* FROM touchpoints t JOIN stages s ON s.id = t.stage_id WHERE t.workspace_id = ? "
                 "ORDER BY s.position, t.position, t.id")
    read_touchpoints, plain_select = interleaved(lambda: store.touchpoints(ws.id),
                                                 lambda: store._db.execute(plain_sql, [ws.id]).fetchall())
    data = store.workspace_data(ws.id)
    first_plan = median_ms(lambda: backlog.plan(data, library, []))
    backlog.regenerate(store, ws.id, library)
    existing = store.backlog_items(ws.id)
    read_items = median_ms(lambda: store.backlog_items(ws.id))
    steady = median_ms(lambda: (backlog.plan(data, library, existing), backlog.ranked(existing)))
    rank_only = median_ms(lambda: backlog.ranked(existing))
    first = backlog.plan(data, library, [])
    first_ranked = median_ms(lambda: backlog.ranked([
        BacklogItem(id=i, workspace_id=ws.id, uid=str(i), **values) for i, values in enumerate(first.inserts)]))
    store.close()
    return {"items": len(existing), "read": read, "read_touchpoints": read_touchpoints, "plain": plain_select,
            "read_items": read_items, "first_plan": first_plan,
            "first_ranked": first_ranked, "steady": steady, "rank_only": rank_only}


def backlog_items(n: int, stages) -> list[BacklogItem]:
    rng = random.Random(3)
    sources = ["touchpoint", "pain", "coverage", "checklist", "manual"]
    statuses = ["todo", "doing", "done", "wontdo"]
    titles = ["Mejorar «Web» (Conocer)", "=SUM(A1:A9)", "Café 😀 con leche", "-5 % de abandono", "Plain title"]
    return [BacklogItem(
        id=i, workspace_id=1, uid=f"u{i}", source=rng.choice(sources), source_key=f"k{i}",
        title=rng.choice(titles) + f" {i}", detail="Línea 1\nLínea 2; con \"comillas\", y comas",
        stage_uid=rng.choice(stages).uid, impact=rng.randint(1, 10), confidence=rng.randint(1, 10),
        ease=rng.randint(1, 10), owner="José", status=rng.choice(statuses),
        due_date="2026-01-31" if i % 2 else "", kpi="+3 % conversión", gap=rng.choice([None, *range(21)]),
        importance=rng.randint(1, 5), journey_order=i, resolved_by_audit=int(i % 17 == 0),
    ) for i in range(n)]


def bench_export(tmp: Path) -> dict:
    store = Store(tmp / "export.db")
    ws = store.create_workspace("Bench export")
    stages = store.stages(ws.id)
    store.close()
    items = backlog_items(10_000, stages)
    out = {}
    for fmt in ("csv", "excel-es"):
        out[fmt] = median_ms(lambda: backlog_csv(items, stages=stages, framework="hourglass", lang="es", fmt=fmt))
    out["size_kb"] = len(backlog_csv(items, stages=stages, framework="hourglass", lang="es")) / 1024
    return out


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))  # what `nproc` prints
    except AttributeError:
        cpus = os.cpu_count()
    return {"nproc": cpus, "cpu": model, "python": platform.python_version(),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "platform": platform.platform(), "date": dt.datetime.now().astimezone().isoformat(timespec="seconds")}


def command() -> str:
    """The command as run, with its scheduling priority when raised."""
    niceness = os.nice(0)
    return f"nice -n {niceness} {COMMAND}" if niceness else COMMAND


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "**missed**"


def main() -> None:
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="hourglass-bench-") as name:
        tmp = Path(name)
        a = bench_import(tmp)
        b = bench_backlog(tmp)
        c = bench_export(tmp)
    rows = [
        ("(a) parse + import 5,000-touchpoint CSV into a fresh file DB "
         f"({a['size_kb']:.0f} kB)", a["total"], 1000),
        ("(a) of which: parse only (`parse_inventory`)", a["parse"], None),
        (f"(b) backlog `plan` + `ranked`, 10,000 touchpoints, {b['items']:,} existing items (regeneration)",
         b["steady"], 100),
        ("(b) first generation: `plan` with no existing items", b["first_plan"], 100),
        ("(b) `ranked` alone (existing items)", b["rank_only"], None),
        ("(b) `ranked` of the first plan's items (incl. building BacklogItem)", b["first_ranked"], None),
        ("(b) store read beforehand: `workspace_data` + `backlog_items`", b["read"], None),
        (f"(b) of which: `Store.touchpoints` (10,000 rows; median of {RATIO_RUNS}, alternating with the next)",
         b["read_touchpoints"], None),
        (f"(b) the same rows as a plain `SELECT … fetchall()` (median of {RATIO_RUNS})", b["plain"], None),
        (f"(b) of which: `Store.backlog_items` ({b['items']:,} rows, after regeneration)", b["read_items"], None),
        (f"(c) `backlog_csv` 10,000 items, csv ({c['size_kb']:.0f} kB)", c["csv"], 200),
        ("(c) `backlog_csv` 10,000 items, excel-es", c["excel-es"], 200),
    ]
    lines = ["| measure | wall, median of 5 (ms) | CPU, median of 5 (ms) | target (ms) | result |",
             "|---|---:|---:|---:|---|"]
    for label, value, target in rows:
        lines.append(f"| {label} | {value.wall:.1f} | {value.cpu:.1f} | {'< ' + str(target) if target else '—'} | "
                     f"{verdict(value.wall, target) if target else '—'} |")
    ratio = b["read_touchpoints"].cpu / b["plain"].cpu
    lines.append(f"\nStore read of 10,000 touchpoints / plain SELECT (CPU): {ratio:.2f}× "
                 f"(issue 11: ≤ 1.3×, {'ok' if ratio <= 1.3 else '**missed**'}); backlog `plan` + `ranked`: "
                 f"{b['steady'].cpu:.1f} ms CPU (issue 11: ≤ 50 ms, {'ok' if b['steady'].cpu <= 50 else '**missed**'})")
    table = "\n".join(lines)
    print(table)
    info = machine()
    # this script's section is the file's head; the other scripts' sections ("## …") stay
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    rest = old[old.index("\n## "):] if "\n## " in old else ""
    RESULTS.write_text(
        "# Benchmark results\n\n"
        f"Command (from the repository root): `{command()}`\n\n"
        f"- date: {info['date']}\n- nproc: {info['nproc']}\n- CPU: {info['cpu']}\n"
        f"- Python: {info['python']}\n- platform: {info['platform']}\n"
        f"- load average (1, 5, 15 min) before the run: {load_before}; after: {info['load']} "
        f"(more than {info['nproc']} means other work competed for the CPUs and inflated the wall times)\n\n"
        f"{table}\n{rest}", encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
