"""Reading settings from environment variables, failing loudly on bad values.

Every error names the variable, so an operator sees at start-up what to fix instead of
a server that half works.
"""

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}
POSTGRES_SCHEMES = {"postgres", "postgresql"}


class EnvError(ImproperlyConfigured):
    """An environment variable has a value Mognad cannot use."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"environment variable {name}: {problem}")
        self.name = name


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or `default` when it is unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    """`true`/`false` (also 1/0, yes/no, on/off); anything else is an error."""
    raw = env_str(name).lower()
    if not raw:
        return default
    if raw in TRUE | FALSE:
        return raw in TRUE
    raise EnvError(name, f"{raw!r} is not a boolean; use true or false")


def env_int(name: str, default: int, low: int = 0, high: int = 2**31) -> int:
    """A whole number in [low, high]."""
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise EnvError(name, f"{raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise EnvError(name, f"{value} is outside {low}..{high}")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, compared without regard to case."""
    value = env_str(name, default).upper()
    if value not in choices:
        raise EnvError(name, f"{value!r} is not one of {', '.join(choices)}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks around items are ignored."""
    raw = env_str(name)
    if not raw:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def sqlite_database(path: Path) -> dict[str, Any]:
    """An SQLite database tuned for a web server: WAL, short fsyncs, writers queue up."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Persistent connections keep the PRAGMAs and the page cache warm.
        "CONN_MAX_AGE": None,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # A checkpoint copies the WAL's pages into the database and syncs both. The
            # web server's processes leave that to a thread of their own soon after
            # their writes (writers.Checkpointer); SQLite's own checkpoint, in the commit
            # that crosses the threshold, is the backstop for everything else, at 16,000
            # pages rather than 1,000 so that a hot page written many times is copied
            # once for them all. The WAL is cut back to 64 MB after a checkpoint should
            # a burst have grown it.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA wal_autocheckpoint=16000; PRAGMA journal_size_limit=67108864;"
            ),
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait for
            # the busy timeout instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 5,
        },
    }


def postgres_database(url: str, name: str) -> dict[str, Any]:
    """A PostgreSQL database from a postgres://user:password@host:port/dbname URL."""
    parts = urlsplit(url)
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise EnvError(name, "a PostgreSQL URL needs a database name after the host")
    try:
        port = parts.port
    except ValueError:
        raise EnvError(name, "the port is not a number") from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": dbname,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(parse_qsl(parts.query)),
    }


def env_database(name: str, default_sqlite: Path) -> dict[str, Any]:
    """A Django DATABASES entry from `sqlite:///path` or `postgres://…`."""
    url = env_str(name)
    if not url:
        return sqlite_database(default_sqlite)
    scheme = urlsplit(url).scheme
    if scheme in POSTGRES_SCHEMES:
        return postgres_database(url, name)
    if scheme == "sqlite":
        path = url.removeprefix("sqlite://").removeprefix("/")
        if not path:
            raise EnvError(name, "an SQLite URL needs a file path: sqlite:///var/mognad.db")
        return sqlite_database(Path(path))
    raise EnvError(name, f"unsupported scheme {scheme!r}; use sqlite:/// or postgres://")


REDIS_SCHEMES = ("redis", "rediss")


def env_cache(name: str) -> dict[str, Any]:
    """A Django CACHES entry from `locmem://` (each server process its own, the default)
    or `redis://host:6379/0` (one cache that every process shares)."""
    url = env_str(name, "locmem://")
    scheme = urlsplit(url).scheme
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in REDIS_SCHEMES:
        if not urlsplit(url).hostname:
            raise EnvError(name, "a Redis URL needs a host: redis://127.0.0.1:6379/0")
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # A Redis that does not answer holds a request up for a second at most; the
            # rate limits are then not applied (mognad.web.counters).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    raise EnvError(name, f"unsupported scheme {scheme!r}; use locmem:// or redis://")


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}


def env_email_backend(name: str, default: str) -> str:
    """`console` (prints mail to the log) or `smtp`."""
    choice = env_str(name, default).lower()
    if choice not in EMAIL_BACKENDS:
        raise EnvError(name, f"{choice!r} is not an e-mail backend; use console or smtp")
    return choice
