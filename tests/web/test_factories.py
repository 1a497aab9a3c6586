"""The shared test factories make objects that the access rules and tokens accept."""

import pytest

from mognad.web.access import get_round
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import RoundGroup
from mognad.web.tokens import hash_token
from tests.web.factories import group_link_token, make_round, make_user, make_workspace


@pytest.mark.django_db
def test_a_made_round_parses_and_its_group_links_resolve():
    """The round's instrument snapshot parses; each open link token finds its group."""
    user = make_user()
    workspace = make_workspace(user=user)
    round_ = make_round(workspace)
    assert round_instrument(round_).id == "people-first"
    for group in round_.groups.all():
        token = group_link_token(group)
        assert len(token) >= 22
        assert RoundGroup.objects.get(link_token_hash=hash_token(token)) == group
    membership = user.memberships.get()
    assert get_round(membership, round_.pk) == round_
