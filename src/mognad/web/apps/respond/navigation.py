"""Moving on from a form: a redirect without JavaScript, the next page itself with htmx.

Without JavaScript, Start, Next, Back and Send post the form, are answered with a
redirect (post/redirect/get) and the browser then fetches the page it names: two
requests and two round trips on a phone. The same forms enhanced by htmx (`hx-boost`)
swap the response into the page, so the page the redirect would name is sent at once,
with `HX-Push-Url` naming its URL: the address bar, a reload and Back then behave as
after the redirect. Any other answer to htmx's post stays where the browser is
(lane.py), as a form shown again with its messages must.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

PUSH_URL = "HX-Push-Url"


def from_htmx(request: HttpRequest) -> bool:
    """True for a request htmx sent (its HX-Request header), read straight from the
    environment: django-htmx's `request.htmx` parses the headers on every test of it."""
    return request.META.get("HTTP_HX_REQUEST") == "true"


def moves_at_once(request: HttpRequest) -> bool:
    """True for a form posted by htmx, which takes the next page itself instead of a redirect."""
    return request.method == "POST" and from_htmx(request)


def redirect(url: str) -> HttpResponse:
    """A redirect to a URL already built: django.shortcuts.redirect() would first try
    it as the name of a URL pattern, about a twentieth of a saved page's time."""
    return HttpResponseRedirect(url)


def go(request: HttpRequest, url: str, show: Callable[[], HttpResponse]) -> HttpResponse:
    """To `url`: a redirect, or with htmx the page `show()` renders, named in HX-Push-Url."""
    if not moves_at_once(request):
        return redirect(url)
    response = show()
    response[PUSH_URL] = url
    return response


def leave_for(request: HttpRequest, url: str) -> HttpResponse:
    """To `url` as a whole new page, also from htmx's post (whose answer would be swapped
    into the old page, or only the questions of it): a redirect, or HX-Redirect."""
    if not moves_at_once(request):
        return redirect(url)
    response = HttpResponse(status=200)
    response["HX-Redirect"] = url
    return response


def restoring(request: HttpRequest) -> bool:
    """True for htmx's request of a page to show again after Back or Forward."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx and htmx.history_restore_request)


def stay_unless_moved(request: HttpRequest, response: HttpResponse) -> None:
    """Keeps the address of a page that htmx posted and that did not move on.

    A boosted form's answer would otherwise be pushed under the URL it was posted to:
    for Send that is the submit URL, which only takes a POST. A redirect is left alone,
    since htmx follows it and pushes the URL it ends at.
    """
    redirected = 300 <= response.status_code < 400
    if moves_at_once(request) and not redirected and not response.has_header(PUSH_URL):
        response[PUSH_URL] = "false"
