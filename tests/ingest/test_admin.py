"""The review queue: figures shown in their sentence, accepted or rejected through the services."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from ingest.admin import sentence_around
from ingest.models import ExtractedFigure, FigureStatus
from ingest.services import sources_ingest
from tests.ingest.test_services import ARTICLE, write
from tracking.models import AdmissionResult

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:ingest_extractedfigure_changelist")


@pytest.fixture
def pending(tmp_path):
    sources_ingest(paths=[write(tmp_path, "tan-phuoc.txt", ARTICLE)])
    return ExtractedFigure.objects.get(kind="admitted")


def test_sentence_around_keeps_the_quote_exact():
    text = "Câu đầu. Năm 2023, xã kết nạp được 12/14 đảng viên mới. Câu sau."
    start = text.index("kết nạp")
    before, quote, after = sentence_around(text, start, start + len("kết nạp được 12/14"))
    assert before == "Năm 2023, xã "
    assert quote == "kết nạp được 12/14"
    assert after == " đảng viên mới."


def test_queue_lists_pending_figures_with_quote_in_sentence(admin_client, pending):
    response = admin_client.get(CHANGELIST, {"status__exact": "pending"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<mark>{pending.quote}</mark>" in html
    assert "toàn huyện Tân Phước đã" in html, "the quote is shown within its sentence"
    assert response.context["cl"].result_count == ExtractedFigure.objects.count()
    assert (
        admin_client.get(CHANGELIST, {"status__exact": "accepted"}).context["cl"].result_count == 0
    )


def test_accept_action_writes_the_row(admin_client, admin_user, pending):
    response = admin_client.post(
        CHANGELIST, {"action": "accept", ACTION_CHECKBOX_NAME: [pending.pk]}, follow=True
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == FigureStatus.ACCEPTED
    assert pending.reviewed_by == admin_user
    result = AdmissionResult.objects.get()
    assert result.admitted == 64 and result.source_id == pending.source_id
    assert "Đã duyệt 1 số liệu" in response.content.decode()


def test_reject_action(admin_client, pending):
    admin_client.post(CHANGELIST, {"action": "reject", ACTION_CHECKBOX_NAME: [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == FigureStatus.REJECTED
    assert not AdmissionResult.objects.exists()


def test_value_corrected_in_the_form_then_accepted(admin_client, pending):
    url = reverse("admin:ingest_extractedfigure_change", args=[pending.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(value="66", period_start="01/01/2024", period_end="30/06/2024")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pending.refresh_from_db()
    assert pending.value == Decimal("66")
    assert pending.history.count() == 2, "the correction is kept with who and when"
    admin_client.post(CHANGELIST, {"action": "accept", ACTION_CHECKBOX_NAME: [pending.pk]})
    assert AdmissionResult.objects.get().admitted == 66


def test_accept_failure_is_reported_not_half_written(admin_client, pending):
    pending.value = Decimal("64.5")
    pending.save()
    response = admin_client.post(
        CHANGELIST, {"action": "accept", ACTION_CHECKBOX_NAME: [pending.pk]}, follow=True
    )
    assert "Chưa duyệt được" in response.content.decode()
    assert "số nguyên" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == FigureStatus.PENDING
    assert not AdmissionResult.objects.exists()
