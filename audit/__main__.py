"""The command line: ``python -m audit [--db PATH] VERB …``.

A thin face over the library, like ``sqlite_utils/cli.py``: each verb opens
the store, calls ``audit`` and prints one short line. Exit 0 on success; on
bad input exit 2 with one line ``hourglass: error: …`` on stderr, never a
traceback (set ``HOURGLASS_DEBUG=1`` to see one for an unexpected error).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from . import access, backlog, compare, exports, frameworks, inventory, reimport, report, snapshot, workbook
from .backup import BackupError, backup, restore
from .checklists import Library, load_library
from .demo import load_demo
from .faults import StoreFault
from .frameworks import UnknownFramework
from .i18n import LANGS
from .model import InvalidValue
from .store import AmbiguousWorkspace, Store
from .store_errors import CLI_AUTHOR, StoreError, WorkspaceNotFound
from .workspace_file import (
    InvalidWorkspaceFile,
    dumps,
    export_workspace,
    import_workspace,
    read_workspace_file,
)

PROG = "python -m audit"
ERROR = "hourglass: error:"
WARNING = "hourglass: warning:"


class UsageError(Exception):
    """Bad command-line input found by argparse or by a verb."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage block
        verb = self.prog[len(PROG):].strip()
        hint = f"see {PROG} {verb + ' ' if verb else ''}--help"
        raise UsageError(f"{verb + ': ' if verb else ''}{message} ({hint})")


# -- helpers ----------------------------------------------------------------
def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _warn(text: str) -> None:
    print(f"{WARNING} {_one_line(text)}", file=sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _write_bytes(data: bytes, target: str | None) -> None:
    """Write to ``target``, or to stdout when it is None or ``-``."""
    if target in (None, "-"):
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8-sig"))
        return
    Path(target).write_bytes(data)


def _library() -> Library:
    library = load_library()
    for error in library.errors:
        _warn(f"checklist pack skipped: {error}")
    return library


def _check_industry(industry: str, library: Library) -> None:
    if industry not in library.packs:
        raise UsageError(f"unknown industry {industry!r}; allowed: {', '.join(sorted(library.packs))}")


# -- verbs --------------------------------------------------------------------
def cmd_workspaces(store: Store, args) -> None:
    for ws in store.workspaces():
        count = len(store.touchpoints(ws.id))
        _out("\t".join(_one_line(v) for v in (ws.slug, ws.name, ws.industry, ws.framework, str(count))))


def cmd_demo(store: Store, args) -> None:
    loaded = load_demo(store, library=_library())
    if loaded:
        for ws in loaded:
            _out(f"loaded demo workspace {ws.slug} ({ws.name})")
    else:
        _out("the demo workspaces are already loaded")


def cmd_import_touchpoints(store: Store, args) -> None:
    library = _library()
    if args.industry:
        _check_industry(args.industry, library)
    content = Path(args.file).read_bytes()
    filename = Path(args.file).name
    with _transaction(store, dry_run=args.dry_run):  # a bad file leaves no new workspace behind
        ws = store.find_workspace(args.workspace)
        if ws is None:
            # a new workspace speaks the file's language (Spanish headers: es) unless --lang says
            lang = args.lang or inventory.header_language(content, filename) or "en"
            ws = store.create_workspace(
                args.workspace, industry=args.industry or "general",
                framework=args.framework or frameworks.DEFAULT_FRAMEWORK, lang=lang)
        else:
            if args.framework and args.framework != ws.framework:
                store.set_framework(ws.id, args.framework)
            changes = {k: v for k, v in (("industry", args.industry), ("lang", args.lang))
                       if v and v != getattr(ws, k)}
            if changes:
                store.update_workspace(ws.id, **changes)
            ws = store.workspace(ws.id)
        parsed, plan = reimport.reimport(store, ws.id, content, filename,
                                         remove_missing=args.remove_missing, dry_run=args.dry_run)
        stages = store.stages(ws.id)
        if not args.dry_run and (not plan.empty or args.lang or args.industry):
            backlog.regenerate(store, ws.id, library)  # new rows, or a new language or pack
    for warning in parsed.warning_texts(args.lang or ws.lang):
        _warn(warning)
    _print_plan(plan, stages, ws)
    if plan.empty:
        _out(f"nothing to change in {ws.slug}")
    elif args.dry_run:
        _out(f"dry run: nothing written to {ws.slug}")
    else:
        counts = plan.counts()
        removed = counts["missing"] if plan.remove_missing else 0
        _out(f"imported into {ws.slug}: {counts['new']} added, {counts['changed']} updated, {removed} removed")


class _DryRun(Exception):
    """Raised at the end of a dry run's transaction to roll it back."""


@contextlib.contextmanager
def _transaction(store: Store, *, dry_run: bool):
    """One write transaction; a dry run's is rolled back, even a new workspace."""
    try:
        with store.transaction():
            yield
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass


def _cell_text(value) -> str:
    if value is None or value == "":
        return "(empty)"
    text = _one_line(value)
    return f"“{text if len(text) <= 40 else text[:40] + '…'}”" if isinstance(value, str) else text


def _print_plan(plan: reimport.ReimportPlan, stages, ws) -> None:
    """The plan, one line per touchpoint added, changed or not in the file, then the counts."""
    names = {s.id: s.display_name(ws.framework, "en") for s in stages}

    def where(stage_id: int, name: str) -> str:
        return _one_line(f"{names.get(stage_id, '?')} · {name}")

    for number, row in zip(plan.new_rows, plan.new):
        _out(f"+ {where(row['stage_id'], row['name'])} (row {number})")
    for change in plan.changed:
        fields = "; ".join(f"{f}: {_cell_text(old)} → {_cell_text(new)}"
                           for f, (old, new) in change.fields.items())
        _out(f"~ {where(change.stage_id, change.name)} (row {change.file_row}): {fields}")
    for tp in plan.missing:
        fate = "removed" if plan.remove_missing else "kept; --remove-missing removes it"
        _out(f"- {where(tp.stage_id, tp.name)} (not in the file; {fate})")
    counts = plan.counts()
    _out(f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, "
         f"{counts['missing']} not in the file")


def cmd_backlog(store: Store, args) -> None:
    ws = store.workspace(args.workspace)
    library = _library()
    # An export writes only when the audit changed since the last
    # regeneration: an up-to-date backlog is read, never locked for writing.
    if not backlog.plan(store.workspace_data(ws.id), library, store.backlog_items(ws.id)).empty:
        backlog.regenerate(store, ws.id, library)
    items = backlog.ranked(store.backlog_items(ws.id))
    data = exports.backlog_file(items, stages=store.stages(ws.id), framework=ws.framework,
                                lang=args.lang or ws.lang, fmt=args.format)
    _write_bytes(data, args.output)
    if args.output not in (None, "-"):
        _out(f"wrote {len(items)} backlog items of {ws.slug} to {args.output}")


def cmd_workbook(store: Store, args) -> None:
    ws = store.workspace(args.workspace)
    library = _library()
    backlog.regenerate(store, ws.id, library)
    data = workbook.audit_xlsx(store.workspace_data(ws.id), store.backlog_items(ws.id),
                               pack=library.pack(ws.industry), lang=args.lang or ws.lang)
    _write_bytes(data, args.output)
    if args.output != "-":
        _out(f"wrote the audit of {ws.slug} to {args.output}")


def cmd_export(store: Store, args) -> None:
    ws = store.workspace(args.workspace)
    _write_bytes(dumps(export_workspace(store, ws.id)), args.output)
    if args.output != "-":
        _out(f"exported {ws.slug} to {args.output}")


def cmd_import_workspace(store: Store, args) -> None:
    ws = import_workspace(store, read_workspace_file(args.file), as_name=args.as_name,
                          packs=set(_library().packs))
    _out(f"imported workspace {ws.slug} ({ws.name})")


def cmd_snapshot(store: Store, args) -> None:
    ws = store.workspace(args.workspace)
    snapshot_id = snapshot.take(store, ws, _library(), label=args.label or "")
    _out(f"snapshot {snapshot_id} taken of {ws.slug}")


def cmd_backup(store: Store, args) -> None:
    info = backup(store, args.output)
    _out(f"backed up {info.workspaces} workspaces ({info.bytes // 1024} KB) to {info.path}")


def cmd_restore(store: Store, args) -> None:
    count = restore(store, args.file, force=args.force)
    _out(f"restored {count} workspaces from {args.file} into {store.path}")


def cmd_report(store: Store, args) -> None:
    ws = store.workspace(args.workspace)
    suffix = Path(args.output).suffix.lower().lstrip(".")
    if suffix not in ("html", "pdf"):
        raise UsageError(f"report: -o must end in .html or .pdf, not {args.output!r}")
    sections = None
    if args.sections:
        sections = [s.strip() for part in args.sections for s in part.split(",") if s.strip()]
        unknown = [s for s in sections if s not in report.available_sections()]
        if unknown:
            raise UsageError(f"report: unknown section {unknown[0]!r} "
                             f"(allowed: {', '.join(report.available_sections())})")
    else:
        sections = store.report_settings(ws.id)["sections"]
    saved = store.report_settings(ws.id)
    since = saved["snapshot"] or None
    if args.since:
        try:
            since = compare.find_snapshot(store.snapshots(ws.id), args.since).id
        except compare.UnknownSnapshot as exc:
            raise UsageError(f"report: {exc}") from None
    library = _library()
    backlog.sync(store, ws.id, library)  # the backlog as /backlog shows it
    built = report.build(store, ws, library, sections=sections, since=since,
                         top_n=args.top or saved["top_n"] or report.DEFAULT_TOP_N)
    _write_bytes(report.render(built, suffix), args.output)
    _out(f"wrote the {suffix.upper()} report of {ws.slug} ({len(built.sections)} section{'' if len(built.sections) == 1 else 's'}) to {args.output}")


def _snapshot_name(snap) -> str:
    label = f" “{_one_line(snap.label)}”" if snap.label else ""
    return f"{snap.id}{label} ({snap.taken_at[:16].replace('T', ' ')})"


def cmd_compare(store: Store, args) -> None:
    ws = store.workspace(args.workspace)
    snapshots = store.snapshots(ws.id)
    try:
        before, after = (compare.find_snapshot(snapshots, ref) for ref in (args.a, args.b))
    except compare.UnknownSnapshot as exc:
        raise UsageError(str(exc)) from None
    result = compare.compare_snapshots(before, after)
    _out(f"{ws.slug}: snapshot {_snapshot_name(before)} → {_snapshot_name(after)}")
    header = ["stage", *compare.METRICS]
    lines = [header]
    for stage in result.stages:
        name = _one_line(stage.display_name(result.framework, "en"))
        if stage.before is None:
            name += " (new stage)"
        elif stage.after is None:
            name += " (removed)"
        lines.append([name, *(compare.format_cell(stage, m, "en") for m in compare.METRICS)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        _out("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    checklist = result.checklist
    _out(f"checklist, whole journey: {compare.format_value('checklist', checklist[0], 'en')} → "
         f"{compare.format_value('checklist', checklist[1], 'en')}")
    done_before, done_after = result.backlog.get("done", (None, None))
    if result.items_known:
        _out(f"backlog items done since: {len(result.done_since)}")
        for item in result.done_since:
            _out(f"  - {_one_line(item.get('title', ''))}")
        if result.resolved_since:
            _out(f"resolved by the audit since: {len(result.resolved_since)}")
    else:
        _out(f"backlog items done: {done_before} → {done_after}")


def cmd_hash_password(store, args) -> None:
    """Print the hash of the team password to paste in the config; the
    password itself is never stored (typed twice on a terminal, else the
    first line of standard input)."""
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Team password: ")
        if getpass.getpass("Again: ") != password:
            raise UsageError("hash-password: the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        _out(access.hash_password(password))
    except ValueError as exc:
        raise UsageError(f"hash-password: {exc}") from None


# -- parser ---------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    db_help = "the database file (default: $HOURGLASS_DB, else data/hourglass.db)"
    parser = _Parser(prog=PROG, description="Hourglass, the customer-journey audit, from the command line.")
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    def verb(name: str, func, help: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, parents=[common], help=help, description=help)
        sub.set_defaults(func=func)
        return sub

    def workspace_arg(sub, help="workspace name or slug"):
        sub.add_argument("--workspace", "-w", required=True, metavar="NAME", help=help)

    verb("workspaces", cmd_workspaces,
         "list the workspaces: slug, name, industry, framework, touchpoints (tab-separated)")
    verb("demo", cmd_demo, "load the demo workspaces (skips those already there)")

    sub = verb("import-touchpoints", cmd_import_touchpoints,
               "import a touchpoint inventory (CSV or XLSX), creating the workspace if new, and regenerate its backlog")
    sub.add_argument("file", metavar="FILE", help="CSV or XLSX inventory")
    workspace_arg(sub, "workspace name or slug (created when new)")
    sub.add_argument("--framework", choices=list(frameworks.FRAMEWORKS), help="journey framework (default: hourglass)")
    sub.add_argument("--industry", metavar="ID", help="checklist pack id, e.g. retail, restaurant (default: general)")
    sub.add_argument("--lang", choices=LANGS,
                     help="workspace content language (default for a new workspace: the language of the "
                          "file's headers; changing it rewrites the generated backlog text not edited)")
    sub.add_argument("--dry-run", action="store_true", help="print the plan (new, changed, unchanged, "
                     "not in the file) and write nothing")
    sub.add_argument("--remove-missing", action="store_true",
                     help="also remove the workspace's touchpoints that are not in the file")

    sub = verb("backlog", cmd_backlog, "regenerate the backlog of a workspace and write it as CSV, XLSX, "
               "a tracker's import file (Jira, Asana, Linear) or a GitHub issues script")
    workspace_arg(sub)
    sub.add_argument("--format", "-f", choices=list(exports.FORMATS), default="csv",
                     help="csv, excel-es (semicolons, decimal comma), xlsx, jira, asana, linear (their CSV "
                          "importers' columns) or github (a gh script) (default: csv)")
    sub.add_argument("--lang", choices=LANGS, help="column headers and texts (default: the workspace's)")
    sub.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")

    sub = verb("workbook", cmd_workbook, "write the whole audit as one XLSX workbook: persona, journey, "
               "touchpoints with scores, checklist answers, backlog, stage health")
    workspace_arg(sub)
    sub.add_argument("--lang", choices=LANGS, help="sheet names, headers and texts (default: the workspace's)")
    sub.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="file to write (- for standard output)")

    sub = verb("export", cmd_export, "write a whole workspace as a JSON file")
    workspace_arg(sub)
    sub.add_argument("-o", "--output", metavar="FILE.json", required=True, help="file to write (- for standard output)")

    sub = verb("import-workspace", cmd_import_workspace, "create a workspace from a workspace JSON file")
    sub.add_argument("file", metavar="FILE.json")
    sub.add_argument("--as", dest="as_name", metavar="NAME", help="name of the new workspace (default: the file's)")

    sub = verb("snapshot", cmd_snapshot, "record the audit's current metrics, to compare with later")
    workspace_arg(sub)
    sub.add_argument("--label", metavar="TEXT", help="a label, e.g. \"Q3 2026\"")

    sub = verb("backup", cmd_backup,
               "copy the whole database to a file while Hourglass runs (SQLite's online backup)")
    sub.add_argument("-o", "--output", metavar="FILE", required=True,
                     help="the backup file (replaced only by a complete, checked copy)")

    sub = verb("restore", cmd_restore,
               "replace the database by a backup, after checking it (integrity, Hourglass schema)")
    sub.add_argument("file", metavar="FILE", help="a file written by backup")
    sub.add_argument("--force", action="store_true",
                     help="replace a database that already holds workspaces")

    sub = verb("report", cmd_report, "write the client report of a workspace as HTML or PDF")
    workspace_arg(sub)
    sub.add_argument("-o", "--output", metavar="FILE.html|FILE.pdf", required=True,
                     help="file to write; its extension picks the format")
    sub.add_argument("--sections", nargs="+", metavar="SECTION",
                     help="sections to include, in report order whatever the order given "
                          f"({', '.join(report.SECTIONS)}; default: the ones chosen on /report, else all)")
    sub.add_argument("--top", type=int, metavar="N", help="backlog items listed (default: the page's choice, else 10)")
    sub.add_argument("--since", metavar="SNAPSHOT",
                     help="the snapshot (id or label) the compare section starts from (default: the page's choice, "
                          "else the latest)")

    sub = verb("compare", cmd_compare,
               "compare two snapshots: per stage health, coverage, emotion, checklist; backlog items done since")
    workspace_arg(sub)
    sub.add_argument("a", metavar="A", help="the earlier snapshot: its id or its label")
    sub.add_argument("b", metavar="B", help="the later snapshot: its id or its label")

    sub = verb("hash-password", cmd_hash_password,
               "print the hash of a team password for the password access mode (read from the terminal or stdin)")
    sub.set_defaults(needs_store=False)
    return parser


def verbs(parser: argparse.ArgumentParser | None = None) -> list[str]:
    """The verbs the parser knows (used by the docs test)."""
    parser = parser or build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


# -- entry ----------------------------------------------------------------------
def _error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, (InvalidValue, inventory.InvalidInventory)):
        return exc.message(lang)
    if isinstance(exc, WorkspaceNotFound):
        return f"no workspace {exc.ref!r} (list them with: {PROG} workspaces)"
    if isinstance(exc, AmbiguousWorkspace):
        return f"{exc.ref!r} fits {len(exc.candidates)} workspaces: {exc.slugs()}; give one of these slugs"
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"{ERROR} {_one_line(exc)}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    lang = getattr(args, "lang", None) or "en"
    store = None
    try:
        store = Store(args.db) if getattr(args, "needs_store", True) else None
        with store.editing(author=CLI_AUTHOR) if store is not None else contextlib.nullcontext():
            args.func(store, args)  # every row it changes says the command line changed it
        return 0
    except StoreFault as exc:  # the file, not the input: say which file and what to do
        print(f"{ERROR} database {exc.path or args.db}: {_one_line(exc.message(lang))}", file=sys.stderr)
        return 2
    except inventory.InvalidInventory as exc:  # every problem of the file, one line each
        for message in exc.messages(lang):
            print(f"{ERROR} {_one_line(message)}", file=sys.stderr)
        return 2
    except (UsageError, InvalidValue, InvalidWorkspaceFile, WorkspaceNotFound, AmbiguousWorkspace,
            UnknownFramework, BackupError, OSError) as exc:
        print(f"{ERROR} {_one_line(_error_text(exc, lang))}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"{ERROR} database {store.path if store else args.db}: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{ERROR} interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("HOURGLASS_DEBUG"):
            raise
        print(f"{ERROR} internal error ({type(exc).__name__}: {_one_line(exc)}); "
              "run again with HOURGLASS_DEBUG=1 to see the traceback", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.close()


if __name__ == "__main__":
    sys.exit(main())
