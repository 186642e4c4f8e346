"""Event dates in words: the one formatter used on event pages and in every listing.

lv "2018. gada 15., 16., 22. un 23. maijā", "2018. gada 12.–13. un 19.–20.
jūnijā", "2018. gada 30. maijā – 2. jūnijā"; en "15, 16, 22 and 23 May 2018",
"12–13 and 19–20 June 2018"; lt "2018 m. gegužės 15, 16, 22 ir 23 d.".
Latgalian uses the Latvian rules; any other language the patterns and list
words of its locale (Babel).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby

from babel.lists import format_list

from lvlang.dates import format_time, format_time_range, join_date_time, latvian_rules, long_date
from lvlang.language import Language
from lvlang.months import latvian_month

from .model import Occurrence

DASH = "\u2013"


def _join(parts: list[str], lang: Language) -> str:
    """ "a, b un c" / "a, b and c": the locale's list words."""
    if len(parts) <= 1:
        return "".join(parts)
    return format_list(parts, style="standard", locale=lang.data_locale)


def _is_day_item(o: Occurrence) -> bool:
    """A whole-day item inside one month (a day or a range of days)."""
    return o.all_day and (o.start.year, o.start.month) == (o.end.year, o.end.month)


def _days(o: Occurrence, lang: Language) -> str:
    if latvian_rules(lang):
        return f"{o.start.day}." if o.start == o.end else f"{o.start.day}.{DASH}{o.end.day}."
    return f"{o.start.day}" if o.start == o.end else f"{o.start.day}{DASH}{o.end.day}"


def _month_group(items: list[Occurrence], lang: Language) -> str:
    """Items of one month: lv "15., 16. un 22. maijā" (no year), en "15, 16 and 22 May"."""
    month = items[0].start.month
    days = _join([_days(o, lang) for o in items], lang)
    if latvian_rules(lang):
        return f"{days} {latvian_month(month, 'locative')}"
    return long_date(lang.locale).day_month(_as_date(items[0].start), days)


def _with_year(text: str, year: int, lang: Language) -> str:
    if latvian_rules(lang):
        return f"{year}. gada {text}"
    return long_date(lang.locale).with_year(text, year)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _full(value: dt.date | dt.datetime, lang: Language, with_year: bool = True) -> str:
    d = _as_date(value)
    if latvian_rules(lang):
        text = f"{d.day}. {latvian_month(d.month, 'locative')}"
    else:
        text = long_date(lang.locale).day_month(d)
    return _with_year(text, d.year, lang) if with_year else text


def _year_first(lang: Language) -> bool:
    return latvian_rules(lang) or long_date(lang.locale).year_first


def _span(o: Occurrence, lang: Language) -> str:
    """An all-day range across months or years: the year once, on the locale's side."""
    same_year = o.start.year == o.end.year
    if _year_first(lang):
        return f"{_full(o.start, lang)} {DASH} {_full(o.end, lang, with_year=not same_year)}"
    return f"{_full(o.start, lang, with_year=not same_year)} {DASH} {_full(o.end, lang)}"


def _timed(o: Occurrence, lang: Language) -> str:
    start, end = o.start, o.end
    if start.date() == end.date():
        times = format_time(start, lang) if start == end else format_time_range(start, end, lang)
        return join_date_time(_full(start, lang), times, lang)
    if latvian_rules(lang):
        same_year = start.year == end.year
        return (
            f"{_full(start, lang)} {format_time(start, lang)} {DASH} "
            f"{_full(end, lang, with_year=not same_year)} {format_time(end, lang)}"
        )
    return (
        f"{join_date_time(_full(start, lang), format_time(start, lang), lang)} {DASH} "
        f"{join_date_time(_full(end, lang), format_time(end, lang), lang)}"
    )


def format_occurrences(occurrences: Sequence[Occurrence], lang: Language) -> str:
    """All sessions of an event in words, in the language ``lang``."""
    occs = sorted(occurrences, key=lambda o: (o.first_day, str(o.start)))
    if not occs:
        return ""
    if all(_is_day_item(o) for o in occs):
        by_year = [(year, list(items)) for year, items in groupby(occs, key=lambda o: o.start.year)]
        chunks = []
        for year, items in by_year:
            months = [_month_group(list(g), lang) for _m, g in groupby(items, key=lambda o: o.start.month)]
            chunks.append(_with_year(_join(months, lang), year, lang))
        return _join(chunks, lang) if len(chunks) > 1 else chunks[0]
    parts = []
    for o in occs:
        if o.all_day:
            parts.append(
                _span(o, lang)
                if not _is_day_item(o)
                else _full(o.start, lang)
                if o.start == o.end
                else _with_year(_month_group([o], lang), o.start.year, lang)
            )
        else:
            parts.append(_timed(o, lang))
    if latvian_rules(lang):
        return _join(parts, lang)
    return "; ".join(parts) if len(parts) > 2 else _join(parts, lang)
