import datetime as dt
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.ical import build_calendar
from events.links import google_calendar_url, webcal_url
from events.model import Event, Occurrence

RIGA = ZoneInfo("Europe/Riga")
UTC = dt.UTC
STAMP = dt.datetime(2026, 11, 23, tzinfo=UTC)
ALL_DAY = Occurrence(dt.date(2018, 5, 15), dt.date(2018, 5, 16))
TIMED = Occurrence(dt.datetime(2024, 5, 8, 10, tzinfo=RIGA), dt.datetime(2024, 5, 10, 16, tzinfo=RIGA))
NO_END = Occurrence(dt.datetime(2024, 11, 2, 18, tzinfo=RIGA), dt.datetime(2024, 11, 2, 18, tzinfo=RIGA))


def _event(
    site="https://lpr.gov.lv", status="scheduled", occurrences=(ALL_DAY, TIMED), key="article-2018-seminars", **more
):
    fields = dict(
        location="Daugavpils, Saules iela 1",
        description="Par semināru; pieteikšanās līdz 10. maijam.",
        status=status,
        sequence=0 if status == "scheduled" else 2,
        projects=("LLI-59",),
    )
    fields.update(more)
    return Event(key, "lv", "Seminārs par LEAN", f"{site}/2018/seminars/", tuple(occurrences), **fields)


def _build(events, **overrides):
    args = dict(
        name="Latgales ziņas",
        lang="lv",
        uid_domain="lpr.gov.lv",
        prodid="-//lpr.gov.lv//Latgales ziņas//LV",
        stamp=STAMP,
    )
    args.update(overrides)
    return build_calendar(events, **args)


def _parse(data):
    return Calendar.from_ical(data)


def test_calendar_properties_and_timezone():
    cal = _parse(_build([_event()], description="Pasākumi Latgalē"))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//lpr.gov.lv//Latgales ziņas//LV"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Latgales ziņas"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Riga"
    assert str(cal["X-WR-CALDESC"]) == "Pasākumi Latgalē"
    (vtimezone,) = cal.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Riga"
    offsets = {sub["TZOFFSETTO"].td for sub in vtimezone.subcomponents}
    assert offsets == {dt.timedelta(hours=2), dt.timedelta(hours=3)}


def test_vtimezone_covers_the_event_years():
    text = _build([_event()]).decode()
    assert "20180325T040000" in text  # the 2018 spring change
    assert "20241027T040000" in text  # the 2024 autumn change


def test_all_day_session_is_a_date_with_exclusive_end():
    allday = _parse(_build([_event()])).walk("VEVENT")[0]
    assert allday["DTSTART"].dt == dt.date(2018, 5, 15) and not isinstance(allday["DTSTART"].dt, dt.datetime)
    assert allday["DTEND"].dt == dt.date(2018, 5, 17)  # 15-16 May: ends before the 17th
    assert allday["DTSTART"].params.get("VALUE") == "DATE"
    assert "DTSTART;VALUE=DATE:20180515" in _build([_event()]).decode()


def test_timed_session_properties():
    timed = _parse(_build([_event()])).walk("VEVENT")[1]
    assert timed["DTSTART"].dt == dt.datetime(2024, 5, 8, 10, tzinfo=RIGA)
    assert timed["DTEND"].dt == dt.datetime(2024, 5, 10, 16, tzinfo=RIGA)
    assert timed["DTSTART"].params["TZID"] == "Europe/Riga"
    assert str(timed["SUMMARY"]) == "Seminārs par LEAN"
    assert str(timed["LOCATION"]) == "Daugavpils, Saules iela 1"
    assert str(timed["URL"]) == "https://lpr.gov.lv/2018/seminars/"
    description = str(timed["DESCRIPTION"])
    assert "Par semināru; pieteikšanās līdz 10. maijam." in description
    assert description.endswith("https://lpr.gov.lv/2018/seminars/")
    assert str(timed["STATUS"]) == "CONFIRMED"
    assert int(timed["SEQUENCE"]) == 0
    assert timed["DTSTAMP"].dt == STAMP
    assert str(timed["UID"]) == "article-2018-seminars-lv-20240508T070000Z@lpr.gov.lv"
    assert [str(c) for c in timed["CATEGORIES"].cats] == ["LLI-59"]


def test_one_vevent_per_session_and_session_without_end_has_no_dtend():
    vevents = _parse(_build([_event(occurrences=(ALL_DAY, TIMED, NO_END))])).walk("VEVENT")
    assert len(vevents) == 3
    assert vevents[2]["DTSTART"].dt == dt.datetime(2024, 11, 2, 18, tzinfo=RIGA)
    assert "DTEND" not in vevents[2] and "DURATION" not in vevents[2]


def test_uids_do_not_depend_on_the_site_address():
    production = _parse(_build([_event(site="https://lpr.gov.lv")]))
    development = _parse(_build([_event(site="http://localhost:8000")]))
    uids = [str(v["UID"]) for v in production.walk("VEVENT")]
    assert uids == [str(v["UID"]) for v in development.walk("VEVENT")]
    assert [str(v["URL"]) for v in production.walk("VEVENT")] != [str(v["URL"]) for v in development.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert uids[0] == "article-2018-seminars-lv-20180515@lpr.gov.lv"


def test_uids_differ_per_language():
    lv = _parse(_build([_event()], lang="lv")).walk("VEVENT")[0]["UID"]
    en = _parse(_build([_event()], lang="en")).walk("VEVENT")[0]["UID"]
    assert lv != en and "-en-" in str(en)


def test_cancelled_and_postponed():
    cancelled = _parse(_build([_event(status="cancelled")])).walk("VEVENT")
    assert {str(v["STATUS"]) for v in cancelled} == {"CANCELLED"}
    assert {int(v["SEQUENCE"]) for v in cancelled} == {2}
    postponed = _parse(_build([_event(status="postponed")], lang="en")).walk("VEVENT")
    assert {str(v["STATUS"]) for v in postponed} == {"TENTATIVE"}
    assert all(str(v["DESCRIPTION"]).startswith("The event has been postponed.") for v in postponed)
    latvian = _parse(_build([_event(status="postponed")])).walk("VEVENT")[0]
    assert str(latvian["DESCRIPTION"]).startswith("Pasākums ir atlikts.")


def test_output_is_deterministic_and_sorted():
    a = _event(key="b-event", occurrences=(TIMED,))
    b = _event(key="a-event", occurrences=(NO_END, ALL_DAY))
    first = _build([a, b])
    assert first == _build([b, a])
    assert first == _build(
        [_event(key="b-event", occurrences=(TIMED,)), _event(key="a-event", occurrences=(ALL_DAY, NO_END))]
    )
    starts = [v["DTSTART"].dt for v in _parse(first).walk("VEVENT")]
    assert starts == [
        dt.date(2018, 5, 15),
        dt.datetime(2024, 11, 2, 18, tzinfo=RIGA),
        dt.datetime(2024, 5, 8, 10, tzinfo=RIGA),
    ]
    assert b"\r\n" in first and b"\n" not in first.replace(b"\r\n", b"")


def test_same_session_twice_is_written_once():
    vevents = _parse(_build([_event(occurrences=(TIMED, TIMED))])).walk("VEVENT")
    assert len(vevents) == 1


def test_stamp_is_written_in_utc_and_must_be_aware():
    vevent = _parse(_build([_event()], stamp=dt.datetime(2026, 11, 23, 2, tzinfo=RIGA))).walk("VEVENT")[0]
    assert "DTSTAMP:20261123T000000Z" in vevent.to_ical().decode()
    with pytest.raises(ValueError):
        _build([_event()], stamp=dt.datetime(2026, 11, 23))


def test_empty_calendar_is_still_valid():
    cal = _parse(_build([]))
    assert cal.walk("VEVENT") == [] and len(cal.walk("VTIMEZONE")) == 1


# ----------------------------------------------------------------------------- links for calendar apps


def _query(url):
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "calendar.google.com", "/calendar/render")
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_google_calendar_link_for_an_all_day_session():
    event = _event()
    query = _query(google_calendar_url(event, ALL_DAY))
    assert query["action"] == "TEMPLATE"
    assert query["text"] == "Seminārs par LEAN"
    assert query["dates"] == "20180515/20180517"
    assert query["location"] == "Daugavpils, Saules iela 1"
    assert "Par semināru" in query["details"] and query["details"].endswith("https://lpr.gov.lv/2018/seminars/")


def test_google_calendar_link_for_timed_sessions_is_in_utc():
    event = _event()
    query = _query(google_calendar_url(event, TIMED))
    assert query["dates"] == "20240508T070000Z/20240510T130000Z"
    assert query["ctz"] == "Europe/Riga"
    winter = _query(google_calendar_url(event, NO_END))
    assert winter["dates"] == "20241102T160000Z/20241102T170000Z"  # +02:00; an hour when no end is given


def test_google_calendar_link_leaves_out_empty_fields_and_shortens_long_text():
    bare = _event(location="", description="")
    query = _query(google_calendar_url(bare, ALL_DAY))
    assert "location" not in query and query["details"] == "https://lpr.gov.lv/2018/seminars/"
    long = _event(description="vārds " * 1000)
    assert len(_query(google_calendar_url(long, ALL_DAY))["details"]) < 1000


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://lpr.gov.lv/feeds/events.ics", "webcal://lpr.gov.lv/feeds/events.ics"),
        ("http://localhost:8000/feeds/events.ics", "webcal://localhost:8000/feeds/events.ics"),
        ("HTTPS://lpr.gov.lv/en/feeds/events.ics", "webcal://lpr.gov.lv/en/feeds/events.ics"),
        ("webcal://lpr.gov.lv/feeds/events.ics", "webcal://lpr.gov.lv/feeds/events.ics"),
        ("//lpr.gov.lv/feeds/events.ics", "webcal://lpr.gov.lv/feeds/events.ics"),
        ("feeds/events.ics", "feeds/events.ics"),
    ],
)
def test_webcal_url(url, expected):
    assert webcal_url(url) == expected
