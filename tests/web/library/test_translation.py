"""The translation view: source beside target, completeness per language, XLSX out and in."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from mognad.core import edit
from mognad.core.strings import strings, translation_completeness
from mognad.web.apps.library.models import InstrumentDraft
from tests.web.factories import make_user, make_workspace

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def owner(client):
    user = make_user()
    make_workspace("acme", user=user)
    client.force_login(user)
    return client


@pytest.fixture
def draft(owner) -> InstrumentDraft:
    owner.post("/w/acme/library/people-first/1.0.0/fork/")
    return InstrumentDraft.objects.get()


def _url(draft, name="translate/"):
    return f"/w/acme/library/drafts/{draft.pk}/{name}"


def _stored(draft):
    draft.refresh_from_db()
    return edit.loads(draft.yaml)


def test_adding_a_language_starts_its_meter_at_zero(owner, draft):
    """Adding Finnish declares it and opens the view with English beside Finnish."""
    response = owner.post(_url(draft, "languages/"), {"action": "add", "code": "fi"})
    assert response.status_code == 302
    assert "target=fi" in response["Location"]
    page = owner.get(response["Location"])
    meters = {m.code: m.percent for m in page.context["meters"]}
    assert meters == {"en": 100, "sv": 100, "de": 100, "nl": 100, "fi": 0}
    assert (page.context["source"], page.context["target"]) == ("en", "fi")
    assert 'id="meter-fi"' in page.content.decode()


def test_a_bad_language_code_is_refused_at_the_field(owner, draft):
    """'Finnish' is not a code: 400 with the message, and the typed value kept."""
    response = owner.post(_url(draft, "languages/"), {"action": "add", "code": "Finnish"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give a language code such as nl, fi or pt-BR." in html
    assert 'value="Finnish"' in html
    assert "fi" not in _stored(draft).languages


def test_translating_side_by_side_saves_the_target_texts(owner, draft):
    """Texts posted for Finnish are stored; the meter rises by their share."""
    owner.post(_url(draft, "languages/"), {"action": "add", "code": "fi"})
    instrument = _stored(draft)
    first, second = strings(instrument)[:2]
    page = owner.get(_url(draft) + "?source=sv&target=fi").content.decode()
    assert instrument.title["sv"] in page
    response = owner.post(
        _url(draft) + "?source=sv&target=fi",
        {f"s-{first.key}": "Digitaalinen kypsyys", f"s-{second.key}": "Kuvaus"},
    )
    assert response.status_code == 302
    done = _stored(draft)
    assert done.title["fi"] == "Digitaalinen kypsyys"
    assert translation_completeness(done)["fi"] == pytest.approx(2 / len(strings(done)))


def test_only_missing_texts_can_be_listed(owner, draft):
    """With missing=1 the view lists only the texts the target lacks."""
    owner.post(_url(draft, "languages/"), {"action": "add", "code": "fi"})
    first = strings(_stored(draft))[0]
    owner.post(_url(draft) + "?target=fi", {f"s-{first.key}": "Otsikko"})
    page = owner.get(_url(draft) + "?target=fi&missing=1")
    keys = [row.string.key for row in page.context["rows"]]
    assert first.key not in keys
    assert len(keys) == len(strings(_stored(draft))) - 1


def test_the_workbook_round_trip_completes_a_language(owner, draft):
    """Download, fill the Finnish column, upload: Finnish is complete and lint is clean."""
    owner.post(_url(draft, "languages/"), {"action": "add", "code": "fi"})
    response = owner.get(_url(draft, "strings.xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["strings"]
    column = [c.value for c in sheet[1]].index("fi")
    for row in sheet.iter_rows(min_row=2):
        row[column].value = f"fi {row[0].value}"
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("fi.xlsx", out.getvalue(), content_type=XLSX)
    response = owner.post(_url(draft, "strings/"), {"file": upload})
    assert response.status_code == 302
    done = _stored(draft)
    assert translation_completeness(done)["fi"] == 1
    assert edit.problems(done) == []


def test_a_workbook_with_an_unknown_key_changes_nothing_and_names_the_cell(owner, draft):
    """The problem names sheet, row and column; the draft stays as it was."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "strings"
    sheet.append(["key", "en"])
    sheet.append(["title", "New title"])
    sheet.append(["items.nothing.text", "?"])
    out = io.BytesIO()
    book.save(out)
    before = draft.yaml
    upload = SimpleUploadedFile("t.xlsx", out.getvalue(), content_type=XLSX)
    response = owner.post(_url(draft, "strings/"), {"file": upload})
    assert response.status_code == 400
    assert "sheet &#x27;strings&#x27;, row 3, column A: unknown key" in response.content.decode()
    draft.refresh_from_db()
    assert draft.yaml == before


def test_a_file_that_is_not_a_workbook_is_refused_clearly(owner, draft):
    """A text file posing as .xlsx gets one clear message, not a 500."""
    upload = SimpleUploadedFile("t.xlsx", b"hello", content_type=XLSX)
    response = owner.post(_url(draft, "strings/"), {"file": upload})
    assert response.status_code == 400
    assert "not an .xlsx workbook" in response.content.decode()


def test_the_default_language_cannot_be_removed_but_others_can(owner, draft):
    """Removing English is refused with a message; removing Dutch removes its texts."""
    owner.post(_url(draft, "languages/"), {"action": "remove", "code": "en"}, follow=True)
    assert "en" in _stored(draft).languages
    owner.post(_url(draft, "languages/"), {"action": "remove", "code": "nl"})
    instrument = _stored(draft)
    assert "nl" not in instrument.languages
    assert "nl" not in instrument.title
    assert edit.problems(instrument) == []
