"""Loading the official register of units (seeds/register/, see its README) into Locality.

`register_load()` is idempotent: a unit is found by its register key, else an existing
locality of the same name, level and province (from the demo, ingest or the admin) takes the
key, code, validity and parent; only what differs is written (with history), and a second
run writes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tracking.hierarchy import links_rebuild
from tracking.models import Level, Locality
from tracking.names import name_key

REGISTER_DIR = settings.BASE_DIR / "seeds" / "register"
UNIT_COLUMNS = (
    "key",
    "code",
    "level",
    "kind",
    "name",
    "province_key",
    "parent_key",
    "former_parent_key",
    "valid_from",
    "valid_until",
)
SUCCESSOR_COLUMNS = ("old_key", "new_key", "main")
LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
UPDATED_FIELDS = [
    "name",
    "kind",
    "code",
    "register_key",
    "parent",
    "province",
    "former_parent",
    "main_successor",
    "valid_from",
    "valid_until",
]


@dataclass(frozen=True)
class RegisterReport:
    created: int
    matched: int
    updated: int
    unchanged: int
    successors: int
    links: int


def _rows(path: Path, columns) -> list[tuple[int, dict]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = set(columns) - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(
            _("%(file)s: thiếu cột %(cols)s") % {"file": path, "cols": ", ".join(sorted(missing))}
        )
    return list(enumerate(reader, start=2))


def _day(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("%(where)s: ngày “%(value)s” không hợp lệ") % {"where": where, "value": value}
        ) from None


def _read_units(path: Path) -> dict[str, dict]:
    units: dict[str, dict] = {}
    for line, row in _rows(path, UNIT_COLUMNS):
        where = f"{path}:{line}"
        row = {k: (v or "").strip() for k, v in row.items()}
        if not row["key"] or not row["name"] or row["level"] not in LEVELS or row["key"] in units:
            raise ValidationError(
                _("%(where)s: mã “%(key)s”, cấp hoặc tên không hợp lệ (hoặc mã trùng)")
                % {"where": where, "key": row["key"]}
            )
        row["valid_from"] = _day(row["valid_from"], where)
        row["valid_until"] = _day(row["valid_until"], where)
        row["where"] = where
        units[row["key"]] = row
    for row in units.values():
        for field in ("province_key", "parent_key", "former_parent_key"):
            if row[field] and row[field] not in units:
                raise ValidationError(
                    _("%(where)s: không có đơn vị “%(key)s” (%(field)s)")
                    % {"where": row["where"], "key": row[field], "field": field}
                )
    return units


def _read_successors(path: Path, units: dict) -> tuple[set[tuple[str, str]], dict[str, str]]:
    pairs, main = set(), {}
    for line, row in _rows(path, SUCCESSOR_COLUMNS):
        old, new = (row["old_key"] or "").strip(), (row["new_key"] or "").strip()
        if old not in units or new not in units or (row["main"] or "").strip() not in {"0", "1"}:
            raise ValidationError(
                _("%(where)s: cặp “%(old)s” → “%(new)s” không hợp lệ")
                % {"where": f"{path}:{line}", "old": old, "new": new}
            )
        pairs.add((old, new))
        if row["main"].strip() == "1":
            if main.get(old, new) != new:
                raise ValidationError(
                    _("%(where)s: “%(old)s” có hai đơn vị kế thừa chính")
                    % {"where": f"{path}:{line}", "old": old}
                )
            main[old] = new
    return pairs, main


def _era(row) -> int:
    """Matching preference: a unit valid across the date, then an old one, then a new one."""
    return 0 if not row["valid_from"] and not row["valid_until"] else 1 if row["valid_until"] else 2


def _match_existing(units: dict[str, dict], by_key: dict[str, Locality]) -> dict[str, Locality]:
    """Existing localities outside the register that are register units: same name (any
    spelling), level and province; the closest parent name breaks ties."""
    loose: dict[tuple, list[Locality]] = {}
    for loc in Locality.objects.filter(register_key__isnull=True, level__in=LEVELS).select_related(
        "province", "parent"
    ):
        province = name_key(loc.province.name) if loc.province else ""
        loose.setdefault((name_key(loc.name), loc.level, province), []).append(loc)
    if not loose:
        return {}
    matched = {}
    for row in sorted(units.values(), key=lambda r: (LEVELS.index(r["level"]), _era(r), r["key"])):
        if row["key"] in by_key:
            continue
        provinces = {
            units[row["province_key"]]["name"] if row["province_key"] else "",
            units[units[row["former_parent_key"]]["province_key"]]["name"]
            if row["former_parent_key"]
            else None,
        } - {None}
        parent_names = {
            name_key(units[row[f]]["name"]) for f in ("parent_key", "former_parent_key") if row[f]
        }
        for province in provinces:
            found = loose.get((name_key(row["name"]), row["level"], name_key(province)))
            if found:
                found.sort(
                    key=lambda loc: (
                        loc.parent is None or name_key(loc.parent.name) not in parent_names
                    )
                )
                matched[row["key"]] = found.pop(0)
                break
    return matched


def _slug(row, units, taken: set[str]) -> str:
    parts = [row["name"]]
    if row["province_key"]:
        parts.append(units[row["province_key"]]["name"])
    base = slugify("-".join(parts).replace("đ", "d").replace("Đ", "D"))[:200] or "don-vi"
    slug = base if base not in taken else f"{base}-{row['code']}"
    n = 2
    while slug in taken:
        slug, n = f"{base}-{row['code']}-{n}", n + 1
    taken.add(slug)
    return slug


@transaction.atomic
def register_load(*, directory: Path | None = None) -> RegisterReport:
    """Load units.csv and successors.csv from `directory` (default: the shipped register).

    All or nothing: a bad row raises ValidationError naming the file, the line and the reason.
    """
    directory = Path(directory or REGISTER_DIR)
    units = _read_units(directory / "units.csv")
    pairs, main = _read_successors(directory / "successors.csv", units)

    by_key = {loc.register_key: loc for loc in Locality.objects.filter(register_key__isnull=False)}
    matched = _match_existing(units, by_key)
    for key, loc in matched.items():
        loc.register_key = key
        by_key[key] = loc
    taken = set(Locality.objects.values_list("slug", flat=True))

    def wanted(row) -> dict:
        def pk(key):
            return by_key[key].pk if key and key in by_key else None

        return {
            "name": row["name"],
            "kind": row["kind"],
            "code": row["code"],
            "register_key": row["key"],
            "parent_id": pk(row["parent_key"]),
            "province_id": pk(row["province_key"]) if row["level"] != Level.PROVINCE else None,
            "former_parent_id": pk(row["former_parent_key"]),
            "main_successor_id": pk(main.get(row["key"])),
            "valid_from": row["valid_from"],
            "valid_until": row["valid_until"],
        }

    created = 0
    fresh: set[str] = set()
    order = sorted(units.values(), key=lambda r: (LEVELS.index(r["level"]), _era(r) == 1, r["key"]))
    # Per level, new units first: an old unit's main successor exists when it is made.
    for level, old in ((lv, old) for lv in LEVELS for old in (False, True)):
        batch = [
            Locality(level=level, slug=_slug(row, units, taken), **wanted(row))
            for row in order
            if row["level"] == level and (_era(row) == 1) == old and row["key"] not in by_key
        ]
        if batch:
            for loc in bulk_create_with_history(batch, Locality, batch_size=1000):
                by_key[loc.register_key] = loc
                fresh.add(loc.register_key)
            created += len(batch)
    # Without pks returned by the database, read them back.
    if any(loc.pk is None for loc in by_key.values()):
        by_key = {
            loc.register_key: loc for loc in Locality.objects.filter(register_key__isnull=False)
        }

    changed = []
    for key, row in units.items():
        loc = by_key[key]
        fields = wanted(row)
        if key in matched or any(getattr(loc, f) != v for f, v in fields.items()):
            for f, v in fields.items():
                setattr(loc, f, v)
            changed.append(loc)
    if changed:
        bulk_update_with_history(changed, Locality, UPDATED_FIELDS, batch_size=1000)
    updated = sum(loc.register_key not in fresh for loc in changed)

    through = Locality.successors.through
    ids = {key: loc.pk for key, loc in by_key.items()}
    want_pairs = {(ids[o], ids[n]) for o, n in pairs}
    register_ids = set(ids.values())
    have = {
        (f, t): pk
        for pk, f, t in through.objects.filter(from_locality_id__in=register_ids).values_list(
            "pk", "from_locality_id", "to_locality_id"
        )
        if t in register_ids
    }
    stale = [pk for pair, pk in have.items() if pair not in want_pairs]
    through.objects.filter(pk__in=stale).delete()
    added = [
        through(from_locality_id=f, to_locality_id=t) for f, t in sorted(want_pairs - have.keys())
    ]
    through.objects.bulk_create(added, batch_size=2000)

    links_created, links_deleted = links_rebuild()
    return RegisterReport(
        created=created,
        matched=len(matched),
        updated=updated,
        unchanged=len(units) - created - updated,  # created rows counted once
        successors=len(added) + len(stale),
        links=links_created + links_deleted,
    )
