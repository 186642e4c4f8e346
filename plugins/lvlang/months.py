"""Latvian month-name cases that CLDR (and so Babel) does not provide.

Babel gives only the nominative ("decembris"). Latvian running text needs the
genitive in some constructions and the locative in dates ("10. decembrī").
This table is the one piece of Latvian grammar the project keeps itself;
everything else (weekday names, nominative months, number formats) comes
from Babel.
"""

from __future__ import annotations

GENITIVE = (
    "janvāra",
    "februāra",
    "marta",
    "aprīļa",
    "maija",
    "jūnija",
    "jūlija",
    "augusta",
    "septembra",
    "oktobra",
    "novembra",
    "decembra",
)

LOCATIVE = (
    "janvārī",
    "februārī",
    "martā",
    "aprīlī",
    "maijā",
    "jūnijā",
    "jūlijā",
    "augustā",
    "septembrī",
    "oktobrī",
    "novembrī",
    "decembrī",
)

CASES = {"genitive": GENITIVE, "locative": LOCATIVE}


def latvian_month(month: int, case: str) -> str:
    """Return the Latvian name of ``month`` (1-12) in ``case``.

    ``case`` is ``"genitive"`` or ``"locative"``; the nominative comes from
    Babel and is not duplicated here.
    """
    try:
        forms = CASES[case]
    except KeyError:
        raise ValueError(f"unknown case {case!r}; expected one of {sorted(CASES)}") from None
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month!r}")
    return forms[month - 1]
