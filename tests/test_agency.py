"""The agency's report settings: validation, the logo's sanitising, the store."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from audit import agency
from audit.model import InvalidValue


def png(width=40, height=20, **info) -> bytes:
    buf = io.BytesIO()
    image = Image.new("RGB", (width, height), "red")
    from PIL import PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    for k, v in info.items():
        meta.add_text(k, v)
    image.save(buf, format="PNG", pnginfo=meta)
    return buf.getvalue()


SAFE_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">' \
           b'<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs>' \
           b'<rect width="100" height="50" fill="url(#g)"/></svg>'


@pytest.mark.parametrize("value, expected", [
    ("#1F4E79", "#1f4e79"), (" #aa3300 ", "#aa3300"), ("", agency.DEFAULT_ACCENT), (None, agency.DEFAULT_ACCENT),
])
def test_accent_colours_allowed(value, expected):
    assert agency.clean_accent(value) == expected


@pytest.mark.parametrize("value", ["red", "#12345", "#1234567", "#gggggg", "url(x)", "#fff; background:url(x)"])
def test_accent_colours_refused(value):
    with pytest.raises(InvalidValue):
        agency.clean_accent(value)


def test_name_is_one_line_of_limited_length():
    assert agency.clean_name("  Acme \n Agency ") == "Acme Agency"
    with pytest.raises(InvalidValue):
        agency.clean_name("x" * (agency.MAX_NAME + 1))


def test_png_is_written_again_without_metadata_and_at_most_logo_px():
    out = agency.clean_logo(png(2000, 500, Comment="<script>alert(1)</script>"))
    assert out.startswith(agency.PNG_MAGIC) and b"<script>" not in out
    with Image.open(io.BytesIO(out)) as image:
        assert image.size == (agency.LOGO_PX, agency.LOGO_PX // 4)


def test_a_safe_svg_becomes_a_png():
    out = agency.clean_logo(SAFE_SVG)
    assert out.startswith(agency.PNG_MAGIC)
    with Image.open(io.BytesIO(out)) as image:
        assert image.width == agency.LOGO_PX


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<image xlink:href="/etc/secret.png" width="10" height="10"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>x</div></foreignObject></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://evil/x)" width="1" height="1"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://evil/x.css);</style></svg>',
    b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    b'<html><body>not an svg</body></html>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect',
])
def test_unsafe_or_broken_svg_is_refused(svg):
    with pytest.raises(agency.InvalidLogo):
        agency.clean_logo(svg)


@pytest.mark.parametrize("data", [b"GIF89a....", b"\x89PNG\r\n\x1a\nbroken", b"%PDF-1.7"])
def test_other_files_are_refused(data):
    with pytest.raises(agency.InvalidLogo):
        agency.clean_logo(data)


def test_too_big_a_logo_is_refused():
    with pytest.raises(agency.InvalidLogo) as info:
        agency.clean_logo(b"\x89PNG\r\n\x1a\n" + b"0" * agency.MAX_LOGO_BYTES)
    assert "512 KB" in info.value.message("en")


def test_the_store_keeps_the_agency_once_for_every_workspace(store):
    assert store.agency() == agency.Agency()
    store.set_agency(name="Acme", accent="#AA3300")
    store.set_agency(logo=png())
    saved = store.agency()
    assert (saved.name, saved.accent) == ("Acme", "#aa3300") and saved.logo.startswith(agency.PNG_MAGIC)
    store.set_agency(logo=None)
    assert store.agency().logo is None and store.agency().name == "Acme"


def test_a_refused_agency_value_changes_nothing(store):
    store.set_agency(name="Acme", accent="#aa3300")
    with pytest.raises(InvalidValue):
        store.set_agency(name="Other", accent="blue")
    assert (store.agency().name, store.agency().accent) == ("Acme", "#aa3300")


def test_report_settings_are_per_workspace(store):
    a = store.create_workspace("A")
    b = store.create_workspace("B")
    assert store.report_settings(a.id) == {"sections": None, "top_n": None, "snapshot": None}
    store.set_report_settings(a.id, sections=["persona", "backlog"])
    store.set_report_settings(a.id, top_n=7)
    snap = store.add_snapshot(a.id, {"stages": []})
    store.set_report_settings(a.id, snapshot=snap)
    assert store.report_settings(a.id) == {"sections": ["persona", "backlog"], "top_n": 7, "snapshot": snap}
    assert store.report_settings(b.id) == {"sections": None, "top_n": None, "snapshot": None}
    store.set_report_settings(b.id, sections=[])
    assert store.report_settings(b.id)["sections"] == []
