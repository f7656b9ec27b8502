import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from ingest.services import sources_ingest
from tracking.models import Level, Locality, Role
from tracking.register import register_load
from tracking.services import access_grant, progress_refresh_all

DEMO_USERNAME = "admin"
# One account per role, scoped to the new Thái Nguyên (which holds old Bắc Kạn before 07/2025).
DEMO_SCOPE = "Thái Nguyên"
DEMO_ROLES = {
    "xem-thainguyen": Role.VIEWER,
    "nhaplieu-thainguyen": Role.EDITOR,
    "pheduyet-thainguyen": Role.APPROVER,
}


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
        logins = [(DEMO_USERNAME, password, "quản trị / superuser")]
        unit = Locality.objects.filter(
            level=Level.PROVINCE, name=DEMO_SCOPE, valid_until=None
        ).first()
        for username, role in DEMO_ROLES.items() if unit else ():
            role_password = options["password"] or secrets.token_urlsafe(9)
            account, _ = get_user_model().objects.get_or_create(username=username)
            account.set_password(role_password)
            account.save()
            access_grant(user=account, role=role, unit=unit)
            logins.append((username, role_password, f"{role.label} · {unit.name}"))
        bar = "=" * 72
        lines = [f"  Mở / open:  {options['url']}", "  Đăng nhập / login:"]
        lines += [f"    {name:<22} {secret:<14} {what}" for name, secret, what in logins]
        self.stdout.write("\n".join(["", bar, *lines, bar, ""]))
