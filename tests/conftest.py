import pytest

from tests.factories import UserFactory


@pytest.fixture
def staff_user(db):
    """A logged-in-able staff member who reads the dashboards (not an admin)."""
    return UserFactory(username="canbo", is_staff=False)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
