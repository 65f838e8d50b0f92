"""Map 2 · Journey page: the framework, stages as columns (rename, reorder,
add, delete an empty one), per-stage texts saved at once, refusals that
change nothing, and user text never rendered as HTML."""

import pytest

from audit.frameworks import FRAMEWORKS
from audit.i18n import t
from audit.model import STAGE_TEXT_FIELDS
from rendered import shown, walk

XSS = "<img src=x onerror=alert(1)>"


def key(ws, stage, field):
    return f"journey-{ws.id}-{stage.uid}-{field}"


def framework_key(ws):
    return f"journey-{ws.id}-framework"


def snapshot(app_store, ws):
    """What a refused change must leave as it was."""
    return (app_store.workspace(ws.id).framework,
            [(s.uid, s.key, s.name, s.goal, s.questions, s.actions, s.feelings) for s in app_store.stages(ws.id)])


def stage_names(at):
    """The stages' names as their column heads show them (under the number, in bold, over the count)."""
    heads = [m.value.split("  \n**", 1)[1] for m in at.markdown if "  \n**" in m.value]
    return [h.split("**", 1)[0].replace("\\", "") for h in heads]


def stage_counts(at):
    """What each column head says of its touchpoints (its last line)."""
    return [m.value.rsplit("  \n", 1)[1] for m in at.markdown if "  \n**" in m.value]


def errors(at):
    """The error texts as a reader sees them (Markdown escapes removed)."""
    return shown(" ".join(e.value for e in at.error))


def edit_switch(ws):
    return f"journey-{ws.id}-edit"


@pytest.fixture
def make_app(make_app, app_store):
    """The Journey page with "Rename, reorder, add or delete stages" on: the
    stages' controls (name, arrows, delete) and the add field are drawn only
    then (issue 11). ``editing=False``: as a first visit shows it, off."""
    def make(*args, editing: bool = True, **kwargs):
        at = make_app(*args, **kwargs)
        ws = app_store.find_workspace(kwargs["workspace"]) if kwargs.get("workspace") else None
        if editing and ws is not None and kwargs.get("run", True):
            at.toggle(key=edit_switch(ws)).set_value(True).run()
        return at
    return make


@pytest.fixture
def empty_ws(app_store):
    return app_store.create_workspace("Café Luna", industry="restaurant", lang="es")


@pytest.fixture
def filled_ws(app_store):
    ws = app_store.create_workspace("Rosa's Bakery", industry="retail", lang="en")
    stages = app_store.stages(ws.id)
    for stage in stages:
        app_store.update_stage(stage.workspace_id, stage.id, goal=f"Goal of {stage.key}", questions="Is it open?",
                               actions="Searches Google Maps", feelings="Curious")
    app_store.update_stage(stages[5].workspace_id, stages[5].id, name="Come back weekly")
    app_store.add_stage(ws.id, "Onboarding")
    app_store.add_touchpoints(ws.id, [{"stage_id": stages[0].id, "name": "Google Maps listing"}])
    return ws


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("which", ["empty_ws", "filled_ws"])
def test_page_renders_the_stages_as_columns_in_order(make_app, app_store, request, lang, which):
    ws = request.getfixturevalue(which)
    at = make_app(page="journey", lang=lang, workspace=ws.slug)
    assert not at.exception
    assert at.title[0].value == t("nav.journey", lang)
    stages = app_store.stages(ws.id)
    goals = [a.key for a in at.text_area if a.key.endswith("-goal")]
    assert goals == [key(ws, s, "goal") for s in stages]
    for stage in stages:
        for field in STAGE_TEXT_FIELDS:
            assert at.text_area(key=key(ws, stage, field)).value == getattr(stage, field)
        assert at.text_input(key=key(ws, stage, "name")).value == stage.name
    names = stage_names(at)
    framework = app_store.workspace(ws.id).framework
    assert names[:len(stages)] == [s.display_name(framework, lang) for s in stages]


def test_the_framework_name_is_the_placeholder_of_an_unnamed_stage(make_app, app_store, empty_ws):
    at = make_app(page="journey", lang="en", workspace=empty_ws.slug)
    know = app_store.stages(empty_ws.id)[0]
    field = at.text_input(key=key(empty_ws, know, "name"))
    assert field.value == ""
    assert field.placeholder == "Know"  # the interface's language, as on every other page
    at = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    assert at.text_input(key=key(empty_ws, know, "name")).placeholder == "Conocer"


def test_renaming_a_stage_is_saved_and_survives_a_new_session(make_app, app_store, empty_ws):
    know = app_store.stages(empty_ws.id)[0]
    at = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    at.text_input(key=key(empty_ws, know, "name")).input("Descubrir").run()
    assert not at.exception
    assert app_store.stages(empty_ws.id)[0].name == "Descubrir"
    assert "Descubrir" in stage_names(at)

    again = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    assert again.text_input(key=key(empty_ws, know, "name")).value == "Descubrir"


def test_clearing_a_name_goes_back_to_the_framework_name(make_app, app_store, filled_ws):
    repeat = app_store.stages(filled_ws.id)[5]
    at = make_app(page="journey", workspace=filled_ws.slug)
    at.text_input(key=key(filled_ws, repeat, "name")).input("").run()
    assert app_store.stages(filled_ws.id)[5].name == ""
    assert "Repeat" in stage_names(at)


def test_an_added_stage_cannot_lose_its_name(make_app, app_store, filled_ws):
    custom = app_store.stages(filled_ws.id)[-1]
    before = snapshot(app_store, filled_ws)
    at = make_app(page="journey", workspace=filled_ws.slug)
    at.text_input(key=key(filled_ws, custom, "name")).input("  ").run()
    assert not at.exception
    assert t("allowed.non_empty", "en") in errors(at)
    assert snapshot(app_store, filled_ws) == before
    assert at.text_input(key=key(filled_ws, custom, "name")).value == "Onboarding"


@pytest.mark.parametrize("field", STAGE_TEXT_FIELDS)
def test_stage_texts_are_saved_at_once_and_survive_a_new_session(make_app, app_store, empty_ws, field):
    trust = app_store.stages(empty_ws.id)[2]
    at = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    at.text_area(key=key(empty_ws, trust, field)).input("¿Tendrán mesa el viernes?").run()
    assert not at.exception
    assert getattr(app_store.stages(empty_ws.id)[2], field) == "¿Tendrán mesa el viernes?"
    again = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    assert again.text_area(key=key(empty_ws, trust, field)).value == "¿Tendrán mesa el viernes?"


def test_an_edit_from_another_session_shows_on_the_next_run(make_app, app_store, filled_ws):
    buy = app_store.stages(filled_ws.id)[4]
    at = make_app(page="journey", workspace=filled_ws.slug)
    app_store.update_stage(buy.workspace_id, buy.id, feelings="Relieved")
    at.run()
    assert at.text_area(key=key(filled_ws, buy, "feelings")).value == "Relieved"


def test_stages_are_reordered_with_their_arrows(make_app, app_store, filled_ws):
    uids = [s.uid for s in app_store.stages(filled_ws.id)]
    at = make_app(page="journey", workspace=filled_ws.slug)
    assert at.button(key=f"journey-{filled_ws.id}-{uids[0]}-left").disabled
    assert at.button(key=f"journey-{filled_ws.id}-{uids[-1]}-right").disabled
    at.button(key=f"journey-{filled_ws.id}-{uids[0]}-right").click().run()
    assert not at.exception
    assert [s.uid for s in app_store.stages(filled_ws.id)] == [uids[1], uids[0], *uids[2:]]
    at.button(key=f"journey-{filled_ws.id}-{uids[-1]}-left").click().run()
    assert [s.uid for s in app_store.stages(filled_ws.id)] == [uids[1], uids[0], *uids[2:-2], uids[-1], uids[-2]]
    # the texts move with their stage, and the columns follow the new order
    stages = app_store.stages(filled_ws.id)
    assert [a.key for a in at.text_area if a.key.endswith("-goal")] == [key(filled_ws, s, "goal") for s in stages]
    assert at.text_area(key=key(filled_ws, stages[1], "goal")).value == "Goal of know"


def test_a_stage_is_added_at_the_end(make_app, app_store, empty_ws):
    at = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    at.text_input(key=f"journey-{empty_ws.id}-new-stage").input("Bienvenida")
    at.button(key=f"journey-{empty_ws.id}-add").click().run()
    assert not at.exception
    stages = app_store.stages(empty_ws.id)
    assert len(stages) == 8
    assert (stages[-1].key, stages[-1].name) == (None, "Bienvenida")
    assert at.text_input(key=f"journey-{empty_ws.id}-new-stage").value == ""
    again = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    assert again.text_input(key=key(empty_ws, stages[-1], "name")).value == "Bienvenida"


def test_a_stage_without_a_name_is_refused(make_app, app_store, empty_ws):
    before = snapshot(app_store, empty_ws)
    at = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    at.button(key=f"journey-{empty_ws.id}-add").click().run()
    assert not at.exception
    assert t("allowed.non_empty", "es") in errors(at)
    assert snapshot(app_store, empty_ws) == before


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_stages_controls_are_drawn_while_the_switch_is_on(make_app, app_store, filled_ws, lang):
    """A stage's head is its name and count; renaming, moving, deleting and adding are behind
    one switch (seven menus, or rows of arrows with tooltips, cost the browser a seventh of a
    switch to the page). Off again, the texts are all there is."""
    know = app_store.stages(filled_ws.id)[0]
    at = make_app(page="journey", lang=lang, workspace=filled_ws.slug, editing=False)
    controls = [f"journey-{filled_ws.id}-{know.uid}-{what}" for what in ("left", "right", "delete")]
    assert at.toggle(key=edit_switch(filled_ws)).label == t("journey.edit_stages", lang)
    assert not at.button and not at.text_input  # no stage controls, no add field
    at.toggle(key=edit_switch(filled_ws)).set_value(True).run()
    assert [at.button(key=k).label for k in controls] == [
        t("journey.move_left", lang), t("journey.move_right", lang), t("journey.delete", lang)]
    assert at.text_input(key=key(filled_ws, know, "name")).value == know.name
    assert at.text_input(key=f"journey-{filled_ws.id}-new-stage")
    at.toggle(key=edit_switch(filled_ws)).set_value(False).run()
    assert not at.button and not at.text_input
    assert len(at.text_area) == 4 * len(app_store.stages(filled_ws.id))


def test_an_empty_stage_can_be_deleted(make_app, app_store, filled_ws):
    stages = app_store.stages(filled_ws.id)
    at = make_app(page="journey", workspace=filled_ws.slug)
    at.button(key=f"journey-{filled_ws.id}-{stages[-1].uid}-delete").click().run()
    assert not at.exception
    assert [s.uid for s in app_store.stages(filled_ws.id)] == [s.uid for s in stages[:-1]]
    assert not at.error


@pytest.mark.parametrize("lang", ["en", "es"])
def test_deleting_a_stage_with_touchpoints_is_refused_and_changes_nothing(make_app, app_store, filled_ws, lang):
    know = app_store.stages(filled_ws.id)[0]
    before = snapshot(app_store, filled_ws)
    at = make_app(page="journey", lang=lang, workspace=filled_ws.slug)
    at.button(key=f"journey-{filled_ws.id}-{know.uid}-delete").click().run()
    assert not at.exception
    message = errors(at)
    assert t("allowed.stage_not_empty", lang) in message
    assert FRAMEWORKS["hourglass"][0].name(lang) in message  # the stage as the user sees it, not its id
    assert snapshot(app_store, filled_ws) == before
    assert len(app_store.touchpoints(filled_ws.id)) == 1


@pytest.mark.parametrize("lang", ["en", "es"])
def test_framework_change_is_refused_once_touchpoints_exist(make_app, app_store, filled_ws, lang):
    before = snapshot(app_store, filled_ws)
    at = make_app(page="journey", lang=lang, workspace=filled_ws.slug)
    at.radio(key=framework_key(filled_ws)).set_value("purchase-route").run()
    assert not at.exception
    assert t("allowed.framework_locked", lang) in errors(at)
    assert t("journey.framework_locked_why", lang) in [i.value for i in at.info]
    assert snapshot(app_store, filled_ws) == before
    assert at.radio(key=framework_key(filled_ws)).value == "hourglass"


def test_framework_of_an_untouched_journey_changes_at_once(make_app, app_store, empty_ws):
    at = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    at.radio(key=framework_key(empty_ws)).set_value("before-during-after").run()
    assert not at.exception
    assert app_store.workspace(empty_ws.id).framework == "before-during-after"
    stages = app_store.stages(empty_ws.id)
    assert [s.key for s in stages] == [s.key for s in FRAMEWORKS["before-during-after"]]
    assert [a.key for a in at.text_area if a.key.endswith("-goal")] == [key(empty_ws, s, "goal") for s in stages]
    assert "Antes" in stage_names(at)


def test_framework_change_that_would_delete_texts_asks_first(make_app, app_store, empty_ws):
    know = app_store.stages(empty_ws.id)[0]
    app_store.update_stage(know.workspace_id, know.id, goal="Encontrar sitio para cenar")
    before = snapshot(app_store, empty_ws)
    at = make_app(page="journey", lang="es", workspace=empty_ws.slug)
    at.radio(key=framework_key(empty_ws)).set_value("purchase-route").run()
    assert snapshot(app_store, empty_ws) == before, "nothing changes before confirming"
    assert at.warning
    at.button(key=f"journey-{empty_ws.id}-framework-no").click().run()
    assert snapshot(app_store, empty_ws) == before
    assert at.radio(key=framework_key(empty_ws)).value == "hourglass"
    assert not at.warning

    at.radio(key=framework_key(empty_ws)).set_value("purchase-route").run()
    at.button(key=f"journey-{empty_ws.id}-framework-yes").click().run()
    assert not at.exception
    assert app_store.workspace(empty_ws.id).framework == "purchase-route"
    assert len(app_store.stages(empty_ws.id)) == 5
    assert at.radio(key=framework_key(empty_ws)).value == "purchase-route"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_user_text_is_never_rendered_as_html(make_app, app_store, lang):
    ws = app_store.create_workspace(XSS, lang=lang)
    first = app_store.stages(ws.id)[0]
    app_store.update_stage(first.workspace_id, first.id, name=XSS, **{f: XSS for f in STAGE_TEXT_FIELDS})
    app_store.add_stage(ws.id, f"{XSS} **bold**")
    at = make_app(page="journey", lang=lang, workspace=ws.slug)
    assert not at.exception
    seen = 0
    for node in [*walk(at.main), *walk(at.sidebar)]:
        assert getattr(node, "type", "") not in ("html", "iframe", "custom_component") or XSS not in str(node.proto)
        proto = getattr(node, "proto", None)
        body = getattr(proto, "body", None)
        if isinstance(body, str) and XSS in body.replace("\\", ""):
            seen += 1
            if hasattr(proto, "allow_html"):
                assert proto.allow_html is False, f"{node.type}: {body!r}"
            assert XSS not in body, f"{node.type} shows markup unescaped: {body!r}"
    assert seen >= 2, "both stage headers show the user's name"
    # a refused delete names the stage: still escaped
    app_store.add_touchpoints(ws.id, [{"stage_id": first.id, "name": "Sign"}])
    at.button(key=f"journey-{ws.id}-{first.uid}-delete").click().run()
    assert at.error
    assert any(XSS in e.value.replace("\\", "") for e in at.error)
    assert all(XSS not in e.value for e in at.error)  # alerts have no HTML mode; Markdown-escaped


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_stage_says_how_many_touchpoints_it_has_in_words(make_app, app_store, lang):
    """The count is written under the name, not hidden in a tooltip (a
    tooltip per element is most of what the browser draws, issue 11)."""
    ws = app_store.create_workspace("Bakery", lang=lang)
    stages = app_store.stages(ws.id)
    app_store.add_touchpoints(ws.id, [dict(stage_id=stages[0].id, name="Window"),
                                      dict(stage_id=stages[1].id, name="Web"), dict(stage_id=stages[1].id, name="Ads")])
    at = make_app(page="journey", lang=lang, workspace=ws.slug)
    assert not at.exception
    from views.session import small_print

    assert stage_counts(at)[:3] == [small_print(t("journey.touchpoints_one", lang)),
                                    small_print(t("journey.touchpoints", lang, n=2)),
                                    small_print(t("journey.touchpoints_none", lang))]
    assert not [m for m in at.markdown if "  \n**" in m.value and m.help]
    fields = [a for a in at.text_area if a.key.endswith("-goal")]
    assert len(fields) == len(stages)
    assert all(f.placeholder == t("journey.placeholder.goal", lang) for f in fields)  # the example, in the field
