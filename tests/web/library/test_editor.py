"""The draft editor in the browser: one element per page, lint next to the field, nothing lost."""

import pytest

from mognad.core import edit
from mognad.web.apps.library.models import InstrumentDraft
from mognad.web.apps.workspaces.models import Role
from tests.web.factories import make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = make_user()
    make_workspace("acme", user=user)
    client.force_login(user)
    return client


@pytest.fixture
def draft(owner) -> InstrumentDraft:
    owner.post("/w/acme/library/seven-theses/1.0.0/fork/")
    return InstrumentDraft.objects.get()


def _url(draft, at=""):
    base = f"/w/acme/library/drafts/{draft.pk}/edit/"
    return f"{base}{at}/" if at else base


def _stored(draft):
    draft.refresh_from_db()
    return edit.loads(draft.yaml)


def _dimension_index(draft, key):
    return [d.key for d in _stored(draft).dimensions].index(key)


def _item_at(draft, key):
    instrument = _stored(draft)
    for d, dim in enumerate(instrument.dimensions):
        for i, item in enumerate(dim.items):
            if item.key == key:
                return f"dimensions/{d}/items/{i}"
    raise AssertionError(key)


def _section(owner, draft, at, **fields):
    """The element's form as shown, with `fields` changed, posted back."""
    page = owner.get(_url(draft, at))
    assert page.status_code == 200
    data = {"action": "save", "lang": fields.pop("lang", "en")}
    for view in page.context["fields"]:
        if view.spec.kind == "bool":
            if view.value:
                data[view.input_name] = "on"
        elif view.spec.kind == "choices":
            data[view.input_name] = view.values
        else:
            data[view.input_name] = view.value
    data.update({f"f-{name}": value for name, value in fields.items()})
    return owner.post(_url(draft, at), data)


def test_renaming_a_dimension_saves_it_and_its_recommendations_follow(owner, draft):
    """A new key and title are stored; recommendations on the dimension name the new key."""
    at = f"dimensions/{_dimension_index(draft, 'availability')}"
    response = _section(owner, draft, at, key="uptime", title="Uptime, always")
    assert response.status_code == 302
    instrument = _stored(draft)
    dim = instrument.dimensions[_dimension_index(draft, "uptime")]
    assert dim.title["en"] == "Uptime, always"
    assert "availability" not in {r.when.dimension for r in instrument.recommendations}
    assert edit.problems(instrument) == []


def test_rewording_an_item_in_swedish_keeps_the_other_languages(owner, draft):
    """Editing in Swedish changes the Swedish text only; the English one is shown beside it."""
    at = _item_at(draft, "availability.targets")
    page = owner.get(_url(draft, at) + "?lang=sv").content.decode()
    assert 'lang="en"' in page and "Do we have agreed availability targets" in page
    _section(owner, draft, at, lang="sv", text="Har vi mål för drifttid?")
    item = next(i for _, i in _stored(draft).walk_items() if i.key == "availability.targets")
    assert item.text["sv"] == "Har vi mål för drifttid?"
    assert item.text["en"].startswith("Do we have agreed availability targets")


def test_a_wrong_number_saves_nothing_and_keeps_what_was_typed(owner, draft):
    """A weight of 'heavy' and a new text come back in the form with the message at the weight."""
    at = _item_at(draft, "availability.targets")
    before = draft.yaml
    response = _section(owner, draft, at, weight="heavy", text="A reworded question")
    assert response.status_code == 400
    html = response.content.decode()
    assert "A reworded question" in html
    assert 'value="heavy"' in html
    weight = next(f for f in response.context["fields"] if f.spec.name == "weight")
    assert weight.messages == ["Give a number, like 3 or 0.5."]
    draft.refresh_from_db()
    assert draft.yaml == before


def test_a_shape_error_is_placed_at_its_field(owner, draft):
    """A negative weight is refused by the model; the message sits next to the weight."""
    at = _item_at(draft, "availability.targets")
    response = _section(owner, draft, at, weight="-2")
    assert response.status_code == 400
    weight = next(f for f in response.context["fields"] if f.spec.name == "weight")
    assert weight.messages == ["weights must be positive"]


def test_lint_problems_show_next_to_the_field_they_concern(owner, draft):
    """Clearing the Dutch text is saved, and the page shows lint's message at the text field."""
    at = _item_at(draft, "availability.targets")
    response = _section(owner, draft, at, lang="nl", text="")
    assert response.status_code == 302
    page = owner.get(_url(draft, at) + "?lang=nl")
    text = next(f for f in page.context["fields"] if f.spec.name == "text")
    assert text.messages == ["missing nl; give the text in every declared language"]
    assert "1 problem" in page.content.decode() or "one problem" in page.content.decode()


def test_the_outline_lists_every_problem_with_a_link_to_its_element(owner, draft):
    """The draft's first page links each lint problem to the page where it can be fixed."""
    at = _item_at(draft, "availability.targets")
    _section(owner, draft, at, lang="nl", text="")
    page = owner.get(_url(draft))
    [(problem, url)] = page.context["problems"]
    assert problem.element == "items[availability.targets].text"
    assert url.startswith(_url(draft, at))


def test_adding_a_question_and_options_then_reordering(owner, draft):
    """A new single-choice question is added, gets an option, and moves to the top."""
    at = f"dimensions/{_dimension_index(draft, 'data')}"
    response = owner.post(
        _url(draft, at),
        {
            "action": "add",
            "list": "items",
            "new-key": "data.owner",
            "new-type": "multi",
            "new-text": "Who owns our data?",
            "lang": "en",
        },
    )
    assert response.status_code == 302
    item_at = _item_at(draft, "data.owner")
    assert response["Location"].startswith(_url(draft, item_at))
    owner.post(
        _url(draft, item_at),
        {"action": "add", "list": "options", "new-key": "it", "new-text": "IT", "lang": "en"},
    )
    index = int(item_at.rsplit("/", 1)[1])
    for _ in range(index):
        owner.post(_url(draft, _item_at(draft, "data.owner")), {"action": "up"})
    dim = _stored(draft).dimensions[_dimension_index(draft, "data")]
    assert dim.items[0].key == "data.owner"
    assert [o.key for o in dim.items[0].options] == ["a", "it"]


def test_removing_a_question_that_a_condition_uses_is_saved_and_flagged(owner, draft):
    """The draft keeps the removal, and lint points at the condition that lost its item."""
    at = _item_at(draft, "availability.targets")
    assert owner.post(_url(draft, at), {"action": "remove"}).status_code == 302
    elements = [p.element for p in edit.problems(_stored(draft))]
    assert any(e.startswith("items[availability.targets_met].show_if") for e in elements)


def test_a_condition_is_edited_as_item_test_and_value(owner, draft):
    """The show-if of targets_met can test the answer 'yes' only."""
    at = _item_at(draft, "availability.targets_met")
    page = owner.get(_url(draft, at))
    shown = {f.spec.name: f.value for f in page.context["fields"]}
    assert shown["show_if.item"] == "availability.targets"
    assert shown["show_if.test"] == "in"
    assert shown["show_if.value"] == "yes, partly"
    _section(owner, draft, at, **{"show_if.test": "equals", "show_if.value": "yes"})
    item = next(i for _, i in _stored(draft).walk_items() if i.key == "availability.targets_met")
    assert item.show_if.equals == "yes"


def test_levels_and_recommendations_are_editable(owner, draft):
    """A level's bounds and a recommendation's priority and level test are saved."""
    instrument = _stored(draft)
    first, second = instrument.levels[0], instrument.levels[1]
    _section(owner, draft, "levels/0", max=str(first.max + 1))
    response = _section(owner, draft, "levels/1", min=str(second.min + 1))
    assert response.status_code == 302
    assert edit.problems(_stored(draft)) == []
    response = _section(owner, draft, "recommendations/0", priority="1")
    assert _stored(draft).recommendations[0].priority == 1


def test_a_recommendation_on_a_group_gap_is_edited_as_two_keys_and_points(owner, draft):
    """The gap test shows as 'leadership, staff' and 20; a single key is refused at the field."""
    index = next(i for i, r in enumerate(_stored(draft).recommendations) if r.when.gap)
    at = f"recommendations/{index}"
    shown = {f.spec.name: f.value for f in owner.get(_url(draft, at)).context["fields"]}
    gap = _stored(draft).recommendations[index].when.gap
    assert shown["when.gap.groups"] == ", ".join(gap.groups)
    assert float(shown["when.gap.at_least"]) == gap.at_least
    response = _section(owner, draft, at, **{"when.gap.groups": "leadership"})
    assert response.status_code == 400
    groups = next(f for f in response.context["fields"] if f.spec.name == "when.gap.groups")
    assert groups.messages == ["Give the keys of two groups, separated by a comma."]
    _section(owner, draft, at, **{"when.gap.groups": "staff, customers", "when.gap.at_least": "15"})
    gap = _stored(draft).recommendations[index].when.gap
    assert (gap.groups, gap.at_least) == (("staff", "customers"), 15)


def test_the_live_preview_pages_through_the_questionnaire(owner, draft):
    """Without JavaScript the preview panel links to the next page, which shows its questions."""
    instrument = _stored(draft)
    html = owner.get(_url(draft) + "?preview=sv&page=2").content.decode()
    assert instrument.text(instrument.dimensions[1].title, "sv") in html
    assert "preview=sv&amp;page=3#live-preview" in html


def test_htmx_saves_return_the_form_and_refresh_the_preview(owner, draft):
    """With htmx a save answers 200 with the form, and tells the preview to reload."""
    at = _item_at(draft, "availability.targets")
    page = owner.get(_url(draft, at))
    data = {v.input_name: v.value for v in page.context["fields"] if v.spec.kind != "bool"}
    data.update({"action": "save", "lang": "en", "f-text": "Targets agreed?"})
    response = owner.post(_url(draft, at), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "draft-saved"
    assert 'id="editor-form"' in response.content.decode()
    preview = owner.get(f"/w/acme/library/drafts/{draft.pk}/live-preview/?lang=en&page=1")
    assert preview.status_code == 200


def test_the_live_preview_shows_the_page_in_the_chosen_language(owner, draft):
    """The element's page is rendered with the respondent's fields, in Dutch when asked."""
    at = _item_at(draft, "availability.targets")
    html = owner.get(_url(draft, at) + "?preview=nl").content.decode()
    assert "Hebben we afgesproken beschikbaarheidsdoelen" in html
    assert 'name="availability.targets"' in html


@pytest.mark.parametrize("at", ["nowhere", "dimensions/99", "dimensions/0/title", "x/" * 30])
def test_an_address_that_names_no_element_is_404(owner, draft, at):
    """Malformed or missing paths answer 404, never 500."""
    assert owner.get(_url(draft, at)).status_code == 404


def test_viewers_cannot_open_or_change_the_editor(client, draft):
    """A viewer of the workspace gets 403 on every editor page and changes nothing."""
    viewer = make_user("viewer@example.org")
    from mognad.web.apps.workspaces.models import Membership, Workspace

    Membership.objects.create(
        workspace=Workspace.objects.get(slug="acme"), user=viewer, role=Role.VIEWER
    )
    client.force_login(viewer)
    before = draft.yaml
    for url in (
        _url(draft),
        _url(draft, "dimensions/0"),
        f"/w/acme/library/drafts/{draft.pk}/translate/",
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"action": "remove"}).status_code == 403
    draft.refresh_from_db()
    assert draft.yaml == before


def test_a_draft_with_lint_problems_opens_everywhere_but_cannot_be_published(owner, draft):
    """Half-translated, the draft's page and the library open; publishing is refused."""
    from mognad.web.apps.library import actions

    owner.post(f"/w/acme/library/drafts/{draft.pk}/languages/", {"action": "add", "code": "fi"})
    assert owner.get(f"/w/acme/library/drafts/{draft.pk}/").status_code == 200
    assert owner.get("/w/acme/library/").status_code == 200
    assert owner.get(f"/w/acme/library/drafts/{draft.pk}/preview/").status_code == 200
    draft.refresh_from_db()
    with pytest.raises(actions.LibraryError, match="problems; fix them in the editor"):
        actions.publish_draft(draft, "1.1.0", None)
    owner.post(f"/w/acme/library/drafts/{draft.pk}/languages/", {"action": "remove", "code": "fi"})
    draft.refresh_from_db()
    assert actions.publish_draft(draft, "1.1.0", None).version == "1.1.0"


def test_shared_scales_are_reachable_and_editable(owner, draft):
    """The outline links the shared scales; a scale's label can be reworded."""
    page = owner.get(_url(draft))
    assert ("agree5", _url(draft, "scales/agree5") + "?lang=en") in page.context["scales"]
    labels = owner.get(_url(draft, "scales/agree5"))
    [listed] = [lv for lv in labels.context["lists"] if lv.child.name == "labels"]
    response = _section(owner, draft, "scales/agree5/labels/0", label="Not at all")
    assert response.status_code == 302
    assert _stored(draft).scales["agree5"].labels[0].label["en"] == "Not at all"
    assert listed.entries


def test_an_options_points_to_phase_categories_are_editable(owner):
    """In the life-phase instrument an option's points to each category can be changed."""
    owner.post("/w/acme/library/platform-ecosystem/1.0.0/fork/")
    draft = InstrumentDraft.objects.get()
    instrument = edit.loads(draft.yaml)
    at, option = next(
        (f"dimensions/{d}/items/{i}/options/{o}", opt)
        for d, dim in enumerate(instrument.dimensions)
        for i, item in enumerate(dim.items)
        for o, opt in enumerate(getattr(item, "options", None) or [])
        if opt.points
    )
    category = next(iter(option.points))
    response = _section(owner, draft, at, **{f"points.{category}": "7"})
    assert response.status_code == 302
    stored = edit.get(_stored(draft), tuple(int(p) if p.isdigit() else p for p in at.split("/")))
    assert stored["points"][category] == 7
