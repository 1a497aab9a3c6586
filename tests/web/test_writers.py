"""Writers to the SQLite file queue on a flock beside it (mognad.web.writers)."""

import fcntl
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.web.conftest import clean_env, run_python

SETUP = """
import fcntl, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mognad.web.settings")
import django
django.setup()
from django.db import transaction
from mognad.web.writers import lock_path, writing

def held_elsewhere():
    # A file opened apart from the one `writing` holds: as another process would see it.
    with open(lock_path(), "ab") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(other, fcntl.LOCK_UN)
        return False
"""


def _run(tmp_path: Path, code: str) -> str:
    result = run_python(SETUP + code, clean_env(tmp_path, DEBUG="true"))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_writer_holds_the_queue_until_its_block_ends(tmp_path):
    out = _run(
        tmp_path,
        """
print(lock_path())
with writing():
    print("inside", held_elsewhere())
print("after", held_elsewhere())
""",
    )
    lock = str(tmp_path / "mognad.sqlite3-writers")
    assert out.split() == [lock, "inside", "True", "after", "False"]


def test_the_queue_is_let_go_when_the_block_fails(tmp_path):
    out = _run(
        tmp_path,
        """
try:
    with writing():
        raise ValueError
except ValueError:
    pass
print(held_elsewhere())
""",
    )
    assert out.split() == ["False"]


def test_inside_a_transaction_it_does_not_queue(tmp_path):
    # The transaction may hold SQLite's lock already; waiting for the flock then would
    # take the two locks in the opposite order from every other writer.
    out = _run(
        tmp_path,
        """
with transaction.atomic():
    with writing():
        print(held_elsewhere())
""",
    )
    assert out.split() == ["False"]


def test_each_thread_queues_apart_from_the_others(tmp_path):
    out = _run(
        tmp_path,
        """
import threading
result = []
with writing():
    def other():
        with open(lock_path(), "ab"):
            pass
        # The other thread's own writing() must wait: it shares no file with this one.
        started = threading.Event()
        def wait():
            started.set()
            with writing():
                result.append("second")
        t = threading.Thread(target=wait)
        t.start()
        started.wait()
        t.join(0.3)
        result.append("waiting" if t.is_alive() else "not waiting")
        return t
    t = other()
    result.append("first done")
t.join(5)
print(" ".join(result))
""",
    )
    assert out.split() == ["waiting", "first", "done", "second"]


def test_a_killed_writer_holds_nobody_up(tmp_path):
    """The kernel lets a dead process's flock go, so no worker waits on one killed mid-write."""
    env = clean_env(tmp_path, DEBUG="true")
    code = (
        SETUP
        + "with writing():\n    print('holding', flush=True)\n    import time; time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        lock = tmp_path / "mognad.sqlite3-writers"
        with lock.open("ab") as other:
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            holder.send_signal(signal.SIGKILL)
            holder.wait(10)
            deadline = time.monotonic() + 5
            while True:
                try:
                    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    assert time.monotonic() < deadline, "the killed writer's lock stayed"
                    time.sleep(0.01)
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.django_db
def test_only_an_sqlite_file_has_a_queue():
    """PostgreSQL has row locks of its own; the suite's SQLite database is a file."""
    from django.db import connection

    from mognad.web.writers import lock_path

    sqlite = connection.vendor == "sqlite"
    assert lock_path() == (f"{connection.settings_dict['NAME']}-writers" if sqlite else None)


CHECKPOINTED = """
import sqlite3
from django.db import connection
from mognad.web import writers

def in_the_database_file(table):
    # immutable=1 reads the database file alone, without the WAL: only what a
    # checkpoint has copied back is there.
    path = connection.settings_dict["NAME"]
    reader = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return reader.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:
        return "absent"
    finally:
        reader.close()

def create_noted(columns):
    with writing():
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE noted ({columns})")
"""


def _run_checkpointed(tmp_path: Path, code: str) -> str:
    return _run(tmp_path, CHECKPOINTED + code)


def test_written_pages_reach_the_database_file_soon_after_the_write(tmp_path):
    out = _run_checkpointed(
        tmp_path,
        """
create_noted("n INTEGER")
with writing():
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO noted VALUES (%s)", [(n,) for n in range(50)])
print(in_the_database_file("noted"))
deadline = time.monotonic() + 10
while in_the_database_file("noted") != 50 and time.monotonic() < deadline:
    time.sleep(0.05)
print(in_the_database_file("noted"))
""",
    )
    # Straight after the write the rows are only in the WAL: the commit did not copy them.
    assert out.split() == ["absent", "50"]


def test_under_steady_writes_the_wal_starts_afresh(tmp_path):
    """Checkpoints beside writers that never pause leave frames uncopied, and SQLite reuses
    the WAL only once every frame is copied; past RESTART_FRAMES the checkpointer copies
    the rest in the writers' queue, so the WAL stays far below the 16,000 pages at which
    a commit would checkpoint it."""
    out = _run_checkpointed(
        tmp_path,
        """
import os
create_noted("padding TEXT")
wal = connection.settings_dict["NAME"] + "-wal"
largest = 0
for _ in range(10000):
    with writing():
        with connection.cursor() as cursor:
            # A row filling most of a page: a fresh page, so a new frame, every commit.
            cursor.execute("INSERT INTO noted VALUES (%s)", ["x" * 3000])
    largest = max(largest, os.path.getsize(wal))
    # A request's own work between its writes: a loop that took the queue straight back
    # would keep the checkpointer from it (a flock is not handed to the one waiting).
    time.sleep(0.0001)
page = connection.cursor().execute("PRAGMA page_size").fetchone()[0]
print(largest // (page + 24))
""",
    )
    assert int(out) < 4 * 2000
