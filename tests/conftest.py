import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

settings.register_profile("ci", deadline=None, max_examples=100)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

from audit.checklists import load_library  # noqa: E402
from audit.store import Store  # noqa: E402


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def library():
    return load_library()


@pytest.fixture
def workspace(store):
    return store.create_workspace("Test Shop", industry="general", lang="en")


APP = str(ROOT / "app.py")


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "app.db"
    monkeypatch.setenv("HOURGLASS_DB", str(path))
    return path


@pytest.fixture
def app_store(db_path):
    """The store the app under test uses (same file)."""
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def make_app(db_path):
    """AppTest of the whole app: ``make_app(page="persona", lang="es", workspace=slug)``."""
    from streamlit.testing.v1 import AppTest

    def make(page: str | None = None, *, lang: str = "en", workspace: str | None = None, run: bool = True):
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["lang"] = lang
        if workspace:
            at.query_params["workspace"] = workspace
        if run:
            at.run()
            if page and page != "home":
                at.switch_page(f"views/{page}.py").run()
        return at

    return make
