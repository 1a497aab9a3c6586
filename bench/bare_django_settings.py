"""Mognad's settings with bench/bare_django.py's one more URL, for bench/submit.py only."""

from mognad.web.settings import *  # noqa: F403

ROOT_URLCONF = "bare_django"
