"""A fork's rounds continue its parent's series, so progress compares them on what they share."""

import pytest
from django.urls import reverse

from mognad.core import edit
from mognad.core.io import dump_instrument, parse_instrument
from mognad.instruments import find_builtin
from mognad.web.apps.library import actions as library
from mognad.web.apps.library.catalog import parsed
from mognad.web.apps.rounds import actions as rounds
from mognad.web.apps.rounds.models import RoundState
from tests.web.factories import add_responses, make_round, make_user, make_workspace

pytestmark = pytest.mark.django_db


def _fork_in_own_words(workspace):
    """people-first forked into `workspace`, its first dimension renamed, published."""
    draft = library.fork_instrument(workspace, find_builtin("people-first"), None)
    instrument = parse_instrument(draft.yaml)
    renamed = edit.set_text(instrument, ("dimensions", 0, "title"), "en", "Our people")
    library.save_draft(draft, dump_instrument(renamed))
    return parsed(library.publish_draft(draft, "1.0.1", None).yaml)


def test_a_forks_first_round_is_the_next_round_of_its_parents_series(client):
    """T0 ran the built-in; the fork's round is T1 and its progress page shows T0 beside it."""
    user = make_user()
    workspace = make_workspace("acme", user=user)
    first = make_round(workspace, groups=("staff",), state=RoundState.CLOSED)
    add_responses(first, "staff", [2, 3, 3, 4, 4, 5])
    fork = _fork_in_own_words(workspace)
    later = rounds.create_round(workspace, fork, "Our own words", ["en"], ["staff"], 5, None, None)
    add_responses(later, "staff", [3, 4, 4, 5, 5, 5])
    assert later.series_index == 1
    client.force_login(user)
    url = reverse("results:progress", args=["acme", later.pk])
    page = client.get(url).content.decode()
    assert ">T0</th>" in page and ">T1</th>" in page
    assert "first round of its series" not in page
    assert "Our people" in page


def test_an_unrelated_instrument_starts_a_series_of_its_own():
    """Rounds of another questionnaire in the same workspace are no part of the series."""
    workspace = make_workspace("acme")
    make_round(workspace, groups=("staff",), state=RoundState.CLOSED)
    other = rounds.create_round(
        workspace, find_builtin("seven-theses"), "Theses", ["en"], ["staff"], 5, None, None
    )
    assert other.series_index == 0
