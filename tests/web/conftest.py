"""Helpers for tests that run Mognad in a process of its own, with its own environment."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# Long, random-looking and not Django's insecure prefix, so `check --deploy` accepts it.
PRODUCTION_SECRET = "mognad-test-3f9a1c7e5b2d8046a1e9c3b7d5f2a8046c1e9b3d7f5a2c8e"


def clean_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    """A minimal environment: none of the developer's own settings leak in."""
    env = {"PATH": os.environ["PATH"], "HOME": str(data_dir), "MOGNAD_DATA_DIR": str(data_dir)}
    env.update(overrides)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mognad.web", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_listening(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"granian exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"granian did not answer at {url}")


def start_granian(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """The WSGI server `make run` uses, on a free port; returns it and its base URL."""
    port = _free_port()
    granian = Path(sys.executable).parent / "granian"
    command = [str(granian), "--interface", "wsgi", "--workers", "1", "--blocking-threads", "1"]
    command += ["--no-ws", "--host", "127.0.0.1", "--port", str(port)]
    command += ["mognad.web.wsgi:application"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_listening(base + "/healthz", server)
    except RuntimeError:
        stop(server)
        raise
    return server, base


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture
def live_server_url(tmp_path: Path) -> Iterator[str]:
    """Mognad served by granian over its own SQLite file."""
    server, base = start_granian(clean_env(tmp_path, DEBUG="true"))
    yield base
    stop(server)


@pytest.fixture
def unreachable_db_server_url(tmp_path: Path) -> Iterator[str]:
    """Mognad served by granian with a PostgreSQL URL where nothing listens."""
    env = clean_env(tmp_path, DEBUG="true", DATABASE_URL="postgres://mognad@127.0.0.1:1/none")
    server, base = start_granian(env)
    yield base
    stop(server)
