"""The string catalog: every text a user sees, in English and Spanish.

Strings live in ``locales/en.toml`` and ``locales/es.toml`` (data, editable by
non-programmers). Keys are dotted (``home.title``); values may hold
``{placeholders}`` filled with ``str.format``.
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


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    with open(LOCALES_DIR / f"{lang}.toml", "rb") as fh:
        return _flatten(tomllib.load(fh))


def normalise_lang(lang: str | None) -> str:
    """``es-ES``, ``ES``, ``es_MX`` → ``es``; anything unknown → ``en``."""
    code = (lang or "").strip().lower()[:2]
    return code if code in LANGS else DEFAULT_LANG


def t(key: str, lang: str, /, **values) -> str:
    """The text of ``key`` in ``lang``, with ``values`` filled in."""
    lang = normalise_lang(lang)
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANG).get(key, key)
    return text.format(**values) if values else text
