"""The map's answers as data: what the Hourglass page and the report both say.

``map_answers(data, lang)`` turns ``audit.insights`` into a list of
``Answer``s, one per question of DOMAIN.md (plus "after the sale"). Each
answer is a catalog key and lines (a catalog key and its values), and says how
many touchpoints — or counted stages — it rests on. Numbers are formatted for
``lang``; user text (stage, touchpoint and persona words) travels as ``User``
values, so each renderer escapes it its own way: ``line_text(line, lang,
escape)`` gives the finished sentence.

Rules the answers keep (tested):
- one stage is called the weakest (``insights.weakest_stage``); a line about
  feelings that names another stage names the weakest too;
- "which stage are most customers in" is answered only from counts;
- ratios between counted stages are called a conversion only down to the
  purchase stage; after it, the after-sale stages are counted against the
  buyers (came back, referred), never as a percentage of the stage above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import insights
from .charts import format_number, format_percent
from .i18n import normalise_lang, t
from .model import Persona, Stage, WorkspaceData

# Line styles: how a renderer shows a line.
TEXT, ITEM, HINT, WARNING = "text", "item", "hint", "warning"

#: Answers in the order they are shown.
QUESTIONS = ("leak", "customers", "moments", "sources", "gaps", "after_sale", "consistency")
#: Touchpoints listed per answer.
TOP = 5


class User(str):
    """User text inside an answer: the renderer escapes it."""


@dataclass(frozen=True)
class Line:
    key: str  # catalog key
    values: dict = field(default_factory=dict)
    style: str = TEXT
    stage: int | None = None  # id of the stage the line is about, if one


@dataclass(frozen=True)
class Answer:
    key: str  # one of QUESTIONS; the title is ``answers.<key>.title``
    lines: tuple[Line, ...]
    touchpoints: int | None = None  # how many touchpoints the answer rests on
    counted_stages: int | None = None  # … or how many stages with a customer count
    link: str | None = None  # a page to act on it: backlog, scoring, touchpoints, persona

    @property
    def title_key(self) -> str:
        return f"answers.{self.key}.title"

    def line(self, key: str) -> Line | None:
        """The first line with this catalog key (``answers.<answer>.`` may be left out)."""
        for line in self.lines:
            if line.key in (key, f"answers.{self.key}.{key}"):
                return line
        return None


def line_text(line: Line, lang: str, escape: Callable[[str], str] = str) -> str:
    """The finished sentence of a line; ``User`` values pass through ``escape``."""
    values = {k: escape(v) if isinstance(v, User) else v for k, v in line.values.items()}
    return t(line.key, lang, **values)


def basis_text(answer: Answer, lang: str) -> str:
    """"Based on 12 touchpoints" / "Based on customer counts for 5 stages"."""
    if answer.counted_stages is not None:
        n = answer.counted_stages
        key = "answers.basis.no_counts" if n == 0 else "answers.basis.counts_one" if n == 1 else "answers.basis.counts"
        return t(key, lang, n=n)
    n = answer.touchpoints or 0
    key = "answers.basis.none" if n == 0 else "answers.basis.one" if n == 1 else "answers.basis.many"
    return t(key, lang, n=format_number(n, lang))


def answer_title(answer: Answer, lang: str) -> str:
    return t(answer.title_key, lang)


# --- building ---------------------------------------------------------------

def primary_persona(personas: list[Persona]) -> Persona | None:
    primary = [p for p in personas if p.is_primary]
    ordered = sorted(primary or personas, key=lambda p: (p.position, p.id))
    return ordered[0] if ordered else None


class _Builder:
    def __init__(self, data: WorkspaceData, lang: str):
        self.lang = normalise_lang(lang)
        self.framework = data.workspace.framework
        self.data = data
        self.found = insights.map_insights(data.stages, data.touchpoints)

    # formatting
    def name(self, stage: Stage | None) -> User:
        return User(stage.display_name(self.framework, self.lang) if stage else "?")

    def names(self, stages) -> User:
        return User(", ".join(self.name(s) for s in stages))

    def n(self, value: int) -> str:
        return format_number(int(value), self.lang)

    def pct(self, ratio: float) -> str:
        return format_percent(ratio, self.lang)

    def emotion(self, value: float) -> str:
        text = f"{value:+.1f}".replace("-", "−")
        return text.replace(".", ",") if self.lang == "es" else text

    @staticmethod
    def health(value: float) -> int:
        return int(round(value))

    # the answers
    def leak(self) -> Answer:
        f, k = self.found, "answers.leak."
        lines = []
        if f.weakest is None:
            lines.append(Line(k + "unknown"))
        else:
            lines.append(Line(k + "weakest", {"stage": self.name(f.weakest.stage),
                                              "health": self.health(f.weakest.value)},
                              stage=f.weakest.stage.id))
        drop = f.biggest_drop
        if drop is not None:
            lines.append(Line(k + "drop", {
                "before": self.name(drop.before), "after": self.name(drop.after),
                "rate": self.pct(drop.rate), "after_count": self.n(drop.after_count),
                "before_count": self.n(drop.before_count), "lost": self.n(drop.lost)}))
        elif f.counted and not f.growth:
            lines.append(Line(k + "no_drop"))
        elif not f.counted:
            lines.append(Line(k + "counts_hint", style=HINT))
        return Answer("leak", tuple(lines), touchpoints=f.scored,
                      link="scoring" if f.weakest is None and f.touchpoints else None)

    def customers(self) -> Answer:
        f, k = self.found, "answers.customers."
        if not f.counted:
            return Answer("customers", (Line(k + "no_counts", style=HINT),), counted_stages=0)
        top = f.most_customers
        lines = [Line(k + "most", {"stage": self.name(top.stage), "n": self.n(top.value)},
                      stage=top.stage.id)]
        if f.funnel is not None:
            lines.append(Line(k + "funnel", {
                "first": self.name(f.funnel.before), "purchase": self.name(f.funnel.after),
                "first_count": self.n(f.funnel.before_count),
                "purchase_count": self.n(f.funnel.after_count), "rate": self.pct(f.funnel.rate)}))
        for g in f.growth:
            lines.append(Line(k + "growth", {"before": self.name(g.before), "after": self.name(g.after),
                                             "times": self.times(g)}, style=WARNING, stage=g.after.id))
        return Answer("customers", tuple(lines), counted_stages=f.counted_stages)

    def times(self, g: insights.Drop) -> str:
        if g.before_count == 0:
            return "∞"
        ratio = g.after_count / g.before_count
        text = f"{ratio:.1f}" if ratio < 10 else str(int(round(ratio)))
        return text.replace(".", ",") if self.lang == "es" else text

    def moments(self) -> Answer:
        f, k = self.found, "answers.moments."
        lines = []
        if f.interventions:
            n = len(f.interventions)
            lines.append(Line(k + ("interventions" if n > 1 else "interventions_one"), {"n": n}))
            for item in f.interventions[:TOP]:
                tp = item.touchpoint
                lines.append(Line(k + "finding", {
                    "touchpoint": User(tp.name), "stage": self.name(item.stage), "gap": item.gap,
                    "importance": tp.importance, "performance": tp.performance}, style=ITEM,
                    stage=item.stage.id if item.stage else None))
            if n > TOP:
                lines.append(Line(k + "more", {"n": n - TOP}, style=HINT))
        else:
            lines.append(Line(k + "none"))
        if f.strengths:
            lines.append(Line(k + "strengths", {"items": User(", ".join(
                f"{item.touchpoint.name} ({self.name(item.stage)})" for item in f.strengths[:3]))}))
        return Answer("moments", tuple(lines), touchpoints=f.scored,
                      link="backlog" if f.interventions else None)

    def sources(self) -> Answer:
        f, k = self.found, "answers.sources."
        lines = []
        persona = primary_persona(self.data.personas)
        said = persona.sources.strip().rstrip(".").strip() if persona else ""
        if said:
            who = persona.name.strip() or t("answers.sources.persona_unnamed", self.lang)
            lines.append(Line(k + "persona", {"persona": User(who), "sources": User(said)}))
        else:
            lines.append(Line(k + "no_persona", style=HINT))
        first = self.names(f.first_stages)
        if f.working_first:
            items = f.working_first[:TOP]
            one = len(f.working_first) == 1
            lines.append(Line(k + ("working_one" if one else "working"), {"stage": first, "n": len(f.working_first),
                                              "touchpoints": User(", ".join(tp.name for tp in items))}))
        elif f.first_touchpoints:
            lines.append(Line(k + "none_working", {"stage": first, "n": f.first_touchpoints}))
        else:
            lines.append(Line(k + "uncovered", {"stage": first}))
        first_counted = [s for s in f.first_stages if s.customers is not None]
        if first_counted:
            lines.append(Line(k + "counted", {"stage": self.name(first_counted[0]),
                                              "n": self.n(first_counted[0].customers)}))
        link = "persona" if not said else None if f.working_first else "touchpoints"
        return Answer("sources", tuple(lines), touchpoints=f.first_touchpoints, link=link)

    def gaps(self) -> Answer:
        f, k = self.found, "answers.gaps."
        lines = []
        if f.uncovered:
            one = len(f.uncovered) == 1
            lines.append(Line(k + ("uncovered_one" if one else "uncovered"),
                              {"n": len(f.uncovered), "stages": self.names(f.uncovered)}))
        else:
            lines.append(Line(k + "all_covered", {"n": f.stages}))
        if f.unscored:
            lines.append(Line(k + "unscored", {"stages": self.names(f.unscored)}))
        return Answer("gaps", tuple(lines), touchpoints=f.touchpoints,
                      link="scoring" if f.unscored else None)

    def after_sale(self) -> Answer:
        f, k = self.found, "answers.after_sale."
        if f.purchase is None or not f.after_sale:
            return Answer("after_sale", (Line(k + "no_stage"),), touchpoints=0)
        lines = [Line(k + "intro", style=HINT)]
        for state in f.after_sale:
            values = {"stage": self.name(state.stage), "n": state.coverage}
            if state.coverage == 0:
                key = "empty"
            elif state.health is None:
                key = "unscored"
            else:
                key = "health_one" if state.coverage == 1 else "health"
                values["health"] = self.health(state.health)
            lines.append(Line(k + key, values, style=ITEM, stage=state.stage.id))
        buyers = f.purchase.customers
        for state in f.after_sale:
            s = state.stage
            if s.customers is None:
                continue
            values = {"n": self.n(s.customers), "stage": self.name(s)}
            if s.key in insights.COMEBACK_KEYS and buyers and s.customers <= buyers:
                key = "came_back"
                values.update(buyers=self.n(buyers), rate=self.pct(s.customers / buyers))
            elif s.key in insights.COMEBACK_KEYS and buyers:
                key = "came_back_more"  # earlier buyers came back too: no percentage
                values.update(buyers=self.n(buyers))
            elif s.key in insights.COMEBACK_KEYS:
                key = "came_back_no_buyers"
            elif s.key in insights.REFER_KEYS:
                key = "referred"
            else:
                key = "reached"
            lines.append(Line(k + key, values, stage=s.id))
        tps = sum(state.coverage for state in f.after_sale)
        return Answer("after_sale", tuple(lines), touchpoints=tps,
                      link="touchpoints" if any(s.coverage == 0 for s in f.after_sale) else None)

    def consistency(self) -> Answer:
        f, k = self.found, "answers.consistency."
        c = f.consistency
        lines = []
        if c.verdict == insights.UNKNOWN:
            lines.append(Line(k + "unknown"))
        else:
            lines.append(Line(k + c.verdict, {
                "strongest": self.name(c.strongest.stage), "strongest_health": self.health(c.strongest.value),
                "weakest": self.name(c.weakest.stage), "weakest_health": self.health(c.weakest.value),
                "spread": self.health(c.spread)}, stage=c.weakest.stage.id))
        low = c.worst_feeling
        if low is not None:
            values = {"stage": self.name(low.stage), "emotion": self.emotion(low.value)}
            if f.weakest is None or f.weakest.stage.id == low.stage.id:
                lines.append(Line(k + "worst_feeling", values, stage=low.stage.id))
            else:
                values["weakest"] = self.name(f.weakest.stage)
                lines.append(Line(k + "worst_feeling_elsewhere", values, stage=low.stage.id))
        elif c.emotions_recorded:
            lines.append(Line(k + "no_bad_feeling"))
        else:
            lines.append(Line(k + "no_emotions", style=HINT))
        return Answer("consistency", tuple(lines), touchpoints=f.scored)


def map_answers(data: WorkspaceData, lang: str) -> list[Answer]:
    """Every answer of the map, in ``QUESTIONS`` order."""
    b = _Builder(data, lang)
    return [getattr(b, key)() for key in QUESTIONS]
