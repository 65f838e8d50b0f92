"""The backlog for issue trackers (DESIGN.md, "Files in and out").

Jira, Asana and Linear import a CSV; each file here has the columns that
tool's own importer documents, with their fixed English names:

- **Jira** — "Create issues using the CSV importer" and "Importing data from
  CSV" (support.atlassian.com/jira-software-cloud/docs/create-issues-using-the-csv-importer/,
  confluence.atlassian.com/servicedeskcloud/importing-data-from-csv-1097176622.html):
  a header row with a ``Summary`` column (required), then ``Issue Type``,
  ``Description``, ``Priority``, ``Due Date``, ``Assignee`` (an e-mail
  address); a field with several values (``Labels``) is one column per value
  under the same header, and a label has no spaces. Priorities are Jira's
  default scheme (Highest … Lowest); dates are ``yyyy-MM-dd``, the format to
  give the wizard's "Date format" step.
- **Asana** — "CSV importer" (asana.com/guide/help/api/csv-importer): ``Name``,
  ``Description``, ``Assignee`` (an e-mail address), ``Due Date``
  (MM/DD/YYYY), ``Section/Column``; any other column (``Priority``) becomes a
  custom field.
- **Linear** — "Importer" (linear.app/docs/import-issues), Linear CSV, read by
  the importer in github.com/linear/linear (packages/import, LinearCsvImporter):
  ``Title``, ``Description``, ``Priority`` (Urgent, High, Medium, Low, No
  priority), ``Status`` (a workflow state's name), ``Assignee``, ``Labels``
  (separated by ", "). That importer strips the ``'`` a formula-neutralised
  cell starts with.
- **GitHub** has no CSV importer for issues: its users create them with the
  GitHub CLI (cli.github.com/manual/gh_issue_create, ``gh issue create
  --title … --body … --label …``; labels must exist, hence ``gh label create
  … --force`` first). The file is a POSIX shell script of those commands,
  every value single-quoted (``shlex.quote``): nothing in a title or a
  description is run. Load it with ``GH_REPO=owner/name sh FILE.sh``.

Only the open items go (not resolved by the audit, status to do or doing),
in rank order; the rank is the one of the full backlog download. The
priority comes from that rank (``tier``). The why (the item's description),
stage, touchpoint, source, audience, owner, KPI and target, dates and the
ICE score are written in the description, in the chosen language. Every text
cell of the CSVs goes through ``exports.neutralise``; the files are UTF-8
without BOM (Linear's importer would read a BOM as part of the first
header), CRLF line ends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shlex

from .backlog import ranked
from .exports import neutralise
from .i18n import normalise_lang, t
from .model import OPEN_STATUSES, BacklogItem, Stage

TOOLS = ("jira", "asana", "linear", "github")

JIRA_COLUMNS = ("Summary", "Issue Type", "Description", "Priority", "Labels", "Labels", "Due Date", "Assignee")
ASANA_COLUMNS = ("Name", "Description", "Assignee", "Due Date", "Section/Column", "Priority")
LINEAR_COLUMNS = ("Title", "Description", "Priority", "Status", "Assignee", "Labels")
COLUMNS = {"jira": JIRA_COLUMNS, "asana": ASANA_COLUMNS, "linear": LINEAR_COLUMNS}

#: Rank → tier: the five to start this week (the backlog page's cards), the
#: next ten, the next twenty-five, the rest.
TIER_LIMITS = (5, 15, 40)
PRIORITIES = {
    "jira": ("Highest", "High", "Medium", "Low"),
    "asana": ("High", "High", "Medium", "Low"),
    "linear": ("Urgent", "High", "Medium", "Low"),
    "github": ("priority: urgent", "priority: high", "priority: medium", "priority: low"),
}
LINEAR_STATUS = {"todo": "Todo", "doing": "In Progress"}
LABEL = "hourglass"
LABEL_COLOURS = {LABEL: "6d28d9", "priority: urgent": "b91c1c", "priority: high": "ea580c",
                 "priority: medium": "ca8a04", "priority: low": "65a30d"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def tier(rank: int) -> int:
    """0 (highest) … 3 (lowest) for a rank 1, 2, …"""
    return sum(1 for limit in TIER_LIMITS if rank > limit)


def priority(tool: str, rank: int) -> str:
    return PRIORITIES[tool][tier(rank)]


def open_items(items: list[BacklogItem]) -> list[tuple[int, BacklogItem]]:
    """``(rank, item)`` of the items still to do, ranks as in the full download."""
    return [(rank, item) for rank, item in enumerate(ranked(items), 1)
            if not item.resolved_by_audit and item.status in OPEN_STATUSES]


def email(owner: str) -> str:
    """The owner when it is an e-mail address (what the importers match people by), else ""."""
    owner = (owner or "").strip()
    return owner if _EMAIL.fullmatch(owner) else ""


def _number(value: float, lang: str) -> str:
    value = float(value)
    text = str(int(value)) if value.is_integer() else f"{value:.1f}"
    return text.replace(".", ",") if lang == "es" else text


def _date(text: str, lang: str) -> str:
    try:
        day = dt.date.fromisoformat((text or "")[:10])
    except ValueError:
        return text or ""
    return t("backlog.date", lang, d=day.day, y=day.year, month=t(f"backlog.month.{day.month}", lang))


def description(item: BacklogItem, rank: int, stage: str, lang: str, *, dates: bool = True) -> str:
    """The why first, then one line per fact, in ``lang`` (plain text that
    reads as a list in Markdown and in Jira's wiki markup alike: "* " bullets, never a
    formula start)."""
    lines = []
    if item.detail:
        lines += [f"{t('tracker.why', lang)}: {item.detail}", ""]
    facts = [
        ("export.stage", stage),
        ("export.touchpoint", item.touchpoint),
        ("export.source", t(f"source.{item.source}", lang)),
        ("export.audience", item.audience),
        ("export.owner", item.owner),
        ("export.kpi", item.kpi),
        ("export.kpi_target", item.kpi_target),
        ("export.due_date", _date(item.due_date, lang) if dates else ""),
        ("export.review_date", _date(item.review_date, lang)),
        ("export.ice", t("tracker.ice", lang, ice=_number(item.ice, lang), impact=_number(item.impact, lang),
                         confidence=_number(item.confidence, lang), ease=_number(item.ease, lang))),
        ("export.gap", "" if item.gap is None else _number(item.gap, lang)),
        ("export.rank", str(rank)),
    ]
    lines += [f"* {t(key, lang)}: {value}" for key, value in facts if value]
    lines += ["", t("tracker.footer", lang)]
    return "\n".join(lines)


def _rows(tool: str, items, stages: list[Stage], framework: str, lang: str):
    names = {s.uid: s.display_name(framework, lang) for s in stages}
    for rank, item in open_items(items):
        stage = names.get(item.stage_uid, "")
        due = item.due_date[:10] if item.due_date else ""
        if tool == "jira":
            yield [item.title, "Task", description(item, rank, stage, lang, dates=False), priority(tool, rank),
                   LABEL, f"{LABEL}-{item.source}", due, email(item.owner)]
        elif tool == "asana":
            try:
                us_due = dt.date.fromisoformat(due).strftime("%m/%d/%Y") if due else ""
            except ValueError:
                us_due = ""
            yield [item.title, description(item, rank, stage, lang, dates=False), email(item.owner), us_due,
                   stage, priority(tool, rank)]
        else:  # linear
            labels = ", ".join((LABEL, t(f"source.{item.source}", lang)))
            yield [item.title, description(item, rank, stage, lang), priority(tool, rank),
                   LINEAR_STATUS.get(item.status, "Todo"), email(item.owner), labels]


def tracker_csv(items: list[BacklogItem], *, stages: list[Stage], framework: str, lang: str = "en",
                tool: str = "jira") -> bytes:
    """The open backlog as the CSV ``tool``'s importer reads (``COLUMNS[tool]``)."""
    if tool not in COLUMNS:
        raise ValueError(f"unknown tracker {tool!r}; allowed: {', '.join(COLUMNS)}")
    lang = normalise_lang(lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS[tool])
    for row in _rows(tool, items, stages, framework, lang):
        writer.writerow([neutralise(cell.replace("\x00", "")) for cell in row])
    return out.getvalue().encode("utf-8", errors="replace")


def _quote(value: str) -> str:
    return shlex.quote(value.replace("\x00", ""))


def github_script(items: list[BacklogItem], *, stages: list[Stage], framework: str, lang: str = "en") -> bytes:
    """A ``sh`` script of ``gh label create`` and ``gh issue create`` commands, one issue per open item."""
    lang = normalise_lang(lang)
    names = {s.uid: s.display_name(framework, lang) for s in stages}
    issues = []
    for rank, item in open_items(items):
        labels = (LABEL, priority("github", rank))
        body = description(item, rank, names.get(item.stage_uid, ""), lang)
        issues.append((item.title, body, labels))
    used = [label for label in LABEL_COLOURS if any(label in labels for _, _, labels in issues)]
    lines = [
        "#!/bin/sh",
        f"# Hourglass backlog for GitHub issues: {len(issues)} issues, in rank order.",
        "# GitHub has no CSV import for issues: this script uses the GitHub CLI",
        "# (https://cli.github.com/manual/gh_issue_create). Log in once (gh auth login),",
        "# then run it in a clone of the repository, or name the repository:",
        "#   GH_REPO=owner/name sh THIS_FILE.sh",
        "# Every value is single-quoted: nothing in a title or a description is run.",
        "set -eu",
    ]
    lines += [f"gh label create {_quote(label)} --color {LABEL_COLOURS[label]} --force" for label in used]
    for title, body, labels in issues:
        flags = " ".join(f"--label={_quote(label)}" for label in labels)
        lines.append(f"gh issue create --title={_quote(title)} --body={_quote(body)} {flags}")
    return ("\n".join(lines) + "\n").encode("utf-8", errors="replace")


def tracker_file(items: list[BacklogItem], *, stages: list[Stage], framework: str, lang: str = "en",
                 tool: str = "jira") -> bytes:
    if tool == "github":
        return github_script(items, stages=stages, framework=framework, lang=lang)
    return tracker_csv(items, stages=stages, framework=framework, lang=lang, tool=tool)
