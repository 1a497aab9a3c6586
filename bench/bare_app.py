"""The reference for bench/submit.py: a bare WSGI app that inserts one row per POST.

No Django, no templates, no sessions: what is left is the HTTP server, the form body and
one SQLite insert with the same PRAGMAs and transaction mode as Mognad's database, which
waits its turn to write on a lock file as Mognad's writes do (mognad/web/writers.py):
without it, a writer that SQLite's busy handler kept sleeping could wait seconds under
50 connections. The benchmark serves it with the same granian settings and compares
Mognad's submit with it.

    BARE_DB=/tmp/bare.sqlite3 granian --interface wsgi --working-dir bench bare_app:application
"""

import fcntl
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from typing import Any

StartResponse = Callable[[str, list[tuple[str, str]]], Any]

SCHEMA = "CREATE TABLE IF NOT EXISTS answer (client_id TEXT PRIMARY KEY, body TEXT NOT NULL)"
_connection: sqlite3.Connection | None = None
_lock: int | None = None


def connect(path: str) -> sqlite3.Connection:
    """A connection tuned like Mognad's (mognad.web.env.sqlite_database)."""
    # Autocommit mode, so BEGIN IMMEDIATE below is the only transaction, as in Django.
    db = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(SCHEMA)
    return db


def _db() -> sqlite3.Connection:
    global _connection
    if _connection is None:
        # Both workers open the new file at once on their first request; turning it to WAL
        # takes a lock that SQLite's busy handler does not wait for ("database is
        # locked"), so they take turns.
        fcntl.flock(_lock_file(), fcntl.LOCK_EX)
        try:
            _connection = connect(os.environ["BARE_DB"])
        finally:
            fcntl.flock(_lock_file(), fcntl.LOCK_UN)
    return _connection


def _lock_file() -> int:
    global _lock
    if _lock is None:
        _lock = os.open(os.environ["BARE_DB"] + "-writers", os.O_CREAT | os.O_WRONLY, 0o600)
    return _lock


def insert(body: str) -> None:
    db = _db()
    fcntl.flock(_lock_file(), fcntl.LOCK_EX)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("INSERT INTO answer VALUES (?, ?)", (str(uuid.uuid4()), body))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        fcntl.flock(_lock_file(), fcntl.LOCK_UN)


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"up"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    insert(environ["wsgi.input"].read(length).decode("utf-8"))
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
