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

SQLite copies the WAL back into the database (a checkpoint) in whichever commit takes
the WAL past its threshold. That commit then copies thousands of pages and syncs both
files, 25–50 ms on this project's machine, while its request waits and, since it still
holds the flock, every other writer too: under wrk's submissions a stall every third of
a second, and the slowest hundredth of them took twice as long as the median. So each
process that writes here has a thread that checkpoints soon after writes instead
(`Checkpointer`), and the connections' own threshold (env.py) is only a backstop.
"""

import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO
from urllib.parse import quote

from django.db import DEFAULT_DB_ALIAS, connections

SUFFIX = "-writers"
# How long the checkpointer lets writes gather after the first one wakes it.
PAUSE = 0.25
# Past this many frames in the WAL, the checkpointer finishes its checkpoint in the
# writers' queue, so that the next writer starts the WAL afresh (see Checkpointer).
RESTART_FRAMES = 2000

log = logging.getLogger(__name__)


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
        _checkpointer(lock.name).wake()


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
    return _lock_file(path)


def _lock_file(path: str) -> IO[bytes]:
    """This thread's own open file of the lock at `path`."""
    pid = os.getpid()
    found = _files.opened.get(path)
    if found is None or found[0] != pid:
        # Opened on first use in each process: a copy inherited across a fork is shared.
        found = (pid, open(path, "ab"))  # noqa: SIM115 (kept open for the thread's life)
        _files.opened[path] = found
    return found[1]


class Checkpointer:
    """A thread that copies the WAL of one database back into it, soon after writes.

    Woken by a write, it waits PAUSE for more and then checkpoints PASSIVE: it copies
    what it can without waiting for anyone, while writers go on appending to the WAL,
    and SQLite does that work without holding Python's GIL. Writers that keep coming
    leave frames it has not copied, and SQLite starts the WAL afresh only once every
    frame is copied; so when the WAL has grown past RESTART_FRAMES, the thread copies
    the few frames left while holding the writers' queue, which takes a few
    milliseconds where the whole checkpoint took tens.
    """

    def __init__(self, lock: str) -> None:
        self.lock = lock
        self.database = lock.removesuffix(SUFFIX)
        self.woken = threading.Event()
        self.thread = threading.Thread(target=self._run, name="sqlite-checkpoints", daemon=True)
        self.thread.start()

    def wake(self) -> None:
        self.woken.set()

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        while True:
            self.woken.wait()
            time.sleep(PAUSE)
            self.woken.clear()
            if connection is None and not os.path.exists(self.database):
                continue  # deleted since the write (a test's database): nothing to copy
            try:
                connection = connection or _open(self.database)
                self.checkpoint(connection)
            except Exception:
                # The next write tries again, and the thread lives on whatever failed, or
                # the WAL would wait for the backstop.
                log.warning("checkpoint of %s failed", self.database, exc_info=True)
                if connection is not None:
                    connection.close()
                connection = None

    def checkpoint(self, connection: sqlite3.Connection) -> None:
        _busy, frames, _copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if frames >= RESTART_FRAMES:
            lock = _lock_file(self.lock)
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _open(database: str) -> sqlite3.Connection:
    # mode=rw: a database that is not there is an error here, never a new empty file.
    uri = f"file:{quote(database)}?mode=rw"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


_checkpointers: dict[tuple[int, str], Checkpointer] = {}
_started = threading.Lock()


def _checkpointer(lock: str) -> Checkpointer:
    """This process's checkpointer of the database whose writers queue on `lock`,
    started on first use: a thread started before a fork does not run in the child."""
    key = (os.getpid(), lock)
    found = _checkpointers.get(key)
    if found is None:
        with _started:
            found = _checkpointers.get(key) or Checkpointer(lock)
            _checkpointers[key] = found
    return found
