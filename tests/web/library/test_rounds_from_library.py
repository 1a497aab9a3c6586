"""Rounds can run any published version the workspace sees, in its complete languages only."""

import pytest

from mognad.core import edit
from mognad.core.io import dump_instrument, parse_instrument
from mognad.instruments import builtin_instruments, find_builtin
from mognad.web.apps.library import actions
from mognad.web.apps.library.models import InstrumentVersion, Visibility
from mognad.web.apps.rounds.models import Round
from tests.web.factories import make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = make_user()
    make_workspace("acme", user=user)
    client.force_login(user)
    return client


def _published_with_unfinished_french():
    """A public version holding a language some texts lack, stored as the table allows."""
    workspace = make_workspace("makers")
    draft = actions.fork_instrument(workspace, find_builtin("seven-theses"), None)
    with_french = edit.add_language(parse_instrument(draft.yaml), "fr")
    actions.save_draft(draft, dump_instrument(with_french))
    text = actions.renumbered(draft.yaml, "1.1.0")
    return InstrumentVersion.objects.create(
        workspace=workspace,
        instrument_id=draft.instrument_id,
        version="1.1.0",
        yaml=text,
        visibility=Visibility.PUBLIC,
        parent_id=draft.parent_id,
        parent_version=draft.parent_version,
    )


def test_a_language_still_being_translated_is_saved_but_not_offered(owner):
    """An upload may keep French while it is unfinished; a round offers only complete ones."""
    version = _published_with_unfinished_french()
    ref = f"{version.instrument_id}@1.1.0"
    html = owner.get(f"/w/acme/rounds/new/?instrument={ref}").content.decode()
    assert f'<option value="{ref}" selected>' in html
    assert 'name="languages" value="nl"' in html
    assert 'name="languages" value="fr"' not in html


def test_a_round_runs_a_public_version_of_another_workspace(owner):
    """The round stores the version's id, number and text, without the unfinished language."""
    version = _published_with_unfinished_french()
    data = {
        "instrument": f"{version.instrument_id}@1.1.0",
        "title": "Our theses",
        "languages": ["en", "nl"],
        "groups": ["staff"],
        "k": 5,
    }
    response = owner.post("/w/acme/rounds/new/", data)
    assert response.status_code == 302
    round_ = Round.objects.get()
    assert (round_.instrument_id, round_.instrument_version) == (version.instrument_id, "1.1.0")
    assert parse_instrument(round_.instrument_yaml).languages == ["en", "sv", "de", "nl"]


def test_a_private_version_of_another_workspace_cannot_be_run(owner):
    """Asking for it falls back to the first built-in: nothing of the other workspace leaks."""
    version = _published_with_unfinished_french()
    version.visibility = "workspace"
    version.save(update_fields=["visibility"])
    html = owner.get(f"/w/acme/rounds/new/?instrument={version.instrument_id}@1.1.0").content
    ref = f"{version.instrument_id}@1.1.0"
    assert f'<option value="{ref}"'.encode() not in html
    first = builtin_instruments()[0]
    assert f'<option value="{first.id}@{first.version}" selected>'.encode() in html
