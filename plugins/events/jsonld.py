"""schema.org Event structured data (JSON-LD) for an event's article page.

Timed sessions are ISO 8601 date-times with the Riga UTC offset
(``2024-05-08T10:00:00+03:00``), all-day sessions plain dates, the last day
inclusive (``2018-05-15``). An event with several sessions spans from the
start of the first to the end of the last and lists each session as a
``subEvent``.

A repeating event is not one event lasting as long as its rule: it is the
next session (the first when none is left), with the rule as an
``eventSchedule`` (schema.org ``Schedule``: ``repeatFrequency`` an ISO 8601
duration, ``byDay`` schema.org days, or iCalendar's ``1SA`` form for a
weekday with a position, which schema.org allows as text, ``byMonthDay``,
``byMonth``, times of day with ``scheduleTimezone``, ``endDate`` from UNTIL,
``repeatCount`` from COUNT, ``exceptDate`` for each cancelled or moved
session). A moved session is a ``subEvent``, ``EventRescheduled``, with its
``previousStartDate``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from .model import RIGA, Event, Occurrence, Recurrence
from .recurrence import rule_parts, until_day

_TZ = ZoneInfo(RIGA)

STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "rescheduled": "https://schema.org/EventRescheduled",
}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def event_jsonld(
    event: Event,
    *,
    organizer_name: str,
    organizer_url: str,
    image_url: str | None = None,
    timezone: str = RIGA,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """A schema.org ``Event`` object, ready for ``json.dumps``; times with the offset of ``timezone``
    (the site's ``TIMEZONE``). ``today`` (the build date) chooses a repeating event's next session."""
    zone = ZoneInfo(timezone)
    if not event.occurrences:
        raise ValueError(f"event {event.key!r} has no dates")
    sessions = sorted(event.occurrences, key=_start_order)
    last = max(sessions, key=_end_order)
    if event.recurrence is not None:
        upcoming = [o for o in sessions if today is None or o.last_day >= today]
        sessions = [upcoming[0] if upcoming else sessions[0]]
        last = sessions[0]
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
    if event.recurrence is not None:
        data["eventSchedule"] = schedule(event.recurrence, zone)
        moved = []
        for move in event.recurrence.moves:
            session = _session(event, move.session, STATUS["rescheduled"], place, zone)
            session["previousStartDate"] = _iso(move.original, zone)
            moved.append(session)
        if moved:
            data["subEvent"] = moved
    return data


_FREQUENCY = {
    "YEARLY": "P{}Y",
    "MONTHLY": "P{}M",
    "WEEKLY": "P{}W",
    "DAILY": "P{}D",
    "HOURLY": "PT{}H",
    "MINUTELY": "PT{}M",
    "SECONDLY": "PT{}S",
}
_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


def schedule(recurrence: Recurrence, zone: ZoneInfo = _TZ) -> dict[str, Any]:
    """The rule as a schema.org ``Schedule``."""
    parts = rule_parts(recurrence.rule)
    first = recurrence.first
    out: dict[str, Any] = {
        "@type": "Schedule",
        "startDate": first.first_day.isoformat(),
        "repeatFrequency": _FREQUENCY[parts["FREQ"]].format(parts.get("INTERVAL", "1")),
    }
    last = until_day(recurrence)
    if last is not None:
        out["endDate"] = last.isoformat()
    if "COUNT" in parts:
        out["repeatCount"] = int(parts["COUNT"])
    if "BYDAY" in parts:
        out["byDay"] = [
            f"https://schema.org/{_DAYS[day]}" if day in _DAYS else day for day in parts["BYDAY"].split(",")
        ]
    for name, key in (("BYMONTHDAY", "byMonthDay"), ("BYMONTH", "byMonth")):
        if name in parts:
            out[key] = [int(n) for n in parts[name].split(",")]
    if isinstance(first.start, dt.datetime) and isinstance(first.end, dt.datetime):
        start, end = first.start.astimezone(zone), first.end.astimezone(zone)
        out["startTime"] = f"{start:%H:%M:%S}"
        if end > start:
            out["endTime"] = f"{end:%H:%M:%S}"
            out["duration"] = _duration(end - start)
    elif first.last_day > first.first_day:
        out["duration"] = f"P{(first.last_day - first.first_day).days + 1}D"
    out["scheduleTimezone"] = zone.key
    skipped = [*recurrence.exceptions, *(m.original for m in recurrence.moves)]
    if skipped:
        out["exceptDate"] = [_iso(when, zone) for when in sorted(skipped, key=lambda w: _instant(w, False))]
    return out


def _duration(length: dt.timedelta) -> str:
    minutes = int(length.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "") if days or time else "PT0M"


def _session(
    event: Event, occurrence: Occurrence, status: str, place: dict[str, Any] | None, zone: ZoneInfo = _TZ
) -> dict[str, Any]:
    session: dict[str, Any] = {
        "@type": "Event",
        "name": event.title,
        "url": event.url,
        "startDate": _iso(occurrence.start, zone),
        "endDate": _iso(occurrence.end, zone),
        "eventStatus": status,
        "eventAttendanceMode": OFFLINE,
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
