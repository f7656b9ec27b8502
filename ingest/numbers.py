"""Vietnamese numbers as news articles write them: "5.650", "53,7%", "77/90", "3 - 4%", "4 ngàn".

Everything works on the normalised, lower-cased working copy that `extract` builds, so offsets
returned here index that copy (same length as its lower-cased form).
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

EXACT = "exact"
AT_LEAST = "at_least"
APPROX = "approx"

# No head count or percentage in an article runs to more digits than this; a longer run of
# digits is a code, a phone number or noise, and would overflow decimal arithmetic.
MAX_DIGITS = 18

SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000, "vạn": 10_000}

_DIGITS = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s*(?:nghìn|ngàn|triệu|vạn)(?!\w))"
_PERCENT = r"(?:\s?%)"
_DASH = r"\s*[-–—]\s*"

# A number ends at a non-word character, after "%" ("115%NQ"), or where a person word is glued
# to it ("14quần chúng", "12đảng viên").
_END = r"(?:(?<=%)|(?![\w/])|(?=(?:đảng viên|đv|quần chúng|đồng chí)(?!\w)))"

QUANTITY_RE = re.compile(
    rf"(?<![\w.,/])(?P<a>{_DIGITS})(?P<a_scale>{_SCALE})?(?P<a_pct>{_PERCENT})?"
    rf"(?:(?P<sep>{_DASH}|\s+đến\s+|/)(?P<b>{_DIGITS})(?P<b_scale>{_SCALE})?(?P<b_pct>{_PERCENT})?"
    # "4.912/5.000 - 5500": admitted against a target range
    rf"(?:(?<=\d)(?P<c_sep>{_DASH})(?P<c>{_DIGITS})(?=\s*(?:đảng viên|đv)))?)?"
    rf"{_END}",
    re.IGNORECASE,
)

# Words right before a number that say how exact it is (lower-case, normalised tone marks).
_QUALIFIER_RE = re.compile(
    r"(?:(?P<word>trên|hơn|gần|khoảng|chừng|xấp xỉ|ít nhất|tối thiểu|từ|ước|ước đạt|"
    r"hàng|vượt)\s+)+$"
)
_AT_LEAST_WORDS = {"trên", "hơn", "ít nhất", "tối thiểu", "từ"}
_APPROX_WORDS = {"gần", "khoảng", "chừng", "xấp xỉ", "ước", "ước đạt", "hàng"}
_TRO_LEN_RE = re.compile(r"^[^\d.;:()]{0,40}?\btrở lên\b")


@dataclass(frozen=True)
class Quantity:
    """A number (or range, or fraction) found in the working text."""

    value: Decimal
    value_max: Decimal | None
    denominator: Decimal | None  # "77/90": value 77, denominator 90
    percent: bool
    start: int
    end: int
    denominator_max: Decimal | None = None  # "4.912/5.000 - 5500": a target range


def parse_number(token: str, *, count: bool = False) -> Decimal | None:
    """Read one Vietnamese-written number: "." groups thousands, "," marks decimals.

    "5.650" -> 5650, "53,7" -> 53.7, "6.10" -> 6.10 (not a thousands group), and with
    `count=True` an English-style "1,669" is read as 1669 since a head count has no decimals.
    """
    token = token.strip()
    if not token or len(token) > MAX_DIGITS or not re.fullmatch(_DIGITS, token):
        return None
    try:
        if "." in token and "," in token:
            if token.rfind(",") > token.rfind("."):
                return Decimal(token.replace(".", "").replace(",", "."))
            return Decimal(token.replace(",", ""))
        if "." in token:
            head, *groups = token.split(".")
            if all(len(g) == 3 for g in groups) and len(head) <= 3:
                return Decimal(token.replace(".", ""))
            if len(groups) == 1:
                return Decimal(token)
            return None
        if "," in token:
            head, *groups = token.split(",")
            if count and all(len(g) == 3 for g in groups) and len(head) <= 3:
                return Decimal(token.replace(",", ""))
            if len(groups) == 1:
                return Decimal(token.replace(",", "."))
            return None
        return Decimal(token)
    except InvalidOperation:
        return None


def scale_of(word: str | None) -> int:
    """Multiplier of a number word such as "nghìn" (1 when absent or unknown)."""
    if not word:
        return 1
    return SCALES.get(word.strip().lower(), 1)


def find_quantities(text: str) -> list[Quantity]:
    """Every number, range ("90 - 100", "3%-4%") and fraction ("222/220") in `text`."""
    found = []
    for m in QUANTITY_RE.finditer(text):
        a = parse_number(m["a"])
        if a is None:
            continue
        a *= scale_of(m["a_scale"])
        b = None
        if m["b"] is not None:
            b = parse_number(m["b"])
            if b is not None:
                b *= scale_of(m["b_scale"] or m["a_scale"])
        percent = bool(m["a_pct"] or m["b_pct"])
        sep = (m["sep"] or "").strip()
        if b is None:
            found.append(Quantity(a, None, None, percent, m.start(), m.start("a") + _a_len(m)))
        elif sep == "/":
            c = parse_number(m["c"]) if m["c"] else None
            if c is not None and b is not None and c <= b:
                c = None
            found.append(Quantity(a, None, b, percent, m.start(), m.end(), c))
        elif b > a and not (m["a_pct"] and not m["b_pct"]):
            found.append(Quantity(a, b, None, percent, m.start(), m.end()))
        else:
            found.append(Quantity(a, None, None, percent, m.start(), m.start("a") + _a_len(m)))
    return found


def _a_len(m: re.Match) -> int:
    end = m.end("a")
    for group in ("a_scale", "a_pct"):
        if m[group]:
            end = m.end(group)
    return end - m.start("a")


def qualifier_before(prefix: str) -> str | None:
    """The qualifier word(s) ending `prefix` ("hơn ", "từ hơn ", "ít nhất "), or None."""
    m = _QUALIFIER_RE.search(prefix[-30:].lower())
    return m.group(0) if m else None


def qualifier(prefix: str, suffix: str = "", *, is_range: bool = False) -> str:
    """at_least / approx / exact from the words around a number.

    `prefix` is the text just before the number, `suffix` the text just after it
    (where "... trở lên" may close a "từ ... trở lên").
    """
    words = qualifier_before(prefix) or ""
    found = re.findall(
        r"trên|hơn|gần|khoảng|chừng|xấp xỉ|ít nhất|tối thiểu|từ|ước đạt|ước|hàng", words
    )
    if _TRO_LEN_RE.search(suffix[:80].lower()):
        return AT_LEAST
    if any(w in _APPROX_WORDS for w in found):
        return APPROX
    if any(w in _AT_LEAST_WORDS - {"từ"} for w in found):
        return AT_LEAST
    if "từ" in found and not is_range:
        return AT_LEAST
    return EXACT
