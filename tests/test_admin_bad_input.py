"""Every admin add/change form answers bad input with field errors, never a 500.

Each registered model's add form is posted with, field by field: empty, negative, huge
(10^12 and a 400-digit number), impossible dates (31/02/2030), text in number fields and a
period whose end precedes its start. Each answer must be the form again (200) or a redirect
after a valid save (302) — never a server error.
"""

from datetime import date

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from tests.tracking.seed import make_seed

BAD_NUMBERS = ["-1", "1000000000000", "9" * 400, "abc", "1e5", "3,5,6"]
BAD_DATES = ["31/02/2030", "00/00/0000", "2030-13-01", "99/99/99999", "hôm qua"]


@pytest.fixture
def superuser_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def seed(db):
    return make_seed()


def _admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"tracking", "ingest"}
    ]


def _form(superuser_client, model, url):
    response = superuser_client.get(url)
    assert response.status_code == 200, url
    return response.context["adminform"].form


def _baseline(form, seed):
    """A plausible valid-looking payload for every field of the form (dates, numbers, FKs)."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField):
            data[name] = "01/01/2023" if "start" in name or "from" in name else "31/12/2023"
        elif isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
            data[name] = "5"
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = []
        elif isinstance(field, forms.ModelChoiceField):
            first = field.queryset.first()
            data[name] = str(first.pk) if first else ""
            if field.queryset.model.__name__ == "Locality":
                data[name] = str(seed["pac_nam"].pk)
        elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
            choices = [c for c, _label in field.choices if c not in ("", None)]
            data[name] = choices[0] if choices else ""
        elif isinstance(field, forms.BooleanField):
            data[name] = ""
        else:
            data[name] = "Thử"
    return data


def _management(response_form_html):
    """Inline formset management fields, empty (the tests post no inline rows)."""
    return {}


def _variants(form, base):
    yield "empty", {}
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField):
            for bad in BAD_DATES:
                yield f"{name}={bad}", {**base, name: bad}
            yield f"{name}=''", {**base, name: ""}
        elif isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
            for bad in BAD_NUMBERS:
                yield f"{name}={bad[:12]}", {**base, name: bad}
    dates = [n for n, f in form.fields.items() if isinstance(f, forms.DateField)]
    if len(dates) >= 2:
        yield "wrong order", {**base, dates[0]: "31/12/2030", dates[1]: "01/01/2020"}


def _inline_management(superuser_client, url):
    html = superuser_client.get(url).content.decode()
    import re

    data = {}
    for prefix in set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', html)):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_every_admin_add_form_survives_bad_input(superuser_client, seed):
    checked = 0
    for model, _model_admin in _admins():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        if superuser_client.get(url).status_code == 403:
            continue  # no add permission (e.g. figures come from ingest only)
        form = _form(superuser_client, model, url)
        management = _inline_management(superuser_client, url)
        base = _baseline(form, seed)
        for label, data in _variants(form, base):
            response = superuser_client.post(url, {**data, **management})
            assert response.status_code in (200, 302), (model.__name__, label)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("bad_end", ["31/02/2030", ""])
def test_result_with_impossible_or_missing_end_names_the_field(superuser_client, seed, bad_end):
    url = reverse("admin:tracking_admissionresult_add")
    response = superuser_client.post(
        url,
        {
            "locality": seed["pac_nam"].pk,
            "start": "01/01/2030",
            "end": bad_end,
            "admitted": "5",
            "qualifier": "exact",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "end" in errors


def test_every_admin_change_form_survives_bad_dates(superuser_client, seed):
    from tracking.models import AdmissionResult, MemberCount, Target

    for obj in (
        AdmissionResult.objects.first(),
        Target.objects.first(),
        MemberCount.objects.first(),
    ):
        url = reverse(f"admin:tracking_{obj._meta.model_name}_change", args=[obj.pk])
        form = _form(superuser_client, type(obj), url)
        base = {k: v for k, v in form.initial.items() if v is not None}
        base = {
            k: (v.strftime("%d/%m/%Y") if isinstance(v, date) else v)
            for k, v in base.items()
            if not isinstance(v, list)
        }
        for label, data in _variants(form, base):
            response = superuser_client.post(url, data)
            assert response.status_code in (200, 302), (type(obj).__name__, label)


ARTICLE = (
    "Huyện Núi Bạc kết nạp đảng viên mới\n\n"
    "Thứ hai, 02/09/2024\n\n"
    "Năm 2024, huyện Núi Bạc (tỉnh Sông Xanh) phấn đấu kết nạp 60 đảng viên mới. "
    "Trong 8 tháng đầu năm 2024, toàn huyện Núi Bạc đã kết nạp được 41/60 đảng viên.\n"
)


def _initial_payload(form):
    """The form's own values as a browser would post them."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, date):
            data[name] = value.strftime("%d/%m/%Y")
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(value)
    return data


def test_every_admin_change_form_survives_bad_input(superuser_client, seed, tmp_path):
    from ingest.services import sources_ingest

    path = tmp_path / "nui-bac.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    sources_ingest(paths=[path])
    checked = set()
    for model, _model_admin in _admins():
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        label = model._meta
        url = reverse(f"admin:{label.app_label}_{label.model_name}_change", args=[obj.pk])
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        form = response.context["adminform"].form
        management = _inline_management(superuser_client, url)
        base = _initial_payload(form)
        for variant, data in _variants(form, base):
            response = superuser_client.post(url, {**data, **management})
            assert response.status_code in (200, 302), (model.__name__, variant)
        checked.add(model.__name__)
    assert {"Locality", "AdmissionResult", "Target", "MemberCount", "Source"} <= checked
