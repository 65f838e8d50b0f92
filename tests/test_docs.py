"""The docs are tested: every command-line verb and option is in the README."""

import argparse
import re
from pathlib import Path

import pytest

from audit.__main__ import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


VERBS = _subparsers(build_parser())


def cli_section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Command line\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, "README.md has no '## Command line' section"
    return match.group(1)


def verb_section(verb: str) -> str:
    match = re.search(rf"^### `{re.escape(verb)}`\n(.*?)(?=^### |\Z)", cli_section(), re.S | re.M)
    assert match, f"README.md's command-line section has no '### `{verb}`' heading"
    return match.group(1)


def test_the_parser_has_verbs():
    assert {"workspaces", "demo", "import-touchpoints", "backlog", "export",
            "import-workspace", "snapshot"} <= set(VERBS)


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_every_verb_is_documented_with_an_example(verb):
    section = verb_section(verb)
    assert re.search(rf"python -m audit (?:--db \S+ )?{re.escape(verb)}\b", section), \
        f"no example `python -m audit {verb} …` under the `{verb}` heading"


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_every_option_of_a_verb_is_documented(verb):
    section = verb_section(verb)
    for action in VERBS[verb]._actions:
        longs = [o for o in action.option_strings if o.startswith("--")] or action.option_strings
        if not longs or longs[0] in ("--help", "--db"):
            continue
        assert any(o in section for o in action.option_strings), \
            f"option {'/'.join(action.option_strings)} of `{verb}` is not in README.md"


def test_the_global_db_option_and_environment_are_documented():
    section = cli_section()
    assert "--db" in section and "HOURGLASS_DB" in section
