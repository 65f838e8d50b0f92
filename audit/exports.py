"""Backlog downloads (DESIGN.md, "Files in and out").

``backlog_file`` writes any of ``FORMATS``; ``file_name`` and ``MIME`` say
how to hand it over. The XLSX and the audit workbook live in ``workbook``,
the trackers' files (Jira, Asana, Linear, GitHub) in ``trackers``.

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


#: The two spreadsheet CSV flavours.
CSV_FORMATS = {
    "csv": CsvFormat(delimiter=",", decimal="."),
    "excel-es": CsvFormat(delimiter=";", decimal=","),
}
#: Every backlog download: the CSV flavours, a formatted XLSX, the trackers'
#: importers (``trackers``) and a ``gh`` script for GitHub issues.
FORMATS = (*CSV_FORMATS, "xlsx", "jira", "asana", "linear", "github")

COLUMNS = (
    "rank", "title", "detail", "source", "stage", "touchpoint", "audience", "impact",
    "confidence", "ease", "ice", "gap", "owner", "status", "due_date", "kpi", "kpi_target",
    "review_date", "resolved",
)

#: First characters that make a spreadsheet read a cell as a formula (or
#: start one on import): = + - @, tab, CR, LF, and the full-width forms.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
#: Spaces a spreadsheet may skip before it looks for a formula: the plain
#: one, no-break spaces, the typographic spaces, the ideographic one, the BOM.
SKIPPED_SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
                 "\u200b\u202f\u205f\u3000\ufeff"
_SPACES = frozenset(SKIPPED_SPACES)
#: A cell that needs a look: it starts with a formula start or a space.
RISKY_STARTS = FORMULA_STARTS | _SPACES


def neutralise(text: str) -> str:
    """Text a spreadsheet will show, never evaluate: ``'`` before a formula
    start, also one that comes after leading spaces (`` =1+1``).

    The one place every export (CSV, XLSX, the trackers' files) makes a text
    cell safe.
    """
    if not text:
        return text
    first = text[0]
    if first in FORMULA_STARTS:
        return "'" + text
    if first in _SPACES and text.lstrip(SKIPPED_SPACES)[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def is_safe(text: str) -> bool:
    """Does a spreadsheet read ``text`` as text (what ``neutralise`` ensures)?"""
    return neutralise(text) == text


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
        return neutralise(value)
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
    """The ranked backlog as CSV bytes in format ``fmt`` (one of ``CSV_FORMATS``)."""
    try:
        spec = CSV_FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(CSV_FORMATS)}") from None
    lang = normalise_lang(lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=spec.delimiter, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in headers(lang)])
    decimal = spec.decimal
    starts = RISKY_STARTS
    # The common cells (a whole number, a safe text) are kept as they are
    # without a call; ``_cell`` handles the rest. 150,000 cells for 10,000 items.
    writer.writerows([
        v if (kind := v.__class__) is int or (kind is str and not (v and v[0] in starts))
        else _cell(v, decimal) for v in values
    ] for values in _values(items, stages, framework, lang))
    return ("\ufeff" + out.getvalue()).encode("utf-8", errors="replace")


#: File name ending and media type of each download (``audit`` is the whole-audit workbook).
SUFFIX = {"csv": ".csv", "excel-es": "-excel-es.csv", "xlsx": ".xlsx", "jira": "-jira.csv",
          "asana": "-asana.csv", "linear": "-linear.csv", "github": "-github.sh"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME = {"csv": "text/csv", "excel-es": "text/csv", "xlsx": XLSX_MIME, "jira": "text/csv",
        "asana": "text/csv", "linear": "text/csv", "github": "text/x-shellscript", "audit": XLSX_MIME}


def file_name(slug: str, fmt: str) -> str:
    """``backlog-<slug><suffix>``; the whole-audit workbook is ``audit-<slug>.xlsx``."""
    if fmt == "audit":
        return f"audit-{slug}.xlsx"
    return f"backlog-{slug}{SUFFIX[fmt]}"


def backlog_file(items: list[BacklogItem], *, stages: list[Stage], framework: str,
                 lang: str = "en", fmt: str = "csv") -> bytes:
    """The ranked backlog as the bytes of a ``fmt`` file (one of ``FORMATS``)."""
    if fmt in CSV_FORMATS:
        return backlog_csv(items, stages=stages, framework=framework, lang=lang, fmt=fmt)
    if fmt == "xlsx":
        from .workbook import backlog_xlsx

        return backlog_xlsx(items, stages=stages, framework=framework, lang=lang)
    if fmt in ("jira", "asana", "linear", "github"):
        from .trackers import tracker_file

        return tracker_file(items, stages=stages, framework=framework, lang=lang, tool=fmt)
    raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
