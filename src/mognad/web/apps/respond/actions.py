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
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mognad.core.answers import AnswerProblem, shown_items, validate_answers
from mognad.core.model import Instrument
from mognad.core.reference import score_response
from mognad.web.apps.respond.forms import merged
from mognad.web.apps.respond.links import Link
from mognad.web.apps.rounds.instrument import round_instrument
from mognad.web.apps.rounds.models import Draft, Invitation, Response
from mognad.web.tokens import hash_token, new_token


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
    try:
        with transaction.atomic():
            draft = Draft.objects.create(
                round=link.round,
                group=link.group,
                invitation=link.invitation,
                resume_token_hash=hash_token(token),
                language=language,
                page=1,
            )
    except IntegrityError:
        existing = Draft.objects.filter(invitation=link.invitation).first()
        if link.invitation is None or existing is None:
            raise
        return existing, token
    return draft, token


def save_page(draft: Draft, values: Mapping[str, Any], page: int) -> Draft:
    """Lays a page's answers over the draft's (an empty field removes one) and moves on."""
    with transaction.atomic():
        locked = Draft.objects.select_for_update().filter(pk=draft.pk).first()
        if locked is None:
            raise DraftGone
        locked.answers = merged(locked.answers, values)
        locked.page = page
        locked.save(update_fields=["answers", "page", "updated_on"])
    return locked


def set_draft_language(draft: Draft, language: str) -> None:
    draft.language = language
    draft.save(update_fields=["language", "updated_on"])


def client_id_for(draft: Draft) -> uuid.UUID:
    """The submission id the draft's form carries: the same on every render, so a double
    click, a retry or a second tab store one response.

    Derived rather than stored, since drafts have no field for it; only the secret key
    connects it to the draft, and the draft is deleted at submission.
    """
    key = settings.SECRET_KEY.encode("utf-8")
    digest = hmac.new(key, f"response-client-id:{draft.pk}".encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def submitted_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to the items the respondent was shown; hidden items' answers go."""
    shown = shown_items(instrument, answers)
    return {key: value for key, value in answers.items() if shown.get(key, False)}


def submit_response(draft: Draft, client_id: uuid.UUID) -> Response:
    """Stores the draft as one response, once: a repeat with the same client id returns it.

    Raises InvalidAnswers when answers are wrong or missing, DraftGone when there is
    nothing to submit.
    """
    try:
        with transaction.atomic():
            return _submit(draft, client_id)
    except (DraftGone, IntegrityError):
        existing = Response.objects.filter(client_id=client_id, round_id=draft.round_id).first()
        if existing is None:
            raise DraftGone from None
        return existing


def _submit(draft: Draft, client_id: uuid.UUID) -> Response:
    existing = Response.objects.filter(client_id=client_id, round_id=draft.round_id).first()
    if existing is not None:
        return existing
    locked = Draft.objects.select_for_update().filter(pk=draft.pk).first()
    if locked is None:
        raise DraftGone
    instrument = round_instrument(draft.round)
    answers = submitted_answers(instrument, locked.answers)
    problems = validate_answers(instrument, answers)
    if problems:
        raise InvalidAnswers(problems)
    today = timezone.localdate()
    response = Response.objects.create(
        round_id=locked.round_id,
        group_id=locked.group_id,
        client_id=client_id,
        language=locked.language,
        answers=answers,
        scores=dataclasses.asdict(score_response(instrument, answers)),
        submitted_on=today,
    )
    if locked.invitation_id is not None:
        Invitation.objects.filter(pk=locked.invitation_id).update(used_on=today)
    locked.delete()
    return response
