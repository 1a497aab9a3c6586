"""Login throttling: after LIMIT failed attempts for one e-mail address, refuse for a while.

The counts live in the cache (mognad.web.counters): by default each server process
counts on its own and a restart forgets, so with N processes a guesser gets at most
N × LIMIT tries per lock period, still few; CACHE_URL pointing at Redis makes the limit
exact. The key is the address, never the IP: a whole company may share one address.
"""

from mognad.web import counters
from mognad.web.tokens import hash_token

LIMIT = 5
WINDOW_SECONDS = 15 * 60


def _key(email: str) -> str:
    # Hashed so the cache holds no e-mail addresses and keys stay short and safe.
    return "login-failures:" + hash_token(email.strip().lower())


def is_locked(email: str) -> bool:
    """True while the address has reached LIMIT failures and its lock has not expired."""
    return counters.current(_key(email)) >= LIMIT


def record_failure(email: str) -> None:
    """Counts one failure; the window opens with the first failure of a series."""
    key = _key(email)
    count = counters.add_one(key, WINDOW_SECONDS)
    if count is not None and count >= LIMIT:
        # The lock lasts a whole window from the failure that set it.
        counters.extend(key, WINDOW_SECONDS)


def clear_failures(email: str) -> None:
    counters.forget(_key(email))
