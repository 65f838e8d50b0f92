"""Touchpoint inventory files written by Hourglass: the template a user fills
in, and the workspace's own inventory to correct and import again.

Both carry every column of ``TEMPLATE_FIELDS`` (the README's "Touchpoint
inventory file" table; ``tests/test_reimport.py`` checks they agree) with
headers from ``inventory.HEADERS`` in the chosen language, so the importer
always reads them back: importing an export of the inventory changes
nothing. ``csv`` is UTF-8 with a BOM (accents intact in Excel), CRLF, and the
list separator of the language's usual locale (comma in English, semicolon in
Spanish). ``xlsx`` has drop-downs for stage, channel, the scores and the
moment of truth, and a second sheet explaining the columns. No text cell
starts a formula (``inventory.neutral_cell``; the importer removes the mark).
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from .i18n import normalise_lang, t
from .inventory import HEADERS, REQUIRED, _StageFinder, neutral_cell
from .model import SCORE_RANGES, Stage, Touchpoint

#: The columns of the template and of an inventory export, in order.
TEMPLATE_FIELDS = ("stage", "name", "channel", "owner", "importance", "performance", "emotion",
                   "moment_of_truth", "pain_points", "positives", "kpi", "technology", "notes")
FORMATS = ("csv", "xlsx")
CHANNEL_WORDS = {"en": {"online": "online", "offline": "offline"},
                 "es": {"online": "en línea", "offline": "fuera de línea"}}
FLAG_WORDS = {"en": {1: "yes", 0: "no"}, "es": {1: "sí", 0: "no"}}


def template_headers(lang: str) -> list[str]:
    """The header row: English, or Spanish for ``es``."""
    index = 1 if normalise_lang(lang) == "es" else 0
    out = []
    for name in TEMPLATE_FIELDS:
        header = HEADERS[name][index]
        out.append(header.upper() if header == "kpi" else header[:1].upper() + header[1:])
    return out


def inventory_rows(touchpoints: Sequence[Touchpoint], stages: Sequence[Stage], framework: str,
                   lang: str) -> list[dict]:
    """The workspace's touchpoints as template rows (field -> cell value).

    A stage is written by its name in ``lang``, or by its number when that
    name would find another stage (two stages of the same name), so the
    importer finds each row's stage again.
    """
    lang = normalise_lang(lang)
    ordered = sorted(stages, key=lambda s: (s.position, s.id))
    finder = _StageFinder(list(ordered), framework)
    labels = {}
    for number, stage in enumerate(ordered, 1):
        name = stage.display_name(framework, lang)
        candidates = (name, str(number), f"{number}.0")  # "3.0": when another stage is named "3"
        labels[stage.id] = next((c for c in candidates if finder.find(c) == stage.id), name)
    channels, flags = CHANNEL_WORDS[lang], FLAG_WORDS[lang]
    rows = []
    for tp in touchpoints:
        row = {f: getattr(tp, f) for f in TEMPLATE_FIELDS if f != "stage"}
        row["stage"] = labels.get(tp.stage_id, "")
        row["channel"] = channels.get(tp.channel, "")
        row["moment_of_truth"] = flags.get(tp.moment_of_truth, "")
        rows.append(row)
    return rows


def _cells(row: dict) -> list:
    out = []
    for name in TEMPLATE_FIELDS:
        value = row.get(name)
        if value is None or value == "":
            out.append(None)
        elif name in SCORE_RANGES and not isinstance(value, str):
            out.append(int(value))
        else:
            out.append(neutral_cell(str(value)))
    return out


def inventory_csv(lang: str, rows: Sequence[dict] = ()) -> bytes:
    """A CSV of ``rows`` (dicts keyed by ``TEMPLATE_FIELDS``) under the headers in ``lang``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if normalise_lang(lang) == "es" else ",", lineterminator="\r\n")
    writer.writerow(template_headers(lang))
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in _cells(row)])
    return buffer.getvalue().encode("utf-8-sig")


def _list_formula(words: Sequence[str]) -> str | None:
    """A drop-down's list, or None when Excel could not hold it inline."""
    if any("," in w or '"' in w for w in words):
        return None
    text = '"' + ",".join(words) + '"'
    return text if len(text) <= 255 else None


def inventory_xlsx(lang: str, rows: Sequence[dict] = (), *, stage_names: Sequence[str] = ()) -> bytes:
    """An XLSX of ``rows``: a sheet of touchpoints with drop-downs, and one explaining the columns."""
    import openpyxl  # only XLSX downloads pay for it
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = normalise_lang(lang)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = t("inventory.template.sheet", lang)
    headers = template_headers(lang)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row))
    sheet.freeze_panes = "A2"
    last = max(len(rows) + 1, 500)  # room to add rows with the same drop-downs
    widths = {"stage": 16, "name": 32, "pain_points": 32, "positives": 32, "notes": 32, "kpi": 24}
    for index, name in enumerate(TEMPLATE_FIELDS, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(name, 14)
        rule = None
        if name == "stage":
            formula = _list_formula(list(stage_names))
            # "information": a stage number or the other language's name is welcome too
            rule = formula and DataValidation(type="list", formula1=formula, errorStyle="information")
        elif name == "channel":
            rule = DataValidation(type="list", formula1=_list_formula(list(CHANNEL_WORDS[lang].values())))
        elif name == "moment_of_truth":
            rule = DataValidation(type="list", formula1=_list_formula(list(FLAG_WORDS[lang].values())))
        elif name in SCORE_RANGES:
            lo, hi = SCORE_RANGES[name]
            rule = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi))
        if rule:
            rule.error = t("inventory.template." + name, lang)
            rule.prompt = rule.error
            rule.showErrorMessage = True
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{last}")
    help_sheet = book.create_sheet(t("inventory.template.columns_sheet", lang))
    help_sheet.append([t(f"inventory.template.{k}", lang) for k in ("column", "required", "values")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    yes = t("inventory.template.yes", lang)
    for header, name in zip(headers, TEMPLATE_FIELDS):
        help_sheet.append([header, yes if name in REQUIRED else "", t(f"inventory.template.{name}", lang)])
    help_sheet.column_dimensions["A"].width = 22
    help_sheet.column_dimensions["B"].width = 12
    help_sheet.column_dimensions["C"].width = 80
    for row in help_sheet.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def inventory_file(fmt: str, lang: str, rows: Sequence[dict] = (), *, stage_names: Sequence[str] = ()) -> bytes:
    """``inventory_csv`` or ``inventory_xlsx`` by ``fmt``."""
    if fmt == "xlsx":
        return inventory_xlsx(lang, rows, stage_names=stage_names)
    return inventory_csv(lang, rows)
