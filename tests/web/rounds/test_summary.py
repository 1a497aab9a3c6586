"""A round's stored summary: kept up to date part by part, always equal to a recomputation."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mognad.core.analysis import analyse
from mognad.core.analysis.summary import analyse_summary, to_arrays
from mognad.web.apps.rounds import unchanged
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import BUCKETS, Response, RoundSummary
from mognad.web.apps.rounds.scores import load_scores
from mognad.web.apps.rounds.summary import round_summary
from tests.web.factories import add_responses, make_round, make_user, make_workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    workspace = make_workspace("acme", make_user())
    found = make_round(workspace, groups=("leadership", "staff", "customers"))
    add_responses(found, "staff", [1, 2, 3, 4, 5] * 8)
    add_responses(found, "leadership", [2, 4, 5, 5, 3, 1])
    return found


def _from_scratch(round_):
    RoundSummary.objects.filter(round=round_).delete()
    return round_summary(round_)


def _same(first, second) -> None:
    a, b = to_arrays([first.summary]), to_arrays([second.summary])
    assert a.keys() == b.keys()
    for name in a:
        assert np.array_equal(a[name], b[name]), name
    assert np.array_equal(first.marks, second.marks)


def test_the_first_reading_reads_every_part_and_the_next_none(round_):
    first = round_summary(round_)
    assert first.reread == tuple(range(BUCKETS))
    again = round_summary(round_)
    assert again.reread == ()
    _same(first, again)


def test_new_responses_reread_only_their_parts_and_equal_a_recomputation(round_):
    round_summary(round_)
    add_responses(round_, "customers", [5, 1])
    buckets = set(Response.objects.filter(group__key="customers").values_list("bucket", flat=True))
    updated = round_summary(round_)
    assert set(updated.reread) == buckets
    assert updated.summary.sizes.tolist() == [6, 40, 2]
    _same(updated, _from_scratch(round_))


def test_a_deleted_response_is_taken_out_and_equals_a_recomputation(round_):
    round_summary(round_)
    gone = Response.objects.filter(group__key="staff").first()
    gone.delete()
    updated = round_summary(round_)
    assert updated.reread == (gone.bucket,)
    assert updated.summary.sizes.tolist() == [6, 39, 0]
    _same(updated, _from_scratch(round_))


def test_a_response_replaced_in_the_same_part_is_noticed_by_its_token(round_):
    """The same count in a part, another row: the token sum tells them apart."""
    round_summary(round_)
    old = Response.objects.filter(group__key="staff").first()
    earlier = set(Response.objects.values_list("pk", flat=True))
    add_responses(round_, "staff", [5])
    new = Response.objects.exclude(pk__in=earlier).get()
    Response.objects.filter(pk=new.pk).update(bucket=old.bucket)
    old.delete()
    updated = round_summary(round_)
    assert old.bucket in updated.reread
    _same(updated, _from_scratch(round_))


def test_the_summary_gives_the_analysis_of_every_row(round_):
    """The same cells as analysing the round's rows themselves."""
    add_responses(round_, "customers", [4, 4, 2, 1, 5])
    instrument = round_instrument(round_)
    current = round_summary(round_)
    from_summary = analyse_summary(instrument, current.keys, current.summary, round_.k)
    from_rows = analyse(instrument, load_scores(round_), round_.k)
    assert from_summary.plan == from_rows.plan
    for key in [None, *from_rows.blocks]:
        mine, theirs = from_summary.aggregate(key), from_rows.aggregate(key)
        assert mine.n == theirs.n
        assert mine.overall.mean == pytest.approx(theirs.overall.mean)
        assert mine.overall.sd == pytest.approx(theirs.overall.sd)
        assert mine.overall.bands == theirs.overall.bands
        for dim, cell in theirs.dimensions.items():
            if cell is None:
                assert mine.dimensions[dim] is None
            else:
                assert mine.dimensions[dim].mean == pytest.approx(cell.mean)


def test_a_new_group_recomputes_the_whole_summary(round_):
    round_summary(round_)
    round_.groups.filter(key="customers").delete()
    updated = round_summary(round_)
    assert updated.keys == ("leadership", "staff")
    assert updated.reread == tuple(range(BUCKETS))


def test_rows_stored_without_packed_rows_are_packed_from_their_json(round_):
    packed = _from_scratch(round_)
    Response.objects.filter(group__key="leadership").update(score_row=b"", pair_row=b"")
    _same(packed, _from_scratch(round_))


@pytest.fixture
def witnessed(monkeypatch) -> bool:
    """Whether the database can witness that nothing changed: SQLite's witness as on a
    database file (the tests' is in memory, where only this one connection writes here);
    PostgreSQL has none, so there every reading counts."""
    if connection.vendor != "sqlite":
        return False
    monkeypatch.setattr(unchanged, "can_tell", lambda: not connection.in_atomic_block, raising=True)
    return True


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_an_unchanged_database_skips_the_check(round_, witnessed):
    """Nothing written since the last reading: where the database can witness that, the
    summary is used without counting rows; a response stored since is counted and read in."""
    round_summary(round_)
    with CaptureQueriesContext(connection) as seen:
        again = round_summary(round_)
    assert again.reread == ()
    counted = [q for q in seen.captured_queries if "COUNT(*)" in q["sql"]]
    assert bool(counted) is not witnessed
    add_responses(round_, "customers", [5])
    updated = round_summary(round_)
    assert len(updated.reread) == 1
    assert updated.summary.sizes.tolist() == [6, 40, 1]
    _same(updated, _from_scratch(round_))


@pytest.mark.django_db(transaction=True)
def test_a_deletion_outside_a_transaction_is_seen_too(round_, witnessed):
    round_summary(round_)
    Response.objects.filter(group__key="leadership").delete()
    assert round_summary(round_).summary.sizes.tolist() == [0, 40, 0]
