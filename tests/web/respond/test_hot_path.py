"""What keeps a respondent's requests cheap: no YAML read per request, no URL reversing."""

import datetime
import hashlib
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mognad.core.io import dump_instrument
from mognad.web.apps.respond import rows
from mognad.web.apps.respond.links import resolve
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Response, Round, RoundGroup
from tests.web.factories import group_link_token, make_round, make_workspace
from tests.web.respond.helpers import page_post, page_url, start


def test_a_round_keeps_the_digest_of_its_instrument_yaml(people_first):
    stored = Round.objects.get(pk=people_first.pk)
    expected = hashlib.sha256(stored.instrument_yaml.encode("utf-8")).hexdigest()
    assert stored.instrument_digest == expected


def test_respondent_pages_do_not_read_the_instrument_yaml(client, people_first, staff_link):
    first = start(client, staff_link)
    client.get(first)  # this process has now parsed the round's instrument
    with CaptureQueriesContext(connection) as queries:
        assert client.get(first).status_code == 200
        instrument = round_instrument(people_first)
        saved = client.post(first, page_post(instrument, 1))
        assert saved.status_code == 302
        assert client.get(page_url(staff_link, 2)).status_code == 200
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if "instrument_yaml" in q["sql"]]


def test_a_round_with_another_instrument_gets_its_own_parsed_copy(db):
    workspace = make_workspace("acme")
    people = make_round(workspace, "people-first")
    other = make_round(workspace, "eu-dma")
    assert round_instrument(people).id == "people-first"
    assert round_instrument(other).id == "eu-dma"
    renamed = round_instrument(people).model_copy(update={"id": "renamed"})
    people.instrument_yaml = dump_instrument(renamed)
    people.save()
    assert round_instrument(Round.objects.get(pk=people.pk)).id == "renamed"


def test_a_links_address_is_the_one_its_url_pattern_gives(people_first):
    token = group_link_token(people_first.groups.get(key="staff"))
    link = resolve("r", token)
    assert link is not None
    assert link.url == reverse("respond:welcome", kwargs={"token": token})


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_respondents_own_reads_give_the_rows_the_orm_gives(people_first):
    group = people_first.groups.get(key="staff")
    link = resolve("r", group_link_token(group))
    assert link is not None
    assert "instrument_yaml" in link.round.get_deferred_fields()
    # Touching a field left out (the YAML, for one) loads it, as a deferred field does.
    assert _fields(link.round) == _fields(Round.objects.get(pk=people_first.pk))
    assert _fields(link.group) == _fields(group)
    assert _fields(link.round.workspace) == _fields(people_first.workspace)
    assert not link.round._state.adding
    link.group.name = "Everyone on staff"
    link.group.save(update_fields=["name"])
    assert people_first.groups.get(key="staff").name == "Everyone on staff"


def test_a_page_shown_takes_one_query_and_a_page_saved_two(client, people_first, staff_link):
    """The link, its round, group, workspace and the draft come in one query; a save adds
    one UPDATE. A field the respondent's reads leave out would show up as another."""
    first = start(client, staff_link)
    client.get(first)
    instrument = round_instrument(people_first)
    with CaptureQueriesContext(connection) as shown:
        assert client.get(first).status_code == 200
    with CaptureQueriesContext(connection) as saved:
        assert client.post(first, page_post(instrument, 1)).status_code == 302
    assert len(shown.captured_queries) == 1
    assert len(saved.captured_queries) == 2


def test_a_failing_respondents_write_raises_djangos_error_watched_or_not(people_first):
    """Unwatched, the statements run on SQLite's own cursor; their errors are Django's all
    the same, which the submission relies on to find a repeat."""
    group = people_first.groups.get(key="staff")
    for watched in (False, True):
        with CaptureQueriesContext(connection) as captured:
            captured.connection.force_debug_cursor = watched
            with pytest.raises(IntegrityError), transaction.atomic():
                rows.insert(group)
        inserts = [q for q in captured.captured_queries if q["sql"].startswith("INSERT")]
        assert len(inserts) == (1 if watched else 0)


def test_a_read_gives_the_same_rows_watched_or_not(people_first):
    group = people_first.groups.get(key="staff")
    unwatched = rows.select(RoundGroup, id=group.pk)
    with CaptureQueriesContext(connection) as captured:
        watched = rows.select(RoundGroup, id=group.pk)
    assert len(captured.captured_queries) == 1
    assert [_fields(g) for g in unwatched] == [_fields(g) for g in watched] == [_fields(group)]


def test_a_response_made_without_model_init_is_the_one_the_model_makes(people_first):
    group = people_first.groups.get(key="staff")
    given = {
        "round_id": people_first.pk,
        "group_id": group.pk,
        "client_id": uuid.uuid4(),
        "language": "sv",
        "answers": {"a": 1},
        "scores": {"overall": 2.0},
        "submitted_on": datetime.date(2026, 12, 3),
    }
    made = rows.made(Response, **given)
    expected = Response(**given, bucket=made.bucket, token=made.token)
    assert _fields(made) == _fields(expected)
    assert made._state.adding and made._state.db is None
    assert made.score_row == b"" and made.bucket >= 0
    # By a related object rather than its id, it goes through Model.__init__.
    assert rows.made(Response, round=people_first).round_id == people_first.pk
