"""Find a unit by name, accent-insensitively ("pac nam" finds Pác Nặm, "dong hy" Đồng Hỷ).

`fold` is pure. The database narrows the names first with a regular expression in which every
letter that may carry a diacritic is a wildcard ("pac nam" → `p.c n.m`, the same on SQLite and
PostgreSQL without an extension); Python then keeps the names whose folded form contains the
folded query. A stored folded column would make it an indexed filter if that ever matters.
"""

from __future__ import annotations

import re
import unicodedata

from tracking.collation import sort_key
from tracking.models import Locality

LIMIT = 50


def _fold_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {ord("đ"): ord("d"), ord("Đ"): ord("d")}
    for code in range(0x00C0, 0x2000):
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = None  # a loose tone or hat mark (text in NFD)
            continue
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii():
            table[code] = ord(base.lower())
    return table


_TABLE = _fold_table()


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d), single spaces: the search key of a name."""
    return " ".join(text.translate(_TABLE).lower().split())


# Bare letters that Vietnamese writes with diacritics too (ă â ê ô ơ ư đ and the tones).
_MARKED = set("aeiouyd")


def _pattern(folded: str) -> str:
    """A regular expression that every name folding to something containing `folded` matches."""
    return "".join("." if c in _MARKED else r"\s+" if c == " " else re.escape(c) for c in folded)


def localities_matching(query: str, limit: int = LIMIT, units=None) -> list[Locality]:
    """Units (of `units`: the views pass the account's, `Locality.objects.visible_to(user)`)
    whose name contains `query` (folded): exact names first, then prefixes, then the rest;
    current units before old ones; at most `limit`. Two queries."""
    wanted = fold(query)
    if not wanted:
        return []
    units = Locality.objects.all() if units is None else units
    ranked = []
    candidates = units.filter(name__iregex=_pattern(wanted))
    for pk, name, valid_until in candidates.values_list("pk", "name", "valid_until"):
        key = fold(name)
        if wanted in key:
            rank = 0 if key == wanted else 1 if key.startswith(wanted) else 2
            ranked.append((rank, valid_until is not None, sort_key(name), pk))
    ranked.sort()
    ids = [pk for *_, pk in ranked[:limit]]
    found = Locality.objects.select_related("parent", "province").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
