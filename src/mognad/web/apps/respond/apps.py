from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RespondConfig(AppConfig):
    name = "mognad.web.apps.respond"
    label = "respond"

    def ready(self) -> None:
        from mognad.web.apps.respond.links import forget_recent_links
        from mognad.web.apps.rounds.models import Round, RoundGroup
        from mognad.web.apps.workspaces.models import Workspace

        # A link kept in memory (links.RECENT_SECONDS) is read again once what it shows
        # changes here.
        for model in (Round, RoundGroup, Workspace):
            for signal in (post_save, post_delete):
                signal.connect(forget_recent_links, sender=model, dispatch_uid=f"recent-{model}")
