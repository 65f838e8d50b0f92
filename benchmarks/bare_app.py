"""The yardstick of ``benchmarks/browser_vs_bare.py``: a bare Streamlit app of
Hourglass's shape, with no database and no catalog.

Eight pages through ``st.navigation`` (the same URL paths as Hourglass's
step pages), a sidebar (language, workspace, seven progress bars), a
400-row ``st.data_editor`` (touchpoints, and the backlog's), a 7-bar Altair
chart, ~30 text fields, and the scoring page's interaction: 15 rows of
one-click choices (``st.segmented_control``) saved in their callback. State
lives in ``st.session_state`` only. Run it with
``streamlit run benchmarks/bare_app.py``; not part of the product.

With ``BARE_SHAPE=pages`` each page draws instead what Hourglass's page of
the same path draws, kind by kind (``page_shapes.json``, recorded from
Hourglass by ``page_shapes.py``): as many markdowns, headings, buttons,
text areas, radios, one-click choices, metrics, grids of as many rows,
charts, … with the same save-in-the-callback for the inputs, and no
database, catalog, checks or layout containers. The score edit and the
backlog edit keep their keys (``score-0-performance``, ``bare-backlog``).
"""

import json
import os
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

ROWS = 400
STAGES = ["Aware", "Appeal", "Ask", "Act", "Advocate", "Return", "Refer"]

st.set_page_config(page_title="Bare", layout="wide")
state = st.session_state
if "rows" not in state:
    state.rows = pd.DataFrame({
        "rank": range(1, ROWS + 1), "title": [f"Item {i}" for i in range(ROWS)],
        "ice": [float(i % 10) for i in range(ROWS)], "status": ["todo"] * ROWS,
        "owner": [""] * ROWS, "stage": [STAGES[i % 7] for i in range(ROWS)],
        "importance": [i % 5 + 1 for i in range(ROWS)], "performance": [(i * 3) % 5 + 1 for i in range(ROWS)],
    })
    state.texts = {}


def chart(key: str = "bare-chart") -> None:
    frame = state.rows.groupby("stage", sort=False)["performance"].mean().reset_index()
    st.altair_chart(alt.Chart(frame).mark_bar().encode(x="stage:N", y="performance:Q"), key=key)


def texts(page: str, n: int) -> None:
    for i in range(n):
        key = f"{page}-text-{i}"
        st.text_input(f"Field {i}", key=key, on_change=lambda k=key: state.texts.update({k: state[k]}))


def home() -> None:
    st.title("Home")
    st.dataframe(state.rows.head(20), key="bare-home")


def persona() -> None:
    st.title("Persona")
    texts("persona", 15)


def journey() -> None:
    st.title("Journey")
    texts("journey", 15)


def touchpoints() -> None:
    st.title("Touchpoints")
    st.data_editor(state.rows, key="bare-touchpoints", num_rows="fixed", hide_index=True)


def scoring() -> None:
    st.title("Scoring")
    for i in range(15):
        key = f"score-{i}-performance"

        def save(i=i, key=key) -> None:
            state.rows.loc[i, "performance"] = state[key] or 1

        with st.container(border=True, key=f"score-{i}-row"):
            name, choice = st.columns([1, 3])
            name.markdown(f"**{state.rows.loc[i, 'title']}**")
            with choice:
                st.segmented_control("Performance", [1, 2, 3, 4, 5], key=key, on_change=save,
                                     label_visibility="collapsed")
    chart()


def checklist() -> None:
    st.title("Checklist")
    for i in range(10):
        st.radio(f"Question {i}", ["yes", "partly", "no"], key=f"q-{i}", horizontal=True, index=None)


def backlog() -> None:
    st.title("Backlog")

    def save() -> None:
        for row, values in state["bare-backlog"]["edited_rows"].items():
            for column, value in values.items():
                state.rows.loc[int(row), column] = value

    st.data_editor(state.rows[["rank", "title", "ice", "status", "owner"]], key="bare-backlog",
                   num_rows="fixed", hide_index=True, on_change=save, height=38 + 35 * 15)


def hourglass() -> None:
    st.title("Hourglass")
    chart()


# -- BARE_SHAPE=pages: each page draws what Hourglass's page draws ----------------------
SHAPES = json.loads((Path(__file__).with_name("page_shapes.json")).read_text(encoding="utf-8"))["pages"]
TEXT = "A line of text about the journey, about as long as a caption or an intro sentence."


def saved(key: str):
    return lambda: state.texts.update({key: state[key]})


def draw_all(page: str, kinds: dict, blocks: int) -> None:
    """The elements of ``kinds`` (``{kind: n}``), spread over ``blocks`` containers
    (Hourglass's layout: its cards, columns, expanders… are messages and boxes too)."""
    boxes = [st.container() for _ in range(blocks)]
    n = 0
    for kind, count in kinds.items():
        for i in range(count):
            if boxes:
                with boxes[n % len(boxes)]:
                    draw(page, kind, i)
            else:
                draw(page, kind, i)
            n += 1


def draw(page: str, kind: str, i: int) -> None:
    """Element ``i`` of ``kind`` (a data-testid, or ``grid:<rows>``, ``chart``)."""
    k = f"{page}-{kind}-{i}"
    if kind == "stMarkdown":
        st.markdown(f"**Item {i}** {TEXT}")
    elif kind == "stHeading":
        st.subheader(f"Heading {i}", anchor=False)
    elif kind == "stButton":
        st.button(f"Button {i}", key=k)
    elif kind == "stTextArea":
        st.text_area(f"Field {i}", value=state.texts.get(k, TEXT), key=k, on_change=saved(k), height=68)
    elif kind == "stTextInput":
        st.text_input(f"Field {i}", key=k, on_change=saved(k))
    elif kind == "stRadio":
        st.radio(f"Question {i}", ["yes", "partly", "no", "n/a"], key=k, horizontal=True, index=None,
                 on_change=saved(k))
    elif kind == "stButtonGroup":
        st.segmented_control(f"Choice {i}", [1, 2, 3, 4, 5], key=k, on_change=saved(k))
    elif kind == "stSelectbox":
        st.selectbox(f"Pick {i}", STAGES, key=k, on_change=saved(k))
    elif kind == "stMultiSelect":
        st.multiselect(f"Filter {i}", STAGES, key=k, on_change=saved(k))
    elif kind == "stCheckbox":
        st.checkbox(f"Option {i}", key=k, on_change=saved(k))
    elif kind == "stDateInput":
        st.date_input(f"Date {i}", value=None, key=k, on_change=saved(k))
    elif kind == "stNumberInput":
        st.number_input(f"Number {i}", 1, 10, 5, key=k, on_change=saved(k))
    elif kind == "stMetric":
        st.metric(f"Metric {i}", f"{i * 7 % 100}%", border=True)
    elif kind == "stProgress":
        st.progress((i % 10) / 10, text=f"Step {i}")
    elif kind == "stDownloadButton":
        st.download_button(f"Download {i}", data=b"rank,title\n1,Item\n", file_name="items.csv", key=k)
    elif kind == "stFileUploader":
        st.file_uploader(f"File {i}", key=k)
    elif kind == "stPageLink":
        st.page_link(PAGES[i % len(PAGES)], label=f"Next {i}")
    elif kind == "stHtml":
        st.html("<span></span>")
    elif kind == "chart":
        chart(k)
    elif kind.startswith("grid:"):
        rows = int(kind.split(":")[1])
        frame = state.rows.head(rows)
        if page == "backlog" and i == 0:  # the measured backlog edit
            st.data_editor(frame[["rank", "title", "ice", "status", "owner"]], key="bare-backlog",
                           num_rows="fixed", hide_index=True, on_change=backlog_saved,
                           height=38 + 35 * 15)
        else:
            st.data_editor(frame, key=k, num_rows="fixed", hide_index=True, height=min(38 + 35 * rows, 420))


def backlog_saved() -> None:
    for row, values in state["bare-backlog"]["edited_rows"].items():
        for column, value in values.items():
            state.rows.loc[int(row), column] = value


def shaped(page: str):
    def run() -> None:
        kinds = dict(SHAPES[page])
        blocks = kinds.pop("blocks", 0)
        st.title(page.title())
        kinds["stHeading"] = kinds.get("stHeading", 1) - 1  # the title is one of them
        if page == "scoring":  # the measured score edit: rows of four one-click choices
            rows = min(15, kinds.get("stButtonGroup", 0) // 4)
            for i in range(rows):
                key = f"score-{i}-performance"

                def save(i=i, key=key) -> None:
                    state.rows.loc[i, "performance"] = state[key] or 1

                with st.container(border=True, key=f"score-{i}-row"):
                    st.markdown(f"**{state.rows.loc[i, 'title']}**")
                    st.segmented_control("Performance", [1, 2, 3, 4, 5], key=key, on_change=save)
                    for field in ("importance", "emotion", "moment"):
                        k = f"score-{i}-{field}"
                        st.segmented_control(field, [1, 2, 3, 4, 5], key=k, on_change=saved(k))
            kinds["stButtonGroup"] -= 4 * rows
            kinds["stMarkdown"] = kinds.get("stMarkdown", 0) - rows
            blocks -= rows
        draw_all(page, kinds, max(blocks, 0))
    run.__name__ = page
    return run


PAGES = [st.Page(home, title="Home", default=True)] + [
    st.Page(fn, title=fn.__name__.title(), url_path=fn.__name__)
    for fn in (persona, journey, touchpoints, scoring, checklist, backlog, hourglass)]
if os.environ.get("BARE_SHAPE") == "pages":
    PAGES = [st.Page(shaped("home"), title="Home", default=True)] + [
        st.Page(shaped(step), title=step.title(), url_path=step) for step in SHAPES if step not in ("home", "sidebar")]
navigation = st.navigation(PAGES)
with st.sidebar:
    st.radio("Language", ["en", "es"], key="lang", horizontal=True)
    st.selectbox("Workspace", ["Big clinic"], key="workspace")
    if os.environ.get("BARE_SHAPE") == "pages":
        sidebar = {k: n for k, n in SHAPES["sidebar"].items() if k not in ("stRadio", "stSelectbox", "blocks")}
        draw_all("sidebar", sidebar, SHAPES["sidebar"].get("blocks", 0))
    else:
        for stage in STAGES:
            st.progress(0.5, text=stage)
navigation.run()
