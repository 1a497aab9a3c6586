"""Importing a survey in the library: the report comes first, the draft only on confirmation."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mognad.core.io import dump_instrument
from mognad.instruments import find_builtin
from mognad.interop.importing import MAX_BYTES
from mognad.web.apps.library.models import InstrumentDraft
from mognad.web.apps.workspaces.models import Role
from tests.interop.samples import sample
from tests.web.factories import make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = make_user()
    make_workspace("acme", user=user)
    client.force_login(user)
    return client


def _upload(client, data: bytes, name: str):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post("/w/acme/library/import/", {"file": upload})


def _carried(html: str) -> str:
    found = re.search(r'name="instrument" value="([^"]*)"', html)
    assert found, "the confirm form carries the converted instrument"
    return unescape(found[1])


def test_an_xlsform_shows_its_report_before_any_draft_exists(owner):
    """The upload step lists what was kept and dropped and stores nothing."""
    response = _upload(owner, *sample("xlsform/tutorial.xls"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "tutorial.xls, read as XLSForm" in html
    assert "Dropped: could not be carried over" in html
    assert "Create the draft" in html
    assert not InstrumentDraft.objects.exists()


def test_confirming_creates_the_draft_from_the_report(owner):
    """The confirm step turns the carried instrument into a draft with no parent."""
    html = _upload(owner, *sample("xlsform/yes_or_no_question.md")).content.decode()
    response = owner.post("/w/acme/library/import/confirm/", {"instrument": _carried(html)})
    draft = InstrumentDraft.objects.get()
    assert response["Location"] == f"/w/acme/library/drafts/{draft.pk}/"
    assert draft.parent_id == ""
    assert "good_day" in draft.yaml


def test_a_refused_file_names_the_reason_and_keeps_the_form(owner):
    response = _upload(owner, b"<survey/>", "survey.xml")
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "survey.xml: unknown kind of file '.xml'" in html
    assert 'type="file"' in html
    assert not InstrumentDraft.objects.exists()


def test_a_broken_workbook_is_refused_cleanly(owner):
    """Bytes that only claim to be a workbook get a message, never a 500."""
    response = _upload(owner, b"PK\x03\x04 not really a zip", "form.xlsx")
    assert response.status_code == 400
    assert "form.xlsx" in response.content.decode()


def test_a_file_over_the_limit_is_refused_before_reading(owner):
    response = _upload(owner, b"x" * (MAX_BYTES + 1), "big.csv")
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()


def test_a_mognad_yaml_file_imports_under_a_free_id(owner):
    """A built-in exported elsewhere comes back as a new instrument, never the built-in."""
    text = dump_instrument(find_builtin("seven-theses"))
    html = _upload(owner, text.encode(), "theses.yaml").content.decode()
    owner.post("/w/acme/library/import/confirm/", {"instrument": _carried(html)})
    assert InstrumentDraft.objects.get().instrument_id == "seven-theses-2"


def test_a_tampered_confirmation_is_refused_with_its_problems(owner):
    response = owner.post("/w/acme/library/import/confirm/", {"instrument": "id: ["})
    assert response.status_code == 400
    assert "instrument.yaml:" in response.content.decode()
    assert not InstrumentDraft.objects.exists()


def test_imported_labels_are_escaped(owner):
    """A label holding markup is shown as text, never as HTML."""
    survey = (
        "| survey |\n| | type | name | label |\n"
        "| | select_one yn | q1 | <script>alert(1)</script> |\n"
        "| choices |\n| | list_name | name | label |\n| | yn | yes | Yes |\n| | yn | no | No |\n"
    )
    html = _upload(owner, survey.encode(), "x.md").content.decode()
    assert "<script>alert(1)</script>" not in html


def test_a_viewer_cannot_import(client):
    user = make_user()
    make_workspace("acme", user=user, role=Role.VIEWER)
    client.force_login(user)
    assert _upload(client, *sample("xlsform/yes_or_no_question.md")).status_code == 403
    assert client.post("/w/acme/library/import/confirm/", {"instrument": "x"}).status_code == 403


def test_the_library_page_offers_the_import(owner):
    """The upload form sits on the library page itself, posting to the import step."""
    html = owner.get("/w/acme/library/").content.decode()
    assert 'action="/w/acme/library/import/" enctype="multipart/form-data"' in html
    assert 'type="file" name="file"' in html
