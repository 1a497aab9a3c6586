"""Calling mognad.web.wsgi.application as the WSGI server calls it."""

import io
from typing import Any


def wsgi_environ(path: str, body: bytes | None = None, **extra: str) -> dict[str, Any]:
    """The environ of a GET of `path`, or of a form's POST when there is a `body`."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET" if body is None else "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body or b""),
        "wsgi.errors": io.StringIO(),
        **extra,
    }
    if body is not None:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ
