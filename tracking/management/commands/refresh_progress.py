from django.core.management.base import BaseCommand

from tracking.services import progress_refresh_all


class Command(BaseCommand):
    help = "Rebuild the derived progress rows of every locality (after a bulk load or import)."

    def handle(self, *args, **options):
        written = progress_refresh_all()
        if options["verbosity"] > 0:
            self.stdout.write(f"{written} progress rows written")
