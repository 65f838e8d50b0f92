"""XLSX downloads (DESIGN.md, "Files in and out"): the backlog, and the whole
audit in one workbook.

Every sheet is formatted the same way (``_sheet``): a bold header row, frozen;
a filter on every column; widths that fit the content (long text wrapped);
numbers as numbers, dates as dates, and every text cell through
``exports.neutralise`` (after removing the control characters XLSX cannot
hold). Headers and sheet names follow the language asked for.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
import io
import math
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import exports
from .checklist_scores import stage_checklists
from .checklists import Pack
from .i18n import normalise_lang, t
from .model import ANSWERS, CHANNELS, PERSONA_FIELDS, BacklogItem, Stage, WorkspaceData
from .scoring import gap, is_moment_of_truth, quadrant, stage_summaries

WRAP_AT = 50  # characters: a longer text column is wrapped at this width
MIN_WIDTH, MAX_WIDTH = 6, WRAP_AT
HEADER_FILL = PatternFill("solid", fgColor="EDE9FE")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


#: Characters XML 1.0 does not allow that openpyxl's ILLEGAL_CHARACTERS_RE lets
#: through: the noncharacters U+FFFE and U+FFFF, and lone surrogates. Written
#: as they are, the file does not open (found by hypothesis: a stage named "\ufffe").
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def text_cell(value: str) -> str:
    """A text as an XLSX cell holds it: no control characters, nothing XML
    refuses, never a formula."""
    return exports.neutralise(_NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", value)))


def _value(value, is_date: bool):
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (int, float, dt.date)):
        return value
    text = str(value)
    if is_date and text:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
    return text_cell(text)


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:g}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _sheet(wb: Workbook, title: str, headers: list[str], rows, *, dates=(), freeze: str = "A2",
           formats: dict[int, str] | None = None) -> None:
    """One formatted sheet: ``dates`` and ``formats`` are column indexes (0-based).

    Written in openpyxl's write-only mode (streamed, several times faster):
    the widths are worked out from the values first, then every row goes out
    once; a cell gets a style object only when it needs one.
    """
    ws = wb.create_sheet(_SHEET_NAME_BAD.sub(" ", title)[:31])
    dates = set(dates)
    formats = formats or {}
    values = [[_value(v, i in dates) for i, v in enumerate(row)] for row in rows]
    widths = [len(h) + 2 for h in headers]  # room for the filter button
    wrapped: set[int] = set()
    for row in values:
        for i, value in enumerate(row):
            width = _width(value)
            if width > WRAP_AT or (isinstance(value, str) and "\n" in value):
                wrapped.add(i)
            if width > widths[i]:
                widths[i] = min(width, MAX_WIDTH)
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = max(MIN_WIDTH, width) + 1
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(values) + 1}"

    header = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=text_cell(h))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        header.append(cell)
    ws.append(header)
    # one styled model cell per column; each cell copies its style (setting
    # the style attributes on every cell costs more than writing it)
    styles = []
    for i in range(len(headers)):
        model = WriteOnlyCell(ws)
        model.alignment = WRAP if i in wrapped else TOP
        number_format = DATE_FORMAT if i in dates else formats.get(i)
        if number_format:
            model.number_format = number_format
        styles.append(model._style)
    for row in values:
        out = []
        for value, style in zip(row, styles):
            if value is None:
                out.append(None)
                continue
            cell = WriteOnlyCell(ws, value=value)
            cell._style = copy(style)
            out.append(cell)
        ws.append(out)


def _new_workbook() -> Workbook:
    return Workbook(write_only=True)


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


DATE_COLUMNS = [exports.COLUMNS.index(c) for c in ("due_date", "review_date")]


def _backlog_sheet(wb: Workbook, items, stages, framework, lang) -> None:
    _sheet(wb, t("workbook.sheet.backlog", lang), exports.headers(lang),
           exports._values(items, stages, framework, lang), dates=DATE_COLUMNS, freeze="C2")


def backlog_xlsx(items: list[BacklogItem], *, stages: list[Stage], framework: str, lang: str = "en") -> bytes:
    """The ranked backlog as one formatted sheet (the columns of the CSV)."""
    lang = normalise_lang(lang)
    wb = _new_workbook()
    _backlog_sheet(wb, items, stages, framework, lang)
    return _save(wb)


def _yes_no(flag: bool, lang: str) -> str:
    return t("answer.yes" if flag else "answer.no", lang)


def audit_xlsx(data: WorkspaceData, items: list[BacklogItem], *, pack: Pack | None, lang: str | None = None) -> bytes:
    """The whole audit, one sheet each: persona, journey, touchpoints (with
    gap and quadrant), checklist answers, backlog, stage health. In the
    workspace's language unless ``lang`` says otherwise."""
    ws = data.workspace
    lang = normalise_lang(lang or ws.lang)
    framework = ws.framework
    stages = sorted(data.stages, key=lambda s: (s.position, s.id))
    name = {s.id: s.display_name(framework, lang) for s in stages}
    checklist = stage_checklists(stages, pack, framework, data.answers)
    summaries = stage_summaries(stages, data.touchpoints, checklist.by_stage())
    wb = _new_workbook()
    col = lambda key: t(f"workbook.col.{key}", lang)  # noqa: E731

    # persona: one row per persona, the primary first
    personas = sorted(data.personas, key=lambda p: (not p.is_primary, p.position, p.id))
    _sheet(wb, t("workbook.sheet.persona", lang), [t(f"persona.label.{f}", lang) for f in PERSONA_FIELDS],
           ([getattr(p, f) for f in PERSONA_FIELDS] for p in personas))

    # journey: the stages with what the customer wants, asks, does and feels
    by_stage = {s.stage.id: s for s in summaries}
    _sheet(wb, t("workbook.sheet.journey", lang),
           [col(k) for k in ("position", "stage", "goal", "questions", "actions", "feelings", "touchpoints",
                             "scored", "moments", "customers")],
           ([n, name[s.id], s.goal, s.questions, s.actions, s.feelings, by_stage[s.id].coverage,
             by_stage[s.id].scored, by_stage[s.id].moments_of_truth, s.customers]
            for n, s in enumerate(stages, 1)), freeze="C2")

    # touchpoints with their scores
    order = {s.id: n for n, s in enumerate(stages)}
    touchpoints = sorted(data.touchpoints, key=lambda tp: (order.get(tp.stage_id, len(order)), tp.position, tp.id))
    channels = {c: t(f"touchpoints.channel.{c}", lang) for c in CHANNELS}

    def tp_row(tp):
        where = quadrant(tp.importance, tp.performance)
        return [name.get(tp.stage_id, ""), tp.name, channels.get(tp.channel, tp.channel), tp.owner, tp.technology,
                tp.kpi, tp.importance, tp.performance, gap(tp.importance, tp.performance),
                t(f"quadrant.{where or 'to_score'}", lang), tp.emotion, _yes_no(is_moment_of_truth(tp), lang),
                tp.pain_points, tp.positives, tp.evidence, tp.notes]

    _sheet(wb, t("workbook.sheet.touchpoints", lang),
           [col(k) for k in ("stage", "touchpoint", "channel", "owner", "technology", "kpi", "importance",
                             "performance", "gap", "quadrant", "emotion", "moment", "pains", "positives",
                             "evidence", "notes")],
           (tp_row(tp) for tp in touchpoints), freeze="C2")

    # checklist: every question of the pack placed in a stage, with its answer
    answers = {a: t(f"answer.{a}", lang) for a in ANSWERS}
    _sheet(wb, t("workbook.sheet.checklist", lang),
           [col(k) for k in ("stage", "question", "answer", "why", "action")],
           ([name[sc.stage.id], q.text(lang), answers.get(sc.answers.get(q.key, ""), ""), q.why(lang), q.action(lang)]
            for sc in checklist.stages for q in sc.questions), freeze="C2")

    _backlog_sheet(wb, items, stages, framework, lang)

    # stage health
    _sheet(wb, t("workbook.sheet.health", lang),
           [col(k) for k in ("stage", "touchpoints", "scored", "health", "moments", "mean_emotion", "checklist",
                             "customers")],
           ([name[s.stage.id], s.coverage, s.scored, None if s.health is None else round(s.health, 1),
             s.moments_of_truth, None if s.mean_emotion is None else round(s.mean_emotion, 2),
             s.checklist, s.customers] for s in summaries),
           freeze="B2", formats={3: "0", 5: "0.0", 6: "0%"})
    return _save(wb)
