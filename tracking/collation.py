"""Vietnamese alphabetical order as a plain string key (pure: no ORM, no locale library).

Byte order puts "Đ" after "Z" and "Phú" before "Pác" ("h" < "á"). Vietnamese order is
letters first — a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y — and tones only
to break ties (none, huyền, hỏi, ngã, sắc, nặng). `sort_key(name)` encodes that as lowercase
ASCII letters and digits only, so comparing keys byte by byte *or* under any database
collation (SQLite's BINARY, PostgreSQL's C or en_US) gives the same Vietnamese order: the key
can be stored in an indexed column and ordered by in SQL.
"""

from __future__ import annotations

import unicodedata

# Letter modifiers (they make a different letter) and tones (they only break ties).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _code(rank: int) -> str:
    """Two base-36 characters: ranks keep their order as ASCII text."""
    return _DIGITS[rank // 36] + _DIGITS[rank % 36]


# "00" ends the letters (so "Phú" < "Phú Lương" < "Phúc"); space and punctuation "01",
# digits next, then the alphabet.
_END, _GAP = "00", "01"
_RANK = {str(d): _code(2 + d) for d in range(10)}
_RANK.update({letter: _code(20 + i) for i, letter in enumerate(_ALPHABET)})

_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}


def _letters(name: str):
    """(Vietnamese letter, tone 0–5) per base character of `name`, case folded."""
    base, tone, marks = None, 0, []
    for char in unicodedata.normalize("NFD", name.casefold()):
        if unicodedata.combining(char):
            if char in _TONES:
                tone = _TONES[char]
            else:
                marks.append(char)
            continue
        if base is not None:
            yield _modified(base, marks), tone
        base, tone, marks = char, 0, []
    if base is not None:
        yield _modified(base, marks), tone


def _modified(base: str, marks: list[str]) -> str:
    for mark in marks:
        base = _MODIFIED.get((base, mark), base)
    return base


def sort_key(name: str) -> str:
    """A key whose plain string order is Vietnamese alphabetical order of `name`.

    Letters decide first ("Đà Nẵng" after "Dương", "Pác Nặm" before "Phú Lương"); tones break
    ties ("Hòa" before "Hóa"), one tone per word wherever it is placed ("Hoà" = "Hòa"); case is
    ignored. At most 3 characters per character of `name`.
    """
    letters, tones, word_tone = [], [], 0
    for letter, tone in _letters(name or ""):
        rank = _RANK.get(letter)
        if rank is None:
            if letter.isalnum():  # another script or a letter outside the alphabet
                rank = _code(min(20 + len(_ALPHABET) + ord(letter) % 1200, 36 * 36 - 1))
            else:
                rank = _GAP
        if rank == _GAP:
            if not letters or letters[-1] == _GAP:
                continue  # "Bà Rịa - Vũng Tàu" and "Bà Rịa Vũng Tàu" sort together
            tones.append(str(word_tone))
            word_tone = 0
        else:
            word_tone = tone or word_tone
        letters.append(rank)
    if letters and letters[-1] == _GAP:
        letters.pop()
    elif letters:
        tones.append(str(word_tone))
    # One tone per word, wherever it sits: "Hoà" and "Hòa" have the same key.
    return "".join(letters) + _END + "".join(tones)
