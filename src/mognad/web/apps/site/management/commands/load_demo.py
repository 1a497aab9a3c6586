"""`mognad-manage load_demo [--reset]`: the demo workspace, loaded once; `make run` calls it."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mognad.web.demo import load_demo, login_line


class Command(BaseCommand):
    help = "Loads the demo workspace (slug 'demo') unless it is there, and prints its login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo workspace and load it afresh."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if load_demo(reset=options["reset"]):
            self.stdout.write("Loaded the demo workspace: three rounds of people-first.")
        else:
            self.stdout.write("The demo workspace is already there (--reset loads it afresh).")
        self.stdout.write(login_line())
