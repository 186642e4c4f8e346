"""Dates as Latvian municipal sites write them, read with dateparser.

dateparser knows the Latvian month names in the nominative ("novembris"),
but news pages write the locative ("15. novembrī"), the genitive ("līdz
15. novembra"), glue the parts together ("2017.gada 15.novembrī",
"30.Marts, 2015, 18:34") and put labels before them ("Pievienots:",
"Publicēts", "Pēdējās izmaiņas:"). The rules here find such a date in a
line, rewrite it into a form dateparser reads ("15. novembris 2017 18:34")
and let dateparser do the parsing.

A *date line* is a line (or a " | "-separated part of one) that holds only
a date with an optional label, weekday and time; it is what a page shows
as its publication or change date. Dates inside sentences are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import dateparser

from lvlang.months import GENITIVE, LOCATIVE

NOMINATIVE = (
    "janvāris",
    "februāris",
    "marts",
    "aprīlis",
    "maijs",
    "jūnijs",
    "jūlijs",
    "augusts",
    "septembris",
    "oktobris",
    "novembris",
    "decembris",
)
_ABBREVIATIONS = ("janv", "febr", "mart", "apr", "mai", "jūn", "jūl", "aug", "sept", "okt", "nov", "dec")
_ENGLISH = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

#: every written form of a month -> its number
MONTH_FORMS: dict[str, int] = {}
for _forms in (NOMINATIVE, GENITIVE, LOCATIVE, _ENGLISH):
    for _i, _form in enumerate(_forms):
        MONTH_FORMS[_form] = _i + 1
for _i, _form in enumerate(_ABBREVIATIONS):
    MONTH_FORMS.setdefault(_form + ".", _i + 1)
_MONTH = "(" + "|".join(re.escape(f) for f in sorted(MONTH_FORMS, key=len, reverse=True)) + r")(?![a-zāčēģīķļņšūž])"

_TIME = r"(?:\s*(?:,|-|–|plkst\.?|at)?\s*(\d{1,2})[:.](\d{2})(?![\d.]))?"

#: (name for the report, pattern); the groups are (year, month, day, hour, minute) in the order given by ``_ORDER``
PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("YYYY-MM-DD", re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2}))?")),
    ("DD.MM.YYYY", re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?" + _TIME)),
    ("DD-MM-YYYY", re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2})-(\d{4})(?!-)" + _TIME)),
    ("DD/MM/YYYY", re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})" + _TIME)),
    ("YYYY. gada DD. month", re.compile(r"(?<!\d)(\d{4})\.?\s*(?:gada|g\.)\s*(\d{1,2})\.?\s*" + _MONTH + _TIME, re.I)),
    (
        "DD. month YYYY",
        re.compile(r"(?<![\d.])(\d{1,2})\.?\s*" + _MONTH + r"[,.]?\s*(\d{4})\.?(?:\s*g\.)?" + _TIME, re.I),
    ),
    ("month DD, YYYY", re.compile(r"(?<![a-zāčēģīķļņšūž])" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})" + _TIME, re.I)),
)
_ORDER = {  # which group holds year, month, day
    "YYYY-MM-DD": (1, 2, 3),
    "DD.MM.YYYY": (3, 2, 1),
    "DD-MM-YYYY": (3, 2, 1),
    "DD/MM/YYYY": (3, 2, 1),
    "YYYY. gada DD. month": (1, 3, 2),
    "DD. month YYYY": (3, 2, 1),
    "month DD, YYYY": (3, 1, 2),
}

PUBLISHED_LABELS = (
    "pievienots",
    "publicēts",
    "publicēja",
    "publicēšanas datums",
    "datums",
    "iesūtīts",
    "ievietots",
    "izveidots",
    "raksts publicēts",
    "published on",
    "published",
    "posted on",
    "posted",
    "date",
)
MODIFIED_LABELS = (
    "pēdējās izmaiņas",
    "pēdējo reizi labots",
    "labots",
    "rediģēts",
    "atjaunots",
    "atjaunināts",
    "mainīts",
    "last updated",
    "updated",
    "last modified",
    "modified",
)
WEEKDAYS = (
    "pirmdiena",
    "otrdiena",
    "trešdiena",
    "ceturtdiena",
    "piektdiena",
    "sestdiena",
    "svētdiena",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_LABEL = re.compile(
    r"^("
    + "|".join(sorted(PUBLISHED_LABELS + MODIFIED_LABELS, key=len, reverse=True))
    + r")(?![a-zāčēģīķļņšūž])\s*:?\s*",
    re.I,
)
_WEEKDAY = re.compile(r"^(" + "|".join(WEEKDAYS) + r"),?\s*", re.I)
_LEFTOVER = re.compile(r"^[\s,.;:|–\-()]*(?:plkst\.?|gads|g\.)?[\s,.;:|–\-()]*$", re.I)
_SETTINGS = {
    "DATE_ORDER": "DMY",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}


@dataclass(frozen=True)
class FoundDate:
    value: str  # "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"
    pattern: str  # which written form it had, for the report
    text: str  # the text it was read from
    label: str = ""  # "published", "modified" or "" (no label)

    @property
    def day(self) -> str:
        return self.value[:10]


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def parse_date(text: str) -> tuple[str, str, re.Match] | None:
    """(ISO value, pattern name, match) of the first date written in ``text``, or None."""
    low = _normal(text).casefold()
    best = None
    for name, pattern in PATTERNS:
        m = pattern.search(low)
        if m and (best is None or m.start() < best[2].start()):
            best = (None, name, m)
    if best is None:
        return None
    _, name, m = best
    y, mo, d = (m.group(i) for i in _ORDER[name])
    month = int(mo) if mo.isdigit() else MONTH_FORMS[mo.casefold()]
    groups = m.groups()
    hour, minute = (groups[-2], groups[-1]) if len(groups) >= 5 else (None, None)
    # what dateparser reads: "15. novembris 2017 09:12" (the nominative month, day first)
    written = f"{int(d)}. {NOMINATIVE[month - 1]} {y}" if 1 <= month <= 12 else f"{d}.{mo}.{y}"
    if hour is not None:
        written += f" {int(hour):02d}:{minute}"
    parsed = dateparser.parse(written, languages=["lv", "en"], settings=_SETTINGS)
    if parsed is None:
        return None
    value = (
        parsed.strftime("%Y-%m-%d %H:%M")
        if hour is not None and not (hour == "0" and minute == "00")
        else parsed.strftime("%Y-%m-%d")
    )
    return value, name, m


def date_line(line: str) -> FoundDate | None:
    """The date of a line that holds only a (labelled) date, else None.

    "Pievienots: 24.05.2024", "Publicēts 26.03.2019", "26.04.2017 10:32", "31-01-2014",
    "30.Marts, 2015, 18:34", "2017.gada 15.novembrī", "Pirmdiena, 07.02.2022 - 13:45",
    "Pēdējās izmaiņas: 10.12.2019." (label "modified").
    """
    text = _normal(line).strip(" |")
    if not text or len(text) > 80:
        return None
    label = ""
    m = _LABEL.match(text)
    if m:
        word = m.group(1).casefold()
        label = "modified" if word in MODIFIED_LABELS else "published"
        text = text[m.end() :]
    text = _WEEKDAY.sub("", text, count=1)
    found = parse_date(text)
    if found is None:
        return None
    value, name, match = found
    rest = text.casefold()[: match.start()] + " " + text.casefold()[match.end() :]
    if not _LEFTOVER.match(rest):
        return None
    return FoundDate(value, name, _normal(line), label)


def dates_in_parts(line: str) -> list[FoundDate]:
    """Date lines among the " | "-separated parts of one line.

    For example "Publicēts 26.03.2019 | Pēdējās izmaiņas: 03.04.2019".
    """
    parts = [p for p in re.split(r"\s+[|•·]\s+|\s{3,}", _normal(line)) if p.strip()]
    found = [date_line(p) for p in parts]
    return [f for f in found if f is not None]
