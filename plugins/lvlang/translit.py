"""Folding text to plain letters (for search: "reģions" is also found as "regions")."""

from __future__ import annotations

import re
import unicodedata

# Letters that do not decompose into a base letter and a mark.
_EXTRA = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ı": "i",
    }
)
_EXTRA_CHARS = re.compile("[" + "".join(chr(c) for c in _EXTRA) + "]")
# The marks of every Latin letter after NFKD (the block U+0300-U+036F, less its non-combining characters).
_LATIN_MARKS = re.compile("[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]+")


def fold(text: str) -> str:
    """``text`` without diacritics: "Preiļu novadā" -> "Preilu novada" (other scripts are kept)."""
    text = str(text)
    if text.isascii():
        return text
    if _EXTRA_CHARS.search(text):
        text = text.translate(_EXTRA)
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    # Other scripts' combining marks are rare: look for them among the distinct characters only.
    if any(unicodedata.combining(ch) for ch in set(folded) if ch > "\x7f"):
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return folded
