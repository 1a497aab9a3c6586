"""A respondent's posted form is parsed exactly as Django's QueryDict parses it."""

import io
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from mognad.web.apps.respond.posted import FormData, RespondentRequest

# Keys and values of every kind: blanks, repeats, spaces, '&', '=', '%', '+' and beyond ASCII.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
PAIRS = st.lists(st.tuples(st.sampled_from(["a", "b", "_shown", "q:1"]) | TEXT, TEXT), max_size=30)


def _same(body: bytes) -> None:
    fast, django = FormData(body), QueryDict(body, encoding="utf-8")
    assert list(fast.lists()) == list(django.lists())
    assert fast.encoding == django.encoding == "utf-8"
    with pytest.raises(AttributeError, match="immutable"):
        fast["a"] = "changed"


@given(PAIRS)
def test_a_form_a_browser_sends_is_read_as_djangos_querydict_reads_it(pairs):
    _same(urlencode(pairs).encode())


@given(st.binary(max_size=200))
def test_any_body_at_all_is_read_as_djangos_querydict_reads_it(body):
    """Bytes that are not UTF-8, stray '%' and '&' included."""
    _same(body)


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3)
def test_too_many_fields_are_refused_as_django_refuses_them():
    body = b"a=1&b=2&c=3&d=4"
    with pytest.raises(TooManyFieldsSent):
        QueryDict(body, encoding="utf-8")
    with pytest.raises(TooManyFieldsSent):
        FormData(body)
    _same(b"a=1&b=2&c=3")


def _request(body: bytes, content_type: str) -> RespondentRequest:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/r/x/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    return RespondentRequest(environ)


def test_a_posted_form_comes_as_form_data():
    request = _request(b"lang=sv&action=next&action=back", "application/x-www-form-urlencoded")
    assert isinstance(request.POST, FormData)
    assert request.POST.getlist("action") == ["next", "back"]
    assert not request.FILES


def test_a_multipart_body_goes_through_djangos_own_parser():
    body = b'--b\r\nContent-Disposition: form-data; name="lang"\r\n\r\nsv\r\n--b--\r\n'
    request = _request(body, "multipart/form-data; boundary=b")
    assert not isinstance(request.POST, FormData)
    assert request.POST["lang"] == "sv"


def test_a_form_in_another_charset_is_refused_as_django_refuses_it():
    from django.core.exceptions import BadRequest

    request = _request(b"lang=sv", "application/x-www-form-urlencoded; charset=latin-1")
    with pytest.raises(BadRequest):
        request.POST  # noqa: B018 (the property parses)
