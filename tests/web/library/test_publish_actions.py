"""Publishing drafts into immutable versions, sharing them, and what each workspace sees."""

import pytest

from mognad.core.io import InstrumentError, dump_instrument, parse_instrument
from mognad.core.model import Parent
from mognad.instruments import find_builtin
from mognad.web.apps.library import actions
from mognad.web.apps.library.actions import LibraryError
from mognad.web.apps.library.catalog import find_entry, latest_entries, newest_stored
from mognad.web.apps.library.models import InstrumentVersion, Visibility
from tests.web.factories import make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme():
    return make_workspace("acme", user=make_user())


def _draft(workspace):
    return actions.fork_instrument(workspace, find_builtin("people-first"), make_user("x@y.org"))


def test_publishing_numbers_the_text_and_keeps_the_rest_as_written(acme):
    """The version's YAML is the draft's, with only the version number changed."""
    draft = _draft(acme)
    actions.save_draft(draft, "# ours\n" + draft.yaml)
    published = actions.publish_draft(draft, "1.1.0", None)
    assert published.yaml.startswith("# ours\n")
    assert parse_instrument(published.yaml).version == "1.1.0"
    assert (published.parent_id, published.parent_version) == ("people-first", "1.0.0")
    assert published.visibility == Visibility.WORKSPACE
    draft.refresh_from_db()
    assert parse_instrument(draft.yaml).version == "1.1.0"


def test_a_version_number_is_never_reused_or_lowered(acme):
    """Each new version is above every published one of the instrument."""
    draft = _draft(acme)
    actions.publish_draft(draft, "1.1.0", None)
    for number in ("1.1.0", "1.0.5"):
        with pytest.raises(LibraryError, match="already published"):
            actions.publish_draft(draft, number, None)
    actions.publish_draft(draft, "1.1.1", None)
    assert InstrumentVersion.objects.count() == 2


def test_a_version_below_the_suggested_minimum_is_refused(acme):
    draft = _draft(acme)
    with pytest.raises(LibraryError, match=r"at least version 2\.0\.0"):
        actions.publish_draft(draft, "1.1.0", None, minimum="2.0.0")
    with pytest.raises(LibraryError, match="three numbers"):
        actions.publish_draft(draft, "v2", None)
    assert not InstrumentVersion.objects.exists()


def test_a_private_version_is_seen_only_by_its_workspace(acme):
    """Another workspace finds nothing until the version is shared publicly."""
    other = make_workspace("other")
    published = actions.publish_draft(_draft(acme), "1.1.0", None)
    assert find_entry(acme, "people-first-acme", "1.1.0") is not None
    assert find_entry(other, "people-first-acme") is None
    actions.share_version(published, Visibility.PUBLIC)
    entry = find_entry(other, "people-first-acme")
    assert entry is not None and entry.version == "1.1.0"
    assert "people-first-acme" in [e.id for e in latest_entries(other)]


def test_a_public_version_stays_public(acme):
    published = actions.publish_draft(_draft(acme), "1.1.0", None)
    actions.share_version(published, Visibility.PUBLIC)
    with pytest.raises(LibraryError, match="stays public"):
        actions.share_version(published, Visibility.WORKSPACE)


def test_a_public_version_can_be_forked_by_another_workspace(acme):
    """The fork of a fork records its immediate parent."""
    published = actions.publish_draft(_draft(acme), "1.1.0", None)
    actions.share_version(published, Visibility.PUBLIC)
    other = make_workspace("other")
    entry = find_entry(other, "people-first-acme")
    fork = actions.fork_instrument(other, entry.instrument, make_user("o@y.org"))
    assert fork.instrument_id == "people-first-acme-other"
    assert (fork.parent_id, fork.parent_version) == ("people-first-acme", "1.1.0")


def test_an_imported_text_gets_a_free_id_and_loses_an_unknown_parent(acme):
    """A file claiming a built-in's id becomes a new instrument; a parent nobody here has goes."""
    builtin = find_builtin("people-first")
    claimed = builtin.model_copy(update={"parent": Parent(id="elsewhere", version="1.0.0")})
    text = dump_instrument(claimed)
    draft = actions.create_draft(acme, text, None)
    assert draft.instrument_id == "people-first-2"
    assert draft.parent_id == ""
    assert parse_instrument(draft.yaml).parent is None


def test_an_invalid_text_makes_no_draft(acme):
    with pytest.raises(InstrumentError):
        actions.create_draft(acme, "id: [", None)


def test_the_newest_stored_version_tells_the_lineage(acme):
    """Any workspace's stored instrument is found by id for lineage, private or not."""
    draft = _draft(acme)
    actions.publish_draft(draft, "1.0.1", None)
    old = parse_instrument(draft.yaml).dimensions[0].title["en"]
    actions.save_draft(draft, draft.yaml.replace(old, "Members", 1))
    actions.publish_draft(draft, "1.0.2", None)
    newest = newest_stored("people-first-acme")
    assert newest is not None and newest.version == "1.0.2"
    assert newest.parent is not None and newest.parent.id == "people-first"
    assert newest_stored("people-first") is None
