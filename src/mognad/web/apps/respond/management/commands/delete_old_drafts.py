"""`mognad-manage delete_old_drafts [--days N]`: drafts nobody touched for N days go."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mognad.web.apps.respond.actions import DRAFT_KEEP_DAYS, delete_old_drafts


class Command(BaseCommand):
    help = "Deletes respondents' unsent drafts that were last saved more than N days ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DRAFT_KEEP_DAYS,
            help=f"Keep drafts saved within this many days (default {DRAFT_KEEP_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"]
        if days < 1:
            raise CommandError(f"--days must be at least 1, not {days}")
        count = delete_old_drafts(days)
        self.stdout.write(f"Deleted {count} draft(s) last saved more than {days} day(s) ago.")
