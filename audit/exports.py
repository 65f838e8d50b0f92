"""Backlog downloads (DESIGN.md, "Files in and out").

``backlog_rows`` is the ranked backlog as plain rows with headers in the
chosen language; ``backlog_csv`` writes them as a CSV a spreadsheet opens
cleanly: UTF-8 with BOM (accents intact in Excel), CRLF line ends, and no
cell a spreadsheet could run as a formula (``neutralise``). Numbers stay
numbers. ``csv`` is comma-separated; ``excel-es`` is what Excel in a Spanish
locale expects: semicolons and a decimal comma.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from .backlog import ranked
from .i18n import normalise_lang, t
from .model import SOURCES, STATUSES, BacklogItem, Stage


@dataclass(frozen=True)
class CsvFormat:
    delimiter: str
    decimal: str


#: Backlog download formats; Jira, Asana, Linear and GitHub will join them.
CSV_FORMATS = {
    "csv": CsvFormat(delimiter=",", decimal="."),
    "excel-es": CsvFormat(delimiter=";", decimal=","),
}
FORMATS = tuple(CSV_FORMATS)

COLUMNS = (
    "rank", "title", "detail", "source", "stage", "touchpoint", "audience", "impact",
    "confidence", "ease", "ice", "gap", "owner", "status", "due_date", "kpi", "kpi_target",
    "review_date", "resolved",
)

#: First characters that make a spreadsheet read a cell as a formula (or
#: start one on import): = + - @, tab, CR, LF, and the full-width forms.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def neutralise(text: str) -> str:
    """Text a spreadsheet will show, never evaluate: ``'`` before a formula start."""
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


def headers(lang: str) -> list[str]:
    """The column headers of a backlog download, in ``lang``."""
    return [t(f"export.{column}", lang) for column in COLUMNS]


def _values(items: list[BacklogItem], stages: list[Stage], framework: str, lang: str):
    """One tuple per item, in rank order, in the order of ``COLUMNS``."""
    stage_names = {s.uid: s.display_name(framework, lang) for s in stages}
    sources = {s: t(f"source.{s}", lang) for s in SOURCES}
    statuses = {s: t(f"status.{s}", lang) for s in STATUSES}
    yes, no = t("answer.yes", lang), t("answer.no", lang)
    for rank, item in enumerate(ranked(items), 1):
        yield (
            rank, item.title, item.detail, sources.get(item.source, item.source),
            stage_names.get(item.stage_uid, ""), item.touchpoint, item.audience,
            item.impact, item.confidence, item.ease, item.ice, item.gap, item.owner,
            statuses.get(item.status, item.status), item.due_date, item.kpi, item.kpi_target,
            item.review_date, yes if item.resolved_by_audit else no,
        )


def backlog_rows(items: list[BacklogItem], stages: list[Stage], framework: str, lang: str) -> list[dict]:
    """The ranked backlog, one dict per item keyed by the headers in ``lang``."""
    lang = normalise_lang(lang)
    names = headers(lang)
    return [dict(zip(names, values)) for values in _values(items, stages, framework, lang)]


def _cell(value, decimal: str):
    """A value as written to the file: text neutralised, numbers left numbers."""
    kind = value.__class__
    if kind is str:
        return "'" + value if value and value[0] in FORMULA_STARTS else value
    if kind is int:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return int(value)
        return repr(value).replace(".", decimal)
    return neutralise(str(value))


def backlog_csv(items: list[BacklogItem], *, stages: list[Stage], framework: str,
                lang: str = "en", fmt: str = "csv") -> bytes:
    """The ranked backlog as CSV bytes in format ``fmt`` (one of ``FORMATS``)."""
    try:
        spec = CSV_FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}") from None
    lang = normalise_lang(lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=spec.delimiter, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in headers(lang)])
    decimal = spec.decimal
    starts = FORMULA_STARTS
    # The common cells (a whole number, a safe text) are kept as they are
    # without a call; ``_cell`` handles the rest. 150,000 cells for 10,000 items.
    writer.writerows([
        v if (kind := v.__class__) is int or (kind is str and not (v and v[0] in starts))
        else _cell(v, decimal) for v in values
    ] for values in _values(items, stages, framework, lang))
    return ("\ufeff" + out.getvalue()).encode("utf-8", errors="replace")
