"""Which register unit an extracted place name is: name and level, then the article's context.

A name is looked up among the localities of its level (any Unicode form, case or tone
placement: Hoà = Hòa). Several units share most commune names ("Tân Lập", "Phú Xuân") and
some names are both a province and a district ("Quảng Ninh"), so the candidates are narrowed,
each step kept only when something is left:

1. the article's date: published before 01/07/2025 → the units valid then (the old ones),
   on or after it → the new ones (REORGANISATION_DATE); units that did not change are valid
   on both sides;
2. the provinces: the figure's own, then those the article names or located a unit in (its
   main district's): units directly in one of them, else units that ever lay beneath one of
   them or beneath its predecessors or successors;
3. for communes, the districts the article names;
4. register units before localities outside the register.

One unit left: resolved. Several: the figure waits in the review queue with its candidates.
None: nothing is created at a register level once the register is loaded (it is a closed
list); the figure waits for the reviewer to pick the unit.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ingest import extract, places
from tracking.models import Level, Locality, LocalityLink
from tracking.names import name_key

REGISTER_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
_LEVEL_ORDER = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}


@dataclass(frozen=True)
class Resolution:
    """A name's unit when it is certain, else the units it may be (in the register's order)."""

    locality: Locality | None
    candidates: tuple[Locality, ...] = ()


_TONE_PAIRS = [
    ("oá", "óa"),
    ("oà", "òa"),
    ("oả", "ỏa"),
    ("oã", "õa"),
    ("oạ", "ọa"),
    ("oé", "óe"),
    ("oè", "òe"),
    ("oẻ", "ỏe"),
    ("oẽ", "õe"),
    ("oẹ", "ọe"),
    ("uý", "úy"),
    ("uỳ", "ùy"),
    ("uỷ", "ủy"),
    ("uỹ", "ũy"),
    ("uỵ", "ụy"),
]


def name_variants(name: str) -> set[str]:
    """The spellings of `name` under old and new tone placement (hoà/hòa, Thuý/Thúy)."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    pairs = _TONE_PAIRS + [(old.capitalize(), new.capitalize()) for old, new in _TONE_PAIRS]
    variants = {name}
    for old, new in pairs:
        variants |= {v.replace(old, new) for v in variants} | {
            v.replace(new, old) for v in variants
        }
    return variants


def _spellings(name: str) -> set[str]:
    """Exact spellings to look a name up by (the database compares case-sensitively)."""
    variants = name_variants(name)
    return variants | {v.title() for v in variants} | {v.lower() for v in variants}


def localities_named(name: str, levels) -> list[Locality]:
    """Localities of one of `levels` whose name is `name` in any spelling (register order)."""
    key = name_key(name)
    found = Locality.objects.filter(level__in=levels, name__in=_spellings(name)).order_by(
        "code", "pk"
    )
    return [loc for loc in found if name_key(loc.name) == key]


def _valid_on(loc: Locality, day: date) -> bool:
    return (loc.valid_from is None or loc.valid_from <= day) and (
        loc.valid_until is None or loc.valid_until >= day
    )


def _narrow(candidates: list[Locality], keep) -> list[Locality]:
    kept = [c for c in candidates if keep(c)]
    return kept or candidates


@dataclass
class ArticleContext:
    """What an article says about where its figures are: its date, the provinces and districts
    it names, and the units already resolved from it (its main district, its provinces)."""

    day: date | None = None
    province_names: set[str] = field(default_factory=set)  # as written
    district_names: set[str] = field(default_factory=set)  # as written
    province_ids: set[int] = field(default_factory=set)
    _families: dict[frozenset, set[int]] = field(default_factory=dict)
    _provinces: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def of_figures(cls, figures, *, published: date | None, text: str = "") -> ArticleContext:
        """The context of an article from its figures and, when given, the districts its
        text names ("xã Phú Xuân, huyện Thọ Xuân": the district only locates the commune)."""
        context = cls(day=published, district_names=_districts_named_in(text))
        for figure in figures:
            if figure.province:
                context.province_names.add(figure.province)
            if figure.locality and figure.level == Level.PROVINCE:
                context.province_names.add(figure.locality)
            if figure.locality and figure.level == Level.DISTRICT:
                context.district_names.add(figure.locality)
        return context

    def learn(self, unit: Locality) -> None:
        """A unit resolved from this article locates the others (its province, itself)."""
        if unit.level == Level.PROVINCE:
            self.province_ids.add(unit.pk)
        elif unit.province_id:
            self.province_ids.add(unit.province_id)
        if unit.level == Level.DISTRICT:
            self.district_names.add(unit.name)

    def named_province_ids(self) -> set[int]:
        """The provinces the article names or located a unit in (either side of 2025)."""
        ids = set(self.province_ids)
        for name in self.province_names:
            ids |= self.provinces_named(name)
        return ids

    def provinces_named(self, name: str | None) -> set[int]:
        """The provinces (old and new) called `name`."""
        if not name:
            return set()
        if name not in self._provinces:
            self._provinces[name] = {p.pk for p in localities_named(name, [Level.PROVINCE])}
        return self._provinces[name]

    def province_family(self, ids: set[int]) -> set[int]:
        """`ids` with their predecessor and successor provinces."""
        key = frozenset(ids)
        if key not in self._families:
            family = set(ids)
            if ids:
                through = Locality.successors.through
                provinces = through.objects.filter(
                    from_locality__level=Level.PROVINCE, to_locality__level=Level.PROVINCE
                )
                pairs = provinces.filter(from_locality_id__in=ids) | provinces.filter(
                    to_locality_id__in=ids
                )
                for old, new in pairs.values_list("from_locality_id", "to_locality_id"):
                    family |= {old, new}
            self._families[key] = family
        return self._families[key]


def _first_narrowing(candidates: list[Locality], *keeps) -> list[Locality]:
    """The candidates the first of `keeps` leaves (the most specific test that fits any)."""
    for keep in keeps:
        kept = [c for c in candidates if keep(c)]
        if kept:
            return kept
    return candidates


def _districts_named_in(text: str) -> set[str]:
    if not text:
        return set()
    return {
        m.name
        for m in places.find_mentions(extract.normalise(text).text)
        if m.name and m.level == places.DISTRICT
    }


def unit_choose(
    candidates: list[Locality], *, context: ArticleContext, province_name: str | None = None
) -> Resolution:
    """Narrow same-named candidates by the article's date and places (see the module doc);
    `province_name`, the province the figure itself is placed in, counts before the others."""
    if len(candidates) <= 1:
        return Resolution(candidates[0] if candidates else None)
    if context.day is not None:
        candidates = _narrow(candidates, lambda c: _valid_on(c, context.day))
    ancestors: dict[int, set[int]] = {}
    district_names: dict[int, set[str]] = {}
    for descendant, ancestor, level, name in LocalityLink.objects.filter(
        descendant__in=[c.pk for c in candidates], depth__gt=0
    ).values_list("descendant", "ancestor", "ancestor__level", "ancestor__name"):
        ancestors.setdefault(descendant, set()).add(ancestor)
        if level == Level.DISTRICT:
            district_names.setdefault(descendant, set()).add(name_key(name))
    own = context.provinces_named(province_name)
    named = context.named_province_ids()

    def directly_in(ids):
        return lambda c: (c.pk if c.level == Level.PROVINCE else c.province_id) in ids

    def ever_beneath(ids):
        family = context.province_family(ids)
        return lambda c: bool(ancestors.get(c.pk, set()) & family)

    steps = [directly_in(own), directly_in(named), ever_beneath(own), ever_beneath(named)]
    candidates = _first_narrowing(candidates, *(s for s in steps))
    if context.district_names:
        named_districts = {name_key(n) for n in context.district_names}
        candidates = _narrow(
            candidates, lambda c: bool(district_names.get(c.pk, set()) & named_districts)
        )
    candidates = _narrow(candidates, lambda c: c.register_key is not None)
    if len(candidates) == 1:
        return Resolution(candidates[0])
    return Resolution(None, tuple(candidates))


def register_unit_resolve(
    *, name: str, level: str, context: ArticleContext, province_name: str | None = None
) -> Resolution:
    """The register unit (province, district or commune) an article's `name` at `level` is.

    A name not found at its level is looked for at the other register levels ("thành phố X"
    may be a province or a district)."""
    candidates = localities_named(name, [level])
    if not candidates:
        candidates = localities_named(name, [lv for lv in REGISTER_LEVELS if lv != level])
    resolution = unit_choose(candidates, context=context, province_name=province_name)
    if resolution.locality is not None:
        context.learn(resolution.locality)
    return resolution


def party_unit_resolve(
    *, name: str, context: ArticleContext, province_name: str | None = None
) -> Locality | None:
    """The register unit an organisation named like one is ("Đảng bộ Quảng Ninh" is the
    province's party organisation, "Đảng bộ Yên Ninh" the commune's), when the article's
    context leaves exactly one; else None (a school, the police … stay organisations)."""
    candidates = localities_named(name, REGISTER_LEVELS)
    if not candidates:
        return None
    if context.day is not None:
        candidates = _narrow(candidates, lambda c: _valid_on(c, context.day))
    provinces = context.provinces_named(province_name) | context.named_province_ids()
    if provinces:
        candidates = [
            c
            for c in candidates
            if (c.pk if c.level == Level.PROVINCE else c.province_id) in provinces
        ]
    # The broadest unit of that name in the province: "Đảng bộ Thái Nguyên" is the province.
    levels = sorted({_LEVEL_ORDER[c.level] for c in candidates})
    top = [c for c in candidates if levels and _LEVEL_ORDER[c.level] == levels[0]]
    if len(top) == 1:
        context.learn(top[0])
        return top[0]
    return None


def register_loaded() -> bool:
    """Whether the official register is in the database (else localities are made as named)."""
    return Locality.objects.register().exists()


def resolution_order(figures) -> list[int]:
    """Indexes of `figures` in the order to resolve them: provinces, districts (the most
    named first, as the article's main unit), communes, then the rest."""
    counts = Counter((f.locality, f.level) for f in figures if f.locality)
    return sorted(
        range(len(figures)),
        key=lambda i: (
            _LEVEL_ORDER.get(figures[i].level, 3),
            -counts.get((figures[i].locality, figures[i].level), 0),
            i,
        ),
    )
