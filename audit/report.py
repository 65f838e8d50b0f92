"""The client report: one document, two files (self-contained HTML and PDF).

``build(store, ws, library, sections=…, top_n=…)`` reads the audit and
returns a ``Report``: a cover and a list of sections made of plain blocks
(paragraphs of text runs, fields, tables, charts, notes). Nothing in it is
markup. Two renderers turn it into files, each escaping user text its own way:

- ``to_html(report)``: one HTML file with everything inline — the charts as
  SVG and the agency's logo as PNG, both as ``data:`` images (an image never
  runs a script), CSS for screen and ``@media print`` (A4, page breaks before
  each section, a footer on every page). Every text goes through
  ``html.escape``.
- ``to_pdf(report)``: Typst (the ``typst`` package from PyPI: a
  self-contained compiler with its own fonts, nothing to install from the
  system) compiles ``report.typ`` with the report as a JSON data file. The
  template reads strings from that file and shows them as text: user text
  never becomes Typst code. Charts are the same SVG, as vector images.

The report is written in the workspace's content language; dates and
numbers follow it. The map's answers are ``audit.answers`` — the same
sentences as the Hourglass page.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import answers as map_answers
from . import backlog, charts, compare, scoring, snapshot
from .agency import Agency
from .checklist_scores import stage_checklists
from .i18n import normalise_lang, t
from .model import PERSONA_FIELDS, Workspace

#: Every section, in report order. "compare": the audit today against a
#: snapshot (``audit.compare``; the latest unless one is chosen).
SECTIONS = ("persona", "journey", "hourglass", "ipa", "emotion", "answers", "backlog", "checklist", "compare")
DEFAULT_TOP_N = 10
MAX_TOP_N = 50
TEMPLATE = Path(__file__).with_name("report.typ")

# --- the document ---------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text; ``strong``/``em`` come only from our catalog's ``**``/``*``."""

    text: str
    strong: bool = False
    em: bool = False


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "items", "note", "warning", "h3", "fields", "table", "chart"
    runs: tuple[Run, ...] = ()
    items: tuple[tuple[Run, ...], ...] = ()  # for "items": a bulleted list
    fields: tuple[tuple[str, str], ...] = ()  # (label, text) for "fields"
    headers: tuple[str, ...] = ()  # for "table"
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()  # relative column widths
    numeric: tuple[int, ...] = ()  # columns aligned right
    svg: str = ""  # for "chart"
    alt: str = ""
    children: tuple["Block", ...] = ()  # for "group": blocks kept on one page


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    client: str
    date: str
    agency: Agency
    sections: tuple[Section, ...]
    footer: str
    prepared_by: str = ""
    labels: dict = field(default_factory=dict)


# --- text with the catalog's emphasis --------------------------------------------------

_GUARD = "\ue000"  # a private-use character standing for a user's "*"
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def _guard(text: str) -> str:
    return str(text).replace(_GUARD, "").replace("*", _GUARD)


def runs(text: str) -> tuple[Run, ...]:
    """Split a catalog sentence on its ``**bold**`` and ``*italic*`` marks.
    User values must have been passed through ``_guard`` first, so a ``*``
    typed by a user is text, never emphasis."""
    out: list[Run] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > pos:
            out.append(Run(text[pos:match.start()]))
        if match.group(1) is not None:
            out.append(Run(match.group(1), strong=True))
        else:
            out.append(Run(match.group(2), em=True))
        pos = match.end()
    if pos < len(text):
        out.append(Run(text[pos:]))
    return tuple(Run(r.text.replace(_GUARD, "*"), r.strong, r.em) for r in out if r.text)


def _plain(text: str) -> tuple[Run, ...]:
    return (Run(str(text)),) if str(text) else ()


# --- formats ----------------------------------------------------------------------------


def format_date(day: dt.date, lang: str) -> str:
    """"December 2, 2026" / "2 de diciembre de 2026"."""
    lang = normalise_lang(lang)
    return t("report.date", lang, d=day.day, month=t(f"report.month.{day.month}", lang), y=day.year)


def format_decimal(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value:,.{digits}f}" if digits else f"{value:,.0f}"
    if text.endswith("." + "0" * digits) and digits:
        text = text[: -(digits + 1)]
    if normalise_lang(lang) == "es":
        whole = text.split(".")[0].replace(",", "")
        text = text.replace(",", "\u2009").replace(".", ",")
        if len(whole.lstrip("-")) < 5:  # RAE: no separator below 10 000
            text = text.replace("\u2009", "")
        else:
            text = text.replace("\u2009", ".")
    return text


def format_iso_date(value: str, lang: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value), lang)
    except (TypeError, ValueError):
        return value or ""


# --- building -----------------------------------------------------------------------------


def available_sections() -> tuple[str, ...]:
    return SECTIONS


def clean_sections(chosen) -> list[str]:
    """The chosen sections that exist, in report order (unknown ones dropped)."""
    wanted = set(chosen or ())
    return [s for s in available_sections() if s in wanted]


def build(store, ws: Workspace, library=None, *, sections=None, top_n: int = DEFAULT_TOP_N,
          today: dt.date | None = None, agency: Agency | None = None, since: int | None = None) -> Report:
    """The report of ``ws`` with ``sections`` (default: all), in its content language;
    ``since`` is the id of the snapshot the "compare" section starts from (default: the latest)."""
    lang = normalise_lang(ws.lang)
    data = store.workspace_data(ws.id)
    agency = agency if agency is not None else store.agency()
    chosen = available_sections() if sections is None else clean_sections(sections)
    top_n = max(1, min(MAX_TOP_N, int(top_n or DEFAULT_TOP_N)))
    today = today or dt.date.today()
    ctx = _Context(store, ws, data, library, lang, top_n)
    ctx.since, ctx.today = since, today
    built = tuple(Section(key, t(f"report.section.{key}", lang), getattr(ctx, key)()) for key in chosen)
    date = format_date(today, lang)
    footer_parts = [p for p in (agency.name, ws.name, date) if p]
    return Report(
        lang=lang,
        title=t("report.title", lang),
        client=ws.name,
        date=date,
        agency=agency,
        sections=built,
        footer=" · ".join(footer_parts),
        prepared_by=t("report.prepared_by", lang, agency=agency.name) if agency.name else "",
        labels={"contents": t("report.contents", lang), "page": t("report.page", lang),
                "client": t("report.client", lang)},
    )


class _Context:
    def __init__(self, store, ws, data, library, lang, top_n):
        self.store, self.ws, self.data, self.library = store, ws, data, library
        self.lang, self.top_n = lang, top_n
        self.stages = sorted(data.stages, key=lambda s: (s.position, s.id))
        self.names = {s.id: s.display_name(ws.framework, lang) for s in self.stages}
        self.summaries = scoring.stage_summaries(self.stages, data.touchpoints)

    def tr(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def note(self, key: str, **values) -> Block:
        return Block("note", runs(self.tr(key, **values)))

    # sections -----------------------------------------------------------------------
    def persona(self) -> tuple[Block, ...]:
        personas = sorted(self.data.personas, key=lambda p: (not p.is_primary, p.position, p.id))
        blocks: list[Block] = []
        for persona in personas:
            fields = tuple((self.tr(f"persona.label.{f}"), getattr(persona, f).strip())
                           for f in PERSONA_FIELDS if f != "name" and getattr(persona, f).strip())
            if not persona.name.strip() and not fields:
                continue
            blocks.append(Block("h3", _plain(persona.name.strip() or self.tr("report.persona.unnamed"))))
            blocks.append(Block("fields", fields=fields) if fields else self.note("report.persona.empty"))
        return tuple(blocks) or (self.note("report.persona.none"),)

    def journey(self) -> tuple[Block, ...]:
        unknown = self.tr("report.unknown")
        rows = []
        for summary in self.summaries:
            s = summary.stage
            rows.append((self.names[s.id], s.goal, s.feelings, str(summary.coverage),
                         unknown if summary.health is None else str(int(round(summary.health))),
                         str(summary.moments_of_truth)))
        headers = tuple(self.tr(f"report.journey.{c}") for c in
                        ("stage", "goal", "feelings", "touchpoints", "health", "moments"))
        return (self.note("report.journey.intro", framework=self.tr(f"framework.{self.ws.framework}")),
                Block("table", headers=headers, rows=tuple(rows), widths=(1.3, 2.2, 1.8, 1, 0.8, 0.9),
                      numeric=(3, 4, 5)))

    def _chart(self, chart, alt_key: str) -> Block:
        return Block("chart", svg=_svg(json.dumps(chart.to_dict(), sort_keys=True, ensure_ascii=False)),
                     alt=self.tr(alt_key))

    def hourglass(self) -> tuple[Block, ...]:
        use_counts = any(s.customers is not None for s in self.stages)
        chart = charts.hourglass_chart(self.summaries, framework=self.ws.framework, lang=self.lang,
                                       use_counts=use_counts)
        return (self._chart(chart, "report.alt.hourglass"),)

    def ipa(self) -> tuple[Block, ...]:
        chart = charts.ipa_chart(self.data.touchpoints, self.stages, framework=self.ws.framework, lang=self.lang)
        return (self._chart(chart, "report.alt.ipa"),)

    def emotion(self) -> tuple[Block, ...]:
        chart = charts.emotion_chart(self.data.touchpoints, self.stages, framework=self.ws.framework,
                                     lang=self.lang)
        return (self._chart(chart, "report.alt.emotion"),)

    def answers(self) -> tuple[Block, ...]:
        if not self.data.touchpoints:
            return (Block("p", runs(self.tr("answers.nothing_yet"))),)
        blocks: list[Block] = []
        style = {map_answers.TEXT: "p", map_answers.ITEM: "item", map_answers.HINT: "note",
                 map_answers.WARNING: "warning"}
        for answer in map_answers.map_answers(self.data, self.lang):
            group = [Block("h3", _plain(map_answers.answer_title(answer, self.lang)))]
            for line in answer.lines:
                group.append(Block(style.get(line.style, "p"),
                                   runs(map_answers.line_text(line, self.lang, _guard))))
            group.append(Block("note", _plain(map_answers.basis_text(answer, self.lang))))
            blocks.append(Block("group", children=_lists(group)))  # an answer never splits
        return tuple(blocks)

    def backlog(self) -> tuple[Block, ...]:
        items = backlog.top(self.store.backlog_items(self.ws.id), self.top_n)
        if not items:
            return (self.note("report.backlog.empty"),)
        by_uid = {s.uid: self.names[s.id] for s in self.stages}
        rows = []
        for rank, item in enumerate(items, 1):
            kpi = " → ".join(p for p in (item.kpi, item.kpi_target) if p)
            when = format_iso_date(item.review_date or item.due_date, self.lang)
            rows.append((str(rank), item.title, by_uid.get(item.stage_uid or "", ""),
                         item.owner or "—", kpi or "—", when or "—",
                         self.tr(f"status.{item.status}") if item.status else "",
                         format_decimal(item.ice, self.lang)))
        headers = tuple(self.tr(f"report.backlog.{c}") for c in
                        ("rank", "action", "stage", "owner", "kpi", "review", "status", "ice"))
        return (self.note("report.backlog.intro", n=len(items)),
                Block("table", headers=headers, rows=tuple(rows), widths=(0.5, 3.1, 1.1, 1.25, 1.6, 1.1, 1.15, 0.75),
                      numeric=(0, 7)))

    def checklist(self) -> tuple[Block, ...]:
        pack = self.library.pack(self.ws.industry) if self.library is not None else None
        checklist = stage_checklists(self.stages, pack, self.ws.framework, self.data.answers)
        if not checklist.questions:
            return (self.note("report.checklist.none"),)
        unknown = self.tr("report.unknown")

        def pct(score):
            return unknown if score is None else charts.format_percent(score, self.lang)

        rows = [(self.names[s.stage.id], self.tr("report.checklist.answered_of", n=s.answered, total=len(s.questions)),
                 pct(s.score)) for s in checklist.stages if s.questions]
        rows.append((self.tr("report.checklist.total"),
                     self.tr("report.checklist.answered_of", n=checklist.answered, total=checklist.questions),
                     pct(checklist.score)))
        headers = tuple(self.tr(f"report.checklist.{c}") for c in ("stage", "answered", "score"))
        return (self.note("report.checklist.intro"),
                Block("table", headers=headers, rows=tuple(rows), widths=(2, 2, 1), numeric=(2,)))

    def compare(self) -> tuple[Block, ...]:
        snapshots = self.store.snapshots(self.ws.id)
        if not snapshots:
            return (self.note("report.compare.none"),)
        chosen = [s for s in snapshots if s.id == self.since]
        before = chosen[0] if chosen else snapshots[-1]
        now = snapshot.metrics_of(self.ws, self.data.stages, self.data.touchpoints, self.data.answers,
                                  self.store.backlog_items(self.ws.id), self.library or _NoLibrary())
        result = compare.compare(compare.snapshot_data(before), now)
        name = before.label or self.tr("compare.unnamed", id=before.id)
        when = format_iso_date(before.taken_at[:10], self.lang)
        today = self.tr("report.compare.today")
        blocks = [Block("p", runs(self.tr("report.compare.intro", snapshot=_guard(name), date=when)))]
        rows = []
        for stage in result.stages:
            label = stage.display_name(result.framework, self.lang)
            if stage.before is None:
                label = self.tr("compare.stage_added", name=label)
            elif stage.after is None:
                label = self.tr("compare.stage_removed", name=label)
            rows.append((label, *(compare.format_cell(stage, m, self.lang) for m in compare.METRICS)))
        headers = (self.tr("compare.col_stage"), *(self.tr(f"compare.metric.{m}") for m in compare.METRICS))
        blocks.append(Block("table", headers=headers, rows=tuple(rows), widths=(1.4, 1.2, 1.2, 1.3, 1.4)))
        blocks.append(Block("note", runs(self.tr("compare.table_caption"))))
        from .compare_chart import compare_chart

        chart = compare_chart(result, "health", lang=self.lang, before_label=name, after_label=today)
        blocks.append(self._chart(chart, "report.alt.compare"))
        blocks.append(Block("h3", _plain(self.tr("report.compare.done_title"))))
        if not result.items_known:
            blocks.append(self.note("compare.done_unknown"))
        elif result.done_since:
            blocks.extend(Block("item", _plain(item.get("title", ""))) for item in result.done_since)
        else:
            blocks.append(self.note("report.compare.done_none"))
        return _lists(blocks)


@lru_cache(maxsize=64)
def _svg(spec: str) -> str:
    """A chart's SVG, cached by its whole spec (its data included, so one
    workspace never gets another's chart): the page rebuilds the report on
    every click, vl-convert takes a moment per chart."""
    import vl_convert

    return vl_convert.vegalite_to_svg(json.loads(spec), vl_version=charts._vl_version(vl_convert),
                                      allowed_base_urls=[])


class _NoLibrary:
    """No checklist packs: checklist scores unknown."""

    def pack(self, industry):
        return None


# --- HTML -------------------------------------------------------------------------


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _runs_html(items) -> str:
    out = []
    for r in items:
        text = _e(r.text)
        if r.strong:
            text = f"<strong>{text}</strong>"
        if r.em:
            text = f"<em>{text}</em>"
        out.append(text)
    return "".join(out)


def _lists(blocks: list[Block]) -> tuple[Block, ...]:
    """Consecutive "item" blocks as one bulleted list ("items")."""
    out: list[Block] = []
    for b in blocks:
        if b.kind != "item":
            out.append(b)
        elif out and out[-1].kind == "items":
            out[-1] = Block("items", items=out[-1].items + (b.runs,))
        else:
            out.append(Block("items", items=(b.runs,)))
    return tuple(out)


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _block_html(block: Block) -> str:
    k = block.kind
    if k == "group":
        return '<div class="group">' + "".join(_block_html(b) for b in block.children) + "</div>"
    if k == "h3":
        return f"<h3>{_runs_html(block.runs)}</h3>"
    if k in ("p", "note", "warning"):
        return f'<p class="{k}">{_runs_html(block.runs)}</p>'
    if k == "items":
        return '<ul class="items">' + "".join(f"<li>{_runs_html(i)}</li>" for i in block.items) + "</ul>"
    if k == "fields":
        rows = "".join(f"<dt>{_e(label)}</dt><dd>{_e(text)}</dd>" for label, text in block.fields)
        return f'<dl class="fields">{rows}</dl>'
    if k == "table":
        total = sum(block.widths) or 1
        cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in block.widths)
        head = "".join(f'<th class="{"num" if i in block.numeric else ""}">{_e(h)}</th>'
                       for i, h in enumerate(block.headers))
        body = "".join("<tr>" + "".join(f'<td class="{"num" if i in block.numeric else ""}">{_e(c)}</td>'
                                        for i, c in enumerate(row)) + "</tr>" for row in block.rows)
        return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if k == "chart":
        uri = _data_uri("image/svg+xml", block.svg.encode("utf-8"))
        return f'<figure class="chart"><img src="{uri}" alt="{_e(block.alt)}"></figure>'
    raise ValueError(k)


_CSS = """
:root { --accent: %(accent)s; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #1f2937; margin: 0;
       font-size: 11pt; line-height: 1.45; background: #f3f4f6;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 210mm; margin: 0 auto; background: white; padding: 18mm 16mm; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: space-between;
         border-top: 10mm solid var(--accent); padding-top: 18mm; }
.cover .logo { max-height: 28mm; max-width: 70mm; object-fit: contain; }
.cover h1 { font-size: 30pt; margin: 30mm 0 4mm; line-height: 1.15; }
.cover .client { font-size: 20pt; color: var(--accent); font-weight: bold; margin: 0; }
.cover .date, .cover .agency { color: #4b5563; font-size: 12pt; }
nav ol { padding-left: 1.2em; }
section { page-break-before: always; break-before: page; padding-top: 4mm; }
h2 { color: var(--accent); font-size: 18pt; border-bottom: 2px solid var(--accent); padding-bottom: 2mm;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12.5pt; margin: 6mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; }
p.note { color: #4b5563; font-size: 9.5pt; }
p.warning { color: #92400e; }
ul.items { margin: 0.5mm 0; padding-left: 1.4em; }
dl.fields { display: grid; grid-template-columns: 42mm 1fr; gap: 1.5mm 5mm; margin: 0; }
dl.fields dt { font-weight: bold; color: #374151; }
dl.fields dd { margin: 0; white-space: pre-wrap; }
table { width: 100%%; border-collapse: collapse; table-layout: fixed; font-size: 9.5pt; margin-top: 3mm; }
th { text-align: left; background: var(--accent); color: white; padding: 1.5mm 2mm; }
th, td { hyphens: auto; overflow-wrap: break-word; }
td { padding: 1.5mm 2mm; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.num { text-align: right; }
div.group { break-inside: avoid; page-break-inside: avoid; }
figure.chart { margin: 4mm 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart img { width: 100%%; height: auto; display: block; }
td.num { white-space: nowrap; }
nav a { color: inherit; text-decoration: none; }
footer { max-width: 210mm; margin: 0 auto; padding: 4mm 16mm; color: #6b7280; font-size: 9pt;
         border-top: 2px solid var(--accent); background: white; }
@page { size: A4; margin: 16mm 14mm 18mm;
        @bottom-left { content: %(footer)s; font: 8.5pt "Liberation Sans", Arial, sans-serif; color: #6b7280; }
        @bottom-right { content: %(page)s " " counter(page); font: 8.5pt "Liberation Sans", Arial, sans-serif;
                        color: #6b7280; } }
@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
@media print {
  body { background: white; font-size: 10.5pt; }
  table { font-size: 8.8pt; }
  main { max-width: none; padding: 0; }
  .cover { min-height: 250mm; border-top-width: 8mm; }
  footer { display: none; }  /* the page margin boxes above repeat it on every page */
}
"""


def css_string(text: str) -> str:
    """A CSS string literal of ``text``: every character but letters, digits
    and spaces as a hex escape, so no user text can end the string."""
    return '"' + "".join(c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):x} " for c in str(text)) + '"'


def to_html(report: Report) -> str:
    """One self-contained HTML file (see the module docstring)."""
    logo = (f'<img class="logo" src="{_data_uri("image/png", report.agency.logo)}" alt="{_e(report.agency.name)}">'
            if report.agency.logo else "")
    contents = "".join(f'<li><a href="#{s.key}">{_e(s.title)}</a></li>' for s in report.sections)
    sections = "".join(
        f'<section id="{s.key}"><h2>{_e(s.title)}</h2>{"".join(_block_html(b) for b in s.blocks)}</section>'
        for s in report.sections)
    agency_line = f'<p class="agency">{_e(report.prepared_by)}</p>' if report.prepared_by else ""
    css = _CSS % {"accent": _e(report.agency.accent), "footer": css_string(report.footer),
                  "page": css_string(report.labels.get("page", ""))}
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(report.lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(report.title)} · {_e(report.client)}</title><style>{css}</style></head><body><main>"
        f'<div class="cover"><div>{logo}</div><div><h1>{_e(report.title)}</h1>'
        f'<p class="client">{_e(report.client)}</p><p class="date">{_e(report.date)}</p>{agency_line}</div>'
        f'<nav><p><strong>{_e(report.labels.get("contents", ""))}</strong></p><ol>{contents}</ol></nav></div>'
        f"{sections}</main><footer>{_e(report.footer)}</footer></body></html>\n"
    )


# --- PDF (Typst) -------------------------------------------------------------------------


def typst_data(report: Report) -> dict:
    """The report as JSON-ready data for ``report.typ`` (charts as file names)."""
    def block(b: Block, index: str) -> dict:
        d = {"kind": b.kind}
        if b.runs:
            d["runs"] = [{"text": r.text, "strong": r.strong, "em": r.em} for r in b.runs]
        if b.items:
            d["items"] = [[{"text": r.text, "strong": r.strong, "em": r.em} for r in i] for i in b.items]
        if b.fields:
            d["fields"] = [list(f) for f in b.fields]
        if b.kind == "table":
            d.update(headers=list(b.headers), rows=[list(r) for r in b.rows], widths=list(b.widths),
                     numeric=list(b.numeric))
        if b.kind == "chart":
            d.update(file=f"chart-{index}.svg", alt=b.alt)
        if b.kind == "group":
            d["children"] = [block(c, f"{index}-{k}") for k, c in enumerate(b.children)]
        return d

    return {
        "lang": report.lang, "title": report.title, "client": report.client, "date": report.date,
        "agency": report.agency.name, "prepared_by": report.prepared_by, "accent": report.agency.accent,
        "logo": "logo.png" if report.agency.logo else None, "footer": report.footer,
        "labels": report.labels,
        "sections": [{"key": s.key, "title": s.title,
                      "blocks": [block(b, f"{i}-{j}") for j, b in enumerate(s.blocks)]}
                     for i, s in enumerate(report.sections)],
    }


def to_pdf(report: Report) -> bytes:
    """The report as PDF bytes, compiled by Typst from ``report.typ``."""
    import typst

    with tempfile.TemporaryDirectory(prefix="hourglass-report-") as tmp:
        root = Path(tmp)
        (root / "main.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        (root / "report.json").write_text(json.dumps(typst_data(report), ensure_ascii=False), encoding="utf-8")
        if report.agency.logo:
            (root / "logo.png").write_bytes(report.agency.logo)
        def charts_of(b: Block, index: str):
            if b.kind == "chart":
                (root / f"chart-{index}.svg").write_text(b.svg, encoding="utf-8")
            for k, c in enumerate(b.children):
                charts_of(c, f"{index}-{k}")

        for i, section in enumerate(report.sections):
            for j, b in enumerate(section.blocks):
                charts_of(b, f"{i}-{j}")
        # Only Typst's own fonts: the same PDF on every machine.
        return typst.compile(str(root / "main.typ"), root=str(root), ignore_system_fonts=True, format="pdf")


def render(report: Report, fmt: str) -> bytes:
    """``fmt`` "html" or "pdf" → the file's bytes."""
    if fmt == "html":
        return to_html(report).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(report)
    raise ValueError(fmt)
