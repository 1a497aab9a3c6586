"""The second reference for bench/submit.py: a bare Django endpoint inserting one row.

bench/bare_app.py leaves Django out and measures what granian and SQLite can do; this
one is what any endpoint of Mognad's costs before it does any work of its own. It is
Mognad's own settings, middleware and database (the same file, PRAGMAs and transaction
mode), with one more URL: a POST to /bench/insert/, checked for CSRF as every form is,
stores its body in one row, waiting its turn to write as Mognad's writes do
(mognad/web/writers.py). It never ships: only the benchmark names its settings
(bench/bare_django_settings.py).

    DJANGO_SETTINGS_MODULE=bare_django_settings granian --interface wsgi --working-dir bench \
        mognad.web.wsgi:application
"""

import uuid

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from mognad.web.urls import urlpatterns as mognad_urls
from mognad.web.writers import writing

SCHEMA = "CREATE TABLE IF NOT EXISTS bench_answer (client_id TEXT PRIMARY KEY, body TEXT NOT NULL)"
_created = False


@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    global _created
    with connection.cursor() as cursor:
        if not _created:
            cursor.execute(SCHEMA)
            _created = True
        with writing(), transaction.atomic():
            cursor.execute(
                "INSERT INTO bench_answer VALUES (%s, %s)",
                [str(uuid.uuid4()), request.body.decode("utf-8")],
            )
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [*mognad_urls, path("bench/insert/", insert)]
