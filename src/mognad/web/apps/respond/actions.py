"""The respondent's writes: start a draft, save a page, switch language, submit.

A submission stores one Response row that holds nothing about the person: no IP
address, no user agent, no time finer than the day, and no link to the invitation
or the draft (the draft is deleted in the same transaction).
"""

import dataclasses
import hashlib
import hmac
import uuid
from collections.abc import Mapping
from datetime import timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mognad.core.answers import AnswerProblem, shown_items, validate_answers
from mognad.core.model import Instrument
from mognad.core.results import ResponseScores
from mognad.core.single import accepts, score_one
from mognad.web.apps.respond import rows
from mognad.web.apps.respond.forms import merged
from mognad.web.apps.respond.links import Link, local_today
from mognad.web.apps.rounds.instrument import instrument_scoring
from mognad.web.apps.rounds.models import Draft, Invitation, Response
from mognad.web.apps.rounds.scores import packed_for
from mognad.web.tokens import hash_token, new_token
from mognad.web.writers import writing

# As long as an open link's resume cookie lives (views.RESUME_AGE): after that only a
# personal invitation could still find its draft.
DRAFT_KEEP_DAYS = 30


class DraftGone(Exception):
    """The draft was submitted or removed meanwhile, and no response has this client id."""


class InvalidAnswers(Exception):
    def __init__(self, problems: list[AnswerProblem]) -> None:
        super().__init__(f"{len(problems)} answer problem(s)")
        self.problems = problems


def start_draft(link: Link, language: str) -> tuple[Draft, str]:
    """A new draft for the link, and the resume token that finds it again (only hashed here).

    A personal invitation has at most one draft: starting twice returns the first.
    """
    token = new_token()
    draft = Draft(
        round=link.round,
        group=link.group,
        invitation=link.invitation,
        resume_token_hash=hash_token(token),
        language=language,
        page=1,
    )
    if link.invitation is None:
        statement = rows.insert_statement(draft)
        with writing():
            rows.run(statement)  # one statement, committed at once: nothing else to wait for
        return draft, token
    try:
        with writing(), transaction.atomic():  # a second start of the invitation collides here
            rows.insert(draft)
    except IntegrityError:
        existing = Draft.objects.filter(invitation=link.invitation).first()
        if existing is None:
            raise
        return existing, token
    return draft, token


def save_page(draft: Draft, values: Mapping[str, Any], page: int) -> Draft:
    """Lays a page's answers over the draft's (an empty field removes one) and moves on."""
    fields = {"answers": merged(draft.answers, values), "page": page, "updated_on": local_today()}
    # Nearly always the draft is still as this request read it: one statement then, with
    # no transaction around a read. Else (another tab saved meanwhile, or it is gone),
    # the page is laid over what is stored now, under the write lock.
    statement = rows.update_statement(
        Draft, draft.pk, unless_changed={"answers": draft.answers}, **fields
    )
    with writing():
        changed = rows.run(statement)
    if changed:
        return rows.copied(draft, **fields)
    with writing(), transaction.atomic():
        locked = _locked(draft)
        locked.answers = merged(locked.answers, values)
        locked.page = page
        locked.updated_on = local_today()
        rows.update(
            Draft, locked.pk, answers=locked.answers, page=page, updated_on=locked.updated_on
        )
    return locked


def _locked(draft: Draft) -> Draft:
    found = rows.select(Draft, lock=True, id=draft.pk)
    if not found:
        raise DraftGone
    return found[0]


def delete_old_drafts(days: int) -> int:
    """Deletes the drafts last saved more than `days` days ago; returns how many went."""
    before = timezone.localdate() - timedelta(days=days)
    with transaction.atomic():
        _, deleted = Draft.objects.filter(updated_on__lt=before).delete()
    return deleted.get(Draft._meta.label, 0)


def set_draft_language(draft: Draft, language: str) -> None:
    draft.language = language
    draft.save(update_fields=["language", "updated_on"])


def client_id_for(draft: Draft) -> uuid.UUID:
    """The submission id the draft's form carries: the same on every render, so a double
    click, a retry or a second tab store one response.

    Derived rather than stored, since drafts have no field for it; only the secret key
    connects it to the draft, and the draft is deleted at submission.
    """
    return _client_id(str(draft.pk), settings.SECRET_KEY)


# Every page of a journey shows it: kept for the drafts being answered right now.
@lru_cache(maxsize=4096)
def _client_id(draft_id: str, secret_key: str) -> uuid.UUID:
    key = secret_key.encode("utf-8")
    digest = hmac.new(key, f"response-client-id:{draft_id}".encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def submitted_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the items the respondent was shown; hidden items' answers go."""
    return _shown_answers(answers, shown_items(instrument, answers))


def _shown_answers(answers: Mapping[str, Any], shown: Mapping[str, bool]) -> dict[str, Any]:
    return {key: value for key, value in answers.items() if shown.get(key, False)}


def prepare_response(
    instrument: Instrument, draft: Draft, values: Mapping[str, Any], client_id: uuid.UUID
) -> Response:
    """The response that the draft makes with the last page's `values` laid over it:
    checked and scored, not stored yet (`submit_response` stores it).

    Raises InvalidAnswers when answers are wrong or missing.
    """
    return _response(instrument, draft, values, client_id)


def submit_response(
    instrument: Instrument, draft: Draft, values: Mapping[str, Any], response: Response
) -> Response:
    """Stores the `response` prepared from the draft and `values`, once: a repeat with the
    same client id returns the first.

    Raises InvalidAnswers when another tab saved wrong answers meanwhile (nothing is
    stored then), DraftGone when there is nothing to submit.
    """
    # Checked, scored and converted already, so the write lock covers only two or three
    # short statements: nearly always the draft is still as this request read it.
    as_read = _StoreAsRead(
        rows.insert_statement(response, unless_taken="client_id"),
        rows.delete_statement(
            Draft, draft.pk, unless_changed={"answers": draft.answers, "language": draft.language}
        ),
    )
    try:
        try:
            with writing(), transaction.atomic():
                return _store_as_read(draft, response, as_read)
        except _DraftChanged:
            with writing(), transaction.atomic():
                return _store(instrument, draft, values, response)
    except (DraftGone, IntegrityError):
        existing = Response.objects.filter(
            client_id=response.client_id, round_id=draft.round_id
        ).first()
        if existing is None:
            raise DraftGone from None
        return existing


def _response(
    instrument: Instrument, draft: Draft, values: Mapping[str, Any], client_id: uuid.UUID
) -> Response:
    merged_answers = merged(draft.answers, values)
    # Conditions read only shown items' answers, so the answers without the hidden
    # items' show the same items: one look at the conditions serves both.
    shown = shown_items(instrument, merged_answers)
    answers = _shown_answers(merged_answers, shown)
    plan = instrument_scoring(instrument)
    problems = [] if accepts(plan, answers, shown) else validate_answers(instrument, answers)
    if problems:
        raise InvalidAnswers(problems)
    scores = _plain(score_one(plan, answers, shown))
    return rows.made(
        Response,
        round_id=draft.round_id,
        group_id=draft.group_id,
        client_id=client_id,
        language=draft.language,
        answers=answers,
        scores=scores,
        **packed_for(instrument, scores, answers),
        submitted_on=local_today(),
    )


def _plain(scores: ResponseScores) -> dict[str, Any]:
    # Its fields are fresh dicts and plain values: asdict()'s deep copy is not needed.
    return {f.name: getattr(scores, f.name) for f in dataclasses.fields(scores)}


class _DraftChanged(Exception):
    """The draft is not as the request read it: another tab saved, or it went."""


class _StoreAsRead(NamedTuple):
    insert: rows.Statement  # the response, unless its client id is taken
    delete: rows.Statement  # the draft, while its answers and language are as read


def _store_as_read(draft: Draft, response: Response, statements: _StoreAsRead) -> Response:
    """Stores the response and deletes the draft, if the draft is as it was read; else
    raises _DraftChanged, which rolls the insert back."""
    if rows.run(statements.insert) != 1:
        raise DraftGone
    if rows.run(statements.delete) != 1:
        raise _DraftChanged
    _mark_used(draft, response)
    return response


def _mark_used(draft: Draft, response: Response) -> None:
    if draft.invitation_id is not None:
        Invitation.objects.filter(pk=draft.invitation_id).update(used_on=response.submitted_on)


def _store(
    instrument: Instrument, draft: Draft, values: Mapping[str, Any], response: Response
) -> Response:
    locked = _locked(draft)
    if locked.answers != draft.answers or locked.language != draft.language:
        # Another tab saved meanwhile: the response is made again from what it saved.
        response = _response(instrument, locked, values, response.client_id)
    if not rows.insert(response, unless_taken="client_id"):
        raise DraftGone
    _mark_used(locked, response)
    rows.delete(Draft, locked.pk)
    return response
