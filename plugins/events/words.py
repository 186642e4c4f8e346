"""Event dates in words: the one formatter used on event pages and in every listing.

lv "2018. gada 15., 16., 22. un 23. maijā", "2018. gada 12.–13. un 19.–20.
jūnijā", "2018. gada 30. maijā – 2. jūnijā"; en "15, 16, 22 and 23 May 2018",
"12–13 and 19–20 June 2018". Latgalian uses the Latvian rules.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Sequence

from lvlang.dates import format_time, format_time_range, month_name
from lvlang.months import latvian_month

from .model import Occurrence

DASH = "\u2013"
_LATVIAN = ("lv", "ltg")


def _join(parts: list[str], lang: str) -> str:
    word = " un " if lang in _LATVIAN else " and "
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + word + parts[-1]


def _en_month(month: int) -> str:
    return month_name(month, "en")


def _is_day_item(o: Occurrence) -> bool:
    """A whole-day item inside one month (a day or a range of days)."""
    return o.all_day and (o.start.year, o.start.month) == (o.end.year, o.end.month)


def _days(o: Occurrence, lang: str) -> str:
    if lang in _LATVIAN:
        return f"{o.start.day}." if o.start == o.end else f"{o.start.day}.{DASH}{o.end.day}."
    return f"{o.start.day}" if o.start == o.end else f"{o.start.day}{DASH}{o.end.day}"


def _month_group(items: list[Occurrence], lang: str) -> str:
    """Items of one month: lv "15., 16. un 22. maijā" (no year), en "15, 16 and 22 May"."""
    month = items[0].start.month
    days = _join([_days(o, lang) for o in items], lang)
    return f"{days} {latvian_month(month, 'locative')}" if lang in _LATVIAN else f"{days} {_en_month(month)}"


def _full(value: dt.date | dt.datetime, lang: str, with_year: bool = True) -> str:
    d = value.date() if isinstance(value, dt.datetime) else value
    if lang in _LATVIAN:
        text = f"{d.day}. {latvian_month(d.month, 'locative')}"
        return f"{d.year}. gada {text}" if with_year else text
    text = f"{d.day} {_en_month(d.month)}"
    return f"{text} {d.year}" if with_year else text


def _span(o: Occurrence, lang: str) -> str:
    """An all-day range across months or years."""
    same_year = o.start.year == o.end.year
    if lang in _LATVIAN:
        return f"{_full(o.start, lang)} {DASH} {_full(o.end, lang, with_year=not same_year)}"
    return f"{_full(o.start, lang, with_year=not same_year)} {DASH} {_full(o.end, lang)}"


def _timed(o: Occurrence, lang: str) -> str:
    start, end = o.start, o.end
    if start.date() == end.date():
        times = format_time(start, lang) if start == end else format_time_range(start, end, lang)
        sep = " " if lang in _LATVIAN else ", "
        return f"{_full(start, lang)}{sep}{times}"
    if lang in _LATVIAN:
        same_year = start.year == end.year
        return (f"{_full(start, lang)} {format_time(start, lang)} {DASH} "
                f"{_full(end, lang, with_year=not same_year)} {format_time(end, lang)}")
    return f"{_full(start, lang)}, {format_time(start, lang)} {DASH} {_full(end, lang)}, {format_time(end, lang)}"


def format_occurrences(occurrences: Sequence[Occurrence], lang: str) -> str:
    """All sessions of an event in words, in ``lang`` (lv, en, ltg)."""
    if lang not in ("lv", "en", "ltg"):
        raise ValueError(f"unsupported language {lang!r}")
    occs = sorted(occurrences, key=lambda o: (o.first_day, str(o.start)))
    if not occs:
        return ""
    if all(_is_day_item(o) for o in occs):
        by_year = [(year, list(items)) for year, items in groupby(occs, key=lambda o: o.start.year)]
        chunks = []
        for year, items in by_year:
            months = [_month_group(list(g), lang) for _m, g in groupby(items, key=lambda o: o.start.month)]
            if lang in _LATVIAN:
                chunks.append(f"{year}. gada {_join(months, lang)}")
            else:
                chunks.append(f"{_join(months, lang)} {year}")
        return _join(chunks, lang) if len(chunks) > 1 else chunks[0]
    parts = []
    for o in occs:
        if o.all_day:
            parts.append(_span(o, lang) if not _is_day_item(o) else _full(o.start, lang) if o.start == o.end
                         else (f"{o.start.year}. gada {_month_group([o], lang)}" if lang in _LATVIAN
                               else f"{_month_group([o], lang)} {o.start.year}"))
        else:
            parts.append(_timed(o, lang))
    return _join(parts, lang) if lang in _LATVIAN else "; ".join(parts) if len(parts) > 2 else _join(parts, lang)
