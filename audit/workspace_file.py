"""The workspace file: a whole workspace as one versioned JSON document.

``export_workspace`` reads every row of a workspace (``Store.workspace_rows``) into
a plain dict; ``import_workspace`` validates such a dict completely (format,
version, types, ranges, duplicates) and only then writes it in one
transaction, so a bad file writes nothing. Database ids are dropped and uids
kept, so export → import → export gives the same document except for the
workspace's slug and timestamps (and ``exported_at``).

Document, version 1::

    {"format": "hourglass-workspace", "version": 1, "exported_at": "…",
     "workspace": {"name", "slug", "industry", "framework", "lang",
                   "last_page", "created_at", "updated_at"},
     "personas": [{"uid", "position", "is_primary", "name", …}],
     "stages": [{"uid", "position", "key", "name", "goal", "questions",
                 "actions", "feelings", "customers",
                 "touchpoints": [{"uid", "position", "name", "channel", …}]}],
     "checklist_answers": [{"question", "answer", "answered_at"}],
     "backlog_items": [{"uid", "source", "source_key", …, "edited": [fields],
                        "resolved_by_audit": false}],
     "snapshots": [{"taken_at", "label", "data": {…}}]}

``duplicate_workspace`` is export then import under a new name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, frameworks
from .limits import MAX_BACKLOG_ITEMS, MAX_TOUCHPOINTS_PER_WORKSPACE, MAX_WORKSPACE_FILE_BYTES
from .model import (
    ANSWERS,
    BACKLOG_EDITABLE,
    CHANNELS,
    DATE_PATTERN,
    ICE_RANGE,
    LANGS,
    MAX_TEXT,
    PERSONA_FIELDS,
    SCORE_RANGES,
    SOURCES,
    STAGE_TEXT_FIELDS,
    STATUSES,
    TOUCHPOINT_TEXT_FIELDS,
    InvalidValue,
    Workspace,
    clean_industry,
    clean_text,
    is_date,
    new_uid,
)
from .store import Store, now

FORMAT = "hourglass-workspace"
VERSION = 1
#: Largest workspace file read (``limits``): a workspace at every limit fits.
MAX_FILE_BYTES = MAX_WORKSPACE_FILE_BYTES
#: Generated backlog texts quote user texts, so they may be a little longer.
MAX_GENERATED_TEXT = 2 * MAX_TEXT + 2_000
MAX_KEY = 1_000
MAX_INT = 2**53

UID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
DATE_RE = DATE_PATTERN  # the model's

def _clean(text: str) -> str:
    """The cleaning every write gets (``model.clean_text``): no NUL
    characters, no surrounding whitespace (spaces, NBSP, ideographic space)."""
    return text.replace("\x00", "").strip()

WORKSPACE_KEYS = ("name", "slug", "industry", "framework", "lang", "last_page", "created_at", "updated_at")
PERSONA_KEYS = ("uid", "position", "is_primary", *PERSONA_FIELDS)
STAGE_KEYS = ("uid", "position", "key", "name", *STAGE_TEXT_FIELDS, "customers", "touchpoints")
TOUCHPOINT_KEYS = (
    "uid", "position", "name", "channel", "owner", "technology", "kpi", "notes",
    "importance", "performance", "emotion", "moment_of_truth", "pain_points",
    "positives", "evidence", "suggestion",
)
ANSWER_KEYS = ("question", "answer", "answered_at")
BACKLOG_KEYS = (
    "uid", "source", "source_key", "title", "detail", "stage_uid", "touchpoint_uid",
    "impact", "confidence", "ease", "owner", "status", "due_date", "kpi", "edited",
    "resolved_by_audit", "gap", "importance", "journey_order", "created_at", "updated_at",
    "touchpoint", "emotion", "audience", "kpi_target", "review_date",
)
SNAPSHOT_KEYS = ("taken_at", "label", "data")
TOP_KEYS = (
    "format", "version", "exported_at", "generator", "workspace", "personas", "stages",
    "checklist_answers", "backlog_items", "snapshots",
)


class InvalidWorkspaceFile(ValueError):
    """A workspace file or document that cannot be imported.

    ``path`` names the file, or the entry in the document
    (``stages[2].touchpoints[0].importance``); ``problem`` says what is wrong.
    """

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


# -- export -----------------------------------------------------------------
def _flag(value) -> bool | None:
    return None if value is None else bool(value)


def _snapshot_data(text: str):
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def export_workspace(store: Store, workspace_id: int) -> dict:
    """The whole workspace as a JSON-ready dict (no database ids)."""
    rows = store.workspace_rows(workspace_id)  # one consistent read, no write lock
    ws = Workspace.from_row(rows["workspace"][0])
    personas, stages, touchpoints = rows["personas"], rows["stages"], rows["touchpoints"]
    answers, backlog, snapshots = rows["checklist_answers"], rows["backlog_items"], rows["snapshots"]

    by_stage: dict[int, list[dict]] = {}
    for tp in sorted(touchpoints, key=lambda r: (r["position"], r["id"])):
        by_stage.setdefault(tp["stage_id"], []).append({
            k: (_flag(tp[k]) if k == "moment_of_truth" else tp[k]) for k in TOUCHPOINT_KEYS
        })
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now(),
        "generator": f"hourglass {__version__}",
        "workspace": {k: getattr(ws, k) for k in WORKSPACE_KEYS},
        "personas": [
            {k: (bool(p[k]) if k == "is_primary" else p[k]) for k in PERSONA_KEYS} for p in personas
        ],
        "stages": [
            {**{k: s[k] for k in STAGE_KEYS if k != "touchpoints"}, "touchpoints": by_stage.get(s["id"], [])}
            for s in stages
        ],
        "checklist_answers": [{k: a[k] for k in ANSWER_KEYS} for a in answers],
        "backlog_items": [
            {
                **{k: b[k] for k in BACKLOG_KEYS},
                "edited": [f for f in (b["edited"] or "").split(",") if f],
                "resolved_by_audit": bool(b["resolved_by_audit"]),
            }
            for b in backlog
        ],
        "snapshots": [
            {"taken_at": s["taken_at"], "label": s["label"], "data": _snapshot_data(s["data"])}
            for s in snapshots
        ],
    }


# -- validation ---------------------------------------------------------------
@dataclass
class WorkspacePlan:
    """What an import would write, validated: rows without database ids."""

    workspace: dict
    personas: list[dict] = field(default_factory=list)
    stages: list[dict] = field(default_factory=list)  # each with "touchpoints": [rows]
    answers: list[dict] = field(default_factory=list)
    backlog_items: list[dict] = field(default_factory=list)
    snapshots: list[dict] = field(default_factory=list)


def _describe(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


class _Entry:
    """One object of the document, read field by field with its path."""

    def __init__(self, value, path: str, keys: tuple[str, ...]):
        if not isinstance(value, dict):
            raise InvalidWorkspaceFile(path, f"must be an object, not {type(value).__name__}")
        unknown = [k for k in value if k not in keys]
        if unknown:
            raise InvalidWorkspaceFile(f"{path}.{unknown[0]}", f"unknown field; allowed: {', '.join(keys)}")
        self.data = value
        self.path = path

    def fail(self, key: str, problem: str):
        raise InvalidWorkspaceFile(f"{self.path}.{key}", problem)

    def text(self, key: str, *, limit: int = MAX_TEXT, required: bool = False, default: str = "") -> str:
        if key not in self.data:
            if required:
                self.fail(key, "missing")
            return default
        value = self.data[key]
        if not isinstance(value, str):
            self.fail(key, f"{_describe(value)} is not allowed; allowed: text")
        value = _clean(value)
        if required and not value:
            self.fail(key, "must not be empty")
        if len(value) > limit:
            self.fail(key, f"text of {len(value)} characters; allowed: at most {limit}")
        return value

    def score(self, key: str, *, lo: int, hi: int):
        """A backlog score: a whole number, or one with one decimal (a generated default)."""
        value = self.data.get(key)
        if isinstance(value, float) and not isinstance(value, bool) and lo <= value <= hi \
                and round(value, 1) == value:
            return int(value) if value.is_integer() else value
        return self.integer(key, lo=lo, hi=hi)

    def integer(self, key: str, *, lo: int = -MAX_INT, hi: int = MAX_INT,
                optional: bool = False, default=None):
        if key not in self.data:
            if default is not None or optional:
                return default
            self.fail(key, "missing")
        value = self.data[key]
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            span = f"a whole number from {lo} to {hi}" if hi < MAX_INT else (
                f"a whole number, {lo} or more" if lo > -MAX_INT else "a whole number")
            self.fail(key, f"{_describe(value)} is not allowed; allowed: {span}" + (" or null" if optional else ""))
        return value

    def flag(self, key: str, *, optional: bool = False, default=0) -> int | None:
        if key not in self.data:
            return default
        value = self.data[key]
        if value is None and optional:
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int) and value in (0, 1):
            return value
        self.fail(key, f"{_describe(value)} is not allowed; allowed: true, false" + (" or null" if optional else ""))

    def choice(self, key: str, allowed, *, default=None, optional: bool = False):
        if key not in self.data:
            if default is not None or optional:
                return default
            self.fail(key, "missing")
        value = self.data[key]
        if value is None and optional:
            return None
        if value not in allowed:
            self.fail(key, f"{_describe(value)} is not allowed; allowed: {', '.join(allowed)}"
                      + (" or null" if optional else ""))
        return value

    def uid(self, key: str = "uid", *, optional: bool = False, generate: bool = True) -> str | None:
        if key not in self.data:
            return new_uid() if generate else None
        value = self.data[key]
        if value is None and optional:
            return None
        if not isinstance(value, str) or not UID_RE.fullmatch(value):
            self.fail(key, f"{_describe(value)} is not allowed; allowed: 1 to 64 letters, digits, - or _")
        return value

    def items(self, key: str, *, required: bool = False) -> list:
        if key not in self.data:
            if required:
                self.fail(key, "missing")
            return []
        value = self.data[key]
        if not isinstance(value, list):
            self.fail(key, f"must be a list, not {type(value).__name__}")
        return value


def _list(doc: dict, key: str, *, required: bool = False) -> list:
    if key not in doc:
        if required:
            raise InvalidWorkspaceFile(key, "missing")
        return []
    value = doc[key]
    if not isinstance(value, list):
        raise InvalidWorkspaceFile(key, f"must be a list, not {type(value).__name__}")
    return value


def _unique(seen: set, value, path: str, what: str) -> None:
    if value in seen:
        raise InvalidWorkspaceFile(path, f"{what} {value!r} is used twice")
    seen.add(value)


def _check_version(doc: dict) -> None:
    if doc.get("format") != FORMAT:
        found = _describe(doc["format"]) if "format" in doc else "missing"
        raise InvalidWorkspaceFile("format", f"{found}; expected {FORMAT!r} (is this an Hourglass workspace file?)")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidWorkspaceFile("version", f"{_describe(version) if 'version' in doc else 'missing'}; "
                                              f"allowed: a whole number from 1 to {VERSION}")
    if version > VERSION:
        raise InvalidWorkspaceFile("version", f"{version} was written by a newer Hourglass; "
                                              f"this one reads versions up to {VERSION}")


#: Upgrades of older documents, ``{from_version: function(doc) -> doc}``.
UPGRADES: dict = {}


def upgrade(doc: dict) -> dict:
    """The document in the current version (older versions are upgraded)."""
    _check_version(doc)
    while doc["version"] < VERSION:
        doc = UPGRADES[doc["version"]](doc)
    return doc


def plan_import(doc, *, as_name: str | None = None, packs=None) -> WorkspacePlan:
    """Validate a workspace document completely; what importing it would write.

    It gets the checks and the cleaning of every other write (NUL
    characters and surrounding whitespace removed, real dates, the limits of
    ``limits``); ``packs``, the installed checklist pack ids, if given, are
    the industries allowed."""
    if not isinstance(doc, dict):
        raise InvalidWorkspaceFile("document", f"must be a JSON object, not {type(doc).__name__}")
    doc = upgrade(doc)
    unknown = [k for k in doc if k not in TOP_KEYS]
    if unknown:
        raise InvalidWorkspaceFile(unknown[0], f"unknown field; allowed: {', '.join(TOP_KEYS)}")

    if "workspace" not in doc:
        raise InvalidWorkspaceFile("workspace", "missing")
    w = _Entry(doc["workspace"], "workspace", WORKSPACE_KEYS)
    framework = w.choice("framework", tuple(frameworks.FRAMEWORKS), default=frameworks.DEFAULT_FRAMEWORK)
    if as_name is not None:
        name = clean_text("name", as_name)
        if not name:
            raise InvalidValue(column="name", value=as_name, rule="non_empty")
    else:
        name = w.text("name", required=True)
    industry = w.text("industry", default="general", limit=MAX_KEY) or "general"
    try:
        industry = clean_industry(industry)
    except InvalidValue:
        w.fail("industry", f"{_describe(industry)} is not allowed; allowed: a checklist pack id "
                           "(lower-case letters, digits, - or _)")
    if packs is not None and industry not in packs:
        w.fail("industry", f"{_describe(industry)} is not allowed; allowed: {', '.join(sorted(packs))}")
    w.text("slug", limit=MAX_TEXT)
    w.text("created_at", limit=64)
    w.text("updated_at", limit=64)
    plan = WorkspacePlan(workspace={
        "name": name, "industry": industry, "framework": framework,
        "lang": w.choice("lang", LANGS, default="en"), "last_page": w.text("last_page", limit=200),
    })

    seen: set = set()
    primary = 0
    personas = _list(doc, "personas", required=True)
    for i, value in enumerate(personas):
        p = _Entry(value, f"personas[{i}]", PERSONA_KEYS)
        row = {"uid": p.uid(), "position": p.integer("position", default=i),
               "is_primary": p.flag("is_primary"), **{k: p.text(k) for k in PERSONA_FIELDS}}
        _unique(seen, row["uid"], f"personas[{i}].uid", "uid")
        primary += row["is_primary"]
        plan.personas.append(row)
    if primary != 1:
        raise InvalidWorkspaceFile("personas", f"{primary} primary personas; allowed: exactly one with \"is_primary\": true")

    stages = _list(doc, "stages", required=True)
    if not stages:
        raise InvalidWorkspaceFile("stages", "empty; a journey needs at least one stage")
    keys = frameworks.stage_keys(framework)
    stage_uids: set = set()
    stage_keys: set = set()
    tp_uids: set = set()
    for i, value in enumerate(stages):
        s = _Entry(value, f"stages[{i}]", STAGE_KEYS)
        key = s.choice("key", keys, optional=True)
        if key is not None:
            _unique(stage_keys, key, f"stages[{i}].key", "stage key")
        row = {"uid": s.uid(), "position": s.integer("position", default=i), "key": key,
               "name": s.text("name"),
               **{k: s.text(k) for k in STAGE_TEXT_FIELDS},
               "customers": s.integer("customers", lo=0, optional=True)}
        _unique(stage_uids, row["uid"], f"stages[{i}].uid", "uid")
        row["touchpoints"] = []
        for j, tp_value in enumerate(s.items("touchpoints")):
            t = _Entry(tp_value, f"stages[{i}].touchpoints[{j}]", TOUCHPOINT_KEYS)
            tp = {"uid": t.uid(), "position": t.integer("position", default=j),
                  "name": t.text("name", required=True)}
            for k in TOUCHPOINT_TEXT_FIELDS:
                if k == "channel":
                    tp[k] = t.choice(k, CHANNELS + ("",), default="")
                elif k != "name":
                    tp[k] = t.text(k)
            for k, (lo, hi) in SCORE_RANGES.items():
                tp[k] = t.integer(k, lo=lo, hi=hi, optional=True)
            tp["moment_of_truth"] = t.flag("moment_of_truth", optional=True, default=None)
            tp["suggestion"] = t.text("suggestion", limit=MAX_KEY)
            _unique(tp_uids, tp["uid"], f"stages[{i}].touchpoints[{j}].uid", "uid")
            row["touchpoints"].append(tp)
        plan.stages.append(row)
    total = sum(len(stage["touchpoints"]) for stage in plan.stages)
    if total > MAX_TOUCHPOINTS_PER_WORKSPACE:
        raise InvalidWorkspaceFile("stages", f"{total} touchpoints; allowed: at most "
                                             f"{MAX_TOUCHPOINTS_PER_WORKSPACE} in a workspace")

    questions: set = set()
    for i, value in enumerate(_list(doc, "checklist_answers")):
        a = _Entry(value, f"checklist_answers[{i}]", ANSWER_KEYS)
        row = {"question": a.text("question", required=True, limit=MAX_KEY),
               "answer": a.choice("answer", ANSWERS),
               "answered_at": a.text("answered_at", limit=64) or now()}
        _unique(questions, row["question"], f"checklist_answers[{i}].question", "question")
        plan.answers.append(row)

    item_uids: set = set()
    source_keys: set = set()
    stamp = now()
    items = _list(doc, "backlog_items")
    if len(items) > MAX_BACKLOG_ITEMS:
        raise InvalidWorkspaceFile("backlog_items", f"{len(items)} items; allowed: at most {MAX_BACKLOG_ITEMS}")
    for i, value in enumerate(items):
        b = _Entry(value, f"backlog_items[{i}]", BACKLOG_KEYS)
        edited = b.data.get("edited", [])
        if isinstance(edited, str):
            edited = [f for f in edited.split(",") if f]
        if not isinstance(edited, list) or any(f not in BACKLOG_EDITABLE for f in edited):
            b.fail("edited", f"{_describe(edited)} is not allowed; allowed: a list of {', '.join(BACKLOG_EDITABLE)}")
        due = b.text("due_date", limit=10)
        if due and not is_date(due):
            b.fail("due_date", f"{due!r} is not allowed; allowed: a date like 2026-12-31, or empty")
        review = b.text("review_date", limit=10)
        if review and not is_date(review):
            b.fail("review_date", f"{review!r} is not allowed; allowed: a date like 2026-12-31, or empty")
        row = {
            "uid": b.uid(), "source": b.choice("source", SOURCES),
            "source_key": b.text("source_key", required=True, limit=MAX_KEY),
            "title": b.text("title", limit=MAX_GENERATED_TEXT),
            "detail": b.text("detail", limit=MAX_GENERATED_TEXT),
            "stage_uid": b.uid("stage_uid", optional=True, generate=False),
            "touchpoint_uid": b.uid("touchpoint_uid", optional=True, generate=False),
            **{k: b.score(k, lo=ICE_RANGE[0], hi=ICE_RANGE[1]) for k in ("impact", "confidence", "ease")},
            "owner": b.text("owner"), "status": b.choice("status", STATUSES, default="todo"),
            "due_date": due, "kpi": b.text("kpi"), "edited": ",".join(edited),
            "resolved_by_audit": b.flag("resolved_by_audit"),
            "gap": b.integer("gap", lo=0, hi=20, optional=True),
            "importance": b.integer("importance", lo=SCORE_RANGES["importance"][0], hi=SCORE_RANGES["importance"][1], optional=True),
            "journey_order": b.integer("journey_order", default=0),
            "touchpoint": b.text("touchpoint"), "audience": b.text("audience"),
            "kpi_target": b.text("kpi_target"), "review_date": review,
            "emotion": b.integer("emotion", lo=SCORE_RANGES["emotion"][0], hi=SCORE_RANGES["emotion"][1], optional=True),
            "created_at": b.text("created_at", limit=64) or stamp,
            "updated_at": b.text("updated_at", limit=64) or stamp,
        }
        _unique(item_uids, row["uid"], f"backlog_items[{i}].uid", "uid")
        _unique(source_keys, row["source_key"], f"backlog_items[{i}].source_key", "source_key")
        plan.backlog_items.append(row)

    for i, value in enumerate(_list(doc, "snapshots")):
        s = _Entry(value, f"snapshots[{i}]", SNAPSHOT_KEYS)
        data = s.data.get("data", {})
        if not isinstance(data, (dict, list, str)):
            s.fail("data", f"{_describe(data)} is not allowed; allowed: an object")
        plan.snapshots.append({
            "taken_at": s.text("taken_at", limit=64) or stamp, "label": s.text("label"),
            "data": data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
        })
    return plan


# -- import -------------------------------------------------------------------
def import_workspace(store: Store, doc: dict, *, as_name: str | None = None, packs=None) -> Workspace:
    """Validate ``doc``, then create it as a new workspace in one transaction.

    The name is the document's (or ``as_name``); the slug is made unique the
    store's way. Nothing is written when the document is invalid.
    """
    plan = plan_import(doc, as_name=as_name, packs=packs)
    return store.create_workspace_from_rows(
        plan.workspace, personas=plan.personas, stages=plan.stages, answers=plan.answers,
        backlog_items=plan.backlog_items, snapshots=plan.snapshots)


def duplicate_workspace(store: Store, workspace_id: int, new_name: str) -> Workspace:
    """A full copy (persona, journey, touchpoints, answers, backlog, snapshots)."""
    return import_workspace(store, export_workspace(store, workspace_id), as_name=new_name)


# -- files ----------------------------------------------------------------------
def _no_constants(name: str):
    raise ValueError(f"{name} is not a JSON number")


def loads(content: bytes, source: str = "workspace file") -> dict:
    """Parse the bytes of a workspace file (UTF-8 JSON, BOM allowed)."""
    if len(content) > MAX_FILE_BYTES:
        raise InvalidWorkspaceFile(source, f"too large ({len(content) // (1024 * 1024)} MB); "
                                           f"allowed: at most {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidWorkspaceFile(source, f"not UTF-8 text (byte {exc.start}); "
                                           "a workspace file is JSON exported by Hourglass") from None
    try:
        doc = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise InvalidWorkspaceFile(source, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except (ValueError, RecursionError) as exc:
        raise InvalidWorkspaceFile(source, f"not valid JSON ({exc or 'nested too deeply'})") from None
    if not isinstance(doc, dict):
        raise InvalidWorkspaceFile(source, f"must hold a JSON object, not {type(doc).__name__}")
    return doc


def read_workspace_file(path: str | Path) -> dict:
    """Read and parse a workspace file; ``InvalidWorkspaceFile`` when it is not one.

    A missing or unreadable file raises ``OSError``.
    """
    path = Path(path)
    if path.is_dir():
        raise InvalidWorkspaceFile(str(path), "is a folder, not a file")
    with open(path, "rb") as fh:
        content = fh.read(MAX_FILE_BYTES + 1)
    return loads(content, str(path))


def dumps(doc: dict) -> bytes:
    """The bytes of a workspace file: UTF-8 JSON, indented, accents kept."""
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
