"""Links for calendar apps: "add to Google Calendar" and webcal:// subscriptions."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from .model import Event, Occurrence


def _google_dates(o: Occurrence) -> str:
    if o.all_day:
        return f"{o.start:%Y%m%d}/{o.end + dt.timedelta(days=1):%Y%m%d}"
    end = o.end if o.end > o.start else o.start + dt.timedelta(hours=1)
    utc = dt.timezone.utc
    return f"{o.start.astimezone(utc):%Y%m%dT%H%M%SZ}/{end.astimezone(utc):%Y%m%dT%H%M%SZ}"


def google_calendar_url(event: Event, occurrence: Occurrence) -> str:
    query = {"action": "TEMPLATE", "text": event.title, "dates": _google_dates(occurrence),
             "details": f"{event.description}\n\n{event.url}".strip(), "location": event.location,
             "ctz": "Europe/Riga"}
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def webcal_url(url: str) -> str:
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url[len(scheme):]
    return url
