"""The event data model shared by parsing, formatting, calendars and iCalendar.

Pure data: nothing here imports Pelican.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

RIGA = "Europe/Riga"


@dataclass(frozen=True, order=True)
class Occurrence:
    """One session of an event.

    ``start``/``end`` are both ``datetime.date`` (all-day, ``end`` inclusive,
    equal to ``start`` for a single day) or both timezone-aware
    ``datetime.datetime`` in Europe/Riga (``end`` may equal ``start`` when no
    end time was given).
    """

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def first_day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        return self.end.date() if isinstance(self.end, dt.datetime) else self.end

    def days(self) -> Iterator[dt.date]:
        """Every calendar day the occurrence touches, in order."""
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += dt.timedelta(days=1)


STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled")


@dataclass(frozen=True)
class Move:
    """A session of a repeating event held at another time: ``original`` is the start the
    rule gives it (a date for an all-day series, else an aware date-time), ``session`` when it is held."""

    original: dt.date | dt.datetime
    session: Occurrence


@dataclass(frozen=True)
class Recurrence:
    """The rule of a repeating event, as calendars publish it.

    ``first`` is the first session (DTSTART), also when it is cancelled;
    ``rule`` the RFC 5545 RRULE as validated (``FREQ=WEEKLY;BYDAY=SA``, UNTIL as
    the editor wrote it); ``exceptions`` the starts the rule gives to cancelled
    sessions, each a date for an all-day series, else an aware date-time.
    """

    first: Occurrence
    rule: str
    exceptions: tuple[dt.date | dt.datetime, ...] = ()
    moves: tuple[Move, ...] = ()


@dataclass(frozen=True)
class Event:
    """An article's event: what calendars, lists and feeds need to know."""

    key: str  # stable identity (language-neutral), basis of iCalendar UIDs
    lang: str
    title: str
    url: str  # absolute URL of the article in ``lang``
    occurrences: tuple[Occurrence, ...]
    location: str = ""
    description: str = ""  # plain text
    status: str = "scheduled"  # one of STATUSES
    sequence: int = 0  # iCalendar SEQUENCE (bumped on status changes)
    organizer: str = ""
    projects: tuple[str, ...] = field(default_factory=tuple)
    municipalities: tuple[str, ...] = field(default_factory=tuple)
    # A repeating event: ``occurrences`` are then its sessions within the site's horizon
    # (cancelled ones left out, moved ones at their new time); this is the rule itself.
    recurrence: Recurrence | None = None

    @property
    def first_day(self) -> dt.date:
        return min(o.first_day for o in self.occurrences)

    @property
    def last_day(self) -> dt.date:
        return max(o.last_day for o in self.occurrences)
