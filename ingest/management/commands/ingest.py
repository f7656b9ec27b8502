from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ingest.services import sources_ingest
from tracking.history import acting_user, history_user


class Command(BaseCommand):
    help = (
        "Store article files (or folders of .txt) as sources with their extracted figures. "
        "Idempotent: an article already stored is left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="article .txt files or folders of them")
        parser.add_argument(
            "--accept",
            action="store_true",
            help="also turn the figures into targets, results and member counts",
        )
        parser.add_argument(
            "--user",
            help="username recorded as who entered the articles, figures and localities "
            "(default: the account system.<login> standing for the system user running this)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and extract, then roll everything back"
        )

    def handle(self, *args, **options):
        if options["dry_run"]:
            with transaction.atomic():
                report = self._ingest(options, self._user(options))
                transaction.set_rollback(True)
        else:
            report = self._ingest(options, self._user(options))
        self._report(report, options)

    def _user(self, options):
        try:
            return acting_user(options["user"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc

    def _ingest(self, options, user):
        with history_user(user):
            return sources_ingest(paths=options["paths"], accept=options["accept"], user=user)

    def _report(self, report, options):
        for failure in report.failures:
            self.stderr.write(f"{failure.path}: {failure.reason}")
        for failure in report.extraction_errors:
            self.stderr.write(f"{failure.path}: stored, but extraction failed: {failure.reason}")
        if options["verbosity"] > 1:
            for problem in report.figure_problems:
                self.stderr.write(f"not accepted: {problem}")
        summary = (
            f"{report.articles} articles, {report.figures} figures, {report.created} created, "
            f"{report.unchanged} unchanged, {report.accepted} accepted, {report.failed} failed"
        )
        if report.extraction_errors:
            summary += f", {len(report.extraction_errors)} extraction errors"
        if report.figure_problems:
            summary += f" ({len(report.figure_problems)} figures left pending for review)"
        if options["dry_run"]:
            summary += " (dry run: nothing written)"
        if options["verbosity"] > 0:
            self.stdout.write(summary)
        if report.failures:
            raise CommandError(f"{report.failed} file(s) were not ingested")
        if report.extraction_errors:
            raise CommandError(
                f"{len(report.extraction_errors)} article(s) stored without figures: "
                "the extractor failed (see the error on each source in the admin)"
            )
