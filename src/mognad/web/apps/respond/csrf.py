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

_BASE = len(CSRF_ALLOWED_CHARS)
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Enough random bits that the base-62 digits taken from them are as good as uniform.
_RANDOM_BYTES = 32


def form_token(request: HttpRequest) -> str:
    """The masked CSRF token for a form on this response."""
    # CsrfViewMiddleware puts the secret of a well-formed cookie here, and only then.
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        # The browser sent none: Django makes the secret and sets the cookie.
        return get_token(request)
    return masked(secret, os.urandom(_RANDOM_BYTES))


def masked(secret: str, randomness: bytes) -> str:
    """`secret` masked with a mask drawn from `randomness`."""
    number = int.from_bytes(randomness)
    mask = []
    for _ in range(CSRF_SECRET_LENGTH):
        number, digit = divmod(number, _BASE)
        mask.append(digit)
    chars = CSRF_ALLOWED_CHARS
    cipher = (chars[(_INDEX[s] + m) % _BASE] for s, m in zip(secret, mask, strict=True))
    return "".join(chars[m] for m in mask) + "".join(cipher)
