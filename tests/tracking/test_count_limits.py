"""The same count limits on SQLite and PostgreSQL: a validator and a CheckConstraint."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    MemberCountFactory,
    TargetFactory,
)
from tracking.models import MAX_COUNT, AdmissionResult, MemberCount, Target

pytestmark = pytest.mark.django_db


def test_limit_is_well_below_postgresql_integer():
    assert 5_000_000 < MAX_COUNT < 2_147_483_647


@pytest.mark.parametrize("value", [MAX_COUNT + 1, 10**12])
def test_validators_refuse_counts_above_the_limit(value):
    locality = LocalityFactory()
    result = AdmissionResult(
        locality=locality, start=date(2023, 1, 1), end=date(2023, 12, 31), admitted=value
    )
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "admitted" in error.value.message_dict
    count = MemberCount(locality=locality, as_of=date(2023, 1, 1), members=value)
    with pytest.raises(ValidationError) as error:
        count.full_clean()
    assert "members" in error.value.message_dict


def test_the_limit_itself_is_accepted():
    locality = LocalityFactory()
    MemberCount(locality=locality, as_of=date(2023, 1, 1), members=MAX_COUNT).full_clean()


@pytest.mark.parametrize(
    "make",
    [
        lambda: AdmissionResultFactory(admitted=MAX_COUNT + 1),
        lambda: MemberCountFactory(members=MAX_COUNT + 1),
        lambda: TargetFactory(value=Decimal(MAX_COUNT + 1)),
        lambda: AdmissionResultFactory(admitted=10**12),
        lambda: MemberCountFactory(members=10**12),
    ],
)
def test_database_refuses_counts_above_the_limit_whatever_the_engine(make):
    """Writes that skip full_clean (bulk loads, scripts) meet the CheckConstraint."""
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        make()
    assert not AdmissionResult.objects.filter(admitted__gt=MAX_COUNT).exists()
    assert not MemberCount.objects.filter(members__gt=MAX_COUNT).exists()
    assert not Target.objects.filter(value__gt=MAX_COUNT).exists()


def test_admin_form_names_the_field(client, admin_user):
    client.force_login(admin_user)
    locality = LocalityFactory()
    response = client.post(
        reverse("admin:tracking_membercount_add"),
        {
            "locality": locality.pk,
            "as_of": "01/01/2023",
            "members": str(10**12),
            "qualifier": "exact",
        },
    )
    assert response.status_code == 200
    assert "members" in response.context["adminform"].form.errors
    assert not MemberCount.objects.exists()
