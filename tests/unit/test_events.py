import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.calendar import events_by_day, month_grid, months_to_publish
from events.holidays_lv import public_holidays
from events.ical import build_calendar
from events.jsonld import event_jsonld
from events.links import google_calendar_url, webcal_url
from events.model import Event
from events.parse import EventDateError, parse_event_dates, parse_event_status
from events.recurrence import expand, validate_rrule
from events.words import format_occurrences
from tests.langs import EN, LT, LTG, LV

RIGA = ZoneInfo("Europe/Riga")
STAMP = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "values, lv, en",
    [
        (
            ["2018-05-15", "2018-05-16", "2018-05-22", "2018-05-23"],
            "2018. gada 15., 16., 22. un 23. maijā",
            "15, 16, 22 and 23 May 2018",
        ),
        (
            ["2018-06-12/2018-06-13", "2018-06-19/2018-06-20"],
            "2018. gada 12.–13. un 19.–20. jūnijā",
            "12–13 and 19–20 June 2018",
        ),
        (["2018-05-30/2018-06-02"], "2018. gada 30. maijā – 2. jūnijā", "30 May – 2 June 2018"),
        (
            ["2018-12-30/2019-01-02"],
            "2018. gada 30. decembrī – 2019. gada 2. janvārī",
            "30 December 2018 – 2 January 2019",
        ),
        (["2018-05-30", "2018-06-05"], "2018. gada 30. maijā un 5. jūnijā", "30 May and 5 June 2018"),
        (
            ["2018-12-31", "2019-01-02"],
            "2018. gada 31. decembrī un 2019. gada 2. janvārī",
            "31 December 2018 and 2 January 2019",
        ),
        (["2024-05-08T10:00/16:00"], "2024. gada 8. maijā plkst. 10.00–16.00", "8 May 2024, 10:00–16:00"),
        (
            ["2024-05-08T10:00/2024-05-10T16:00"],
            "2024. gada 8. maijā plkst. 10.00 – 10. maijā plkst. 16.00",
            "8 May 2024, 10:00 – 10 May 2024, 16:00",
        ),
        (["2024-05-08T10:00"], "2024. gada 8. maijā plkst. 10.00", "8 May 2024, 10:00"),
    ],
)
def test_dates_in_words(values, lv, en):
    occurrences = parse_event_dates(values)
    assert format_occurrences(occurrences, LV) == lv
    assert format_occurrences(occurrences, LTG) == lv
    assert format_occurrences(occurrences, EN) == en


def test_dst_boundaries_keep_wall_clock_times():
    spring, autumn = parse_event_dates(["2024-03-31T10:00/12:00", "2024-10-27T10:00/12:00"])
    assert spring.start.utcoffset() == dt.timedelta(hours=3)
    assert autumn.start.utcoffset() == dt.timedelta(hours=2)
    assert format_occurrences([spring], LV) == "2024. gada 31. martā plkst. 10.00–12.00"
    assert format_occurrences([autumn], EN) == "27 October 2024, 10:00–12:00"
    assert parse_event_dates(["2024-05-08T07:00Z"])[0].start.hour == 10


@pytest.mark.parametrize(
    "value, problem",
    [
        ("2018-13-01", "not a real date"),
        ("maijā", "is not a date"),
        ("2018-06-13/2018-06-12", "before the start"),
        ("2024-03-31T03:30", "does not exist"),
        ("2024-05-08/2024-05-09T10:00", "mixes"),
    ],
)
def test_bad_event_dates(value, problem):
    with pytest.raises(EventDateError) as info:
        parse_event_dates(["2018-01-01", value])
    assert problem in info.value.problem and info.value.index == 1 and info.value.hint


def test_status():
    assert parse_event_status("Cancelled") == "cancelled"
    with pytest.raises(EventDateError):
        parse_event_status("soon")


@pytest.mark.parametrize(
    "year, month, first_weekday",
    [(2024, 1, 0), (2024, 10, 1), (2025, 1, 2), (2024, 8, 3), (2024, 11, 4), (2024, 6, 5), (2024, 9, 6)],
)
def test_month_grid_starts_monday_on_any_weekday(year, month, first_weekday):
    weeks = month_grid(year, month)
    assert all(len(w) == 7 for w in weeks)
    assert all(w[0].date.weekday() == 0 for w in weeks)
    days = [d for w in weeks for d in w if d.in_month]
    assert days[0].date == dt.date(year, month, 1) and days[0].date.weekday() == first_weekday
    assert weeks[0].index(next(d for d in weeks[0] if d.in_month)) == first_weekday


def test_leap_years_and_six_week_months():
    assert sum(d.in_month for w in month_grid(2024, 2) for d in w) == 29
    assert sum(d.in_month for w in month_grid(2023, 2) for d in w) == 28
    assert len(month_grid(2024, 9)) == 6  # starts on Sunday, 30 days
    assert len(month_grid(2021, 2)) == 4  # starts on Monday, 28 days


def test_months_to_publish_and_days():
    months = months_to_publish([dt.date(2018, 5, 15)], dt.date(2026, 11, 23), 12)
    assert months[0] == (2018, 5) and (2026, 11) in months and months[-1] == (2027, 11) and len(months) == 14
    e = Event("k", "lv", "T", "u", parse_event_dates(["2018-05-30/2018-06-02"]))
    by_day = events_by_day([e])
    assert sorted(by_day) == [dt.date(2018, 5, 30), dt.date(2018, 5, 31), dt.date(2018, 6, 1), dt.date(2018, 6, 2)]


def test_latvian_holidays_are_days_off():
    days = public_holidays(2024, "lv")
    assert dt.date(2024, 11, 18) in days and dt.date(2024, 6, 24) in days and dt.date(2024, 4, 1) in days
    assert dt.date(2024, 11, 11) not in days  # Lāčplēsis Day is remembered, not a day off
    assert "Midsummer" in public_holidays(2024, "en")[dt.date(2024, 6, 24)]


def test_recurrence_keeps_local_time_across_dst_and_is_bounded():
    first = parse_event_dates(["2026-10-17T08:00/2026-10-17T13:00"])[0]
    occs = expand(first, "FREQ=WEEKLY;BYDAY=SA", dt.date(2026, 11, 10))
    assert [o.start.hour for o in occs] == [8, 8, 8, 8]
    assert {o.start.utcoffset() for o in occs} == {dt.timedelta(hours=3), dt.timedelta(hours=2)}
    assert len(expand(first, "FREQ=DAILY", dt.date(2100, 1, 1), max_count=50)) == 50
    assert len(expand(first, "RRULE:FREQ=WEEKLY;COUNT=3", dt.date(2100, 1, 1))) == 3
    assert validate_rrule("FREQ=SOMETIMES") and validate_rrule("BYDAY=SA") and validate_rrule("FREQ=WEEKLY") is None


def _event(
    url="https://lpr.gov.lv/2018/x/", status="scheduled", values=("2018-05-15", "2024-05-08T10:00/2024-05-10T16:00")
):
    return Event(
        "article-2018-x",
        "lv",
        "Seminārs",
        url,
        parse_event_dates(list(values)),
        location="Daugavpils",
        description="Par semināru.",
        status=status,
        sequence=1 if status != "scheduled" else 0,
    )


def test_ical_properties_and_stable_uids():
    cal = Calendar.from_ical(
        build_calendar([_event()], name="N", lang="lv", uid_domain="lpr.gov.lv", prodid="-//x//y", stamp=STAMP)
    )
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Riga"
    allday, timed = cal.walk("VEVENT")
    assert allday["DTSTART"].dt == dt.date(2018, 5, 15) and allday["DTEND"].dt == dt.date(2018, 5, 16)
    assert timed["DTSTART"].dt == dt.datetime(2024, 5, 8, 10, tzinfo=RIGA)
    assert str(timed["LOCATION"]) == "Daugavpils" and str(timed["URL"]) == "https://lpr.gov.lv/2018/x/"
    assert str(timed["STATUS"]) == "CONFIRMED"
    other = Calendar.from_ical(
        build_calendar(
            [_event(url="http://localhost:8000/2018/x/")],
            name="N",
            lang="lv",
            uid_domain="lpr.gov.lv",
            prodid="-//x//y",
            stamp=STAMP,
        )
    )
    assert [str(v["UID"]) for v in cal.walk("VEVENT")] == [str(v["UID"]) for v in other.walk("VEVENT")]
    cancelled = Calendar.from_ical(
        build_calendar(
            [_event(status="cancelled")], name="N", lang="lv", uid_domain="lpr.gov.lv", prodid="-//x//y", stamp=STAMP
        )
    )
    assert {str(v["STATUS"]) for v in cancelled.walk("VEVENT")} == {"CANCELLED"}
    assert {int(v["SEQUENCE"]) for v in cancelled.walk("VEVENT")} == {1}
    args = dict(name="N", lang="lv", uid_domain="d", prodid="p", stamp=STAMP)
    assert build_calendar([_event()], **args) == build_calendar([_event()], **args)


def test_event_jsonld_and_links():
    data = event_jsonld(_event(status="postponed"), organizer_name="LPR", organizer_url="https://lpr.gov.lv/")
    assert data["@type"] == "Event" and data["startDate"] == "2018-05-15"
    assert data["endDate"] == "2024-05-10T16:00:00+03:00"
    assert data["eventStatus"] == "https://schema.org/EventPostponed" and len(data["subEvent"]) == 2
    e = _event(values=("2018-05-15",))
    assert "dates=20180515%2F20180516" in google_calendar_url(e, e.occurrences[0])
    assert webcal_url("https://lpr.gov.lv/feeds/events.ics") == "webcal://lpr.gov.lv/feeds/events.ics"


def test_event_dates_in_lithuanian_follow_the_locale():
    assert (
        format_occurrences(parse_event_dates(["2018-05-15", "2018-05-16", "2018-05-22"]), LT)
        == "2018 m. gegužės 15, 16 ir 22 d."
    )
    assert (
        format_occurrences(parse_event_dates(["2018-05-30/2018-06-02"]), LT) == "2018 m. gegužės 30 d. – birželio 2 d."
    )
    assert format_occurrences(parse_event_dates(["2018-05-15 10:00/12:00"]), LT) == "2018 m. gegužės 15 d. 10:00–12:00"
    assert format_occurrences(parse_event_dates(["2018-05-30/2018-06-02"]), EN) == "30 May – 2 June 2018"
    assert format_occurrences(parse_event_dates(["2018-05-15", "2018-05-16"]), LTG) == format_occurrences(
        parse_event_dates(["2018-05-15", "2018-05-16"]), LV
    )
