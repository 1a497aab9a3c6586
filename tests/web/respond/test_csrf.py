"""The CSRF token of respondents' forms: masked afresh on every page, and checked as
Django checks it."""

import os
import re

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
    _mask_cipher_secret,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory, override_settings
from hypothesis import given
from hypothesis import settings as settings_for_tests
from hypothesis import strategies as st

from mognad.web.apps.respond.csrf import QuickCsrf, masked, unmasked

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _unmasked(token: str) -> str:
    """The secret behind a masked token (the mask, then the secret shifted by it)."""
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    chars = CSRF_ALLOWED_CHARS
    pairs = zip(cipher, mask, strict=True)
    return "".join(chars[chars.index(c) - chars.index(m)] for c, m in pairs)


def _form_token(response) -> str:
    found = TOKEN.search(response.content.decode())
    assert found is not None
    return found[1]


def _digits() -> bytes:
    return bytes(n % len(CSRF_ALLOWED_CHARS) for n in os.urandom(CSRF_SECRET_LENGTH))


def test_a_masked_token_hides_the_secret_and_gives_it_back():
    secret = "a" * CSRF_SECRET_LENGTH
    first, second = masked(secret, _digits()), masked(secret, _digits())
    assert first != second
    for token in (first, second):
        assert len(token) == 2 * CSRF_SECRET_LENGTH
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert secret not in token
        assert _unmasked(token) == secret


def test_a_mask_of_the_alphabets_last_characters_wraps_around():
    last = len(CSRF_ALLOWED_CHARS) - 1
    secret = CSRF_ALLOWED_CHARS[-1] * CSRF_SECRET_LENGTH
    token = masked(secret, bytes([last]) * CSRF_SECRET_LENGTH)
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    assert mask == secret
    assert cipher == CSRF_ALLOWED_CHARS[-2] * CSRF_SECRET_LENGTH
    assert _unmasked(token) == secret


def test_every_page_masks_the_cookies_secret_afresh(db, staff_link):
    browser = Client(enforce_csrf_checks=True)
    welcome = browser.get(staff_link)
    secret = browser.cookies["csrftoken"].value
    again = browser.get(staff_link)
    tokens = {_form_token(welcome), _form_token(again)}
    assert len(tokens) == 2
    assert {_unmasked(token) for token in tokens} == {secret}
    # The cookie lives a year: a page of a browser that has it does not send it again.
    assert "csrftoken" not in again.cookies


def test_the_token_of_a_page_is_accepted_and_a_tampered_one_refused(db, staff_link):
    browser = Client(enforce_csrf_checks=True)
    token = _form_token(browser.get(staff_link))
    tampered = token[:-1] + ("a" if token[-1] != "a" else "b")
    assert browser.post(staff_link, {"csrfmiddlewaretoken": tampered}).status_code == 403
    started = browser.post(staff_link, {"csrfmiddlewaretoken": token})
    assert started.status_code == 302
    page = browser.get(started["Location"])
    assert page.status_code == 200
    assert _unmasked(_form_token(page)) == browser.cookies["csrftoken"].value


# --- the check -------------------------------------------------------------------------

SECRETS = st.text(
    alphabet=CSRF_ALLOWED_CHARS, min_size=CSRF_SECRET_LENGTH, max_size=CSRF_SECRET_LENGTH
)
ODD = st.text(alphabet=CSRF_ALLOWED_CHARS + "-_ é", max_size=CSRF_TOKEN_LENGTH + 2)


@given(SECRETS)
def test_a_token_unmasks_as_django_unmasks_it(secret):
    token = _mask_cipher_secret(secret)
    assert unmasked(token) == _unmask_cipher_token(token) == secret


@st.composite
def _posts(draw) -> tuple[str | None, str | None, str | None]:
    """A cookie, a form's token and a header's token, each well formed or not, or none."""
    secret = draw(SECRETS)
    cookie = draw(st.sampled_from([secret, _mask_cipher_secret(secret), None, "odd"]))
    if cookie == "odd":
        cookie = draw(ODD)
    tokens = st.one_of(
        st.just(_mask_cipher_secret(secret)),
        st.just(secret),
        SECRETS.map(_mask_cipher_secret),
        ODD,
        st.none(),
    )
    return cookie, draw(tokens), draw(tokens)


def _verdict(kind: type, cookie: str | None, form: str | None, header: str | None) -> int:
    body = {} if form is None else {"csrfmiddlewaretoken": form}
    extra = {} if header is None else {"HTTP_X_CSRFTOKEN": header}
    request = RequestFactory().post("/r/x/", body, **extra)
    request._dont_enforce_csrf_checks = False
    if cookie is not None:
        request.COOKIES[settings.CSRF_COOKIE_NAME] = cookie
    middleware = kind(lambda request: HttpResponse())
    middleware.process_request(request)
    refused = middleware.process_view(request, lambda request: None, (), {})
    return 200 if refused is None else refused.status_code


@settings_for_tests(max_examples=300, deadline=None)
@given(_posts())
def test_the_quick_check_accepts_and_refuses_exactly_what_django_does(post):
    with override_settings(DEBUG=False):
        assert _verdict(QuickCsrf, *post) == _verdict(CsrfViewMiddleware, *post)


def test_a_token_in_the_header_is_still_accepted(db, staff_link):
    browser = Client(enforce_csrf_checks=True)
    _form_token(browser.get(staff_link))
    secret = browser.cookies["csrftoken"].value
    started = browser.post(staff_link, {"lang": "en"}, HTTP_X_CSRFTOKEN=secret)
    assert started.status_code == 302


def test_a_first_page_sets_a_new_random_secret_its_token_unmasks_to(db, staff_link):
    secrets_seen = set()
    for _ in range(3):
        browser = Client(enforce_csrf_checks=True)
        token = _form_token(browser.get(staff_link))
        secret = browser.cookies["csrftoken"].value
        assert len(secret) == CSRF_SECRET_LENGTH and set(secret) <= set(CSRF_ALLOWED_CHARS)
        assert _unmasked(token) == secret
        assert browser.post(staff_link, {"csrfmiddlewaretoken": token}).status_code == 302
        secrets_seen.add(secret)
    assert len(secrets_seen) == 3
