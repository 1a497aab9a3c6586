"""Writes of the accounts app."""

from django.contrib.auth.models import User
from django.db import transaction


def sign_up(email: str, password: str, name: str = "") -> User:
    """A new active account whose user name is its (lower-case) e-mail address."""
    email = email.strip().lower()
    with transaction.atomic():
        return User.objects.create_user(
            username=email, email=email, password=password, first_name=name.strip()
        )
