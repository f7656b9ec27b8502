"""Scope: each role × each page, export and admin action × a unit inside / outside the scope.

The world: the account is granted "Tỉnh Mới" (a new province). Inside its scope lie its own
district "Huyện Trong" and, for days before 01/07/2025, "Huyện Tiền Thân" of the old province
it was formed from; "Huyện Ngoài" of another province lies outside. Every probe answers "did
the account see / do it on that unit"; the expected answer depends on the role and the unit.
Runs on SQLite and PostgreSQL (LAND_PG=1).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from ingest.models import ExtractedFigure, FigureStatus
from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    MemberCountFactory,
    ProvinceFactory,
    SourceFactory,
    TargetFactory,
    UserFactory,
)
from tests.tracking.test_views import LOCALITY_QUERIES, OVERVIEW_QUERIES
from tracking.models import AdmissionResult, Level, Locality, UnitAccess
from tracking.services import access_grant

pytestmark = pytest.mark.django_db

UNITS = {"inside": "Huyện Trong", "predecessor": "Huyện Tiền Thân", "outside": "Huyện Ngoài"}
ROLES = ["xem", "nhap-lieu", "phe-duyet"]


def _figures(unit, year=2023):
    TargetFactory(locality=unit, start=date(year, 1, 1), end=date(year, 12, 31), value=90)
    AdmissionResultFactory(locality=unit, start=date(year, 1, 1), end=date(year, 6, 30))
    MemberCountFactory(locality=unit, as_of=date(year, 1, 1), members=2800)
    source = SourceFactory(text=f"{unit.name} kết nạp 30 đảng viên.")
    ExtractedFigure.objects.create(
        source=source,
        position=0,
        kind="admitted",
        value=Decimal(30),
        locality_name=unit.name,
        level=Level.DISTRICT,
        period_start=date(year, 1, 1),
        period_end=date(year, 9, 30),
        quote="kết nạp 30",
        quote_start=len(unit.name) + 1,
        quote_end=len(unit.name) + 11,
        locality=unit,
    )


@pytest.fixture
def world(db):
    new = ProvinceFactory(name="Tỉnh Mới", valid_from=date(2025, 7, 1))
    old = ProvinceFactory(name="Tỉnh Cũ", valid_until=date(2025, 6, 30), main_successor=new)
    other = ProvinceFactory(name="Tỉnh Khác")
    units = {
        "inside": LocalityFactory(name=UNITS["inside"], parent=new),
        "predecessor": LocalityFactory(
            name=UNITS["predecessor"], parent=old, valid_until=date(2025, 6, 30)
        ),
        "outside": LocalityFactory(name=UNITS["outside"], parent=other),
    }
    for unit in units.values():
        _figures(unit)
    return {"scope": new, "units": units, "other": other}


@pytest.fixture(params=ROLES)
def role(request):
    return request.param


@pytest.fixture
def account(world, role):
    user = UserFactory(username=f"tk-{role}")
    access_grant(user=user, role=role, unit=world["scope"])
    return user


@pytest.fixture
def as_account(client, account):
    client.force_login(account)
    return client


# ---------------------------------------------------------------------------------------------
# Probes: (client, world, unit) -> True when the account saw / did it on that unit.


def _rows_of_export(response) -> str:
    if response["Content-Type"].startswith("text/csv"):
        return "\n".join(",".join(r) for r in csv.reader(io.StringIO(response.content.decode())))
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        ",".join(str(c) for c in row if c is not None)
        for row in book.active.iter_rows(values_only=True)
    )


def _page_names(client, url, params, unit) -> bool:
    response = client.get(url, params)
    assert response.status_code == 200
    return unit.name in response.content.decode()


def overview(client, world, unit):
    return _page_names(client, reverse("tracking:overview"), {}, unit)


def overview_year(client, world, unit):
    return _page_names(client, reverse("tracking:overview"), {"year": 2023}, unit)


def overview_csv(client, world, unit):
    response = client.get(reverse("tracking:overview"), {"_export": "csv", "year": 2023})
    return unit.name in _rows_of_export(response)


def overview_xlsx(client, world, unit):
    response = client.get(reverse("tracking:overview"), {"_export": "xlsx"})
    return unit.name in _rows_of_export(response)


def benchmark_page(client, world, unit):
    return _page_names(client, reverse("tracking:benchmark"), {}, unit)


def benchmark_csv(client, world, unit):
    response = client.get(reverse("tracking:benchmark"), {"_export": "csv"})
    return unit.name in _rows_of_export(response)


def locality_page(client, world, unit):
    response = client.get(unit.get_absolute_url())
    assert response.status_code in (200, 404)
    return response.status_code == 200 and unit.name in response.content.decode()


def parent_page_children(client, world, unit):
    response = client.get(unit.parent.get_absolute_url())
    return response.status_code == 200 and unit.name in response.content.decode()


def locality_results_csv(client, world, unit):
    response = client.get(unit.get_absolute_url(), {"_export": "csv", "_table": "results"})
    return response.status_code == 200 and "23" in _rows_of_export(response).split("\n", 1)[1]


def completeness_page(client, world, unit):
    url = reverse("tracking:completeness", args=[unit.parent.slug])
    response = client.get(url, {"year": 2023})
    return response.status_code == 200 and unit.name in response.content.decode()


def completeness_csv(client, world, unit):
    url = reverse("tracking:completeness", args=[unit.parent.slug])
    response = client.get(url, {"year": 2023, "_export": "csv"})
    return response.status_code == 200 and unit.name in _rows_of_export(response)


def search_box(client, world, unit):
    response = client.get(reverse("tracking:search"), {"q": unit.name})
    return response.status_code == 200 and unit in response.context["found"]


def report_page(client, world, unit):
    response = client.get(reverse("tracking:report", args=[unit.slug]), {"year": 2023})
    assert response.status_code in (200, 404)
    return response.status_code == 200 and unit.name in response.content.decode()


def province_filter_choice(client, world, unit):
    response = client.get(reverse("tracking:overview"))
    choices = response.context["filters"].form.fields["province"].queryset
    return unit.parent in choices


def _admin_sees(client, name, unit) -> bool:
    response = client.get(reverse(f"admin:{name}_changelist"))
    if response.status_code != 200:
        return False
    return unit.name in response.content.decode()


def admin_results(client, world, unit):
    return _admin_sees(client, "tracking_admissionresult", unit)


def admin_targets(client, world, unit):
    return _admin_sees(client, "tracking_target", unit)


def admin_member_counts(client, world, unit):
    return _admin_sees(client, "tracking_membercount", unit)


def admin_localities(client, world, unit):
    return _admin_sees(client, "tracking_locality", unit)


def admin_review_queue(client, world, unit):
    return _admin_sees(client, "ingest_extractedfigure", unit)


def admin_sources(client, world, unit):
    response = client.get(reverse("admin:ingest_source_changelist"))
    source = ExtractedFigure.objects.get(locality=unit).source
    return response.status_code == 200 and source.title in response.content.decode()


def admin_result_history(client, world, unit):
    result = AdmissionResult.objects.get(locality=unit)
    response = client.get(reverse("admin:tracking_admissionresult_history", args=[result.pk]))
    return response.status_code == 200


def admin_result_change_page(client, world, unit):
    result = AdmissionResult.objects.get(locality=unit)
    response = client.get(reverse("admin:tracking_admissionresult_change", args=[result.pk]))
    return response.status_code == 200


def admin_autocomplete(client, world, unit):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": unit.name,
            "app_label": "tracking",
            "model_name": "admissionresult",
            "field_name": "locality",
        },
    )
    return response.status_code == 200 and any(
        r["id"] == str(unit.pk) for r in response.json()["results"]
    )


def _result_form(result, **changes):
    data = {
        "locality": result.locality_id,
        "start": result.start.strftime("%d/%m/%Y"),
        "end": result.end.strftime("%d/%m/%Y"),
        "admitted": result.admitted,
        "qualifier": result.qualifier,
        "quote": result.quote,
    }
    data.update(changes)
    return data


def admin_result_correct(client, world, unit):
    result = AdmissionResult.objects.get(locality=unit)
    url = reverse("admin:tracking_admissionresult_change", args=[result.pk])
    client.post(url, _result_form(result, admitted=24))
    result.refresh_from_db()
    return result.admitted == 24


def admin_result_add(client, world, unit):
    client.post(
        reverse("admin:tracking_admissionresult_add"),
        _result_form(
            AdmissionResult(
                locality=unit, start=date(2024, 1, 1), end=date(2024, 6, 30), admitted=11
            )
        ),
    )
    return AdmissionResult.objects.filter(locality=unit, admitted=11).exists()


def admin_result_delete(client, world, unit):
    result = AdmissionResult.objects.get(locality=unit)
    url = reverse("admin:tracking_admissionresult_delete", args=[result.pk])
    client.post(url, {"post": "yes"})
    return not AdmissionResult.objects.filter(pk=result.pk).exists()


def review_queue_accept(client, world, unit):
    figure = ExtractedFigure.objects.get(locality=unit)
    client.post(
        reverse("admin:ingest_extractedfigure_changelist"),
        {"action": "accept", ACTION_CHECKBOX_NAME: [figure.pk]},
    )
    figure.refresh_from_db()
    return figure.status == FigureStatus.ACCEPTED


READS = [
    overview,
    overview_year,
    overview_csv,
    overview_xlsx,
    benchmark_page,
    benchmark_csv,
    locality_page,
    parent_page_children,
    locality_results_csv,
    completeness_page,
    completeness_csv,
    search_box,
    report_page,
    province_filter_choice,
]
ADMIN_READS = [
    admin_results,
    admin_targets,
    admin_member_counts,
    admin_localities,
    admin_review_queue,
    admin_sources,
    admin_result_history,
    admin_result_change_page,
]
WRITES = [
    admin_autocomplete,
    admin_result_correct,
    admin_result_add,
    admin_result_delete,
    review_queue_accept,
]
PROBES = READS + ADMIN_READS + WRITES


def expected(probe, role, where) -> bool:
    if where == "outside":
        return False
    if probe in READS:
        return True
    return role != "xem"  # the admin is for Nhập liệu and Phê duyệt


@pytest.mark.parametrize("where", list(UNITS))
@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.__name__)
def test_matrix(as_account, world, role, probe, where):
    assert probe(as_account, world, world["units"][where]) is expected(probe, role, where)


def test_matrix_size():
    """The matrix's size, reported: roles × probes × units."""
    assert len(ROLES) * len(PROBES) * len(UNITS) == 3 * 27 * 3


# ---------------------------------------------------------------------------------------------
# Around the matrix


def test_account_without_unit_is_told_it_sees_nothing(client, world):
    user = UserFactory(username="moi")
    client.force_login(user)
    for url in [reverse("tracking:overview"), reverse("tracking:benchmark")]:
        response = client.get(url)
        assert response.status_code == 403
        assert "chưa được giao đơn vị nào" in response.content.decode()
    response = client.get(reverse("tracking:overview"), {"_export": "csv"})
    assert response.status_code == 403
    assert world["units"]["inside"].get_absolute_url()
    assert client.get(world["units"]["inside"].get_absolute_url()).status_code == 403


def test_superuser_sees_every_unit(admin_client, world):
    html = admin_client.get(reverse("tracking:overview")).content.decode()
    assert all(name in html for name in UNITS.values())


def test_out_of_scope_unit_answers_404_like_a_missing_one(client, world):
    user = UserFactory(username="xem1")
    access_grant(user=user, role="xem", unit=world["scope"])
    client.force_login(user)
    assert client.get(world["units"]["outside"].get_absolute_url()).status_code == 404
    assert client.get("/localities/khong-co-don-vi-nay/").status_code == 404
    assert client.get(world["other"].get_absolute_url()).status_code == 404


def test_scoped_overview_query_count(client, world, django_assert_num_queries):
    """The account's grants (one query, then cached for the request) and, on the overview, its
    unit for the top-level totals: the scope itself is a subquery of the page's own queries."""
    user = UserFactory(username="xem2")
    access_grant(user=user, role="xem", unit=world["scope"])
    client.force_login(user)
    client.get(reverse("tracking:overview"))  # warm caches (content types, benchmark)
    with django_assert_num_queries(OVERVIEW_QUERIES + 2):
        client.get(reverse("tracking:overview"))
    with django_assert_num_queries(LOCALITY_QUERIES + 1):
        client.get(world["scope"].get_absolute_url())


def test_grant_command_creates_the_account_and_prints_its_password(world, capsys):
    call_command(
        "grant", "nguoi-moi", "--role", "nhap-lieu", "--unit", world["scope"].slug, "--create"
    )
    out = capsys.readouterr().out
    assert "password: " in out
    access = UnitAccess.objects.get(user__username="nguoi-moi")
    assert access.unit == world["scope"] and access.role == "nhap-lieu"
    assert access.user.is_staff
    assert access.user.groups.filter(name="Nhập liệu").exists()
    password = out.split("password: ")[1].strip()
    assert access.user.check_password(password)


def test_grant_command_finds_the_unit_by_code_and_refuses_unknown(world):
    world["scope"].code = "99"
    world["scope"].save()
    UserFactory(username="co-san")
    call_command("grant", "co-san", "--role", "xem", "--unit", "99")
    assert UnitAccess.objects.filter(user__username="co-san", unit=world["scope"]).exists()
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="khong-co"):
        call_command("grant", "co-san", "--role", "xem", "--unit", "khong-co")
    with pytest.raises(CommandError, match="--create"):
        call_command("grant", "chua-co", "--role", "xem", "--unit", "99")


def test_roles_are_groups_created_by_migration(db):
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {"Xem", "Nhập liệu", "Phê duyệt"} <= names
    editor = Group.objects.get(name="Nhập liệu").permissions.values_list("codename", flat=True)
    assert "change_admissionresult" in editor
    viewer = Group.objects.get(name="Xem").permissions.values_list("codename", flat=True)
    assert "change_admissionresult" not in viewer


def test_ingest_accept_with_user_refuses_units_outside_scope(world):
    from django.core.exceptions import ValidationError

    from ingest.services import figure_accept

    user = UserFactory(username="nl")
    access_grant(user=user, role="nhap-lieu", unit=world["scope"])
    outside = ExtractedFigure.objects.get(locality=world["units"]["outside"])
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        figure_accept(figure=outside, user=user)
    inside = ExtractedFigure.objects.get(locality=world["units"]["inside"])
    figure_accept(figure=inside, user=user)
    assert Locality.objects.visible_to(user).filter(pk=world["units"]["predecessor"].pk).exists()


def test_overview_top_level_is_the_accounts_unit_not_the_country(client, world):
    user = UserFactory(username="xem3")
    access_grant(user=user, role="xem", unit=world["scope"])
    client.force_login(user)
    response = client.get(reverse("tracking:overview"), {"year": 2023})
    names = {row["name"] for row in response.context["provinces"].data}
    assert "Tỉnh Khác" not in names and UNITS["outside"] not in names
    assert response.context["top_unit"] == world["scope"]
    csv_text = _rows_of_export(
        client.get(
            reverse("tracking:overview"), {"year": 2023, "_table": "provinces", "_export": "csv"}
        )
    )
    assert "Tỉnh Khác" not in csv_text
