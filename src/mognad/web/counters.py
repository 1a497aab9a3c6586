"""Counters in Django's cache, for the rate limits on logins and respondents' links.

The cache is the one CACHE_URL names: by default each server process's own memory, so
with N processes a limit lets through up to N times its count; with Redis, one counter
that every process adds to. A shared cache that cannot be reached must not take the
site down with it: the counter then counts nothing and the limit is not applied, which
is logged as an error each time.
"""

import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def add_one(key: str, seconds: int) -> int | None:
    """Counts one in `key`, which lasts `seconds` from its first count; the count now, or
    None when the cache cannot be reached."""
    try:
        # add() does nothing when the key exists, so concurrent first counts do not reset it.
        cache.add(key, 0, timeout=seconds)
        try:
            return int(cache.incr(key))
        except ValueError:  # it expired between add() and incr()
            cache.set(key, 1, timeout=seconds)
            return 1
    except Exception:
        log.exception("the cache could not count %s; the rate limit is not applied", key)
        return None


def current(key: str) -> int:
    """The count in `key`: 0 when there is none, or when the cache cannot be reached."""
    try:
        found = cache.get(key, 0)
    except Exception:
        log.exception("the cache could not read %s; the rate limit is not applied", key)
        return 0
    return found if isinstance(found, int) else 0


def extend(key: str, seconds: int) -> None:
    """Makes `key` last `seconds` from now."""
    try:
        cache.touch(key, seconds)
    except Exception:
        log.exception("the cache could not extend %s", key)


def forget(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        log.exception("the cache could not delete %s", key)
