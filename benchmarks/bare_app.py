"""The yardstick of ``benchmarks/browser_vs_bare.py``: a bare Streamlit app of
Hourglass's shape, with no database and no catalog.

Eight pages through ``st.navigation`` (the same URL paths as Hourglass's
step pages), a sidebar (language, workspace, seven progress bars), a
400-row ``st.data_editor`` (touchpoints, and the backlog's), a 7-bar Altair
chart, ~30 text fields, and the scoring page's interaction: 15 rows of
one-click choices (``st.segmented_control``) saved in their callback. State
lives in ``st.session_state`` only. Run it with
``streamlit run benchmarks/bare_app.py``; not part of the product.
"""

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


def chart() -> None:
    frame = state.rows.groupby("stage", sort=False)["performance"].mean().reset_index()
    st.altair_chart(alt.Chart(frame).mark_bar().encode(x="stage:N", y="performance:Q"), key="bare-chart")


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


PAGES = [st.Page(home, title="Home", default=True)] + [
    st.Page(fn, title=fn.__name__.title(), url_path=fn.__name__)
    for fn in (persona, journey, touchpoints, scoring, checklist, backlog, hourglass)]
navigation = st.navigation(PAGES)
with st.sidebar:
    st.radio("Language", ["en", "es"], key="lang", horizontal=True)
    st.selectbox("Workspace", ["Big clinic"], key="workspace")
    for stage in STAGES:
        st.progress(0.5, text=stage)
navigation.run()
