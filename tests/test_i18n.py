"""Every string a user sees exists in English and Spanish; pages show no literal text."""

import ast
import re
import string
from pathlib import Path

import pytest

from audit import i18n

ROOT = Path(__file__).resolve().parent.parent


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_files_and_keys():
    en_files = sorted(p.name for p in (i18n.LOCALES_DIR / "en").glob("*.toml"))
    es_files = sorted(p.name for p in (i18n.LOCALES_DIR / "es").glob("*.toml"))
    assert en_files == es_files
    en, es = i18n.catalog("en"), i18n.catalog("es")
    assert sorted(set(en) - set(es)) == [], "missing in Spanish"
    assert sorted(set(es) - set(en)) == [], "missing in English"


def test_placeholders_match_between_languages():
    en, es = i18n.catalog("en"), i18n.catalog("es")
    mismatched = [k for k in en if placeholders(en[k]) != placeholders(es[k])]
    assert mismatched == []


def test_no_text_is_empty():
    for lang in i18n.LANGS:
        assert [k for k, v in i18n.catalog(lang).items() if not v.strip()] == []


@pytest.mark.parametrize("given, expected", [
    ("es", "es"), ("es-ES", "es"), ("ES_mx", "es"), ("en-GB", "en"), ("fr", "en"), (None, "en"), ("", "en"),
])
def test_browser_language_is_normalised(given, expected):
    assert i18n.normalise_lang(given) == expected


SHOWS_TEXT = {
    "title", "header", "subheader", "markdown", "write", "caption", "text", "info", "warning",
    "error", "success", "toast", "button", "download_button", "link_button", "page_link",
    "text_input", "text_area", "number_input", "selectbox", "multiselect", "radio", "checkbox",
    "toggle", "slider", "select_slider", "date_input", "file_uploader", "form_submit_button",
    "metric", "expander", "tabs", "popover", "segmented_control", "pills", "progress", "spinner",
}
TEXT_KWARGS = {"label", "help", "placeholder", "text", "body", "caption"}


def literal_texts(path):
    """String literals with letters passed as text to a Streamlit display call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in SHOWS_TEXT:
            continue
        if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "messages":
            continue  # views.messages takes catalog keys (checked by catalog_keys_used)
        first = [] if name == "page_link" else list(node.args[:1])  # page_link's first is a path
        args = first + [k.value for k in node.keywords if k.arg in TEXT_KWARGS]
        for arg in args:
            parts = [arg] if isinstance(arg, ast.Constant) else (
                [v for v in arg.values if isinstance(v, ast.Constant)] if isinstance(arg, ast.JoinedStr) else [])
            for part in parts:
                if isinstance(part.value, str) and re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]{2,}", part.value):
                    found.append(f"{path.name}:{node.lineno}: {part.value!r}")
    return found


PAGE_FILES = sorted((ROOT / "views").glob("*.py")) + [ROOT / "app.py"]


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_pages_show_no_literal_text(path):
    assert literal_texts(path) == []


def test_messages_take_catalog_keys_that_exist(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('from views import messages\nmessages.toast("home.created", name=x)\n', encoding="utf-8")
    assert literal_texts(page) == []
    assert "home.created" in i18n.catalog("en")


def test_the_literal_text_check_catches_a_literal(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('import streamlit as st\nst.button("Save now")\nst.info(f"Hello {x}")\n', encoding="utf-8")
    assert len(literal_texts(bad)) == 2


def catalog_keys_used():
    used = set()
    for path in PAGE_FILES + sorted((ROOT / "audit").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\b(?:tr|t|messages\.toast|messages\.text)\(\s*["']([a-z_]+(?:\.[a-z0-9_\-]+)+)["']""", text))
    return used


def test_every_key_the_code_asks_for_exists():
    catalog = i18n.catalog("en")
    assert sorted(k for k in catalog_keys_used() if k not in catalog) == []
