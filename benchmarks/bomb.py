"""How fast and how lean oversized touchpoint files are refused (issue 10).

Run: `.venv/bin/python benchmarks/bomb.py`. Each case runs in a fresh
process (so one case's memory does not hide another's) and reports the wall
time of ``parse_inventory`` and its peak memory: the Python heap's peak
(tracemalloc) and the growth of the process's peak resident size over what
it had before the call (ru_maxrss, which also sees C allocations: zlib,
openpyxl's XML parser). Writes its table into benchmarks/RESULTS.md, in the
section "Refusing oversized files" (replaced on each run).

Cases: an XLSX bomb (a few hundred kB that unpack to 180 MB, as in the
issue), a 6,000-row CSV and XLSX (over the 5,000-touchpoint limit), a CSV
over the 10 MB upload limit, and for comparison a 5,000-row XLSX that is
accepted.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audit import limits  # noqa: E402
from audit.frameworks import stages_of  # noqa: E402
from audit.inventory import InvalidInventory, parse_inventory  # noqa: E402
from audit.model import Stage  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Refusing oversized files"


def xlsx_bomb(unpacked_mb: int = 180) -> bytes:
    """A workbook whose one sheet unpacks to ``unpacked_mb`` MB (one cell's
    text repeated: it compresses about 500 to 1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            chunk = b"A" * 2**20
            for _ in range(unpacked_mb):
                member.write(chunk)
            member.write(b"</t></is></c></row></sheetData></worksheet>")
    return out.getvalue()


def xlsx_rows(n: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Touchpoints")
    sheet.append(["Stage", "Touchpoint", "Channel", "Owner", "Importance", "Performance"])
    for i in range(n):
        sheet.append(["Know", f"Touchpoint {i}", "online", "Ana", 1 + i % 5, 1 + (i * 3) % 5])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_rows(n: int) -> bytes:
    return ("Stage,Touchpoint,Channel,Owner,Importance,Performance\n"
            + "".join(f"Know,Touchpoint {i},online,Ana,{1 + i % 5},{1 + (i * 3) % 5}\n" for i in range(n))).encode()


def csv_over_size() -> bytes:
    row = b"Know,Touchpoint,online,Ana,3,3\n"
    return b"Stage,Touchpoint,Channel,Owner,Importance,Performance\n" + row * (limits.MAX_UPLOAD_BYTES // len(row) + 1)


CASES = {
    "xlsx-bomb": ("XLSX bomb: unpacks to 180 MB", lambda: (xlsx_bomb(180), "bomb.xlsx")),
    "csv-6000": ("CSV, 6,000 rows", lambda: (csv_rows(6_000), "big.csv")),
    "xlsx-6000": ("XLSX, 6,000 rows", lambda: (xlsx_rows(6_000), "big.xlsx")),
    "csv-10mb": (f"CSV over {limits.UPLOAD_MB} MB", lambda: (csv_over_size(), "huge.csv")),
    "xlsx-5000": ("XLSX, 5,000 rows (accepted, for comparison)", lambda: (xlsx_rows(5_000), "ok.xlsx")),
}


def _parse(content: bytes, filename: str, stages) -> str:
    try:
        plan = parse_inventory(content, filename, stages=stages, framework="hourglass")
        return f"accepted, {len(plan.rows):,} rows"
    except InvalidInventory as exc:
        return f"refused: {exc.problem}"


def run_case(name: str) -> dict:
    """In this process: build the file, then parse it twice: timed (and its
    peak RSS), then under tracemalloc (which slows it) for the heap peak."""
    content, filename = CASES[name][1]()
    stages = [Stage(id=i + 1, workspace_id=1, uid=f"s{i}", position=i, key=s.key)
              for i, s in enumerate(stages_of("hourglass"))]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    outcome = _parse(content, filename, stages)
    wall = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    _parse(content, filename, stages)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"size_kb": len(content) / 1024, "wall_ms": wall * 1000, "heap_mb": peak / 2**20,
            "rss_growth_mb": max(0, rss_after - rss_before) / 1024, "outcome": outcome}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2])))
        return
    lines = ["| file | size | outcome | wall (ms) | Python heap peak (MB) | peak RSS growth (MB) |",
             "|---|---:|---|---:|---:|---:|"]
    for name, (label, _) in CASES.items():
        out = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        size = f"{r['size_kb']:,.0f} kB" if r["size_kb"] < 4096 else f"{r['size_kb'] / 1024:,.1f} MB"
        lines.append(f"| {label} | {size} | {r['outcome']} | {r['wall_ms']:.1f} | {r['heap_mb']:.1f} | "
                     f"{r['rss_growth_mb']:.1f} |")
    table = "\n".join(lines)
    print(table)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    section = (f"{SECTION} (issue 10: limits checked before parsing)\n\n"
               f"Command: `.venv/bin/python benchmarks/bomb.py` (load average after: {load}). "
               f"Limits from `audit/limits.py`: {limits.UPLOAD_MB} MB per file, "
               f"{limits.MAX_TOUCHPOINTS_PER_FILE:,} touchpoints per file, "
               f"{limits.MAX_UNPACKED_MB} MB unpacked. Each case in a fresh process; the time and memory "
               "of `parse_inventory` alone (the file is built before).\n\n"
               f"{table}\n")
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if SECTION in text:
        head, _, rest = text.partition(SECTION)
        tail = rest.split("\n## ", 1)
        text = head + section + ("\n## " + tail[1] if len(tail) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
