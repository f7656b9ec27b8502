"""Localities: "huyện Phú Lương", "TP.Biên Hòa", "Đảng bộ Khối doanh nghiệp tỉnh", "Chi bộ X".

`find_mentions` works on the normalised working copy (original case kept), returning each
named locality and each bare reference ("toàn huyện", "Đảng bộ tỉnh") with its level.
"""

import re
import unicodedata
from dataclasses import dataclass

PROVINCE = "province"
DISTRICT = "district"
COMMUNE = "commune"
ORGANISATION = "organisation"
CELL = "cell"
CITY = "city"  # "thành phố": a province when centrally run, else a district

# The 63 provinces and centrally-run cities before the 2025 merger, plus Huế (a centrally-run
# city since 2025), each with the other spellings articles use.
PROVINCES: dict[str, tuple[str, ...]] = {
    "An Giang": (),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu", "BR-VT"),
    "Bắc Giang": (),
    "Bắc Kạn": ("Bắc Cạn",),
    "Bạc Liêu": (),
    "Bắc Ninh": (),
    "Bến Tre": (),
    "Bình Định": (),
    "Bình Dương": (),
    "Bình Phước": (),
    "Bình Thuận": (),
    "Cà Mau": (),
    "Cần Thơ": (),
    "Cao Bằng": (),
    "Đà Nẵng": (),
    "Đắk Lắk": ("Đắc Lắc", "Đăk Lăk", "Daklak"),
    "Đắk Nông": ("Đăk Nông",),
    "Điện Biên": (),
    "Đồng Nai": (),
    "Đồng Tháp": (),
    "Gia Lai": (),
    "Hà Giang": (),
    "Hà Nam": (),
    "Hà Nội": (),
    "Hà Tĩnh": (),
    "Hải Dương": (),
    "Hải Phòng": (),
    "Hậu Giang": (),
    "Hòa Bình": (),
    "Hồ Chí Minh": ("TPHCM", "TP.HCM", "TP HCM", "TP. HCM", "Thành phố Hồ Chí Minh", "HCM"),
    "Hưng Yên": (),
    "Khánh Hòa": (),
    "Kiên Giang": (),
    "Kon Tum": (),
    "Lai Châu": (),
    "Lâm Đồng": (),
    "Lạng Sơn": (),
    "Lào Cai": (),
    "Long An": (),
    "Nam Định": (),
    "Nghệ An": (),
    "Ninh Bình": (),
    "Ninh Thuận": (),
    "Phú Thọ": (),
    "Phú Yên": (),
    "Quảng Bình": (),
    "Quảng Nam": (),
    "Quảng Ngãi": (),
    "Quảng Ninh": (),
    "Quảng Trị": (),
    "Sóc Trăng": (),
    "Sơn La": (),
    "Tây Ninh": (),
    "Thái Bình": (),
    "Thái Nguyên": (),
    "Thanh Hóa": (),
    "Thừa Thiên Huế": ("Thừa Thiên - Huế", "Thừa Thiên-Huế", "TT-Huế"),
    "Huế": (),
    "Tiền Giang": (),
    "Trà Vinh": (),
    "Tuyên Quang": (),
    "Vĩnh Long": (),
    "Vĩnh Phúc": (),
    "Yên Bái": (),
}
CENTRAL_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}

_TONE_FIX = str.maketrans({"\u0110": "D", "\u0111": "d"})


def fold(name: str) -> str:
    """Comparison key: NFC, casefolded, tone placement unified, whitespace collapsed."""
    text = unicodedata.normalize("NFC", name)
    text = unify_tones(text)
    return " ".join(text.casefold().split())


def slug(name: str) -> str:
    """ASCII letters only: "Đồng Nai" -> "dongnai"."""
    text = unicodedata.normalize("NFD", name.translate(_TONE_FIX))
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


# Old-style tone placement ("hoà", "thuý") to the one most articles use ("hòa", "thúy"); the
# rewrite keeps the length so offsets survive.
_TONE_MOVES = {}
for _base, _marked in (("a", "àáảãạ"), ("e", "èéẻẽẹ"), ("y", "ỳýỷỹỵ")):
    _head = "o" if _base in "ae" else "u"
    _head_marked = "òóỏõọ" if _head == "o" else "ùúủũụ"
    for _i, _m in enumerate(_marked):
        _TONE_MOVES[_head + _m] = _head_marked[_i] + _base
        _TONE_MOVES[_head.upper() + _m] = _head_marked[_i].upper() + _base
        _TONE_MOVES[_head + _m.upper()] = _head_marked[_i] + _base.upper()
        _TONE_MOVES[_head.upper() + _m.upper()] = _head_marked[_i].upper() + _base.upper()
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(map(re.escape, _TONE_MOVES)) + r")(?!\w)")


def unify_tones(text: str) -> str:
    """ "hoà" -> "hòa", "thuý" -> "thúy" (same length; "quý" is left alone)."""
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(1)], text)


_ALIASES: list[tuple[str, str]] = sorted(
    ((alias, canon) for canon, aliases in PROVINCES.items() for alias in (canon, *aliases)),
    key=lambda pair: -len(pair[0]),
)
_BY_FOLD = {fold(alias): canon for alias, canon in _ALIASES}
_BY_SLUG = {slug(alias): canon for alias, canon in _ALIASES if len(slug(alias)) >= 5}


def province_named(name: str) -> str | None:
    """The canonical province for a name or alias ("TPHCM" -> "Hồ Chí Minh"), else None."""
    return _BY_FOLD.get(fold(name))


def province_from_url(url: str | None) -> str | None:
    """A province whose name starts a host label: baodongnai.com.vn, huengaynay.vn, …"""
    if not url:
        return None
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0]
    best = None
    for label in re.split(r"[.\-]", host):
        for key, canon in _BY_SLUG.items():
            for prefix in ("", "bao"):
                if label.startswith(prefix + key) and (best is None or len(key) > best[0]):
                    best = (len(key), canon)
    if best is None and any(label.startswith(("hue", "baohue")) for label in host.split(".")):
        return "Huế"
    return best[1] if best else None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str | None  # None: a bare reference ("toàn huyện") to resolve from context
    level: str  # province|district|commune|organisation|cell|city
    head: str = ""  # organisation head word ("Trường", "Khối") for references like "Đảng bộ Trường"
    generic: bool = False  # "các xã", "mỗi chi bộ": many units, not one
    party: bool = False  # introduced by "Đảng bộ"/"Đảng ủy"/"Huyện ủy": the unit that admits
    city: bool = False  # named with "thành phố"/"TP": what a later bare "thành phố" refers to


_W = r"[^\W\d_]"
_NAME = r"[^\W_][^\s,.;:()…]*(?:[ \-–]+[^\W_][^\s,.;:()…]*){0,5}"

LEVEL_WORDS = [
    ("thành phố", CITY),
    ("thị trấn", COMMUNE),
    ("thị xã", DISTRICT),
    ("tổ dân phố", CELL),
    ("khu phố", CELL),
    ("khối phố", CELL),
    ("khóm", CELL),
    ("tỉnh", PROVINCE),
    ("quận", DISTRICT),
    ("huyện", DISTRICT),
    ("xã", COMMUNE),
    ("phường", COMMUNE),
    ("thôn", CELL),
    ("xóm", CELL),
    ("bản", CELL),
    ("ấp", CELL),
    ("tp.", CITY),
    ("tp", CITY),
    ("tx.", DISTRICT),
]
COMMITTEES = [
    ("tỉnh ủy", PROVINCE),
    ("thành ủy", CITY),
    ("huyện ủy", DISTRICT),
    ("quận ủy", DISTRICT),
    ("thị ủy", DISTRICT),
]
ORG_HEADS = (
    "Tổng công ty|Công ty|Tập đoàn|Trường|Bệnh viện|Trung tâm|Cục|Chi cục|Sở|Khối|Ban|"
    "Quân sự|Bộ Chỉ huy|Bộ đội|Công an|Ngân hàng|Học viện|Viện|Đại học|Văn phòng|Ủy ban|"
    "UBND|Kho bạc|Tòa án|Báo|Đài|Cơ quan|Liên đoàn|Hội|Nhà máy|Cảng|Hải quan|Điện lực|"
    "Bưu điện|Doanh nghiệp|Hợp tác xã|Đoàn"
)
_ORG_HEAD_RE = re.compile(rf"(?:{ORG_HEADS})(?!{_W})", re.IGNORECASE)
# Words that end an organisation's name: verbs and function words of the sentence around it.
_ORG_STOP = {
    "kết",
    "đã",
    "có",
    "đạt",
    "là",
    "được",
    "đang",
    "sẽ",
    "vẫn",
    "đều",
    "cùng",
    "thực",
    "tổ",
    "phấn",
    "đề",
    "xây",
    "cho",
    "trong",
    "tại",
    "với",
    "về",
    "nhiệm",
    "năm",
    "lần",
    "từ",
    "đến",
    "này",
    "hiện",
    "luôn",
    "tiếp",
    "chỉ",
    "tăng",
    "giảm",
    "vượt",
    "hoàn",
    "nâng",
    "ban",
    "khai",
    "tham",
    "trên",
    "theo",
    "gồm",
    "quan",
    "phát",
    "bồi",
    "giới",
    "cử",
    "đứng",
    "thuộc",
    "trực",
    "nhằm",
    "để",
    "khi",
    "như",
    "mới",
    "chuyển",
    "tính",
    "thì",
    "còn",
    "không",
    "chưa",
    "nhưng",
    "ngày",
    "tháng",
    "tổng",
    "bình",
}
_ORG_STOP_OK_AFTER = {"quan"}  # "Cơ quan": the head itself, and "khối cơ quan" inside a name


_PARTY_PREFIX = r"(?:Đảng bộ cơ sở|Đảng bộ|Đảng ủy|Đảng uỷ|Chi bộ|Đảng ủy cơ sở)"
_MENTION_RE = re.compile(
    rf"(?P<party>{_PARTY_PREFIX}\s+)?"
    r"(?P<quant>\b(?:toàn|cả|các|mỗi|những|nhiều|một số|từng|mọi)\s+)?"
    r"(?<![\w])(?P<level>thành phố|thị trấn|thị xã|tổ dân phố|khu phố|khối phố|khóm|"
    r"tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ|"
    r"huyện ủy|huyện uỷ|quận ủy|quận uỷ|thị ủy|thị uỷ|tỉnh|quận|huyện|xã|phường|thôn|xóm|bản|ấp|"
    r"tp\.\s?|tp\b|tx\.\s?|t\.x\.?\s?|h\.\s?|q\.\s?)"
    r"(?:(?<=\.)|(?<=\. )|(?!\w))",
    re.IGNORECASE,
)
_NAME_RE = re.compile(rf"[ ]*{_NAME}")
_PARTY_ORG_RE = re.compile(rf"(?P<party>{_PARTY_PREFIX})\s+(?P<rest>[^\d\n.;:()…]+)")
_CENTRAL_RE = re.compile(r"(?<![\w])Trung ương(?!\w)")


def _level_of(word: str) -> str:
    word = word.lower().replace("uỷ", "ủy").strip()
    for w, level in COMMITTEES:
        if word == w:
            return level
    for w, level in LEVEL_WORDS:
        if word == w:
            return level
    if word.startswith("tp"):
        return CITY
    # "TX." / "T.X" (thị xã), "H." (huyện), "Q." (quận)
    return DISTRICT if word.replace(".", "").strip() in ("tx", "h", "q") else COMMUNE


def _clean_name(raw: str, *, digits: bool = False) -> str | None:
    """Keep the capitalised words of a place name, stopping at the first that is not one."""
    words = []
    for token in raw.strip().split():
        core = token.strip("-–")
        if (
            not core
            or not (core[0].isupper() or core.isdigit())
            or not core.replace("-", "").isalnum()
        ):
            break
        if core.isdigit() and (not digits or len(core) > 2 or words):
            break
        if token.isupper() and len(token) > 1 and token.lower() in _ORG_STOP | {"nạp"}:
            break
        words.append(token)
        if len(words) == 4:
            break
    name = " ".join(words).strip(" -–")
    return name or None


def _org_name(text: str, start: int, stop_at: int) -> tuple[str, int] | None:
    """An organisation's name starting at `start`: words up to a stop word or punctuation."""
    stop_at = min(stop_at, start + 300)  # nine words at most: never read on through a long line
    pos = start
    words: list[str] = []
    for m in re.finditer(r"[^\s,]+|,", text[start:stop_at]):
        token = m.group(0)
        closing = re.search(r"[.;:!?…)\]\"”]+$", token)
        if closing:
            token = token[: closing.start()]
            if not token:
                break
        if token.startswith(("(", '"', "“")):
            break
        low = token.lower()
        if token == ",":
            # "Sở Văn hóa, Thể thao và Du lịch": a comma continues a name when the next word is
            # capitalised and starts no new organisation or place.
            nxt = re.match(r",\s*(\S+)", text[start + m.start() : stop_at])
            if not nxt or not nxt.group(1)[:1].isupper() or _ORG_HEAD_RE.match(nxt.group(1)):
                break
            if nxt.group(1).lower() in {"huyện", "xã", "phường", "tỉnh", "thị"}:
                break
            if words:
                words[-1] += ","
            continue
        inside = (low in _ORG_STOP_OK_AFTER and len(words) == 1) or (
            low == "quan" and words and words[-1].lower() == "cơ"
        )
        if words and low in _ORG_STOP and not inside and (token == low or token.isupper()):
            break
        if low == "và":
            nxt = re.match(r"và\s+(\S+)", text[start + m.start() : stop_at])
            if nxt and (_ORG_HEAD_RE.match(nxt.group(1)) or nxt.group(1) in _ORG_STOP):
                break
            if nxt and nxt.group(1) in {"huyện", "xã", "phường", "tỉnh", "Đảng", "đảng"}:
                break
        if any(ch.isdigit() for ch in token):
            break
        words.append(token)
        pos = start + m.start() + len(token)
        if closing or len(words) == 9:
            break
    while words and words[-1].lower().rstrip(",") in {"và", "–", "-", "của", ""}:
        words.pop()
        pos = start + text[start:pos].rfind(words[-1]) + len(words[-1]) if words else start
    if not words:
        return None
    words[-1] = words[-1].rstrip(",")
    return " ".join(words), pos


def find_mentions(text: str) -> list[Mention]:
    """Named localities and bare references in the working text, in order of position."""
    mentions: list[Mention] = []
    covered = bytearray(len(text) + 1)  # 1 where a mention already stands: linear, not pairwise

    def free(a: int, b: int) -> bool:
        return b <= a or 1 not in covered[a:b]

    def take(a: int, b: int) -> None:
        if b > a:
            covered[a:b] = b"\x01" * (b - a)

    for m in _MENTION_RE.finditer(text):
        level_word = m["level"]
        abbreviated = level_word.replace(".", "").strip().lower() in ("tp", "tx", "h", "q")
        if abbreviated and not level_word[:1].isupper():
            continue
        level = _level_of(level_word)
        if level == CELL and level_word[:1].isupper() and not m["party"]:
            continue  # "Báo Ấp Bắc", "Bản tin": a capitalised hamlet word starts some other name
        if level_word.lower().startswith(("tỉnh ủy", "tỉnh uỷ")):
            level = PROVINCE
        digits = level_word.lower() in {
            "phường",
            "quận",
            "khu phố",
            "khối phố",
            "tổ dân phố",
            "khóm",
        }
        following = _NAME_RE.match(text, m.end())
        raw_name = following.group(0) if following else ""
        name = cleaned = _clean_name(raw_name, digits=digits) if raw_name else None
        if abbreviated and not name and level_word.replace(".", "").strip().lower() in "hq":
            continue  # a lone "H." or "Q." is an initial, not a district
        if name and level == PROVINCE and province_named(name) is None and len(name.split()) > 3:
            name = None
        quant = (m["quant"] or "").strip().lower()
        generic = quant in {"các", "mỗi", "những", "nhiều", "một số", "từng", "mọi"}
        if re.search(
            r"(?:các|mỗi|những|nhiều|một số|từng|mọi)\s+$",
            text[max(0, m.start() - 12) : m.start()].lower(),
        ):
            generic = True
        # "chỉ tiêu tỉnh giao": the level that sets a target, not the one that meets it.
        if not name and re.match(r"\s*giao\b", text[m.end() : m.end() + 8]):
            generic = True
        if name and name.isdigit():
            # "phường 11", "quận 3": a numbered unit is named with its level word
            name = f"{level_word.strip().capitalize()} {name}"
        if level == CITY and name:
            canon = province_named(name)
            level = PROVINCE if canon in CENTRAL_CITIES else DISTRICT
            if canon in CENTRAL_CITIES:
                name = canon
        elif level == PROVINCE and name:
            name = province_named(name) or name
        end = m.end()
        if cleaned:
            end = m.end() + len(raw_name) - len(raw_name.lstrip()) + len(cleaned)
        is_city = bool(name) and level_word.lower().startswith(("thành phố", "tp"))
        mentions.append(
            Mention(
                m.start(), end, name, level, generic=generic, party=bool(m["party"]), city=is_city
            )
        )
        take(m.start(), end)

    for m in _PARTY_ORG_RE.finditer(text):
        if not free(m.start(), m.start("rest") + 1):
            continue
        rest = m["rest"]
        if re.match(r"(?:toàn|cả|các|mỗi)\b", rest, re.IGNORECASE):
            continue
        found = _org_name(text, m.start("rest"), m.end("rest"))
        if not found:
            continue
        name, end = found
        cell = m["party"].lower().startswith("chi bộ")
        head_m = _ORG_HEAD_RE.match(name)
        if len(name.split()) == 1 and head_m:
            mentions.append(Mention(m.start(), end, None, ORGANISATION, head=name, party=True))
        elif cell and not head_m:
            if name[:1].isupper():
                mentions.append(Mention(m.start(), end, name, CELL, party=True))
        elif name[:1].isupper() or head_m:
            if not head_m and name.split()[0].lower() in {"thị", "tỉnh", "huyện", "xã"}:
                continue
            mentions.append(Mention(m.start(), end, name, ORGANISATION, head=name.split()[0]))
            mentions[-1] = Mention(
                m.start(), end, name, ORGANISATION, head=name.split()[0], party=True
            )
        take(m.start(), end)

    for m in re.finditer(rf"(?<![\w])(?:{ORG_HEADS})(?!{_W})", text):
        if not free(m.start(), m.end()) or not m.group(0)[:1].isupper():
            continue
        if m.group(0) in {"Ban", "Đoàn", "Hội", "Báo", "Đài"}:
            continue
        line_end = text.find("\n", m.start())
        found = _org_name(text, m.start(), len(text) if line_end < 0 else line_end)
        if not found or len(found[0].split()) < 3:
            continue
        name, end = found
        mentions.append(Mention(m.start(), end, name, ORGANISATION, head=m.group(0)))
        take(m.start(), end)

    for m in _CENTRAL_RE.finditer(text):
        if free(m.start(), m.end()):
            mentions.append(Mention(m.start(), m.end(), "Trung ương", ORGANISATION))
            take(m.start(), m.end())

    mentions.sort(key=lambda x: (x.start, -x.end))
    kept: list[Mention] = []
    reach = -1  # the furthest end of a kept mention: all of them start at or before `m`
    for m in mentions:
        if m.end <= reach:
            continue
        reach = m.end
        listed = kept and m.name is None and not m.party and kept[-1].generic
        if listed and re.fullmatch(r"\s*,\s*", text[kept[-1].end : m.start]):
            m = Mention(m.start, m.end, None, m.level, m.head, True, m.party, m.city)
        kept.append(m)
    return kept


def bare_mentions(text: str, names: dict[str, str], taken: list[Mention]) -> list[Mention]:
    """Occurrences of already-known place names without their level word ("tại Quỳnh Phụ").

    Each run of up to six words is looked up in the names (a dictionary), so the cost grows
    with the text, not with the text times the number of names.
    """
    covered = bytearray(len(text) + 1)
    for t in taken:
        if t.end > t.start:
            covered[t.start : t.end] = b"\x01" * (t.end - t.start)
    wanted: dict[str, tuple[str, str]] = {}
    longest = 1
    for name, level in names.items():
        key = " ".join(name.split()).lower()
        wanted.setdefault(key, (name, level))
        longest = max(longest, len(re.findall(r"\w+", key)))
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    found = []
    for i, (a, _) in enumerate(words):
        if not text[a].isupper():
            continue
        for j in range(min(len(words), i + longest) - 1, i - 1, -1):
            b = words[j][1]
            hit = wanted.get(" ".join(text[a:b].split()).lower())
            if hit is None or 1 in covered[a:b]:
                continue
            name, level = hit
            found.append(Mention(a, b, name, level))
            break
    return found


def provinces_in(text: str) -> list[tuple[str, bool]]:
    """Province names in the text, each with whether the mention is explicit ("tỉnh X", "(X)")."""
    found = []
    for alias, canon in _ALIASES:
        if alias not in text:  # a plain substring scan first: most aliases are absent
            continue
        for m in re.finditer(rf"(?<![\w.]){re.escape(alias)}(?![\w])", text):
            before = text[max(0, m.start() - 12) : m.start()].lower()
            if alias == "Hồ Chí Minh" and not re.search(r"(thành phố|tp\.?)\s*$", before):
                continue  # "tư tưởng, phong cách Hồ Chí Minh" is the President, not the city
            strong = bool(
                re.search(r"(tỉnh|tỉnh ủy|tỉnh uỷ|thành phố|thành ủy|thành uỷ|tp\.?)\s*$", before)
                or (before.endswith("(") and text[m.end() : m.end() + 1] == ")")
            )
            found.append((canon, strong))
    return found
