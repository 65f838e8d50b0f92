"""The client report (audit/report.py): sections, escaping, HTML and PDF."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import report
from audit.agency import Agency
from audit.i18n import t

HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "</style><script>alert(1)</script>",
    "#set page(fill: red)",
    "#panic(\"evaluated\")",
    "*bold* _em_ **strong**",
    "$x^2$ and $ unbalanced",
    "back\\slash \\\\ ]] [[ } {",
    "\"quotes\" & 'apostrophes' <b>",
    "{placeholder} {0}",
]


class Doc(HTMLParser):
    """Tags, ids, text and image sources of an HTML document."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.images: list[dict] = []
        self.text: list[str] = []
        self.section_ids: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "section":
            self.section_ids.append(attrs.get("id"))
        if tag == "img":
            self.images.append(attrs)
        for name in attrs:
            assert not name.startswith("on"), f"event attribute {name} in the report"

    def handle_data(self, data):
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def audited(store, name="Harbor Physio", lang="en", *, persona="Dan, weekend runner",
            stage_name=None, touchpoint="Booking page"):
    ws = store.create_workspace(name, industry="general", lang=lang)
    stages = store.stages(ws.id)
    if stage_name is not None:
        store.update_stage(stages[0].workspace_id, stages[0].id, name=stage_name)
    store.add_persona(ws.id, {"name": persona, "goals": "Run again", "is_primary": 1})
    store.add_touchpoints(ws.id, [
        {"stage_id": stages[0].id, "name": touchpoint, "importance": 5, "performance": 2, "emotion": -2},
        {"stage_id": stages[1].id, "name": "Front desk", "importance": 4, "performance": 5, "emotion": 1},
    ])
    return store.workspace(ws.id)


def build(store, ws, library, sections, **kw):
    from audit import backlog

    backlog.sync(store, ws.id, library)
    return report.build(store, ws, library, sections=sections, today=dt.date(2026, 12, 2), **kw)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


# --- sections -------------------------------------------------------------------

#: What each section must show (beyond its title), for the audited workspace.
SECTION_CASES = [
    ("persona", ["Dan, weekend runner", "Run again"], 0),
    ("journey", ["Know", "Touchpoints", "Health"], 0),
    ("hourglass", [], 1),
    ("ipa", [], 1),
    ("emotion", [], 1),
    ("answers", ["Where does the journey leak?", "Booking page"], 0),
    ("backlog", ["Booking page"], 0),
    ("checklist", ["Whole journey"], 0),
    ("compare", ["No snapshot yet"], 0),
]


@pytest.mark.parametrize("section, texts, charts", SECTION_CASES)
def test_each_section_alone(store, library, section, texts, charts):
    ws = audited(store)
    doc = Doc(report.to_html(build(store, ws, library, [section])))
    assert doc.section_ids == [section]
    assert t(f"report.section.{section}", "en") in doc.all_text
    for text in texts:
        assert text in doc.all_text
    svgs = [i for i in doc.images if i["src"].startswith("data:image/svg+xml;base64,")]
    assert len(svgs) == charts


def test_every_section_is_offered_and_in_report_order(store, library):
    ws = audited(store)
    doc = Doc(report.to_html(build(store, ws, library, list(reversed(report.SECTIONS)))))
    assert doc.section_ids == list(report.SECTIONS)
    assert set(report.SECTIONS) == set(report.available_sections())


def test_unknown_sections_are_dropped():
    assert report.clean_sections(["backlog", "nope", "persona"]) == ["persona", "backlog"]


def test_default_is_every_section(store, library):
    ws = audited(store)
    built = build(store, ws, library, None)
    assert [s.key for s in built.sections] == list(report.SECTIONS)


def test_backlog_top_n_lists_that_many_open_items(store, library):
    ws = audited(store)
    built = build(store, ws, library, ["backlog"], top_n=1)
    [table] = [b for b in built.sections[0].blocks if b.kind == "table"]
    assert len(table.rows) == 1


def test_answers_are_the_hourglass_pages_sentences(store, library):
    from audit import answers

    ws = audited(store)
    built = build(store, ws, library, ["answers"])
    flat = [c for b in built.sections[0].blocks for c in (b.children or (b,))]
    assert all(b.kind == "group" for b in built.sections[0].blocks)  # an answer never splits
    lines = [b.runs for b in flat] + [i for b in flat for i in b.items]
    text = " ".join("".join(r.text for r in line) for line in lines)
    for answer in answers.map_answers(store.workspace_data(ws.id), "en"):
        assert answers.answer_title(answer, "en") in text
        for line in answer.lines:
            plain = answers.line_text(line, "en").replace("**", "").replace("*", "")
            assert plain in text


def test_written_in_the_workspace_language(store, library):
    ws = audited(store, name="Panadería", lang="es")
    built = build(store, ws, library, ["checklist"])
    assert built.title == t("report.title", "es")
    assert built.date == "2 de diciembre de 2026"
    assert Doc(report.to_html(built)).all_text.count("Todo el recorrido") == 1


@pytest.mark.parametrize("lang, day, expected", [
    ("en", dt.date(2026, 12, 2), "December 2, 2026"),
    ("es", dt.date(2026, 12, 2), "2 de diciembre de 2026"),
    ("es", dt.date(2027, 1, 31), "31 de enero de 2027"),
])
def test_dates_in_the_language_format(lang, day, expected):
    assert report.format_date(day, lang) == expected


@pytest.mark.parametrize("value, lang, expected", [
    (125.0, "en", "125"), (12.5, "en", "12.5"), (1000.0, "en", "1,000"),
    (12.5, "es", "12,5"), (1000.0, "es", "1000"), (12500.0, "es", "12.500"),
])
def test_decimals_in_the_language_format(value, lang, expected):
    assert report.format_decimal(value, lang) == expected


# --- the catalog's emphasis, never the user's -----------------------------------------------

def test_runs_bold_and_italic_from_the_catalog():
    assert report.runs("a **b** *c*") == (report.Run("a "), report.Run("b", strong=True),
                                         report.Run(" "), report.Run("c", em=True))


def test_a_users_asterisks_stay_text():
    value = report._guard("*not bold*")
    assert report.runs(f"**{value}** x") == (report.Run("*not bold*", strong=True), report.Run(" x"))


# --- escaping -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_text_in_html(store, library, name):
    ws = audited(store, name=name, persona=name, stage_name=name, touchpoint=name)
    page = report.to_html(build(store, ws, library, ["persona", "journey", "answers", "backlog"],
                                agency=Agency(name=name)))
    doc = Doc(page)
    assert "script" not in doc.tags
    assert doc.images == []  # no chart chosen, no logo: any <img> came from a name
    assert name in doc.all_text
    assert html.escape(name) in page


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() and len(s.strip()) == len(s))
tricky = st.one_of(names, st.sampled_from(HOSTILE), st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), names))


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=tricky)
def test_any_name_is_text_in_html(tmp_path_factory, library, name):
    from audit.store import Store

    store = Store(tmp_path_factory.mktemp("db") / "h.db")
    ws = audited(store, name=name, persona=name, touchpoint=name)
    doc = Doc(report.to_html(build(store, ws, library, ["persona", "backlog"], agency=Agency(name=name))))
    assert "script" not in doc.tags and doc.images == []
    assert store.workspace(ws.id).name in doc.all_text
    store.close()


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=tricky)
def test_any_name_is_text_in_the_pdf(tmp_path_factory, library, name):
    """Typst gets names as JSON strings: a name that would be Typst code
    (``#panic``, an unbalanced ``$`` or ``]``) still compiles, as text."""
    from audit.store import Store

    store = Store(tmp_path_factory.mktemp("db") / "h.db")
    ws = audited(store, name=name, persona=name, touchpoint=name)
    built = build(store, ws, library, ["persona", "backlog"], agency=Agency(name=name))
    assert built.client == store.workspace(ws.id).name
    pdf = report.to_pdf(built)
    assert pdf.startswith(b"%PDF") and pages(pdf) == 3
    store.close()


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_compile_as_text_in_the_pdf(store, library, name):
    ws = audited(store, name=name, persona=name, stage_name=name, touchpoint=name)
    built = build(store, ws, library, ["persona", "journey", "backlog"], agency=Agency(name=name))
    pdf = report.to_pdf(built)
    assert pdf.startswith(b"%PDF") and pages(pdf) == 4
    data = report.typst_data(built)
    assert data["client"] == name and data["agency"] == name


# --- files ------------------------------------------------------------------------------------

def test_pdf_has_a_cover_and_a_page_per_short_section(store, library):
    ws = audited(store)
    pdf = report.to_pdf(build(store, ws, library, ["persona", "checklist"]))
    assert pdf.startswith(b"%PDF-")
    assert pages(pdf) == 3


def test_html_is_self_contained_with_charts_and_logo(store, library):
    from audit.agency import clean_logo
    from PIL import Image
    import io

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buf, format="PNG")
    ws = audited(store)
    agency = Agency(name="Acme Agency", accent="#aa3300", logo=clean_logo(buf.getvalue()))
    page = report.to_html(build(store, ws, library, ["hourglass", "ipa"], agency=agency))
    doc = Doc(page)
    srcs = [i["src"] for i in doc.images]
    assert all(s.startswith("data:") for s in srcs)
    assert sum(s.startswith("data:image/png;base64,") for s in srcs) == 1
    assert sum(s.startswith("data:image/svg+xml;base64,") for s in srcs) == 2
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "--accent: #aa3300" in page and "@media print" in page
    assert "Acme Agency" in doc.all_text and "Harbor Physio" in doc.all_text


def test_render_picks_the_format(store, library):
    ws = audited(store)
    built = build(store, ws, library, ["persona"])
    assert report.render(built, "html").startswith(b"<!DOCTYPE html>")
    assert report.render(built, "pdf").startswith(b"%PDF")
    with pytest.raises(ValueError):
        report.render(built, "docx")


@pytest.mark.parametrize("text", HOSTILE + ['a"; } body { display: none } x { content: "', "line\nbreak"])
def test_footer_in_css_is_a_closed_string(text):
    literal = report.css_string(text)
    assert literal.startswith('"') and literal.endswith('"')
    inner = literal[1:-1]
    assert not re.search(r'["\'<>;{}()\n]', inner)


def test_the_html_footer_repeats_on_printed_pages(store, library):
    ws = audited(store, name='Bodega "Sur"')
    page = report.to_html(build(store, ws, library, ["persona"], agency=Agency(name="Acme")))
    assert "@bottom-left { content: " + report.css_string("Acme · Bodega \"Sur\" · December 2, 2026") in page


def test_compare_section_shows_what_changed_since_the_snapshot(store, library):
    from audit import backlog, snapshot

    ws = audited(store)
    backlog.sync(store, ws.id, library)
    first = snapshot.take(store, ws, library, label="Q3 <2026>")
    snapshot.take(store, ws, library, label="later")
    tp = next(tp for tp in store.touchpoints(ws.id) if tp.name == "Front desk")
    store.update_touchpoints(ws.id, {tp.id: {"performance": 3}})
    item = backlog.top(store.backlog_items(ws.id), 1)[0]
    store.update_backlog_item(ws.id, item.id, status="done")

    built = build(store, ws, library, ["compare"], since=first)
    doc = Doc(report.to_html(built))
    assert "Q3 <2026>" in doc.all_text  # escaped, shown as typed
    assert "100 → 50 (-50)" in doc.all_text  # the second stage's health
    assert item.title in doc.all_text
    assert sum(i["src"].startswith("data:image/svg+xml") for i in doc.images) == 1
    latest = build(store, ws, library, ["compare"])  # default: the latest snapshot
    assert "later" in Doc(report.to_html(latest)).all_text
