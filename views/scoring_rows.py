"""The Scoring page's rows: per touchpoint one-click choices (saved in the
callback) and, behind its "Notes" button, its pains and positives
(``scoring_notes``); ``PAGE_SIZE`` rows per run (a stage filter, then pages),
inside the page's scores fragment, every ``ROWS_PER_PART`` rows of a stage a
fragment of their own (``rows_part``).

A fragment costs each full run of the page a deep copy of Streamlit's
cursors and containers; one per row was a seventh of a /scoring run's server
time (issue 11). Without any, a click reran the whole scores part and the
score edit took 1.6 times the bare app's instead of 0.9: the click is what a
person waits for. A part of five rows keeps the click small (five rows
drawn again, not sixty) at a fifth of the fragments."""

import streamlit as st

from audit import scoring, suggestions
from views import editing, keys, scoring_notes, session
from views.session import md, option_label, tr

#: Rows drawn per run: a click reruns the page, so this bounds its cost.
PAGE_SIZE = 15
#: Rows per fragment (``rows_part``): a click that changes only its row reruns these.
ROWS_PER_PART = 5
SCORES = (1, 2, 3, 4, 5)
EMOTIONS = (-2, -1, 0, 1, 2)
#: The three states of the moment-of-truth flag as choices.
MOT_OPTIONS = ("yes", "no", "auto")
MOT_FLAG = {"auto": None, "yes": 1, "no": 0, None: None}
MOT_OPTION = {None: "auto", 1: "yes", 0: "no"}
#: A row: name, importance, performance, moment of truth; under them notes and
#: emotion. Each line is one horizontal container (columns would cost a message
#: and a redraw each, issue 11): the name this wide (px), the choices share the rest.
NAME_WIDTH = 190
ROW_INSET = 17  # a row's border and padding: the heads, outside it, start this much further out


def quadrant_of(tp) -> str:
    return tr(f"quadrant.{scoring.quadrant(tp.importance, tp.performance) or 'to_score'}")


def row_only(ws_id: int, tp, field: str, value) -> bool:
    """Only the row's part reruns (``rows_part``: tens of messages, not hundreds)?"""
    shown = st.session_state.get(keys.scoring(ws_id, "charts-shown"))
    return not shown and scoring.changes_only_its_row(tp, field, value)


def saver(ws_id: int, tp, field: str, key: str, stored=None):
    """The callback of one choice: the new value, as the store holds it.

    Clicking the chosen score again keeps it (a person confirming a
    suggestion, or a slip of the mouse, must not clear a score; the table
    view clears one); for the moment of truth it goes back to auto."""
    def save(value) -> None:
        if value is None and field != "moment_of_truth":
            st.session_state[key] = stored
            return
        if field == "moment_of_truth":
            if value is None:  # clicking the chosen state again: back to auto
                st.session_state[key] = "auto"
            value = MOT_FLAG.get(value, value)  # anything else: refused by the model
        session.store().update_touchpoints(ws_id, {tp.id: {field: value}})
        if not row_only(ws_id, tp, field, value):
            want_whole_page(ws_id)
    return save


def want_whole_page(ws_id: int) -> None:
    """A click changed more than its row or the scores part: the next run of
    any part runs the whole page. A flag in ``session.memo``, which a run
    looks up once (each row asks: issue 11)."""
    session.memo()[keys.scoring(ws_id, "whole")] = True


def whole_page_wanted(ws_id: int) -> bool:
    """Was the whole page asked for (the flag is taken)?"""
    return session.memo().pop(keys.scoring(ws_id, "whole"), False)


def line():
    """One line of a row (or of the heads): its parts side by side."""
    return st.container(horizontal=True, vertical_alignment="center", gap="small")


def column_heads() -> None:
    with line():
        st.caption(f"**{tr('scoring.col.touchpoint')}**", width=NAME_WIDTH + ROW_INSET,
                   help=tr("flow.score.touchpoint_help"))
        for field in ("importance", "performance", "moment_of_truth"):
            st.caption(f"**{tr(f'scoring.col.{field}')}**", width="stretch", help=tr(f"scoring.help.{field}"))


def score_row(ws_id: int, tp) -> None:
    """One touchpoint: its name, four one-click choices, and its notes."""
    name = md(tp.name)
    typical = suggestions.suggested_importance(tp, session.library())

    def choice(field, options, fmt=str, value=None, width="stretch"):
        key = keys.scoring_touchpoint(ws_id, tp.uid, field)
        if field != "moment_of_truth":
            value = getattr(tp, field)
        editing.one_click(tr(f"flow.score.{field}_of", name=name), options, key=key, value=value,
                          on_save=saver(ws_id, tp, field, key, value), format_func=fmt,
                          label_visibility="collapsed", stored=getattr(tp, field), width=width)

    with line():
        caption = (tr("flow.score.suggested", n=typical) if typical is not None
                   else tr("flow.score.quadrant", quadrant=quadrant_of(tp)))
        # one element, the name over its caption (each element costs a message and a redraw)
        st.markdown(f"**{name}**  \n{session.small_print(caption)}", width=NAME_WIDTH,
                    help=tr("flow.score.suggested_help") if typical is not None else None)
        choice("importance", SCORES)
        choice("performance", SCORES)
        auto = tr("flow.score.auto_yes" if (tp.importance or 0) >= 4 else "flow.score.auto_no")
        labels = {**{o: tr(f"scoring.mot.{o}") for o in MOT_OPTIONS}, "auto": auto}
        choice("moment_of_truth", MOT_OPTIONS, labels.get, MOT_OPTION.get(tp.moment_of_truth, "auto"))
    with line():
        opened = scoring_notes.button(ws_id, tp, NAME_WIDTH)
        choice("emotion", EMOTIONS, {v: tr(f"flow.emotion.{v}") for v in EMOTIONS}.get, width="content")
    if opened:  # drawn only when opened: a click elsewhere does not pay for them
        with line():
            scoring_notes.fields(ws_id, tp)


def show(ws_id: int, stages, touchpoints, stage_names: dict) -> None:
    """The stage filter, the pages, and the rows of the page chosen."""
    show_key, page_key = keys.scoring(ws_id, "show"), keys.scoring(ws_id, "page")
    by_stage = {s.id: [tp for tp in touchpoints if tp.stage_id == s.id] for s in stages}
    with_tps = [s for s in stages if by_stage[s.id]]
    to_score = {s.id: sum(1 for tp in by_stage[s.id] if not scoring.is_scored(tp)) for s in with_tps}
    filters = {"all": tr("flow.score.all_stages", n=sum(1 for tp in touchpoints if not scoring.is_scored(tp)))}
    for s in with_tps:
        filters[s.id] = tr("flow.score.stage_filter", name=md(stage_names[s.id]), n=to_score[s.id])
    if st.session_state.get(show_key) not in filters:
        st.session_state[show_key] = "all"
    st.pills(tr("flow.score.show"), list(filters), key=show_key, format_func=lambda f: option_label(filters[f]),
             help=tr("flow.score.show_help"), on_change=lambda: st.session_state.pop(page_key, None))
    chosen = st.session_state.get(show_key) or "all"
    shown = touchpoints if chosen == "all" else by_stage[chosen]
    pages = [(i, min(i + PAGE_SIZE, len(shown))) for i in range(0, len(shown), PAGE_SIZE)]
    if len(pages) > 1:
        labels = {n: tr("flow.score.page", first=a + 1, last=b, total=len(shown)) for n, (a, b) in enumerate(pages)}
        if st.session_state.get(page_key) not in labels:
            st.session_state[page_key] = 0
        st.segmented_control(tr("flow.score.pages"), list(labels), key=page_key,
                             format_func=lambda n: option_label(labels[n]),
                             help=tr("flow.score.pages_help"))
        first, last = pages[st.session_state.get(page_key) or 0]
    else:
        first, last = 0, len(shown)
    current = None
    for rows in parts(shown[first:last]):
        if rows[0].stage_id != current:
            current = rows[0].stage_id
            st.markdown(f"##### {md(stage_names.get(current, '?'))}")
            column_heads()
        rows_part(ws_id, tuple(tp.id for tp in rows))


def parts(rows: list) -> list[list]:
    """The rows in runs of one stage, each cut into parts of at most
    ``ROWS_PER_PART`` (a stage's heading comes before its first part)."""
    out: list[list] = []
    for tp in rows:
        if not out or out[-1][0].stage_id != tp.stage_id or len(out[-1]) == ROWS_PER_PART:
            out.append([])
        out[-1].append(tp)
    return out


@st.fragment
def rows_part(ws_id: int, tp_ids: tuple[int, ...]) -> None:
    """A few touchpoints' rows, a fragment: a click that changes only its
    row (``row_only``) reruns only these; any other click runs the whole page."""
    if whole_page_wanted(ws_id):
        st.rerun(scope="app")
    wanted = set(tp_ids)
    found = {t.id: t for t in session.workspace_data(ws_id).touchpoints if t.id in wanted}
    if len(found) < len(wanted):  # deleted meanwhile (someone else): the whole page shows it gone
        st.rerun(scope="app")
    for tp_id in tp_ids:
        tp = found[tp_id]
        with st.container(key=keys.scoring_touchpoint(ws_id, tp.uid, "row"), border=True, gap="small"):
            score_row(ws_id, tp)
