"""benchmarks/RESULTS.md: each benchmark's section holds its runs, newest
first; a new run is put at the top of its section and nothing else in the
file moves (``add_run``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def with_run(text: str, heading: str, run: str) -> str:
    """``text`` with ``run`` first under ``heading`` (the section is made at
    the end if missing); the earlier runs and every other section are kept."""
    if heading not in text:
        return text.rstrip("\n") + f"\n\n{heading}\n\n{run.strip()}\n"
    head, _, rest = text.partition(heading)
    return f"{head}{heading}\n\n{run.strip()}\n\n{rest.lstrip(chr(10))}"


def add_run(heading: str, run: str, path: Path = RESULTS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    path.write_text(with_run(text, heading, run), encoding="utf-8")


def record(heading: str, command: str, about: str, table: str, load_before: tuple, path: Path = RESULTS) -> None:
    """Put a run first under ``heading``: the command, when, ``about`` (what
    was measured, at which revision), the machine's load before and after
    it, and its table."""
    def load(values) -> str:
        return " ".join(f"{x:.2f}" for x in values)

    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    add_run(heading, f"Command: `{command}` ({now}; {about}; load average before: {load(load_before)}, after: "
                     f"{load(os.getloadavg())}; nproc {os.cpu_count()})\n\n{table}\n", path)


def publish(table: str, *, write: bool, heading: str, command: str, about: str, load_before: tuple) -> None:
    """Print a run's table and, unless told not to (``--no-write``), record it."""
    print(table)
    if write:
        record(heading, command, about, table, load_before)
        print(f"\nwritten to {RESULTS.name} ({RESULTS.parent.name}/)")
