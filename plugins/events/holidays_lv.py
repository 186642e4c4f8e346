"""Latvian public holidays that are days off, from the `holidays` package.

Only the package's "public" category is used: the days off set by law,
including a holiday's observed (moved) day off and days off moved from a
working Saturday. Remembrance days that are working days (11 November,
Lāčplēsis Day, for instance) are not in it.

Names come from the package's own translations: those of the first language
of the site language's fallback chain the package knows (Latvian for ``lv``
and ``ltg``, English for ``en`` and for a language falling back to it),
else Latvian.
"""

from __future__ import annotations

import datetime as dt
import re

import holidays
from babel.dates import format_date

from lvlang.language import Language

# The package's English names write the date a day off was moved from in the
# US order (12/14/2024); a reader in Latvia would take 05/10/2025 for 5 October.
_US_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
# ... and spell the US way; the site's English is British (en_GB), as the EU institutions write it.
_US_SPELLING = re.compile(r"\bLabor\b")


def package_language(lang: Language | str) -> str:
    """The package's language for holiday names: the first of ``lang``'s chain it has (lv, en -> en_US)."""
    chain = lang.chain if isinstance(lang, Language) else (lang,)
    supported = holidays.country_holidays("LV").supported_languages
    for code in chain:
        for name in supported:
            if name == code or name.split("_")[0] == code:
                return name
    return "lv"


def public_holidays(year: int, lang: Language | str) -> dict[dt.date, str]:
    """Days off in Latvia in ``year`` with their names in ``lang``, in date order.

    Unknown languages get the Latvian names. Two holidays on one day share
    it, their names joined with "; " (1 May is both Labour Day and the day
    the Constitutional Assembly first met).
    """
    language = package_language(lang)
    days = holidays.country_holidays("LV", years=year, categories=(holidays.PUBLIC,), language=language)
    names = {day: str(name) for day, name in sorted(days.items()) if day.year == year}
    if language.startswith("en"):
        names = {day: _US_SPELLING.sub("Labour", _US_DATE.sub(_british_date, name)) for day, name in names.items()}
    return names


def _british_date(match: re.Match[str]) -> str:
    month, day, year = (int(part) for part in match.groups())
    try:
        return format_date(dt.date(year, month, day), format="long", locale="en_GB")
    except ValueError:
        return match.group(0)
