"""The WSGI server's respondents' requests skip Django's handler and answer as through it."""

import logging
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client, override_settings

from mognad.web import wsgi
from mognad.web.apps.respond import views
from mognad.web.apps.respond.lane import RespondentEntry
from tests.web.wsgi_calls import wsgi_environ

# Outside a test's transaction, as on a server: before each request the entry closes a
# connection that is not in autocommit, which a test's transaction would be.
pytestmark = pytest.mark.django_db(transaction=True)

# The same headers whichever way a page is served.
SAME = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Vary",
    "Cache-Control",
)


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = int(status.split()[0])
        self.headers = {name.lower(): value for name, value in headers if name != "Set-Cookie"}
        self.cookies = [value for name, value in headers if name == "Set-Cookie"]
        self.body = body

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]


def call(path: str, form: dict[str, str] | None = None, cookie: str = "") -> Answer:
    """`path` through mognad.web.wsgi.application, as the WSGI server calls it."""
    body = None if form is None else urlencode(form).encode()
    environ = wsgi_environ(path, body, HTTP_ACCEPT_LANGUAGE="sv", HTTP_COOKIE=cookie)
    started: list[Any] = []
    chunks = wsgi.application(
        environ, lambda status, headers, *_: started.extend([status, headers])
    )
    return Answer(started[0], started[1], b"".join(chunks))


def csrf_cookie(answer: Answer) -> str:
    return next(c.split(";")[0] for c in answer.cookies if c.startswith("csrftoken="))


def test_the_server_calls_the_respondents_own_entry():
    assert isinstance(wsgi.application, RespondentEntry)


def test_a_welcome_page_answers_as_through_djangos_handler(staff_link):
    served = call(staff_link)
    handled = Client().get(staff_link, HTTP_ACCEPT_LANGUAGE="sv")
    assert served.status == handled.status_code == 200
    for header in SAME:
        assert served[header] == handled[header], header
    assert served["Content-Language"] == "sv"
    assert 'name="csrfmiddlewaretoken"' in served.body.decode()
    assert [c.split("=")[0] for c in served.cookies] == ["csrftoken"]


def test_start_through_the_entry_checks_csrf_then_moves_to_the_first_page(staff_link):
    cookie = csrf_cookie(call(staff_link))
    assert call(staff_link, {"lang": "sv"}, cookie).status == 403
    token = cookie.split("=", 1)[1]
    started = call(staff_link, {"lang": "sv", "csrfmiddlewaretoken": token}, cookie)
    assert started.status == 302
    assert started["Location"] == f"{staff_link}p/1/"
    resume = next(c.split(";")[0] for c in started.cookies if c.startswith("mognad_resume="))
    page = call(started["Location"], cookie=f"{cookie}; {resume}")
    assert page.status == 200
    assert page["Cache-Control"] == "private, no-store"


def test_a_respondents_url_that_names_no_page_goes_through_djangos_handler(staff_link):
    answer = call(staff_link.rstrip("/"))
    assert answer.status == 301
    assert answer["Location"] == staff_link


def test_an_unknown_link_is_logged_as_djangos_handler_logs_it(caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        answer = call("/r/no-such-link/")
    assert answer.status == 404
    assert "Not Found: /r/no-such-link/" in caplog.text


def test_a_failing_view_is_the_sites_error_page_and_is_logged(staff_link, monkeypatch, caplog):
    def broken(*args: object) -> None:
        raise RuntimeError("the view broke")

    monkeypatch.setattr(views, "_entry", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        answer = call(staff_link)
    assert answer.status == 500
    assert "the view broke" in caplog.text


def test_a_connection_left_unusable_is_replaced_before_a_respondents_request(staff_link):
    connection.ensure_connection()
    connection.set_autocommit(False)  # as code that forgot to restore it leaves it
    assert call(staff_link).status == 200
    assert connection.get_autocommit()


@override_settings(MIDDLEWARE=[m for m in wsgi.settings.MIDDLEWARE if m != wsgi.LANE])
def test_without_the_lane_in_middleware_every_url_takes_djangos_handler():
    assert wsgi._application() is wsgi._whole
