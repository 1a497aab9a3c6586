import pytest
from django.test import Client

from mognad.web.apps.workspaces.models import Role
from tests.web.factories import make_user, make_workspace


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run at once, so their mails are in mail.outbox when a view returns."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def workspace():
    return make_workspace("acme")


@pytest.fixture
def owner(workspace):
    user = make_user("owner@example.org")
    workspace.memberships.create(user=user, role=Role.OWNER)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer(workspace):
    user = make_user("viewer@example.org")
    workspace.memberships.create(user=user, role=Role.VIEWER)
    client = Client()
    client.force_login(user)
    return client
