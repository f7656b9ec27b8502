"""Build seeds/register/ from the MIT-licensed PyPI package vietnamadminunits (1.0.4).

    pip download --no-deps vietnamadminunits==1.0.4 && unzip vietnamadminunits-1.0.4-*.whl -d x
    python tools/build_register.py x/vietnamadminunits/data

Reads `dataset.db` (tables `admin_units_legacy`: the units valid until 30/06/2025, one row per
commune with its district and province; `admin_units`: the units valid from 01/07/2025) and
`converter_2025.json` (the crosswalk, keyed on the normalised names the tables carry) and
writes, deterministically:

- `units.csv`: one row per unit. `key` is a stable id built from level and statistics-office
  code (`p:19`, `d:058`, `c:01840`); a code used by different units before and after the
  reorganisation gets `:old` / `:new`. A unit with the same type, name and code on both sides
  is one row valid across 01/07/2025; its `former_parent_key` is its parent until 30/06/2025.
- `successors.csv`: old unit -> new unit(s); `main` is 1 for the unit that carries a split
  unit on (the package's `isDefaultNewWard`), and for every unit that went wholly into one.

Only the standard library: the product never imports vietnamadminunits (nor its geocoding
dependencies); the names and codes are shipped as data.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "seeds" / "register"
OLD_UNTIL = "2025-06-30"
NEW_FROM = "2025-07-01"
UNIT_COLUMNS = [
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
]


def province_kind(full: str, short: str) -> str:
    kind = full.removesuffix(short).strip()
    if kind not in {"Tỉnh", "Thành phố"}:
        raise SystemExit(f"unexpected province name {full!r}")
    return kind


def build(data: Path) -> tuple[list[dict], list[dict]]:
    db = sqlite3.connect(data / "dataset.db")
    db.row_factory = sqlite3.Row
    legacy = db.execute(
        "SELECT * FROM admin_units_legacy ORDER BY wardCode, districtCode"
    ).fetchall()
    current = db.execute("SELECT * FROM admin_units ORDER BY wardCode").fetchall()
    crosswalk = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))

    # Provinces: (kind, name, code) on each side; the same triple on both is one unit.
    old_prov, new_prov = {}, {}
    for r in legacy:
        old_prov[r["provinceKey"]] = (
            province_kind(r["province"], r["provinceShort"]),
            r["provinceShort"],
            r["provinceCode"],
        )
    for r in current:
        new_prov[r["provinceKey"]] = (
            province_kind(r["province"], r["provinceShort"]),
            r["provinceShort"],
            r["provinceCode"],
        )
    old_ward = {
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r for r in legacy if r["wardCode"]
    }
    new_ward = {(r["provinceKey"], r["wardKey"]): r for r in current}
    assert len(new_ward) == len(current), "new (province, ward) keys are not unique"

    def keys(level: str, old: dict, new: dict) -> tuple[dict, dict]:
        """Key per old and per new unit: shared when (kind, name, code) match."""
        new_triples = set(new.values())
        old_codes = {t[2] for t in old.values()}
        new_codes = {t[2] for t in new.values()}
        old_keys, new_keys = {}, {}
        for k, t in old.items():
            same = t in new_triples
            suffix = "" if same or t[2] not in new_codes else ":old"
            old_keys[k] = f"{level}:{t[2]}{suffix}"
        old_triples = set(old.values())
        for k, t in new.items():
            same = t in old_triples
            suffix = "" if same or t[2] not in old_codes else ":new"
            new_keys[k] = f"{level}:{t[2]}{suffix}"
        return old_keys, new_keys

    old_prov_key, new_prov_key = keys("p", old_prov, new_prov)
    old_ward_t = {k: (r["wardType"], r["wardShort"], r["wardCode"]) for k, r in old_ward.items()}
    new_ward_t = {k: (r["wardType"], r["wardShort"], r["wardCode"]) for k, r in new_ward.items()}
    old_ward_key, new_ward_key = keys("c", old_ward_t, new_ward_t)

    units: dict[str, dict] = {}

    def unit(key, code, level, kind, name, province_key, parent_key, valid_from, valid_until):
        row = units.get(key)
        if row is None:
            units[key] = {
                "key": key,
                "code": code,
                "level": level,
                "kind": kind,
                "name": name,
                "province_key": province_key,
                "parent_key": parent_key,
                "former_parent_key": "",
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
            return
        # Seen on the other side: one unit valid across the date.
        assert (row["code"], row["kind"], row["name"]) == (code, kind, name), key
        if valid_from == NEW_FROM:  # the new side is the current parent
            if row["parent_key"] != parent_key:
                row["former_parent_key"] = row["parent_key"]
            row["parent_key"], row["province_key"] = parent_key, province_key
        elif row["parent_key"] != parent_key:
            row["former_parent_key"] = parent_key
        row["valid_from"] = row["valid_until"] = ""

    for pk, (kind, name, code) in sorted(old_prov.items(), key=lambda i: i[1][2]):
        unit(old_prov_key[pk], code, "province", kind, name, "", "", "", OLD_UNTIL)
    for pk, (kind, name, code) in sorted(new_prov.items(), key=lambda i: i[1][2]):
        unit(new_prov_key[pk], code, "province", kind, name, "", "", NEW_FROM, "")
    district_key = {}
    for r in legacy:
        pkey = old_prov_key[r["provinceKey"]]
        dkey = f"d:{r['districtCode']}"
        district_key[(r["provinceKey"], r["districtKey"])] = dkey
        if dkey not in units:
            unit(
                dkey,
                r["districtCode"],
                "district",
                r["districtType"],
                r["districtShort"],
                pkey,
                pkey,
                "",
                OLD_UNTIL,
            )
    for k, r in old_ward.items():
        pkey = old_prov_key[r["provinceKey"]]
        dkey = district_key[(r["provinceKey"], r["districtKey"])]
        unit(
            old_ward_key[k],
            r["wardCode"],
            "commune",
            r["wardType"],
            r["wardShort"],
            pkey,
            dkey,
            "",
            OLD_UNTIL,
        )
    for k, r in new_ward.items():
        pkey = new_prov_key[r["provinceKey"]]
        unit(
            new_ward_key[k],
            r["wardCode"],
            "commune",
            r["wardType"],
            r["wardShort"],
            pkey,
            pkey,
            NEW_FROM,
            "",
        )

    def old_unit_key(composite: str) -> str:
        if composite in old_ward:
            return old_ward_key[composite]
        province, district, ward = composite.split("_")
        assert not ward, composite  # a district without communes (an island district)
        return district_key[(province, district)]

    successors: dict[tuple[str, str], int] = {}

    def link(old: str, new: str, main: bool) -> None:
        if old != new:
            successors[(old, new)] = max(successors.get((old, new), 0), int(main))

    for new_pk, olds in crosswalk["DICT_PROVINCE"].items():
        for old_pk in olds:
            link(old_prov_key[old_pk], new_prov_key[new_pk], True)
    # A district was abolished: its successor is the province its province went into, or,
    # for the island districts without communes, the special zone it became.
    island = set()
    for new_pk, wards in crosswalk["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, olds in wards.items():
            for composite in olds:
                old = old_unit_key(composite)
                if old.startswith("d:"):
                    island.add(old)
                link(old, new_ward_key[(new_pk, new_wk)], True)
    for new_pk, splits in crosswalk["DICT_PROVINCE_WARD_DIVIDED"].items():
        for composite, parts in splits.items():
            for part in parts:
                link(
                    old_unit_key(composite),
                    new_ward_key[(new_pk, part["newWardKey"])],
                    part["isDefaultNewWard"],
                )
    prov_successor = {o: n for (o, n) in successors if o.startswith("p:")}
    for (province_key, _district), dkey in district_key.items():
        if dkey not in island:
            old_p = old_prov_key[province_key]
            link(dkey, prov_successor.get(old_p, old_p), True)

    unit_rows = sorted(units.values(), key=lambda r: ("pdc".index(r["level"][0]), r["key"]))
    successor_rows = [
        {"old_key": o, "new_key": n, "main": m} for (o, n), m in sorted(successors.items())
    ]
    return unit_rows, successor_rows


def write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    units, successors = build(Path(argv[1]))
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "units.csv", UNIT_COLUMNS, units)
    write(OUT / "successors.csv", ["old_key", "new_key", "main"], successors)
    counts = defaultdict(int)
    for r in units:
        counts[
            (r["level"], "old" if r["valid_until"] else "new" if r["valid_from"] else "both")
        ] += 1
    print(f"{len(units)} units, {len(successors)} successor links: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main(sys.argv)
