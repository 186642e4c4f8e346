"""Dates and times in words, per language, through Babel.

Every function takes the language's record (``lvlang.language.Language``).
A language with the "babel" date grammar gets CLDR's patterns for its locale
(en_GB "10 December 2019", lt "2019 m. gruodžio 10 d."). Latvian running
text puts the month in the locative ("2019. gada 10. decembrī"); CLDR has no
such forms, so they come from ``lvlang.months`` (the "latvian" grammar).
Latgalian follows the Latvian rules for dates in running text (Babel's ltg
data has nominative month names only); its calendar headers use Babel's ltg
names (the "latgalian" grammar).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import DateTimeFormat, format_skeleton, get_day_names, get_month_names, tokenize_pattern
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

from .language import Language
from .months import latvian_month

_OWN = ("latvian", "latgalian")  # the date grammars written by the project's own rules
DASH = "\u2013"


def latvian_rules(lang: Language) -> bool:
    """Whether ``lang`` writes dates in running text by the Latvian rules (locative months)."""
    return lang.date_grammar in _OWN


def running_text_language(lang: Language) -> str:
    """The language whose words dates in running text are written in, when it is not ``lang`` itself
    (Latgalian writes them by the Latvian rules: "2018. gada 24. maijā"), else "". Pages mark such
    dates with that language, so that a screen reader pronounces them right."""
    return "lv" if lang.date_grammar == "latgalian" else ""


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def format_date(value: dt.date | dt.datetime, lang: Language, style: str = "long") -> str:
    """lv long "2019. gada 10. decembrī", short "10.12.2019."; en_GB "10 December 2019", "10/12/2019"."""
    d = _as_date(value)
    if style not in ("long", "short"):
        raise ValueError(f"unknown style {style!r}")
    if latvian_rules(lang):
        if style == "short":
            return f"{d.day:02d}.{d.month:02d}.{d.year}."
        return f"{d.year}. gada {d.day}. {latvian_month(d.month, 'locative')}"
    if style == "short":
        # A four-digit year: "dd/MM/y", never "dd.MM.yy" (the year must be unambiguous on event lists).
        pattern = Locale.parse(lang.locale).date_formats["short"].pattern
        return babel_format_date(d, pattern.replace("yy", "y") if "yyy" not in pattern else pattern, locale=lang.locale)
    return babel_format_date(d, "long", locale=lang.locale)


def format_time(value: dt.time | dt.datetime, lang: Language) -> str:
    """lv/ltg "plkst. 10.00", en_GB "10:00" (the locale's short time)."""
    t = value.time() if isinstance(value, dt.datetime) else value
    if latvian_rules(lang):
        return f"plkst. {t.hour}.{t.minute:02d}"
    return babel_format_time(t, "short", locale=lang.locale)


def format_time_range(start: dt.time | dt.datetime, end: dt.time | dt.datetime, lang: Language) -> str:
    """lv "plkst. 10.00–16.00", en_GB "10:00–16:00"."""
    a, b = format_time(start, lang), format_time(end, lang)
    if latvian_rules(lang):
        return f"{a}{DASH}{b.removeprefix('plkst. ')}"
    return f"{a}{DASH}{b}"


def join_date_time(date_text: str, time_text: str, lang: Language) -> str:
    """A date and a time as the locale joins them: lv "... plkst. 14.30", en_GB "..., 14:30"."""
    if latvian_rules(lang):
        return f"{date_text} {time_text}"
    pattern = Locale.parse(lang.locale).datetime_formats.get("medium") or "{1} {0}"
    return str(pattern).replace("{1}", date_text).replace("{0}", time_text)


def format_datetime(value: dt.datetime, lang: Language) -> str:
    """lv "2019. gada 10. decembrī plkst. 14.30", en_GB "10 December 2019, 14:30"."""
    return join_date_time(format_date(value, lang), format_time(value, lang), lang)


def month_name(month: int, lang: Language, context: str = "stand-alone") -> str:
    """The month's wide name (stand-alone: the nominative where the locale has one)."""
    return get_month_names("wide", context=context, locale=lang.locale)[month]


def month_caption(year: int, month: int, lang: Language) -> str:
    """A calendar caption: lv "2018. gada maijs", en_GB "May 2018", lt "2018 m. gegužė"."""
    if lang.date_grammar == "latvian":
        return f"{year}. gada {month_name(month, lang)}"
    if lang.date_grammar == "latgalian":
        return f"{year}. goda {month_name(month, lang)}"
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=lang.locale)


def weekday_names(lang: Language, width: str = "wide") -> list[str]:
    """Seven names, Monday first, from Babel ("wide", "abbreviated", "short" or "narrow")."""
    given, wide_given = (get_day_names(w, context="format", locale=lang.locale) for w in (width, "wide"))
    names, wide = [given[i] for i in range(7)], [wide_given[i] for i in range(7)]
    if width != "wide" and names == wide:
        # CLDR has no short forms for this locale (Latgalian): shorten Babel's own names.
        size = 2 if width in ("short", "narrow") else 3
        names = [n[:size].capitalize() + ("." if size == 3 else "") for n in wide]
    if width == "narrow" and any(n[:1].casefold() != w[:1].casefold() for n, w in zip(names, wide)):
        # Narrow names that are not the days' initials are CLDR's root fallback ("M T W"): the initials.
        names = [w[:1].upper() for w in wide]
    return names


class LongDate:
    """The locale's long date pattern split into the year part and the day-and-month part.

    For running text with several days ("15, 16 and 22 May 2018", lt "2018 m.
    gegužės 15, 16 ir 22 d.") the day field takes a list of days, and a span
    or a list of months shows the year once, on the side the locale writes it.
    """

    def __init__(self, locale: str):
        self.locale = locale
        tokens = tokenize_pattern(str(Locale.parse(locale).date_formats["long"].pattern))
        dm = [i for i, (kind, value) in enumerate(tokens) if kind == "field" and value[0] in "dM"]
        first, last = (dm[0], dm[-1]) if dm else (0, len(tokens) - 1)
        before, self.inner, after = tokens[:first], tokens[first : last + 1], tokens[last + 1 :]

        def has_year(part):
            return any(kind == "field" and value[0] in "yYu" for kind, value in part)

        self.year_first = has_year(before)
        # The side without the year belongs to the day ("d." after the day in Lithuanian).
        self.day_lead = [] if has_year(before) else before
        self.day_tail = [] if has_year(after) else after
        self.year_part = before if self.year_first else after

    def _render(self, tokens: list[tuple[str, Any]], day: dt.date, days: str | None = None) -> str:
        fmt = DateTimeFormat(day, Locale.parse(self.locale))
        out = []
        for kind, value in tokens:
            if kind == "chars":
                out.append(value)
            elif value[0] == "d" and days is not None:
                out.append(days)
            else:
                out.append(fmt[value[0] * value[1]])
        return "".join(out)

    def day_month(self, day: dt.date, days: str | None = None) -> str:
        """The date without its year ("15 May"; lt "gegužės 15 d."); ``days`` replaces the day number."""
        return self._render(self.day_lead + self.inner + self.day_tail, day, days)

    def with_year(self, day_months: str, year: int) -> str:
        """Day-and-month text completed with the year on the locale's side."""
        year_text = self._render(self.year_part, dt.date(year, 1, 1))
        return f"{year_text}{day_months}" if self.year_first else f"{day_months}{year_text}"


@cache
def long_date(locale: str) -> LongDate:
    return LongDate(locale)
