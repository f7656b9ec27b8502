import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from ingest.services import sources_ingest
from tracking.register import register_load
from tracking.services import progress_refresh_all

DEMO_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create the demo administrator (new password each run), load the register of units "
        "and the seed articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="use this password instead of a random one")
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="where the demo server listens (make demo passes its HOST)",
        )

    def handle(self, *args, **options):
        password = options["password"] or secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "admin@example.invalid"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        register = register_load()
        self.stdout.write(
            f"Register of units: {register.created} created, {register.matched} matched, "
            f"{register.unchanged} unchanged"
        )
        report = sources_ingest(paths=[settings.BASE_DIR / "seeds"], accept=True, user=user)
        self.stdout.write(
            f"Seed articles: {report.articles} articles, {report.figures} figures, "
            f"{report.created} created, {report.unchanged} unchanged, {report.failed} failed"
        )
        for failure in report.failures:
            self.stderr.write(f"{failure.path}: {failure.reason}")
        progress_refresh_all()
        bar = "=" * 60
        self.stdout.write(
            f"\n{bar}\n  Mở / open:  {options['url']}\n"
            f"  Đăng nhập / login:  {DEMO_USERNAME}\n  Mật khẩu / password:  {password}\n{bar}\n"
        )
