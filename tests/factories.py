"""factory-boy factories for tests: realistic defaults, override what a test is about."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from tracking.models import AdmissionResult, Level, Locality, MemberCount, Metric, Target, Term


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    password = factory.django.Password("mat-khau-thu-nghiem")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    level = Level.PROVINCE
    parent = None


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Huyện Thử {n}")
    level = Level.DISTRICT
    parent = factory.SubFactory(ProvinceFactory)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("name",)

    name = "2020–2025"
    start = date(2020, 1, 1)
    end = date(2025, 12, 31)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    locality = factory.SubFactory(LocalityFactory)
    start = date(2023, 1, 1)
    end = date(2023, 12, 31)
    metric = Metric.COUNT
    value = Decimal("90")


class AdmissionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdmissionResult

    locality = factory.SubFactory(LocalityFactory)
    start = date(2023, 1, 1)
    end = date(2023, 6, 30)
    admitted = 23


class MemberCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberCount

    locality = factory.SubFactory(LocalityFactory)
    as_of = date(2023, 1, 1)
    members = 2800


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ingest.Source"

    title = factory.Sequence(lambda n: f"Bài viết {n}")
    url = factory.Sequence(lambda n: f"https://baochi.example.vn/bai-{n}")
    published = date(2023, 7, 1)
    text = "Nội dung"
    text_hash = factory.Sequence(lambda n: f"{n:064d}")
