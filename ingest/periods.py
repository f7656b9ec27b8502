"""Period phrases: "năm 2016", "6 tháng đầu năm 2023", "quý IV năm 2024", "nhiệm kỳ 2020-2025"…

Works on the lower-cased working copy. Each phrase becomes a `Period` holding the span it
reports on (`start`..`end`) and the whole span a target over it would cover (`whole_start`..
`whole_end`: the full year of "6 tháng đầu năm 2023", the full term of "từ đầu nhiệm kỳ").
Unknown bounds stay None: a period is never made more precise than the text says.
"""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

YEAR = "year"  # a calendar year
PART = "part"  # the first months of a year, a quarter
TO_DATE = "to_date"  # from some start up to a day or month ("đến nay", "đến tháng 6/2023")
UNTIL = "until"  # only an end is known ("đến hết năm 2023", "tính đến ngày 4/12/2025")
RANGE = "range"  # several years: a term, a "giai đoạn"
ANNUAL = "annual"  # "hằng năm", "mỗi năm": a yearly rate or quota

_DASH = r"\s*[-–—]\s*"
_Y = r"((?:19|20)\d\d)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    kind: str
    pos: int  # where the phrase starts in the working text
    pos_end: int
    whole_start: date | None = None
    whole_end: date | None = None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def term_of(year: int) -> tuple[int, int]:
    """The five-year party term (nhiệm kỳ) a year falls in: 2023 -> (2020, 2025)."""
    first = year - year % 5
    return first, first + 5


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _safe_month_end(year: int, month: int) -> date | None:
    if 1 <= month <= 12 and 1900 <= year <= 2100:
        return month_end(year, month)
    return None


# An end point: "nay", "tháng 6/2023", "hết tháng 4-2023", "ngày 22/11", "4/12/2025", "5.9".
_END = (
    r"(?P<now>nay|hiện nay|hiện tại)"
    r"|(?:hết |cuối )?tháng (?P<em>\d{1,2})(?:\s*[-/.]\s*|\s+năm\s+)(?P<ey>(?:19|20)\d\d)"
    r"|(?:hết |cuối )?tháng (?P<em2>\d{1,2})(?!\s*[-/.]?\d)"
    r"|(?:ngày )?(?P<ed>\d{1,2})\s*[/.-]\s*(?P<edm>\d{1,2})(?:\s*[/.-]\s*(?P<edy>(?:19|20)\d\d))?"
    r"(?![\d/])"
    r"|(?:hết |cuối )?năm (?P<eyy>(?:19|20)\d\d)"
)
_START = (
    r"(?P<sterm>đầu nhiệm k[ỳì](?: " + _Y + _DASH + r"(?:19|20)\d\d)?)"
    r"|(?P<syear>đầu năm(?: (?P<sy>(?:19|20)\d\d))?)"
    r"|(?:năm )?(?P<sy2>(?:19|20)\d\d)"
    r"|tháng (?P<sm>\d{1,2})\s*[-/.]\s*(?P<smy>(?:19|20)\d\d)"
)

_PATTERNS = [
    ("from_to", re.compile(rf"từ (?:{_START}) (?:đến|tới|cho đến)\s+(?:{_END})")),
    ("from_start_now", re.compile(rf"từ (?:{_START})(?= trở lại đây| tới nay| đến nay)")),
    (
        "months",
        re.compile(r"(?P<n>\d{1,2}) tháng (?:đầu |đầu tiên của |đầu tiên )?(?:năm )?" + _Y),
    ),
    (
        "quarter",
        re.compile(r"quý (?P<q>iv|iii|ii|i|[1-4])(?:\s*/\s*|\s+năm\s+|\s*-\s*)" + _Y),
    ),
    (
        "range",
        re.compile(
            r"(?:nhiệm k[ỳì]|giai đoạn|thời kỳ|từ năm|từ) "
            + _Y
            + _DASH
            + _Y
            # "giai đoạn 2020 – 2025 và 2025 – 2030" is one span, 2020–2030
            + r"(?P<next>(?:\s*(?:và|,)\s*(?:giai đoạn |nhiệm kỳ )?(?:19|20)\d\d"
            + _DASH
            + r"(?:19|20)\d\d)*)"
        ),
    ),
    ("range2", re.compile(r"từ năm " + _Y + r" (?:đến|tới) (?:năm )?" + _Y)),
    ("until", re.compile(rf"(?:tính |cho )?(?:đến|tới) (?:{_END})")),
    (
        "years",
        re.compile(
            r"(?<!sinh )(?<!ngày )năm " + _Y + r"(?P<more>(?:\s*(?:,|và)\s*(?:năm )?\d{4})*)"
        ),
    ),
    ("this_year", re.compile(r"\bnăm nay\b|\btrong năm\b(?! \d)|\bnăm qua\b")),
    ("annual", re.compile(r"\b(?:hằng|hàng|mỗi) năm\b|\bbình quân\b")),
]


def _end_point(m: re.Match, published: date | None, context_year: int | None) -> date | None:
    if m["now"]:
        return published
    if m["em"]:
        return _safe_month_end(int(m["ey"]), int(m["em"]))
    if m["em2"]:
        year = context_year or (published.year if published else None)
        return _safe_month_end(year, int(m["em2"])) if year else None
    if m["ed"]:
        year = (
            int(m["edy"]) if m["edy"] else context_year or (published.year if published else None)
        )
        return _safe_date(year, int(m["edm"]), int(m["ed"])) if year else None
    if m["eyy"]:
        return date(int(m["eyy"]), 12, 31)
    return None


def _start_point(
    m: re.Match, end: date | None, published: date | None
) -> tuple[date | None, date | None]:
    """Start of a "từ … đến …" phrase and the end of the whole span it belongs to."""
    ref_year = end.year if end else (published.year if published else None)
    if m["sterm"]:
        first = int(m.group(m.re.groupindex["sterm"] + 1) or 0) or None
        if first is None and ref_year:
            first = term_of(ref_year)[0]
        if first is None:
            return None, None
        return date(first, 1, 1), date(first + 5, 12, 31)
    if m["syear"]:
        year = int(m["sy"]) if m["sy"] else ref_year
        return (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)
    if m["sy2"]:
        year = int(m["sy2"])
        return date(year, 1, 1), None
    if m["sm"]:
        year, month = int(m["smy"]), int(m["sm"])
        if 1 <= month <= 12:
            return date(year, month, 1), None
    return None, None


def _context_year(text: str) -> int | None:
    m = re.search(r"(?<!sinh )năm ((?:19|20)\d\d)|/((?:19|20)\d\d)", text)
    if not m:
        return None
    return int(m.group(1) or m.group(2))


def find_periods(text: str, *, published: date | None = None) -> list[Period]:
    """Period phrases in `text` (lower-case working copy), in order, overlapping ones dropped."""
    context_year = _context_year(text)
    found: list[Period] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            period = _period_from(name, m, published, context_year)
            if period is not None:
                found.append(period)
    found.sort(key=lambda p: (p.pos, -(p.pos_end - p.pos)))
    kept: list[Period] = []
    for p in found:
        if kept and p.pos < kept[-1].pos_end:
            continue
        kept.append(p)
    return kept


def _period_from(
    name: str, m: re.Match, published: date | None, context_year: int | None
) -> Period | None:
    pos, pos_end = m.start(), m.end()
    if name in ("from_to", "from_start_now"):
        end = _end_point(m, published, context_year) if name == "from_to" else published
        start, whole_end = _start_point(m, end, published)
        if start is None and end is None:
            return None
        return Period(start, end, TO_DATE, pos, pos_end, start, whole_end or end)
    if name == "months":
        n, year = int(m["n"]), int(m.group(2))
        if not 1 <= n <= 12:
            return None
        start, end = date(year, 1, 1), month_end(year, n)
        return Period(start, end, PART, pos, pos_end, start, date(year, 12, 31))
    if name == "quarter":
        q, year = _ROMAN[m["q"]], int(m.group(2))
        start, end = date(year, 3 * q - 2, 1), month_end(year, 3 * q)
        return Period(start, end, PART, pos, pos_end, date(year, 1, 1), date(year, 12, 31))
    if name in ("range", "range2"):
        first, last = int(m.group(1)), int(m.group(2))
        if name == "range" and m["next"]:
            last = max([last, *map(int, re.findall(r"\d{4}", m["next"]))])
        if last < first or last - first > 10:
            return None
        start, end = date(first, 1, 1), date(last, 12, 31)
        return Period(start, end, RANGE, pos, pos_end, start, end)
    if name == "until":
        end = _end_point(m, published, context_year)
        if end is None:
            return None
        return Period(None, end, UNTIL, pos, pos_end, None, end)
    if name == "years":
        years = [int(m.group(1))] + [int(y) for y in re.findall(r"\d{4}", m["more"] or "")]
        start, end = date(min(years), 1, 1), date(max(years), 12, 31)
        return Period(start, end, YEAR, pos, pos_end, start, end)
    if name == "this_year":
        if published is None:
            return None
        year = published.year
        # "trong năm" / "năm qua" in a January–February article is the year-end review of
        # the year just closed; "năm nay" is always the current year.
        if "nay" not in m.group(0) and published.month <= 2:
            year -= 1
        start, end = date(year, 1, 1), date(year, 12, 31)
        return Period(start, end, YEAR, pos, pos_end, start, end)
    if name == "annual":
        return Period(None, None, ANNUAL, pos, pos_end)
    return None


def years_of(period: Period) -> list[int]:
    """The separate years a "năm 2021 và 2022" phrase lists (one figure each)."""
    if period.kind != YEAR or period.start is None or period.end is None:
        return []
    return list(range(period.start.year, period.end.year + 1))


def for_year(period: Period, year: int) -> Period:
    return replace(period, start=date(year, 1, 1), end=date(year, 12, 31))
