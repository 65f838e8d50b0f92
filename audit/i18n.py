"""The string catalog: every text a user sees, in English and Spanish.

Strings live in ``locales/en/*.toml`` and ``locales/es/*.toml`` (data,
editable by non-programmers; one file per part of the product, the same file
names in both folders). Keys are dotted (``home.title``); values may hold
``{placeholders}`` filled with ``str.format``. A key defined twice is an error.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGS = ("en", "es")
DEFAULT_LANG = "en"


def _flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


class DuplicateKey(ValueError):
    pass


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with open(path, "rb") as fh:
            strings = _flatten(tomllib.load(fh))
        twice = set(out) & set(strings)
        if twice:
            raise DuplicateKey(f"{path.name}: keys defined in another file too: {sorted(twice)}")
        out.update(strings)
    return out


def normalise_lang(lang: str | None) -> str:
    """``es-ES``, ``ES``, ``es_MX`` → ``es``; anything unknown → ``en``."""
    code = (lang or "").strip().lower()[:2]
    return code if code in LANGS else DEFAULT_LANG


def t(key: str, lang: str, /, **values) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in."""
    if lang not in LANGS:  # the interface asks hundreds of times a run, in a known language
        lang = normalise_lang(lang)
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANG).get(key, key)
    return text.format(**values) if values else text
