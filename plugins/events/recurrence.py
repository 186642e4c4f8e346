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

A series may cancel sessions (``event_exceptions``) and hold some at
another time (``event_moves``); ``series`` checks that each names a session
of the rule and gives the ``Recurrence`` that calendars publish with the
bounded list of sessions that the site's own pages show. ``ical_rule``
writes the rule as RFC 5545 wants it next to a DTSTART: FREQ first, and
UNTIL a DATE for an all-day series, a UTC time for one with times.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from .model import RIGA, Move, Occurrence, Recurrence
from .parse import FIRST_YEAR, LAST_YEAR

_TZ = ZoneInfo(RIGA)
_UTC = dt.UTC

FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Numeric BYxxx parts: (lowest, highest, may be negative).
_NUMBER_LISTS = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
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
_PROBE_LATEST = dt.MAXYEAR - 200  # the probe sees at least 200 years


class RecurrenceError(ValueError):
    """An invalid rule; ``str(error)`` is the editor-facing message."""


@dataclass(frozen=True)
class _Rule:
    text: str  # the normalised rule without COUNT and UNTIL, for dateutil
    count: int | None
    until: str | None  # the UNTIL value as written (upper case)

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
            raise RecurrenceError(
                f"{_quoted(text)} is a repetition rule that never matches any day (for example the 30th of February)"
            )
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
            continue  # the first session, already listed
        sessions.append(_session(when, length, first.all_day))
    return tuple(sessions)


class NotASession(ValueError):
    """A cancelled or moved session that the rule does not have; ``problem`` and ``hint`` are for the editor."""

    def __init__(self, problem: str, hint: str):
        super().__init__(problem)
        self.problem, self.hint = problem, hint


def session_starts(
    first: Occurrence, rrule_text: str, when: dt.date | dt.datetime
) -> tuple[dt.date | dt.datetime, ...]:
    """The starts of the sessions that ``when`` names: every session on that day for a date,
    the session starting then for a date-time (a date-time names its day in an all-day series).

    A date for an all-day series, else an aware Riga date-time, as ``expand`` gives them.
    Raises ``NotASession`` when there is none, naming the nearest sessions.
    """
    rule = _parse(rrule_text)
    start, _length = _wall_clock(first)
    if isinstance(when, dt.datetime):
        wall = when.astimezone(_TZ).replace(tzinfo=None)
        low, high = (wall, wall) if not first.all_day else _whole_day(wall.date())
    else:
        low, high = _whole_day(when)
    found: list[dt.datetime] = [start] if low <= start <= high else []
    bounded = _bounded(rule, start)
    if bounded is not None:
        until = _until(rule.until, first.all_day)
        found += [w for w in bounded.between(low, high, inc=True) if w != start and (until is None or w <= until)]
    if found:
        return tuple(w.date() if first.all_day else _riga(w) for w in sorted(found))
    shown = when.astimezone(_TZ).strftime("%Y-%m-%dT%H:%M") if isinstance(when, dt.datetime) else when.isoformat()
    raise NotASession(
        f"{shown} is not a session of the repetition rule {rrule_text.removeprefix('RRULE:')}",
        _nearest_hint(first, rule, start, low, high),
    )


def series(
    first: Occurrence,
    rrule_text: str,
    horizon_end: dt.date,
    *,
    exceptions: tuple[dt.date | dt.datetime, ...] = (),
    moves: tuple[tuple[dt.date | dt.datetime, Occurrence], ...] = (),
    max_count: int = 500,
) -> tuple[Recurrence, tuple[Occurrence, ...]]:
    """A repeating event: its ``Recurrence`` and the sessions the site's pages show.

    ``exceptions`` name cancelled sessions, ``moves`` pairs (the session as
    ``session_starts`` reads it, when it is held instead); a new time
    without an end keeps the session's length. The sessions are ``expand``'s
    without the cancelled and moved ones, plus the moved ones at their new
    times, in order. Raises ``NotASession`` for a name the rule does not have.
    """
    cancelled = tuple(dict.fromkeys(s for when in exceptions for s in session_starts(first, rrule_text, when)))
    _start, length = _wall_clock(first)
    moved: list[Move] = []
    for when, to in moves:
        for original in session_starts(first, rrule_text, when):
            moved.append(Move(original, _with_length(to, length)))
    recurrence = Recurrence(
        first=first,
        rule=rrule_text.removeprefix("RRULE:"),
        exceptions=tuple(sorted(cancelled, key=_order)),
        moves=tuple(sorted(moved, key=lambda m: _order(m.original))),
    )
    gone = {*cancelled, *(m.original for m in moved)}
    kept = [s for s in expand(first, rrule_text, horizon_end, max_count) if s.start not in gone]
    sessions = sorted({*kept, *(m.session for m in moved)}, key=lambda o: (_order(o.start), _order(o.end)))
    return recurrence, tuple(sessions)


def ical_rule(recurrence: Recurrence) -> str:
    """The RRULE value for a VEVENT whose DTSTART is ``recurrence.first``'s start (RFC 5545 section 3.3.10).

    FREQ comes first; COUNT stays; UNTIL is a DATE for an all-day series
    and a UTC date-time (``...Z``) for a timed one, the same bound as ``expand`` uses.
    """
    rule = _parse(recurrence.rule)
    parts = rule.text.split(";")
    parts.sort(key=lambda p: not p.startswith("FREQ="))
    if rule.count is not None:
        parts.append(f"COUNT={rule.count}")
    bound = _until(rule.until, recurrence.first.all_day)
    if bound is not None:
        if recurrence.first.all_day:
            parts.append(f"UNTIL={bound:%Y%m%d}")
        else:
            parts.append(f"UNTIL={_riga(bound.replace(microsecond=0)).astimezone(_UTC):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


def rest_of_series(recurrence: Recurrence, today: dt.date) -> tuple[Occurrence, str]:
    """The first session the rule gives on or after ``today`` that is neither cancelled nor
    moved, and the RRULE (``ical_rule``'s, COUNT lowered by the sessions before it) that
    repeats from there; the first session and the whole rule when none is left."""
    rule = _parse(recurrence.rule)
    start, length = _wall_clock(recurrence.first)
    whole = ical_rule(recurrence)
    until = _until(rule.until, recurrence.first.all_day)
    gone = {*recurrence.exceptions, *(m.original for m in recurrence.moves)}
    if not _ever_matches(rule, start):
        return recurrence.first, whole
    instances = rule.instances(start)
    candidates = instances if next(rule.instances(start), None) == start else _chain(start, instances)
    for index, when in enumerate(candidates):
        if (
            (rule.count is not None and index >= rule.count)
            or (until is not None and when > until)
            or when.year > LAST_YEAR
        ):
            break
        session = recurrence.first if when == start else _session(when, length, recurrence.first.all_day)
        if session.last_day >= today and session.start not in gone:
            if index == 0 or rule.count is None:
                return session, whole
            return session, whole.replace(f"COUNT={rule.count}", f"COUNT={rule.count - index}")
    return recurrence.first, whole


def _chain(start: dt.datetime, rest: Iterator[dt.datetime]) -> Iterator[dt.datetime]:
    yield start
    yield from rest


def _whole_day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime.combine(day, dt.time(0)), dt.datetime.combine(day, dt.time.max)


def _bounded(rule: _Rule, start: dt.datetime) -> Any:
    """dateutil's rule with COUNT (UNTIL is applied by the caller), or None when it never matches."""
    if not _ever_matches(rule, start):
        return None
    # COUNT counts the first session too, which dateutil leaves out when the rule does not give it.
    count = rule.count
    if count is not None and next(rule.instances(start), None) != start:
        count -= 1
        if count < 1:
            return None
    return rrulestr(rule.text + (f";COUNT={count}" if count is not None else ""), dtstart=start)


def _nearest_hint(first: Occurrence, rule: _Rule, start: dt.datetime, low: dt.datetime, high: dt.datetime) -> str:
    bounded = _bounded(rule, start)
    until = _until(rule.until, first.all_day)
    before = bounded.before(low) if bounded is not None else None
    after = bounded.after(high) if bounded is not None else None
    if before is None or start > before:
        before = start if start < low else None
    if after is not None and until is not None and after > until:
        after = None
    if after is None and start > high:
        after = start

    def shown(w: dt.datetime) -> str:
        return f"{w:%Y-%m-%d}" if first.all_day else f"{w:%Y-%m-%dT%H:%M}"

    near = [shown(w) for w in (before, after) if w is not None]
    if not near:
        return "check the date against the event's first date and repetition rule"
    return "the nearest sessions are " + " and ".join(near) + "; write one of them"


def _with_length(to: Occurrence, length: dt.timedelta) -> Occurrence:
    if to.start != to.end or not length:
        return to
    if to.all_day:
        return Occurrence(to.start, to.start + dt.timedelta(days=length.days))
    assert isinstance(to.start, dt.datetime)
    wall = to.start.astimezone(_TZ).replace(tzinfo=None)
    return _session(wall, length, False)


def _order(value: dt.date | dt.datetime) -> tuple[dt.date, int, dt.datetime]:
    if isinstance(value, dt.datetime):
        return value.astimezone(_TZ).date(), 1, value.astimezone(_UTC)
    return value, 0, dt.datetime.min.replace(tzinfo=_UTC)


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
            raise RecurrenceError(
                f"{_quoted(text)} is not a valid repetition rule: {piece.strip()!r} "
                "is not a NAME=VALUE part (parts are separated by ';')"
            )
        if name not in _KNOWN:
            raise RecurrenceError(
                f"{_quoted(text)} is not a valid repetition rule: unknown part {name!r} "
                f"(known parts: {', '.join(_KNOWN)})"
            )
        if name in parts:
            raise RecurrenceError(f"{_quoted(text)} is not a valid repetition rule: {name} is given twice")
        parts[name] = value

    def bad(problem: str) -> RecurrenceError:
        return RecurrenceError(f"{_quoted(text)} is not a valid repetition rule: {problem}")

    freq = parts.get("FREQ")
    if freq is None:
        raise bad(f"FREQ is missing; say how often it repeats, e.g. {_EXAMPLE}")
    if freq not in FREQUENCIES:
        raise bad(
            f"FREQ={freq} is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY (or HOURLY, MINUTELY, SECONDLY)"
        )
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
    except (ValueError, TypeError) as error:  # anything the checks above let through
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
    problem = f"UNTIL={value} is not a date; write it as YYYYMMDD (20271031) or YYYYMMDDTHHMMSS (20271031T120000)"
    if not match:
        raise bad(problem)
    try:
        _until_datetime(value)
    except ValueError:
        raise bad(problem.replace("is not a date", "is not a real date")) from None
    if not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
        raise bad(
            f"UNTIL={value} is outside the years {FIRST_YEAR} to {LAST_YEAR}; check the year, e.g. UNTIL=20271031"
        )


def _check_numbers(
    name: str, value: str, low: int, high: int, signed: bool, bad: Callable[[str], RecurrenceError]
) -> None:
    for item in value.split(","):
        digits = item[1:] if signed and item[:1] in "+-" else item.removeprefix("+")
        if not digits.isdigit() or not low <= int(digits) <= high:
            span = f"{low} to {high}" + (f" or -{high} to -1" if signed else "")
            raise bad(f"{name} value {item!r} is not a number from {span}")


def _check_byday(value: str, freq: str, with_weekno: bool, bad: Callable[[str], RecurrenceError]) -> None:
    for item in value.split(","):
        match = _BYDAY.match(item)
        if not match:
            raise bad(
                f"BYDAY value {item!r} is not a weekday; use MO, TU, WE, TH, FR, SA, SU, "
                "optionally with a position such as 1SA (first Saturday) or -1FR (last Friday)"
            )
        sign, number, _day = match.groups()
        if number is None:
            if sign:
                raise bad(f"BYDAY value {item!r} has a sign but no position")
            continue
        if not 1 <= int(number) <= 53:
            raise bad(f"BYDAY value {item!r}: the position must be 1 to 53 or -53 to -1")
        if freq not in ("MONTHLY", "YEARLY") or (freq == "YEARLY" and with_weekno):
            raise bad(
                f"BYDAY value {item!r} has a position, which only works with FREQ=MONTHLY "
                "or FREQ=YEARLY (without BYWEEKNO); write just the weekday"
            )


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
    if end < start:  # the start moved on out of the spring gap, the end did not
        end = (start.astimezone(_UTC) + length).astimezone(_TZ)
    return Occurrence(start, end)


def _riga(wall: dt.datetime) -> dt.datetime:
    """Riga time for a wall-clock time, read as RFC 5545 does: the earlier of a
    repeated hour, and a time in the spring gap moved on by the gap's length."""
    return wall.replace(tzinfo=_TZ).astimezone(_UTC).astimezone(_TZ)


def _quoted(text: object) -> str:
    return repr(str(text).strip())


def rule_parts(rrule_text: str) -> dict[str, str]:
    """The parts of a valid rule, names and values upper case (``{"FREQ": "WEEKLY", "BYDAY": "SA"}``)."""
    rule = _parse(rrule_text)
    parts = dict(piece.split("=", 1) for piece in rule.text.split(";"))
    if rule.count is not None:
        parts["COUNT"] = str(rule.count)
    if rule.until is not None:
        parts["UNTIL"] = rule.until
    return parts


def until_day(recurrence: Recurrence) -> dt.date | None:
    """The last day (Riga time) on which the rule's UNTIL lets a session start, or None."""
    bound = _until(_parse(recurrence.rule).until, recurrence.first.all_day)
    return bound.date() if bound is not None else None
