"""Alphabetical order by the language's rules (ICU): in Latvian č, ģ, ķ, ļ, ņ, š, ž
are letters of their own, sorted after c, g, k, l, n, s, z; in Lithuanian y sorts with i."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

import icu

from .language import Language

T = TypeVar("T")


@cache
def _collator(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(locale))


def sort_key(lang: Language) -> Callable[[str], bytes]:
    collator = _collator(lang.collation)
    return lambda text: collator.getSortKey(str(text))


def collate(items: Iterable[T], lang: Language, key: Callable[[T], str] | None = None) -> list[T]:
    k = sort_key(lang)
    if key is None:
        return sorted(items, key=lambda item: k(str(item)))
    return sorted(items, key=lambda item: k(key(item)))
