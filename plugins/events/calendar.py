"""Month grids (Monday first) and placing events on the days they touch."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from .model import Event


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    in_month: bool


def month_grid(year: int, month: int) -> list[list[CalendarDay]]:
    weeks = _cal.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[CalendarDay(d, d.month == month) for d in week] for week in weeks]


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def months_to_publish(event_days: Iterable[dt.date], today: dt.date, ahead: int = 12) -> list[tuple[int, int]]:
    months = {(d.year, d.month) for d in event_days}
    ym = (today.year, today.month)
    months.add(ym)
    for _ in range(ahead):
        ym = next_month(*ym)
        months.add(ym)
    return sorted(months)


def events_by_day(events: Iterable[Event]) -> dict[dt.date, list[Event]]:
    days: dict[dt.date, list[tuple]] = defaultdict(list)
    for event in events:
        seen = set()
        for occ in event.occurrences:
            for day in occ.days():
                if day in seen:
                    continue
                seen.add(day)
                start = occ.start.timetz() if isinstance(occ.start, dt.datetime) and occ.first_day == day else dt.time(0)
                days[day].append(((start.hour, start.minute), event.title, event.key, event))
    return {day: [item[-1] for item in sorted(items, key=lambda x: x[:3])] for day, items in sorted(days.items())}
