import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A deliberately slow hash is for production; tests would spend seconds in it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _forget_login_failures():
    """Login throttling counts in the process's cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
