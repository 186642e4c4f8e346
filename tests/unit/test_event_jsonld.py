import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from events.jsonld import event_jsonld
from events.model import Event, Occurrence

RIGA = ZoneInfo("Europe/Riga")


def _event(occurrences, status="scheduled", location="Daugavpils, Saules iela 1", description="Par semināru."):
    return Event(
        "article-x",
        "ltg",
        "Seminars",
        "https://lpr.gov.lv/ltg/2024/seminars/",
        tuple(occurrences),
        location=location,
        description=description,
        status=status,
    )


def _jsonld(event, **more):
    return event_jsonld(
        event, organizer_name="Latgales plānošanas reģions", organizer_url="https://lpr.gov.lv/", **more
    )


SUMMER = Occurrence(dt.datetime(2024, 5, 8, 10, tzinfo=RIGA), dt.datetime(2024, 5, 8, 16, tzinfo=RIGA))
WINTER = Occurrence(dt.datetime(2024, 11, 20, 9, 30, tzinfo=RIGA), dt.datetime(2024, 11, 21, 12, tzinfo=RIGA))


def test_single_timed_event():
    data = _jsonld(_event([SUMMER]))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Seminars"
    assert data["startDate"] == "2024-05-08T10:00:00+03:00"
    assert data["endDate"] == "2024-05-08T16:00:00+03:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Daugavpils, Saules iela 1",
        "address": "Daugavpils, Saules iela 1",
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Latgales plānošanas reģions",
        "url": "https://lpr.gov.lv/",
    }
    assert data["url"] == "https://lpr.gov.lv/ltg/2024/seminars/"
    assert data["inLanguage"] == "ltg"
    assert data["description"] == "Par semināru."
    assert "subEvent" not in data and "image" not in data
    json.dumps(data)


def test_offsets_follow_the_season_and_utc_input_is_shown_in_riga_time():
    data = _jsonld(_event([WINTER]))
    assert data["startDate"] == "2024-11-20T09:30:00+02:00"
    utc = Occurrence(dt.datetime(2024, 5, 8, 7, tzinfo=dt.UTC), dt.datetime(2024, 5, 8, 13, tzinfo=dt.UTC))
    assert _jsonld(_event([utc]))["startDate"] == "2024-05-08T10:00:00+03:00"


def test_all_day_dates_are_plain_and_inclusive():
    data = _jsonld(_event([Occurrence(dt.date(2018, 5, 30), dt.date(2018, 6, 2))]))
    assert data["startDate"] == "2018-05-30" and data["endDate"] == "2018-06-02"


def test_several_sessions_span_first_to_last_with_sub_events():
    early = Occurrence(dt.date(2024, 5, 8), dt.date(2024, 5, 8))
    data = _jsonld(_event([WINTER, SUMMER, early]))  # not in order on purpose
    assert data["startDate"] == "2024-05-08"
    assert data["endDate"] == "2024-11-21T12:00:00+02:00"
    starts = [s["startDate"] for s in data["subEvent"]]
    assert starts == ["2024-05-08", "2024-05-08T10:00:00+03:00", "2024-11-20T09:30:00+02:00"]
    assert all(s["@type"] == "Event" and s["location"]["name"] == "Daugavpils, Saules iela 1" for s in data["subEvent"])


def test_end_of_the_event_is_the_latest_end_not_the_latest_start():
    long = Occurrence(dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    short = Occurrence(dt.date(2024, 5, 10), dt.date(2024, 5, 10))
    data = _jsonld(_event([long, short]))
    assert (data["startDate"], data["endDate"]) == ("2024-05-01", "2024-05-31")


@pytest.mark.parametrize(
    "status, url",
    [
        ("scheduled", "https://schema.org/EventScheduled"),
        ("cancelled", "https://schema.org/EventCancelled"),
        ("postponed", "https://schema.org/EventPostponed"),
        ("rescheduled", "https://schema.org/EventRescheduled"),
    ],
)
def test_status(status, url):
    data = _jsonld(_event([SUMMER, WINTER], status=status))
    assert data["eventStatus"] == url
    assert {s["eventStatus"] for s in data["subEvent"]} == {url}


def test_optional_parts():
    data = _jsonld(_event([SUMMER], location="", description=" "), image_url="https://lpr.gov.lv/images/x.jpg")
    assert "location" not in data and "description" not in data
    assert data["image"] == ["https://lpr.gov.lv/images/x.jpg"]
    with pytest.raises(ValueError):
        _jsonld(_event([]))
