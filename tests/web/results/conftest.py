"""Fixtures shared by the results tests: a signed-in owner and a round with three groups."""

import pytest

from tests.web.factories import make_round, make_user, make_workspace


@pytest.fixture
def owner(client):
    user = make_user()
    client.force_login(user)
    return user


@pytest.fixture
def round_(owner):
    workspace = make_workspace("acme", owner)
    return make_round(workspace, groups=("leadership", "staff", "customers"))
