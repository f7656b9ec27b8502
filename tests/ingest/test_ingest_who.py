"""Every write records who: `ingest` names --user or the system user's own account, and the
articles and the localities it creates have history with that account."""

import getpass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from ingest.models import ExtractedFigure, Source
from tests.factories import UserFactory
from tracking.history import acting_user, history_user, system_account
from tracking.models import AdmissionResult, Locality

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Huyện Đồi Mây kết nạp đảng viên mới\n\n"
    "Thứ ba, 10/09/2024\n\n"
    "Năm 2024, huyện Đồi Mây (tỉnh Sông Xanh) phấn đấu kết nạp 80 đảng viên mới. "
    "Trong 8 tháng đầu năm 2024, toàn huyện Đồi Mây đã kết nạp được 52/80 đảng viên.\n"
)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "doi-may.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _everything_names(user):
    source = Source.objects.get()
    assert source.ingested_by == user
    assert source.history.count() == 1
    assert source.history.get().history_user == user
    created = Locality.objects.all()  # the register is not loaded: ingest creates them
    assert created.filter(name="Đồi Mây").exists()
    for locality in created:
        assert {h.history_user for h in locality.history.all()} == {user}, locality
    for figure in ExtractedFigure.objects.all():
        assert {h.history_user for h in figure.history.all()} == {user}
    result = AdmissionResult.objects.get()
    assert result.entered_by == user
    assert {h.history_user for h in result.history.all()} == {user}


def test_ingest_without_user_records_the_system_user(article, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "vanhanh")
    call_command("ingest", str(article), "--accept", verbosity=0)
    account = get_user_model().objects.get(username="system.vanhanh")
    assert not account.is_active and not account.has_usable_password()
    _everything_names(account)


def test_ingest_with_user_records_that_user(article):
    # Accepting is scoped to the account's units (tracking/access.py): the superuser's are all.
    user = UserFactory(username="bien-tap", is_superuser=True)
    call_command("ingest", str(article), "--accept", "--user", "bien-tap", verbosity=0)
    _everything_names(user)
    assert not get_user_model().objects.filter(username__startswith="system.").exists()


def test_ingest_refuses_when_nobody_can_be_named(article, monkeypatch):
    def unknown():
        raise KeyError("getpwuid(): uid not found: 12345")

    monkeypatch.setattr(getpass, "getuser", unknown)
    with pytest.raises(CommandError, match="--user USERNAME"):
        call_command("ingest", str(article), verbosity=0)
    assert not Source.objects.exists() and not Locality.objects.exists()


def test_ingest_refuses_an_unknown_user(article):
    with pytest.raises(CommandError, match="no user named 'khong-co'"):
        call_command("ingest", str(article), "--user", "khong-co", verbosity=0)
    assert not Source.objects.exists()


def test_system_account_is_reused_and_named_safely():
    first = system_account("root")
    assert first.username == "system.root"
    assert system_account("root") == first
    assert system_account("nguyen van/a b").username == "system.nguyenvanab"
    with pytest.raises(LookupError):
        system_account("///")


def test_acting_user_prefers_the_named_account():
    user = UserFactory(username="nhap-lieu")
    assert acting_user("nhap-lieu") == user


def test_history_user_is_only_for_the_block():
    user = UserFactory(username="trong-khoi")
    with history_user(user):
        inside = Locality.objects.create(name="Xã Trong", level="commune")
    outside = Locality.objects.create(name="Xã Ngoài", level="commune")
    assert inside.history.get().history_user == user
    assert outside.history.get().history_user is None
