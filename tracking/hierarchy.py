"""The hierarchy's closure table (`LocalityLink`): built from each unit's edges upwards.

A unit's edges (its parents over time):
- `parent`, valid while the unit is; for a unit valid across 01/07/2025 that changed parent
  then, `former_parent` until 30/06/2025 and `parent` from 01/07/2025;
- its main successor, for an old unit (one with `valid_until`) at the same level or replaced by
  a unit of a lower level (an island district became a special zone): the new unit holds it for
  the days it existed, so a new province's subtree on a day in 2023 is its predecessors'.

A link's validity is the intersection of the validity of the edges on its path; paths whose
validity is empty are dropped. `links_rebuild()` (the register loader) writes the difference
between what is and what should be; `links_refresh(unit=…)` (Locality.save) rebuilds the links
of one unit and of what lies beneath it.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from tracking.models import REORGANISATION_DATE, Level, Locality, LocalityLink

FIELDS = (
    "pk",
    "level",
    "parent_id",
    "former_parent_id",
    "main_successor_id",
    "valid_from",
    "valid_until",
)
_UP_TO_DISTRICT = {Level.PROVINCE, Level.DISTRICT}


def unit_edges(unit: dict, successor_level: str | None) -> list[tuple]:
    """The unit's edges upwards: (parent id, valid_from, valid_until)."""
    edges = []
    if unit["former_parent_id"]:
        edges.append((unit["former_parent_id"], None, REORGANISATION_DATE - timedelta(days=1)))
        if unit["parent_id"]:
            edges.append((unit["parent_id"], REORGANISATION_DATE, None))
    elif unit["parent_id"]:
        edges.append((unit["parent_id"], unit["valid_from"], unit["valid_until"]))
    successor = unit["main_successor_id"]
    if (
        successor
        and successor != unit["pk"]
        and unit["valid_until"] is not None
        and not (unit["level"] == Level.DISTRICT and successor_level == Level.PROVINCE)
        and not (unit["level"] == Level.PROVINCE and successor_level not in _UP_TO_DISTRICT)
    ):
        edges.append((successor, unit["valid_from"], unit["valid_until"]))
    return edges


def _intersect(a_from, a_until, b_from, b_until):
    start = a_from if b_from is None else b_from if a_from is None else max(a_from, b_from)
    end = a_until if b_until is None else b_until if a_until is None else min(a_until, b_until)
    if start is not None and end is not None and end < start:
        return None
    return start, end


def closure(units: dict[int, dict]) -> set[tuple]:
    """Every link (ancestor, descendant, depth, valid_from, valid_until) among `units`."""
    level = {pk: u["level"] for pk, u in units.items()}
    edges = {pk: unit_edges(u, level.get(u["main_successor_id"])) for pk, u in units.items()}
    memo: dict[int, set[tuple]] = {}

    def up(pk: int, path: frozenset) -> set[tuple]:
        if pk in memo:
            return memo[pk]
        found = {(pk, 0, None, None)}
        for parent, vf, vu in edges.get(pk, ()):
            if parent in path or parent not in units:
                continue  # a cycle or a dangling edge: never loop
            for ancestor, depth, af, au in up(parent, path | {pk}):
                span = _intersect(af, au, vf, vu)
                if span is not None:
                    found.add((ancestor, depth + 1, *span))
        memo[pk] = found
        return found

    links = set()
    for pk in units:
        links |= {(a, pk, d, f, u) for a, d, f, u in up(pk, frozenset())}
    return links


@transaction.atomic
def links_rebuild() -> tuple[int, int]:
    """Bring the whole closure table in line with the units; returns (created, deleted)."""
    units = {u["pk"]: u for u in Locality.objects.values(*FIELDS)}
    wanted = closure(units)
    existing = {}
    for row in LocalityLink.objects.values_list(
        "pk", "ancestor_id", "descendant_id", "depth", "valid_from", "valid_until"
    ):
        existing.setdefault(row[1:], []).append(row[0])
    stale = [pk for key, pks in existing.items() for pk in (pks if key not in wanted else pks[1:])]
    for start in range(0, len(stale), 5000):
        LocalityLink.objects.filter(pk__in=stale[start : start + 5000]).delete()
    missing = [
        LocalityLink(ancestor_id=a, descendant_id=d, depth=n, valid_from=f, valid_until=u)
        for a, d, n, f, u in sorted(wanted - existing.keys())
    ]
    LocalityLink.objects.bulk_create(missing, batch_size=2000)
    return len(missing), len(stale)


@transaction.atomic
def links_refresh(*, unit: Locality) -> None:
    """Rebuild the links of `unit` and of every unit beneath it (after a save)."""
    below = set(
        LocalityLink.objects.filter(ancestor=unit, depth__gt=0).values_list(
            "descendant_id", flat=True
        )
    )
    pending = [unit.pk, *below]
    units = {u["pk"]: u for u in Locality.objects.filter(pk__in=pending).values(*FIELDS)}
    # Parents' links as they stand (outside the part being rebuilt), then the part top-down.
    for pk in _top_down(units):
        u = units[pk]
        successor_level = (
            Locality.objects.filter(pk=u["main_successor_id"])
            .values_list("level", flat=True)
            .first()
            if u["main_successor_id"]
            else None
        )
        wanted = {(pk, pk, 0, None, None)}
        for parent, vf, vu in unit_edges(u, successor_level):
            for a, d, af, au in LocalityLink.objects.filter(descendant_id=parent).values_list(
                "ancestor_id", "depth", "valid_from", "valid_until"
            ):
                span = _intersect(af, au, vf, vu)
                if span is not None and a != pk:
                    wanted.add((a, pk, d + 1, *span))
        LocalityLink.objects.filter(descendant_id=pk).delete()
        LocalityLink.objects.bulk_create(
            LocalityLink(ancestor_id=a, descendant_id=d, depth=n, valid_from=f, valid_until=v)
            for a, d, n, f, v in sorted(wanted)
        )


def _top_down(units: dict[int, dict]) -> list[int]:
    """Units ordered so that each comes after those of its parents that are in `units`."""
    order, seen = [], set()

    def visit(pk, path=()):
        if pk in seen or pk in path:
            return
        u = units[pk]
        for parent in (u["parent_id"], u["former_parent_id"], u["main_successor_id"]):
            if parent in units and parent != pk:
                visit(parent, (*path, pk))
        seen.add(pk)
        order.append(pk)

    for pk in units:
        visit(pk)
    return order
