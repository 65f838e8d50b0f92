"""Widget keys, built by named functions in one place (issue 12).

A widget's key names the workspace and the record it edits, so switching
workspace never shows another workspace's values and translating a label
never resets a widget. Pages call these functions; they never spell a key
as an f-string. Session-state names that are not widgets are the constants
of ``views.session.Keys``.
"""

from __future__ import annotations


# -- Start: Home, quick scan, workspace settings --------------------------------


# -- Map: persona, journey -----------------------------------------------------


# -- Audit: touchpoints, scoring, checklist --------------------------------------


def scoring(ws_id: int, part: str) -> str:
    """A Scoring page widget or state of the whole workspace: ``table`` (the
    table view's editor), ``table-view``, ``show`` (stage filter), ``page``,
    ``whole`` / ``charts-shown`` (fragment state), ``charts``, ``ipa``,
    ``emotion``, ``moments``."""
    return f"scoring-{ws_id}-{part}"


def scoring_touchpoint(ws_id: int, uid: str, part: str) -> str:
    """One touchpoint's row on the Scoring page: a field (``importance``,
    ``pain_points``…), ``notes`` or ``row``."""
    return f"scoring-{ws_id}-{uid}-{part}"


def checklist_answer(ws_id: int, question_key: str) -> str:
    """The radio of one checklist question."""
    return f"checklist-{ws_id}-{question_key}"


def checklist_stage(ws_id: int, stage_uid: str, part: str) -> str:
    """A stage's ``all-yes`` button or ``more`` expander on the Checklist page."""
    return f"checklist-{ws_id}-{stage_uid}-{part}"


# -- Build: backlog, hourglass, report, compare ------------------------------------


def backlog(ws_id: int, part: str) -> str:
    """A Backlog page widget or state: ``table``, ``order``, ``keep-order``,
    ``sort-now``, ``sort``, ``regenerate``, ``all-columns``, ``f-status``,
    ``f-source``, ``f-stage``, ``detail-pick``, ``resolved``, ``downloads``,
    ``download-format``, ``download``, ``new`` (the own-item form),
    ``new-error``."""
    return f"backlog-{ws_id}-{part}"


def backlog_new(ws_id: int, field: str) -> str:
    """A field of the own-item form (``title``, ``detail``, ``impact``…)."""
    return f"backlog-{ws_id}-new-{field}"


def backlog_item(ws_id: int, uid: str, part: str) -> str:
    """One item's field in the detail panel (``detail``, ``owner``, ``review``,
    ``delete``…)."""
    return f"backlog-{ws_id}-{uid}-{part}"


def backlog_card(ws_id: int, uid: str) -> str:
    """One "this week" card."""
    return f"backlog-{ws_id}-card-{uid}"


def hourglass(ws_id: int, part: str) -> str:
    """An Hourglass page widget: ``chart``, ``png``, ``svg``, ``counts-panel``,
    ``counts`` (the counts editor), ``clear``, ``answer-<key>``."""
    return f"hourglass-{ws_id}-{part}"


def report(ws_id: int, part: str) -> str:
    """A Report page widget of one workspace: ``s-<section>``, ``since``,
    ``top``, ``html``, ``pdf``."""
    return f"report-{ws_id}-{part}"


def report_agency(part: str) -> str:
    """The agency's widgets (the same for every workspace): ``name``,
    ``accent``, ``logo``, ``logo-remove``."""
    return f"report-agency-{part}"


def compare(ws_id: int, part: str) -> str:
    """A Compare page widget: ``label``, ``before``, ``after``, ``take``, ``metric``."""
    return f"cmp-{part}-{ws_id}"
