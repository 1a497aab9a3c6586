"""Fixtures for the respondent's journey: an open round of a built-in instrument."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from mognad.web.apps.rounds.models import Round
from tests.web.factories import group_link_token, make_round, make_workspace


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people_first(db: None) -> Round:
    return make_round(make_workspace("acme"), "people-first")


@pytest.fixture
def staff_link(people_first: Round) -> str:
    return f"/r/{group_link_token(people_first.groups.get(key='staff'))}/"
