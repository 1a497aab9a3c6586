"""The WSGI entry point: `granian --interface wsgi mognad.web.wsgi:application`."""

import gc
import os
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mognad.web.settings")

StartResponse = Callable[..., Any]
LANE = "mognad.web.apps.respond.lane.RespondentLane"
_django = get_wsgi_application()


def _whole(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """Django's WSGI application, answering with a list when the body is not streamed.

    Django hands the server the response itself to iterate. granian sends a list in one
    go, but walks any other iterable chunk by chunk through a slower path: about a tenth
    of a submission's time in the server (py-spy under bench/submit.py). The response is
    closed here, as the server would close it after the last chunk, which tells Django
    the request has finished. Streamed responses and files (not an HttpResponse) are
    handed on as they are.
    """
    response = _django(environ, start_response)
    if not isinstance(response, HttpResponse):
        return response
    try:
        return [response.content]
    finally:
        response.close()


def _application() -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Respondents' pages go through their lane without Django's request handler
    (respond/lane.py), unless a deployment took the lane out of MIDDLEWARE."""
    if LANE not in settings.MIDDLEWARE:
        return _whole
    from mognad.web.apps.respond.lane import RespondentEntry

    return RespondentEntry(_whole)


application = _application()
# Every view loads with the URLconf, here rather than in the first request that needs
# it: some bring heavy libraries (the reports' PDF), which took a worker 0.7 s.
import_module(settings.ROOT_URLCONF)
# Everything loaded so far lives as long as the worker. Frozen, it is left out of the
# collector's full passes, which walked all of it: up to 85 ms a pass, a request held up
# meanwhile (timed with gc.callbacks in the workers under bench/submit.py).
gc.freeze()
