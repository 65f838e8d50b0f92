"""Touchpoint inventory import from CSV and XLSX (DESIGN.md, "Files in and out").

``parse_inventory`` is the plan: pure, no database. It reads the file, maps
its headers (English or Spanish) to touchpoint fields, finds each row's stage
and validates every value with ``model.clean_touchpoint``; it returns the
rows an import would write, or raises ``InvalidInventory`` naming the file,
row, column and the allowed values. A problem with the whole file (empty,
not a spreadsheet, a required column missing) stops at once; problems of
cells are all collected (the first ``MAX_ERRORS`` in detail, then a count)
and raised together, so a file with four mistakes takes one round of fixes.
``import_inventory`` adds every row with ``Store.add_touchpoints`` (one
transaction, so a bad file writes nothing); ``audit.reimport`` plans and
applies a re-import that updates what is already there.

Rows are numbered as a spreadsheet shows them: the header is row 1 (or the
first non-blank row), a cell with line breaks is still one row.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

from .frameworks import default_stage_name
from .exports import starts_formula
from .i18n import LANGS, normalise_lang, t
from .limits import (
    MAX_CELLS_PER_ROW,
    MAX_TOUCHPOINTS_PER_FILE,
    MAX_TOUCHPOINTS_PER_WORKSPACE,
    MAX_UNPACKED_BYTES,
)
from .limits import MAX_UPLOAD_BYTES as MAX_BYTES
from .model import MAX_TEXT, SCORE_RANGES, InvalidValue, Stage, clean_touchpoint, fold, is_blank

#: Touchpoint rows a file may hold (blank rows do not count); reading stops
#: at the first row over it, so a huge file is refused after that many.
MAX_ROWS = MAX_TOUCHPOINTS_PER_FILE
#: Problems of a file reported in detail; beyond this, only counted.
MAX_ERRORS = 50

# A cell of a file within MAX_BYTES fits this limit (the default is 128 kB);
# a cell longer than MAX_TEXT is then refused with its row and column.
if csv.field_size_limit() < MAX_BYTES:
    csv.field_size_limit(MAX_BYTES)

#: Touchpoint field -> accepted headers: English, Spanish, then other spellings.
HEADERS: dict[str, tuple[str, ...]] = {
    "stage": ("stage", "etapa"),
    "name": ("touchpoint", "punto de contacto", "touch point"),
    "channel": ("channel", "canal"),
    "owner": ("owner", "responsable"),
    "technology": ("technology", "tecnología"),
    "importance": ("importance", "importancia"),
    "performance": ("performance", "desempeño"),
    "emotion": ("emotion", "emoción"),
    "moment_of_truth": ("moment of truth", "momento de verdad", "momento de la verdad"),
    "pain_points": ("pain points", "puntos de dolor"),
    "positives": ("positives", "puntos positivos"),
    "evidence": ("evidence", "evidencia"),
    "kpi": ("kpi", "kpi"),
    "notes": ("notes", "notas"),
}
REQUIRED = ("stage", "name")

#: The fields of every planned row besides ``stage_id``; absent columns stay empty.
ROW_DEFAULTS: dict = {
    "name": "", "channel": "", "owner": "", "technology": "", "importance": None,
    "performance": None, "emotion": None, "moment_of_truth": None,
    "pain_points": "", "positives": "", "evidence": "", "kpi": "", "notes": "",
}

CHANNEL_WORDS = {
    **dict.fromkeys(("online", "on line", "en linea", "linea", "digital", "web",
                     "internet", "virtual"), "online"),
    **dict.fromkeys(("offline", "off line", "presencial", "fisico", "fisica",
                     "in person", "face to face", "cara a cara", "physical"), "offline"),
    **dict.fromkeys(("fuera de linea", "phone", "telefono"), "offline"),
}

#: Signs a spreadsheet or a word processor may put before a number.
_SIGNS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\u2010": "-",
                        "\u2011": "-", "\ufe63": "-", "\uff0d": "-", "\uff0b": "+",
                        "\ufe62": "+"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
#: Excel's hint line, "sep=;" (after a round trip through Excel, "sep=;;;;").
_SEP_LINE = re.compile(r"sep=(.)(?:\1|[ \t])*", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+)(?:[.,]0+)?")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


def _pick(value, lang: str):
    """A message value: plain, or ``{lang: text}`` when it depends on the language."""
    if isinstance(value, dict):
        return value.get(normalise_lang(lang), value.get("en"))
    return value


def _both(key: str, **values) -> dict[str, str]:
    return {lang: t(key, lang, **values) for lang in LANGS}


def _quoted(names: list[str]) -> dict[str, str]:
    """Names in the quotation marks of each language."""
    return {"en": ", ".join(f"“{n}”" for n in names), "es": ", ".join(f"«{n}»" for n in names)}


def _show(value) -> str:
    """A cell as quoted in a one-line message: line breaks as spaces, long text cut."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:60] + "…"


class InvalidInventory(ValueError):
    """A file that cannot be imported, with where and what is wrong.

    ``problem`` names the catalog message (``inventory.error.<problem>``);
    ``row`` is the row as a spreadsheet shows it (None when the whole file is
    at fault); ``column`` the header as written in the file (for a missing
    column, its English name); ``allowed`` what would be accepted, in
    English (``message(lang)`` gives the whole sentence in either language).

    ``errors`` holds every problem found (this one first, in row order, at
    most ``MAX_ERRORS``) and ``more`` how many more there were.
    """

    errors: list["InvalidInventory"]
    more: int = 0

    def __init__(self, problem: str = "value", *, file: str, row: int | None = None,
                 column=None, value=None, allowed=None, field: str | None = None, **params):
        self.problem = problem
        self.file = file
        self.row = row
        self.value = value
        self.field = field
        self._column = column
        self._allowed = allowed
        self.column = _pick(column, "en")
        self.allowed = _pick(allowed, "en")
        self.params = params
        self.errors = [self]
        self.more = 0
        super().__init__(self.message("en"))

    @classmethod
    def collected(cls, errors: list["InvalidInventory"]) -> "InvalidInventory":
        """The first of ``errors``, carrying them all (and the count beyond the limit)."""
        first = errors[0]
        first.errors = errors[:MAX_ERRORS]
        first.more = max(0, len(errors) - MAX_ERRORS)
        return first

    def messages(self, lang: str) -> list[str]:
        """Every problem, one sentence each, then how many more there are."""
        out = [error.message(lang) for error in self.errors]
        if self.more:
            out.append(t("inventory.error.more", lang, n=self.more))
        return out

    def message(self, lang: str) -> str:
        """One sentence saying what is wrong and what is allowed, in ``lang``."""
        extra = {k: _pick(v, lang) for k, v in self.params.items()}
        return t(f"inventory.error.{self.problem}", lang, file=self.file, row=self.row,
                 column=_pick(self._column, lang) or "", value=_show(self.value),
                 allowed=_pick(self._allowed, lang) or "", **extra)

    def __str__(self) -> str:
        return self.message("en")


@dataclass
class InventoryPlan:
    """What an import would write: one dict per touchpoint, in file order."""

    rows: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # English
    #: The warnings as (catalog key, values), for ``warning_texts(lang)``.
    notices: list[tuple[str, dict]] = field(default_factory=list)
    #: Recognised columns as touchpoint fields, in file order.
    columns: list[str] = field(default_factory=list)
    #: The file row of each planned row (same order as ``rows``).
    file_rows: list[int] = field(default_factory=list)
    format: str = "csv"  # or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    #: SHA-256 of the file: lets a page import one upload only once.
    digest: str = ""

    def warn(self, key: str, **values) -> None:
        self.notices.append((key, values))
        self.warnings.append(t(key, "en", **{k: _pick(v, "en") for k, v in values.items()}))

    def warning_texts(self, lang: str) -> list[str]:
        return [t(key, lang, **{k: _pick(v, lang) for k, v in values.items()})
                for key, values in self.notices]


def header_key(text: str) -> str:
    """Header and word matching: accents, case, ``_``/``-`` and spacing ignored."""
    return " ".join(re.sub(r"[_\-]+", " ", fold(text)).split()).strip(" :*")


ALIASES: dict[str, str] = {header_key(h): f for f, hs in HEADERS.items() for h in hs}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters




def _blank_row(cells: list) -> bool:
    try:
        return not "".join(cells).strip()  # CSV: all text
    except TypeError:
        return all(is_blank(c) for c in cells)


def _as_text(value):
    """A cell for a text field: numbers as a spreadsheet shows them."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None or isinstance(value, str):
        return value
    return str(value)


# -- reading the file ------------------------------------------------------
def _decode(content: bytes, file: str, plan: InventoryPlan) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:  # Excel's "Unicode text"
            plan.encoding = "utf-16"
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidInventory("binary", file=file) from None
    if b"\x00" in content:
        raise InvalidInventory("binary", file=file)
    try:
        text = content.decode("utf-8-sig")
        plan.encoding = "utf-8-sig" if content.startswith(codecs.BOM_UTF8) else "utf-8"
        return text
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:  # bytes Windows-1252 does not define
        raise InvalidInventory("binary", file=file) from None
    plan.encoding = "cp1252"
    plan.warn("inventory.warn.encoding")
    return text


def _delimiter_name(delimiter: str) -> dict[str, str]:
    """The delimiter in words ("a semicolon"), or quoted when it has no name."""
    name = DELIMITER_NAMES.get(delimiter)
    return _both(f"inventory.delimiter.{name}") if name else _quoted([delimiter])


def _sniff(line: str) -> str:
    counts = {d: line.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: counts[d])  # ties: tab, then semicolon
    return best if counts[best] else ","


def _csv_records(content: bytes, file: str, plan: InventoryPlan) -> list[tuple[int, list]]:
    if content.startswith(OLE_MAGIC):
        raise InvalidInventory("xls", file=file)
    text = _decode(content, file, plan).rstrip("\x1a")  # DOS end-of-file mark
    if _CONTROL.search(text):
        raise InvalidInventory("binary", file=file)
    if not text.strip():
        raise InvalidInventory("empty", file=file)
    first, _, rest = text.partition("\n")
    match = _SEP_LINE.fullmatch(first.rstrip("\r"))
    if match:  # Excel's "sep=;" hint: not shown as a row
        delimiter, text = match.group(1), rest
    else:
        header_line = next(line for line in text.splitlines() if line.strip())
        delimiter = _sniff(header_line)
    plan.delimiter = delimiter
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list]] = []
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise InvalidInventory("bad_quotes", file=file, row=number + 1) from None
        number += 1
        _keep(records, number, cells, file)
    return records


def _keep(records: list, number: int, cells: list, file: str) -> None:
    """Add a row of the file to ``records``, within the limits: blank rows are
    skipped (they cost nothing), a row may fill at most ``MAX_CELLS_PER_ROW``
    cells, and the file at most ``MAX_ROWS`` rows besides its header."""
    if len(cells) > MAX_CELLS_PER_ROW:
        used = max((i for i, c in enumerate(cells) if not is_blank(c)), default=-1) + 1
        if used > MAX_CELLS_PER_ROW:
            raise InvalidInventory("too_many_cells", file=file, row=number, cells=used,
                                   limit=MAX_CELLS_PER_ROW)
        cells = cells[:MAX_CELLS_PER_ROW]  # a spreadsheet's empty cells up to column XFD
    if _blank_row(cells):
        return
    if len(records) > MAX_ROWS:  # the header and MAX_ROWS rows are in already
        raise InvalidInventory("too_many_rows", file=file, limit=MAX_ROWS)
    records.append((number, cells))


def _xlsx_records(content: bytes, file: str, plan: InventoryPlan) -> list[tuple[int, list]]:
    if content.startswith(OLE_MAGIC):
        raise InvalidInventory("xls", file=file)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InvalidInventory("bad_xlsx", file=file) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InvalidInventory("too_large_unpacked", file=file, limit=MAX_UNPACKED_BYTES // 2**20)
    import openpyxl  # only XLSX imports pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise InvalidInventory("bad_xlsx", file=file) from None
    plan.format = "xlsx"
    try:
        sheets = book.worksheets
        if not sheets:
            raise InvalidInventory("empty", file=file)
        sheet = sheets[0]
        ours = {t("inventory.template.columns_sheet", lang) for lang in LANGS}  # the template's help
        others = [name for name in book.sheetnames if name != sheet.title and name not in ours]
        if others:
            plan.warn("inventory.warn.other_sheets", sheet=sheet.title,
                      names=_quoted(others))
        sheet.reset_dimensions()  # trust the cells, not the stated size
        records: list[tuple[int, list]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            _keep(records, number, list(values), file)
        return records
    except InvalidInventory:
        raise
    except Exception:
        raise InvalidInventory("bad_xlsx", file=file) from None
    finally:
        book.close()


def _is_xlsx(content: bytes, filename: str) -> bool:
    return content.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm"))


# -- from cells to touchpoints ---------------------------------------------
class _StageFinder:
    """A stage by its own name, its framework name in either language, or number."""

    def __init__(self, stages: list[Stage], framework: str):
        ordered = sorted(stages, key=lambda s: (s.position, s.id))
        self.by_name: dict[str, int] = {}
        for stage in ordered:  # the workspace's own names first
            if stage.name:
                self.by_name.setdefault(header_key(stage.name), stage.id)
        for stage in ordered:
            for lang in LANGS:
                name = default_stage_name(framework, stage.key, lang)
                if name:
                    self.by_name.setdefault(header_key(name), stage.id)
        self.by_number = {i: s.id for i, s in enumerate(ordered, 1)}
        self.allowed = {lang: t("inventory.allowed.stage", lang, n=len(ordered), names=", ".join(
            s.display_name(framework, lang) for s in ordered)) for lang in LANGS}
        self._seen: dict = {}

    def find(self, value) -> int | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            return self.by_number.get(int(value)) if float(value).is_integer() else None
        hit = self._seen.get(value, -1)
        if hit == -1:
            key = header_key(value)
            hit = self.by_name.get(key)
            number = _NUMBER.fullmatch(key)
            if hit is None and number:
                hit = self.by_number.get(int(number.group(1)))
            self._seen[value] = hit
        return hit


@lru_cache(maxsize=1024)
def _channel(value) -> str | None:
    """"online"/"offline" for a channel cell, "" for none, None if not a channel."""
    if is_blank(value):
        return ""
    return CHANNEL_WORDS.get(header_key(str(value)))


def _allowed_for(field_name: str) -> dict[str, str]:
    if field_name in SCORE_RANGES:
        lo, hi = SCORE_RANGES[field_name]
        if lo < 0:
            lo, hi = f"−{-lo}", f"+{hi}"
        return _both("inventory.allowed.whole", lo=lo, hi=hi)
    if field_name == "moment_of_truth":
        return _both("inventory.allowed.flag")
    if field_name == "channel":
        return _both("inventory.allowed.channel")
    if field_name == "name":
        return _both("inventory.allowed.name")
    return _both("inventory.allowed.text", max=MAX_TEXT)


def _header_row(records, file: str) -> int:
    """Position in ``records`` of the header: the first row with a value."""
    for position, (_, cells) in enumerate(records):
        if any(not is_blank(c) for c in cells):
            return position
    raise InvalidInventory("empty", file=file)


def _map_headers(header: list, number: int, file: str, plan: InventoryPlan):
    columns: dict[int, str] = {}
    written: dict[str, str] = {}  # field -> header as written
    unknown: list[str] = []
    unnamed: list[int] = []
    for index, cell in enumerate(header):
        text = "" if cell is None else str(_as_text(cell)).strip()
        if not text:
            unnamed.append(index)
            continue
        name = ALIASES.get(header_key(text))
        if name is None:
            unknown.append(text)
        elif name in written:
            raise InvalidInventory("duplicate_column", file=file, row=number, column=text,
                                   value=written[name], field=name)
        else:
            columns[index] = name
            written[name] = text
    for name in REQUIRED:
        if name not in written:
            en, es = HEADERS[name][:2]
            raise InvalidInventory("missing_column", file=file, column={"en": en, "es": es},
                                   allowed=_both("inventory.allowed.column", en=en, es=es), field=name)
    if unknown:
        plan.warn("inventory.warn.unknown_columns", names=_quoted(unknown))
    plan.columns = list(columns.values())
    return columns, written, unnamed


class _RowReader:
    """Turns the cells of one data row into a clean touchpoint, or raises."""

    STAGE, CHANNEL, SCORE, FLAG, TEXT = range(5)

    def __init__(self, file: str, columns: dict[int, str], written: dict[str, str], finder: _StageFinder):
        self.file = file
        self.written = written
        self.finder = finder
        self.columns = [(index, name, self._kind(name)) for index, name in columns.items()]
        self.index_of = {name: index for index, name in columns.items()}

    def _kind(self, name: str) -> int:
        if name == "stage":
            return self.STAGE
        if name == "channel":
            return self.CHANNEL
        if name in SCORE_RANGES:
            return self.SCORE
        return self.FLAG if name == "moment_of_truth" else self.TEXT

    def error(self, problem: str, number: int, name: str, raw, allowed, **params) -> InvalidInventory:
        return InvalidInventory(problem, file=self.file, row=number, column=self.written.get(name, name),
                                value=raw, field=name, allowed=allowed, **params)

    def read(self, number: int, cells: list, errors: list[InvalidInventory]) -> dict | None:
        """The row as a clean touchpoint; or None, with its problems added to ``errors``."""
        size = len(cells)
        values = dict(ROW_DEFAULTS)
        stage_id = None
        bad: dict[str, InvalidInventory] = {}  # field -> its problem

        def fail(problem: str, name: str, raw, allowed, **params) -> None:
            bad[name] = self.error(problem, number, name, raw, allowed, **params)

        for index, name, kind in self.columns:
            raw = cells[index] if index < size else None
            if raw.__class__ is str and len(raw) > MAX_TEXT and len(raw.strip()) > MAX_TEXT:
                fail("too_long", name, raw, _both("inventory.allowed.text", max=MAX_TEXT),
                     length=len(raw.strip()))
                continue
            if kind == self.TEXT:
                values[name] = _unneutralised(raw) if raw.__class__ is str else _as_text(raw)
            elif kind == self.SCORE:
                values[name] = raw.translate(_SIGNS) if raw.__class__ is str else raw
            elif kind == self.STAGE:
                if is_blank(raw):
                    fail("missing_value", name, "", self.finder.allowed)
                    continue
                stage_id = self.finder.find(raw)
                if stage_id is None:
                    fail("value", name, raw, self.finder.allowed)
            elif kind == self.CHANNEL:
                channel = _channel(raw)
                if channel is None:
                    fail("value", name, raw, _allowed_for(name))
                    continue
                values[name] = channel
            else:
                values[name] = raw
        if not bad:
            try:
                clean = clean_touchpoint(values)
            except InvalidValue:
                pass  # find every bad cell of the row below
            else:
                clean["stage_id"] = stage_id
                return clean
        for name, value in values.items():  # one field at a time: every problem of the row
            if name in bad:
                continue
            try:
                clean_touchpoint({name: value})
            except InvalidValue:
                index = self.index_of.get(name, size)
                raw = cells[index] if index < size else None
                fail("missing_value" if is_blank(raw) else "value", name, raw, _allowed_for(name))
        order = {name: i for i, (_, name, _) in enumerate(self.columns)}
        errors.extend(sorted(bad.values(), key=lambda e: order.get(e.field, len(order))))  # as the row reads
        return None


def _marked(text: str) -> bool:
    """``'`` marks before text a spreadsheet could read as a formula (``'=x``, ``'' =x``).

    Not before blanks alone (``'`` and a line break): those are no formula, and
    a cell is read without its outer blanks, so that is the text ``'``."""
    return text[:1] == "'" and starts_formula(text.lstrip("'")) and bool(text.strip("'").strip())


def neutral_cell(text: str) -> str:
    """A text cell for a file Hourglass writes: never a formula, and read back as it was.

    A ``'`` goes before a formula start, also after leading spaces
    (``exports.starts_formula``), and before text that already looks marked
    (``'=x``), so ``_unneutralised`` can always take exactly one away.
    """
    if text.strip() and (starts_formula(text) or _marked(text)):
        return "'" + text
    return text


def _unneutralised(text: str) -> str:
    """A text cell as typed: without the ``'`` an export put before a formula start."""
    return text[1:] if _marked(text) else text


def parse_inventory(content: bytes, filename: str, *, stages: list[Stage], framework: str) -> InventoryPlan:
    """Read a touchpoint inventory (CSV or XLSX) into the rows it would add.

    Raises ``InvalidInventory`` for any problem; never touches a database.
    """
    content = bytes(content)
    file = re.split(r"[\\/]", filename or "")[-1] or "file"
    if len(content) > MAX_BYTES:
        size = len(content) / 2**20
        raise InvalidInventory("too_large", file=file, value=len(content),
                               size={"en": f"{size:.1f}", "es": f"{size:.1f}".replace(".", ",")},
                               limit=MAX_BYTES // 2**20)
    plan = InventoryPlan(digest=hashlib.sha256(content).hexdigest())
    if not content.strip():
        raise InvalidInventory("empty", file=file)
    records = _xlsx_records(content, file, plan) if _is_xlsx(content, filename or "") \
        else _csv_records(content, file, plan)
    start = _header_row(records, file)
    header_number, header = records[start]
    columns, written, unnamed = _map_headers(header, header_number, file, plan)
    reader = _RowReader(file, columns, written, _StageFinder(stages, framework))
    width = len(header)
    unnamed_used: set[int] = set()
    errors: list[InvalidInventory] = []
    found = 0
    for number, cells in records[start + 1:]:
        if _blank_row(cells):
            continue
        found += 1
        if len(cells) > width:
            extra = [i for i in range(width, len(cells)) if not is_blank(cells[i])]
            if extra and plan.format == "csv":  # in a CSV, a sign of an unquoted delimiter
                errors.append(InvalidInventory(
                    "ragged", file=file, row=number, value=extra[-1] + 1,
                    allowed=_both("inventory.allowed.cells", n=width), cells=extra[-1] + 1,
                    headers=width, delimiter=_delimiter_name(plan.delimiter)))
                continue
            unnamed_used.update(extra)
        unnamed_used.update(i for i in unnamed if i < len(cells) and not is_blank(cells[i]))
        row = reader.read(number, cells, errors)
        if row is None:
            continue
        plan.rows.append(row)
        plan.file_rows.append(number)
    if errors:
        raise InvalidInventory.collected(errors)
    if not found:
        raise InvalidInventory("no_rows", file=file)
    if unnamed_used:
        plan.warn("inventory.warn.unnamed_columns",
                  letters=", ".join(column_letter(i) for i in sorted(unnamed_used)))
    return plan


def check_workspace_limit(filename: str, having: int, adding: int, removing: int = 0) -> None:
    """Refuse a file that would take a workspace over ``MAX_TOUCHPOINTS_PER_WORKSPACE``."""
    if having - removing + adding > MAX_TOUCHPOINTS_PER_WORKSPACE:
        file = re.split(r"[\\/]", filename or "")[-1] or "file"
        raise InvalidInventory("too_many_for_workspace", file=file, rows=adding, having=having - removing,
                               limit=MAX_TOUCHPOINTS_PER_WORKSPACE)


def import_inventory(store, workspace_id: int, content: bytes, filename: str) -> InventoryPlan:
    """Parse against the workspace's stages and add every row, or nothing."""
    workspace = store.workspace(workspace_id)
    plan = parse_inventory(content, filename, stages=store.stages(workspace_id),
                           framework=workspace.framework)
    check_workspace_limit(filename, store.touchpoint_count(workspace_id), len(plan.rows))
    store.add_touchpoints(workspace_id, plan.rows)
    return plan


#: Headers that only English or only Spanish uses (``kpi`` is both: it says nothing).
_EN_HEADERS = {header_key(hs[0]) for hs in HEADERS.values()} | {header_key("touch point")}
_ES_HEADERS = {header_key(h) for hs in HEADERS.values() for h in hs[1:]} - _EN_HEADERS


def header_language(content: bytes, filename: str) -> str | None:
    """The language of a file's headers: ``es`` when more of them are
    Spanish than English, ``en`` when some are English, else None. A file
    that cannot be read says None (``parse_inventory`` reports why)."""
    plan = InventoryPlan()
    try:
        content = bytes(content)
        records = _xlsx_records(content, filename, plan) if _is_xlsx(content, filename or "") \
            else _csv_records(content, filename, plan)
        _, header = records[_header_row(records, filename)]
    except (InvalidInventory, ValueError, IndexError):
        return None
    keys = [header_key(str(_as_text(c))) for c in header if not is_blank(c)]
    spanish = sum(k in _ES_HEADERS for k in keys)
    english = sum(k in _EN_HEADERS for k in keys)
    if spanish > english:
        return "es"
    return "en" if english else None
