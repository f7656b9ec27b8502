from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracking.services import localities_load


class Command(BaseCommand):
    help = "Load a register of localities from CSV (level,name,parent_level,parent_name,code)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        try:
            report = localities_load(text=text, name=str(path))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["verbosity"] > 0:
            self.stdout.write(f"{report.created} created, {report.unchanged} unchanged")
