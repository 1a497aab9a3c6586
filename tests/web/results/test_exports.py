"""Downloads of a round's responses: streamed, gated, for those who run rounds."""

import csv
import io
import json
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from mognad.core.analysis import OTHER
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Round
from mognad.web.apps.workspaces.models import Role
from tests.web.factories import make_round, make_user, make_workspace, store_response

pytestmark = pytest.mark.django_db


def _respond(round_: Round, group: str, n: int) -> None:
    instrument = round_instrument(round_)
    for i in range(n):
        answers: dict[str, Any] = {}
        for _, item in instrument.walk_items():
            if item.type == "scale":
                scale = instrument.resolve_scale(item)
                answers[item.key] = scale.min + i % (scale.max - scale.min + 1)
        store_response(round_, group, answers)


@pytest.fixture
def round_(client):
    user = make_user()
    client.force_login(user)
    round_ = make_round(make_workspace("acme", user), groups=("leadership", "staff", "customers"))
    _respond(round_, "staff", 6)
    _respond(round_, "leadership", 2)
    _respond(round_, "customers", 3)
    return round_


def _url(round_: Round, name: str, lang: str = "") -> str:
    url = reverse(f"results:{name}", args=[round_.workspace.slug, round_.pk])
    return f"{url}?lang={lang}" if lang else url


def _body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_the_csv_is_streamed_with_small_groups_merged(client, round_):
    """Staff (6) is named; leadership (2) and customers (3) are "other groups" (5)."""
    response = client.get(_url(round_, "export-csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert len(rows) == 11
    assert sorted({row["group"] for row in rows}) == sorted(["staff", OTHER])
    assert "language" not in rows[0] and "submitted_on" not in rows[0]


def test_the_json_export_is_one_document_with_its_columns(client, round_):
    document = json.loads(_body(client.get(_url(round_, "export-json"))))
    assert [c["name"] for c in document["columns"]][:2] == ["group", "overall"]
    assert len(document["responses"]) == 11
    assert isinstance(document["responses"][0]["overall"], float)


def test_the_workbook_opens_with_its_codebook_in_the_chosen_language(client, round_):
    response = client.get(_url(round_, "export-xlsx", "de"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    responses, codebook = workbook.worksheets
    assert responses.max_row == 12
    descriptions = [row[1] for row in codebook.iter_rows(values_only=True)]
    assert "Kunden verstehen: Punktzahl, 0–100" in descriptions


def test_the_codebook_is_a_csv_in_the_chosen_language(client, round_):
    text = _body(client.get(_url(round_, "export-codebook", "sv")))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["kolumn", "beskrivning", "värden"]
    assert any(row[1].startswith("Förstå kunderna") for row in rows)


def test_a_round_below_k_exports_only_the_header(client):
    user = make_user("bo@example.org")
    client.force_login(user)
    round_ = make_round(make_workspace("tiny", user))
    _respond(round_, "staff", 4)
    rows = list(csv.reader(io.StringIO(_body(client.get(_url(round_, "export-csv"))))))
    assert len(rows) == 1


def test_a_viewer_may_not_download_responses(client, round_):
    """Viewers read the results page; row-level exports are for those who run rounds."""
    viewer = make_user("vic@example.org")
    round_.workspace.memberships.create(user=viewer, role=Role.VIEWER)
    client.force_login(viewer)
    for name in ("export-csv", "export-xlsx", "export-json", "export-codebook"):
        assert client.get(_url(round_, name)).status_code == 403


def test_the_results_page_links_to_the_exports(client, round_):
    page = client.get(reverse("results:round", args=[round_.workspace.slug, round_.pk]))
    html = page.content.decode()
    for name in ("export-csv", "export-xlsx", "export-json", "export-codebook"):
        assert _url(round_, name) in html


def test_it_rejects_foreign_workspace(client, round_):
    stranger = make_user("eve@example.org")
    make_workspace("evil", stranger)
    client.force_login(stranger)
    assert client.get(_url(round_, "export-csv")).status_code == 404
