"""Django is configured here, before pytest-django looks, so settings read a developer's
environment: DEBUG on (no HTTPS redirect, a development secret key). Tests that need
production settings start a subprocess with an environment of their own."""

import os

import django

os.environ["DEBUG"] = "true"
os.environ["DJANGO_SETTINGS_MODULE"] = "mognad.web.settings"
django.setup()


import pytest  # noqa: E402
from django.core.cache import caches  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """A deliberately slow hash is for production; tests would spend seconds in it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Login throttling and rate limits count in the cache, and themes are kept in the
    local one; each test starts with none."""
    _clear_caches()
    yield
    _clear_caches()


def _clear_caches() -> None:
    for alias in ("default", "local"):
        caches[alias].clear()
