"""Month grids (Monday first) and placing events on the days they touch.

Pure functions: nothing here imports Pelican.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lvlang.translit import fold

from .model import Event, Occurrence

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class CalendarDay:
    """One cell of a month grid; ``in_month`` is False for the adjacent months' days."""

    date: dt.date
    in_month: bool


def month_grid(year: int, month: int) -> list[list[CalendarDay]]:
    """The weeks (Monday to Sunday) that show ``month``, padded with the adjacent months' days.

    Every week has seven days; a month needs four to six weeks.
    """
    first = dt.date(year, month, 1)
    following = next_month(year, month)
    last = dt.date(*following, 1) - _ONE_DAY
    day = first - dt.timedelta(days=first.weekday())  # the Monday on or before the 1st
    stop = last + dt.timedelta(days=6 - last.weekday())  # the Sunday on or after the last day
    weeks: list[list[CalendarDay]] = []
    while day <= stop:
        week = []
        for _ in range(7):
            week.append(CalendarDay(day, day.month == month and day.year == year))
            day += _ONE_DAY
        weeks.append(week)
    return weeks


def previous_month(year: int, month: int) -> tuple[int, int]:
    """The month before ``year``-``month``, as ``(year, month)``."""
    _check_month(month)
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    """The month after ``year``-``month``, as ``(year, month)``."""
    _check_month(month)
    return (year + 1, 1) if month == 12 else (year, month + 1)


def months_to_publish(event_days: Iterable[dt.date], today: dt.date, ahead: int = 12) -> list[tuple[int, int]]:
    """Every month with an event, plus the current month and the ``ahead`` months after it.

    Sorted and without repetitions, as ``(year, month)`` pairs.
    """
    if ahead < 0:
        raise ValueError(f"ahead must not be negative, not {ahead}")
    months = {(day.year, day.month) for day in event_days}
    current = (today.year, today.month)
    months.add(current)
    for _ in range(ahead):
        current = next_month(*current)
        months.add(current)
    return sorted(months)


def events_by_day(events: Iterable[Event]) -> dict[dt.date, list[Event]]:
    """Each event on every day any of its occurrences touches, days in order.

    A multi-day occurrence is listed on each of its days. An event appears
    once per day even when several of its sessions fall on it. Within a day,
    events that are already under way (all-day, or continuing from the
    previous day) come first, then timed ones by local start time; ties are
    broken by title (letters with diacritics next to their base letters,
    so "Ābeļu" comes before "Bišu") and then by key, so the order never
    depends on the order of the input.
    """
    keys: dict[dt.date, dict[int, tuple[tuple[int, int, int], tuple[str, str], str, Event]]] = {}
    for event in events:
        for occurrence in event.occurrences:
            for day in _days(occurrence):
                rank = _rank_on(occurrence, day)
                entries = keys.setdefault(day, {})
                known = entries.get(id(event))
                if known is None or rank < known[0]:
                    entries[id(event)] = (rank, _title_order(event.title), event.key, event)
    return {day: [entry[-1] for entry in sorted(keys[day].values(), key=lambda e: e[:3])] for day in sorted(keys)}


def _days(occurrence: Occurrence) -> list[dt.date]:
    """The days an occurrence covers; a timed session ending exactly at midnight stops the day before."""
    days = list(occurrence.days())
    end = occurrence.end
    if (
        isinstance(end, dt.datetime)
        and len(days) > 1
        and (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0)
    ):
        days.pop()
    return days


def _rank_on(occurrence: Occurrence, day: dt.date) -> tuple[int, int, int]:
    """Sort key of an occurrence on ``day``: under way first, then by start time."""
    start = occurrence.start
    if isinstance(start, dt.datetime) and start.date() == day:
        return (1, start.hour, start.minute)
    return (0, 0, 0)


def _title_order(title: str) -> tuple[str, str]:
    """Titles alphabetically, ignoring case and diacritics first (ā with a, č with c)."""
    return fold(title).casefold(), title


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, not {month}")
