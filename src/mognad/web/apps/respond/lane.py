"""Respondents' requests through only the middleware that serves them.

A respondent has no account and no session, so sessions, authentication, messages,
the static files and the site's locale choice do nothing for their pages, yet they were
an eighth of each page's time (bench/journey_cpu.py). This middleware, first in the
stack, sends the respond app's URLs down a shorter stack instead. What protects a page
stays, as the very same middleware classes in the same order: the HTTPS redirect and
security headers, the Content-Security-Policy, the CSRF check and the framing ban.
Every other URL goes on through the whole stack.

Served by the WSGI server, a respondent's request skips Django's request handler too
(`RespondentEntry`, called by mognad/web/wsgi.py): its request signals alone were a
tenth of a page shown (bench/instructions.py). What their receivers do for a respondent
is done directly: an unusable or expired database connection is closed before the
request (close_old_connections, as on request_started). The caches need no closing
(locmem and Redis, the only ones settings allow, close nothing), and the lane sets no
URLconf to reset.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.db import close_old_connections, reset_queries
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.urls import URLPattern, set_script_prefix
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.csp import CSP, build_policy
from django.utils.log import log_response
from django.utils.module_loading import import_string

from mognad.web.apps.respond import urls
from mognad.web.apps.respond.navigation import stay_unless_moved
from mognad.web.apps.respond.posted import RespondentRequest

# What convert_exception_to_response gives back is typed loosely; these are all WSGI.
Handler = Callable[[HttpRequest], Any]
Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Any]
View = Callable[..., HttpResponse]
ViewHook = Callable[[HttpRequest, Callable[..., Any], tuple[Any, ...], dict[str, Any]], Any]

# In settings.MIDDLEWARE's order; tests/web/respond/test_lane.py checks that each is there.
LANE = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
)
# Two of them as subclasses that do the usual case for less: the site's policy built once
# (SteadyPolicy; tests/web/respond/test_lane.py holds the headers equal), the form's
# token unmasked in a few C calls (csrf.QuickCsrf).
REPLACED = {
    "django.middleware.csp.ContentSecurityPolicyMiddleware": f"{__name__}.SteadyPolicy",
    "django.middleware.csrf.CsrfViewMiddleware": "mognad.web.apps.respond.csrf.QuickCsrf",
}
# Every respondent URL starts so; the rest of the site never does.
PREFIXES = ("/r/", "/i/")


class Lane:
    """The middleware that protects a respondent's page, around the respond views."""

    def __init__(self) -> None:
        self.view_hooks: list[ViewHook] = []
        self.lane = self._build()

    def serve(self, request: HttpRequest) -> HttpResponse:
        """The answer to a respondent's request whose view `request.respond_view` names."""
        # Every respondent page chooses its language itself; this only makes sure that
        # no other request's choice lingers in the thread.
        translation.activate(settings.LANGUAGE_CODE)
        response = self.lane(request)
        # The page's language follows the browser's Accept-Language, as LocaleMiddleware
        # would say.
        patch_vary_headers(response, ("Accept-Language",))
        # Respondents' pages hold their answers: no cache, the browser's included, keeps a
        # copy for the next person at a shared computer. Back asks the server again, which
        # has every answer saved.
        patch_cache_control(response, private=True, no_store=True)
        # Here rather than in the views, so that the CSRF failure page and error pages
        # that htmx swaps in keep the address too.
        stay_unless_moved(request, response)
        return response  # type: ignore[no-any-return]

    def _build(self) -> Handler:
        handler: Handler = convert_exception_to_response(self._view)
        for path in reversed(LANE):
            kind = import_string(REPLACED.get(path, path))
            middleware = kind(handler)
            if hasattr(middleware, "process_view"):
                self.view_hooks.insert(0, middleware.process_view)
            handler = convert_exception_to_response(middleware)
        return handler

    def _view(self, request: HttpRequest) -> HttpResponse:
        view, kwargs = request.respond_view  # type: ignore[attr-defined]
        for hook in self.view_hooks:
            early = hook(request, view, (), kwargs)
            if early is not None:
                return early  # type: ignore[no-any-return]
        response: HttpResponse = view(request, **kwargs)
        return response


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
            cookies = response.cookies.values()
            headers = [*response.items(), *(("Set-Cookie", c.OutputString()) for c in cookies)]
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


class SteadyPolicy(ContentSecurityPolicyMiddleware):
    """Django's Content-Security-Policy middleware, with the site's policy built once.

    The site's policy has no nonce, so its header is the same on every response, yet
    Django builds it anew each time: a twentieth of a saved page. Whatever else (a nonce,
    a report-only policy, a view's own policy) goes through Django's code as before.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        custom = hasattr(response, "_csp_config") or hasattr(response, "_csp_ro_config")
        policy = None if custom or settings.SECURE_CSP_REPORT_ONLY else _policy()
        if policy is None:
            return super().process_response(request, response)
        # The header's name as a plain str: WSGI servers refuse the enum member itself.
        name = str(CSP.HEADER_ENFORCE)
        if name not in response:
            response.headers[name] = policy
        return response


_built: list[tuple[dict[str, Any], str | None]] = []


def _policy() -> str | None:
    """The header of the site's policy; None when it has none or it takes a nonce. Kept
    with the config it was built from (a test's override_settings brings another)."""
    config: dict[str, Any] = settings.SECURE_CSP
    if not _built or _built[0][0] is not config:
        steady = config and not _has_nonce(config)
        _built[:] = [(config, build_policy(config) if steady else None)]
    return _built[0][1]


def _has_nonce(config: dict[str, Any]) -> bool:
    return any(
        isinstance(values, list | tuple | set) and CSP.NONCE in values for values in config.values()
    )
