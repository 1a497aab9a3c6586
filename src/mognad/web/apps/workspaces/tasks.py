"""Background tasks of the workspaces app, run by the `db_worker` beside the server."""

from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from mognad.web.apps.workspaces.models import MemberInvite, Role
from mognad.web.tokens import hash_token, new_token


@task
def send_member_invite(invite_id: int, site_url: str, language: str) -> bool:
    """E-mails the invitation with a fresh token; False if it was accepted or revoked meanwhile.

    Only the token's hash is saved, so a retried task sends a new link and the older one
    stops working: the newest e-mail always works.
    """
    invite = (
        MemberInvite.objects.select_related("workspace", "invited_by")
        .filter(pk=invite_id, accepted_on__isnull=True)
        .first()
    )
    if invite is None:
        return False
    token = new_token()
    invite.token_hash = hash_token(token)
    invite.save(update_fields=["token_hash"])
    link = site_url.rstrip("/") + reverse("workspaces:accept_invite", args=[token])
    with translation.override(language):
        subject, body = _invite_mail(invite, link)
    send_mail(subject, body, None, [invite.email])
    return True


def _invite_mail(invite: MemberInvite, link: str) -> tuple[str, str]:
    inviter = invite.invited_by
    context = {
        "workspace": invite.workspace.name,
        "role": Role(invite.role).label,
        "inviter": (inviter.get_full_name() or inviter.email) if inviter else "",
        "link": link,
    }
    subject = render_to_string("workspaces/invite_subject.txt", context)
    body = render_to_string("workspaces/invite_email.txt", context)
    return " ".join(subject.split()), body
