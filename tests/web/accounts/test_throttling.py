"""Login throttling: five failures for one address lock it for a while, whatever the password."""

import pytest

from mognad.web.apps.accounts import throttle
from tests.web.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _login(client, email="ada@example.org", password=PASSWORD):
    return client.post("/accounts/login/", {"email": email, "password": password})


def test_it_locks_an_address_after_five_failures(client):
    """After LIMIT wrong passwords even the right one is refused, with a clear message."""
    make_user("ada@example.org")
    for _ in range(throttle.LIMIT):
        assert _login(client, password="wrong").status_code == 200
    response = _login(client)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_counts_per_address_in_any_case(client):
    """Failures for one address, however written, lock it; another address is unaffected."""
    make_user("ada@example.org")
    make_user("grace@example.org")
    for _ in range(throttle.LIMIT):
        _login(client, email="ADA@example.org", password="wrong")
    assert _login(client, email="ada@example.org").status_code == 429
    assert _login(client, email="grace@example.org").status_code == 302


def test_a_success_clears_the_failures(client):
    """A successful log-in forgets earlier failures, so a typo now and then never locks."""
    make_user("ada@example.org")
    for _ in range(throttle.LIMIT - 1):
        _login(client, password="wrong")
    assert _login(client).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(throttle.LIMIT - 1):
        _login(client, password="wrong")
    assert _login(client).status_code == 302


def test_unknown_addresses_are_locked_too(client):
    """An address without an account is throttled the same way, so the lock reveals nothing."""
    for _ in range(throttle.LIMIT):
        _login(client, email="nobody@example.org", password="wrong")
    assert _login(client, email="nobody@example.org").status_code == 429


def test_the_lock_ends_when_its_window_has_passed(client):
    """Once the cache entry expires, the right password works again."""
    make_user("ada@example.org")
    for _ in range(throttle.LIMIT):
        _login(client, password="wrong")
    assert throttle.is_locked("ada@example.org")
    throttle.clear_failures("ada@example.org")
    assert _login(client).status_code == 302


def test_a_log_in_still_works_when_the_shared_cache_is_down(client, settings, caplog):
    """Failures cannot be counted then, so nobody is locked out by a cache that is away."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    make_user("ada@example.org")
    assert _login(client, password="wrong").status_code == 200
    assert _login(client).status_code == 302
    assert "the rate limit is not applied" in caplog.text
