"""Repeating events (RFC 5545 RRULE), expanded up to a horizon in Riga wall-clock time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from .model import RIGA, Occurrence

_TZ = ZoneInfo(RIGA)


def _rule_text(text: str) -> str:
    text = text.strip()
    return text[6:] if text.upper().startswith("RRULE:") else text


def validate_rrule(text: str) -> str | None:
    """None when ``text`` is a valid RRULE, else a problem phrased for an editor."""
    body = _rule_text(str(text))
    if "FREQ=" not in body.upper():
        return f"'{text}' is not a repetition rule: FREQ is missing"
    try:
        rrulestr(body, dtstart=dt.datetime(2024, 1, 1))
    except (ValueError, TypeError) as exc:
        return f"'{text}' is not a valid repetition rule ({exc})"
    return None


def expand(first: Occurrence, rrule_text: str, horizon_end: dt.date, max_count: int = 500) -> tuple[Occurrence, ...]:
    """Every occurrence from ``first`` following the rule, up to ``horizon_end`` and ``max_count``."""
    body = _rule_text(rrule_text)
    if first.all_day:
        start = dt.datetime.combine(first.start, dt.time(0))
        length = first.end - first.start
    else:
        start = first.start.astimezone(_TZ).replace(tzinfo=None)   # wall clock, so DST keeps 08:00 at 08:00
        length = first.end.astimezone(_TZ).replace(tzinfo=None) - start
    rule = rrulestr(body, dtstart=start)
    limit = dt.datetime.combine(horizon_end, dt.time(23, 59))
    out = []
    for when in rule.xafter(start - dt.timedelta(seconds=1), count=max_count, inc=True):
        if when > limit:
            break
        if first.all_day:
            out.append(Occurrence(when.date(), when.date() + length))
        else:
            out.append(Occurrence(when.replace(tzinfo=_TZ), (when + length).replace(tzinfo=_TZ)))
    return tuple(out) or (first,)
