"""Rate-limit counters live in the cache CACHE_URL names (mognad.web.counters).

These run against the machine's real Redis on 127.0.0.1:6379.
"""

import secrets

from tests.web.conftest import clean_env, run_python

SETUP = (
    "import django; django.setup()\n"
    "from mognad.web.apps.accounts import throttle\n"
    "from mognad.web.apps.respond import throttle as links\n"
)


def _run(tmp_path, code: str, cache_url: str) -> str:
    env = clean_env(
        tmp_path, DEBUG="true", CACHE_URL=cache_url, DJANGO_SETTINGS_MODULE="mognad.web.settings"
    )
    result = run_python(SETUP + code, env)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def test_with_redis_every_process_counts_into_the_same_login_limit(tmp_path):
    email = f"guess-{secrets.token_hex(8)}@example.org"
    redis = "redis://127.0.0.1:6379/0"
    # Two server processes each see some of a guesser's failures.
    _run(tmp_path, f"for _ in range(3): throttle.record_failure({email!r})\n", redis)
    _run(tmp_path, f"for _ in range(2): throttle.record_failure({email!r})\n", redis)
    third = _run(tmp_path, f"print(throttle.is_locked({email!r}))\n", redis)
    _run(tmp_path, f"throttle.clear_failures({email!r})\n", redis)
    assert third.split()[0] == "True"


def test_with_the_default_cache_each_process_counts_alone(tmp_path):
    email = f"guess-{secrets.token_hex(8)}@example.org"
    _run(tmp_path, f"for _ in range(5): throttle.record_failure({email!r})\n", "locmem://")
    other = _run(tmp_path, f"print(throttle.is_locked({email!r}))\n", "locmem://")
    assert other.split()[0] == "False"


def test_a_redis_that_does_not_answer_lets_requests_through_and_says_so(tmp_path):
    nobody = "redis://127.0.0.1:1/0"
    code = (
        "throttle.record_failure('a@example.org')\n"
        "print(throttle.is_locked('a@example.org'), links.allow('link', 'x'))\n"
    )
    out = _run(tmp_path, code, nobody)
    assert out.split()[:2] == ["False", "True"]
    assert "the rate limit is not applied" in out
