from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracking.history import acting_user, history_user
from tracking.register import REGISTER_DIR, register_load


class Command(BaseCommand):
    help = (
        "Load the official register of administrative units (units.csv, successors.csv) from "
        f"DIRECTORY (default {REGISTER_DIR}); a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=REGISTER_DIR)
        parser.add_argument(
            "--user",
            help="username the history records as who loaded the register "
            "(default: the account system.<login> standing for the system user running this)",
        )

    def handle(self, *args, directory, **options):
        try:
            user = acting_user(options["user"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            with history_user(user):
                report = register_load(directory=directory)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{report.created} created, {report.matched} matched, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.successors} successor links changed, "
                f"{report.links} hierarchy links changed"
            )
