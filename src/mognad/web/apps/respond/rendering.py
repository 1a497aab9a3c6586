"""How respondents' pages are rendered and addressed: their language, their URLs, the page.

Every respondent page speaks the language chosen for it, UI words included; the pages
that look the same for every respondent are filled into a skeleton (skeleton.py).
"""

from collections.abc import Hashable, Mapping
from typing import cast

from django import shortcuts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from mognad.web.apps.respond import skeleton
from mognad.web.apps.respond.csrf import form_token
from mognad.web.apps.respond.links import (
    Link,
    choose_language,
    default_language,
    language_choices,
)
from mognad.web.apps.respond.pages import local_text

CHARSET = settings.DEFAULT_CHARSET
HTML = f"text/html; charset={CHARSET}"


def link_language(request: HttpRequest, link: Link) -> str:
    available = link.languages
    return choose_language(request, available, default_language(link.instrument, available))


def site_language(request: HttpRequest) -> str:
    codes = [code for code, _ in settings.LANGUAGES]
    return choose_language(request, codes, settings.LANGUAGE_CODE)


def entry_url(link: Link) -> str:
    return link.url


def link_url(link: Link, name: str) -> str:
    """The URL of the page `name` under the link (respond/urls.py names them so)."""
    return f"{link.url}{name.removeprefix('respond:')}/"


def page_url(link: Link, number: int) -> str:
    return f"{link.url}p/{number}/"


def message(
    request: HttpRequest,
    link: Link | None,
    lang: str,
    reason: str,
    status: int = 200,
    extra: Mapping[str, object] | None = None,
) -> HttpResponse:
    context: dict[str, object] = {"reason": reason, **(extra or {})}
    if link is not None:
        context["title"] = local_text(link.instrument, link.instrument.title, lang)
        context["entry_url"] = entry_url(link)
        context["done_url"] = link_url(link, "respond:done")
    return render(request, link, lang, "respond/message.html", context, status=status)


def render(
    request: HttpRequest,
    link: Link | None,
    lang: str,
    template: str,
    context: Mapping[str, object],
    status: int = 200,
    switch: bool = True,
    holes: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Renders in the respondent's language: their texts and the site's words alike.

    With `holes`, the page is filled into a skeleton rendered once (skeleton.py), so
    `context` must then hold only values that are the same for every respondent.
    """
    codes = link.languages if link is not None and switch else []
    context = {
        **context,
        "lang": lang,
        "workspace_name": link.round.workspace.name if link is not None else "",
        "languages": language_choices(codes) if len(codes) > 1 else (),
    }
    if holes is not None:
        filled = {**holes, "csrf_token": form_token(request)}
        html = skeleton.render(template, lang, cast(Mapping[str, Hashable], context), filled)
        # Named, so that the response does not look the charset up in the settings.
        response = HttpResponse(html, status=status, content_type=HTML, charset=CHARSET)
    else:
        with translation.override(lang):
            response = shortcuts.render(request, template, context, status=status)
    response["Content-Language"] = lang
    return response
