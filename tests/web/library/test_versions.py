"""Publishing from the browser, version pages with lineage, diffs, and sharing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mognad.instruments import find_builtin
from mognad.web.apps.library.models import InstrumentDraft, InstrumentVersion, Visibility
from mognad.web.apps.workspaces.models import Role
from tests.web.factories import make_round, make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = make_user()
    make_workspace("acme", user=user)
    client.force_login(user)
    return client


def _reworded_draft(client) -> InstrumentDraft:
    client.post("/w/acme/library/people-first/1.0.0/fork/")
    draft = InstrumentDraft.objects.get()
    old = find_builtin("people-first").dimensions[0].title["nl"]
    text = draft.yaml.replace(old, "Onze klanten", 1)
    upload = SimpleUploadedFile("d.yaml", text.encode(), content_type="application/yaml")
    client.post(f"/w/acme/library/drafts/{draft.pk}/upload/", {"file": upload})
    return draft


def _publish(client, draft, version):
    return client.post(f"/w/acme/library/drafts/{draft.pk}/publish/", {"version": version})


def test_publishing_shows_the_change_and_suggests_a_patch(owner):
    """Rewording one Dutch title is a patch on the parent's number."""
    draft = _reworded_draft(owner)
    html = owner.get(f"/w/acme/library/drafts/{draft.pk}/publish/").content.decode()
    assert "Onze klanten" in html
    assert "Suggested version: 1.0.1" in html
    assert 'value="1.0.1"' in html


def test_a_version_below_the_suggestion_is_refused_and_the_form_kept(owner):
    draft = _reworded_draft(owner)
    response = _publish(owner, draft, "1.0.0")
    assert response.status_code == 400
    assert "at least version 1.0.1" in response.content.decode()
    assert not InstrumentVersion.objects.exists()


def test_a_published_version_shows_its_lineage_both_ways(owner):
    """The fork names its parent; the built-in's page lists the fork with its rounds."""
    draft = _reworded_draft(owner)
    response = _publish(owner, draft, "2.0.0")
    assert response["Location"] == "/w/acme/library/people-first-acme/2.0.0/"
    html = owner.get("/w/acme/library/people-first-acme/2.0.0/").content.decode()
    assert 'href="/w/acme/library/people-first/1.0.0/"' in html
    assert "?from=people-first@1.0.0&amp;to=people-first-acme@2.0.0" in html
    assert "English, svenska, Deutsch, Nederlands" in html
    card = owner.get("/w/acme/library/").content.decode()
    assert "<dt>Derived from</dt><dd><code>people-first</code> 1.0.0</dd>" in card
    make_round(make_workspace("other"))
    parent = owner.get("/w/acme/library/people-first/1.0.0/").content.decode()
    assert 'href="/w/acme/library/people-first-acme/2.0.0/"' in parent
    assert "1 round" in parent  # the other workspace's round of the built-in


def test_nothing_to_publish_when_nothing_changed(owner):
    draft = _reworded_draft(owner)
    _publish(owner, draft, "1.0.1")
    html = owner.get(f"/w/acme/library/drafts/{draft.pk}/publish/").content.decode()
    assert "nothing to publish" in html
    assert _publish(owner, draft, "1.0.2").status_code == 400
    assert InstrumentVersion.objects.count() == 1


def test_the_diff_page_compares_any_two_visible_versions(owner):
    """Across a fork, the diff shows the reworded text in its language."""
    _publish(owner, _reworded_draft(owner), "1.0.1")
    url = "/w/acme/library/diff/?from=people-first@1.0.0&to=people-first-acme@1.0.1"
    html = owner.get(url).content.decode()
    assert "Texts in nl: 1 change" in html
    assert "<ins>Onze klanten</ins>" in html
    assert owner.get("/w/acme/library/diff/?from=nope@1.0.0&to=x").status_code == 200


def test_an_owner_shares_a_version_with_the_whole_server(owner, client):
    """Once public, another workspace sees it in its library and can fork it."""
    _publish(owner, _reworded_draft(owner), "1.0.1")
    other = make_user("o@example.org")
    make_workspace("other", user=other)
    client.force_login(other)
    assert client.get("/w/other/library/people-first-acme/1.0.1/").status_code == 404
    client.force_login(InstrumentVersion.objects.get().published_by)
    response = client.post("/w/acme/library/people-first-acme/1.0.1/share/")
    assert response.status_code == 302
    assert InstrumentVersion.objects.get().visibility == Visibility.PUBLIC
    client.force_login(other)
    assert "people-first-acme" in client.get("/w/other/library/").content.decode()
    assert client.post("/w/other/library/people-first-acme/1.0.1/fork/").status_code == 302


def test_only_an_owner_may_share(client):
    """Sharing beyond the workspace needs the 'manage' permission."""
    owner_user, facilitator = make_user(), make_user("f@example.org")
    workspace = make_workspace("acme", user=owner_user)
    workspace.memberships.create(user=facilitator, role=Role.FACILITATOR)
    client.force_login(facilitator)
    _publish(client, _reworded_draft(client), "1.0.1")
    assert client.post("/w/acme/library/people-first-acme/1.0.1/share/").status_code == 403
    assert InstrumentVersion.objects.get().visibility == Visibility.WORKSPACE
