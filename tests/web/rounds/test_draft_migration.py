"""The migration that gives drafts integer keys keeps every draft and all it holds."""

import datetime
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mognad.web.apps.rounds.models import Draft, Invitation
from tests.web.factories import make_round, make_workspace

BEFORE = [("rounds", "0007_response_client_id_key")]
AFTER = [("rounds", "0008_draft_rowid")]
LONG_AGO = datetime.date(2026, 1, 2)


@pytest.fixture
def at_uuid_keys() -> Iterator[MigrationExecutor]:
    """The database as it was before the migration; back to the newest state after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        yield executor
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _old_drafts(old_draft: type, count: int) -> Invitation:
    """`count` drafts of an open link made as before the migration, and one of an
    invitation; those whose resume token ends in 7 last saved long ago."""
    round_ = make_round(make_workspace())
    staff = round_.groups.get(key="staff")
    invitation = Invitation.objects.create(
        round=round_, group=staff, email="a@example.org", token_hash="i" * 64
    )
    for n in range(count):
        old_draft.objects.create(
            round_id=round_.pk,
            group_id=staff.pk,
            resume_token_hash=f"{n:064d}",
            language="sv",
            answers={"customers.contact": n % 5 + 1},
            page=n % 7 + 1,
        )
    old_draft.objects.create(
        round_id=round_.pk,
        group_id=staff.pk,
        invitation_id=invitation.pk,
        resume_token_hash="f" * 64,
        language="de",
        answers={"personal.next_step": "Fragen."},
        page=7,
    )
    old_draft.objects.filter(resume_token_hash__endswith="7").update(updated_on=LONG_AGO)
    return invitation


def _old_model(executor: MigrationExecutor) -> type:
    return executor.loader.project_state(BEFORE).apps.get_model("rounds", "Draft")


@pytest.mark.django_db(transaction=True)
def test_every_draft_keeps_its_answers_page_language_day_and_invitation(at_uuid_keys):
    invitation = _old_drafts(_old_model(at_uuid_keys), 1203)  # more than one batch

    MigrationExecutor(connection).migrate(AFTER)

    drafts = {d.resume_token_hash: d for d in Draft.objects.all()}
    assert len(drafts) == 1204
    assert all(isinstance(pk, int) and pk > 0 for pk in Draft.objects.values_list("pk", flat=True))
    assert drafts[f"{12:064d}"].answers == {"customers.contact": 3}
    assert (drafts[f"{12:064d}"].page, drafts[f"{12:064d}"].language) == (6, "sv")
    assert {d.updated_on for h, d in drafts.items() if h.endswith("7")} == {LONG_AGO}
    assert LONG_AGO not in {d.updated_on for h, d in drafts.items() if not h.endswith("7")}
    by_invitation = Draft.objects.get(invitation=invitation)
    assert by_invitation.answers == {"personal.next_step": "Fragen."}
    assert (by_invitation.language, by_invitation.page) == ("de", 7)


@pytest.mark.django_db(transaction=True)
def test_migrating_back_keeps_every_draft_too(at_uuid_keys):
    """Undone, the migration copies the drafts back under UUID keys, all they hold with
    them."""
    invitation = _old_drafts(_old_model(at_uuid_keys), 20)
    MigrationExecutor(connection).migrate(AFTER)

    back = MigrationExecutor(connection)
    back.migrate(BEFORE)

    drafts = {d.resume_token_hash: d for d in _old_model(back).objects.all()}
    assert len(drafts) == 21
    assert all(isinstance(d.pk, uuid.UUID) for d in drafts.values())
    assert (drafts[f"{12:064d}"].answers, drafts[f"{12:064d}"].page) == (
        {"customers.contact": 3},
        6,
    )
    assert {d.updated_on for h, d in drafts.items() if h.endswith("7")} == {LONG_AGO}
    assert drafts["f" * 64].invitation_id == invitation.pk
    assert drafts["f" * 64].answers == {"personal.next_step": "Fragen."}
