"""Checklist packs: suggested touchpoints, best-practice questions and a
persona template per industry, read from the TOML files described in
``checklists/README.md``.

A malformed pack is reported as a ``PackError`` (file, entry, problem) and
skipped; the other packs still load.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .frameworks import FRAMEWORKS, HOURGLASS_TO, PACK_FIELD
from .model import PERSONA_FIELDS, slugify

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "checklists"
GENERAL = "general"
HOURGLASS_KEYS = [s.key for s in FRAMEWORKS["hourglass"]]
ROUTE_KEYS = [s.key for s in FRAMEWORKS["purchase-route"]]
BDA_KEYS = [s.key for s in FRAMEWORKS["before-during-after"]]


@dataclass(frozen=True)
class Text:
    en: str
    es: str

    def __call__(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class Placement:
    stage: str
    route: str
    bda: str

    def stage_in(self, framework: str) -> str:
        return getattr(self, PACK_FIELD[framework])


@dataclass(frozen=True)
class SuggestedTouchpoint:
    key: str
    place: Placement
    name: Text
    channel: str
    owner: Text
    kpi: Text


@dataclass(frozen=True)
class Question:
    key: str
    id: str
    place: Placement
    text: Text
    action: Text
    why: Text
    impact: int
    ease: int


@dataclass
class Pack:
    id: str
    name: Text
    description: Text
    persona: dict[str, Text]
    touchpoints: list[SuggestedTouchpoint] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    path: str = ""

    def touchpoints_for(self, framework: str, stage_key: str | None) -> list[SuggestedTouchpoint]:
        return [t for t in self.touchpoints if t.place.stage_in(framework) == stage_key]

    def questions_for(self, framework: str, stage_key: str | None) -> list[Question]:
        return [q for q in self.questions if q.place.stage_in(framework) == stage_key]

    def persona_template(self, lang: str) -> dict[str, str]:
        return {k: t(lang) for k, t in self.persona.items()}

    def persona_fill(self, persona, lang: str) -> dict[str, str]:
        """The template's text for each field ``persona`` leaves empty: what
        "fill in the template" writes, never overwriting the user's words."""
        template = self.persona_template(lang)
        return {f: template[f] for f in PERSONA_FIELDS
                if template.get(f, "").strip() and not getattr(persona, f).strip()}


class PackError(ValueError):
    def __init__(self, file: str, entry: str, problem: str):
        self.file, self.entry, self.problem = file, entry, problem
        super().__init__(f"{file}: {entry}: {problem}")


@dataclass
class Library:
    packs: dict[str, Pack]
    errors: list[PackError]

    def pack(self, industry: str | None) -> Pack | None:
        """The pack for an industry, else the general one."""
        return self.packs.get(industry or GENERAL) or self.packs.get(GENERAL)

    def question(self, key: str) -> Question | None:
        pack_id, _, _ = key.partition(":")
        pack = self.packs.get(pack_id)
        if pack is None:
            return None
        return next((q for q in pack.questions if q.key == key), None)


def _text(data: dict, name: str, file: str, entry: str, *, required: bool = True) -> Text:
    value = data.get(name)
    if value is None and not required:
        return Text("", "")
    if not isinstance(value, dict):
        raise PackError(file, entry, f"'{name}' must be a table {{ en = \"…\", es = \"…\" }}")
    out = {}
    for lang in ("en", "es"):
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise PackError(file, entry, f"'{name}' needs a non-empty '{lang}' text")
        out[lang] = text.strip()
    return Text(**out)


def _placement(data: dict, file: str, entry: str) -> Placement:
    stage = data.get("stage")
    if stage not in HOURGLASS_KEYS:
        raise PackError(file, entry, f"'stage' is {stage!r}; allowed: {', '.join(HOURGLASS_KEYS)}")
    route = data.get("route", HOURGLASS_TO["route"][stage])
    if route not in ROUTE_KEYS:
        raise PackError(file, entry, f"'route' is {route!r}; allowed: {', '.join(ROUTE_KEYS)}")
    bda = data.get("bda", HOURGLASS_TO["bda"][stage])
    if bda not in BDA_KEYS:
        raise PackError(file, entry, f"'bda' is {bda!r}; allowed: {', '.join(BDA_KEYS)}")
    return Placement(stage, route, bda)


def _score(data: dict, name: str, file: str, entry: str) -> int:
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
        raise PackError(file, entry, f"'{name}' is {value!r}; allowed: a whole number from 1 to 10")
    return value


def parse_pack(data: dict, file: str) -> Pack:
    head = data.get("pack")
    if not isinstance(head, dict):
        raise PackError(file, "[pack]", "missing")
    pack_id = head.get("id")
    if not isinstance(pack_id, str) or not re.fullmatch(r"[a-z0-9_]+", pack_id):
        raise PackError(file, "[pack]", f"'id' is {pack_id!r}; allowed: lower-case letters, digits and _")
    name = _text(head, "name", file, "[pack]")
    description = _text(head, "description", file, "[pack]", required=False)
    persona_data = data.get("persona", {})
    if not isinstance(persona_data, dict):
        raise PackError(file, "[persona]", "must be a table")
    persona = {k: _text(persona_data, k, file, "[persona]") for k in PERSONA_FIELDS if k in persona_data}

    touchpoints = []
    seen_tp: set[str] = set()
    for i, entry_data in enumerate(data.get("touchpoint", []), 1):
        entry = f"touchpoint {i}"
        if not isinstance(entry_data, dict):
            raise PackError(file, entry, "must be a [[touchpoint]] table")
        place = _placement(entry_data, file, entry)
        tp_name = _text(entry_data, "name", file, entry)
        entry = f"touchpoint {i} ({tp_name.en})"
        channel = entry_data.get("channel")
        if channel not in ("online", "offline"):
            raise PackError(file, entry, f"'channel' is {channel!r}; allowed: online, offline")
        key = f"{pack_id}:{place.stage}:{slugify(tp_name.en)}"
        if key in seen_tp:
            raise PackError(file, entry, "the same touchpoint name twice in one stage")
        seen_tp.add(key)
        touchpoints.append(SuggestedTouchpoint(
            key=key, place=place, name=tp_name, channel=channel,
            owner=_text(entry_data, "owner", file, entry),
            kpi=_text(entry_data, "kpi", file, entry),
        ))

    questions = []
    seen_q: set[str] = set()
    for i, entry_data in enumerate(data.get("question", []), 1):
        entry = f"question {i}"
        if not isinstance(entry_data, dict):
            raise PackError(file, entry, "must be a [[question]] table")
        qid = entry_data.get("id")
        if not isinstance(qid, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", qid):
            raise PackError(file, entry, f"'id' is {qid!r}; allowed: letters, digits, - _ .")
        entry = f"question {qid}"
        if qid in seen_q:
            raise PackError(file, entry, "duplicate id")
        seen_q.add(qid)
        questions.append(Question(
            key=f"{pack_id}:{qid}", id=qid, place=_placement(entry_data, file, entry),
            text=_text(entry_data, "text", file, entry),
            action=_text(entry_data, "action", file, entry),
            why=_text(entry_data, "why", file, entry),
            impact=_score(entry_data, "impact", file, entry),
            ease=_score(entry_data, "ease", file, entry),
        ))
    return Pack(pack_id, name, description, persona, touchpoints, questions, path=file)


def pack_dirs() -> tuple[Path, ...]:
    dirs = [BUILTIN_DIR]
    extra = os.environ.get("HOURGLASS_CHECKLISTS")
    if extra:
        dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    return tuple(dirs)


def load_library(dirs: tuple[Path, ...] | None = None) -> Library:
    """Read every ``*.toml`` pack in ``dirs``; errors are collected, not raised."""
    return _load(tuple(dirs) if dirs is not None else pack_dirs())


@lru_cache(maxsize=8)
def _load(dirs: tuple[Path, ...]) -> Library:
    packs: dict[str, Pack] = {}
    errors: list[PackError] = []
    for folder in dirs:
        if not folder.is_dir():
            if folder != BUILTIN_DIR:
                errors.append(PackError(str(folder), "folder", "not found"))
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                with open(path, "rb") as fh:
                    data = tomllib.load(fh)
                pack = parse_pack(data, path.name)
            except tomllib.TOMLDecodeError as exc:
                errors.append(PackError(path.name, "file", f"not valid TOML ({exc})"))
                continue
            except UnicodeDecodeError:
                errors.append(PackError(path.name, "file", "not UTF-8 text"))
                continue
            except PackError as exc:
                errors.append(exc)
                continue
            if pack.id in packs:
                errors.append(PackError(path.name, "[pack]", f"id {pack.id!r} already used by {packs[pack.id].path}"))
                continue
            packs[pack.id] = pack
    return Library(packs, errors)
