"""Folding text to ASCII (for search: "reģions" is also found as "regions")."""

from __future__ import annotations

import unicodedata

from unidecode import unidecode


def fold(text: str) -> str:
    """``text`` without diacritics: "Preiļu novadā" -> "Preilu novada"."""
    return unidecode(unicodedata.normalize("NFC", str(text)))
