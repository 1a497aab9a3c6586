"""The WSGI entry point hands granian a whole body as a list, and streams as Django does."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.signals import request_finished

from mognad.web.wsgi import application
from tests.web.wsgi_calls import wsgi_environ


def _call(path: str) -> tuple[list[str], Any]:
    started: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started.append(status)

    return started, application(wsgi_environ(path), start_response)


@pytest.fixture
def finished() -> Iterator[list[object]]:
    """The requests Django was told had finished (request_finished), while the test runs."""
    seen: list[object] = []

    def note(sender: object, **kwargs: object) -> None:
        seen.append(sender)

    request_finished.connect(note)
    yield seen
    request_finished.disconnect(note)


# Outside a test's transaction: the server's request signals close old connections.
@pytest.mark.django_db(transaction=True)
def test_a_whole_body_comes_as_one_list_and_the_request_is_finished(finished):
    started, body = _call("/no-such-page/")
    # Django learns the request is over before the server sends the body.
    assert len(finished) == 1
    assert started == ["404 Not Found"]
    assert isinstance(body, list)
    assert len(body) == 1
    assert b"<html" in body[0]


@pytest.mark.django_db(transaction=True)
def test_a_streamed_body_is_handed_on_to_be_streamed(finished):
    started, body = _call("/static/respond/respond.js")
    assert not isinstance(body, list)
    assert finished == []  # the server closes it once the last chunk is sent
    content = b"".join(body)
    body.close()
    assert len(finished) == 1
    assert started == ["200 OK"]
    assert b"htmx" in content


def test_a_worker_loads_every_view_and_freezes_it_so_full_collections_skip_it(tmp_path):
    from tests.web.conftest import clean_env, run_python

    code = (
        "import gc, sys\n"
        "import mognad.web.wsgi\n"
        "print(gc.get_freeze_count(), *(f'mognad.web.apps.{app}.views' in sys.modules\n"
        "      for app in ('respond', 'results', 'reports')))\n"
    )
    result = run_python(code, clean_env(tmp_path, DEBUG="true"))
    assert result.returncode == 0, result.stderr
    frozen, *views_loaded = result.stdout.split()
    assert int(frozen) > 50_000
    assert views_loaded == ["True", "True", "True"]
