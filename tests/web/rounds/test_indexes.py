"""The responses' and drafts' tables keep no index that reads do not need: a submission
writes a page of every index of both (the response it stores, the draft it deletes)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from mognad.web.apps.rounds.models import Draft, Invitation, Response, Round, RoundGroup
from tests.web.factories import add_responses, make_round, make_workspace


def _indexes(model: type) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, model._meta.db_table)


def _indexed_columns(found: dict[str, dict]) -> set[tuple[str, ...]]:
    return {
        tuple(c["columns"]) for c in found.values() if c["index"] or c["unique"] or c["primary_key"]
    }


def test_a_response_is_indexed_only_by_its_client_id_and_the_summarys_two_indexes(db):
    """The client id is the key, so the rule that a submission is stored once costs no
    index of its own; the group, the round and nothing else have none either."""
    found = _indexes(Response)
    keys = [tuple(c["columns"]) for c in found.values() if c["primary_key"]]
    assert keys == [("client_id",)]
    assert _indexed_columns(found) == {
        ("client_id",),
        ("round_id", "bucket", "group_id", "token", "score_row", "pair_row"),
        ("round_id", "bucket", "token"),
    }


def test_no_index_of_the_responses_is_the_start_of_another(db):
    """An index that repeats the first columns of another serves no query the other does
    not, and costs every submission."""
    found = _indexes(Response)
    indexes = [tuple(c["columns"]) for c in found.values() if c["index"] and not c["primary_key"]]
    for shorter in indexes:
        for longer in indexes:
            if shorter != longer and not _found_unique(found, shorter):
                assert longer[: len(shorter)] != shorter, (shorter, longer)


def test_a_draft_is_indexed_only_by_its_key_its_resume_token_and_its_invitation(db):
    """Starting a draft inserts it into each of its b-trees, submitting deletes it from
    each: none for the group or the round, whose cascade finds drafts by a scan."""
    found = _indexes(Draft)
    keys = [tuple(c["columns"]) for c in found.values() if c["primary_key"]]
    assert keys == [("id",)]
    assert _indexed_columns(found) == {("id",), ("resume_token_hash",), ("invitation_id",)}


def test_a_draft_is_in_no_more_b_trees_than_its_table_resume_token_and_invitation(db):
    """On PostgreSQL, the primary key's index too; no second index of the resume token
    for LIKE, which PostgreSQL adds to a column declared unique."""
    names = _index_names(Draft._meta.db_table)
    assert "draft_one_per_invitation" in names
    # SQLite names the resume token's index itself; the key is the table (the rowid).
    assert len(names) == (3 if connection.vendor == "postgresql" else 2)


def _index_names(table: str) -> set[str]:
    if connection.vendor == "sqlite":
        return {row[1] for row in _index_list(table)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {name for (name,) in cursor.fetchall()}


def test_only_drafts_with_an_invitation_are_in_the_invitations_index(db):
    """The rule of one draft per invitation is a partial index: an open link's drafts,
    which have no invitation, are not in it."""
    assert _partial_indexes(Draft._meta.db_table) == {"draft_one_per_invitation"}


def test_a_drafts_key_is_a_64_bit_integer_that_sqlite_keeps_as_the_rowid(db):
    """A key declared `integer` is SQLite's rowid; one of any other type (a UUID, a
    `bigint`) is an index of its own beside the table, which every start and submission
    writes. PostgreSQL keeps an index of every key."""
    round_ = make_round(make_workspace())
    largest = Draft.objects.create(
        id=2**63 - 1, round=round_, group=round_.groups.get(key="staff"), resume_token_hash="x"
    )
    assert Draft.objects.get(resume_token_hash="x").pk == largest.pk == 2**63 - 1
    if connection.vendor == "sqlite":
        assert "pk" not in {row[3] for row in _index_list(Draft._meta.db_table)}
        assert "pk" in {row[3] for row in _index_list(Response._meta.db_table)}


def _index_list(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        return cursor.execute(f'PRAGMA index_list("{table}")').fetchall()


def _partial_indexes(table: str) -> set[str]:
    if connection.vendor == "sqlite":
        return {name for _seq, name, _unique, _origin, partial in _index_list(table) if partial}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index "
            "WHERE indrelid = %s::regclass AND indpred IS NOT NULL",
            [table],
        )
        return {name for (name,) in cursor.fetchall()}


def test_an_invitation_has_at_most_one_draft_and_an_open_link_many(db):
    round_ = make_round(make_workspace())
    group = round_.groups.get(key="staff")
    invitation = Invitation.objects.create(
        round=round_, group=group, email="a@example.org", token_hash="i" * 64
    )
    for n in range(3):
        Draft.objects.create(
            round=round_, group=group, resume_token_hash=f"open-{n}".ljust(64, "0")
        )
    Draft.objects.create(
        round=round_, group=group, invitation=invitation, resume_token_hash="a".ljust(64, "0")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Draft.objects.create(
            round=round_, group=group, invitation=invitation, resume_token_hash="b" * 64
        )
    assert Draft.objects.filter(invitation=invitation).count() == 1
    assert Draft.objects.filter(invitation=None).count() == 3


def _found_unique(found: dict, columns: tuple) -> bool:
    # A unique constraint holds the rule as well as serving reads: it stays.
    return any(tuple(c["columns"]) == columns and c["unique"] for c in found.values())


def _draft(round_: Round, key: str) -> Draft:
    return Draft.objects.create(
        round=round_,
        group=round_.groups.get(key=key),
        resume_token_hash=f"{round_.pk}-{key}".ljust(64, "0"),
        language="en",
    )


@pytest.mark.django_db(transaction=True)
def test_deleting_a_workspace_removes_its_rounds_responses_and_drafts_without_group_indexes():
    """Groups go only with their round: the round's cascade removes its responses and
    drafts, whose groups then have none left when they go."""
    kept = make_round(make_workspace("kept"))
    add_responses(kept, "staff", [3])
    _draft(kept, "staff")
    gone = make_round(make_workspace("gone"))
    add_responses(gone, "staff", [1, 2])
    add_responses(gone, "leadership", [4])
    _draft(gone, "leadership")

    gone.workspace.delete()

    assert list(Response.objects.values_list("round_id", flat=True)) == [kept.pk]
    assert list(Draft.objects.values_list("round_id", flat=True)) == [kept.pk]
    assert not RoundGroup.objects.filter(round_id=gone.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_to_delete_a_group_alone_while_it_has_responses():
    """Without a cascade of its own, the group's foreign key still guards the responses:
    none is ever left pointing at a group that went."""
    round_ = make_round(make_workspace())
    add_responses(round_, "staff", [2])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundGroup.objects.filter(round=round_, key="staff").delete()
    assert Response.objects.filter(group__key="staff").count() == 1
    assert Response.objects.get().submitted_on == datetime.date.today()
