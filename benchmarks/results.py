"""benchmarks/RESULTS.md: each benchmark's section holds its runs, newest
first; a new run is put at the top of its section and nothing else in the
file moves (``add_run``)."""

from __future__ import annotations

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
