"""Repeating events: RFC 5545 RRULE, expanded from the first session.

An editor writes the first session in ``event_dates`` and a rule such as
``FREQ=WEEKLY;BYDAY=SA`` (a Saturday market). ``validate_rrule`` checks the
rule against RFC 5545 section 3.3.10 and explains a problem in plain words;
``expand`` lists the sessions with ``dateutil.rrule``.

Times are kept as Riga wall-clock times: a market at 08:00 stays at 08:00
after the clocks change in March and October, and each session lasts as
long (on the clock) as the first one. Expansion always ends: at the rule's
own COUNT or UNTIL, at ``horizon_end``, or after ``max_count`` sessions,
whichever comes first; a rule that can never match ends at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Iterator
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from .model import RIGA, Occurrence
from .parse import FIRST_YEAR, LAST_YEAR

_TZ = ZoneInfo(RIGA)
_UTC = dt.timezone.utc

FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Numeric BYxxx parts: (lowest, highest, may be negative).
_NUMBER_LISTS = {
    "BYSECOND": (0, 60, False), "BYMINUTE": (0, 59, False), "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True), "BYYEARDAY": (1, 366, True), "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False), "BYSETPOS": (1, 366, True),
}
_KNOWN = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_NUMBER_LISTS)
_BYDAY = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(?:T(\d{6})(Z?))?$")
_EXAMPLE = "FREQ=WEEKLY;BYDAY=SA"

# A Gregorian calendar repeats itself, weekdays included, every 400 years.
# dateutil looks for a rule's next instance until datetime.MAXYEAR, which
# for a rule that never matches (the 30th of February) means millions of
# days. So a rule is first probed near MAXYEAR, from the same place in the
# 400-year cycle: there it gives up after a few hundred years at most.
_CYCLE = 400
_PROBE_LATEST = dt.MAXYEAR - 200          # the probe sees at least 200 years


class RecurrenceError(ValueError):
    """An invalid rule; ``str(error)`` is the editor-facing message."""


@dataclass(frozen=True)
class _Rule:
    text: str                      # the normalised rule without COUNT and UNTIL, for dateutil
    count: int | None
    until: str | None              # the UNTIL value as written (upper case)

    def instances(self, start: dt.datetime) -> Iterator[dt.datetime]:
        """Wall-clock instances from ``start`` on, not bounded by COUNT or UNTIL."""
        return iter(rrulestr(self.text, dtstart=start))


def validate_rrule(text: str) -> str | None:
    """None when ``text`` is a valid RRULE, else what is wrong, phrased for an editor.

    The "RRULE:" prefix is optional; part names and values may be in any case.
    """
    try:
        rule = _parse(text)
        if not _ever_matches(rule, dt.datetime(2000, 1, 1)):
            raise RecurrenceError(f"{_quoted(text)} is a repetition rule that never matches any day "
                                  "(for example the 30th of February)")
    except RecurrenceError as error:
        return str(error)
    return None


def expand(first: Occurrence, rrule_text: str, horizon_end: dt.date, max_count: int = 500) -> tuple[Occurrence, ...]:
    """The sessions of a repeating event, starting with ``first``.

    ``first`` is always the first session (RFC 5545: DTSTART counts as the
    first occurrence, and it is the date the editor wrote), even when it is
    after ``horizon_end``. Further sessions start on or before
    ``horizon_end`` (Riga time), and never after the year ``LAST_YEAR``;
    there are at most ``max_count`` sessions in all, and at most COUNT when
    the rule has one.

    Raises ``RecurrenceError`` (a ``ValueError``) for an invalid rule.
    """
    if max_count < 1:
        raise ValueError(f"max_count must be at least 1, not {max_count}")
    rule = _parse(rrule_text)
    start, length = _wall_clock(first)
    limit = min(max_count, rule.count) if rule.count is not None else max_count
    sessions = [first]
    if not _ever_matches(rule, start):
        return tuple(sessions)
    horizon = dt.datetime.combine(min(horizon_end, dt.date(LAST_YEAR, 12, 31)), dt.time.max)
    until = _until(rule.until, first.all_day)
    for when in rule.instances(start):
        if len(sessions) >= limit or when > horizon or (until is not None and when > until):
            break
        if when == start:
            continue                   # the first session, already listed
        sessions.append(_session(when, length, first.all_day))
    return tuple(sessions)


# ----------------------------------------------------------------------------- parsing

def _parse(text: str) -> _Rule:
    if not isinstance(text, str):
        raise RecurrenceError(f"the repetition rule must be text such as {_EXAMPLE}, not {text!r}")
    body = text.strip()
    if body[:6].upper() == "RRULE:":
        body = body[6:].strip()
    if not body:
        raise RecurrenceError(f"the repetition rule is empty; write for example {_EXAMPLE}")
    if any(ch in body for ch in "\r\n"):
        raise RecurrenceError(f"{_quoted(text)} is not one repetition rule: write a single line such as {_EXAMPLE}")
    parts: dict[str, str] = {}
    for piece in body.split(";"):
        name, sep, value = piece.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if not sep or not name or not value:
            raise RecurrenceError(f"{_quoted(text)} is not a valid repetition rule: {piece.strip()!r} "
                                  "is not a NAME=VALUE part (parts are separated by ';')")
        if name not in _KNOWN:
            raise RecurrenceError(f"{_quoted(text)} is not a valid repetition rule: unknown part {name!r} "
                                  f"(known parts: {', '.join(_KNOWN)})")
        if name in parts:
            raise RecurrenceError(f"{_quoted(text)} is not a valid repetition rule: {name} is given twice")
        parts[name] = value

    def bad(problem: str) -> RecurrenceError:
        return RecurrenceError(f"{_quoted(text)} is not a valid repetition rule: {problem}")

    freq = parts.get("FREQ")
    if freq is None:
        raise bad(f"FREQ is missing; say how often it repeats, e.g. {_EXAMPLE}")
    if freq not in FREQUENCIES:
        raise bad(f"FREQ={freq} is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY "
                  "(or HOURLY, MINUTELY, SECONDLY)")
    if "COUNT" in parts and "UNTIL" in parts:
        raise bad("use either COUNT (how many times) or UNTIL (until which date), not both")
    count = _positive(parts, "COUNT", bad)
    _positive(parts, "INTERVAL", bad)
    if "UNTIL" in parts:
        _check_until(parts["UNTIL"], bad)
    if "WKST" in parts and parts["WKST"] not in WEEKDAYS:
        raise bad(f"WKST={parts['WKST']} is not a weekday; use one of {', '.join(WEEKDAYS)}")
    for name, (low, high, signed) in _NUMBER_LISTS.items():
        if name in parts:
            _check_numbers(name, parts[name], low, high, signed, bad)
    if "BYDAY" in parts:
        _check_byday(parts["BYDAY"], freq, "BYWEEKNO" in parts, bad)
    if "BYMONTHDAY" in parts and freq == "WEEKLY":
        raise bad("BYMONTHDAY cannot be used with FREQ=WEEKLY")
    if "BYYEARDAY" in parts and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        raise bad(f"BYYEARDAY cannot be used with FREQ={freq}")
    if "BYWEEKNO" in parts and freq != "YEARLY":
        raise bad("BYWEEKNO can only be used with FREQ=YEARLY")
    if "BYSETPOS" in parts and not any(n.startswith("BY") and n != "BYSETPOS" for n in parts):
        raise bad("BYSETPOS needs another BY... part to choose from, e.g. FREQ=MONTHLY;BYDAY=SA;BYSETPOS=-1")
    normalised = ";".join(f"{name}={value}" for name, value in parts.items() if name not in ("COUNT", "UNTIL"))
    rule = _Rule(text=normalised, count=count, until=parts.get("UNTIL"))
    try:
        rule.instances(dt.datetime(2000, 1, 1))
    except (ValueError, TypeError) as error:      # anything the checks above let through
        raise bad(str(error)) from None
    return rule


def _positive(parts: dict[str, str], name: str, bad: Callable[[str], RecurrenceError]) -> int | None:
    if name not in parts:
        return None
    value = parts[name]
    if not value.isdigit() or int(value) < 1:
        raise bad(f"{name}={value} must be a whole number of at least 1")
    return int(value)


def _check_until(value: str, bad: Callable[[str], RecurrenceError]) -> None:
    match = _UNTIL.match(value)
    problem = (f"UNTIL={value} is not a date; write it as YYYYMMDD (20271031) "
               "or YYYYMMDDTHHMMSS (20271031T120000)")
    if not match:
        raise bad(problem)
    try:
        _until_datetime(value)
    except ValueError:
        raise bad(problem.replace("is not a date", "is not a real date")) from None
    if not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
        raise bad(f"UNTIL={value} is outside the years {FIRST_YEAR} to {LAST_YEAR}; "
                  "check the year, e.g. UNTIL=20271031")


def _check_numbers(name: str, value: str, low: int, high: int, signed: bool, bad: Callable[[str], RecurrenceError]) -> None:
    for item in value.split(","):
        digits = item[1:] if signed and item[:1] in "+-" else item.removeprefix("+")
        if not digits.isdigit() or not low <= int(digits) <= high:
            span = f"{low} to {high}" + (f" or -{high} to -1" if signed else "")
            raise bad(f"{name} value {item!r} is not a number from {span}")


def _check_byday(value: str, freq: str, with_weekno: bool, bad: Callable[[str], RecurrenceError]) -> None:
    for item in value.split(","):
        match = _BYDAY.match(item)
        if not match:
            raise bad(f"BYDAY value {item!r} is not a weekday; use MO, TU, WE, TH, FR, SA, SU, "
                      "optionally with a position such as 1SA (first Saturday) or -1FR (last Friday)")
        sign, number, _day = match.groups()
        if number is None:
            if sign:
                raise bad(f"BYDAY value {item!r} has a sign but no position")
            continue
        if not 1 <= int(number) <= 53:
            raise bad(f"BYDAY value {item!r}: the position must be 1 to 53 or -53 to -1")
        if freq not in ("MONTHLY", "YEARLY") or (freq == "YEARLY" and with_weekno):
            raise bad(f"BYDAY value {item!r} has a position, which only works with FREQ=MONTHLY "
                      "or FREQ=YEARLY (without BYWEEKNO); write just the weekday")


# ----------------------------------------------------------------------------- expansion

def _wall_clock(first: Occurrence) -> tuple[dt.datetime, dt.timedelta]:
    """The first session's naive Riga wall-clock start and its length on the clock."""
    if first.all_day:
        return dt.datetime.combine(first.start, dt.time(0)), first.end - first.start
    start = first.start.astimezone(_TZ).replace(tzinfo=None)
    end = first.end.astimezone(_TZ).replace(tzinfo=None)
    return start, end - start


def _ever_matches(rule: _Rule, start: dt.datetime) -> bool:
    """Whether the rule (without COUNT or UNTIL) has any instance at all from ``start``.

    The probe starts in a year with the same place in the 400-year cycle
    (same weekdays, same leap years), 200 to 600 years before MAXYEAR.
    """
    year = _PROBE_LATEST - (_PROBE_LATEST - start.year) % _CYCLE
    return next(rule.instances(start.replace(year=year)), None) is not None


def _until(value: str | None, all_day: bool) -> dt.datetime | None:
    """UNTIL as a naive Riga wall-clock bound, inclusive.

    A date covers that whole day; a time with Z is UTC (what RFC 5545 asks
    for with a local start), a time without Z is read as Riga time.
    """
    if value is None:
        return None
    bound = _until_datetime(value)
    if bound.tzinfo is not None:
        bound = bound.astimezone(_TZ).replace(tzinfo=None)
    if "T" not in value:
        bound = dt.datetime.combine(bound.date(), dt.time.max)
    if all_day:
        bound = dt.datetime.combine(bound.date(), dt.time.max)
    return bound


def _until_datetime(value: str) -> dt.datetime:
    match = _UNTIL.match(value)
    if not match:
        raise ValueError(value)
    day, time, zulu = match.groups()
    parsed = dt.datetime.strptime(day + (time or "000000"), "%Y%m%d%H%M%S")
    return parsed.replace(tzinfo=_UTC) if zulu else parsed


def _session(when: dt.datetime, length: dt.timedelta, all_day: bool) -> Occurrence:
    if all_day:
        return Occurrence(when.date(), when.date() + length)
    start = _riga(when)
    end = _riga(when + length)
    if end < start:               # the start moved on out of the spring gap, the end did not
        end = (start.astimezone(_UTC) + length).astimezone(_TZ)
    return Occurrence(start, end)


def _riga(wall: dt.datetime) -> dt.datetime:
    """Riga time for a wall-clock time, read as RFC 5545 does: the earlier of a
    repeated hour, and a time in the spring gap moved on by the gap's length."""
    return wall.replace(tzinfo=_TZ).astimezone(_UTC).astimezone(_TZ)


def _quoted(text: object) -> str:
    return repr(str(text).strip())
