"""Totals of a unit and of every unit beneath it for a year or a term, in a constant number of
queries whatever the size of the subtree (the arithmetic is `tracking.rollup`'s).

A period's figures are the stored `Progress` rows that lie inside it: for a year, the periods
inside that calendar year (a 2020–2024 figure is not one year's); for a term, the multi-year
periods inside the term's dates. What lies beneath a unit during a period comes from the
closure table, its rows valid on some day of the period: the new Thái Nguyên's 2023 holds old
Bắc Kạn's districts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import ExtractYear

from tracking import rollup
from tracking.collation import sort_key
from tracking.models import REORGANISATION_DATE, Level, Locality, LocalityLink, Progress, Term


@dataclass(frozen=True)
class Period:
    """A calendar year or a congress term: what a totals page is about."""

    start: date
    end: date
    year: int | None = None
    term: Term | None = None

    @classmethod
    def for_year(cls, year: int) -> Period:
        return cls(start=date(year, 1, 1), end=date(year, 12, 31), year=year)

    @classmethod
    def for_term(cls, term: Term) -> Period:
        return cls(start=term.start, end=term.end, term=term)

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else str(self.term)

    @property
    def query(self) -> dict:
        """The query-string parameters that select this period."""
        return {"year": self.year} if self.year is not None else {"term": self.term.pk}

    @property
    def querystring(self) -> str:
        """ "year=2023" or "term=2": for links that keep the period."""
        return urlencode(self.query)

    @property
    def years(self) -> float:
        """Years the period covers, for the annual rate of a term."""
        return 1.0 if self.year is not None else max(1.0, (self.end - self.start).days / 365.25)


def _during(period: Period, prefix: str = "") -> Q:
    """Rows (localities or links) valid on at least one day of `period`."""
    return (
        Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": period.end})
    ) & (
        Q(**{f"{prefix}valid_until__isnull": True})
        | Q(**{f"{prefix}valid_until__gte": period.start})
    )


def figures_in(period: Period):
    """Progress rows that are figures of `period` (see the module docstring)."""
    rows = Progress.objects.filter(period_start__gte=period.start, period_end__lte=period.end)
    if period.year is not None:
        return rows
    return rows.exclude(period_start__year=ExtractYear("period_end"))


def latest_year(unit: Locality | None = None) -> int | None:
    """The latest calendar year with a one-year figure (beneath `unit` when given)."""
    rows = Progress.objects.filter(period_start__year=ExtractYear("period_end"))
    if unit is not None:
        rows = rows.filter(locality__in=_beneath(unit, None).values("descendant"))
    return rows.aggregate(year=Max("period_end__year"))["year"]


def _beneath(unit: Locality, period: Period | None, depth: int | None = None):
    links = LocalityLink.objects.filter(ancestor=unit)
    if period is not None:
        links = links.filter(_during(period))
    if depth is not None:
        links = links.filter(depth=depth)
    return links


def _split():
    """Annotation: the unit went into several new units (successors besides its main one)."""
    through = Locality.successors.through.objects.filter(
        from_locality_id=OuterRef("locality_id")
    ).exclude(to_locality_id=OuterRef("locality__main_successor_id"))
    return Exists(through)


def _best(rows) -> dict[int, rollup.Figure]:
    """Each unit's figure: the period with a target and a result first, then the best rank.

    `rows`: tuples in FIGURE_FIELDS order."""
    best: dict[int, tuple] = {}
    for row in rows:
        key = (row[3] is None or row[2] is None, row[1])
        held = best.get(row[0])
        if held is None or key < held[0]:
            best[row[0]] = (key, row)
    return {
        pk: rollup.Figure(
            admitted=row[2],
            target=None if row[3] is None else float(row[3]),
            members=row[4],
            split=row[5],
        )
        for pk, (_, row) in best.items()
    }


FIGURE_FIELDS = ("locality_id", "rank", "admitted", "target_value", "members", "split")
UNIT_FIELDS = ("pk", "name", "slug", "level", "code", "valid_from", "valid_until")


@dataclass(frozen=True)
class UnitTotals:
    """A unit's page for a period: its own figure, the sum beneath, one line per child."""

    period: Period
    tree: rollup.Subtree
    children: dict[int, dict]  # pk -> UNIT_FIELDS of the units directly beneath

    @property
    def lines(self) -> list[tuple[dict, rollup.Line]]:
        return [(self.children[line.unit], line) for line in self.tree.lines]

    @property
    def rate(self) -> float | None:
        return self.tree.beneath.rate(self.period.years)


def unit_totals(unit: Locality | None, period: Period) -> UnitTotals:
    """Totals of `unit` (None: the whole country, by current province) for `period`: 3 queries."""
    if unit is None:
        children_qs = Locality.objects.filter(level=Level.PROVINCE, valid_until__isnull=True)
        reporting = figures_in(period).values("locality_id")
        tops = Q(ancestor__in=children_qs.values("pk"))
    else:
        children_qs = Locality.objects.filter(
            pk__in=_beneath(unit, period, depth=1).values("descendant")
        ).filter(_during(period))
        reporting = figures_in(period).filter(
            locality__in=_beneath(unit, period).values("descendant")
        )
        tops = Q(ancestor=unit) | Q(ancestor__in=_beneath(unit, period, 1).values("descendant"))
        reporting = reporting.values("locality_id")
    units = sorted(children_qs.values(*UNIT_FIELDS), key=lambda row: sort_key(row["name"]))
    children = {row["pk"]: row for row in units}  # in Vietnamese order (Đ after D)
    rows = (
        figures_in(period)
        .filter(locality__in=reporting)
        .annotate(split=_split())
        .values_list(*FIGURE_FIELDS)
    )
    figures = _best(rows)
    links = LocalityLink.objects.filter(_during(period), depth__gt=0, descendant__in=reporting)
    links = links.filter(tops | Q(ancestor__in=reporting)).values_list(
        "ancestor_id", "descendant_id", "depth"
    )
    approximate = (
        unit is not None and unit.valid_from is not None and period.start < unit.valid_from
    ) or (unit is None and period.start < REORGANISATION_DATE)
    tree = rollup.subtree(
        unit.pk if unit is not None else None,
        children,
        links,
        figures,
        approximate=approximate,
    )
    return UnitTotals(period=period, tree=tree, children=children)


def period_from(query, unit: Locality | None = None) -> Period | None:
    """The period asked for by `?year=` or `?term=` (a term's id), else the latest year with
    figures (beneath `unit`), else None."""
    term = query.get("term")
    if term and str(term).isdigit():
        found = Term.objects.filter(pk=int(term)).first()
        if found is not None:
            return Period.for_term(found)
    year = query.get("year")
    if year and str(year).isdigit() and 1900 < int(year) < 2200:
        return Period.for_year(int(year))
    latest = latest_year(unit)
    return Period.for_year(latest) if latest else None


def sources_beneath(unit: Locality, period: Period) -> list[dict]:
    """The articles behind the figures of `unit` and the units beneath it in `period` (title,
    url, published), one query."""
    from tracking.models import AdmissionResult, MemberCount, Target

    beneath = _beneath(unit, period).values("descendant")
    inside = {"start__gte": period.start, "end__lte": period.end}
    ids = (
        Q(pk__in=Target.objects.filter(locality__in=beneath, **inside).values("source"))
        | Q(pk__in=AdmissionResult.objects.filter(locality__in=beneath, **inside).values("source"))
        | Q(
            pk__in=MemberCount.objects.filter(
                locality__in=beneath, as_of__gte=period.start, as_of__lte=period.end
            ).values("source")
        )
    )
    source_model = Target._meta.get_field("source").related_model
    return list(
        source_model.objects.filter(ids)
        .order_by("-published", "title")
        .values("title", "url", "published")
    )
