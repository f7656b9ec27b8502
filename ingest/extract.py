"""Pure extraction: article text in, admission/target/member figures out (no ORM, no network).

The text is normalised into a working copy (NFC, one tone placement, plain spaces and newlines,
no BOM) with a map back to the original, so every quote is an exact slice of the input.
Figures are found sentence by sentence from trigger words ("kết nạp được", "chỉ tiêu",
"phấn đấu", "tổng số đảng viên", "tỷ lệ kết nạp"…) around Vietnamese-written numbers.
"""

import contextlib
import functools
import re
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ingest import numbers, periods, places


class Kind(StrEnum):
    ADMITTED = "admitted"
    TARGET_COUNT = "target_count"
    PERCENT_OF_TARGET = "percent_of_target"
    TARGET_RATE = "target_rate"
    ADMISSION_RATE = "admission_rate"
    MEMBERS_TOTAL = "members_total"


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    APPROX = "approx"


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Figure:
    kind: str
    value: Decimal
    value_max: Decimal | None
    qualifier: str
    locality: str
    level: str | None
    province: str | None
    period_start: date | None
    period_end: date | None
    quote: str
    start: int
    end: int

    def as_dict(self) -> dict:
        """JSON-ready, in the shape of the gold files."""
        return {
            "kind": str(self.kind),
            "value": _json_number(self.value),
            "value_max": _json_number(self.value_max),
            "qualifier": str(self.qualifier),
            "locality": self.locality,
            "level": self.level,
            "province": self.province,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class ArticleMeta:
    title: str
    url: str | None
    published: date | None


# --- normalisation ---------------------------------------------------------------------------

_SPACES = {"\u00a0", "\u2007", "\u202f", "\u3000", "\t", "\u2028", "\u2029", "\x0b", "\x0c"}
_SPACES.update(chr(c) for c in range(0x2000, 0x200B))
_DROPPED = {"\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"}


# Characters that are not copied one for one: dropped, turned into a space or newline, or the
# start of a combining sequence that NFC may compose. Everything else is copied as a run.
_COMBINING = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_IRREGULAR = re.compile(
    "["
    + re.escape("".join(sorted(_SPACES | _DROPPED)))
    + "\r]"
    + f"|[^{_COMBINING}][{_COMBINING}]+|[{_COMBINING}]+",
)


@dataclass(frozen=True)
class Working:
    text: str  # normalised, original case
    low: str  # same length, lower-cased
    starts: array  # original offset where each working character begins
    ends: array  # original offset where each working character ends

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original [start, end) of working [a, b)."""
        if b <= a:
            return self.starts[a] if a < len(self.starts) else self.ends[-1] if self.ends else 0, 0
        return self.starts[a], self.ends[b - 1]


def normalise(text: str) -> Working:
    """NFC, one tone placement, plain spaces, "\\n" newlines, no BOM; offsets kept.

    Linear in the text: runs of ordinary characters are copied with their offsets in one step;
    only the irregular characters are handled one cluster at a time.
    """
    out: list[str] = []
    starts = array("q")
    ends = array("q")
    n = len(text)

    def copy_run(a: int, b: int) -> None:
        if a >= b:
            return
        run = text[a:b]
        if unicodedata.is_normalized("NFC", run):
            out.append(run)
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
            return
        for i in range(a, b):  # a character NFC rewrites on its own (a singleton)
            cluster = unicodedata.normalize("NFC", text[i])
            out.append(cluster)
            starts.extend([i] * len(cluster))
            ends.extend([i + 1] * len(cluster))

    pos = 0
    for m in _IRREGULAR.finditer(text):
        i, j = m.start(), m.end()
        copy_run(pos, i)
        pos = j
        ch = text[i]
        if ch in _DROPPED:
            continue
        if ch == "\r":
            if j < n and text[j] == "\n":
                continue
            out.append("\n")
        elif ch in _SPACES:
            out.append(" ")
        else:
            cluster = unicodedata.normalize("NFC", text[i:j])
            out.append(cluster)
            starts.extend([i] * len(cluster))
            ends.extend([j] * len(cluster))
            continue
        starts.append(i)
        ends.append(j)
    copy_run(pos, n)
    work = places.unify_tones("".join(out))
    low = work.lower()
    if len(low) != len(work):  # "İ" lower-cases to two characters: keep such ones as they are
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in work)
    return Working(work, low, starts, ends)


# --- article metadata ------------------------------------------------------------------------

_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)(?!\d)")


# Site banners, media players and date lines that stand above the headline on news pages.
_NOT_A_TITLE = re.compile(
    r"^(?:trang (?:chủ|thông tin|tin)|cập nhật|đăng (?:lúc|ngày)|cổng (?:thông tin|ttđt)"
    r"|chào mừng|\d{1,2}:\d{2}\b"
    r"|(?:thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b)",
    re.IGNORECASE,
)


def _head(text: str, lines: int = 40, limit: int = 20_000) -> str:
    """The first lines of an article, where its URL, title and date stand."""
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1, limit)
        if end < 0:
            return text[:limit]
    return text[:end]


def read_meta(text: str) -> ArticleMeta:
    """URL (a leading "URL: …" line), title (first other non-empty line), publication date."""
    work = normalise(_head(text)).text
    lines = [line.strip() for line in work.split("\n")]
    url = None
    title = ""
    body_started = False
    published = None
    fallback = ""
    for index, line in enumerate(lines):
        if not line:
            continue
        if url is None and not title and line.lower().startswith("url:"):
            url = line[4:].strip() or None
            continue
        if not title and not _NOT_A_TITLE.search(line):
            fallback = fallback or line
            if len(line.split()) >= 4:  # "Long Hồ", a section name, is not a headline
                title = line
                continue
        if len(line) > 200 or index > 25:
            body_started = True
        if body_started:
            break
        if len(line) <= 90:
            m = _DATE_RE.search(line)
            if m:
                day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
                with contextlib.suppress(ValueError):
                    published = date(year, month, day)
    return ArticleMeta(title=title or fallback, url=url, published=published)


# --- vocabulary ------------------------------------------------------------------------------

_PERSON_UNIT = (
    r"(?:đảng viên|đv|quần chúng|đồng chí|đoàn viên|người|trường hợp"
    r"|sinh viên|học sinh|học viên|hội viên|thanh niên|công nhân|chiến sĩ)"
)
# People who are not yet members: a count of them is an admission only when they go "vào Đảng".
_NON_MEMBER_UNIT = re.compile(r"sinh viên|học sinh|học viên|hội viên|thanh niên|công nhân|chiến sĩ")
_INTO_PARTY_AFTER = re.compile(
    r"^(?:\s+(?:ưu tú|tiêu biểu|xuất sắc|mới))*\s*(?:,\s*)?(?:được\s+(?:xét\s+)?kết nạp\s+)?"
    r"vào đảng"
)
_MEMBER_UNIT = r"(?:đảng viên|đv|đồng chí|người)"
_UNIT_RE = re.compile(rf"\s*(?P<unit>{_PERSON_UNIT})(?!\w)")
_ADMISSION_WORDS = re.compile(
    r"kết nạp|phát triển (?:được )?(?:đảng|đv|đảng viên)|đảng viên mới|đv mới|vào đảng"
)
_TRIGGER_RE = re.compile(
    r"(?P<trigger>kết nạp|phát triển)"
    r"(?P<gap>(?:[ ]+(?!\d)[^\s\d,;:()“”\"]+){0,9}?)[ ]+$"
)
_TARGET_CUE = re.compile(
    r"phấn đấu|mục tiêu|chỉ tiêu|kế hoạch|đề ra|dự kiến|nghị quyết|giao cho|được giao|"
    r"đặt ra|phải đạt|cần đạt|sẽ kết nạp|yêu cầu|bảo đảm|đảm bảo"
)
_PAST_CUE = re.compile(r"(?:đã|vẫn|đều|cũng|mới)\s+(?:\S+\s+)?(?:kết nạp|phát triển)")
_EXCEED_BEFORE = re.compile(r"(?:vượt|tăng|giảm|hơn so với|thiếu|còn)(?:\s+\S+){0,3}\s*$")
_PLAN_WORDS = r"(?:chỉ tiêu|kế hoạch|mục tiêu|kh\b|nghị quyết|nq\b)"
# Another period a figure is compared with: the difference is not a figure of its own.
_COMPARED_AFTER = re.compile(
    r"^\s*\)?\s*so\s+(?:với\s+)?(?:cùng kỳ|năm trước|năm ngoái|kỳ trước|năm 20\d\d|đầu năm)"
)
_COMPARED_BEFORE = re.compile(r"(?:chậm|nhanh|tăng|giảm|cao hơn|thấp hơn|ít hơn)\s*\(?\s*$")
_ANNUAL_CUE = re.compile(r"hằng năm|hàng năm|mỗi năm")
_PCT_OF_TARGET_AFTER = re.compile(rf"^\s*(?:trở lên\s*)?(?:so\s+(?:với\s+)?)?{_PLAN_WORDS}")
_RATE_BEFORE = re.compile(
    r"t[ỷỉ] lệ(?: %)?\s*(?:\S+\s+){0,3}?(?:kết nạp|phát triển|đv mới|đảng viên mới|đv được kết nạp"
    r"|đảng viên được kết nạp)"
)
_RATE_AFTER = re.compile(
    r"^\s*(?:trở lên\s*)?(?:so\s+(?:với\s+)?|trên\s+)?(?:tổng số|tổng)\s+(?:đảng viên|đv)"
)
_GENERIC_SUBJECT = re.compile(
    r"\b(?:các|những|từng)\s+(?:chi bộ|đảng bộ|\w+, đảng bộ|tổ chức|cơ sở|đơn vị|xã|chi)"
    r"|\bmỗi\s+(?:chi bộ|đảng bộ|tổ chức|cơ sở|xã|thôn|đơn vị|đảng viên|trường)"
)
_BREAKDOWN_AFTER = re.compile(
    r"^\s*(?:mới\s+)?(?:là|nữ|nam|trẻ|dân tộc|người dân tộc|thuộc|có trình độ|đang làm"
    # "trong năm 2023", "trong 6 tháng", "trong quý I" date the figure; "trong độ tuổi…" splits it
    r"|trong(?!\s+(?:(?:cả\s+|toàn\s+)?năm|quý|tháng|\d|nhiệm k[ỳì]|giai đoạn|thời gian|đợt|dịp"
    r"|kỳ|tuần|đầu năm|những tháng)))\b"
)
_ADMITTED_AFTER = re.compile(
    rf"^\s*(?:{_PERSON_UNIT})?(?:\s+(?:mới|ưu tú|trẻ))*\s*(?:đã\s+|vừa\s+)?(?:được\s+)"
    r"(?:xét\s+)?kết nạp"
)


# --- sentences -------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9])|\n+")
_ABBREV_END = re.compile(r"(?:\b(?:TP|Tp|TX|Tx|T\.X|H|Q|ThS|TS|PGS|GS|Th|St|Mr|Ms|Dr)\.)$")


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph index) of each sentence of the working text."""
    result = []
    paragraph = 0
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if "\n" not in m.group(0) and _ABBREV_END.search(text, max(pos, m.start() - 8), m.start()):
            continue
        if pos < m.start():
            result.extend(_bounded(text, pos, m.start(), paragraph))
        if "\n" in m.group(0):
            paragraph += 1
        pos = m.end()
    if pos < len(text):
        result.extend(_bounded(text, pos, len(text), paragraph))
    return result


def _bounded(text: str, start: int, end: int, paragraph: int) -> list[tuple[int, int, int]]:
    """A sentence longer than MAX_SENTENCE cut at spaces into pieces no longer than that."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut < 0:
            cut = start + MAX_SENTENCE
        pieces.append((start, cut, paragraph))
        start = cut
    pieces.append((start, end, paragraph))
    return pieces


# --- context: localities ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    name: str
    level: str | None
    province: str | None


REACH = 300  # mentions looked back at to resolve "toàn huyện" or an unnamed subject


class _Context:
    """What the article tells us about places: its province, main locality, named units."""

    def __init__(self, work: Working, meta: ArticleMeta):
        self.work = work
        text = work.text
        mentions = places.find_mentions(text)
        names: dict[str, str] = {}
        for m in mentions:
            if m.name and m.level != places.ORGANISATION and len(m.name) >= 3:
                names.setdefault(m.name, m.level)
        mentions += places.bare_mentions(text, names, mentions)
        mentions.sort(key=lambda m: m.start)
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        self._resolved: dict[tuple, _Place | None] = {}
        self.province = self._find_province(text, meta.url)
        self.canonical: dict[str, str] = {}
        for m in mentions:
            if m.name and not m.name.isupper():
                self.canonical.setdefault(places.fold(m.name), m.name)
        self.parents = self._find_parents()
        self.named_ends = frozenset(m.end for m in mentions if m.name)
        self.first_named: dict[str, places.Mention] = {}
        for m in mentions:
            if m.name:
                self.first_named.setdefault(places.fold(m.name), m)
        self.main = self._find_main(meta)

    def _find_province(self, text: str, url: str | None) -> str | None:
        found = places.provinces_in(text)
        strong = [canon for canon, is_strong in found if is_strong]
        if strong:
            return max(set(strong), key=lambda c: (strong.count(c), -strong.index(c)))
        from_url = places.province_from_url(url)
        if from_url:
            return from_url
        weak = {canon for canon, _ in found}
        return weak.pop() if len(weak) == 1 else None

    def _find_parents(self) -> set[int]:
        """Mentions that only locate the one before them: "phường X, thành phố Y", "huyện X (Y)"."""
        parents = set()
        order = {places.CELL: 0, places.COMMUNE: 1, places.DISTRICT: 2, places.CITY: 2}
        order[places.PROVINCE] = 3
        for prev, cur in zip(self.mentions, self.mentions[1:], strict=False):
            gap = self.work.text[prev.end : cur.start]
            locates = re.fullmatch(r"\s*[,(]\s*", gap) and prev.name and cur.name
            if locates and order.get(cur.level, -1) > order.get(prev.level, -1) >= 0:
                parents.add(cur.start)
        return parents

    def _find_main(self, meta: ArticleMeta) -> _Place | None:
        title = places.fold(meta.title[:500])
        url_slug = places.slug(meta.url or "")
        scores: dict[str, list] = {}
        for m in self.mentions:
            if not m.name or m.generic or m.start in self.parents or m.name == "Trung ương":
                continue
            key = places.fold(m.name)
            if key not in scores:
                scores[key] = [0.0, -m.start, m]
            entry = scores[key]
            entry[0] += 1 + (1 if m.party else 0)
            if m.level == places.PROVINCE:
                entry[0] -= 0.5
        for key, entry in scores.items():
            m = entry[2]
            if key in title and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", title):
                entry[0] += 4
            if len(places.slug(m.name)) >= 5 and places.slug(m.name) in url_slug:
                entry[0] += 3
        if scores:
            best = max(scores.values(), key=lambda e: (e[0], e[1]))
            if best[0] >= 2:
                return self._place(best[2])
        if self.province:
            return _Place(self.province, places.PROVINCE, self.province)
        if scores:
            return self._place(max(scores.values(), key=lambda e: (e[0], e[1]))[2])
        return None

    def _place(self, m: places.Mention) -> _Place:
        name = self.canonical.get(places.fold(m.name), m.name)
        level = m.level
        if level == places.CITY:
            level = places.DISTRICT
        province = self.province
        if level == places.PROVINCE:
            province = places.province_named(name) or province
        if name == "Trung ương":
            province = None
        return _Place(name, level, province)

    def resolve(self, m: places.Mention, before: int) -> _Place | None:
        """A mention as a place; a bare reference ("toàn huyện") becomes the latest named one."""
        key = (m.start, m.end, before)
        if key not in self._resolved:  # each mention is resolved once, however many numbers
            self._resolved[key] = self._resolve(m, before)
        return self._resolved[key]

    def _resolve(self, m: places.Mention, before: int) -> _Place | None:
        if m.name:
            return self._place(m)
        if m.generic:
            return None
        wanted = {m.level}
        if m.level == places.CITY:
            wanted = {places.CITY}
        for prior in self._before(0, before):
            if not prior.name or prior.start in self.parents or prior.name == "Trung ương":
                continue
            if m.level == places.ORGANISATION:
                if prior.level == places.ORGANISATION and prior.name.lower().startswith(
                    m.head.lower()
                ):
                    return self._place(prior)
                continue
            if prior.level in wanted or (m.level == places.CITY and prior.city):
                return self._place(prior)
        if m.level in (places.PROVINCE, places.CITY) and self.province:
            return _Place(self.province, places.PROVINCE, self.province)
        if self.main and self.main.level == m.level:
            return self.main
        return None

    def _before(self, start: int, pos: int):
        """Mentions in [start, pos), nearest first; at most REACH of them, so that a long
        article of unresolved references stays linear."""
        index = bisect_left(self.starts, pos) - 1
        stop = max(bisect_left(self.starts, start), index - REACH + 1)
        while index >= stop:
            yield self.mentions[index]
            index -= 1

    def subjects(self, sent_start: int, pos: int, para_start: int) -> list[_Place]:
        """The unit(s) a number at `pos` is about: nearest mention before it in its sentence
        (with any list joined to it by commas or "và"), else the paragraph's, else the main one."""
        in_sentence = [
            m
            for m in self.mentions[
                bisect_left(self.starts, sent_start) : bisect_left(self.starts, pos)
            ]
            if m.start not in self.parents
        ]
        for index in range(len(in_sentence) - 1, -1, -1):
            m = in_sentence[index]
            place = self.resolve(m, m.start)
            if place is None:
                continue
            group = [place]
            if m.generic:
                continue
            j = index
            while j > 0:
                prev = in_sentence[j - 1]
                gap = self.work.text[prev.end : in_sentence[j].start]
                if not re.fullmatch(r"\s*(?:,|và|,\s*và)\s*(?:Đảng bộ\s+|Đảng ủy\s+)?", gap):
                    break
                prev_place = self.resolve(prev, prev.start)
                if prev_place is None:
                    break
                group.insert(0, prev_place)
                j -= 1
            return group
        for m in self._before(para_start, sent_start):
            if m.start in self.parents or m.generic:
                continue
            place = self.resolve(m, m.start)
            if place is not None and m.name:
                return [place]
        return [self.main] if self.main else []


# --- classification --------------------------------------------------------------------------


@dataclass
class _Raw:
    kind: str
    value: Decimal
    value_max: Decimal | None
    qualifier: str
    start: int  # working offsets of the quote
    end: int
    number_pos: int
    number_end: int
    fraction: bool = False  # one side of "23/90": admitted against the target's whole period


# How far around a number its cues are looked for. Bounding the windows keeps the extractor
# linear in the text whatever its sentences look like (a 5 MB "sentence" of numbers).
WINDOW = 400
MAX_SENTENCE = 2000


def _clause_before(low: str, sent_start: int, pos: int) -> str:
    """Sentence text before `pos` (at most WINDOW characters), cut at the last ";"."""
    before = low[max(sent_start, pos - WINDOW) : pos]
    cut = max(before.rfind(";"), -1)
    return before[cut + 1 :]


@dataclass(frozen=True)
class _SentenceFlags:
    admission: bool  # admission words in the sentence
    total: bool  # "tổng số đảng viên" in the sentence
    rate: bool  # "tỷ lệ" in the sentence
    admission_nearby: bool  # admission words in it or the paragraph's text just before it
    rate_nearby: bool


@functools.lru_cache(maxsize=16)
def _sentence_flags(low: str, sent_start: int, sent_end: int, para_start: int) -> _SentenceFlags:
    """What a sentence says, computed once for all the numbers in it."""
    sentence = low[sent_start:sent_end]
    # The sentence before, in the same paragraph, may carry the subject ("… kết nạp …").
    nearby = low[max(para_start, sent_start - 300) : sent_end]
    return _SentenceFlags(
        admission=bool(_ADMISSION_WORDS.search(sentence)),
        total="tổng số đảng viên" in sentence,
        rate=bool(re.search(r"t[ỷỉ] lệ", sentence)),
        admission_nearby=bool(_ADMISSION_WORDS.search(nearby)),
        rate_nearby=bool(re.search(r"t[ỷỉ] lệ", nearby)),
    )


def _classify_percent(
    low: str,
    q: numbers.Quantity,
    sent: tuple[int, int],
    para_start: int,
    named_ends: frozenset[int] = frozenset(),
) -> _Raw | None:
    """The kind of a percentage; `named_ends` are where named unit mentions end."""
    sent_start, sent_end = sent
    flags = _sentence_flags(low, sent_start, sent_end, para_start)
    if (
        not flags.admission
        and not flags.total
        and not (flags.admission_nearby and _PCT_OF_TARGET_AFTER.search(low[q.end : q.end + 30]))
    ):
        return None
    before = _clause_before(low, sent_start, q.start)
    after = low[q.end : min(sent_end, q.end + 80)]
    prefix = before[-40:]
    qual = numbers.qualifier(before, after, is_range=q.value_max is not None)
    value, value_max = q.value, q.value_max
    if q.denominator is not None:
        return None

    # "vượt chỉ tiêu Nghị quyết đề ra (3,5%)": the target itself, in brackets.
    if re.search(rf"{_PLAN_WORDS}[^()]{{0,30}}\(\s*$", before) and after.lstrip().startswith(")"):
        if flags.rate:
            return _Raw(Kind.TARGET_RATE, value, value_max, qual, q.start, q.end, q.start, q.end)
        return None
    exceed = re.search(
        rf"vượt(?:\s+mức)?(?:\s+{_PLAN_WORDS}(?:[^\d,;()]{{0,30}}?))?\s+(?:\S+\s+)?$", prefix
    )
    if exceed and (
        re.search(_PLAN_WORDS, prefix[exceed.start() :]) or _PCT_OF_TARGET_AFTER.search(after)
    ):
        hundred = Decimal(100)
        return _Raw(
            Kind.PERCENT_OF_TARGET,
            hundred + value,
            hundred + value_max if value_max is not None else None,
            numbers.EXACT if qual == numbers.EXACT else qual,
            sent_start + before.rfind("vượt") if "vượt" in before else q.start,
            q.end,
            q.start,
            q.end,
        )
    if _PCT_OF_TARGET_AFTER.search(after) and not re.search(
        r"(?:tăng|giảm)\s+(?:\S+\s+)?$", prefix
    ):
        if (
            re.search(r"(?:chiếm|là)\s+(?:\S+\s+){0,2}$", prefix)
            and not re.search(r"tỷ lệ\s+$|tỉ lệ\s+$", prefix)
            and "so" not in after[:12]
        ):
            return None
        start = q.start
        m = re.search(r"(?:đạt|bằng|chiếm|hoàn thành)(?:\s+\S+){0,3}\s*$", prefix)
        if m:
            start = q.start - (len(prefix) - m.start())
        plan = _PCT_OF_TARGET_AFTER.search(after)
        tail = re.match(r"[^,.;()]*", after[plan.end() :])
        end = q.end + plan.end() + (len(tail.group(0).rstrip()) if tail else 0)
        return _Raw(Kind.PERCENT_OF_TARGET, value, value_max, qual, start, end, q.start, q.end)

    if _COMPARED_AFTER.search(after) or _COMPARED_BEFORE.search(prefix):
        return None  # "chậm (0,37%) so với cùng kỳ": a change against another period
    rate_before = _RATE_BEFORE.search(before)
    rate_after = _RATE_AFTER.search(after)
    if re.search(r"chiếm(?:\s+tỷ lệ)?\s+(?:\S+\s+)?$", prefix) and not rate_after:
        return None  # "tỷ lệ ĐV mới là đoàn viên chiếm 71,4%": a breakdown of the new members
    equals_count = re.search(rf"\d\s*{_PERSON_UNIT}(?:\s+mới)?,?\s+bằng\s+$", before)
    rate_phrase = flags.rate_nearby
    if (
        rate_before
        or (rate_after and _ADMISSION_WORDS.search(before))
        or (equals_count and rate_phrase)
    ):
        if re.search(r"(?:tăng|giảm)\s+(?:\S+\s+)?$", prefix):
            return None
        # "hoàn thành 56,3% chỉ tiêu, tỷ lệ kết nạp đạt 3,2%": a plan word that a result
        # before it was measured against does not make the rate a target.
        cue_text = re.sub(
            rf"\d[\d.,]*\s*%\s*(?:trở lên\s*)?(?:so\s+(?:với\s+)?)?{_PLAN_WORDS}", " ", before
        )
        is_target = _TARGET_CUE.search(cue_text) and not re.search(r"chỉ đạt|đã đạt", before)
        # "hằng năm kết nạp … đạt từ 3% trở lên": a yearly floor is a target, not a result.
        # ("bình quân hằng năm … đạt từ 2,5% trở lên" is an average that was reached.)
        if (
            _ANNUAL_CUE.search(before[-80:])
            and "bình quân" not in before[-100:]
            and (qual == numbers.AT_LEAST or re.match(r"\s*trở lên", after))
        ):
            is_target = True
        kind = Kind.TARGET_RATE if is_target else Kind.ADMISSION_RATE
        anchor = rate_before.start() if rate_before else len(before) - min(len(before), 40)
        start = sent_start + len(low[sent_start : q.start]) - len(before) + anchor
        end = q.end
        if rate_after:
            end = q.end + rate_after.end()
        return _Raw(kind, value, value_max, qual, start, end, q.start, q.end)

    # "kết nạp 183 ĐV, đạt 101,7%", "huyện A (118,25%)", "Đảng bộ B đạt 58,30%, huyện C 47,06%":
    # in an admissions sentence, a percentage well above any admission rate that a unit
    # reached is the share of its target.
    if value > 15 and (flags.admission or flags.admission_nearby) and "tỷ lệ" not in prefix:
        dat = re.search(r"(?:đạt|bằng|hoàn thành)\s+(?:được\s+)?$", prefix)
        unit_end = len(before) - len(re.search(r"\s*\(?\s*$", before).group(0))
        named = (
            sent_start <= q.start - len(before) + unit_end
            and (q.start - (len(before) - unit_end)) in named_ends
        )
        if dat or named:
            start = q.start - (len(prefix) - dat.start()) if dat else q.start
            end = q.end + (1 if after.startswith(")") and not dat else 0)
            return _Raw(Kind.PERCENT_OF_TARGET, value, value_max, qual, start, end, q.start, q.end)
    return None


def clause_start_of(low: str, sent_start: int, pos: int, before: str) -> int:
    return sent_start + len(low[sent_start:pos]) - len(before)


def _classify_count(low: str, q: numbers.Quantity, sent: tuple[int, int]) -> list[_Raw]:
    sent_start, sent_end = sent
    before = _clause_before(low, sent_start, q.start)
    after_full = low[q.end : min(sent_end, q.end + WINDOW)]
    unit = _UNIT_RE.match(after_full)
    if not unit and "tổng số" not in before and "là số" not in after_full[:12]:
        return []  # a bare number counts people only after "tổng số" or before "là số"
    after = after_full[unit.end() :] if unit else after_full
    qual = numbers.qualifier(before, after[:60], is_range=q.value_max is not None)
    stripped = before
    words = numbers.qualifier_before(before)
    if words:
        stripped = before[: len(before) - len(words)]
    value = q.value
    if value != value.to_integral_value():
        return []
    quote_end = q.end + (unit.end() if unit else 0)
    mới = re.match(r"\s+mới\b", after)
    if mới:
        quote_end += mới.end()

    # "207 là số đảng viên mới được … kết nạp"
    if re.match(r"\s*là số (?:đảng viên|đv)(?: mới)?", after_full) and "kết nạp" in after_full:
        m = re.search(r"kết nạp[^,.;]*", after_full)
        return [
            _Raw(Kind.ADMITTED, value, q.value_max, qual, q.start, q.end + m.end(), q.start, q.end)
        ]
    total_no_unit = re.search(r"tổng số (?:đảng viên|đv)[^\d;]{0,40}?(?:là|lên)\s+$", stripped)
    if not unit and total_no_unit and "kết nạp" not in stripped[total_no_unit.start() :]:
        start = clause_start_of(low, sent_start, q.start, before) + total_no_unit.start()
        m = re.match(r"\s*(?:nghìn|ngàn|triệu)?", after_full)
        return [_Raw(Kind.MEMBERS_TOTAL, value, None, qual, start, q.end, q.start, q.end)]
    if not unit:
        return []
    unit_word = unit.group("unit")
    if _NON_MEMBER_UNIT.fullmatch(unit_word) and not (
        _INTO_PARTY_AFTER.match(after) or _ADMITTED_AFTER.match(after_full)
    ):
        return []

    # "152 đại biểu đại diện cho 583 đảng viên": a congress speaks for all the members (and
    # the 152 delegates, even when called "đảng viên", are not a count of anything here).
    if re.match(r"\s*(?:đại biểu\s+)?đại diện cho", after):
        return []
    represents = re.search(r"đại diện cho\s+(?:gần\s+|hơn\s+|trên\s+)?$", before)
    if represents and re.fullmatch(_MEMBER_UNIT, unit_word):
        start = clause_start_of(low, sent_start, q.start, before) + represents.start()
        return [_Raw(Kind.MEMBERS_TOTAL, value, None, qual, start, quote_end, q.start, q.end)]
    if re.search(r"(?:^|\s)(?:trong đó|trong số|gồm)(?:\s+\S+){0,6}\s+(?:có\s+)?$", stripped):
        return []
    if _EXCEED_BEFORE.search(stripped) and not re.search(r"(?:lên|là)\s+$", stripped):
        return []
    if (
        _BREAKDOWN_AFTER.match(after)
        and not re.match(r"\s*mới\s+là", after)
        and not re.match(r"\s*là\s+(?:số\s+)?(?:đảng viên|đv)", after)
    ):
        return []

    # Fractions: "kết nạp được 23/90 đảng viên" is 23 admitted against a target of 90.
    if q.denominator is not None:
        trig = re.search(r"kết nạp|phát triển|tổng số đảng viên", before)
        if not trig:
            return []
        start = sent_start + (len(low[sent_start : q.start]) - len(before)) + trig.start()
        return [
            _Raw(Kind.ADMITTED, value, None, qual, start, quote_end, q.start, q.end, True),
            _Raw(
                Kind.TARGET_COUNT,
                q.denominator,
                q.denominator_max,
                numbers.EXACT,
                start,
                quote_end,
                q.start,
                q.end,
                True,
            ),
        ]

    clause_start = sent_start + len(low[sent_start : q.start]) - len(before)

    # Members: "tổng số đảng viên … là 322", "toàn huyện có trên 6.050 đảng viên", "với 36.607".
    if re.fullmatch(_MEMBER_UNIT, unit_word):
        total = re.search(
            r"tổng số(?!\s+(?:đảng viên|đv)\s+(?:mới|được)?\s*kết nạp)"
            r"(?:[^\d;]|(?<!\d)(?:19|20)\d\d(?!\d)){0,60}?(?:là|lên|có|đạt|hiện nay là)?\s*$",
            stripped,
        )
        has = re.search(r"(?:^|\s)(?:hiện |nay |hiện nay |đã )?có\s+(?:tổng số\s+)?$", stripped)
        with_ = re.search(r"(?:^|,\s*)với\s+$", stripped) or re.search(
            r"\bcó\s+(?:\S+\s+){0,2}\d+(?:[.,]\d+)*\s+(?:tổ chức cơ sở đảng|tổ chức đảng|tcsđ"
            r"|đảng bộ|chi bộ)[^,;\d]{0,40}?\s(?:với|và)\s+$",
            stripped,
        )

        if unit_word == "người" and (
            not re.search(r"đảng|chi bộ", stripped)
            or re.match(r"\s*(?:tham dự|tham gia|dự|đến dự|có mặt)\b", after)
        ):
            has = with_ = None
        from_ = re.search(r"(?:^|,\s*|\s)từ\s+(?:hơn\s+|trên\s+)?$", before) and re.search(
            r"^[^;]{0,30}?(?:đến nay|hiện nay|lên\s+(?:hơn\s+|trên\s+)?\d)", after
        )
        if re.search(r"(?:kết nạp|phát triển)(?: được)?\s+tổng số\s+$", stripped):
            total = None
        if total and "kết nạp" not in stripped[total.start() :]:
            start = clause_start + total.start()
            m = re.search(r"nâng\s+$", stripped[: total.start()])
            if m:
                start = clause_start + m.start()
            return [_Raw(Kind.MEMBERS_TOTAL, value, None, qual, start, quote_end, q.start, q.end)]
        if (
            has
            and not re.search(r"\bcó thêm\s+$", stripped)
            and not _ADMISSION_WORDS.search(after[:40])
        ):
            subject = re.search(r"(?:toàn|cả|chi bộ|đảng bộ|huyện|xã|tỉnh|nâng)[^,;]*$", stripped)
            start = clause_start + (subject.start() if subject else has.start())
            return [_Raw(Kind.MEMBERS_TOTAL, value, None, qual, start, quote_end, q.start, q.end)]
        if with_ and not re.search(r"t[ỷỉ] lệ|kết nạp|phát triển", before):
            m = re.search(r"[^,;]*,\s*với\s+$", before)
            start = clause_start + (m.start() if m else with_.start())
            return [_Raw(Kind.MEMBERS_TOTAL, value, None, qual, start, quote_end, q.start, q.end)]
        if from_:
            start = clause_start + len(before) - len(words or "") - 3
            return [
                _Raw(
                    Kind.MEMBERS_TOTAL,
                    value,
                    None,
                    qual,
                    max(start, clause_start),
                    quote_end,
                    q.start,
                    q.end,
                )
            ]

    # "chỉ tiêu tỉnh giao cả năm (190 đảng viên)": the target, in brackets.
    plan = re.search(rf"{_PLAN_WORDS}[^()\d]{{0,30}}\(\s*$", stripped)
    if plan and re.match(r"\s*\)", after):
        start = clause_start + plan.start()
        return [
            _Raw(Kind.TARGET_COUNT, value, q.value_max, qual, start, quote_end + 1, q.start, q.end)
        ]

    # "đạt 85,1% so với chỉ tiêu 12.000 đảng viên của cả nhiệm kỳ": the plan, stated as a count.
    plan = re.search(
        r"(?:chỉ tiêu|mục tiêu|kế hoạch)(?:\s+(?:kết nạp|phát triển))?(?:\s+(?:đảng viên|đv))?"
        r"(?:\s+mới)?(?:\s+(?:của\s+)?(?:cả\s+)?(?:năm|nhiệm kỳ)(?:\s+(?:19|20)\d\d)?)?"
        r"(?:\s+của\s+[^,;\d]{1,60}?)?(?:\s+(?:đề ra|được giao|giao))?\s+(?:là\s+)?$",
        stripped,
    )
    if (
        plan
        and re.fullmatch(_MEMBER_UNIT, unit_word)
        and _ADMISSION_WORDS.search(low[sent_start:sent_end])
        and not re.search(r"(?:vượt|thiếu|còn)\s+(?:\S+\s+){0,2}$", stripped[: plan.start()])
    ):
        start = clause_start + plan.start()
        tail = re.match(r"(?:\s+(?:của\s+)?(?:cả\s+)?(?:năm|nhiệm kỳ)\b[^,.;()]{0,20})?", after)
        end = quote_end + (len(tail.group(0)) if tail else 0)
        return [_Raw(Kind.TARGET_COUNT, value, q.value_max, qual, start, end, q.start, q.end)]

    # Admissions and targets.
    trig = _TRIGGER_RE.search(stripped)
    admitted_after = _ADMITTED_AFTER.match(after_full)
    with_rate = re.search(r"(?:^|,\s*)với\s+$", stripped) and re.search(
        r"t[ỷỉ] lệ (?:phát triển|kết nạp)", before
    )
    explicit = re.search(r"(?:kết nạp|phát triển)[^,;]{0,40}?là\s+$", stripped)
    if not (trig or admitted_after or with_rate or explicit):
        return []
    if trig and unit_word == "người" and not admitted_after:
        return []
    gap = trig.group("gap") if trig else ""
    # "kết nạp (Đảng) cho 09 quần chúng": those admitted; "bồi dưỡng … cho" is not an admission
    admits_for = re.fullmatch(r"\s*(?:đảng\s+)?cho", gap)
    if (
        re.search(r"\b(?:cho|đối tượng|lớp|học|và|hoặc)\b", gap)
        and "đối với" not in gap
        and not admits_for
    ):
        return []
    if trig and re.search(r"(?:đối tượng|hồ sơ|xét|đề nghị|chờ)\s+$", stripped[: trig.start()]):
        return []
    head = before[: trig.start()] if trig else before
    target_cue = _TARGET_CUE.search(head[-120:]) or (trig and _TARGET_CUE.search(trig.group(0)))
    past = _PAST_CUE.search(before[-40:]) if trig else None
    # "…, kết nạp 32 đảng viên, đạt 106% kế hoạch": measured against a plan, so a result.
    measured = re.match(r"\s*(?:mới\s*)?,?\s*(?:đạt|bằng)\s+\d[\d.,]*\s*%", after)
    is_target = bool(target_cue) and not past and not admitted_after and not measured
    # "mỗi năm kết nạp từ 10-15 đảng viên": a yearly range to reach is a target.
    if q.value_max is not None and _ANNUAL_CUE.search(head[-40:]) and not past:
        is_target = True
    # "dự kiến đến cuối năm kết nạp được 12": a forecast, neither a result nor a target.
    if re.search(r"dự kiến|ước tính|có thể", head[-60:]) and not re.search(
        r"chỉ tiêu|kế hoạch|phấn đấu|mục tiêu|nghị quyết", head[-120:]
    ):
        return []
    # "A, B, thị trấn C, mỗi đảng bộ kết nạp được 6 đảng viên": 6 for each unit listed before.
    distributive = re.search(
        r",\s*mỗi\s+(?:đảng bộ|chi bộ|đơn vị|xã|phường|thị trấn|cơ sở|nơi)\s*(?:đều\s+)?$", head
    )
    if distributive:
        pass
    elif _GENERIC_SUBJECT.search(head[-60:]) and not past and not admitted_after:
        return []
    near = head[-60:]
    if not distributive and (
        _GENERIC_SUBJECT.search(near)
        and re.search(r"\bmỗi\b", near)
        and (not re.search(r"\bmỗi\s+năm", near) or re.search(r"\bmỗi\s+(?:chi bộ|đảng bộ)", near))
    ):
        return []
    if trig:
        start = clause_start + trig.start()
        cue = _TARGET_CUE.search(head[-60:])
        if is_target and cue:
            start = clause_start + len(head) - len(head[-60:]) + cue.start()
    elif admitted_after:
        start = q.start
        m = re.search(r"(?:có|với|cụ thể có)\s+(?:\S+\s+)?$", stripped)
        if m:
            start = clause_start + m.start()
        quote_end = q.end + admitted_after.end()
    else:
        start = clause_start + max(0, len(stripped) - 40)
    kind = Kind.TARGET_COUNT if is_target else Kind.ADMITTED
    return [_Raw(kind, value, q.value_max, qual, start, quote_end, q.start, q.end)]


_ENUM_ITEM_RE = re.compile(
    rf"^\s*(?:và\s+)?(?P<name>[^\W\d_][^\d()]*?)\s*:?\s*\(?\s*(?P<num>\d+(?:/\d+)?)"
    rf"(?P<unit>\s*{_PERSON_UNIT})?\s*\)?\s*$"
)
_LEVEL_PREFIX = {
    "xã",
    "huyện",
    "phường",
    "thị",
    "trấn",
    "quận",
    "thành",
    "phố",
    "tỉnh",
    "đảng",
    "bộ",
    "tp.",
    "tp",
    "tx.",
    "tx",
    "t.x",
    "t.x.",
    "h.",
    "q.",
}


def _enumerations(work: Working, sent: tuple[int, int]) -> list[tuple[str, _Raw]]:
    """Lists that give each unit its own figure: "xã Tân Lập 12/14, Phú Xuân 9/8",
    "Trường X (28 đảng viên), Công ty Y (21 đảng viên)"."""
    sent_start, sent_end = sent
    low = work.low[sent_start:sent_end]
    keyword = re.search(r"kết nạp|chỉ tiêu|phát triển đảng viên", low)
    # "Một số xã làm tốt công tác này như: xã A 9/8, B 7/6": a list of admitted/target pairs
    # may lean on the sentence before for its subject.
    if not keyword and not _ADMISSION_WORDS.search(work.low[max(0, sent_start - 300) : sent_start]):
        return []
    text = work.text[sent_start:sent_end].rstrip(" .…")
    items = []
    pos = 0
    for piece in re.split(r"((?<!\d),|,(?!\d)|[;:])", text):
        if piece in (",", ";", ":"):
            pos += 1
            continue
        m = _ENUM_ITEM_RE.match(piece)
        if m:
            items.append((pos, m))
        pos += len(piece)
    is_target = bool(re.search(r"chỉ tiêu|kế hoạch|giao|phấn đấu", low)) and not re.search(
        r"kết nạp được|đã kết nạp", low
    )
    if not keyword and not (items and all("/" in m["num"] and not m["unit"] for _, m in items)):
        return []
    result = []
    for offset, m in items:
        raw_name = m["name"]
        tokens = raw_name.split()
        while tokens and tokens[0].lower() in _LEVEL_PREFIX:
            tokens.pop(0)
        if not tokens or not tokens[0][:1].isupper() or len(tokens) > 10:
            continue
        is_org = bool(places._ORG_HEAD_RE.match(" ".join(tokens)))
        if is_org:
            whole = places._org_name(" ".join(tokens), 0, len(" ".join(tokens)))
            if not whole or whole[0] != " ".join(tokens):
                continue
        if not is_org and not all(t[:1].isupper() for t in tokens):
            continue
        if not is_org and len(tokens) > 4:
            continue
        if raw_name.isupper() or tokens[0].lower() in {"năm", "tháng", "quý", "ngày", "khóa"}:
            continue
        name = " ".join(tokens)
        num = m["num"]
        start, end = sent_start + offset + m.start("name"), sent_start + offset + m.end()
        start += len(raw_name) - len(raw_name.lstrip())
        qpos = sent_start + offset + m.start("num")
        if "/" in num:
            a, b = (Decimal(x) for x in num.split("/"))
            result.append((name, _Raw(Kind.ADMITTED, a, None, "exact", start, end, qpos, qpos)))
            result.append((name, _Raw(Kind.TARGET_COUNT, b, None, "exact", start, end, qpos, qpos)))
        else:
            kind = Kind.TARGET_COUNT if is_target else Kind.ADMITTED
            result.append((name, _Raw(kind, Decimal(num), None, "exact", start, end, qpos, qpos)))
    if len({name for name, _ in result}) < 2:
        return []
    return result


# --- periods ---------------------------------------------------------------------------------


class _Periods:
    """The article's period phrases, looked up by position (bisect, not a scan per figure)."""

    def __init__(self, found: list[periods.Period]):
        self.found = found
        self.pos = [p.pos for p in found]

    def between(self, a: int, b: int) -> list[periods.Period]:
        return self.found[bisect_left(self.pos, a) : bisect_left(self.pos, b)]

    def last_dated(self, a: int, b: int) -> periods.Period | None:
        """The last period in [a, b) that is not a yearly rate ("hằng năm")."""
        stop = bisect_left(self.pos, a)
        last = bisect_left(self.pos, b) - 1
        for index in range(last, max(stop, last - REACH, 0) - 1, -1):
            if self.found[index].kind != periods.ANNUAL:
                return self.found[index]
        return None


def _period_for(
    kind: str,
    raw: _Raw,
    found: _Periods,
    sent: tuple[int, int],
    para_start: int,
    published: date | None,
) -> list[tuple[date | None, date | None]]:
    sent_start, sent_end = sent
    in_sentence = found.between(sent_start, sent_end)
    dated = [p for p in in_sentence if p.kind != periods.ANNUAL]
    annual = any(p.kind == periods.ANNUAL for p in in_sentence)
    chosen = None
    right_after = [p for p in dated if raw.number_end <= p.pos <= raw.number_end + 25]
    before = [p for p in dated if p.pos_end <= raw.number_pos]
    after = [p for p in dated if p.pos >= raw.number_end]
    if right_after and not before:
        chosen = right_after[0]
    elif before:
        chosen = before[-1]
        if (
            chosen.kind == periods.UNTIL
            and len(before) > 1
            and before[-2].kind in (periods.RANGE, periods.YEAR)
        ):
            chosen = periods.Period(
                before[-2].start,
                chosen.end,
                periods.TO_DATE,
                chosen.pos,
                chosen.pos_end,
                before[-2].start,
                before[-2].end,
            )
    elif after:
        chosen = after[0]
    else:
        earlier = found.last_dated(para_start, sent_start)
        if earlier:
            chosen = earlier
        elif kind in (Kind.ADMITTED, Kind.PERCENT_OF_TARGET, Kind.ADMISSION_RATE):
            # A result with no time of its own reports on the span the article last named
            # ("9 tháng đầu năm 2024, toàn tỉnh …" then "Huyện X kết nạp 112 đảng viên").
            chosen = found.last_dated(0, para_start)
    if chosen is None:
        if kind == Kind.MEMBERS_TOTAL and published:
            return [(published, published)]
        return [(None, None)]
    if chosen.kind == periods.YEAR and kind in (Kind.PERCENT_OF_TARGET,):
        years = periods.years_of(chosen)
        if len(years) > 1:
            return [(date(y, 1, 1), date(y, 12, 31)) for y in years]
    start, end = chosen.start, chosen.end
    if kind in (Kind.TARGET_COUNT, Kind.TARGET_RATE):
        start, end = chosen.whole_start or start, chosen.whole_end or end
        if chosen.kind == periods.UNTIL and end and not annual:
            start = None
    elif kind == Kind.MEMBERS_TOTAL:
        end = end or published
        start = end
    elif chosen.kind == periods.UNTIL and end:
        start = date(end.year, 1, 1) if kind != Kind.MEMBERS_TOTAL else end
    if (
        kind in (Kind.ADMITTED, Kind.PERCENT_OF_TARGET, Kind.ADMISSION_RATE)
        and published
        and end
        and end > published
        and (start is None or start <= published)
    ):
        end = published  # results cannot run past the day they are reported
    if kind == Kind.ADMITTED and raw.fraction and start:
        # "lên 77/90" counts from the start of the target's period (the whole year unless the
        # phrase names a longer one), whatever "từ tháng 6" says about the latest additions.
        start = min(chosen.whole_start or start, date(start.year, 1, 1))
    return [(start, end)]


# --- the extractor ---------------------------------------------------------------------------


class ExtractionError(Exception):
    """The extractor failed on an article: a bug to report, never an article with 0 figures."""


def extract(text: str, *, published: date | None = None) -> list[Figure]:
    """Every admission, target and member figure the article states.

    Raises ExtractionError (naming the underlying error) if the extractor fails, so that the
    caller records the failure on the article instead of storing it as having no figures.
    """
    try:
        return _extract(text, published)
    except Exception as exc:
        raise ExtractionError(f"{type(exc).__name__}: {exc}"[:500]) from exc


def _extract(text: str, published: date | None) -> list[Figure]:
    if not text or not text.strip():
        return []
    meta = read_meta(text)
    if published is None:
        published = meta.published
    work = normalise(text)
    context = _Context(work, meta)
    found_periods = _Periods(periods.find_periods(work.low, published=published))
    sentences = _sentences(work.text)
    para_starts: dict[int, int] = {}
    for s_start, _, para in sentences:
        para_starts.setdefault(para, s_start)

    figures: list[Figure] = []
    seen: dict[tuple, int] = {}

    def emit(raw: _Raw, place: _Place, sent, para_start):
        for period_start, period_end in _period_for(
            raw.kind, raw, found_periods, sent, para_start, published
        ):
            ws = max(0, raw.start)
            while ws > 0 and work.text[ws - 1].isalnum():
                ws -= 1
            a, b = work.span(ws, min(raw.end, len(work.text)))
            quote = text[a:b]
            while quote and quote[-1] in " ,;:(\n\r\t\u00a0":
                quote, b = quote[:-1], b - 1
            while quote and quote[0] in " ,;:)\n\r\t\u00a0":
                quote, a = quote[1:], a + 1
            locality = place.name
            key = (
                str(raw.kind),
                raw.value,
                raw.value_max,
                places.fold(locality),
            )
            if key in seen:
                # The same fact stated twice (headline and body, a repeated lead) is one figure;
                # only one phrase read as several periods ("năm 2021 và 2022") gives several.
                if seen[key][0] != a:
                    index = seen[key][1]
                    kept = figures[index]
                    undated = kept.period_start is None and kept.period_end is None
                    if undated and (period_start or period_end):
                        figures[index] = replace(
                            kept, period_start=period_start, period_end=period_end
                        )
                    continue
            else:
                seen[key] = (a, len(figures))
            figures.append(
                Figure(
                    kind=Kind(raw.kind),
                    value=raw.value,
                    value_max=raw.value_max,
                    qualifier=Qualifier(raw.qualifier),
                    locality=unicodedata.normalize("NFC", " ".join(locality.split())),
                    level=place.level,
                    province=place.province,
                    period_start=period_start,
                    period_end=period_end,
                    quote=quote,
                    start=a,
                    end=b,
                )
            )

    for s_start, s_end, para in sentences:
        sent = (s_start, s_end)
        para_start = para_starts[para]
        enum_spans = []
        list_level = None
        for name, raw in _enumerations(work, sent):
            place = context.canonical.get(places.fold(name), name)
            first = context.first_named.get(places.fold(name))
            level = context._place(first).level if first else None
            # "xã Hoa Thành 9/8, Công Thành 7/6": the list's level word covers the later items.
            is_org = bool(places._ORG_HEAD_RE.match(name))
            if level is None and not is_org and list_level not in (None, places.ORGANISATION):
                level = list_level
            list_level = level or list_level
            emit(raw, _Place(place, level, context.province), sent, para_start)
            enum_spans.append((raw.number_pos, raw.end))
        for q in numbers.find_quantities(work.low[s_start:s_end]):
            q = replace(q, start=q.start + s_start, end=q.end + s_start)
            if any(a <= q.start < b for a, b in enum_spans):
                continue
            if q.percent:
                raw = _classify_percent(work.low, q, sent, para_start, context.named_ends)
                raws = [raw] if raw else []
            else:
                raws = _classify_count(work.low, q, sent)
            if not raws:
                continue
            subjects = context.subjects(s_start, q.start, para_start)
            if not subjects:
                continue
            for raw in raws:
                for place in subjects:
                    emit(raw, place, sent, para_start)
    return _drop_rounded(figures)


def _key(f: Figure) -> tuple:
    return (str(f.kind), f.value, f.value_max, places.fold(f.locality))


def _drop_rounded(figures: list[Figure]) -> list[Figure]:
    """A headline "hơn 4 ngàn" beside the body's exact 4.022 is the same fact, rounded."""
    exact: dict[tuple, list[Decimal]] = {}
    for g in figures:
        if g.qualifier == Qualifier.EXACT:
            exact.setdefault((g.kind, places.fold(g.locality)), []).append(g.value)
    for values in exact.values():
        values.sort()
    kept = []
    for f in figures:
        if f.qualifier != Qualifier.EXACT and f.value_max is None and f.value > 0:
            values = exact.get((f.kind, places.fold(f.locality)), [])
            # an exact twin within 10 % above the rounded value
            index = bisect_left(values, f.value)
            if index < len(values) and (values[index] - f.value) / f.value <= Decimal("0.1"):
                continue
        kept.append(f)
    return kept
