"""Login throttling: after LIMIT failed attempts for one e-mail address, refuse for a while.

The counts live in Django's cache. Mognad's settings configure no CACHES, so this is the
default local-memory cache: each server process counts on its own and a restart forgets.
With N processes a guesser gets at most N × LIMIT tries per lock period, still few; a
shared cache (a CACHES setting pointing at the database or Redis) makes the limit exact.
The key is the address, never the IP: a whole company may share one address.
"""

from django.core.cache import cache

from mognad.web.tokens import hash_token

LIMIT = 5
WINDOW_SECONDS = 15 * 60


def _key(email: str) -> str:
    # Hashed so the cache holds no e-mail addresses and keys stay short and safe.
    return "login-failures:" + hash_token(email.strip().lower())


def is_locked(email: str) -> bool:
    """True while the address has reached LIMIT failures and its lock has not expired."""
    count = cache.get(_key(email), 0)
    return isinstance(count, int) and count >= LIMIT


def record_failure(email: str) -> None:
    """Counts one failure; the window opens with the first failure of a series."""
    key = _key(email)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window expired between add and incr.
        cache.set(key, 1, WINDOW_SECONDS)
        return
    if count >= LIMIT:
        # The lock lasts a whole window from the failure that set it.
        cache.touch(key, WINDOW_SECONDS)


def clear_failures(email: str) -> None:
    cache.delete(_key(email))
