"""A round's stored scores read back as arrays: packed at submit, packed for older rows."""

import importlib
import math

import numpy as np
import pytest
from django.apps import apps
from django.test import Client

from mognad.core.analysis import matrix_of
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Response, Round
from mognad.web.apps.rounds.scores import load_scores, packed_fields
from tests.web.factories import group_link_token, make_round, store_response
from tests.web.respond.helpers import answer_pages, client_id_on, page_post, page_url, start

pytestmark = pytest.mark.django_db


def _submit_through_http(round_: Round, group: str) -> None:
    client = Client()
    link = f"/r/{group_link_token(round_.groups.get(key=group))}/"
    start(client, link)
    pages = 7
    answer_pages(client, round_, link, pages - 1)
    html = client.get(page_url(link, pages)).content.decode()
    data = page_post(round_instrument(round_), pages, "submit")
    data["client_id"] = client_id_on(html)
    assert client.post(f"{link}submit/", data).status_code == 302


def _first_scale(round_: Round) -> str:
    instrument = round_instrument(round_)
    return next(item.key for _, item in instrument.walk_items() if item.type == "scale")


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(a, b, equal_nan=True, atol=1e-4))


@pytest.fixture
def round_(workspace):
    return make_round(workspace, groups=("leadership", "staff", "customers"))


def test_a_submitted_response_is_read_back_with_its_scores_and_importance(round_):
    """The submit path packs the row; the loader gives its stored scores and pair importance."""
    _submit_through_http(round_, "staff")
    stored = Response.objects.get()
    assert len(stored.score_row) > 0 and len(stored.item_row) > 0
    matrix = load_scores(round_, items=True)
    expected = matrix_of(
        round_instrument(round_), [stored.scores], ["staff"], matrix.keys, [stored.answers]
    )
    assert matrix.sizes() == {"leadership": 0, "staff": 1, "customers": 0}
    assert _same(matrix.values, expected.values)
    assert (matrix.phases == expected.phases).all()
    assert _same(matrix.items, expected.items)
    importance = [c for c in matrix.layout.items if c.endswith(":importance")]
    assert importance and matrix.item(importance[0])[0] == 100.0  # answered 5 on 1-5


def test_rows_stored_without_packed_rows_read_the_same(round_):
    """Responses stored by older code (JSON only) give the same arrays as packed ones."""
    key = _first_scale(round_)
    answers = [{key: v} for v in (1, 3, 5)]
    for value, group in zip(answers, ["staff", "customers", "staff"], strict=True):
        store_response(round_, group, value, packed=True)
    packed = load_scores(round_, items=True)
    store_response(round_, "leadership", {}, packed=False)
    mixed = load_scores(round_, items=True)
    assert mixed.sizes() == {"leadership": 1, "staff": 2, "customers": 1}
    order = np.argsort(mixed.groups, kind="stable")
    assert _same(mixed.values[order][1:], packed.values[np.argsort(packed.groups, kind="stable")])
    assert np.isnan(mixed.values[order][0]).all()


def test_an_empty_round_loads_as_no_rows(round_):
    matrix = load_scores(round_)
    assert len(matrix) == 0
    assert matrix.values.shape == (0, len(matrix.layout.dimensions) + 1)
    assert matrix.sizes() == {"leadership": 0, "staff": 0, "customers": 0}


def test_the_migration_packs_the_responses_stored_before_it(round_):
    """Rows with only JSON scores get their packed rows from the data migration."""
    instrument = round_instrument(round_)
    every_scale = {i.key: 4 for _, i in instrument.walk_items() if i.type == "scale"}
    store_response(round_, "staff", every_scale, packed=False)
    migration = importlib.import_module(
        "mognad.web.apps.rounds.migrations.0002_response_packed_rows"
    )
    migration.fill_packed_rows(apps, None)
    stored = Response.objects.get()
    assert stored.score_row == packed_fields(round_, stored.scores, stored.answers)["score_row"]
    assert stored.item_row == packed_fields(round_, stored.scores, stored.answers)["item_row"]
    dimension = next(k for k, v in stored.scores["dimensions"].items() if v is not None)
    assert math.isclose(
        load_scores(round_).column(dimension)[0], stored.scores["dimensions"][dimension]
    )
