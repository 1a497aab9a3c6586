"""Forking an instrument into a draft, and the draft's YAML round trip (download, upload)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mognad.core.io import parse_instrument
from mognad.instruments import find_builtin
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


def _fork(client, instrument_id="people-first", version="1.0.0") -> InstrumentDraft:
    response = client.post(f"/w/acme/library/{instrument_id}/{version}/fork/")
    draft = InstrumentDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/w/acme/library/drafts/{draft.pk}/"
    return draft


def _upload(client, draft, text: str, name="instrument.yaml"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="application/yaml")
    return client.post(f"/w/acme/library/drafts/{draft.pk}/upload/", {"file": upload})


def test_forking_a_builtin_makes_a_draft_that_records_its_parent(owner):
    """The draft is a copy under a new id of the workspace, with the built-in as parent."""
    builtin = find_builtin("people-first")
    draft = _fork(owner, builtin.id, builtin.version)
    assert draft.instrument_id == "people-first-acme"
    assert (draft.parent_id, draft.parent_version) == ("people-first", builtin.version)
    copy = parse_instrument(draft.yaml)
    assert copy.parent is not None and copy.parent.id == "people-first"
    assert copy.dimensions == builtin.dimensions
    page = owner.get(f"/w/acme/library/drafts/{draft.pk}/").content.decode()
    assert f"/w/acme/library/people-first/{builtin.version}/" in page


def test_forking_twice_gives_two_ids(owner):
    """Each fork is its own instrument, so the second gets the next free id."""
    owner.post("/w/acme/library/people-first/1.0.0/fork/")
    owner.post("/w/acme/library/people-first/1.0.0/fork/")
    ids = sorted(InstrumentDraft.objects.values_list("instrument_id", flat=True))
    assert ids == ["people-first-acme", "people-first-acme-2"]


def test_forking_an_unknown_version_is_404(owner):
    """Only a version the workspace can see can be forked."""
    assert owner.post("/w/acme/library/people-first/9.9.9/fork/").status_code == 404
    assert not InstrumentDraft.objects.exists()


def test_a_viewer_cannot_fork(client):
    """Forking writes to the workspace, which a viewer may not."""
    user = make_user()
    make_workspace("acme", user=user, role=Role.VIEWER)
    client.force_login(user)
    assert client.post("/w/acme/library/people-first/1.0.0/fork/").status_code == 403
    assert not InstrumentDraft.objects.exists()


def test_the_draft_downloads_as_its_yaml(owner):
    """The download is the draft's text, named after its id, as an attachment."""
    draft = _fork(owner)
    response = owner.get(f"/w/acme/library/drafts/{draft.pk}/instrument.yaml")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="people-first-acme.yaml"'
    assert response.content.decode() == draft.yaml


def test_an_edited_file_uploads_into_the_draft(owner):
    """A valid upload replaces the draft's text exactly as written, comments included."""
    draft = _fork(owner)
    builtin = find_builtin("people-first")
    old_title = builtin.dimensions[0].title["en"]
    edited = "# our own words\n" + draft.yaml.replace(old_title, "Our people", 1)
    response = _upload(owner, draft, edited)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.yaml == edited
    assert parse_instrument(draft.yaml).dimensions[0].title["en"] == "Our people"


def test_a_broken_upload_names_line_and_column_and_keeps_the_draft(owner):
    """The problems are listed with their place; the stored draft is unchanged."""
    draft = _fork(owner)
    before = draft.yaml
    lines = before.split("\n")
    at = next(n for n, line in enumerate(lines) if line.strip() == "max: 5")
    lines[at] = lines[at].replace("max: 5", "max: 5000")
    response = _upload(owner, draft, "\n".join(lines))
    assert response.status_code == 400
    html = response.content.decode()
    assert f"people-first-acme.yaml:{at + 1}:" in html
    assert "was not changed" in html
    draft.refresh_from_db()
    assert draft.yaml == before


def test_an_upload_may_not_change_the_id_or_the_parent(owner):
    """The id and parent belong to the draft; a file changing them is refused, placed."""
    draft = _fork(owner)
    text = draft.yaml.replace("id: people-first-acme", "id: something-else", 1)
    html = _upload(owner, draft, text).content.decode()
    assert "people-first-acme.yaml:2:1: id: keep the id" in html
    without_parent = draft.yaml.replace("parent:\n  id: people-first\n  version: 1.0.0\n", "")
    assert without_parent != draft.yaml
    html = _upload(owner, draft, without_parent).content.decode()
    assert "parent: keep the parent this draft was forked from (people-first 1.0.0)" in html
    draft.refresh_from_db()
    assert "id: people-first-acme" in draft.yaml and "parent:" in draft.yaml


def test_an_upload_that_is_not_utf8_is_refused(owner):
    """Bytes that are not UTF-8 get a form error, never a 500."""
    draft = _fork(owner)
    upload = SimpleUploadedFile("x.yaml", b"id: \xff\xfe", content_type="application/yaml")
    response = owner.post(f"/w/acme/library/drafts/{draft.pk}/upload/", {"file": upload})
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()


def test_the_draft_preview_shows_the_draft(owner):
    """The preview renders the draft's own words, not the parent's."""
    draft = _fork(owner)
    old_title = find_builtin("people-first").dimensions[0].title["en"]
    _upload(owner, draft, draft.yaml.replace(old_title, "Our people", 1))
    html = owner.get(f"/w/acme/library/drafts/{draft.pk}/preview/?lang=en").content.decode()
    assert "Our people" in html


def test_deleting_a_draft_removes_it(owner):
    draft = _fork(owner)
    assert owner.post(f"/w/acme/library/drafts/{draft.pk}/delete/").status_code == 302
    assert not InstrumentDraft.objects.exists()


def test_the_library_lists_the_workspaces_drafts(owner):
    """Drafts appear under their own heading with a link to each."""
    draft = _fork(owner)
    html = owner.get("/w/acme/library/").content.decode()
    assert f"/w/acme/library/drafts/{draft.pk}/" in html
