"""The respondent's journey: welcome, one page per dimension, submit, reflection.

No account and no session: a group's open link finds its draft through a resume
cookie scoped to the link's path; a personal invitation finds its own draft. Every
page speaks the round language the respondent chose, UI words included, and every
dead end is a friendly page rather than an error.
"""

import re
import uuid
from collections.abc import Mapping
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from mognad.core.answers import AnswerProblem
from mognad.core.model import Instrument, Item
from mognad.web.apps.respond import actions, rows, skeleton, throttle
from mognad.web.apps.respond.forms import (
    merged,
    page_errors,
    parse,
    raw_from_answers,
    raw_from_post,
)
from mognad.web.apps.respond.links import (
    INVITATION,
    OPEN_LINK,
    Link,
    resolve,
    resolve_with_draft,
)
from mognad.web.apps.respond.markup import questions_html
from mognad.web.apps.respond.navigation import (
    from_htmx,
    go,
    leave_for,
    moves_at_once,
    redirect,
    restoring,
)
from mognad.web.apps.respond.pages import (
    QuestionBuilder,
    field_id,
    has_live_conditions,
    hidden_items,
    local,
    local_text,
    page_dimensions,
    page_items,
    page_of_items,
    revealed_item,
)
from mognad.web.apps.respond.reflection import reflection_html
from mognad.web.apps.respond.rendering import (
    entry_url,
    link_language,
    link_url,
    message,
    page_url,
    render,
    site_language,
)
from mognad.web.apps.rounds.models import Draft, Response
from mognad.web.tokens import hash_token

RESUME_COOKIE = "mognad_resume"
RESUME_AGE = timedelta(days=30)
DONE_COOKIE = "mognad_done"
DONE_SALT = "mognad.respond.done"
# Long enough to read and print the reflection, short enough to be gone the next day.
DONE_AGE = timedelta(hours=6)
# What the reflection shows of a response: never its answers, so they are not read.
REFLECTED = frozenset({"scores", "language", "submitted_on"})
# What a page can say above its questions, named in its address: a revealed follow-up
# question; answers saved from a form that could not be sent as it was.
NOTICES = ("more", "again")
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,128}")

Outcome = HttpResponse | Link


# --- entry ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest, token: str) -> HttpResponse:
    return _entry(request, OPEN_LINK, token)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    return _entry(request, INVITATION, token)


def _entry(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    found = _redeem(request, kind, token, counted=True)
    if isinstance(found, HttpResponse):
        return found
    link = found
    lang = link_language(request, link)
    blocked = _unavailable(request, link, lang)
    if blocked is not None:
        return blocked
    draft = _find_draft(request, link)
    if request.method == "POST":
        return _start(request, link, draft)
    if draft is not None and restoring(request):
        # Back from page 1 with htmx: the welcome page, as the browser would show it again
        # without JavaScript; its Start leads to the draft's page.
        return _welcome_page(request, link, draft.language)
    if draft is not None:
        _switch_language(request, link, draft)
        return redirect(page_url(link, draft.page or 1))
    return _welcome_page(request, link, lang)


def _welcome_page(request: HttpRequest, link: Link, lang: str) -> HttpResponse:
    instrument = link.instrument
    context = {
        "title": local_text(instrument, instrument.title, lang),
        "description": local(instrument, instrument.description, lang),
        "minutes": instrument.minutes,
        "k": link.round.k,
        "pages": len(page_dimensions(instrument)),
    }
    holes = {"start_url": entry_url(link)}
    return render(request, link, lang, "respond/welcome.html", context, holes=holes)


def _start(request: HttpRequest, link: Link, draft: Draft | None) -> HttpResponse:
    if draft is not None:
        return _go_to_page(request, link, draft, draft.page or 1)
    wanted = request.POST.get("lang", "")
    lang = wanted if wanted in link.languages else link_language(request, link)
    draft, resume_token = actions.start_draft(link, lang)
    response = _go_to_page(request, link, draft, 1)
    if link.kind == OPEN_LINK:
        response.set_cookie(
            RESUME_COOKIE,
            resume_token,
            max_age=RESUME_AGE,
            path=link.path,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG,
        )
    return response


# --- pages ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, kind: str, token: str, number: str) -> HttpResponse:
    found = _resume(request, kind, token)
    if isinstance(found, HttpResponse):
        return found
    link, draft = found
    at = int(number)
    pages = page_dimensions(link.instrument)
    if _switch_language(request, link, draft) or not 1 <= at <= len(pages):
        return redirect(page_url(link, min(max(at, 1), len(pages))))
    with translation.override(draft.language):
        if request.method == "POST":
            try:
                return _post_page(request, link, draft, at)
            except actions.DraftGone:  # sent from another tab, or deleted, as it was saved
                return leave_for(request, entry_url(link))
        notice = next((n for n in NOTICES if n in request.GET), "")
        return _show_page(request, link, draft, at, "check" in request.GET, notice)


def _show_page(
    request: HttpRequest, link: Link, draft: Draft, number: int, check: bool, notice: str
) -> HttpResponse:
    """Page `number` with the saved answers; with `check`, their messages as well, and
    with a `notice` (one of NOTICES), its words."""
    items = page_items(page_dimensions(link.instrument)[number - 1])
    errors = page_errors(link.instrument, items, draft.answers) if check else {}
    raw = raw_from_answers(items, draft.answers)
    return _render_page(request, link, draft, number, raw, errors, draft.answers, notice)


def _go_to_page(
    request: HttpRequest, link: Link, draft: Draft, number: int, check: bool = False
) -> HttpResponse:
    """To page `number` as the redirect to it would lead, or at once with htmx."""
    url = f"{page_url(link, number)}{'?check=1' if check else ''}"
    with translation.override(draft.language):
        return go(request, url, lambda: _show_page(request, link, draft, number, check, ""))


def _post_page(request: HttpRequest, link: Link, draft: Draft, number: int) -> HttpResponse:
    instrument = link.instrument
    items = page_items(page_dimensions(instrument)[number - 1])
    action = request.POST.get("action", "")
    raw, values, errors, answers = _read_page(request, instrument, items, draft)
    if from_htmx(request) and not action:
        # A live update while answering: show or hide questions, store nothing yet.
        return _render_page(request, link, draft, number, raw, {}, answers)
    if action == "back":
        saved = actions.save_page(draft, values, max(number - 1, 1))
        return _go_to_page(request, link, saved, max(number - 1, 1))
    if errors:
        draft = actions.save_page(draft, values, number)
        return _render_page(request, link, draft, number, raw, errors, answers)
    last = len(page_dimensions(instrument))
    saved = actions.save_page(draft, values, min(number + 1, last))
    return _after_save(request, link, draft.answers, saved, number, min(number + 1, last))


def _read_page(
    request: HttpRequest, instrument: Instrument, items: list[Item], draft: Draft
) -> tuple[dict[str, list[str]], dict[str, object], dict[str, str], dict[str, object]]:
    """The posted strings, the answers read from them, the messages, and the merged answers."""
    raw = raw_from_post(items, request.POST)
    values, errors = parse(instrument, items, raw)
    answers = merged(draft.answers, values)
    errors = {**page_errors(instrument, items, answers), **errors}
    # A wrong answer is shown again as typed but never stored: the saved one stays.
    wrong = {name.split(":")[0] for name in errors}
    valid = {key: value for key, value in values.items() if key not in wrong}
    return raw, valid, errors, answers


def _after_save(
    request: HttpRequest,
    link: Link,
    before: Mapping[str, object],
    saved: Draft,
    number: int,
    target: int,
) -> HttpResponse:
    displayed = set(request.POST.getlist("_shown"))
    revealed = revealed_item(link.instrument, number, before, saved.answers, displayed)
    if revealed is None:
        return _go_to_page(request, link, saved, target)
    url = f"{page_url(link, number)}?more=1#{field_id(revealed)}"
    return go(request, url, lambda: _show_page(request, link, saved, number, False, "more"))


def _render_page(
    request: HttpRequest,
    link: Link,
    draft: Draft,
    number: int,
    raw: dict[str, list[str]],
    errors: dict[str, str],
    answers: dict[str, object],
    notice: str = "",
) -> HttpResponse:
    instrument = link.instrument
    lang = draft.language
    pages = page_dimensions(instrument)
    dimension = pages[number - 1]
    on_page = page_items(dimension)
    hidden = hidden_items(instrument, on_page, answers)
    items = [item for item in on_page if item.key not in hidden]
    context = {
        "number": number,
        "total": len(pages),
        "is_last": number == len(pages),
        "title": local_text(instrument, dimension.title, lang),
        "description": local(instrument, dimension.description, lang),
        "has_questions": bool(items),
        "error_count": len(errors),
        "live": has_live_conditions(on_page),
        "notice": notice,
    }
    holes = {
        "questions_html": questions_html(instrument, lang, items, raw, errors),
        "page_url": page_url(link, number),
        "submit_url": link_url(link, "respond:submit"),
        "client_id": str(actions.client_id_for(draft)),
    }
    if errors:
        # The summary lists the fields in error: a page of its own, not a skeleton.
        builder = QuestionBuilder(instrument, lang, raw, errors)
        questions = [builder.question(item) for item in items]
        context = {**context, **holes, "questions": questions}
        return render(request, link, lang, "respond/page.html", context)
    return render(request, link, lang, "respond/page.html", context, holes=holes)


# --- submit and reflection -----------------------------------------------------------


@require_POST
def submit(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    at_once = _link_and_draft(request, kind, token)
    draft: Draft | None
    if at_once is not None:
        link, draft = at_once
    else:
        found = _redeem(request, kind, token, counted=False)
        if isinstance(found, HttpResponse):
            return found
        link, draft = found, _find_draft(request, found)
    client_id = _uuid(request.POST.get("client_id", ""))
    expected = None if draft is None else actions.client_id_for(draft)
    if client_id is None or client_id != expected:
        # A repeat of a submission that went through (a double click, a retry).
        earlier = _earlier(link, client_id)
        if earlier is not None:
            return _finished(request, link, earlier)
    if draft is None:
        return message(request, link, link_language(request, link), "expired")
    blocked = _unavailable(request, link)
    if blocked is not None:
        return blocked
    with translation.override(draft.language):
        try:
            if client_id is None or client_id != expected:
                return _send_again(request, link, draft)
            return _submit_last_page(request, link, draft, client_id)
        except actions.DraftGone:  # sent from another tab, or deleted, meanwhile
            return message(request, link, draft.language, "expired")


def _send_again(request: HttpRequest, link: Link, draft: Draft) -> HttpResponse:
    """A last page that does not carry its draft's submission id (shown before an upgrade
    changed the draft's key, or before the secret key changed): what it carries is saved
    and the page shown again, with the id it needs, to be sent once more.

    It may also be the last page of an earlier draft of this browser or invitation (one
    that went): its answers then land on the last page of the draft the link finds now,
    which the respondent sees before anything is sent.
    """
    instrument = link.instrument
    last, items = _last_page(instrument)
    raw, values, errors, answers = _read_page(request, instrument, items, draft)
    saved = actions.save_page(draft, values, last)
    if errors:
        return _render_page(request, link, saved, last, raw, errors, answers)
    url = f"{page_url(link, last)}?again=1"
    return go(request, url, lambda: _show_page(request, link, saved, last, False, "again"))


def _last_page(instrument: Instrument) -> tuple[int, list[Item]]:
    """The last page's number and its items: the page Send is on."""
    pages = page_dimensions(instrument)
    return len(pages), page_items(pages[-1])


def _earlier(link: Link, client_id: uuid.UUID | None) -> Response | None:
    if client_id is None:
        return None
    return Response.objects.filter(client_id=client_id, round=link.round).first()


def _submit_last_page(
    request: HttpRequest, link: Link, draft: Draft, client_id: uuid.UUID
) -> HttpResponse:
    instrument = link.instrument
    last, items = _last_page(instrument)
    values, errors = parse(instrument, items, raw_from_post(items, request.POST))
    if errors:
        return _not_sent(request, link, draft, [])
    try:
        # The answers are checked once, here: answers the core accepts leave the last
        # page without a message too (forms.page_errors reads the same problems).
        ready = actions.prepare_response(instrument, draft, values, client_id)
    except actions.InvalidAnswers as invalid:
        return _not_sent(request, link, draft, invalid.problems)
    before = draft.answers
    displayed = set(request.POST.getlist("_shown"))
    if revealed_item(instrument, last, before, merged(before, values), displayed) is not None:
        saved = actions.save_page(draft, values, last)
        return _after_save(request, link, before, saved, last, last)
    try:
        response = actions.submit_response(instrument, draft, values, ready)
    except actions.InvalidAnswers as invalid:
        return _to_first_problem(request, link, draft, values, invalid.problems)
    return _finished(request, link, response)


def _not_sent(
    request: HttpRequest, link: Link, draft: Draft, problems: list[AnswerProblem]
) -> HttpResponse:
    """The answers cannot go as they are: the last page with its messages, or the question
    it now reveals, or else the first page with a `problem`."""
    instrument = link.instrument
    last, items = _last_page(instrument)
    raw, values, errors, answers = _read_page(request, instrument, items, draft)
    before = draft.answers
    if errors:
        draft = actions.save_page(draft, values, last)
        return _render_page(request, link, draft, last, raw, errors, answers)
    displayed = set(request.POST.getlist("_shown"))
    if revealed_item(instrument, last, before, answers, displayed) is not None:
        saved = actions.save_page(draft, values, last)
        return _after_save(request, link, before, saved, last, last)
    return _to_first_problem(request, link, draft, values, problems)


def _to_first_problem(
    request: HttpRequest,
    link: Link,
    draft: Draft,
    values: Mapping[str, object],
    problems: list[AnswerProblem],
) -> HttpResponse:
    """What the last page said is kept, then the first page with a problem is shown."""
    saved = actions.save_page(draft, values, len(page_dimensions(link.instrument)))
    pages = page_of_items(link.instrument)
    first = min(pages.get(p.item, 1) for p in problems)
    return _go_to_page(request, link, saved, first, check=True)


def _finished(request: HttpRequest, link: Link, response: Response) -> HttpResponse:
    url = link_url(link, "respond:done")
    done = go(request, url, lambda: _reflection_page(request, link, response))
    done.set_cookie(
        DONE_COOKIE,
        _done_signer().sign(str(response.pk)),
        max_age=DONE_AGE,
        path=link.path,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )
    if link.kind == OPEN_LINK:
        done.delete_cookie(RESUME_COOKIE, path=link.path, samesite="Lax")
    return done


@require_http_methods(["GET"])
def done(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    found = _redeem(request, kind, token, counted=False)
    if isinstance(found, HttpResponse):
        return found
    link = found
    response = _own_response(request, link)
    if response is None:
        return message(request, link, link_language(request, link), "no_reflection")
    return _reflection_page(request, link, response)


def _reflection_page(request: HttpRequest, link: Link, response: Response) -> HttpResponse:
    """The reflection, filled into the page around it (rendered once per title and language).

    Not through rendering.render, whose skeletons carry the CSRF token: the page has no
    form, so it neither needs the token nor sets its cookie.
    """
    instrument, lang = link.instrument, response.language
    context = {
        "title": local_text(instrument, instrument.title, lang),
        "lang": lang,
        "workspace_name": link.round.workspace.name,
        "languages": (),
    }
    html = reflection_html(instrument, response.scores, lang, response.submitted_on)
    page = skeleton.render("respond/done.html", lang, context, {"reflection_html": html})
    done = HttpResponse(page)
    done["Content-Language"] = lang
    return done


def _own_response(request: HttpRequest, link: Link) -> Response | None:
    """The response this browser just submitted, from its signed, short-lived cookie."""
    try:
        signed = _done_signer().unsign(request.COOKIES.get(DONE_COOKIE, ""), max_age=DONE_AGE)
    except signing.BadSignature:
        return None
    response_id = _uuid(signed)
    if response_id is None:
        return None
    found = rows.select(Response, only=REFLECTED, client_id=response_id, round=link.round.pk)
    return found[0] if found else None


def _done_signer() -> signing.TimestampSigner:
    """The signer of the reflection's cookie, made once per secret key rather than anew,
    key derivation and all, for every submission and every reflection."""
    return _signer_for(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


@lru_cache(maxsize=4)
def _signer_for(secret: str, fallbacks: tuple[str | bytes, ...]) -> signing.TimestampSigner:
    # The keys are the cache's key only: get_cookie_signer reads them from the settings.
    return signing.get_cookie_signer(salt=DONE_SALT)


# --- finding links and drafts --------------------------------------------------------


def _redeem(request: HttpRequest, kind: str, token: str, *, counted: bool) -> Outcome:
    """The link behind the token, or the friendly page for a limit or a broken link."""
    if counted and not throttle.allow(_bucket_kind(kind), hash_token(token)):
        return message(request, None, site_language(request), "throttled", status=429)
    link = resolve(kind, token) if TOKEN_SHAPE.fullmatch(token) else None
    if link is not None:
        return link
    if not throttle.allow("unknown", "any"):
        return message(request, None, site_language(request), "throttled", status=429)
    return message(request, None, site_language(request), "unknown", status=404)


def _resume(request: HttpRequest, kind: str, token: str) -> HttpResponse | tuple[Link, Draft]:
    # Pages may go by a link read a moment ago (links.RECENT_SECONDS); submit never does.
    at_once = _link_and_draft(request, kind, token, recent=True)
    if at_once is not None:
        blocked = _unavailable_page(request, at_once[0])
        return at_once if blocked is None else blocked
    found = _redeem(request, kind, token, counted=False)
    if isinstance(found, HttpResponse):
        return found
    blocked = _unavailable_page(request, found)
    if blocked is not None:
        return blocked
    draft = _find_draft(request, found)
    if draft is None:
        return leave_for(request, entry_url(found))
    return found, draft


def _link_and_draft(
    request: HttpRequest, kind: str, token: str, recent: bool = False
) -> tuple[Link, Draft] | None:
    """An open link with its draft in one query, when the resume cookie finds one."""
    resume = request.COOKIES.get(RESUME_COOKIE, "")
    if kind != OPEN_LINK or not resume or not TOKEN_SHAPE.fullmatch(token):
        return None
    return resolve_with_draft(token, resume, recent=recent)


def _find_draft(request: HttpRequest, link: Link) -> Draft | None:
    if link.invitation is not None:
        return Draft.objects.filter(invitation=link.invitation).first()
    resume = request.COOKIES.get(RESUME_COOKIE, "")
    if not resume:
        return None
    found = rows.select(Draft, resume_token_hash=hash_token(resume), group=link.group.pk)
    return found[0] if found else None


def _unavailable(request: HttpRequest, link: Link, lang: str | None = None) -> HttpResponse | None:
    """The page saying why the link cannot be used now, in `lang` or else the browser's
    best language (worked out only then); None while the round is open."""
    state = link.availability()
    if state == "open":
        return None
    extra = {"reflection": state == "used" and _own_response(request, link) is not None}
    return message(request, link, lang or link_language(request, link), state, extra=extra)


def _unavailable_page(request: HttpRequest, link: Link) -> HttpResponse | None:
    """As _unavailable, for a page. A live update (htmx's post without an action) would
    swap the friendly page in where the questions were, so htmx is told to load the link
    as a new page instead, which then says why it cannot be used."""
    blocked = _unavailable(request, link)
    if blocked is not None and moves_at_once(request) and not request.POST.get("action"):
        return leave_for(request, entry_url(link))
    return blocked


def _switch_language(request: HttpRequest, link: Link, draft: Draft) -> bool:
    """Takes `?lang=` into the draft; True when it changed the language."""
    wanted = request.GET.get("lang", "") if request.META.get("QUERY_STRING") else ""
    if wanted in link.languages and wanted != draft.language:
        actions.set_draft_language(draft, wanted)
        return True
    return False


def _bucket_kind(kind: str) -> str:
    return "invitation" if kind == INVITATION else "link"


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
