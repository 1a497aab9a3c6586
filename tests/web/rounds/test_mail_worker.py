"""With the configured database task backend, invitation mails wait for the worker."""

import pytest
from django.core import mail
from django.core.management import call_command

from mognad.web.apps.rounds.actions import invite_people
from mognad.web.apps.rounds.models import Invitation
from mognad.web.tokens import hash_token
from tests.web.factories import make_round, make_workspace


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_invitation_mails(database_tasks):
    """Nothing is mailed on invite; one worker batch sends each mail and dates it."""
    round_ = make_round(make_workspace())
    group = round_.groups.first()
    invite_people(round_, group, ["ada@example.org"], base_url="https://mognad.example")
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    (message,) = mail.outbox
    token = message.body.split("https://mognad.example/i/")[1].split("/")[0]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(token)
    assert invitation.sent_on is not None
