"""Widget keys, built by named functions in one place (issue 12).

A widget's key names the workspace and the record it edits, so switching
workspace never shows another workspace's values and translating a label
never resets a widget. Pages call these functions; they never spell a key
as an f-string. Session-state names that are not widgets are the constants
of ``views.session.Keys``.
"""

from __future__ import annotations


# -- Start: Home, quick scan, workspace settings --------------------------------


def confirm_delete(kind: str, uid) -> str:
    """Not a widget: the token of a delete waiting for its confirmation
    (``messages.ask_confirm``): what kind of record, and which one."""
    return f"{kind}-{uid}"


#: The quick scan's first step (a new business): its form and fields, and
#: the slot of a refused start.
QUICK_FORM, QUICK_NAME, QUICK_INDUSTRY, QUICK_START = "quick-start", "quick-name", "quick-industry", "quick-start-error"
QUICK_NEW_SCAN = "quick-new-scan"


def quick(ws_id: int, part: str) -> str:
    """A quick-scan widget of a workspace (``part``: "build", "continue", "change",
    "chart", "download-<format>"; "built" and "error" are not widgets: the plan
    is shown, the slot of a refused answer)."""
    return f"quick-{ws_id}-{part}"


def quick_moment(ws_id: int, entry_id: str, part: str = "") -> str:
    """A key moment's answer (its checklist entry's id); ``part="box"``: its container."""
    return f"quick-{ws_id}-{entry_id}" + (f"-{part}" if part else "")


#: Home's widgets that name no workspace: "Continue", "Start the quick scan",
#: "Load the demo", the new workspace's form and its fields.
HOME_CONTINUE, HOME_QUICK, HOME_DEMO = "continue", "start_quick", "load_demo"
HOME_CREATE = "create_workspace"
HOME_PAGE = "home_page"  # which few workspaces the list shows
HOME_NEW = {"name": "new_name", "industry": "new_industry", "framework": "new_framework", "lang": "new_lang"}


def home_open(slug: str) -> str:
    return f"open_{slug}"


def workspace_menu(slug: str, part: str = "") -> str:
    """A workspace card's "Manage" popover on Home (no ``part``) and its tabs ("tab")."""
    return f"ws_menu_{part}_{slug}" if part else f"ws_menu_{slug}"


def workspace_delete(slug: str, part: str) -> str:
    """The "Delete" tab of a workspace's menu; ``part``: "name" (the name typed
    to confirm), "yes"."""
    return f"del_{part}_{slug}"


def workspace_setting(slug: str, part: str) -> str:
    """The "Settings" tab of a workspace's menu (``part``: "name", "industry", "lang")."""
    return f"ws_{part}_{slug}"


def new_client(slug: str, part: str = "") -> str:
    """The "New client from this" tab of a workspace's menu: its form (no ``part``) and
    its widgets ("name", "industry", "scores", "answers", "backlog",
    "create"; "error": not a widget, the slot of a refusal)."""
    return f"new_client_{slug}" + (f"_{part}" if part else "")


def share(slug: str, part: str, n: int | None = None) -> str:
    """The "Share" tab of a workspace's menu (``home_share``): ``part``
    "email", "form", "add", or "remove" with the e-mail's position ``n``."""
    if part == "remove":
        return f"unshare_{slug}_{n}"
    return f"share_{part}_{slug}"


def conflict(slot: str, part: str = "") -> str:
    """The choice shown under a widget whose save met someone else's change
    (views/conflicts.py): its box (no ``part``), "keep" (theirs) or "mine"."""
    return f"conflict-{part}-{slot}" if part else f"conflict-{slot}"


def next_step(page: str) -> str:
    """The "Next" line that ends a step page."""
    return f"next-{page}"


# -- Map: persona, journey -----------------------------------------------------


def persona_field(ws_id: int, uid: str, field: str) -> str:
    """A persona's text field (``field``: a ``PERSONA_FIELDS`` name)."""
    return f"persona-{ws_id}-{uid}-{field}"


def persona_delete(ws_id: int, uid: str, answer: str = "") -> str:
    """A persona's "Delete" (``answer``: "yes" or "no" for its confirmation)."""
    return f"persona-{ws_id}-{uid}-delete" + (f"-{answer}" if answer else "")


def persona_tabs(ws_id: int) -> str:
    return f"persona-{ws_id}-tabs"


def persona_open(ws_id: int) -> str:
    """Not a widget: the uid of the persona whose tab is open."""
    return f"persona-{ws_id}-open"


def persona_fill(ws_id: int) -> str:
    return f"persona-{ws_id}-fill"


def persona_add(ws_id: int) -> str:
    return f"persona-{ws_id}-add"


def journey_stage(ws_id: int, uid: str, part: str) -> str:
    """A stage's widget: a text field (``part``: "name" or a ``STAGE_TEXT_FIELDS``
    name) or a control ("left", "right", "delete")."""
    return f"journey-{ws_id}-{uid}-{part}"


def journey_framework(ws_id: int, part: str = "") -> str:
    """The framework radio; with ``part``: "pending" (not a widget: a switch
    waiting for its confirmation), "yes", "no" (its two answers)."""
    return f"journey-{ws_id}-framework" + (f"-{part}" if part else "")


def journey_edit(ws_id: int) -> str:
    """The "Rename, reorder, add or delete stages" toggle."""
    return f"journey-{ws_id}-edit"


def journey_new_stage(ws_id: int) -> str:
    """The name of a stage to add."""
    return f"journey-{ws_id}-new-stage"


def journey_add(ws_id: int) -> str:
    """The "Add stage" button (also the slot of a refused new stage)."""
    return f"journey-{ws_id}-add"


def journey_add_form(ws_id: int) -> str:
    return f"journey-{ws_id}-add-form"


def journey_stages(ws_id: int) -> str:
    """Not a widget: the slot of a refused move or delete of a stage."""
    return f"journey-{ws_id}-stages"


# -- Audit: touchpoints, scoring, checklist --------------------------------------


# touchpoints (views/touchpoints*.py) ---------------------------------------------
def tp_editor(ws_id: int, stage_id: int) -> str:
    """A stage's touchpoint table (the base of ``table_editing.table_editor``)."""
    return f"tp-{ws_id}-{stage_id}"


def tp_all_editor(ws_id: int) -> str:
    """The table of every touchpoint, all stages."""
    return f"tp-{ws_id}-all"


def tp_add_all_row(ws_id: int) -> str:
    """The row of "Add all suggestions" buttons above the full list."""
    return f"tp-add-all-{ws_id}"


def tp_add_all(ws_id: int, stage_id: int, where: str) -> str:
    """A stage's "Add all suggestions" (``where``: "all" above the list, "tab" in the stage's tab)."""
    return f"tp-add-all-{where}-{ws_id}-{stage_id}"


def tp_suggest(ws_id: int, stage_id: int, suggestion_key: str) -> str:
    return f"tp-suggest-{ws_id}-{stage_id}-{suggestion_key}"


def tp_quick(ws_id: int, stage_id: int) -> str:
    """A stage's quick-capture text area (also the slot of its problem)."""
    return f"tp-quick-{ws_id}-{stage_id}"


def tp_quick_add(ws_id: int, stage_id: int) -> str:
    return f"{tp_quick(ws_id, stage_id)}-add"


def tp_tabs(ws_id: int) -> str:
    return f"tp-tabs-{ws_id}"


def tp_open(ws_id: int) -> str:
    """Not a widget: the id of the stage whose tab is open."""
    return f"tp-open-{ws_id}"


def tp_import(ws_id: int) -> str:
    """The import's uploader (also the slot of the import's problem)."""
    return f"tp-import-{ws_id}"


def tp_import_remove(ws_id: int) -> str:
    return f"tp-import-remove-{ws_id}"


def tp_import_apply(ws_id: int) -> str:
    return f"{tp_import(ws_id)}-go"


def tp_file_format(ws_id: int) -> str:
    return f"tp-template-format-{ws_id}"


def tp_template(ws_id: int, lang: str, fmt: str) -> str:
    return f"tp-template-{ws_id}-{lang}-{fmt}"


def tp_inventory(ws_id: int, lang: str, fmt: str) -> str:
    return f"tp-inventory-{ws_id}-{lang}-{fmt}"


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
    ``download-format``, ``download``, ``own`` (the own-item expander), ``new`` (its form),
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
