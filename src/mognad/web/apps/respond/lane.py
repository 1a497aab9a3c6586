"""Respondents' requests through only the middleware that serves them.

A respondent has no account and no session, so sessions, authentication, messages,
the static files and the site's locale choice do nothing for their pages, yet they were
an eighth of each page's time (bench/journey_cpu.py). This middleware, first in the
stack, sends the respond app's URLs down a shorter stack instead. What protects a page
stays, as the very same middleware classes in the same order: the HTTPS redirect and
security headers, the Content-Security-Policy, the CSRF check and the framing ban.
Every other URL goes on through the whole stack.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.urls import URLPattern
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.csp import CSP, build_policy
from django.utils.module_loading import import_string

from mognad.web.apps.respond import urls
from mognad.web.apps.respond.navigation import stay_unless_moved

# What convert_exception_to_response gives back is typed loosely; these are all WSGI.
Handler = Callable[[HttpRequest], Any]
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
# Respondents' pages carry the site's policy (tests/web/respond/test_lane.py holds the
# headers equal), built once (SteadyPolicy).
REPLACED = {"django.middleware.csp.ContentSecurityPolicyMiddleware": "SteadyPolicy"}
# Every respondent URL starts so; the rest of the site never does.
PREFIXES = ("/r/", "/i/")


class RespondentLane:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.view_hooks: list[ViewHook] = []
        self.lane = self._build()

    def __call__(self, request: HttpRequest) -> Any:
        found = _match(request.path_info) if request.path_info.startswith(PREFIXES) else None
        if found is None:
            return self.get_response(request)
        request.respond_view = found  # type: ignore[attr-defined]
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
        return response

    def _build(self) -> Handler:
        handler: Handler = convert_exception_to_response(self._view)
        for path in reversed(LANE):
            kind = SteadyPolicy if path in REPLACED else import_string(path)
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


def _match(path: str) -> tuple[View, dict[str, Any]] | None:
    """The respond view for `path` and its arguments, by the respond app's own patterns."""
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
