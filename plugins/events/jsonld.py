"""schema.org Event structured data (JSON-LD) for an event's article page.

Timed sessions are ISO 8601 date-times with the Riga UTC offset
(``2024-05-08T10:00:00+03:00``), all-day sessions plain dates, the last day
inclusive (``2018-05-15``). An event with several sessions spans from the
start of the first to the end of the last and lists each session as a
``subEvent``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from .model import RIGA, Event, Occurrence

_TZ = ZoneInfo(RIGA)

STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "rescheduled": "https://schema.org/EventRescheduled",
}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def event_jsonld(event: Event, *, organizer_name: str, organizer_url: str,
                 image_url: str | None = None, timezone: str = RIGA) -> dict[str, Any]:
    """A schema.org ``Event`` object, ready for ``json.dumps``; times with the offset of ``timezone``
    (the site's ``TIMEZONE``)."""
    zone = ZoneInfo(timezone)
    if not event.occurrences:
        raise ValueError(f"event {event.key!r} has no dates")
    sessions = sorted(event.occurrences, key=_start_order)
    last = max(sessions, key=_end_order)
    status = STATUS.get(event.status, STATUS["scheduled"])
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": event.url,
        "inLanguage": event.lang,
        "startDate": _iso(sessions[0].start, zone),
        "endDate": _iso(last.end, zone),
        "eventStatus": status,
        "eventAttendanceMode": OFFLINE,
        "organizer": {"@type": "Organization", "name": organizer_name, "url": organizer_url},
    }
    place = _place(event)
    if place:
        data["location"] = place
    if event.description.strip():
        data["description"] = event.description.strip()
    if image_url:
        data["image"] = [image_url]
    if len(sessions) > 1:
        data["subEvent"] = [_session(event, o, status, place, zone) for o in sessions]
    return data


def _session(event: Event, occurrence: Occurrence, status: str, place: dict[str, Any] | None,
             zone: ZoneInfo = _TZ) -> dict[str, Any]:
    session: dict[str, Any] = {
        "@type": "Event", "name": event.title, "url": event.url,
        "startDate": _iso(occurrence.start, zone), "endDate": _iso(occurrence.end, zone),
        "eventStatus": status, "eventAttendanceMode": OFFLINE,
    }
    if place:
        session["location"] = place
    return session


def _place(event: Event) -> dict[str, Any] | None:
    """The location as a Place; the free text is both its name and its address."""
    text = event.location.strip()
    if not text:
        return None
    return {"@type": "Place", "name": text, "address": text}


def _iso(value: dt.date | dt.datetime, zone: ZoneInfo = _TZ) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(zone).isoformat()
    return value.isoformat()


def _instant(value: dt.date | dt.datetime, end: bool) -> dt.datetime:
    """A comparable moment: an all-day start is its midnight, an all-day end the next midnight."""
    if isinstance(value, dt.datetime):
        return value
    day = value + dt.timedelta(days=1) if end else value
    return dt.datetime.combine(day, dt.time(0), tzinfo=_TZ)


def _start_order(occurrence: Occurrence) -> tuple[dt.datetime, dt.datetime]:
    return _instant(occurrence.start, False), _instant(occurrence.end, True)


def _end_order(occurrence: Occurrence) -> tuple[dt.datetime, dt.datetime]:
    return _instant(occurrence.end, True), _instant(occurrence.start, False)
