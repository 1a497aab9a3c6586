"""Unguessable tokens for links: only their hash is stored, so a database copy opens nothing."""

import base64
import hashlib
import hmac
import secrets

# 32 bytes: 256 bits, well above the 128 bits the links need.
TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def derived_token(purpose: str, salt: str) -> str:
    """A token that can be shown again later without being stored: HMAC of the secret key.

    Changing SECRET_KEY changes every derived token, so open links stop working then.
    """
    from django.conf import settings

    digest = hmac.new(
        settings.SECRET_KEY.encode("utf-8"), f"{purpose}:{salt}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
