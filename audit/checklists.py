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
from .i18n import LANGS
from .model import CHANNELS, PERSONA_FIELDS, slugify

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
class Improvement:
    """One concrete action for a pack touchpoint that scores badly."""

    action: Text
    impact: int
    ease: int


@dataclass(frozen=True)
class SuggestedTouchpoint:
    key: str
    place: Placement
    name: Text
    channel: str
    owner: Text
    kpi: Text
    id: str = ""
    aliases: tuple[str, ...] = ()  # other names people use, either language
    importance: int | None = None  # typical importance, 1–5
    moment: bool = False  # one of the pack's key moments of truth (quick scan)
    improve: tuple[Improvement, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every name it is known by: both languages and the aliases."""
        return (self.name.en, self.name.es, *self.aliases)

    def best_improvement(self) -> Improvement | None:
        """The action with the highest impact × ease (first wins a tie)."""
        return max(self.improve, key=lambda i: i.impact * i.ease, default=None)


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
    about: tuple[str, ...] = ()  # ids of the pack touchpoints it is about
    is_key: bool = False  # one of the (at most two) questions asked first in its stage


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
        """The stage's questions, the key ones first (pack order otherwise)."""
        found = [q for q in self.questions if q.place.stage_in(framework) == stage_key]
        return sorted(found, key=lambda q: not q.is_key)

    def touchpoint(self, key_or_id: str) -> SuggestedTouchpoint | None:
        """The pack touchpoint with this key (``pack:stage:id``) or id."""
        return self._by_ref().get(key_or_id)

    def moments(self) -> list[SuggestedTouchpoint]:
        """The key moments of truth, in journey order (the quick scan's list)."""
        order = {k: i for i, k in enumerate(HOURGLASS_KEYS)}
        return sorted((t for t in self.touchpoints if t.moment), key=lambda t: order[t.place.stage])

    def questions_about(self, touchpoint_id: str) -> list[Question]:
        return [q for q in self.questions if touchpoint_id in q.about]

    def _by_ref(self) -> dict[str, SuggestedTouchpoint]:
        refs = self.__dict__.get("_refs")
        if refs is None:
            refs = {}
            for t in self.touchpoints:
                refs[t.key] = refs[t.id] = t
            self.__dict__["_refs"] = refs
        return refs

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
    for lang in LANGS:
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


def _flag(data: dict, name: str, file: str, entry: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise PackError(file, entry, f"'{name}' is {value!r}; allowed: true, false")
    return value


def _aliases(data: dict, file: str, entry: str) -> tuple[str, ...]:
    value = data.get("aliases", {})
    if not isinstance(value, dict) or set(value) - set(LANGS):
        raise PackError(file, entry, "'aliases' must be a table { en = [\"…\"], es = [\"…\"] }")
    out: list[str] = []
    for lang in LANGS:
        names = value.get(lang, [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise PackError(file, entry, f"'aliases.{lang}' must be a list of non-empty texts")
        out.extend(n.strip() for n in names)
    return tuple(out)


def _improvements(data: dict, file: str, entry: str) -> tuple[Improvement, ...]:
    value = data.get("improve", [])
    if not isinstance(value, list) or len(value) > 3:
        raise PackError(file, entry, "'improve' must be one to three [[touchpoint.improve]] tables")
    out = []
    for j, item in enumerate(value, 1):
        where = f"{entry} improve {j}"
        if not isinstance(item, dict):
            raise PackError(file, where, "must be a [[touchpoint.improve]] table")
        out.append(Improvement(_text(item, "action", file, where),
                               _score(item, "impact", file, where), _score(item, "ease", file, where)))
    return tuple(out)


def _importance(data: dict, file: str, entry: str) -> int | None:
    value = data.get("importance")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise PackError(file, entry, f"'importance' is {value!r}; allowed: a whole number from 1 to 5")
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
        if channel not in CHANNELS:
            raise PackError(file, entry, f"'channel' is {channel!r}; allowed: online, offline")
        tp_id = entry_data.get("id", slugify(tp_name.en))
        if not isinstance(tp_id, str) or not re.fullmatch(r"[a-z0-9-]+", tp_id):
            raise PackError(file, entry, f"'id' is {tp_id!r}; allowed: lower-case letters, digits and -")
        if tp_id in seen_tp:
            raise PackError(file, entry, f"id {tp_id!r} used twice in the pack")
        seen_tp.add(tp_id)
        touchpoints.append(SuggestedTouchpoint(
            key=f"{pack_id}:{place.stage}:{tp_id}", place=place, name=tp_name, channel=channel,
            owner=_text(entry_data, "owner", file, entry),
            kpi=_text(entry_data, "kpi", file, entry),
            id=tp_id, aliases=_aliases(entry_data, file, entry),
            importance=_importance(entry_data, file, entry),
            moment=_flag(entry_data, "moment", file, entry),
            improve=_improvements(entry_data, file, entry),
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
        about = entry_data.get("about", [])
        if not isinstance(about, list) or not all(isinstance(a, str) for a in about):
            raise PackError(file, entry, "'about' must be a list of touchpoint ids")
        unknown = [a for a in about if a not in seen_tp]
        if unknown:
            raise PackError(file, entry, f"'about' names {', '.join(unknown)}, not a touchpoint id of this pack")
        questions.append(Question(
            key=f"{pack_id}:{qid}", id=qid, place=_placement(entry_data, file, entry),
            text=_text(entry_data, "text", file, entry),
            action=_text(entry_data, "action", file, entry),
            why=_text(entry_data, "why", file, entry),
            impact=_score(entry_data, "impact", file, entry),
            ease=_score(entry_data, "ease", file, entry),
            about=tuple(about), is_key=_flag(entry_data, "key", file, entry),
        ))
    for stage in HOURGLASS_KEYS:
        keyed = [q.id for q in questions if q.is_key and q.place.stage == stage]
        if len(keyed) > 2:
            raise PackError(file, f"stage {stage}", f"{len(keyed)} key questions ({', '.join(keyed)}); allowed: at most 2")
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
