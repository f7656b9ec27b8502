"""Pure: comparing Vietnamese unit names as people write them.

`name_key` is the same for two spellings that differ only in Unicode form (NFC/NFD), case,
spacing or tone placement (Hoà = Hòa, Thuý = Thúy), and different for different tones or
letters (Tân ≠ Tấn). Linear in the length of the name.
"""

from __future__ import annotations

import unicodedata

# grave, acute, tilde, hook above, dot below: the five tone marks.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def name_key(name: str) -> str:
    """Case-, form-, spacing- and tone-placement-insensitive key of a name."""
    words = []
    for word in unicodedata.normalize("NFD", name).casefold().split():
        tones = "".join(sorted(c for c in word if c in _TONES))
        words.append("".join(c for c in word if c not in _TONES) + tones)
    return unicodedata.normalize("NFC", " ".join(words))
