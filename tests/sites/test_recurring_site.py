"""A weekly market with a cancelled and a moved session, built by real Pelican:
one VEVENT for the series plus one override in every calendar, and the
article page, its structured data and its links say the same."""

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import assert_refused, build, write_content

from . import fixtures
from .test_bad_input import article

pytestmark = pytest.mark.site

RIGA = ZoneInfo("Europe/Riga")

# The varied fixture site's weekly market, with one session moved as well.
MARKET_LV = fixtures.MARKET_LV.replace(
    "event_exceptions: [2026-12-26]\n",
    "event_exceptions: [2026-12-26]\nevent_moves: [{from: 2026-12-19, to: 2026-12-23T10:00/2026-12-23T16:00}]\n",
)
MARKET_EN = fixtures.MARKET_EN
assert "event_moves" in MARKET_LV

LEAN_LV = """
---
title: LEAN semināri
date: 2026-11-01
event_dates: [2026-11-20, 2026-12-02, 2026-12-09T10:00/2026-12-09T14:00]
---

Trīs semināri.
"""

PAGE = {"lv": "2026/preilos-katru-sestdienu-notiek-tirgus/", "en": "en/2026/a-market-in-preili-every-saturday/"}
UID = "article-articles-2026-tirgus-{lang}@lpr.gov.lv"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("recurring")
    write_content(
        base / "content",
        {
            "articles/2026/tirgus.lv.md": MARKET_LV,
            "articles/2026/tirgus.en.md": MARKET_EN,
            "articles/2026/lean.lv.md": LEAN_LV,
        },
    )
    built = build(base / "content", base / "output")
    assert built.code == 0, built.log
    return built


def _market_vevents(site, rel):
    cal = Calendar.from_ical(site.read(rel))
    return [v for v in cal.walk("VEVENT") if "tirgus" in str(v["UID"])]


@pytest.mark.parametrize(
    "rel, lang",
    [
        ("feeds/events.ics", "lv"),
        ("en/feeds/events.ics", "en"),
        ("feeds/municipality-preili.ics", "lv"),
        (PAGE["lv"] + "event.ics", "lv"),
        (PAGE["en"] + "event.ics", "en"),
    ],
)
def test_every_calendar_has_one_series_and_one_override(site, rel, lang):
    master, moved = _market_vevents(site, rel)
    assert str(master["UID"]) == str(moved["UID"]) == UID.format(lang=lang)
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20271030T205959Z;BYDAY=SA"
    assert master["DTSTART"].dt == dt.datetime(2026, 5, 2, 8, tzinfo=RIGA)
    assert [d.dt for d in master["EXDATE"].dts] == [dt.datetime(2026, 12, 26, 8, tzinfo=RIGA)]
    assert moved["RECURRENCE-ID"].dt == dt.datetime(2026, 12, 19, 8, tzinfo=RIGA)
    assert moved["DTSTART"].dt == dt.datetime(2026, 12, 23, 10, tzinfo=RIGA)


def test_the_calendars_read_back_as_the_pages_show(site):
    from tests.unit.test_recurring_events import expand_calendar

    found = expand_calendar(site.read("feeds/events.ics").encode(), dt.datetime(2028, 1, 1))
    market = sorted(start for uid, start, _end in found if "tirgus" in uid)
    assert len(market) == 78
    assert dt.datetime(2026, 12, 23, 10, tzinfo=RIGA) in market
    assert dt.datetime(2026, 12, 19, 8, tzinfo=RIGA) not in market
    assert dt.datetime(2026, 12, 26, 8, tzinfo=RIGA) not in market


@pytest.mark.parametrize("rel", ["feeds/events.ics", "en/feeds/events.ics", PAGE["lv"] + "event.ics"])
def test_recurring_ical_events_and_vobject_read_the_built_calendars(site, rel):
    """Two independent readers of the published files: the series is intact, with its exception and its move."""
    import recurring_ical_events
    import vobject

    text = site.read(rel)
    sessions = [
        e
        for e in recurring_ical_events.of(Calendar.from_ical(text)).between((2026, 1, 1), (2028, 1, 1))
        if "tirgus" in str(e["UID"])
    ]
    starts = sorted(e["DTSTART"].dt for e in sessions)
    assert len(starts) == 78 and len(set(starts)) == 78
    assert dt.datetime(2026, 12, 23, 10, tzinfo=RIGA) in starts
    assert dt.datetime(2026, 12, 19, 8, tzinfo=RIGA) not in starts
    assert dt.datetime(2026, 12, 26, 8, tzinfo=RIGA) not in starts
    assert {e["DTEND"].dt - e["DTSTART"].dt for e in sessions} == {dt.timedelta(hours=5), dt.timedelta(hours=6)}

    parsed = vobject.readOne(text)
    market = [v for v in parsed.vevent_list if "tirgus" in v.uid.value]
    master = next(v for v in market if not hasattr(v, "recurrence_id"))
    rule_starts = list(master.getrruleset(addRDate=True))
    assert len(rule_starts) == 78 and dt.datetime(2026, 12, 26, 8, tzinfo=RIGA) not in rule_starts
    (moved,) = [v for v in market if hasattr(v, "recurrence_id")]
    assert moved.recurrence_id.value == dt.datetime(2026, 12, 19, 8, tzinfo=RIGA)


def test_several_dates_stay_sessions_with_a_series_link(site):
    cal = Calendar.from_ical(site.read("feeds/events.ics"))
    lean = [v for v in cal.walk("VEVENT") if "lean" in str(v["UID"])]
    assert len(lean) == 3 and all("RELATED-TO" in v for v in lean)
    assert str(lean[1]["RELATED-TO"]) == str(lean[0]["UID"])


def test_the_month_calendar_shows_the_moved_session_not_the_cancelled_one(site):
    december = site.html("kalendars/2026/12/index.html")

    def titles(day):
        return [a.text() for a in december.css(f"#d-{day} .day-events a")]

    assert titles("2026-12-12") and titles("2026-12-23")
    assert not titles("2026-12-19") and not titles("2026-12-26")


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_page_structured_data_and_google_link(site, lang):
    doc = site.html(PAGE[lang] + "index.html")
    box = doc.css_first(".event-box").text()
    assert (
        ("26." in box and "23." in box) if lang == "lv" else ("26 December 2026" in box and "23 December 2026" in box)
    )
    blocks = [json.loads(s.text()) for s in doc.css('script[type="application/ld+json"]')]
    (event,) = [b for b in blocks if b.get("@type") == "Event"]
    assert event["startDate"] == "2026-11-28T08:00:00+02:00"  # the next session after the build date
    assert "subEvent" in event and len(event["subEvent"]) == 1
    schedule = event["eventSchedule"]
    assert schedule["repeatFrequency"] == "P1W" and schedule["byDay"] == ["https://schema.org/Saturday"]
    assert schedule["endDate"] == "2027-10-30" and len(schedule["exceptDate"]) == 2
    (google,) = [
        a.attributes["href"] for a in doc.css(".event-actions a") if "calendar.google.com" in a.attributes["href"]
    ]
    assert parse_qs(urlsplit(google).query)["recur"] == ["RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20271030T205959Z"]


def test_an_event_with_several_dates_offers_a_google_link_per_session(site):
    doc = site.html("2026/lean-seminari/index.html")
    links = doc.css(".event-sessions a")
    assert len(links) == 2  # 20 November is past on the build date
    assert all("calendar.google.com" in a.attributes["href"] for a in links)
    assert not [a for a in doc.css(".event-actions a") if "calendar.google.com" in a.attributes["href"]]


BAD = {
    "exception-not-a-session": (
        "event_exceptions: [2026-12-25]",
        "event_exceptions",
        "nearest sessions are 2026-12-19T08:00 and 2026-12-26T08:00",
    ),
    "move-not-a-session": ("event_moves: [{from: 2026-12-20, to: 2026-12-21}]", "event_moves", "not a session"),
    "move-without-to": ("event_moves: [{from: 2026-12-19}]", "event_moves", "{from: 2026-12-26, to: 2026-12-27}"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_session_the_rule_does_not_have_is_refused(make_site, case):
    line, key, text = BAD[case]
    front = (
        "title: T\ndate: 2026-04-20\nevent_dates: [2026-05-02T08:00/2026-05-02T13:00]\n"
        f"event_recurrence: FREQ=WEEKLY;BYDAY=SA\n{line}"
    )
    assert_refused(make_site({"articles/a.lv.md": article(front)}), "articles/a.lv.md:6", key, text)


def test_exceptions_need_a_rule(make_site):
    front = "title: T\ndate: 2026-04-20\nevent_dates: [2026-05-02]\nevent_exceptions: [2026-05-09]"
    assert_refused(
        make_site({"articles/a.lv.md": article(front)}),
        "articles/a.lv.md",
        "event_recurrence",
        "'event_exceptions' is set but 'event_recurrence' is missing",
    )
