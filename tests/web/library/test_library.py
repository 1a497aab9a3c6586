"""The library page lists the built-in instruments; the preview shows each as respondents see it."""

import pytest

from mognad.instruments import builtin_instruments
from mognad.web.apps.workspaces.models import Role
from tests.web.factories import make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client):
    user = make_user()
    make_workspace("acme", user=user, role=Role.VIEWER)
    client.force_login(user)
    return client


def test_it_lists_every_builtin_instrument_with_its_facts(viewer):
    """Each built-in appears with its title, version, item count and a preview link."""
    page = viewer.get("/w/acme/library/")
    assert page.status_code == 200
    html = page.content.decode()
    assert len(builtin_instruments()) == 4
    for instrument in builtin_instruments():
        assert instrument.text(instrument.title) in html
        assert f"/w/acme/library/{instrument.id}/" in html
        items = sum(1 for _ in instrument.walk_items())
        assert f"<dd>{items}</dd>" in html
    assert html.count('class="card"') == 4


def test_a_viewer_sees_no_start_a_round_link(viewer):
    """Starting a round needs the 'run' permission, so a viewer only gets the preview."""
    html = viewer.get("/w/acme/library/").content.decode()
    assert "/w/acme/rounds/new/" not in html


def test_an_owner_can_start_a_round_from_a_card(client):
    """Each card links to the new-round form with its instrument chosen."""
    user = make_user()
    make_workspace("acme", user=user)
    client.force_login(user)
    html = client.get("/w/acme/library/").content.decode()
    assert "/w/acme/rounds/new/?instrument=people-first" in html


def test_cards_speak_the_interface_language(viewer):
    """With Swedish chosen, titles come in Swedish, marked with their language."""
    viewer.cookies["django_language"] = "sv"
    html = viewer.get("/w/acme/library/").content.decode()
    assert '<h2 lang="sv">Digital mognad – människan först</h2>' in html


def test_phases_and_levels_are_named_on_the_cards(viewer):
    """A level instrument names its levels; the phase instrument names its phases."""
    html = viewer.get("/w/acme/library/").content.decode()
    for instrument in builtin_instruments():
        if instrument.levels:
            assert instrument.text(instrument.levels[0].title) in html
        if instrument.phases:
            assert instrument.text(instrument.phases.categories[0].title) in html


def test_the_preview_renders_every_page_in_every_language(viewer):
    """Every built-in, every language, every page answers 200 in that language."""
    for instrument in builtin_instruments():
        for lang in instrument.languages:
            for page, dim in enumerate(instrument.dimensions, start=1):
                url = f"/w/acme/library/{instrument.id}/?lang={lang}&page={page}"
                response = viewer.get(url)
                assert response.status_code == 200, url
                html = response.content.decode()
                assert instrument.text(instrument.title, lang) in html
                assert instrument.text(dim.title, lang) in html
                total = len(instrument.dimensions)
                assert f'<progress id="preview-progress" max="{total}" value="{page}">' in html


def test_the_preview_shows_every_question_of_a_page_read_only(viewer):
    """All items of the first page appear, their fields disabled and no submit button."""
    instrument = builtin_instruments()[1]
    html = viewer.get(f"/w/acme/library/{instrument.id}/?lang=de").content.decode()
    for item in instrument.dimensions[0].items:
        assert instrument.text(item.text, "de") in html
    assert 'type="submit"' not in html.split('class="preview-form"')[1].split("</form>")[0]
    assert '<fieldset class="preview-fields" disabled>' in html


def test_a_pair_item_shows_both_prompts_with_scale_labels(viewer):
    """People-first's importance/performance items show both prompts and the scale's labels."""
    instrument = next(i for i in builtin_instruments() if i.id == "people-first")
    page, pair = next(
        (page, item)
        for page, dim in enumerate(instrument.dimensions, start=1)
        for item in dim.items
        if item.type == "pair"
    )
    html = viewer.get(f"/w/acme/library/people-first/?lang=nl&page={page}").content.decode()
    assert instrument.text(pair.importance, "nl") in html
    assert instrument.text(pair.performance, "nl") in html
    assert f'name="{pair.key}:importance"' in html
    assert f'name="{pair.key}:performance"' in html
    assert "Helemaal mee eens" in html


def test_choice_and_multi_items_render_as_radios_and_checkboxes(viewer):
    """The EU-DMA checklists are checkboxes; yes/partly/no questions are radio buttons."""
    instrument = next(i for i in builtin_instruments() if i.id == "eu-dma")
    html = "".join(
        viewer.get(f"/w/acme/library/eu-dma/?page={n}").content.decode()
        for n in range(1, len(instrument.dimensions) + 1)
    )
    for _, item in instrument.walk_items():
        kind = {"multi": "checkbox", "choice": "radio", "scale": "radio"}[item.type]
        assert f'<input type="{kind}" name="{item.key}" id="q-{item.key.replace(".", "-")}-' in html


def test_the_preview_offers_each_language_and_pages(viewer):
    """The page links to the other languages and to the next page, keeping the language."""
    html = viewer.get("/w/acme/library/seven-theses/?lang=sv&page=2").content.decode()
    assert 'href="?lang=de&amp;page=2"' in html
    assert 'href="?lang=sv&amp;page=3"' in html
    assert 'href="?lang=sv&amp;page=1"' in html
    assert '<div class="questionnaire" lang="sv">' in html


def test_an_unknown_page_or_language_falls_back_instead_of_failing(viewer):
    """A page past the end shows the last page; an unknown language the default."""
    response = viewer.get("/w/acme/library/seven-theses/?lang=xx&page=abc")
    assert response.status_code == 200
    assert '<div class="questionnaire" lang="en">' in response.content.decode()
    last = viewer.get("/w/acme/library/seven-theses/?page=99").content.decode()
    assert 'value="7"' in last


def test_an_unknown_instrument_is_not_found(viewer):
    """A preview of an instrument that does not exist answers 404."""
    assert viewer.get("/w/acme/library/nothing-here/").status_code == 404


def test_it_rejects_foreign_workspace(client):
    """A user who is not a member of the workspace gets 404 for its library and previews."""
    make_workspace("acme")
    stranger = make_user("eve@example.org")
    make_workspace("other", user=stranger)
    client.force_login(stranger)
    assert client.get("/w/acme/library/").status_code == 404
    assert client.get("/w/acme/library/people-first/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    """Without a session the library redirects to the login page."""
    make_workspace("acme")
    response = client.get("/w/acme/library/")
    assert response.status_code == 302


def test_language_links_name_each_language_in_itself(viewer):
    """The language switch reads "svenska", "Deutsch", … whatever the interface language."""
    html = viewer.get("/w/acme/library/people-first/?lang=en").content.decode()
    assert '<a lang="sv" hreflang="sv" href="?lang=sv&amp;page=1">svenska</a>' in html
    assert '<strong lang="en" aria-current="true">English</strong>' in html
