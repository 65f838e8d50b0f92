"""The agency behind a client report: its name, logo and accent colour.

One set of settings per database (the agency running the audits), kept by
the store (``Store.agency`` / ``Store.set_agency``) and shown on the report's
cover and footer. Everything here validates before anything is saved:

- the name is plain text of at most ``MAX_NAME`` characters;
- the accent colour is ``#rrggbb`` (lower-cased);
- the logo is a PNG or an SVG of at most ``MAX_LOGO_BYTES``. It is never kept
  or shown as the user sent it: a PNG is decoded and written again (metadata
  dropped, at most ``LOGO_PX`` wide or high); an SVG is checked (no script,
  no event attribute, no external reference, no entity) and *rasterised* to
  PNG. So the report only ever embeds a PNG we wrote ourselves — never an
  untrusted SVG that a browser could run.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .model import InvalidValue

MAX_NAME = 120
MAX_LOGO_BYTES = 512 * 1024
#: The longest side of the stored logo, in pixels (sharp at 4 cm on paper).
LOGO_PX = 600
DEFAULT_ACCENT = "#1f4e79"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Agency:
    name: str = ""
    accent: str = DEFAULT_ACCENT
    logo: bytes | None = None  # a PNG we wrote (see the module docstring)
    updated_at: str = ""


def clean_name(value) -> str:
    text = "" if value is None else " ".join(str(value).replace("\x00", "").split())
    if len(text) > MAX_NAME:
        raise InvalidValue(column="agency_name", value=text[:40] + "…", rule="max_text", n=MAX_NAME)
    return text


def clean_accent(value) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        return DEFAULT_ACCENT
    if not _HEX.match(text):
        raise InvalidValue(column="accent", value=text, rule="colour")
    return text.lower()


class InvalidLogo(InvalidValue):
    def __init__(self, value: str = ""):
        super().__init__(column="logo", value=value, rule="logo", kb=MAX_LOGO_BYTES // 1024)


def _png_again(data: bytes) -> bytes:
    """Decode a PNG and write it again, at most ``LOGO_PX`` on its longest side."""
    from PIL import Image  # Pillow comes with Streamlit and is in requirements.txt

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG" or image.width * image.height > 40_000_000:
                raise InvalidLogo("PNG")
            image.load()
            image = image.convert("RGBA")
    except InvalidLogo:
        raise
    except Exception:
        raise InvalidLogo("PNG") from None
    image.thumbnail((LOGO_PX, LOGO_PX))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


_SVG_FORBIDDEN = {"script", "foreignobject", "image", "iframe", "object", "embed", "use", "feimage"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def check_svg(data: bytes) -> None:
    """Refuse an SVG with anything active or external (see the module docstring)."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise InvalidLogo("SVG")
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise InvalidLogo("SVG") from None
    if _local(root.tag) != "svg":
        raise InvalidLogo("SVG")
    for element in root.iter():
        if _local(element.tag) in _SVG_FORBIDDEN:
            raise InvalidLogo("SVG")
        for name, value in element.attrib.items():
            attr = _local(name)
            if attr.startswith("on") or (attr == "href" and not value.strip().startswith("#")):
                raise InvalidLogo("SVG")
            if "url(" in value and not re.fullmatch(r"[^()]*url\(\s*#[^)]*\)[^()]*", value):
                raise InvalidLogo("SVG")
        if _local(element.tag) == "style" and ("@import" in (element.text or "") or "url(" in (element.text or "")):
            raise InvalidLogo("SVG")


def clean_logo(data: bytes | None) -> bytes | None:
    """A stored logo (PNG) from an uploaded PNG or SVG; None removes it."""
    if data is None or len(data) == 0:
        return None
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidLogo(f"{len(data) // 1024} KB")
    if data.startswith(PNG_MAGIC):
        return _png_again(data)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        check_svg(stripped)
        try:
            png = _svg_png(stripped.decode("utf-8"))
        except Exception:
            raise InvalidLogo("SVG") from None
        return _png_again(png)
    raise InvalidLogo("?")


def _svg_png(svg: str) -> bytes:
    """Rasterise a checked SVG with resvg (vl-convert), about ``LOGO_PX`` wide."""
    import vl_convert

    root = ET.fromstring(svg)
    width = _length(root.get("width"))
    if width is None:
        box = (root.get("viewBox") or "").replace(",", " ").split()
        width = float(box[2]) if len(box) == 4 else LOGO_PX
    scale = max(0.05, min(20.0, LOGO_PX / max(width, 1.0)))
    return vl_convert.svg_to_png(svg, scale=scale)


def _length(value: str | None) -> float | None:
    match = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", value or "")
    return float(match.group(1)) if match else None
