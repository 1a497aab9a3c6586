"""Django is configured here, before pytest-django looks, so settings read a developer's
environment: DEBUG on (no HTTPS redirect, a development secret key). Tests that need
production settings start a subprocess with an environment of their own."""

import os

import django

os.environ["DEBUG"] = "true"
os.environ["DJANGO_SETTINGS_MODULE"] = "mognad.web.settings"
django.setup()
