"""Writers to the SQLite database wait their turn in the kernel, not in SQLite's sleeps.

SQLite lets one writer at a time. A second writer is told the database is busy, and
SQLite's busy handler then sleeps 1, 2, 5, 10 … milliseconds before it tries again,
even when the first writer is done a tenth of a millisecond later. With two server
processes saving and submitting respondents' pages, those sleeps kept a process idle
for part of every collision (bench/submit.py).

`writing()` takes an exclusive flock on a file beside the database first: a writer that
must wait sleeps in the kernel and is woken the moment the other is done, and only one
process at a time reaches SQLite's own lock. The kernel drops a flock when its process
dies, so a worker killed mid-write holds nobody up.

It is for short writes that wait on nothing else, such as the respondent's saves and
submissions. Inside a transaction it does nothing (the transaction may hold SQLite's
lock already, and waiting for the flock then would invert the order), nor on
PostgreSQL, which has row locks, nor on an in-memory database.
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.db import DEFAULT_DB_ALIAS, connections

SUFFIX = "-writers"


class _Files(threading.local):
    """Each thread's lock files, by database path, with the process that opened them.

    A flock belongs to an open file: two threads, or two processes forked from one,
    that shared a file would not exclude each other, so each opens its own.
    """

    def __init__(self) -> None:
        self.opened: dict[str, tuple[int, IO[bytes]]] = {}


_files = _Files()


@contextmanager
def writing(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Waits for this process's turn to write to the database, and holds it until the end
    of the block."""
    lock = _lock(alias)
    if lock is None:
        yield
        return
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)


def lock_path(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """The lock file of the database, or None where writers are not queued."""
    db = connections[alias]
    if db.vendor != "sqlite" or db.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    return f"{db.settings_dict['NAME']}{SUFFIX}"


def _lock(alias: str) -> IO[bytes] | None:
    if connections[alias].in_atomic_block:
        return None
    path = lock_path(alias)
    if path is None:
        return None
    pid = os.getpid()
    found = _files.opened.get(path)
    if found is None or found[0] != pid:
        # Opened on first use in each process: a copy inherited across a fork is shared.
        found = (pid, open(path, "ab"))  # noqa: SIM115 (kept open for the thread's life)
        _files.opened[path] = found
    return found[1]
