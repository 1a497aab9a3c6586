"""Lineage across the database: forks of forks lead back to the built-in they came from."""

import pytest

from mognad.instruments import find_builtin
from mognad.web.apps.library import actions
from mognad.web.apps.library.catalog import parsed
from mognad.web.lineage import lineage_root
from tests.web.factories import make_workspace

pytestmark = pytest.mark.django_db


def test_a_fork_of_a_fork_has_the_builtin_as_its_root():
    """Published forks in two workspaces, private or public, all pool with the built-in."""
    first = actions.fork_instrument(make_workspace("acme"), find_builtin("people-first"), None)
    published = actions.publish_draft(first, "1.0.1", None)
    second_ws = make_workspace("club")
    second = actions.fork_instrument(second_ws, parsed(published.yaml), None)
    actions.publish_draft(second, "2.0.0", None)
    assert lineage_root("people-first-acme") == "people-first"
    assert lineage_root("people-first-acme-club") == "people-first"
    assert lineage_root("people-first") == "people-first"


def test_a_draft_never_published_is_its_own_root():
    """Rounds only run published versions, so only those join a lineage."""
    actions.fork_instrument(make_workspace("acme"), find_builtin("people-first"), None)
    assert lineage_root("people-first-acme") == "people-first-acme"
