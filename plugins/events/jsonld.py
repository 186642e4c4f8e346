"""schema.org Event structured data (JSON-LD)."""

from __future__ import annotations

from typing import Any

from .model import Event, Occurrence

STATUS = {
    "scheduled": "https://schema.org/EventScheduled", "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed", "rescheduled": "https://schema.org/EventRescheduled",
}


def _iso(value) -> str:
    return value.isoformat()


def _session(event: Event, o: Occurrence) -> dict[str, Any]:
    return {"@type": "Event", "name": event.title, "startDate": _iso(o.start), "endDate": _iso(o.end),
            "url": event.url}


def event_jsonld(event: Event, *, organizer_name: str, organizer_url: str, image_url: str | None = None) -> dict[str, Any]:
    occs = sorted(event.occurrences, key=lambda o: o.first_day)
    last = max(occs, key=lambda o: o.last_day)
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "name": event.title, "url": event.url,
        "inLanguage": event.lang, "startDate": _iso(occs[0].start), "endDate": _iso(last.end),
        "eventStatus": STATUS.get(event.status, STATUS["scheduled"]),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": organizer_name, "url": organizer_url},
    }
    if event.location:
        data["location"] = {"@type": "Place", "name": event.location, "address": event.location}
    if event.description:
        data["description"] = event.description[:300]
    if image_url:
        data["image"] = [image_url]
    if len(occs) > 1:
        data["subEvent"] = [_session(event, o) for o in occs]
    return data
