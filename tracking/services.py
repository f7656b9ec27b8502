"""Writes of the tracking app that touch several rows at once."""

from __future__ import annotations

from django.db import transaction

from tracking.models import Locality


def progress_refresh(*, locality_ids) -> int:
    """Rebuild the Progress rows of these localities from their figures; returns rows written.

    Three reads for the whole batch, then one delete and one insert: safe to call for one
    locality on every save, and for every locality after a bulk load.
    """
    from tracking import progress
    from tracking.models import AdmissionResult, MemberCount, Metric, Progress, Target

    locality_ids = set(locality_ids)
    if not locality_ids:
        return 0
    by_locality = {pk: ([], [], []) for pk in locality_ids}
    targets = Target.objects.filter(locality_id__in=locality_ids, metric=Metric.COUNT)
    for target in targets.only("locality_id", "start", "end", "value", "value_max", "qualifier"):
        by_locality[target.locality_id][0].append(target)
    fields = (
        "locality_id",
        "start",
        "end",
        "end_estimated",
        "admitted",
        "qualifier",
        "reported_percent",
    )
    for result in AdmissionResult.objects.filter(locality_id__in=locality_ids).only(*fields):
        by_locality[result.locality_id][1].append(result)
    counts = MemberCount.objects.filter(locality_id__in=locality_ids)
    for count in counts.only("locality_id", "as_of", "members"):
        by_locality[count.locality_id][2].append(count)
    rows = []
    for locality_id, (loc_targets, loc_results, loc_counts) in by_locality.items():
        for rank, row in enumerate(
            progress.period_rows(loc_targets, loc_results, loc_counts), start=1
        ):
            figures = row.assessment
            rows.append(
                Progress(
                    locality_id=locality_id,
                    rank=rank,
                    period_start=row.period_start,
                    period_end=row.period_end,
                    has_target=row.has_target,
                    target_value=row.target_value,
                    target_value_max=row.target_value_max,
                    target_qualifier=row.target_qualifier,
                    admitted=row.admitted,
                    admitted_as_of=row.admitted_as_of,
                    admitted_as_of_estimated=row.admitted_as_of_estimated,
                    admitted_qualifier=row.admitted_qualifier,
                    reported_percent=row.reported_percent,
                    members=row.members,
                    members_as_of=row.members_as_of,
                    progress_pct=None if figures.progress is None else figures.progress * 100,
                    expected_pct=None if figures.expected is None else figures.expected * 100,
                    rate_pct=figures.rate,
                    denominator_estimated=figures.denominator_estimated,
                    pace_status=figures.pace.value if figures.pace else "",
                    projection=figures.projection,
                )
            )
    with transaction.atomic():
        Progress.objects.filter(locality_id__in=locality_ids).delete()
        Progress.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def progress_refresh_all(*, batch: int = 2000) -> int:
    """Rebuild every locality's Progress rows (after a bulk load), `batch` localities at a time."""
    written = 0
    ids = list(Locality.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), batch):
        written += progress_refresh(locality_ids=ids[i : i + batch])
    return written


@transaction.atomic
def access_grant(*, user, role: str, unit: Locality):
    """Give `user` `role` on `unit` (and everything beneath it); returns the UnitAccess.

    The account joins the role's group (its model permissions); editors and approvers become
    staff, so that they can enter figures in the admin. One role per account and unit: a
    second grant on the same unit replaces the role.
    """
    from django.contrib.auth.models import Group

    from tracking.models import ROLE_GROUPS, Role, UnitAccess

    role = Role(role)
    access, _ = UnitAccess.objects.update_or_create(user=user, unit=unit, defaults={"role": role})
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    if role != Role.VIEWER and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return access
