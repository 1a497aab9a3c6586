import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A deliberately slow hash is for production; tests would spend seconds in it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Enqueued tasks run on the spot, so a test sees their e-mail without a worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
