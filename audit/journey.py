"""Rules of the journey page that are the engine's to decide."""

from __future__ import annotations

from typing import Sequence

from .model import STAGE_TEXT_FIELDS, Stage


def stage_has_text(stage: Stage) -> bool:
    """Has the user written anything on this stage (or added it)?"""
    return stage.key is None or any(getattr(stage, f).strip() for f in ("name",) + STAGE_TEXT_FIELDS)


def switching_loses_text(stages: Sequence[Stage], n_touchpoints: int) -> bool:
    """Would switching framework now delete text the user wrote?

    Switching replaces the stages, and is refused while any touchpoint
    exists (``Store.set_framework``): then nothing can be lost and the store
    gives the reason. Otherwise it loses text when a stage has some."""
    return not n_touchpoints and any(stage_has_text(s) for s in stages)
