"""Links for calendar apps: "add to Google Calendar" and webcal:// subscriptions."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from .model import RIGA, Event, Occurrence
from .recurrence import rest_of_series

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"

# Google's form needs an end. A session announced without an end time is
# offered as one hour long; the visitor sees the form and can change it.
DEFAULT_LENGTH = dt.timedelta(hours=1)

# Long texts make long links, and browsers and Google cut those off.
MAX_DETAILS = 800


def google_calendar_links(event: Event, today: dt.date) -> list[tuple[Occurrence, str]]:
    """The "add to Google Calendar" links an event's page offers, each with its session.

    A repeating event: one link, from its next session that is neither
    cancelled nor moved, repeating by its rule (``recur``). Google's form
    takes an RRULE there but no EXDATE, so cancelled sessions cannot be left
    out; starting after them, the link at least never adds the next one.
    An event with several dates: one link per session still to come (every
    session once all are past). Otherwise: one link.
    """
    if event.recurrence is not None:
        session, rule = rest_of_series(event.recurrence, today)
        return [(session, google_calendar_url(event, session, recur=f"RRULE:{rule}"))]
    sessions = list(dict.fromkeys(event.occurrences))  # in order, as parsing gives them
    upcoming = [o for o in sessions if o.last_day >= today] or sessions
    return [(o, google_calendar_url(event, o)) for o in upcoming]


def google_calendar_url(event: Event, occurrence: Occurrence, *, recur: str = "") -> str:
    """A link that opens Google Calendar's "new event" form filled in with one session.

    All-day sessions use ``dates=YYYYMMDD/YYYYMMDD`` with the end exclusive
    (the day after the last day); timed ones use UTC times
    (``YYYYMMDDTHHMMSSZ``) and ``ctz=Europe/Riga`` so that the form shows
    Riga time. ``recur`` (``RRULE:...``) makes it a repeating event from that session.
    """
    query = {"action": "TEMPLATE", "text": event.title, "dates": _google_dates(occurrence)}
    if recur:
        query["recur"] = recur
    details = _details(event)
    if details:
        query["details"] = details
    if event.location.strip():
        query["location"] = event.location.strip()
    if not occurrence.all_day:
        query["ctz"] = RIGA
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"


def webcal_url(url: str) -> str:
    """The webcal:// form of an http(s) address, which calendar apps open as a subscription.

    Other addresses (relative ones, webcal:// already) are returned unchanged.
    """
    lower = url.lower()
    for scheme in ("https://", "http://", "webcal://"):
        if lower.startswith(scheme):
            return "webcal://" + url[len(scheme) :]
    if url.startswith("//"):
        return "webcal:" + url
    return url


def _google_dates(occurrence: Occurrence) -> str:
    if occurrence.all_day:
        return f"{occurrence.start:%Y%m%d}/{occurrence.end + dt.timedelta(days=1):%Y%m%d}"
    start, end = occurrence.start, occurrence.end
    if end <= start:
        end = start + DEFAULT_LENGTH
    utc = dt.UTC
    return f"{start.astimezone(utc):%Y%m%dT%H%M%SZ}/{end.astimezone(utc):%Y%m%dT%H%M%SZ}"


def _details(event: Event) -> str:
    """The description (shortened at a word if long) and the article's address."""
    text = event.description.strip()
    if len(text) > MAX_DETAILS:
        text = text[:MAX_DETAILS].rsplit(" ", 1)[0].rstrip(" ,;:.") + " …"
    return "\n\n".join(part for part in (text, event.url) if part)
