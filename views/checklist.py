"""Audit 3 — the industry pack's best-practice questions, stage by stage:
yes / partly / no / not applicable, each answer saved at once; the checklist
score per stage and overall (DESIGN.md: yes 1, partly ½, no 0, n/a left out).

Per stage, the key questions come first (the pack's ``key`` flag, at most
two; a stage without any shows its first two) and the rest are folded in
"More questions". "All yes" answers every question of the stage not answered
yet with yes, in one transaction, for a stage the business clearly does well.
"""

import streamlit as st

from audit.checklist_scores import stage_checklists
from audit.model import ANSWERS, InvalidValue
from views import editing, keys, messages, session
from views.session import md, tr

store = session.store()
library = session.library()
ws = session.require_workspace("checklist")
session.page_header("checklist", ws)
lang = session.lang()

pack = library.pack(ws.industry)
data = session.workspace_data(ws.id)  # read once per change of the workspace
stages, answers = data.stages, data.answers
checklist = stage_checklists(stages, pack, ws.framework, answers)
answer_labels = {a: tr(f"answer.{a}") for a in ANSWERS}


@session.guarded
def save_answer(question_key: str) -> None:
    key = keys.checklist_answer(ws.id, question_key)
    try:
        store.set_answers(ws.id, {question_key: st.session_state[key]})
    except InvalidValue as exc:
        messages.report(key, exc)
        st.session_state[key] = store.answers(ws.id).get(question_key)  # back to what the store holds
    else:
        messages.clear(key)
        messages.saved()


@session.guarded
def all_yes(question_keys: list[str]) -> None:
    """Yes to each question not answered yet; given answers are kept."""
    given = store.answers(ws.id)
    wanted = {k: "yes" for k in question_keys if k not in given}
    if wanted:
        store.set_answers(ws.id, wanted)
        messages.toast("flow.checklist.all_yes_done", n=len(wanted))


#: Questions shown first in a stage without key questions in its pack.
FIRST_SHOWN = 2


def percent(score: float | None) -> str:
    return tr("checklist.unknown") if score is None else tr("checklist.percent", n=int(score * 100 + 0.5))


if pack is None or not pack.questions:
    st.info(tr("checklist.no_pack"), icon=session.PAGE_ICONS["checklist"])
    st.stop()

st.caption(messages.text("checklist.pack", industry=pack.name(lang)))

# -- scores ------------------------------------------------------------------------
total, answered = checklist.questions, checklist.answered
left, right = st.columns(2)
left.metric(tr("checklist.overall"), percent(checklist.score),
            help=tr("checklist.overall_help") if checklist.score is not None else tr("checklist.unknown_help"),
            border=True)
right.metric(tr("checklist.answered"), tr("checklist.answered_value", n=answered, total=total), border=True)
st.progress(answered / total if total else 0.0)

st.subheader(tr("checklist.by_stage"))
per_row = min(len(checklist.stages), 7) or 1
for start in range(0, len(checklist.stages), per_row):
    row = checklist.stages[start:start + per_row]
    for col, item in zip(st.columns(per_row), row):
        # No tooltip: the stage's box below says how many are answered, or why it has no
        # questions, and the overall score's help how answers count (the browser draws
        # every tooltip on each switch to the page, issue 11).
        col.metric(md(item.stage.display_name(ws.framework, lang)), percent(item.score), border=True)

if checklist.orphaned:
    n = len(checklist.orphaned)
    st.caption(tr("checklist.orphaned_one") if n == 1 else tr("checklist.orphaned", n=n))

# -- the questions, stage by stage -------------------------------------------------
def ask(question) -> None:
    key = keys.checklist_answer(ws.id, question.key)
    stored = answers.get(question.key)
    # The database is the only memory: the radio starts from what it holds (its index) and
    # follows it when it changes elsewhere (another session, "all yes"), as editing.start_value.
    present = editing.follow_store(key, stored)
    choice = st.radio(
        md(question.text(lang)), list(ANSWERS), key=key, horizontal=True,
        index=None if present or stored not in ANSWERS else list(ANSWERS).index(stored),
        format_func=answer_labels.get, help=md(question.why(lang)),
        on_change=save_answer, args=(question.key,),
    )
    messages.show(key)
    if choice in ("no", "partly"):
        st.caption(messages.text("checklist.action", action=question.action(lang)))


for item in checklist.stages:
    name = item.stage.display_name(ws.framework, lang)
    with st.container(border=True):
        # The name, then one line with the answers so far and the score: fewer
        # elements and columns per stage (each is a message and a redraw, issue 11).
        st.subheader(md(name), anchor=False)
        if not item.questions:
            st.caption(tr("checklist.no_questions" if item.stage.key is None else "checklist.no_questions_pack"))
            continue
        with st.container(horizontal=True, vertical_alignment="center"):
            answered = tr("checklist.stage_progress", answered=item.answered, total=len(item.questions))
            st.progress(item.answered / len(item.questions),
                        text=f"{answered} · **{tr('checklist.stage_score', score=percent(item.score))}**")
            unanswered = [q.key for q in item.questions if q.key not in answers]
            # What "All yes" does is said once, under the page's title, not in seven tooltips (the
            # browser draws each on every switch to the page, issue 11).
            st.button(tr("flow.checklist.all_yes"), key=keys.checklist_stage(ws.id, item.stage.uid, "all-yes"),
                      icon=":material/done_all:", disabled=not unanswered, on_click=all_yes, args=(unanswered,))
        ordered = sorted(item.questions, key=lambda q: not q.is_key)  # key first, pack order otherwise
        n_first = sum(1 for q in ordered if q.is_key) or FIRST_SHOWN
        first, more = ordered[:n_first], ordered[n_first:]
        for question in first:
            ask(question)
        if more:
            left = sum(1 for q in more if q.key not in answers)
            label = tr("flow.checklist.more", n=len(more), left=left)
            folded = st.expander(label, on_change="rerun",  # Streamlit's own chevron: no second icon to draw
                                 key=keys.checklist_stage(ws.id, item.stage.uid, "more"))
            if folded.open:  # drawn only while open: the page does not pay for every question of every stage
                with folded:
                    for question in more:
                        ask(question)

session.next_step("checklist", ws)
