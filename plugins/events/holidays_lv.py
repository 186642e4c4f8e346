"""Latvian public holidays that are days off, from the `holidays` package."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

_LANGUAGE = {"lv": "lv", "ltg": "lv", "en": "en_US"}


@lru_cache(maxsize=64)
def public_holidays(year: int, lang: str) -> dict[dt.date, str]:
    """Days off in Latvia in ``year``, named in ``lang`` (Latgalian uses the Latvian names)."""
    days = holidays.country_holidays("LV", years=year, categories=("public",), language=_LANGUAGE.get(lang, "lv"))
    return {d: name for d, name in sorted(days.items())}
