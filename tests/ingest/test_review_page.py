"""The review queue: accept and reject on a figure's own page, the quote on screen first,
values written the Vietnamese way."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

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


def change_url(figure):
    return reverse("admin:ingest_extractedfigure_change", args=[figure.pk])


def form_data(client, figure, **changes):
    form = client.get(change_url(figure)).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update(changes)
    return data


def test_a_pending_figure_has_accept_and_reject_buttons(admin_client, pending):
    html = admin_client.get(change_url(pending)).content.decode()
    assert 'name="_accept"' in html and 'name="_reject"' in html


def test_accept_from_the_figure_page_saves_the_correction_and_writes_the_row(
    admin_client, admin_user, pending
):
    data = form_data(admin_client, pending, value="66", _accept="1")
    response = admin_client.post(change_url(pending), data)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == FigureStatus.ACCEPTED and pending.reviewed_by == admin_user
    assert AdmissionResult.objects.get().admitted == 66
    following = ExtractedFigure.objects.filter(status=FigureStatus.PENDING)
    if following.exists():
        assert re.search(r"/admin/ingest/extractedfigure/\d+/change/", response.url)
    else:
        assert response.url.endswith("?status__exact=pending")
    assert not admin_client.get(change_url(pending)).content.decode().count('name="_accept"')


def test_reject_from_the_figure_page_needs_no_valid_form(admin_client, pending):
    response = admin_client.post(change_url(pending), {"_reject": "1", "value": "not a number"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == FigureStatus.REJECTED
    assert not AdmissionResult.objects.exists()


def test_quote_is_the_third_column_and_values_read_vietnamese(admin_client, pending):
    ExtractedFigure.objects.filter(pk=pending.pk).update(value=Decimal("100.00"))
    rate = ExtractedFigure.objects.exclude(pk=pending.pk).first()
    ExtractedFigure.objects.filter(pk=rate.pk).update(value=Decimal("2.50"), value_max=None)
    response = admin_client.get(CHANGELIST)
    html = response.content.decode()
    headers = re.findall(r'<th scope="col" class="([^"]*)"', html)
    columns = [c.split()[0] for c in headers]
    assert columns.index("column-quote_in_sentence") == 3, columns  # after the checkbox
    cells = re.findall(r'<td class="field-value_display[^"]*">([^<]*)</td>', html)
    assert "100" in cells and "2,5" in cells
    assert "100.00" not in html and "2.50" not in cells


def test_figure_page_shows_values_without_trailing_decimals(admin_client, pending):
    ExtractedFigure.objects.filter(pk=pending.pk).update(value=Decimal("100.00"))
    pending.refresh_from_db()
    response = admin_client.get(change_url(pending))
    html = response.content.decode()
    assert re.search(r'name="value" value="100"', html)
    assert "100.00" not in html
    assert str(pending).endswith(": 100")
