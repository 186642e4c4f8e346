r"""iCalendar feeds (RFC 5545) built with the `icalendar` library.

Choices that subscribers depend on:

- UID: ``{event.key}-{lang}-{start}@{uid_domain}``, from the event's
  language-neutral key, the feed's language and the session's start
  (``YYYYMMDD`` for an all-day session, the UTC time ``YYYYMMDDTHHMMSSZ``
  for a timed one). No URL goes into it: a development build, a preview and
  the published site give the same UIDs, and a changed slug or site address
  does not turn into a second copy of every event in subscribers' calendars.
- A repeating event (``event.recurrence``) is one VEVENT, UID
  ``{event.key}-{lang}@{uid_domain}`` (no date: the series keeps it when
  sessions are cancelled or moved): DTSTART and DTEND of the first session,
  the rule as RRULE exactly as the editor stated it (COUNT kept, an open
  rule left open: only the site's own pages stop at a horizon), UNTIL a
  DATE for an all-day series and a UTC time for a timed one (RFC 5545
  section 3.3.10), one EXDATE per cancelled session (also the first, which
  stays DTSTART), and for each moved session a further VEVENT with the same
  UID, RECURRENCE-ID the start the rule gives it (section 3.8.4.4) and its
  new DTSTART and DTEND.
- An event with several separate dates keeps one VEVENT per session, each
  with its own UID as above: the sessions differ in length and time, which
  one RRULE cannot say, and RDATE with PERIOD values (which could) is
  ignored or mangled by common calendar apps; separate UIDs also keep the
  sessions subscribers already have. The sessions are tied together with
  RELATED-TO;RELTYPE=SIBLING (RFC 5545 section 3.2.15): every later session
  names the first session's UID, and the first names every later one, so
  each session reaches the whole series in at most two steps and no
  session points at itself.
- DTSTAMP is the ``stamp`` argument (the build date), not the clock, and
  events are sorted, so the same content always gives the same bytes.
- All-day sessions are DATE values, and DTEND is exclusive (the day after
  the last day), as RFC 5545 section 3.6.1 defines it.
- A timed session without an end time has no DTEND: RFC 5545 section 3.6.1
  says an event with a DATE-TIME DTSTART and neither DTEND nor DURATION
  ends when it starts. Inventing an end (one hour, say) would publish a
  time nobody announced; calendar apps show such an event at its start.
- STATUS is CONFIRMED, CANCELLED for a cancelled event and TENTATIVE for a
  postponed one (RFC 5545 has no "postponed"); a postponed, cancelled or
  rescheduled event says so in the first line of DESCRIPTION. SEQUENCE is
  the event's, bumped by editors when the status changes.
- The times are Europe/Riga times with a TZID, and the calendar carries the
  matching VTIMEZONE, generated from the zoneinfo database for the years
  the calendar's events span.
- No value can start a line of its own. Every text value passes
  ``ical_text`` first: a line break of any kind (CR, LF, CRLF, NEL, U+2028,
  U+2029, vertical tab, form feed) becomes a newline in DESCRIPTION and the
  calendar's description and a space everywhere else; other control
  characters and bidirectional overrides are dropped. The text is then
  escaped as RFC 5545 section 3.3.11 says (``\\``, ``\;``, ``\,``, ``\n``),
  so a newline is written as the two characters ``\n``, never as a raw line
  break. An address (URL) has such characters percent-encoded. Every line
  of the file ends with CRLF, and no other CR or LF is in it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone
from icalendar import Event as VEvent
from icalendar.prop import vCategory, vRecur, vText

from contentmodel.safety import control_characters
from lvlang.language import Language, pick

from .model import RIGA, Event, Occurrence
from .recurrence import ical_rule

_UTC = dt.UTC
_ONE_DAY = dt.timedelta(days=1)

_STATUS = {"scheduled": "CONFIRMED", "rescheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}

# Everything that some reader takes for the end of a line.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def ical_text(value: object, *, multiline: bool = False) -> str:
    """``value`` as text that may go into an iCalendar TEXT value (before escaping).

    Line breaks of every kind become ``"\\n"`` when ``multiline`` (a
    description) and a space otherwise; other control characters and
    bidirectional overrides are removed.
    """
    text = _LINE_BREAK.sub("\n" if multiline else " ", str(value))
    if not control_characters(text.replace("\n", "")):
        return text
    return "".join(ch for ch in text if ch == "\n" or not control_characters(ch))


def escape_text(text: str) -> str:
    """RFC 5545 section 3.3.11 escaping of a TEXT value (``text`` already passed ``ical_text``).

    Unlike the library's own escaping this leaves a written backslash-N as
    it is (the library turns it into a line break)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


class _Text(vText):
    """A TEXT value cleaned by ``ical_text`` and escaped by ``escape_text``."""

    def __new__(cls, value: object, multiline: bool = False) -> _Text:
        return super().__new__(cls, ical_text(value, multiline=multiline))

    def to_ical(self) -> bytes:
        return escape_text(str(self)).encode("utf-8")


class _Categories(vCategory):
    def __init__(self, items: Iterable[str]):
        texts = [_Text(item) for item in items]
        super().__init__([str(t) for t in texts])
        self.cats = texts


def _uri(url: str) -> str:
    """``url`` with whitespace, control characters and bidirectional overrides percent-encoded."""
    return "".join(quote(ch, safe="") if ch.isspace() or control_characters(ch) else ch for ch in str(url))


# The first line of DESCRIPTION for events that did not stay as announced.
# A language without its own sentences uses its fallback chain's (Latgalian the Latvian ones), else English.
_NOTES = {
    "postponed": {"lv": "Pasākums ir atlikts.", "en": "The event has been postponed."},
    "cancelled": {"lv": "Pasākums ir atcelts.", "en": "The event has been cancelled."},
    "rescheduled": {"lv": "Pasākums ir pārcelts.", "en": "The event has been rescheduled."},
}


def build_calendar(
    events: Iterable[Event],
    *,
    name: str,
    lang: Language | str,
    uid_domain: str,
    prodid: str,
    stamp: dt.datetime,
    description: str = "",
    timezone: str = RIGA,
) -> bytes:
    """A complete VCALENDAR: one VEVENT per session of each event, a repeating
    event as one VEVENT with its rule (and one per moved session).

    ``stamp`` (timezone-aware; written in UTC) is every VEVENT's DTSTAMP;
    pass the build date so that rebuilding the same content gives the same
    bytes. ``lang`` is the language's record (a bare code uses only its own
    sentences, then English); ``timezone`` the site's (the ``TIMEZONE`` setting).
    """
    chain = lang.chain if isinstance(lang, Language) else (lang,)
    code = lang.code if isinstance(lang, Language) else lang
    tz = ZoneInfo(timezone)
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError("stamp must be timezone-aware (DTSTAMP is written in UTC)")
    stamp = stamp.astimezone(_UTC)
    ordered = sorted(events, key=lambda e: (e.first_day, e.key))

    cal = Calendar()
    cal.add("prodid", _Text(prodid))
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _Text(name))
    cal.add("x-wr-timezone", timezone)
    if description:
        cal.add("x-wr-caldesc", _Text(description, multiline=True))
    cal.add_component(_vtimezone(ordered, stamp, timezone))
    seen: set[str] = set()
    for event in ordered:
        if event.recurrence is not None:
            series = _series(event, code, chain, uid_domain, stamp, tz)
            if series[0]["UID"] not in seen:
                seen.add(series[0]["UID"])
                for vevent in series:
                    cal.add_component(vevent)
            continue
        sessions = sorted(set(event.occurrences), key=lambda o: _occurrence_order(o, tz))
        uids = [uid(event, o, code, uid_domain) for o in sessions]
        for index, occurrence in enumerate(sessions):
            vevent = _vevent(event, occurrence, code, chain, uid_domain, stamp, tz)
            if vevent["UID"] in seen:  # the same session written twice
                continue
            seen.add(vevent["UID"])
            siblings = uids[1:] if index == 0 else uids[:1]
            for other in siblings:
                vevent.add("related-to", other, parameters={"RELTYPE": "SIBLING"})
            cal.add_component(vevent)
    return cal.to_ical()


def series_uid(event: Event, lang: str, domain: str) -> str:
    """The UID of a repeating event's VEVENT: the event and the language, no date (see the module's notes)."""
    return f"{event.key}-{lang}@{domain}"


def _series(
    event: Event, lang: str, chain: tuple[str, ...], domain: str, stamp: dt.datetime, tz: ZoneInfo
) -> list[VEvent]:
    """The VEVENT of a repeating event with RRULE and EXDATE, then one VEVENT per moved session."""
    recurrence = event.recurrence
    assert recurrence is not None
    master = _vevent(event, recurrence.first, lang, chain, domain, stamp, tz, uid_text=series_uid(event, lang, domain))
    master.add("rrule", vRecur.from_ical(ical_rule(recurrence)))
    for cancelled in recurrence.exceptions:
        master.add("exdate", _local(cancelled, tz))
    out = [master]
    for move in recurrence.moves:
        override = _vevent(
            event, move.session, lang, chain, domain, stamp, tz, uid_text=series_uid(event, lang, domain)
        )
        override.add("recurrence-id", _local(move.original, tz))
        out.append(override)
    return out


def _local(value: dt.date | dt.datetime, tz: ZoneInfo) -> dt.date | dt.datetime:
    return value.astimezone(tz) if isinstance(value, dt.datetime) else value


def uid(event: Event, occurrence: Occurrence, lang: str, domain: str) -> str:
    """The session's UID: stable across builds and site addresses (see the module's notes)."""
    start = occurrence.start
    if isinstance(start, dt.datetime):
        when = f"{start.astimezone(_UTC):%Y%m%dT%H%M%SZ}"
    else:
        when = f"{start:%Y%m%d}"
    return f"{event.key}-{lang}-{when}@{domain}"


def _vevent(
    event: Event,
    occurrence: Occurrence,
    lang: str,
    chain: tuple[str, ...],
    domain: str,
    stamp: dt.datetime,
    tz: ZoneInfo,
    uid_text: str = "",
) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", _Text(uid_text or uid(event, occurrence, lang, domain)))
    vevent.add("dtstamp", stamp)
    if occurrence.all_day:
        vevent.add("dtstart", occurrence.start)
        vevent.add("dtend", occurrence.end + _ONE_DAY)
    else:
        start = occurrence.start.astimezone(tz)
        end = occurrence.end.astimezone(tz)
        vevent.add("dtstart", start)
        if end > start:
            vevent.add("dtend", end)
    vevent.add("summary", _Text(event.title))
    if event.location:
        vevent.add("location", _Text(event.location))
    if event.url:
        vevent.add("url", _uri(event.url))
    vevent.add("description", _Text(_description(event, chain), multiline=True))
    vevent.add("status", _STATUS.get(event.status, "CONFIRMED"))
    vevent.add("sequence", event.sequence)
    if event.projects:
        vevent.add("categories", _Categories(event.projects))
    return vevent


def _description(event: Event, chain: tuple[str, ...]) -> str:
    """Plain text: the status note, the description, then the article's address."""
    notes = _NOTES.get(event.status, {})
    note = (pick(notes, chain) or notes.get("en", "")) if notes else ""
    return "\n\n".join(part for part in (note, event.description.strip(), event.url) if part)


def _occurrence_order(occurrence: Occurrence, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """Sessions in time order; all-day ones count from midnight in the site's time zone."""
    return _instant(occurrence.start, tz), _instant(occurrence.end, tz)


def _instant(value: dt.date | dt.datetime, tz: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(_UTC)
    return dt.datetime.combine(value, dt.time(0), tzinfo=tz).astimezone(_UTC)


def _vtimezone(events: list[Event], stamp: dt.datetime, timezone: str = RIGA) -> Timezone:
    """The site's VTIMEZONE, covering every year the events touch (the stamp's year if none)."""
    years = [day.year for event in events for day in (event.first_day, event.last_day)] or [stamp.year]
    return Timezone.from_tzid(timezone, first_date=dt.date(min(years), 1, 1), last_date=dt.date(max(years) + 1, 1, 1))
