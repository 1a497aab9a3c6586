"""Rounds, their stakeholder groups, invitations, drafts and responses.

Privacy rules live in the shape of these tables (DESIGN.md "Results and privacy"):
responses hold no IP address, user agent or time finer than the day, and nothing
links a response to an invitation or a draft. Invitations and responses are separate
tables, and a draft is deleted when its response is submitted.
"""

import hashlib
import secrets
import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from mognad.web.apps.workspaces.models import Workspace

K_DEFAULT = 5
K_FLOOR = 3
BUCKETS = 64  # a round's responses fall into this many random parts (see Response.bucket)
TOKENS = 2**31


def random_bucket() -> int:
    return secrets.randbelow(BUCKETS)


def random_token() -> int:
    return secrets.randbelow(TOKENS)


def random_row_id() -> int:
    """A positive 64-bit integer, in no order."""
    return secrets.randbelow(2**63 - 1) + 1


class RowIdField(models.BigIntegerField):  # type: ignore[type-arg]  # not subscriptable at run time
    """A 64-bit primary key that SQLite keeps as the rowid, declared `integer` there: the
    table is then its own index of the key, where a key of another type, and `bigint`
    too, has an index of its own beside the table."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


def yaml_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class GroupKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership")
    STAFF = "staff", _("Staff")
    CUSTOMERS = "customers", _("Customers")
    PARTNERS = "partners", _("Partners")
    CUSTOM = "custom", _("Other")


class Round(models.Model):
    """One run of one instrument version in a workspace (T0, T1, … of its series)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    instrument_id = models.CharField(max_length=64)
    instrument_version = models.CharField(max_length=32)
    # The instrument's YAML as it was when the round was created: a round never changes
    # under its respondents, whatever happens to the library afterwards.
    instrument_yaml = models.TextField()
    # The SHA-256 of instrument_yaml, kept by save(): a process finds its parsed copy by
    # it, so respondents' requests need not read the YAML (75 KB for people-first).
    instrument_digest = models.CharField(max_length=64, default="", editable=False)
    series_index = models.PositiveIntegerField(default=0)
    languages = models.JSONField(default=list)
    k = models.PositiveSmallIntegerField(_("anonymity threshold"), default=K_DEFAULT)
    state = models.CharField(max_length=10, choices=RoundState.choices, default=RoundState.DRAFT)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_on = models.DateField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(k__gte=K_FLOOR), name="k_at_least_floor"),
        ]
        ordering = ["instrument_id", "series_index"]

    def __str__(self) -> str:
        return f"{self.title} (T{self.series_index})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        fields = kwargs.get("update_fields")
        if "instrument_yaml" in self.__dict__ and (fields is None or "instrument_yaml" in fields):
            self.instrument_digest = yaml_digest(self.instrument_yaml)
            if fields is not None:
                kwargs["update_fields"] = {*fields, "instrument_digest"}
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return f"T{self.series_index}"


class RoundGroup(models.Model):
    """A stakeholder group in a round, with its open link (token stored hashed)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    key = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(max_length=20, choices=GroupKind.choices, default=GroupKind.CUSTOM)
    # The open link's token is derived from this salt and the secret key (tokens.py), so
    # the facilitator can see the link again; only its hash is looked up.
    link_salt = models.CharField(max_length=32)
    link_token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="group_key_unique_in_round")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A personal, single-use invitation. Never linked to the response it leads to."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    group = models.ForeignKey(RoundGroup, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    sent_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    used_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="one_invitation_per_email")
        ]


class Draft(models.Model):
    """Answers saved page by page before submission; deleted when the response is submitted.

    Found again through the respondent's link: the open link's resume cookie, or the
    personal invitation, whose draft this is while it exists. Starting a
    draft inserts it into every b-tree it is in and its submission deletes it from every
    one, so it is in few: on SQLite, the table (keyed by the rowid), the resume token's
    and, for an invitation's draft only, the invitation's.
    """

    # Random, as the response's key: only the secret key connects it to the submission
    # id the draft's form carries (respond.actions.client_id_for).
    id = RowIdField(primary_key=True, default=random_row_id, editable=False)
    # Without indexes: only the round's cascade looks drafts up by the round (a scan of
    # the drafts being answered), and groups go only with their round, as the
    # response's group (see there).
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="drafts", db_index=False
    )
    group = models.ForeignKey(
        RoundGroup, on_delete=models.DO_NOTHING, related_name="drafts", db_index=False
    )
    # At most one draft per invitation: the partial unique index of Meta.
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="drafts",
        db_index=False,
    )
    # Unique by a constraint of Meta rather than `unique=True`, which on PostgreSQL adds
    # a second index for LIKE lookups that nothing makes.
    resume_token_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=10)
    answers = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=0)
    updated_on = models.DateField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resume_token_hash"], name="draft_resume_token"),
            # Of the drafts that have an invitation: an open link's are in no index here.
            models.UniqueConstraint(
                fields=["invitation"],
                condition=models.Q(invitation__isnull=False),
                name="draft_one_per_invitation",
            ),
        ]


class Response(models.Model):
    """One submitted response: answers as one JSON document plus the scores computed then.

    Every index is one more b-tree page that each submission reads and writes, so the
    table keeps only those that reads need: the primary key, which is also the rule
    that a submission is stored once, and the two of Meta.
    """

    # Generated for the respondent's form (respond.actions.client_id_for): a retried or
    # double submission stores one row. Random, so row order tells nothing about who
    # answered when.
    client_id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Without an index of its own: both indexes of Meta start with the round.
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    # Without an index either, nor a cascade of its own: groups go only with their round,
    # whose cascade removes the responses through the index on the round (the foreign
    # key, checked at commit, would refuse a group deleted on its own while it has any).
    group = models.ForeignKey(
        RoundGroup, on_delete=models.DO_NOTHING, related_name="responses", db_index=False
    )
    language = models.CharField(max_length=10)
    answers = models.JSONField()
    scores = models.JSONField()
    # The numbers of `scores` (and the pairs' importance) packed for fast reading
    # (mognad.core.analysis.matrix); filled at submit by rounds.scores.packed_fields.
    score_row = models.BinaryField(default=b"")
    item_row = models.BinaryField(default=b"")
    pair_row = models.BinaryField(default=b"")
    # A random part of the round and a random number, neither in any order: a round's
    # stored summary (rounds.summary) keeps each part's sums with the count and the sum of
    # the tokens of its rows, and recomputes only the parts where these changed. A random
    # part of the rows is also a random sample of the respondents.
    bucket = models.PositiveSmallIntegerField(default=random_bucket)
    token = models.BigIntegerField(default=random_token)
    submitted_on = models.DateField()

    class Meta:
        indexes = [
            # Covers the summary's reading of changed parts: their packed rows, part by
            # part and group by group, without touching the wide rows that hold the JSON.
            models.Index(
                fields=["round", "bucket", "group", "token", "score_row", "pair_row"],
                name="response_summary_rows",
            ),
            # Covers the check on every results view: count and token sum per part.
            models.Index(fields=["round", "bucket", "token"], name="response_part_marks"),
        ]


class RoundSummary(models.Model):
    """A round's responses reduced to the sums its results need, one set per part
    (mognad.core.analysis.summary), with the count and token sum each part had then."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="summary")
    # What the stored arrays were made with: the layout version and the group keys.
    shape = models.JSONField(default=dict)
    data = models.BinaryField()
