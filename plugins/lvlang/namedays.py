"""Latvian name days: the traditional calendar's names per day, cleaned for display.

The published list marks a day without names with "-" (29 February) and puts a
sentence among the names of 22 May ("Visu neparasto un kalendāros neierakstīto
vārdu diena": the day of every name the calendar lacks). A name is one word
(or a hyphenated one) starting with a capital letter; anything else is not a name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_NAME = re.compile(r"[A-ZĀČĒĢĪĶĻŅŌŖŠŪŽ][a-zāčēģīķļņōŗšūž]+(?:-[A-ZĀČĒĢĪĶĻŅŌŖŠŪŽ][a-zāčēģīķļņōŗšūž]+)?")


def is_name(entry: str) -> bool:
    return bool(_NAME.fullmatch(entry.strip()))


def clean_namedays(raw: Mapping[str, Sequence[str]]) -> tuple[dict[str, list[str]], list[str]]:
    """(the names of each "MM-DD" day, the days that are also the day of the names not in the
    calendar); days without names are left out."""
    names: dict[str, list[str]] = {}
    special: list[str] = []
    for day, entries in sorted(raw.items()):
        kept = [e.strip() for e in entries if is_name(e)]
        if kept:
            names[day] = kept
        if any(not is_name(e) and len(e.split()) > 2 for e in entries):
            special.append(day)
    return names, special
