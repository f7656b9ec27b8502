import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from tracking.models import Locality, Role
from tracking.services import access_grant


def unit_find(key: str) -> Locality:
    """The unit whose slug or statistics code is `key`; a code shared by an old and a new unit
    means the one in force today."""
    units = Locality.objects.filter(Q(slug=key) | Q(code=key))
    if len(units) > 1:
        units = [u for u in units if u.slug == key] or [u for u in units if u.valid_until is None]
    if len(units) != 1:
        found = ", ".join(f"{u.slug} ({u})" for u in units) if units else "none"
        raise CommandError(f"--unit {key!r}: expected one unit by slug or code, found {found}")
    return units[0]


class Command(BaseCommand):
    help = (
        "Give an account a role on a unit (and everything beneath it); with --create, create "
        "the account and print its random password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--unit", required=True, help="the unit's slug or statistics code")
        parser.add_argument("--create", action="store_true", help="create the account if new")

    def handle(self, *args, username, role, unit, create, **options):
        unit = unit_find(unit)
        User = get_user_model()
        password = None
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create:
                raise CommandError(f"no account named {username!r} (add --create to create it)")
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(username=username, password=password)
        access_grant(user=user, role=role, unit=unit)
        self.stdout.write(f"{username}: {Role(role).label} · {unit} ({unit.slug})")
        if password:
            self.stdout.write(f"password: {password}")
