"""Admin validation messages say what is wrong, once, in Vietnamese without stray spaces."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.tracking.seed import make_seed
from tracking.models import AdmissionResult

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogues():
    call_command("compile_translations")


def test_negative_count_says_it_must_not_be_negative(admin_client):
    seed = make_seed()
    result = AdmissionResult.objects.filter(locality=seed["pac_nam"]).first()
    url = reverse("admin:tracking_admissionresult_change", args=[result.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(
        locality=result.locality_id,
        start=result.start.strftime("%d/%m/%Y"),
        end=result.end.strftime("%d/%m/%Y"),
        admitted="-5",
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["admitted"] == ["Số kết nạp không được âm."]
    html = response.content.decode()
    assert "Cần có số kết nạp" not in html
    assert not any(" ." in message for field in errors.values() for message in field)
