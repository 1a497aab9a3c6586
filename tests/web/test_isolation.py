"""Tenant isolation: a user of workspace A reaches nothing of workspace B, on any route.

The routes are discovered from the URL resolver: every pattern under /w/<slug:slug>/, of
any app, is requested with B's slug and B's ids. Routes added later are covered without
touching this file. A foreign workspace must look exactly like a missing one: 404. The
one other answer accepted is 405 when the same request to a workspace that does not
exist is refused the same way, because then the method check happens before any lookup
and reveals nothing.
"""

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver
from django_tasks_db.models import DBTaskResult

from mognad.instruments import find_builtin
from mognad.web.apps.actions.models import Action
from mognad.web.apps.library import actions as library
from mognad.web.apps.library.models import InstrumentDraft, InstrumentVersion
from mognad.web.apps.reports.models import Report, ReportState
from mognad.web.apps.rounds.models import Draft, Invitation, Response, Round, RoundGroup
from mognad.web.apps.workspaces.models import MemberInvite, Membership, Role, Workspace
from tests.web.factories import make_round, make_user, make_workspace

pytestmark = pytest.mark.django_db

WORKSPACE_PREFIX = "w/<slug:slug>/"
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
MISSING_SLUG = "no-such-workspace"


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, route)
        else:
            found.append(route)
    return found


def workspace_routes() -> list[str]:
    return [r for r in _routes(get_resolver().url_patterns) if r.startswith(WORKSPACE_PREFIX)]


def _b_workspace():
    """Workspace B with one of everything a URL could name."""
    workspace = make_workspace("bravo", user=make_user("bob@example.org"))
    round_ = make_round(workspace)
    group = round_.groups.first()
    invitation = Invitation.objects.create(
        round=round_, group=group, email="carol@example.org", token_hash="i" * 64
    )
    Draft.objects.create(
        round=round_, group=group, invitation=invitation, resume_token_hash="d" * 64, language="en"
    )
    Response.objects.create(
        round=round_,
        group=group,
        client_id=uuid.uuid4(),
        language="en",
        answers={},
        scores={},
        submitted_on=datetime.date.today(),
    )
    MemberInvite.objects.create(
        workspace=workspace, email="dan@example.org", role=Role.VIEWER, token_hash="m" * 64
    )
    # A private instrument of B's own, published, and the draft it came from.
    draft = library.fork_instrument(workspace, find_builtin("people-first"), None)
    library.publish_draft(draft, "1.1.0", None)
    Action.objects.create(workspace=workspace, round=round_, title="B's action")
    Report.objects.create(round=round_, language="en", state=ReportState.DONE, pdf=b"%PDF-")
    return workspace


def _ids(workspace: Workspace) -> dict[str, object]:
    round_ = workspace.rounds.get()
    group = round_.groups.first()
    return {
        "round": round_.pk,
        "group": group.pk,
        "member": workspace.memberships.get().pk,
        "invite": workspace.invites.get().pk,
        "invitation": round_.invitations.get().pk,
        "response": round_.responses.get().pk,
        "draft": round_.drafts.get().pk,
        "action": workspace.actions.get().pk,
        "report": round_.reports.get().pk,
        "key": group.key,
        "instrument": workspace.instrument_versions.get().instrument_id,
        "instrument_draft": workspace.instrument_drafts.get().pk,
        "version": "1.1.0",
        "lang": "en",
        "language": "en",
    }


def _value(converter: str | None, name: str, slug: str, ids: dict[str, object]) -> str:
    """B's id for a parameter, chosen by the words in its name (round_id, member_id, …)."""
    if name == "slug":
        return slug
    for word in sorted(ids, key=len, reverse=True):
        if word in name:
            return str(ids[word])
    return str(ids["response"] if converter == "uuid" else ids["round"])


def fill(route: str, slug: str, ids: dict[str, object]) -> str:
    def value(match: re.Match[str]) -> str:
        return _value(match["converter"], match["name"], slug, ids)

    return "/" + PARAMETER.sub(value, route)


def _snapshot(workspace: Workspace) -> dict[str, list[dict[str, object]]]:
    """Every row that belongs to B, plus counters of what a request could send or queue."""
    rounds = Round.objects.filter(workspace=workspace)
    tables = {
        "workspace": Workspace.objects.filter(pk=workspace.pk),
        "memberships": Membership.objects.filter(workspace=workspace),
        "member_invites": MemberInvite.objects.filter(workspace=workspace),
        "rounds": rounds,
        "groups": RoundGroup.objects.filter(round__in=rounds),
        "invitations": Invitation.objects.filter(round__in=rounds),
        "drafts": Draft.objects.filter(round__in=rounds),
        "responses": Response.objects.filter(round__in=rounds),
        "instrument drafts": InstrumentDraft.objects.filter(workspace=workspace),
        "instrument versions": InstrumentVersion.objects.filter(workspace=workspace),
        "actions": Action.objects.filter(workspace=workspace),
        "reports": Report.objects.filter(round__in=rounds),
    }
    snapshot = {name: list(rows.order_by("pk").values()) for name, rows in tables.items()}
    snapshot["side effects"] = [{"mails": len(mail.outbox), "tasks": DBTaskResult.objects.count()}]
    return snapshot


def _foreign_status(client, method: str, path: str, missing_path: str) -> int | None:
    """None when refused as a missing workspace would be, else the status that leaked."""
    status = getattr(client, method)(path).status_code
    if status == 404 or (
        status == 405 and getattr(client, method)(missing_path).status_code == 405
    ):
        return None
    return status


def _anonymous_status(client, method: str, path: str) -> int | None:
    response = getattr(client, method)(path)
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return None
    return None if response.status_code in (404, 405) else response.status_code


def _leaks(workspace: Workspace, request, slug: str, ids: dict[str, object], routes: list[str]):
    """Each request that is not refused, or that changes anything of B, as a line of text."""
    leaks: list[str] = []
    for route in routes:
        for method in ("get", "post"):
            before = _snapshot(workspace)
            path = fill(route, slug, ids)
            status = request(method, path)
            if status is not None:
                leaks.append(f"{method.upper()} {path} answered {status}")
            if _snapshot(workspace) != before:
                leaks.append(f"{method.upper()} {path} changed workspace B")
    return leaks


@pytest.fixture
def bravo():
    workspace = _b_workspace()
    return workspace, _ids(workspace)


@pytest.fixture
def alpha_client(client):
    """Logged in as the owner of workspace A, who has every permission there."""
    user = make_user("ada@example.org")
    alpha = make_workspace("alpha", user=user)
    make_round(alpha)
    client.force_login(user)
    return client


def test_discovery_finds_the_workspace_routes():
    """The walk over the resolver sees the workspace pages, so the tests below cover them."""
    routes = workspace_routes()
    for route in ("w/<slug:slug>/", "w/<slug:slug>/settings/", "w/<slug:slug>/members/"):
        assert route in routes


def test_it_rejects_foreign_workspace(alpha_client, bravo):
    """A member of A gets 404 for every page of B, GET and POST alike; nothing of B changes."""
    workspace, ids = bravo

    def request(method: str, path: str) -> int | None:
        missing = path.replace(f"/w/{workspace.slug}/", f"/w/{MISSING_SLUG}/", 1)
        return _foreign_status(alpha_client, method, path, missing)

    assert _leaks(workspace, request, workspace.slug, ids, workspace_routes()) == []


def test_it_sends_anonymous_visitors_to_log_in(client, bravo):
    """Without a login, B's pages redirect to the login page or answer 404; nothing changes."""
    workspace, ids = bravo

    def request(method: str, path: str) -> int | None:
        return _anonymous_status(client, method, path)

    assert _leaks(workspace, request, workspace.slug, ids, workspace_routes()) == []


def test_b_ids_under_a_slug_answer_404(alpha_client, bravo):
    """B's object ids under A's own slug find nothing: every lookup is scoped to the slug."""
    workspace, ids = bravo
    routes = [
        route
        for route in workspace_routes()
        if any(converter in ("int", "uuid") for converter, _ in PARAMETER.findall(route))
    ]

    def request(method: str, path: str) -> int | None:
        status = getattr(alpha_client, method)(path).status_code
        return None if status in (404, 405) else status

    assert _leaks(workspace, request, "alpha", ids, routes) == []


@pytest.mark.parametrize("kind", ["rounds", "results"])
def test_rounds_and_results_of_b_answer_404(alpha_client, bravo, kind):
    """B's round and its results, by id, are 404 for A's user, whether routed yet or not."""
    workspace, ids = bravo
    path = f"/w/{workspace.slug}/{kind}/{ids['round']}/"
    for method in ("get", "post"):
        before = _snapshot(workspace)
        assert getattr(alpha_client, method)(path).status_code == 404
        assert _snapshot(workspace) == before
