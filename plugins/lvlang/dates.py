"""Dates and times in words, per language, through Babel.

Latvian running text puts the month in the locative ("2019. gada 10.
decembrī"); CLDR has no such forms, so they come from ``lvlang.months``.
Latgalian follows the Latvian rules for dates in running text (Babel's ltg
data has nominative month names only); its calendar headers use Babel's ltg
names.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton, get_day_names, get_month_names

from .months import latvian_month

LOCALES = {"lv": "lv", "en": "en_GB", "ltg": "ltg"}
_LATVIAN_RULES = ("lv", "ltg")


def _locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; expected one of {sorted(LOCALES)}") from None


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def format_date(value: dt.date | dt.datetime, lang: str, style: str = "long") -> str:
    """lv long "2019. gada 10. decembrī", short "10.12.2019."; en "10 December 2019", "10/12/2019"."""
    _locale(lang)
    d = _as_date(value)
    if style == "short":
        if lang in _LATVIAN_RULES:
            return f"{d.day:02d}.{d.month:02d}.{d.year}."
        return babel_format_date(d, "dd/MM/y", locale=LOCALES[lang])
    if style != "long":
        raise ValueError(f"unknown style {style!r}")
    if lang in _LATVIAN_RULES:
        return f"{d.year}. gada {d.day}. {latvian_month(d.month, 'locative')}"
    return babel_format_date(d, "d MMMM y", locale=LOCALES[lang])


def format_time(value: dt.time | dt.datetime, lang: str) -> str:
    """lv/ltg "plkst. 10.00", en "10:00"."""
    _locale(lang)
    t = value.time() if isinstance(value, dt.datetime) else value
    if lang in _LATVIAN_RULES:
        return f"plkst. {t.hour}.{t.minute:02d}"
    return f"{t.hour:02d}:{t.minute:02d}"


def format_time_range(start: dt.time | dt.datetime, end: dt.time | dt.datetime, lang: str) -> str:
    """lv "plkst. 10.00–16.00", en "10:00–16:00"."""
    a, b = format_time(start, lang), format_time(end, lang)
    if lang in _LATVIAN_RULES:
        return f"{a}–{b.removeprefix('plkst. ')}"
    return f"{a}–{b}"


def format_datetime(value: dt.datetime, lang: str) -> str:
    """lv "2019. gada 10. decembrī plkst. 14.30", en "10 December 2019, 14:30"."""
    if lang in _LATVIAN_RULES:
        return f"{format_date(value, lang)} {format_time(value, lang)}"
    return f"{format_date(value, lang)}, {format_time(value, lang)}"


def month_name(month: int, lang: str) -> str:
    """The nominative month name (stand-alone form where the locale has one)."""
    names = get_month_names("wide", context="stand-alone", locale=_locale(lang))
    return names[month]


def month_caption(year: int, month: int, lang: str) -> str:
    """A calendar caption: lv "2018. gada maijs", en "May 2018"."""
    if lang == "lv":
        return f"{year}. gada {month_name(month, lang)}"
    if lang == "ltg":
        return f"{year}. goda {month_name(month, lang)}"
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=_locale(lang))


def weekday_names(lang: str, width: str = "wide") -> list[str]:
    """Seven names, Monday first, from Babel ("wide" or "abbreviated")."""
    names = [get_day_names(width, context="format", locale=_locale(lang))[i] for i in range(7)]
    wide = [get_day_names("wide", context="format", locale=_locale(lang))[i] for i in range(7)]
    if width != "wide" and names == wide:
        # CLDR has no short forms for this locale (Latgalian): shorten Babel's own names.
        size = 2 if width in ("short", "narrow") else 3
        names = [n[:size].capitalize() + ("." if size == 3 else "") for n in wide]
    return names
