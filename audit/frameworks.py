"""Journey frameworks: the stages each one starts a workspace with.

A stage has a stable ``key`` within its framework; checklist packs name the
Marketing Hourglass stage of each entry and map it to the other frameworks
(see ``checklists/README.md``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FrameworkStage:
    key: str
    en: str
    es: str

    def name(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


FRAMEWORKS: dict[str, tuple[FrameworkStage, ...]] = {
    "hourglass": (
        FrameworkStage("know", "Know", "Conocer"),
        FrameworkStage("like", "Like", "Gustar"),
        FrameworkStage("trust", "Trust", "Confiar"),
        FrameworkStage("try", "Try", "Probar"),
        FrameworkStage("buy", "Buy", "Comprar"),
        FrameworkStage("repeat", "Repeat", "Repetir"),
        FrameworkStage("refer", "Refer", "Referir"),
    ),
    "purchase-route": (
        FrameworkStage("discovery", "Discovery", "Descubrimiento"),
        FrameworkStage("consideration", "Consideration", "Consideración"),
        FrameworkStage("decision", "Decision", "Decisión"),
        FrameworkStage("retention", "Retention", "Retención"),
        FrameworkStage("recommendation", "Recommendation", "Recomendación"),
    ),
    "before-during-after": (
        FrameworkStage("before", "Before", "Antes"),
        FrameworkStage("during", "During", "Durante"),
        FrameworkStage("after", "After", "Después"),
    ),
}

DEFAULT_FRAMEWORK = "hourglass"

#: Which field of a checklist entry names its stage in each framework.
PACK_FIELD = {"hourglass": "stage", "purchase-route": "route", "before-during-after": "bda"}

#: Default mapping of a Marketing Hourglass stage to the other frameworks.
HOURGLASS_TO = {
    "route": {
        "know": "discovery", "like": "discovery", "trust": "consideration",
        "try": "consideration", "buy": "decision", "repeat": "retention",
        "refer": "recommendation",
    },
    "bda": {
        "know": "before", "like": "before", "trust": "before", "try": "before",
        "buy": "during", "repeat": "after", "refer": "after",
    },
}


class UnknownFramework(ValueError):
    def __init__(self, framework: str):
        self.framework = framework
        super().__init__(
            f"unknown framework {framework!r}; allowed: {', '.join(FRAMEWORKS)}"
        )


def stages_of(framework: str) -> tuple[FrameworkStage, ...]:
    try:
        return FRAMEWORKS[framework]
    except KeyError:
        raise UnknownFramework(framework) from None


def stage_keys(framework: str) -> list[str]:
    return [s.key for s in stages_of(framework)]


def default_stage_name(framework: str, key: str | None, lang: str) -> str | None:
    """The framework's own name of a stage in ``lang``; None for custom stages."""
    for stage in FRAMEWORKS.get(framework, ()):
        if stage.key == key:
            return stage.name(lang)
    return None
