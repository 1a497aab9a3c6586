"""The WSGI entry point: `granian --interface wsgi mognad.web.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mognad.web.settings")

application = get_wsgi_application()
