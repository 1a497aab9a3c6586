"""The CSRF token of respondents' forms, masked and checked as Django does, for less.

Django's `get_token()` draws its 32-character mask (and a new secret) one
`secrets.choice()` at a time and marks the CSRF cookie to be sent again with every
response, to renew its expiry: together about a sixth of a respondent's page
(bench/journey_cpu.py). Here the mask and a new secret come from one read of the
system's random source each, and a cookie the browser already sent is not sent back: it
lives a year (CSRF_COOKIE_AGE), far longer than a questionnaire. The token is the one
CsrfViewMiddleware checks: the mask, then the secret enciphered with it (each character
shifted by the mask's character, in CSRF_ALLOWED_CHARS).

Checking a posted token, Django unmasks it one character at a time, through two
generators: a thirtieth of a saved page. `QuickCsrf` unmasks the usual token (a form's,
with a well-formed cookie) with the same byte tables, and leaves every other case, and
every refusal, to Django's own code.
"""

import os
from typing import Any

from django.conf import settings
from django.http import HttpRequest, UnreadablePostError
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
)
from django.utils.crypto import constant_time_compare

_CHARS = CSRF_ALLOWED_CHARS.encode("ascii")
_BASE = len(_CHARS)
# Byte tables, so that masking runs in a few C calls rather than a loop per character:
# a character to its place in the alphabet, a sum of two places to its character.
_PLACE = bytes.maketrans(_CHARS, bytes(range(_BASE)))
_SUM_CHAR = bytes(_CHARS[n % _BASE] for n in range(2 * _BASE)).ljust(256, b"?")
# A random byte under 248 (4 × 62) is a uniform digit modulo 62; the others are dropped.
_UNEVEN = bytes(range(4 * _BASE, 256))
_DIGIT = bytes(n % _BASE for n in range(256))
# A character to the place that undoes it: the base less its place, so that a sum with
# the place of an enciphered character stays positive.
_UNDO = bytes.maketrans(_CHARS, bytes(_BASE - n for n in range(_BASE)))


def form_token(request: HttpRequest) -> str:
    """The masked CSRF token for a form on this response."""
    # CsrfViewMiddleware puts the secret of a well-formed cookie here, and only then.
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        # The browser sent none (every respondent's first page): a new secret, which the
        # middleware then sets as the cookie, as after get_token(), whose secret takes
        # one secrets.choice() a character.
        secret = _random_digits().translate(_SUM_CHAR).decode("ascii")
        request.META.update({"CSRF_COOKIE": secret, "CSRF_COOKIE_NEEDS_UPDATE": True})
    return masked(secret, _random_digits())


def masked(secret: str, digits: bytes) -> str:
    """`secret` masked with `digits` (CSRF_SECRET_LENGTH places in the alphabet)."""
    places = secret.encode("ascii").translate(_PLACE)
    shifted = _added(places, digits).translate(_SUM_CHAR)
    return (digits.translate(_SUM_CHAR) + shifted).decode("ascii")


def _added(first: bytes, second: bytes) -> bytes:
    """The sums of two strings of places, byte by byte. Each sum is under 256, so no byte
    carries into the next: one addition of the two as integers adds them all."""
    big = int.from_bytes(first) + int.from_bytes(second)
    return big.to_bytes(len(first))


def _random_digits() -> bytes:
    digits = b""
    while len(digits) < CSRF_SECRET_LENGTH:  # once, but for a chance of about 1 in 10^9
        digits += os.urandom(2 * CSRF_SECRET_LENGTH).translate(None, _UNEVEN)
    return digits[:CSRF_SECRET_LENGTH].translate(_DIGIT)


def unmasked(token: str) -> str:
    """The secret behind a masked token of CSRF_TOKEN_LENGTH characters of the alphabet."""
    raw = token.encode("ascii")
    undo = raw[:CSRF_SECRET_LENGTH].translate(_UNDO)
    places = raw[CSRF_SECRET_LENGTH:].translate(_PLACE)
    return _added(places, undo).translate(_SUM_CHAR).decode("ascii")


def _well_formed(value: str, length: int) -> bool:
    # CSRF_ALLOWED_CHARS are exactly the ASCII letters and digits.
    return len(value) == length and value.isascii() and value.isalnum()


class QuickCsrf(CsrfViewMiddleware):
    """Django's CSRF middleware, with the usual cookie and token read without its
    character-by-character loops; anything else goes through Django's code."""

    def _get_secret(self, request: HttpRequest) -> Any:
        secret = _plain_cookie(request)
        if secret is not None:
            return secret
        return super()._get_secret(request)  # type: ignore[misc]  # private in the stubs

    def _check_token(self, request: HttpRequest) -> None:
        if not self._form_token_matches(request):
            # Accepts the header's token, or refuses (private in the stubs).
            super()._check_token(request)  # type: ignore[misc]

    def _form_token_matches(self, request: HttpRequest) -> bool:
        """Whether the posted form's masked token is the cookie's secret, as Django would
        find when both are well formed; False for anything else."""
        secret = _plain_cookie(request)
        if secret is None or request.method != "POST":
            return False
        try:
            token = request.POST.get("csrfmiddlewaretoken", "")
        except UnreadablePostError:
            return False
        if not _well_formed(token, CSRF_TOKEN_LENGTH):
            return False
        return constant_time_compare(unmasked(token), secret)


def _plain_cookie(request: HttpRequest) -> str | None:
    """The CSRF cookie's secret when it is a well-formed unmasked one, as Django's own
    check would take it; None for anything else (sessions, no cookie, odd forms)."""
    if settings.CSRF_USE_SESSIONS:
        return None
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if secret is None or not _well_formed(secret, CSRF_SECRET_LENGTH):
        return None
    return secret
