"""Folding text to plain letters (for search: "reģions" is also found as "regions")."""

from __future__ import annotations

import unicodedata

# Letters that do not decompose into a base letter and a mark.
_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
                        "œ": "oe", "Œ": "OE", "ı": "i"})


def fold(text: str) -> str:
    """``text`` without diacritics: "Preiļu novadā" -> "Preilu novada" (other scripts are kept)."""
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
