"""Pure roll-up arithmetic: totals of a unit and of every unit beneath it, at every level.

No ORM: plain numbers and ids in, plain numbers out (`tracking.totals` feeds it from the
database). The rules:

- sums, never averages: admissions summed, targets summed, progress = summed admissions ÷
  summed targets over the units that have both, the annual rate = summed admissions ÷ summed
  members over the units that have both;
- a unit's own figure is never added to its children's: a unit that reports its own total
  counts with that total in the units above it (its children's figures stay beneath it and are
  shown beside the total, with a mismatch flag when they differ); a unit without its own figure
  counts with the sum of what lies beneath it;
- "n of m units reported": m units directly beneath that existed in the period, n of them with
  a figure of their own or beneath them;
- a new unit's figures before 01/07/2025 are the sum of its predecessors', approximate when a
  predecessor was split between several new units.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """One unit's own figures for a period (None: not reported)."""

    admitted: int | None = None
    target: float | None = None
    members: int | None = None
    # The unit was split between several new units (its figure is not wholly the new unit's).
    split: bool = False

    @property
    def reported(self) -> bool:
        return self.admitted is not None or self.target is not None


@dataclass(frozen=True)
class Totals:
    """Summed figures of some units."""

    admitted: int = 0  # summed admissions of the units with a result
    target: float = 0.0  # summed targets of the units with a target
    admitted_with_target: int = 0  # the two sums over the units that have both
    target_with_admitted: float = 0.0
    admitted_with_members: int = 0
    members: int = 0  # summed members of the units with a result and a member count
    with_result: int = 0  # units counted (at every level) with a result
    with_target: int = 0
    with_both: int = 0
    approximate: bool = False

    @property
    def reported(self) -> bool:
        return bool(self.with_result or self.with_target)

    @property
    def progress(self) -> float | None:
        """Summed admissions ÷ summed targets of the units with both (a fraction, not averaged)."""
        if not self.target_with_admitted:
            return None
        return self.admitted_with_target / self.target_with_admitted

    def rate(self, years: float = 1.0) -> float | None:
        """Summed admissions ÷ summed members, in % per year (`years` the period covers)."""
        if not self.members or not years:
            return None
        return self.admitted_with_members * 100 / self.members / years

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            admitted=self.admitted + other.admitted,
            target=self.target + other.target,
            admitted_with_target=self.admitted_with_target + other.admitted_with_target,
            target_with_admitted=self.target_with_admitted + other.target_with_admitted,
            admitted_with_members=self.admitted_with_members + other.admitted_with_members,
            members=self.members + other.members,
            with_result=self.with_result + other.with_result,
            with_target=self.with_target + other.with_target,
            with_both=self.with_both + other.with_both,
            approximate=self.approximate or other.approximate,
        )


EMPTY = Totals()


def totals_of(figure: Figure | None, approximate: bool = False) -> Totals:
    """One unit's own figure as Totals (EMPTY when it reported nothing)."""
    if figure is None or not figure.reported:
        return EMPTY
    admitted, target = figure.admitted, figure.target
    both = admitted is not None and target is not None
    has_members = admitted is not None and bool(figure.members)
    return Totals(
        admitted=admitted or 0,
        target=float(target or 0),
        admitted_with_target=admitted if both else 0,
        target_with_admitted=float(target) if both else 0.0,
        admitted_with_members=admitted if has_members else 0,
        members=figure.members if has_members else 0,
        with_result=int(admitted is not None),
        with_target=int(target is not None),
        with_both=int(both),
        approximate=approximate and figure.split,
    )


def sum_totals(items: Iterable[Totals]) -> Totals:
    total = EMPTY
    for item in items:
        total = total + item
    return total


def sum_figures(figures: Iterable[Figure], approximate: bool = False) -> Totals:
    """The Totals of many units' own figures: `sum_totals(map(totals_of, …))`, in one pass of
    plain integers (a whole country's tens of thousands of units in milliseconds)."""
    admitted = admitted_t = admitted_m = members = with_result = with_target = with_both = 0
    target = target_a = 0.0
    approx = False
    for figure in figures:
        a, t = figure.admitted, figure.target
        if a is not None:
            admitted += a
            with_result += 1
            if figure.members:
                admitted_m += a
                members += figure.members
            if t is not None:
                admitted_t += a
                target_a += t
                with_both += 1
        if t is not None:
            target += t
            with_target += 1
        if approximate and figure.split and (a is not None or t is not None):
            approx = True
    return Totals(
        admitted=admitted,
        target=float(target),
        admitted_with_target=admitted_t,
        target_with_admitted=float(target_a),
        admitted_with_members=admitted_m,
        members=members,
        with_result=with_result,
        with_target=with_target,
        with_both=with_both,
        approximate=approx,
    )


def mismatch(reported: Figure | None, beneath: Totals) -> bool:
    """True when a unit's own total and the sum of the units beneath it disagree."""
    if reported is None or reported.admitted is None or not beneath.with_result:
        return False
    return reported.admitted != beneath.admitted


@dataclass(frozen=True)
class Line:
    """A unit directly beneath the top: its own figure, what lies beneath it, what counts."""

    unit: int
    own: Figure | None
    beneath: Totals
    counted: Totals  # its own figure if it has one, else the sum beneath it

    @property
    def reported(self) -> bool:
        return self.counted.reported

    @property
    def mismatch(self) -> bool:
        return mismatch(self.own, self.beneath)


@dataclass(frozen=True)
class Subtree:
    """A unit's totals for a period: its own reported figure, and the sum of the units beneath."""

    own: Figure | None
    beneath: Totals  # the sum of the units beneath (each counted once, see the module doc)
    lines: list[Line] = field(default_factory=list)  # one per unit directly beneath

    @property
    def reported_children(self) -> int:
        """n of "n of m units reported"."""
        return sum(1 for line in self.lines if line.reported)

    @property
    def expected_children(self) -> int:
        """m of "n of m units reported"."""
        return len(self.lines)

    @property
    def mismatch(self) -> bool:
        return mismatch(self.own, self.beneath)


def counted_beneath(
    ancestor: int,
    links: Iterable[tuple[int, int, int]],
    figures: Mapping[int, Figure],
    approximate: bool = False,
) -> Totals:
    """The sum of what lies beneath `ancestor`, each reporting unit counted once.

    `links` are (ancestor, descendant, depth ≥ 1) of the hierarchy (closure rows), at least
    those whose descendant reports and whose ancestor reports or is `ancestor`. A reporting
    unit counts unless a reporting unit lies between it and `ancestor` (that one counts with
    its own total instead)."""
    return _beneath_many([ancestor], links, figures, approximate)[ancestor]


def _beneath_many(tops, links, figures, approximate) -> dict[int, Totals]:
    reporting = {pk for pk, figure in figures.items() if figure.reported}
    links = [link for link in links if link[2] > 0 and link[1] in reporting]
    # For each reporting unit: the depth of its nearest reporting unit above it.
    nearest: dict[int, int] = {}
    for ancestor, descendant, depth in links:
        if ancestor in reporting and depth < nearest.get(descendant, 1 << 30):
            nearest[descendant] = depth
    wanted = set(tops)
    counted: dict[int, dict[int, Figure]] = {top: {} for top in tops}
    far = 1 << 30
    for ancestor, descendant, depth in links:
        if ancestor not in wanted or nearest.get(descendant, far) < depth:
            continue  # not asked for, or counted with a reporting unit between the two
        counted[ancestor][descendant] = figures[descendant]
    return {top: sum_figures(counted[top].values(), approximate) for top in tops}


def subtree(
    top: int | None,
    children: Iterable[int],
    links: Iterable[tuple[int, int, int]],
    figures: Mapping[int, Figure],
    approximate: bool = False,
) -> Subtree:
    """Totals of `top` for one period.

    `top` None: the whole country. `children`: the units directly beneath `top` that existed
    in the period; `links`: closure rows (ancestor, descendant, depth) covering top, its
    children and the reporting units;
    `figures`: each reporting unit's own figure. `approximate`: the top is a new unit and the
    period lies before it (a split predecessor then makes its totals approximate)."""
    children = list(dict.fromkeys(children))
    links = list(links)
    beneath = _beneath_many(children, links, figures, approximate)
    lines = []
    for child in children:
        own = figures.get(child)
        own = own if own is not None and own.reported else None
        counted = totals_of(own, approximate) if own is not None else beneath[child]
        lines.append(Line(unit=child, own=own, beneath=beneath[child], counted=counted))
    top_own = figures.get(top)
    return Subtree(
        own=top_own if top_own is not None and top_own.reported else None,
        # The rows' sum, so that the total and the table beneath it cannot disagree.
        beneath=sum_totals([line.counted for line in lines]),
        lines=lines,
    )


def predecessor_series(
    predecessors: Iterable[tuple[Mapping[int, Figure], bool]],
) -> dict[int, Totals]:
    """A new unit's yearly series before 01/07/2025: the sum of its predecessors' figures.

    `predecessors`: for each predecessor, its figures by year and whether it was split between
    several new units (its sum is then marked approximate)."""
    series: dict[int, Totals] = {}
    for by_year, split in predecessors:
        for year, figure in by_year.items():
            part = totals_of(Figure(figure.admitted, figure.target, figure.members, split), True)
            series[year] = series.get(year, EMPTY) + part
    return dict(sorted(series.items()))
