"""Writes of the tracking app that touch several rows at once."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tracking.models import Level, Locality

LOCALITY_COLUMNS = ["level", "name", "parent_level", "parent_name", "code"]


@dataclass(frozen=True)
class LoadReport:
    created: int
    unchanged: int


@transaction.atomic
def localities_load(*, text: str, name: str = "localities.csv") -> LoadReport:
    """Load a register of localities (CSV: level,name,parent_level,parent_name,code).

    Parents must come before their children. All rows or none: a bad row raises
    ValidationError naming the file, the line and the reason.
    """
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = set(LOCALITY_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            _("%(file)s: thiếu cột %(cols)s") % {"file": name, "cols": ", ".join(sorted(missing))}
        )
    created = unchanged = 0
    levels = set(Level.values)
    for line, row in enumerate(reader, start=2):
        level, locality_name = row["level"].strip(), " ".join(row["name"].split())
        where = f"{name}:{line}"
        if level not in levels or not locality_name:
            raise ValidationError(
                _("%(where)s: cấp “%(level)s” hoặc tên không hợp lệ")
                % {"where": where, "level": level}
            )
        parent = None
        if row["parent_name"].strip():
            parent = Locality.objects.filter(
                name=" ".join(row["parent_name"].split()), level=row["parent_level"].strip()
            ).first()
            if parent is None:
                raise ValidationError(
                    _("%(where)s: chưa có đơn vị cấp trên “%(parent)s”")
                    % {"where": where, "parent": row["parent_name"]}
                )
        locality, was_created = Locality.objects.get_or_create(
            name=locality_name,
            level=level,
            parent=parent,
            defaults={"code": row["code"].strip()},
        )
        created += was_created
        unchanged += not was_created
    return LoadReport(created=created, unchanged=unchanged)
