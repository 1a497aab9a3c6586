"""Respondents' requests through only the middleware that serves them.

A respondent has no account and no session, so sessions, authentication, messages,
the static files and the site's locale choice do nothing for their pages, yet they were
an eighth of each page's time (bench/journey_cpu.py). This middleware, first in the
stack, sends the respond app's URLs down a shorter lane instead. What protects a page
stays, done by the site's own middleware classes in the same order: the HTTPS redirect
and security headers, the Content-Security-Policy, the CSRF check and the framing ban
(see `Lane` for how it calls them). Every other URL goes on through the whole stack.

Served by the WSGI server, a respondent's request skips Django's request handler too
(`RespondentEntry`, called by mognad/web/wsgi.py): its request signals alone were a
tenth of a page shown (bench/instructions.py). What their receivers do for a respondent
is done directly: an unusable or expired database connection is closed before the
request (close_old_connections, as on request_started). The caches need no closing
(locmem and Redis, the only ones settings allow, close nothing), and the lane sets no
URLconf to reset.
"""

import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response, response_for_exception
from django.core.handlers.wsgi import WSGIRequest, get_path_info, get_script_name
from django.core.signals import setting_changed
from django.db import close_old_connections, reset_queries
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import URLPattern, set_script_prefix
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.csp import CSP
from django.utils.log import log_response
from django_htmx.middleware import HtmxDetails

from mognad.web.apps.respond import urls
from mognad.web.apps.respond.csrf import QuickCsrf
from mognad.web.apps.respond.navigation import stay_unless_moved
from mognad.web.apps.respond.posted import RespondentRequest

# What convert_exception_to_response gives back is typed loosely; these are all WSGI.
Handler = Callable[[HttpRequest], Any]
Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Any]
View = Callable[..., HttpResponse]
Headers = dict[str, tuple[str, str]]

# What the lane does, in settings.MIDDLEWARE's order; tests/web/respond/test_lane.py
# checks that each is there.
LANE = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
)
# Every respondent URL starts so; the rest of the site never does.
PREFIXES = ("/r/", "/i/")
# What the lane's middleware would call next: the lane calls their hooks itself.
_UNUSED = HttpResponse


class Lane:
    """What protects a respondent's page, around the respond views.

    These are LANE's middleware, called by their hooks rather than one wrapped inside
    the next, with the same effects in the same order: a tenth of a page went on the
    layers and on headers worked out afresh for every response. The CSRF check is
    Django's (csrf.QuickCsrf). The security headers, the Content-Security-Policy and the
    framing ban are the same on every respondent's page, so the lane asks the site's own
    middleware for them once (`Protections`) and copies them onto each response.
    """

    def __init__(self) -> None:
        self.security = SecurityMiddleware(_UNUSED)
        self.csrf = QuickCsrf(_UNUSED)
        self.protections = Protections()
        self.checked: Handler = convert_exception_to_response(self._checked)

    def serve(self, request: HttpRequest) -> HttpResponse:
        """The answer to a respondent's request whose view `request.respond_view` names."""
        # Every respondent page chooses its language itself; this only makes sure that
        # no other request's choice lingers in the thread.
        translation.activate(settings.LANGUAGE_CODE)
        # The HTTPS redirect, when settings ask for it.
        moved = self.security.process_request(request)
        response: HttpResponse = moved or self.checked(request)
        self.protections.add(request, response)
        # Here rather than in the views, so that the CSRF failure page and error pages
        # that htmx swaps in keep the address too.
        stay_unless_moved(request, response)
        return response

    def _checked(self, request: HttpRequest) -> HttpResponse:
        """The view's answer, or the CSRF failure, as CsrfViewMiddleware and
        HtmxMiddleware around the view would give it."""
        request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
        self.csrf.process_request(request)
        view, kwargs = request.respond_view  # type: ignore[attr-defined]
        refused = self.csrf.process_view(request, view, (), kwargs)
        response = refused or _answer(request, view, kwargs)
        # The CSRF cookie, set on the response the middleware was handed.
        self.csrf.process_response(request, response)
        return response


def _answer(request: HttpRequest, view: View, kwargs: dict[str, Any]) -> HttpResponse:
    """The view's response; a failure's error page, as the handler would make it (so
    the middleware still gets to add what it adds to any response)."""
    try:
        return view(request, **kwargs)
    except Exception as exc:
        return response_for_exception(request, exc)


class RespondentLane(Lane):
    """The middleware, first in MIDDLEWARE, that sends respondents' URLs down the lane."""

    def __init__(self, get_response: Handler) -> None:
        super().__init__()
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        found = _match(request.path_info)
        if found is None:
            return self.get_response(request)
        request.respond_view = found  # type: ignore[attr-defined]
        return self.serve(request)


class RespondentEntry:
    """A WSGI application for respondents' URLs that serves them through the lane without
    Django's request handler; any other URL, or a respondent's URL that matches no page
    (a link without its slash), goes to `whole`, Django's own application."""

    def __init__(self, whole: Wsgi) -> None:
        self.whole = whole
        self.serve: Handler = convert_exception_to_response(Lane().serve)
        self.debug = settings.DEBUG

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        found = _match(get_path_info(environ))
        if found is None:
            return self.whole(environ, start_response)
        # As WSGIHandler and the receivers of request_started would. The script prefix
        # is the same for every request a server sends; the default costs nothing to keep.
        prefix = get_script_name(environ)
        if prefix.strip("/"):
            set_script_prefix(prefix)
        if self.debug:
            reset_queries()
        close_old_connections()
        request = RespondentRequest(environ)
        request.respond_view = found  # type: ignore[attr-defined]
        try:
            response = self.serve(request)
            if response.status_code >= 400:
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
            # The headers as ResponseHeaders keeps them, (name, value) by lowercased name:
            # its items() walks them through the Mapping protocol, three calls a header.
            cookies = response.cookies.values()
            stored = response.headers._store.values()
            headers = [*stored, *(("Set-Cookie", c.OutputString()) for c in cookies)]
            start_response(f"{response.status_code} {response.reason_phrase}", headers)
            if not isinstance(response, HttpResponse):
                return response  # streamed, and closed by the server when sent
            return [response.content]
        finally:
            request.close()


def _match(path: str) -> tuple[View, dict[str, Any]] | None:
    """The respond view for `path` and its arguments, by the respond app's own patterns;
    None at once for the rest of the site, whose URLs never start with PREFIXES."""
    if not path.startswith(PREFIXES):
        return None
    relative = path[1:]
    for pattern in urls.urlpatterns:
        match = pattern.pattern.match(relative)
        if match is not None and isinstance(pattern, URLPattern):
            return pattern.callback, dict(match[2])
    return None


class Protections:
    """The headers every respondent's page gets: those SecurityMiddleware, the
    Content-Security-Policy middleware and XFrameOptionsMiddleware add, and the lane's
    own Vary and Cache-Control, worked out once.

    They depend only on settings and on whether the request came over HTTPS (HSTS), so
    they are made by the very same code on an empty response, kept until a setting
    changes, and copied onto each page that has not set them itself, as that code
    would. A response that opts out of any of them (a page's own policy, a framing
    exemption), or a policy with a nonce, goes through the middleware instead, and a
    page's own Vary or Cache-Control is added to rather than kept.
    """

    def __init__(self) -> None:
        self.found: dict[bool, Headers | None] = {}
        # Weakly, so that a lane no longer used (a test client's) does not linger.
        setting_changed.connect(self._forget)

    def add(self, request: HttpRequest, response: HttpResponse) -> None:
        secure = request.is_secure()
        if secure not in self.found:
            self.found[secure] = _made(secure)
        headers = self.found[secure]
        if headers is None or any(hasattr(response, mark) for mark in OPTED_OUT):
            _through_middleware(request, response)
            _lanes_own(response)
            return
        # ResponseHeaders' own dict, by lowercased name, for these already-checked
        # values: through its item assignment, each would be checked again, twice.
        store: dict[str, tuple[str, str]] = response.headers._store
        had_vary, had_cache_control = "vary" in store, "cache-control" in store
        for key, item in headers.items():
            store.setdefault(key, item)
        if had_vary:
            patch_vary_headers(response, VARY)
        if had_cache_control:
            patch_cache_control(response, **NO_STORE)

    def _forget(self, **kwargs: Any) -> None:
        self.found = {}


# The page's language follows the browser's Accept-Language, as LocaleMiddleware would
# say. Respondents' pages hold their answers: no cache, the browser's included, keeps a
# copy for the next person at a shared computer; Back asks the server again, which has
# every answer saved.
VARY = ("Accept-Language",)
NO_STORE = {"private": True, "no_store": True}
# Attributes by which a response asks the middleware for something else.
OPTED_OUT = ("_csp_config", "_csp_ro_config", "xframe_options_exempt")


def _through_middleware(request: HttpRequest, response: HttpResponse) -> None:
    """The three middleware's own work on `response`, innermost first."""
    for kind in (XFrameOptionsMiddleware, ContentSecurityPolicyMiddleware, SecurityMiddleware):
        kind(_UNUSED).process_response(request, response)


def _lanes_own(response: HttpResponse) -> None:
    patch_vary_headers(response, VARY)
    patch_cache_control(response, **NO_STORE)


def _made(secure: bool) -> Headers | None:
    """What the middleware and the lane add to an empty page over HTTPS or not, by
    lowercased name, as ResponseHeaders keeps them; None when they may differ from page
    to page: a policy with a nonce (each page may use it or not), a report-only policy,
    or HTTPS told by a proxy's header."""
    if settings.SECURE_CSP_REPORT_ONLY or _has_nonce(settings.SECURE_CSP):
        return None
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/r/", "SERVER_NAME": "lane"}
    environ["wsgi.url_scheme"] = "https" if secure else "http"
    environ["SERVER_PORT"] = "443" if secure else "80"
    request = WSGIRequest({**environ, "wsgi.input": io.BytesIO()})
    if request.is_secure() != secure:
        return None  # a proxy's header decides (SECURE_PROXY_SSL_HEADER): ask each time
    empty = HttpResponse()
    before = set(empty.headers)
    _through_middleware(request, empty)
    _lanes_own(empty)
    # Plain str, as WSGI servers want; the CSP header's name comes as an enum member.
    added = [(str(k), str(v)) for k, v in empty.items() if k not in before]
    return {name.lower(): (name, value) for name, value in added}


def _has_nonce(config: dict[str, Any]) -> bool:
    return any(
        isinstance(values, list | tuple | set) and CSP.NONCE in values for values in config.values()
    )
