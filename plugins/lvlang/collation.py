"""Alphabetical order by the language's rules (ICU): in Latvian č, ģ, ķ, ļ, ņ, š, ž
are letters of their own, sorted after c, g, k, l, n, s, z."""

from __future__ import annotations

from functools import cache
from typing import Callable, Iterable, TypeVar

import icu

T = TypeVar("T")
_RULES = {"lv": "lv", "ltg": "lv", "en": "en"}


@cache
def _collator(lang: str) -> "icu.Collator":
    return icu.Collator.createInstance(icu.Locale(_RULES.get(lang, lang)))


def sort_key(lang: str) -> Callable[[str], bytes]:
    collator = _collator(lang)
    return lambda text: collator.getSortKey(str(text))


def collate(items: Iterable[T], lang: str, key: Callable[[T], str] | None = None) -> list[T]:
    k = sort_key(lang)
    if key is None:
        return sorted(items, key=lambda item: k(str(item)))
    return sorted(items, key=lambda item: k(key(item)))
