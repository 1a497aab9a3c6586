"""The CSRF token of respondents' forms, masked as Django masks it, for a fraction of the cost.

Django's `get_token()` draws its 32-character mask one `secrets.choice()` at a time
and marks the CSRF cookie to be sent again with every response, to renew its expiry:
together about a sixth of a respondent's page (bench/journey_cpu.py). Here the mask
comes from one read of the system's random source, and a cookie the browser already
sent is not sent back: it lives a year (CSRF_COOKIE_AGE), far longer than a
questionnaire. The token is the one CsrfViewMiddleware checks: the mask, then the
secret enciphered with it (each character shifted by the mask's character, in
CSRF_ALLOWED_CHARS).
"""

import os

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_CHARS = CSRF_ALLOWED_CHARS.encode("ascii")
_BASE = len(_CHARS)
# Byte tables, so that masking runs in a few C calls rather than a loop per character:
# a character to its place in the alphabet, a sum of two places to its character.
_PLACE = bytes.maketrans(_CHARS, bytes(range(_BASE)))
_SUM_CHAR = bytes(_CHARS[n % _BASE] for n in range(2 * _BASE)).ljust(256, b"?")
# A random byte under 248 (4 × 62) is a uniform digit modulo 62; the others are dropped.
_UNEVEN = bytes(range(4 * _BASE, 256))
_DIGIT = bytes(n % _BASE for n in range(256))


def form_token(request: HttpRequest) -> str:
    """The masked CSRF token for a form on this response."""
    # CsrfViewMiddleware puts the secret of a well-formed cookie here, and only then.
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        # The browser sent none: Django makes the secret and sets the cookie.
        return get_token(request)
    return masked(secret, _random_digits())


def masked(secret: str, digits: bytes) -> str:
    """`secret` masked with `digits` (CSRF_SECRET_LENGTH places in the alphabet)."""
    places = secret.encode("ascii").translate(_PLACE)
    shifted = bytes(map(int.__add__, places, digits)).translate(_SUM_CHAR)
    return (digits.translate(_SUM_CHAR) + shifted).decode("ascii")


def _random_digits() -> bytes:
    digits = b""
    while len(digits) < CSRF_SECRET_LENGTH:  # once, but for a chance of about 1 in 10^9
        digits += os.urandom(2 * CSRF_SECRET_LENGTH).translate(None, _UNEVEN)
    return digits[:CSRF_SECRET_LENGTH].translate(_DIGIT)
