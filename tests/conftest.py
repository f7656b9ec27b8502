import pytest
from django.db import transaction

from tests.factories import UserFactory
from tracking.models import Locality, LocalityLink
from tracking.register import register_load


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests log in with `client.force_login(user)`: login throttling (django-axes) counts real
    logins, so only tests/test_login_throttling.py posts passwords. Hashing stays cheap here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(db):
    """An account that reads every unit's dashboards: since accounts are scoped to their units
    (tracking/access.py), only the superuser sees the whole country; not staff (no admin).
    Scoped accounts are tested in tests/tracking/test_access*.py."""
    return UserFactory(username="canbo", is_staff=False, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(scope="module")
def shipped_register(django_db_setup, django_db_blocker):
    """The whole shipped register (seeds/register/), loaded twice: once per module that asks,
    in a transaction rolled back afterwards. Tests using it also take `db`."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = register_load()
        rows, history = Locality.objects.count(), Locality.history.count()
        links = LocalityLink.objects.count()
        second = register_load()
        again = (
            Locality.objects.count(),
            Locality.history.count(),
            LocalityLink.objects.count(),
        )
        yield {"first": first, "second": second, "before": (rows, history, links), "after": again}
        transaction.set_rollback(True)
