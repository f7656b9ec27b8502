"""Find a unit by name, accent-insensitively ("pac nam" finds Pác Nặm, "dong hy" Đồng Hỷ).

`fold` is pure. The match runs in Python over the names (one query of ids and names): the
same on SQLite and PostgreSQL without an extension, and about 60,000 short names fold in well
under a second; a stored folded column would make it an indexed filter if that ever matters.
"""

from __future__ import annotations

import unicodedata

from tracking.collation import sort_key
from tracking.models import Locality

LIMIT = 50


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d), single spaces: the search key of a name."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def localities_matching(query: str, limit: int = LIMIT, units=None) -> list[Locality]:
    """Units (of `units`: the views pass the account's, `Locality.objects.visible_to(user)`)
    whose name contains `query` (folded): exact names first, then prefixes, then the rest;
    current units before old ones; at most `limit`. Two queries."""
    wanted = fold(query)
    if not wanted:
        return []
    units = Locality.objects.all() if units is None else units
    ranked = []
    for pk, name, valid_until in units.values_list("pk", "name", "valid_until"):
        key = fold(name)
        if wanted in key:
            rank = 0 if key == wanted else 1 if key.startswith(wanted) else 2
            ranked.append((rank, valid_until is not None, sort_key(name), pk))
    ranked.sort()
    ids = [pk for *_, pk in ranked[:limit]]
    found = Locality.objects.select_related("parent", "province").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
