"""iCalendar feeds (RFC 5545) with the `icalendar` library.

UIDs are built from the event's language-neutral key, the language and the
session's start, never from a URL: the development and the published build
and every rebuild give the same UIDs, so subscribers never get duplicates.
DTSTAMP is the build date, so two builds of the same content are identical.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event as VEvent, Timezone

from .model import RIGA, Event, Occurrence

_TZ = ZoneInfo(RIGA)
_STATUS = {"scheduled": "CONFIRMED", "rescheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
_NOTE = {"postponed": {"lv": "Pasākums ir atlikts.", "en": "The event has been postponed."},
         "cancelled": {"lv": "Pasākums ir atcelts.", "en": "The event has been cancelled."},
         "rescheduled": {"lv": "Pasākums ir pārcelts.", "en": "The event has been rescheduled."}}


def uid(event: Event, occurrence: Occurrence, lang: str, domain: str) -> str:
    start = occurrence.start
    stamp = f"{start:%Y%m%d}" if occurrence.all_day else f"{start.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}"
    return f"{event.key}-{lang}-{stamp}@{domain}"


def _vevent(event: Event, o: Occurrence, lang: str, domain: str, stamp: dt.datetime) -> VEvent:
    v = VEvent()
    v.add("uid", uid(event, o, lang, domain))
    v.add("dtstamp", stamp)
    if o.all_day:
        v.add("dtstart", o.start)
        v.add("dtend", o.end + dt.timedelta(days=1))      # DATE values: the end is exclusive
    else:
        v.add("dtstart", o.start.astimezone(_TZ))
        if o.end > o.start:
            v.add("dtend", o.end.astimezone(_TZ))
        # no end time given: RFC 5545 3.6.1 makes a DATE-TIME start without DTEND an instant
    v.add("summary", event.title)
    if event.location:
        v.add("location", event.location)
    v.add("url", event.url)
    note = _NOTE.get(event.status, {}).get(lang if lang in ("lv", "en") else "lv", "")
    description = "\n\n".join(part for part in (note, event.description, event.url) if part)
    v.add("description", description)
    v.add("status", _STATUS.get(event.status, "CONFIRMED"))
    v.add("sequence", event.sequence)
    return v


@lru_cache(maxsize=1)
def _riga_vtimezone() -> Timezone:
    """VTIMEZONE for Europe/Riga, computed once (it is only read when serialised)."""
    return Timezone.from_tzinfo(_TZ, first_date=dt.date(2000, 1, 1), last_date=dt.date(2040, 1, 1))


def build_calendar(events: Iterable[Event], *, name: str, lang: str, uid_domain: str, prodid: str,
                   stamp: dt.datetime, description: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", RIGA)
    if description:
        cal.add("x-wr-caldesc", description)
    ordered = sorted(events, key=lambda e: (e.first_day, e.key))
    vevents = [_vevent(e, o, lang, uid_domain, stamp) for e in ordered for o in e.occurrences]
    cal.add_component(_riga_vtimezone())
    for v in vevents:
        cal.add_component(v)
    return cal.to_ical()
