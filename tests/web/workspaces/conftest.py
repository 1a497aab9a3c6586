import pytest


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Enqueued tasks run on the spot, so a test sees their e-mail without a worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
