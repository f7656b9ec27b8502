"""Pure: the seven breakdowns of admissions (women, ethnic minorities, …), summed and shared.

No ORM: any objects or mappings with `admitted` and the breakdown fields. Used by the unit
page, the results export and any total of results (`tracking.totals` can call `breakdown_sum`
over the same rows it sums admissions of).

The rules:
- a breakdown's share is of the admitted count of the rows that report that breakdown (a
  result that says nothing about women does not dilute the share of women);
- a breakdown nobody reported is None, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# (field, label): the order the unit page and the exports use.
BREAKDOWNS = (
    ("women", _("Nữ")),
    ("ethnic_minority", _("Dân tộc thiểu số")),
    ("religious", _("Tôn giáo")),
    ("youth_union", _("Đoàn viên")),
    ("under_30", _("Dưới 30 tuổi")),
    ("students", _("Học sinh, sinh viên")),
    ("private_enterprise", _("Doanh nghiệp ngoài nhà nước")),
)
FIELDS = tuple(name for name, _label in BREAKDOWNS)


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    count: int | None  # None: not reported
    admitted: int  # the admitted count of the rows that report this breakdown

    @property
    def share(self) -> float | None:
        """count ÷ admitted (a fraction), None when not computable."""
        if self.count is None or not self.admitted:
            return None
        return self.count / self.admitted


def _get(row, name):
    if isinstance(row, Mapping):
        return row.get(name)
    return getattr(row, name, None)


def breakdown_sum(rows: Iterable) -> list[Part]:
    """Each breakdown summed over `rows`, with the admitted count it is a share of."""
    rows = list(rows)
    parts = []
    for name, label in BREAKDOWNS:
        count = admitted = 0
        reported = False
        for row in rows:
            value = _get(row, name)
            if value is None:
                continue
            reported = True
            count += value
            admitted += _get(row, "admitted") or 0
        parts.append(Part(name, str(label), count if reported else None, admitted))
    return parts


def breakdown_of(row) -> list[Part]:
    """One result's breakdowns (each a share of its own admitted count)."""
    return breakdown_sum([row])


def reported(parts: Iterable[Part]) -> list[Part]:
    """The parts someone reported."""
    return [part for part in parts if part.count is not None]
