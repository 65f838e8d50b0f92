"""Every size limit, in one place (DESIGN.md, "Files in and out" → Limits).

The app, the command line and workspace files read these: an upload the
page refuses, the command line refuses too, and a workspace the app can hold
it can export and import again. ``.streamlit/config.toml``'s
``server.maxUploadSize`` is ``UPLOAD_MB`` (a test checks it), so the server
itself refuses a bigger upload before any of it is parsed.
"""

from __future__ import annotations

#: Largest touchpoint file (CSV or XLSX), in megabytes; the server's own cap.
UPLOAD_MB = 10
MAX_UPLOAD_BYTES = UPLOAD_MB * 2**20

#: Touchpoints one file may hold, and one workspace (the scoring and the
#: backlog of a journey stay fast well beyond any real one).
MAX_TOUCHPOINTS_PER_FILE = 5_000
MAX_TOUCHPOINTS_PER_WORKSPACE = 5_000

#: Cells a row of a touchpoint file may fill (trailing empty cells do not count).
MAX_CELLS_PER_ROW = 100

#: Characters in any one text field (a name, a note, a persona's goals).
MAX_TEXT = 20_000

#: An XLSX is a zip: the sum of its members' sizes, read from the zip's
#: directory before anything is unpacked. A real 5,000-row inventory
#: unpacks to a few megabytes.
MAX_UNPACKED_MB = 64
MAX_UNPACKED_BYTES = MAX_UNPACKED_MB * 2**20

#: Largest workspace file read. A workspace at every limit above (5,000
#: touchpoints with long notes, their backlog, snapshots) stays well under
#: it, so what the app exports it can import again.
WORKSPACE_FILE_MB = 256
MAX_WORKSPACE_FILE_BYTES = WORKSPACE_FILE_MB * 2**20

#: Backlog items a workspace file may bring (generation makes at most about
#: two per touchpoint, plus one per stage and checklist question).
MAX_BACKLOG_ITEMS = 4 * MAX_TOUCHPOINTS_PER_WORKSPACE
