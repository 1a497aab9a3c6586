"""The responses' table keeps no index that another index already serves."""

from django.db import connection

from mognad.web.apps.rounds.models import Response


def test_no_index_of_the_responses_is_the_start_of_another(db):
    """Every submission writes a page of each index: one that repeats the first columns
    of another costs every submission and serves no query the other does not."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Response._meta.db_table)
    indexes = [tuple(c["columns"]) for c in found.values() if c["index"] and not c["primary_key"]]
    assert ("round_id", "bucket", "token") in indexes
    for shorter in indexes:
        for longer in indexes:
            if shorter != longer and not found_unique(found, shorter):
                assert longer[: len(shorter)] != shorter, (shorter, longer)


def found_unique(found: dict, columns: tuple) -> bool:
    # A unique constraint holds the rule as well as serving reads: it stays.
    return any(tuple(c["columns"]) == columns and c["unique"] for c in found.values())
