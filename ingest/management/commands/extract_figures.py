import json

from django.core.management.base import BaseCommand, CommandError

from ingest import extract
from ingest.services import FileFailure, IngestError, article_paths, article_read


class Command(BaseCommand):
    help = "Print the figures found in article files (JSON or a table). Writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="article .txt files or folders")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        files, failures = article_paths(options["paths"])
        rows = []
        for path in files:
            try:
                text = article_read(path)
            except IngestError as exc:
                failures.append(FileFailure(str(path), str(exc)))
                continue
            try:
                figures = extract.extract(text)
            except extract.ExtractionError as exc:
                failures.append(FileFailure(str(path), f"extraction failed: {exc}"))
                continue
            for figure in figures:
                rows.append({"file": str(path), **figure.as_dict()})
        for failure in failures:
            self.stderr.write(f"{failure.path}: {failure.reason}")
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for row in rows:
                span = f"{row['period_start'] or '?'}..{row['period_end'] or '?'}"
                value = row["value"]
                if row["value_max"] is not None:
                    value = f"{value}-{row['value_max']}"
                self.stdout.write(
                    f"{row['file']}\t{row['kind']}\t{value}\t{row['qualifier']}\t"
                    f"{row['locality']}\t{span}\t{row['quote']}"
                )
            if options["verbosity"] > 0:
                self.stdout.write(
                    f"{len(files)} files, {len(rows)} figures, {len(failures)} failed"
                )
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be read or extracted")
