"""The house rules, checked on the source: the engine never imports Streamlit,
only the store touches the database, pages hold no SQL, every store method
on a workspace's rows takes the workspace."""

import ast
import inspect
import re
from pathlib import Path

import pytest

from audit.store import Store
from audit.store_protocol import StoreProtocol

ROOT = Path(__file__).resolve().parent.parent
ENGINE = sorted((ROOT / "audit").glob("*.py"))
PAGES = sorted((ROOT / "views").glob("*.py")) + [ROOT / "app.py"]
STORE_MODULES = {ROOT / "audit" / "store.py", ROOT / "audit" / "backup.py"}  # backup: the online backup API of the same file


def imported(path: Path) -> set[str]:
    """Top-level package names a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_the_engine_never_imports_streamlit():
    assert [p.name for p in ENGINE if "streamlit" in imported(p)] == []


def test_only_the_store_imports_the_database_driver():
    outside = [p for p in ENGINE + PAGES if p not in STORE_MODULES]
    assert [p.name for p in outside if imported(p) & {"sqlite3", "sqlite_utils"}] == []


SQL = re.compile(r"\b(SELECT\b.+\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|PRAGMA)\b",
                 re.IGNORECASE | re.DOTALL)


def test_pages_hold_no_sql():
    found = [(p.name, node.value[:40]) for p in PAGES
             for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value)]
    assert found == []


def test_nothing_outside_the_store_reaches_into_it():
    """No raw database, no private method: ``store.db``, ``store.write()``, ``store._x``."""
    reach = re.compile(r"\bstore\.(db\b|write\(|_\w+)")
    outside = [p for p in ENGINE + PAGES if p not in STORE_MODULES]
    assert [(p.name, m.group(0)) for p in outside for m in reach.finditer(p.read_text(encoding="utf-8"))] == []


ROWS = re.compile(r"stage|persona|touchpoint|backlog|answer|snapshot|item|customer")
PUBLIC = sorted(n for n, m in vars(Store).items() if callable(m) and not n.startswith("_"))


@pytest.mark.parametrize("name", [n for n in PUBLIC if ROWS.search(n)
                                  and n not in ("workspaces_data", "create_workspace_from_rows")])
def test_every_store_method_on_a_workspaces_rows_takes_the_workspace_first(name):
    params = list(inspect.signature(getattr(Store, name)).parameters)
    assert params[1:2] == ["workspace_id"], params


@pytest.mark.parametrize("name", [n for n, m in vars(StoreProtocol).items()
                                  if callable(m) and not n.startswith("_")])
def test_the_sqlite_store_implements_the_protocol(name):
    wanted = inspect.signature(getattr(StoreProtocol, name))
    have = inspect.signature(getattr(Store, name))
    assert list(have.parameters) == list(wanted.parameters)


def test_the_protocol_is_the_whole_public_interface():
    """A new public store method is written down in the protocol too; the
    raw database (``_db``) and its write context (``_write``) are private."""
    assert sorted(set(PUBLIC) - set(vars(StoreProtocol))) == []


@pytest.mark.parametrize("name", ["db", "write"])
def test_the_store_hands_out_no_database(name):
    assert not hasattr(Store, name)


HARD_CODED = re.compile(r"""[(\[]\s*["']en["'],\s*["']es["']\s*[)\]]|[(\[]\s*["']yes["'],\s*["']partly["']"""
                        r"""|[(\[]\s*["']online["'],\s*["']offline["']|[(\[]\s*["']todo["'],\s*["']doing["']"""
                        r"""|\\d\{4\}-\\d\{2\}""")
TABLE_MODULES = {ROOT / "audit" / "model.py", ROOT / "audit" / "i18n.py",
                 ROOT / "audit" / "store.py"}  # the store: its schema's CHECK constraints


def test_choice_lists_and_date_patterns_live_only_in_the_table_of_fields():
    found = [(p.name, m.group(0)) for p in ENGINE + PAGES if p not in TABLE_MODULES
             for m in HARD_CODED.finditer(p.read_text(encoding="utf-8"))]
    assert found == []


def test_pages_build_no_widget_key_by_hand():
    """Widget keys come from ``views/keys.py`` (issue 12), never an f-string in a page."""
    found = [(p.name, node.lineno) for p in PAGES if p.name != "keys.py"
             for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(node, ast.keyword) and node.arg == "key" and isinstance(node.value, ast.JoinedStr)]
    assert found == []


def test_pages_keep_no_problem_or_toast_state_of_their_own():
    """Problems and toasts go through ``views/messages.py`` (one lifetime each, one escaping rule)."""
    own = re.compile(r"Keys\.(ERRORS|TOASTS)|toast_later")
    assert [p.name for p in PAGES if p.name not in ("messages.py", "session.py") and own.search(
        p.read_text(encoding="utf-8"))] == []
