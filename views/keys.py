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


# -- Build: backlog, hourglass, report, compare ------------------------------------
