"""Fixtures for the respondent's journey: an open round of a built-in instrument."""

import pytest

from mognad.web.apps.rounds.models import Round
from tests.web.factories import group_link_token, make_round, make_workspace


@pytest.fixture
def people_first(db: None) -> Round:
    return make_round(make_workspace("acme"), "people-first")


@pytest.fixture
def staff_link(people_first: Round) -> str:
    return f"/r/{group_link_token(people_first.groups.get(key='staff'))}/"
