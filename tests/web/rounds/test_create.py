"""Starting a round: the form checks its input and a draft round is stored with its groups."""

import datetime

import pytest

from mognad.core.io import dump_instrument
from mognad.instruments import find_builtin
from mognad.web.apps.rounds.models import Round, RoundState
from mognad.web.tokens import derived_token, hash_token
from tests.web.factories import make_round

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "instrument": "people-first",
        "title": "Spring pulse",
        "languages": ["en", "sv"],
        "groups": ["leadership", "staff"],
        "custom_group_1": "Volunteers",
        "k": "5",
        "opens_on": "2030-03-01",
        "closes_on": "2030-03-31",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_starts_with_the_chosen_instrument(owner):
    """The form preselects the instrument from the library card, its languages and k = 5."""
    html = owner.get("/w/acme/rounds/new/?instrument=seven-theses").content.decode()
    version = find_builtin("seven-theses").version
    assert f'<option value="seven-theses@{version}" selected>' in html
    assert 'name="k" value="5"' in html
    assert 'name="languages" value="nl"' in html


def test_it_creates_a_draft_round_with_its_groups(owner, workspace):
    """A valid form stores a draft with the instrument snapshot and one group per choice."""
    response = owner.post("/w/acme/rounds/new/", form_data())
    round_ = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/w/acme/rounds/{round_.pk}/"
    instrument = find_builtin("people-first")
    assert round_.workspace == workspace
    assert round_.state == RoundState.DRAFT
    assert round_.instrument_yaml == dump_instrument(instrument)
    assert (round_.instrument_id, round_.instrument_version) == ("people-first", "1.0.0")
    assert round_.languages == ["en", "sv"]
    assert round_.k == 5
    assert round_.opens_on == datetime.date(2030, 3, 1)
    assert round_.closes_on == datetime.date(2030, 3, 31)
    groups = list(round_.groups.all())
    assert [(g.key, g.kind, g.name) for g in groups] == [
        ("leadership", "leadership", "Leadership"),
        ("staff", "staff", "Staff"),
        ("volunteers", "custom", "Volunteers"),
    ]
    for group in groups:
        assert group.link_token_hash == hash_token(derived_token("group-link", group.link_salt))


def test_each_round_of_an_instrument_takes_the_next_series_index(owner, workspace):
    """Rounds of one instrument count T0, T1, T2; another instrument starts its own series."""
    owner.post("/w/acme/rounds/new/", form_data())
    owner.post("/w/acme/rounds/new/", form_data())
    owner.post("/w/acme/rounds/new/", form_data(instrument="seven-theses"))
    owner.post("/w/acme/rounds/new/", form_data())
    indexes = Round.objects.order_by("pk").values_list("instrument_id", "series_index")
    assert list(indexes) == [
        ("people-first", 0),
        ("people-first", 1),
        ("seven-theses", 0),
        ("people-first", 2),
    ]


def test_it_refuses_an_anonymity_threshold_below_three(owner):
    """k = 2 is refused with a message next to the field, and nothing is stored."""
    response = owner.post("/w/acme/rounds/new/", form_data(k="2"))
    assert response.status_code == 200
    assert "The anonymity threshold must be at least 3 people." in response.content.decode()
    assert not Round.objects.exists()


def test_it_refuses_a_round_without_a_language(owner):
    """At least one language must be chosen."""
    response = owner.post("/w/acme/rounds/new/", form_data(languages=[]))
    assert "Choose at least one language." in response.content.decode()
    assert not Round.objects.exists()


def test_it_refuses_a_language_the_instrument_lacks(owner):
    """Only the instrument's own languages are offered and accepted."""
    response = owner.post("/w/acme/rounds/new/", form_data(languages=["fi"]))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Round.objects.exists()


def test_it_refuses_a_round_without_groups(owner):
    """No standard group ticked and no own group named is refused."""
    response = owner.post("/w/acme/rounds/new/", form_data(groups=[], custom_group_1=""))
    assert "Choose at least one group." in response.content.decode()
    assert not Round.objects.exists()


def test_it_refuses_two_own_groups_with_one_name(owner):
    """Own groups need distinct names (case does not count)."""
    data = form_data(custom_group_1="Board", custom_group_2="board")
    response = owner.post("/w/acme/rounds/new/", data)
    assert "Give each of your own groups its own name." in response.content.decode()
    assert not Round.objects.exists()


def test_it_refuses_a_round_that_closes_before_it_opens(owner):
    """The closing date may not come before the opening date."""
    data = form_data(opens_on="2030-03-31", closes_on="2030-03-01")
    response = owner.post("/w/acme/rounds/new/", data)
    assert "The round cannot close before it opens." in response.content.decode()
    assert not Round.objects.exists()


def test_nonsense_input_gets_messages_not_an_error_page(owner):
    """Garbage in every field answers 200 with the form again."""
    data = form_data(instrument="nope", k="many", opens_on="yesterday", title="")
    response = owner.post("/w/acme/rounds/new/", data)
    assert response.status_code == 200
    assert not Round.objects.exists()


def test_a_custom_group_name_in_any_script_gets_a_key(owner):
    """A name that slugifies to nothing still gets a usable key, and duplicates get suffixes."""
    data = form_data(groups=[], custom_group_1="Ledning", custom_group_2="ЖЖ", custom_group_3="…")
    owner.post("/w/acme/rounds/new/", data)
    keys = list(Round.objects.get().groups.values_list("key", flat=True))
    assert keys[0] == "ledning"
    assert len(set(keys)) == 3


def test_a_draft_can_be_edited_including_k(owner, workspace):
    """While a round is a draft its title, languages, k and dates can change."""
    round_ = make_round(workspace, state=RoundState.DRAFT)
    data = {"title": "Renamed", "languages": ["de"], "k": "8", "closes_on": "2031-01-01"}
    response = owner.post(f"/w/acme/rounds/{round_.pk}/edit/", data)
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.title, round_.languages, round_.k) == ("Renamed", ["de"], 8)
    assert round_.closes_on == datetime.date(2031, 1, 1)


def test_editing_refuses_k_below_three(owner, workspace):
    """The edit form applies the same floor on k."""
    round_ = make_round(workspace, state=RoundState.DRAFT)
    data = {"title": "Renamed", "languages": ["en"], "k": "2"}
    response = owner.post(f"/w/acme/rounds/{round_.pk}/edit/", data)
    assert "The anonymity threshold must be at least 3 people." in response.content.decode()
    round_.refresh_from_db()
    assert round_.k == 5
