"""Build 2 — the hourglass: where the journey is strong and where it leaks.

Optional customer counts per stage (saved at once), the hourglass chart with
PNG/SVG downloads, and the map's answers. The answers are data from
``audit.answers`` (the report renders the same); this page only shows them.
"""

import json

import altair as alt
import streamlit as st

from audit import answers, charts, scoring
from views import hourglass_counts, keys, session
from views.session import md, tr

ws = session.require_workspace("hourglass")
session.page_header("hourglass", ws)
lang = session.lang()
#: Where an answer sends the user to act: page, label key, icon.
LINKS = {
    "backlog": ("views/backlog.py", "nav.backlog", ":material/checklist:"),
    "scoring": ("views/scoring.py", "nav.scoring", ":material/target:"),
    "touchpoints": ("views/touchpoints.py", "nav.touchpoints", ":material/add_location_alt:"),
    "persona": ("views/persona.py", "nav.persona", ":material/person:"),
}

data = session.workspace_data(ws.id)  # read once per run, shared with the sidebar
stages = data.stages
names = {s.id: s.display_name(ws.framework, lang) for s in stages}
use_counts = any(s.customers is not None for s in stages)
# Pure functions of this version of the workspace: worked out once for every session (issue 11)
found = session.kept_while(session.Keys.MAP_ANSWERS, (data,), lambda: answers.map_answers(data, lang), key=lang,
                           share=ws.id)


@st.cache_data(show_spinner=False, max_entries=64)
def chart_file(spec: str, kind: str, _chart) -> bytes | str:
    """PNG or SVG of a chart; cached by its full spec (the data is in it, so
    no workspace ever gets another's file)."""
    return charts.chart_png(_chart) if kind == "png" else charts.chart_svg(_chart)


def file_of(kind: str) -> bytes | str:
    """The chart as a PNG or SVG file (asked for on the button's click)."""
    chart = make_chart()
    return chart_file(json.dumps(chart.to_dict(), sort_keys=True, ensure_ascii=False), kind, chart)


def text(line: answers.Line) -> str:
    return answers.line_text(line, lang, md)


# -- the chart: as wide as the page, on the theme's background (the files keep
# their fixed size and white background) ------------------------------------------
summaries = session.kept_while(session.Keys.SUMMARIES, (data,),
                               lambda: scoring.stage_summaries(stages, data.touchpoints), share=ws.id)
options = session.chart_options(ws)


def make_chart():
    return charts.hourglass_chart(summaries, framework=ws.framework, lang=lang, use_counts=use_counts, **options)


# Built (and validated) once per change of its data, not on every run; the
# files' spec is the chart's own JSON, made only when a file is asked for.
shown = session.chart_spec(
    ws.id, "hourglass",
    lambda sm, f, lg, c, o: charts.hourglass_chart(sm, framework=f, lang=lg, use_counts=c, **o).properties(
        width="container", background="transparent", autosize=alt.AutoSizeParams(type="fit-x", contains="padding")),
    summaries, ws.framework, lang, use_counts, options)
session.vega_chart(shown, key=keys.hourglass(ws.id, "chart"), width="stretch", theme=None)
for answer in found:
    for line in answer.lines:
        if line.style == answers.WARNING:
            st.warning(text(line), icon=":material/warning:")
png, svg, _ = st.columns(3)
base = f"hourglass-{ws.slug}{'-counts' if use_counts else ''}"
png.download_button(tr("hourglass.download.png"), key=keys.hourglass(ws.id, "png"), icon=":material/image:",
                    width="stretch", data=lambda: file_of("png"),
                    file_name=f"{base}.png", mime="image/png", on_click="ignore",
                    help=tr("hourglass.download.png_help"))
svg.download_button(tr("hourglass.download.svg"), key=keys.hourglass(ws.id, "svg"), icon=":material/shape_line:",
                    width="stretch", data=lambda: file_of("svg"),
                    file_name=f"{base}.svg", mime="image/svg+xml", on_click="ignore",
                    help=tr("hourglass.download.svg_help"))

# -- customer counts (optional), under the chart -------------------------------------
hourglass_counts.show(ws.id, stages, names, use_counts)

# -- what the map says ---------------------------------------------------------------
st.header(tr("answers.title"), divider="gray")
if not data.touchpoints:
    st.info(tr("answers.nothing_yet"), icon=":material/explore:")
    st.page_link("views/touchpoints.py", label=tr("nav.touchpoints"), icon=":material/arrow_forward:")
    st.stop()


def show(answer: answers.Answer) -> None:
    """One answer: its title, its lines, what it rests on (one markdown
    element: each element is a message and a redraw, issue 11), where to act."""
    blocks = ["#### " + answers.answer_title(answer, lang)]
    items: list[str] = []
    for line in answer.lines + (None,):  # None flushes the last bullet list
        if line is not None and line.style == answers.ITEM:
            items.append("- " + text(line))
            continue
        if items:
            blocks.append("\n".join(items))
            items = []
        if line is None or line.style == answers.WARNING:
            continue
        blocks.append(session.small_print(text(line)) if line.style == answers.HINT else text(line))
    blocks.append(session.small_print(answers.basis_text(answer, lang)))
    st.markdown("\n\n".join(blocks))
    if answer.link:
        page, label, icon = LINKS[answer.link]
        st.page_link(page, label=tr(label), icon=icon)


left, right = st.columns(2, gap="medium")
for i, answer in enumerate(found):
    with (left if i % 2 == 0 else right).container(border=True, key=keys.hourglass(ws.id, f"answer-{answer.key}")):
        show(answer)

session.next_step("hourglass", ws)
