"""Settings come from the environment and fail loudly, naming the variable, on bad values."""

import pytest

from mognad.web.env import env_database
from tests.web.conftest import PRODUCTION_SECRET, clean_env, manage, run_python

IMPORT_SETTINGS = "import mognad.web.settings"


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://localhost/mognad"}, "DATABASE_URL"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://localhost"}, "DATABASE_URL"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://h:port/db"}, "DATABASE_URL"),
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "true", "EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"DEBUG": "true", "EMAIL_BACKEND": "pigeon"}, "EMAIL_BACKEND"),
        ({"DEBUG": "true", "SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS"),
        ({"DEBUG": "true", "LOG_LEVEL": "chatty"}, "LOG_LEVEL"),
        ({"DEBUG": "true", "CACHE_URL": "memcached://127.0.0.1:11211"}, "CACHE_URL"),
        ({"DEBUG": "true", "CACHE_URL": "redis:///0"}, "CACHE_URL"),
    ],
)
def test_it_refuses_to_start_with_a_bad_value(tmp_path, variables, named):
    """A bad or missing value stops start-up with a message naming the variable."""
    result = run_python(IMPORT_SETTINGS, clean_env(tmp_path, **variables))
    assert result.returncode != 0
    assert f"environment variable {named}:" in result.stderr


def test_it_starts_in_production_with_a_secret_key(tmp_path):
    """DEBUG off with a secret key and hosts is a complete configuration."""
    env = clean_env(tmp_path, DEBUG="false", SECRET_KEY=PRODUCTION_SECRET, ALLOWED_HOSTS="a.b")
    result = run_python(IMPORT_SETTINGS, env)
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    """`check --deploy` finds nothing to warn about when DEBUG is off."""
    env = clean_env(
        tmp_path, DEBUG="false", SECRET_KEY=PRODUCTION_SECRET, ALLOWED_HOSTS="mognad.example.org"
    )
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_https_only_cookies_and_hsts(tmp_path):
    """Without DEBUG, cookies are secure, HTTP redirects to HTTPS and HSTS lasts a year."""
    code = (
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = clean_env(
        tmp_path,
        DEBUG="false",
        SECRET_KEY=PRODUCTION_SECRET,
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_SETTINGS_MODULE="mognad.web.settings",
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    expected = "True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https')"
    assert result.stdout.strip() == expected


def test_sqlite_runs_in_wal_mode_with_normal_sync_and_a_busy_timeout(tmp_path):
    """Every SQLite connection gets the PRAGMAs that let readers and one writer share it,
    and checkpoints by itself only past 16,000 pages (writers.Checkpointer does it sooner)."""
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    for p in ('journal_mode', 'synchronous', 'busy_timeout', 'wal_autocheckpoint'):\n"
        "        print(c.execute(f'PRAGMA {p}').fetchone()[0])\n"
        "print(connection.transaction_mode)\n"
    )
    env = clean_env(
        tmp_path,
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path}/tuned.sqlite3",
        DJANGO_SETTINGS_MODULE="mognad.web.settings",
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", "5000", "16000", "IMMEDIATE"]
    assert (tmp_path / "tuned.sqlite3").exists()


def test_a_postgres_url_becomes_a_postgresql_database(monkeypatch, tmp_path):
    """User, password, host, port, name and query options are taken from the URL."""
    monkeypatch.setenv(
        "DATABASE_URL", "postgresql://ann:p%40ss@db.local:6543/mognad?sslmode=require"
    )
    database = env_database("DATABASE_URL", tmp_path / "unused.sqlite3")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    fields = [database[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")]
    assert fields == ["mognad", "ann", "p@ss", "db.local", "6543"]
    assert database["OPTIONS"] == {"sslmode": "require"}


def test_an_sqlite_url_with_four_slashes_is_an_absolute_path(monkeypatch, tmp_path):
    """sqlite:////abs/path is absolute and sqlite:///rel/path is relative."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/a.sqlite3")
    assert env_database("DATABASE_URL", tmp_path)["NAME"] == f"{tmp_path}/a.sqlite3"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/b.sqlite3")
    assert env_database("DATABASE_URL", tmp_path)["NAME"] == "var/b.sqlite3"


def test_the_cache_is_each_processs_memory_unless_a_redis_url_is_given(monkeypatch):
    from mognad.web.env import env_cache

    monkeypatch.delenv("CACHE_URL", raising=False)
    assert env_cache("CACHE_URL")["BACKEND"].endswith("LocMemCache")
    monkeypatch.setenv("CACHE_URL", "redis://cache.local:6380/2")
    redis = env_cache("CACHE_URL")
    assert redis["BACKEND"].endswith("RedisCache")
    assert redis["LOCATION"] == "redis://cache.local:6380/2"
