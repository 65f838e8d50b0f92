"""The domain: Workspace, Persona, Stage, Touchpoint, BacklogItem.

Plain dataclasses built from store rows; the rules that compute on them live
in ``scoring`` and ``backlog``.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
import uuid
from functools import lru_cache
from dataclasses import dataclass, field, fields
from operator import itemgetter

from .frameworks import default_stage_name
from .limits import MAX_TEXT
from .i18n import LANGS  # the one list of languages

CHANNELS = ("online", "offline")
ANSWERS = ("yes", "partly", "no", "na")
STATUSES = ("todo", "doing", "done", "wontdo")
OPEN_STATUSES = STATUSES[:2]  # still to act on: to do, under way
SOURCES = ("touchpoint", "pain", "checklist", "coverage", "strength", "manual")

PERSONA_FIELDS = (
    "name", "segment", "goals", "needs", "pains", "questions", "sources",
    "criteria", "objections",
)
STAGE_TEXT_FIELDS = ("goal", "questions", "actions", "feelings")
TOUCHPOINT_TEXT_FIELDS = (
    "name", "channel", "owner", "technology", "kpi", "notes", "pain_points",
    "positives", "evidence",
)
TOUCHPOINT_SCORE_FIELDS = ("importance", "performance", "emotion", "moment_of_truth")
#: Fields of a backlog item the user may edit; an edited one is never
#: overwritten by regeneration.
BACKLOG_EDITABLE = (
    "title", "detail", "impact", "confidence", "ease", "owner", "status",
    "due_date", "kpi", "audience", "kpi_target", "review_date",
)
#: Backlog fields that hold a date (``YYYY-MM-DD``, or empty).
BACKLOG_DATES = ("due_date", "review_date")

SCORE_RANGES = {"importance": (1, 5), "performance": (1, 5), "emotion": (-2, 2)}
ICE_RANGE = (1, 10)


def new_uid() -> str:
    return uuid.uuid4().hex[:12]


def slugify(name: str) -> str:
    """Lower-case, accents stripped, each run of other characters one ``-``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "workspace"


@lru_cache(maxsize=16_384)  # the same names are folded again and again (a pack's suggestions on every run)
def fold(text: str) -> str:
    """Case- and accent-insensitive form used to match names."""
    text = unicodedata.normalize("NFKD", str(text).strip())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


_NOT_WORD = re.compile(r"[\W_]+")


def name_key(text: str) -> str:
    """``fold`` with punctuation ignored too: how a re-import matches names.

    "Google Profile", "google-profile" and "Google profile!" are one name;
    letters and digits of any script count, everything else is a space.
    """
    folded = fold(text)
    return " ".join(_NOT_WORD.sub(" ", folded).split()) or folded


class _Row:
    @classmethod
    def from_rows(cls, columns: list[str], rows) -> list:
        """Records from a query's column names and row tuples: positional
        arguments, no dict per row (the read path of large tables, issue 11).
        Columns that are not fields are ignored; a field the query did not
        select takes its default."""
        order = [f.name for f in fields(cls)]
        position = {c: i for i, c in enumerate(columns)}
        if all(name in position for name in order):
            picks = [position[name] for name in order]
            if picks == list(range(len(columns))):
                return [cls(*row) for row in rows]
            get = itemgetter(*picks)
            return [cls(*get(row)) for row in rows]
        present = [name for name in order if name in position]
        get = itemgetter(*[position[name] for name in present]) if present else (lambda row: ())
        if len(present) == 1:
            return [cls(**{present[0]: get(row)}) for row in rows]
        return [cls(**dict(zip(present, get(row)))) for row in rows]

    @classmethod
    def from_row(cls, row: dict):
        names = cls.__dict__.get("_names")
        if names is None:  # computed once per class: this runs for every row read
            names = frozenset(f.name for f in fields(cls))
            setattr(cls, "_names", names)
        return cls(**{k: v for k, v in row.items() if k in names})


@dataclass
class Workspace(_Row):
    id: int
    slug: str
    name: str
    industry: str = "general"
    framework: str = "hourglass"
    lang: str = "en"
    created_at: str = ""
    updated_at: str = ""
    last_page: str = ""
    version: int = 0  # the change counter (Store.change_counter)


@dataclass
class Persona(_Row):
    id: int
    workspace_id: int
    uid: str
    position: int = 0
    is_primary: int = 1
    name: str = ""
    segment: str = ""
    goals: str = ""
    needs: str = ""
    pains: str = ""
    questions: str = ""
    sources: str = ""
    criteria: str = ""
    objections: str = ""
    rev: int = 0  # the row version: grows with every edit (Store.editing)
    changed_by: str = ""  # who last changed it ("" unknown, "cli" the command line)


@dataclass
class Stage(_Row):
    id: int
    workspace_id: int
    uid: str
    position: int
    key: str | None = None
    name: str = ""
    goal: str = ""
    questions: str = ""
    actions: str = ""
    feelings: str = ""
    customers: int | None = None
    rev: int = 0  # the row version: grows with every edit (Store.editing)
    changed_by: str = ""  # who last changed it ("" unknown, "cli" the command line)

    def display_name(self, framework: str, lang: str) -> str:
        """The user's name for the stage, else the framework's in ``lang``."""
        if self.name:
            return self.name
        return default_stage_name(framework, self.key, lang) or "?"


@dataclass
class Touchpoint(_Row):
    id: int
    workspace_id: int
    stage_id: int
    uid: str
    position: int = 0
    name: str = ""
    channel: str = ""
    owner: str = ""
    technology: str = ""
    kpi: str = ""
    notes: str = ""
    importance: int | None = None
    performance: int | None = None
    emotion: int | None = None
    moment_of_truth: int | None = None  # None: decided by importance
    pain_points: str = ""
    positives: str = ""
    evidence: str = ""
    suggestion: str = ""  # key of the checklist suggestion it came from
    rev: int = 0  # the row version: grows with every edit (Store.editing)
    changed_by: str = ""  # who last changed it ("" unknown, "cli" the command line)


@dataclass
class BacklogItem(_Row):
    id: int
    workspace_id: int
    uid: str
    source: str
    source_key: str
    title: str = ""
    detail: str = ""
    stage_uid: str | None = None
    touchpoint_uid: str | None = None
    # 1–10; a generated default may carry one decimal (backlog.measured_impact),
    # a user's edit is a whole number
    impact: float = 5
    confidence: float = 5
    ease: float = 5
    owner: str = ""
    status: str = "todo"
    due_date: str = ""
    kpi: str = ""
    edited: str = ""  # comma-separated names of user-edited fields
    resolved_by_audit: int = 0
    gap: int | None = None
    importance: int | None = None
    journey_order: int = 0
    created_at: str = ""
    updated_at: str = ""
    touchpoint: str = ""  # the touchpoint's name (computed)
    emotion: int | None = None  # the touchpoint's emotion (computed, for ranking)
    audience: str = ""  # who it is for: the primary persona by default
    kpi_target: str = ""
    review_date: str = ""
    rev: int = 0  # the row version: grows with every edit (Store.editing)
    changed_by: str = ""  # who last changed it ("" unknown, "cli" the command line)

    @property
    def ice(self) -> float:
        """impact × confidence × ease, 1–1,000 (one decimal at most)."""
        return round(float(self.impact) * float(self.confidence) * float(self.ease), 1)

    @property
    def edited_fields(self) -> set[str]:
        return {f for f in (self.edited or "").split(",") if f}


@dataclass
class Snapshot(_Row):
    id: int
    workspace_id: int
    taken_at: str
    label: str = ""
    data: str = "{}"


@dataclass
class WorkspaceData:
    """Everything the rules need about one workspace, read in one go."""

    workspace: Workspace
    stages: list[Stage] = field(default_factory=list)
    touchpoints: list[Touchpoint] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)  # question key -> answer
    personas: list[Persona] = field(default_factory=list)


@dataclass
class WorkspaceSummary:
    """What Home shows of one workspace, read without its touchpoint or
    backlog rows (``Store.workspace_summaries``): the few rows progress needs
    in full, the rest as counts, and the backlog items still to act on
    (ranking fields and title only)."""

    workspace: Workspace
    stages: list[Stage] = field(default_factory=list)
    personas: list[Persona] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    covered: set[int] = field(default_factory=set)  # ids of stages with a touchpoint
    touchpoints: int = 0
    scored: int = 0  # touchpoints with importance and performance
    items: int = 0  # backlog items, resolved ones included
    open_items: int = 0  # not resolved by the audit
    triaged: int = 0  # open items edited or given a status
    to_act_on: list[BacklogItem] = field(default_factory=list)  # open, to do or under way


class InvalidValue(ValueError):
    """A value a user gave that the model does not allow.

    ``rule`` names the catalog text ``allowed.<rule>`` (filled with
    ``params``) that says what is allowed; without it ``allowed`` is a plain
    list of codes.
    """

    def __init__(self, *, column: str, value, allowed: str = "", rule: str | None = None, **params):
        self.column = column
        self.value = value
        self.rule = rule
        self.params = params
        self.allowed = allowed or self.allowed_text("en")
        super().__init__(self.message("en"))

    def allowed_text(self, lang: str) -> str:
        from .i18n import t

        return t(f"allowed.{self.rule}", lang, **self.params) if self.rule else self.allowed

    def message(self, lang: str) -> str:
        from .i18n import catalog, t

        column = t(f"field.{self.column}", lang) if f"field.{self.column}" in catalog(lang) else self.column
        value = "" if self.value is None else str(self.value)
        if len(value) > 60:
            value = value[:60] + "…"
        return t("errors.invalid_value", lang, column=column, value=value, allowed=self.allowed_text(lang))


def _int_in(column: str, value, lo: int | None, hi: int | None, *, optional: bool = True,
            rule: str = "int_range"):
    params = {"lo": lo, "hi": hi} if rule == "int_range" else {}
    if is_blank(value):
        if optional:
            return None
        raise InvalidValue(column=column, value=value, rule=rule, **params)
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
        if number != number or number != int(number):  # NaN or fractional
            raise ValueError
        number = int(number)
    except (TypeError, ValueError, OverflowError):
        raise InvalidValue(column=column, value=value, rule=rule, **params) from None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise InvalidValue(column=column, value=value, rule=rule, **params)
    return number


def is_blank(value) -> bool:
    """No value: None, NaN (an empty cell of a table) or only spaces."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


_is_blank = is_blank  # the old private name


def clean_text(column: str, value, max_len: int = MAX_TEXT) -> str:
    if is_blank(value):
        return ""
    text = str(value).replace("\x00", "").strip()
    if len(text) > max_len:
        raise InvalidValue(column=column, value=text[:40] + "…", rule="max_text", n=max_len)
    return text


TRUE_WORDS = {"1", "yes", "y", "true", "x", "si", "sí", "s", "verdadero"}
FALSE_WORDS = {"0", "no", "n", "false", "falso"}


def clean_flag(column: str, value) -> int | None:
    """Moment-of-truth flag: 1, 0, or None (not set: decided by importance)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return int(value)
    word = str(value).strip().casefold()
    if word in TRUE_WORDS:
        return 1
    if word in FALSE_WORDS:
        return 0
    raise InvalidValue(column=column, value=value, rule="flag")


#: A date as stored: ``YYYY-MM-DD``.
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_date(text: str) -> bool:
    """``YYYY-MM-DD`` naming a day of the calendar (not 2026-13-45)."""
    if not DATE_PATTERN.fullmatch(text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def clean_date(column: str, value) -> str:
    """A real calendar date as ``YYYY-MM-DD`` (a date, datetime or text), or ""."""
    try:
        if value != value:  # NaN, pandas' NaT: no date
            return ""
    except (TypeError, ValueError):
        pass
    if hasattr(value, "isoformat") and not isinstance(value, str):
        value = value.isoformat()
    text = clean_text(column, value)[:10]
    if not text:
        return ""
    try:
        if not DATE_PATTERN.fullmatch(text):
            raise ValueError
        _dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(column=column, value=value, rule="date") from None
    return text


def clean_industry(value) -> str:
    """An industry: a checklist pack id (lower-case letters, digits, - and _)."""
    text = clean_text("industry", value) or "general"
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", text):
        raise InvalidValue(column="industry", value=value, rule="pack_id")
    return text


# -- the table of fields ---------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One column a user (or a file) may write: what it holds and how it is cleaned.

    ``kind``: "text", "int" (``lo``–``hi``, None for no bound), "flag"
    (1, 0 or unset), "choice" (one of ``choices``; case folded when
    ``fold_case``) or "date" (``YYYY-MM-DD``). ``required``: may not be
    empty. ``rule``: the catalog text that says what is allowed, when not the
    kind's own."""

    kind: str = "text"
    lo: int | None = None
    hi: int | None = None
    choices: tuple[str, ...] = ()
    max_len: int = MAX_TEXT
    required: bool = False
    fold_case: bool = False
    rule: str | None = None

    @property
    def range(self) -> tuple[int | None, int | None]:
        return self.lo, self.hi


_TEXT = Field()
_ICE = Field("int", lo=ICE_RANGE[0], hi=ICE_RANGE[1], required=True)

#: Every user-editable field, per table: read by the store, the workspace
#: file, the inventory reader and the pages' editors (ranges, choices).
FIELDS: dict[str, dict[str, Field]] = {
    "workspace": {
        "name": Field(required=True), "industry": _TEXT,
        "lang": Field("choice", choices=LANGS, required=True), "last_page": Field(max_len=200),
    },
    "persona": {name: _TEXT for name in PERSONA_FIELDS},
    "stage": {
        "name": _TEXT, **{name: _TEXT for name in STAGE_TEXT_FIELDS},
        "customers": Field("int", lo=0, rule="count"),
    },
    "touchpoint": {
        "name": Field(required=True), "channel": Field("choice", choices=CHANNELS, fold_case=True, rule="channel"),
        **{name: _TEXT for name in TOUCHPOINT_TEXT_FIELDS if name not in ("name", "channel")},
        **{name: Field("int", lo=lo, hi=hi) for name, (lo, hi) in SCORE_RANGES.items()},
        "moment_of_truth": Field("flag"),
    },
    "backlog": {
        "title": Field(required=True), "detail": _TEXT,
        "impact": _ICE, "confidence": _ICE, "ease": _ICE, "owner": _TEXT,
        "status": Field("choice", choices=STATUSES, required=True),
        "due_date": Field("date"), "kpi": _TEXT, "audience": _TEXT, "kpi_target": _TEXT,
        "review_date": Field("date"),
    },
    "answer": {"answer": Field("choice", choices=ANSWERS, required=True)},
}


def clean_value(column: str, spec: Field, value):
    """One value cleaned by its field: the store's type, or ``InvalidValue``."""
    if spec.kind == "int":
        return _int_in(column, value, spec.lo, spec.hi, optional=not spec.required,
                       rule=spec.rule or "int_range")
    if spec.kind == "flag":
        return clean_flag(column, value)
    if spec.kind == "date":
        return clean_date(column, value)
    text = clean_text(column, value, spec.max_len)
    if spec.kind == "choice":
        if spec.fold_case:
            text = text.lower()
        if text not in spec.choices and (text or spec.required):
            if spec.rule:
                raise InvalidValue(column=column, value=value, rule=spec.rule)
            raise InvalidValue(column=column, value=value, allowed=", ".join(spec.choices))
    elif spec.required and not text:
        raise InvalidValue(column=column, value=value, rule="non_empty")
    return text


def clean(table: str, values: dict) -> dict:
    """The one cleaning function: every value of ``values`` (a row of
    ``table``, or part of one) validated and normalised by ``FIELDS``."""
    spec = FIELDS[table]
    out: dict = {}
    for column, value in values.items():
        if column not in spec:
            raise InvalidValue(column=column, value=value, allowed=", ".join(spec))
        out[column] = clean_value(column, spec[column], value)
    return out


def clean_touchpoint(values: dict) -> dict:
    """Validate and normalise the user-editable fields of a touchpoint."""
    return clean("touchpoint", values)


def clean_backlog(values: dict) -> dict:
    return clean("backlog", values)
