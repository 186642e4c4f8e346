"""Repeating events and events with several dates in calendars, structured data and links.

Every calendar written here is read back by an expansion independent of
ours (icalendar's parser with dateutil, as calendar apps read RRULE, EXDATE
and RECURRENCE-ID), and by ``recurring_ical_events`` and ``vobject`` where
they are installed.
"""

import datetime as dt
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from events.ical import build_calendar
from events.jsonld import event_jsonld
from events.links import google_calendar_links
from events.model import Event, Occurrence
from events.recurrence import NotASession, expand, ical_rule, rest_of_series, series, session_starts

RIGA = ZoneInfo("Europe/Riga")
UTC = dt.UTC
STAMP = dt.datetime(2026, 12, 1, tzinfo=UTC)
MARKET = Occurrence(dt.datetime(2026, 5, 2, 8, tzinfo=RIGA), dt.datetime(2026, 5, 2, 13, tzinfo=RIGA))
RULE = "FREQ=WEEKLY;BYDAY=SA;UNTIL=20271030T235959"
HORIZON = dt.date(2028, 12, 31)


CHRISTMAS_MARKET = Occurrence(dt.datetime(2026, 12, 23, 10, tzinfo=RIGA), dt.datetime(2026, 12, 23, 16, tzinfo=RIGA))


def _market(
    exceptions=(dt.date(2026, 12, 26),),
    moves=((dt.date(2026, 12, 19), CHRISTMAS_MARKET),),
    first=MARKET,
    rule=RULE,
    key="article-2026-tirgus",
):
    recurrence, sessions = series(first, rule, HORIZON, exceptions=exceptions, moves=moves)
    return Event(
        key, "lv", "Tirgus", "https://lpr.gov.lv/2026/tirgus/", sessions, location="Preiļi", recurrence=recurrence
    )


def _calendar(events):
    return build_calendar(
        events,
        name="Latgales ziņas",
        lang="lv",
        uid_domain="lpr.gov.lv",
        prodid="-//lpr.gov.lv//Latgales ziņas//LV",
        stamp=STAMP,
    )


def _vevents(data):
    return Calendar.from_ical(data).walk("VEVENT")


def _instant(value):
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time(0))


def expand_calendar(data, end):
    """(UID, start, end) of every instance up to ``end``, read as RFC 5545 says (not with our code)."""
    out = set()
    overrides = {}
    for ve in _vevents(data):
        if "RECURRENCE-ID" in ve:
            overrides[(str(ve["UID"]), _key(ve["RECURRENCE-ID"].dt))] = ve
    for ve in _vevents(data):
        if "RECURRENCE-ID" in ve:
            continue
        start = ve["DTSTART"].dt
        length = (ve["DTEND"].dt - start) if "DTEND" in ve else dt.timedelta(0)
        if "RRULE" not in ve:
            out.add((str(ve["UID"]), start, start + length))
            continue
        rule = _rfc_instances(ve["RRULE"].to_ical().decode(), _instant(start))
        excluded = set()
        for prop in (
            ve.get("EXDATE", []) if isinstance(ve.get("EXDATE"), list) else [ve.get("EXDATE")] * ("EXDATE" in ve)
        ):
            excluded |= {_key(d.dt) for d in prop.dts}
        for when in rule:
            if _instant(when).replace(tzinfo=None) > end:
                break
            original = when if isinstance(start, dt.datetime) else when.date()
            if _key(original) in excluded:
                continue
            moved = overrides.get((str(ve["UID"]), _key(original)))
            if moved is not None:
                new = moved["DTSTART"].dt
                out.add((str(ve["UID"]), new, moved["DTEND"].dt if "DTEND" in moved else new))
            else:
                out.add((str(ve["UID"]), original, original + length))
    return out


def _rfc_instances(text, start):
    """RFC 5545 section 3.3.10: DTSTART is always the first instance and COUNT counts it."""
    parts = dict(p.split("=", 1) for p in text.split(";"))
    count = int(parts.pop("COUNT")) if "COUNT" in parts else None
    rule = rrulestr(";".join(f"{k}={v}" for k, v in parts.items()), dtstart=start)
    for n, when in enumerate(_with_start(start, rule)):
        if count is not None and n >= count:
            return
        yield when


def _with_start(start, rule):
    yield start
    for when in rule:
        if when != start:
            yield when


def _key(value):
    return value.astimezone(UTC) if isinstance(value, dt.datetime) else value


def _ours(event):
    """The same instances from our own expansion (DTEND exclusive for all-day sessions)."""
    day = dt.timedelta(days=1)
    return {(o.start, o.end + day if o.all_day else o.end) for o in event.occurrences}


def test_a_weekly_market_is_one_vevent_with_an_override():
    event = _market()
    vevents = _vevents(_calendar([event]))
    assert len(vevents) == 2
    master, moved = vevents
    assert str(master["UID"]) == str(moved["UID"]) == "article-2026-tirgus-lv@lpr.gov.lv"
    assert master["DTSTART"].dt == MARKET.start and master["DTEND"].dt == MARKET.end
    assert master["DTSTART"].params["TZID"] == "Europe/Riga"
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20271030T205959Z;BYDAY=SA"
    assert [d.dt for d in master["EXDATE"].dts] == [dt.datetime(2026, 12, 26, 8, tzinfo=RIGA)]
    assert master["EXDATE"].params["TZID"] == "Europe/Riga"
    assert moved["RECURRENCE-ID"].dt == dt.datetime(2026, 12, 19, 8, tzinfo=RIGA)
    assert moved["RECURRENCE-ID"].params["TZID"] == "Europe/Riga"
    assert moved["DTSTART"].dt == dt.datetime(2026, 12, 23, 10, tzinfo=RIGA)
    assert "RRULE" not in moved


def test_the_calendar_expands_to_the_sessions_the_pages_show():
    event = _market()
    found = {(s, e) for _uid, s, e in expand_calendar(_calendar([event]), dt.datetime(2029, 1, 1))}
    assert found == _ours(event)
    assert len(found) == 79 - 1  # 79 Saturdays: one cancelled, one held on a Wednesday
    assert (dt.datetime(2026, 12, 26, 8, tzinfo=RIGA), dt.datetime(2026, 12, 26, 13, tzinfo=RIGA)) not in found
    assert (dt.datetime(2026, 12, 23, 10, tzinfo=RIGA), dt.datetime(2026, 12, 23, 16, tzinfo=RIGA)) in found


def test_an_all_day_series_has_date_values_and_a_date_until():
    first = Occurrence(dt.date(2026, 5, 2), dt.date(2026, 5, 2))
    event = _market(
        first=first,
        rule="FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270301T120000Z",
        exceptions=(dt.date(2026, 8, 1),),
        moves=((dt.date(2026, 9, 5), Occurrence(dt.date(2026, 9, 6), dt.date(2026, 9, 6))),),
    )
    master, moved = _vevents(_calendar([event]))
    assert master["DTSTART"].dt == dt.date(2026, 5, 2) and master["DTEND"].dt == dt.date(2026, 5, 3)
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20270301;BYDAY=1SA"
    assert [d.dt for d in master["EXDATE"].dts] == [dt.date(2026, 8, 1)]
    assert moved["RECURRENCE-ID"].dt == dt.date(2026, 9, 5) and moved["DTSTART"].dt == dt.date(2026, 9, 6)
    assert {(s, e) for _u, s, e in expand_calendar(_calendar([event]), dt.datetime(2029, 1, 1))} == _ours(event)


def test_count_is_kept_and_an_open_rule_stays_open_in_the_calendar():
    counted = _market(rule="FREQ=WEEKLY;BYDAY=SA;COUNT=200", exceptions=(), moves=())
    assert len(counted.occurrences) < 200  # the pages stop at the horizon ...
    assert _vevents(_calendar([counted]))[0]["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=200;BYDAY=SA"  # ... not the rule
    open_rule = _market(rule="BYDAY=SA;INTERVAL=2;FREQ=WEEKLY", exceptions=(), moves=())
    text = _vevents(_calendar([open_rule]))[0]["RRULE"].to_ical()
    assert text.startswith(b"FREQ=WEEKLY") and b"UNTIL" not in text and b"COUNT" not in text


def test_a_cancelled_first_session_stays_dtstart_and_is_an_exdate():
    event = _market(exceptions=(dt.date(2026, 5, 2),), moves=())
    (master,) = _vevents(_calendar([event]))
    assert master["DTSTART"].dt == MARKET.start
    assert [d.dt for d in master["EXDATE"].dts] == [MARKET.start]
    assert event.occurrences[0].first_day == dt.date(2026, 5, 9)


def test_several_dates_are_sessions_linked_as_siblings():
    days = [Occurrence(dt.date(2018, 5, d), dt.date(2018, 5, d)) for d in (15, 16, 22)]
    event = Event("article-2018-lean", "lv", "LEAN", "https://lpr.gov.lv/2018/lean/", tuple(days))
    vevents = _vevents(_calendar([event]))
    uids = [str(v["UID"]) for v in vevents]
    assert uids == [f"article-2018-lean-lv-201805{d}@lpr.gov.lv" for d in (15, 16, 22)]

    def related(v):
        values = v["RELATED-TO"] if isinstance(v["RELATED-TO"], list) else [v["RELATED-TO"]]
        assert all(r.params["RELTYPE"] == "SIBLING" for r in values)
        return [str(r) for r in values]

    assert related(vevents[0]) == uids[1:]
    assert related(vevents[1]) == related(vevents[2]) == uids[:1]
    assert all("RRULE" not in v for v in vevents)
    single = Event("article-x", "lv", "X", "https://x/", tuple(days[:1]))
    assert "RELATED-TO" not in _vevents(_calendar([single]))[0]


def test_exceptions_and_moves_must_be_sessions_of_the_rule():
    with pytest.raises(NotASession) as caught:
        session_starts(MARKET, RULE, dt.date(2026, 12, 25))
    assert "2026-12-25 is not a session" in caught.value.problem
    assert "2026-12-19T08:00 and 2026-12-26T08:00" in caught.value.hint
    with pytest.raises(NotASession) as caught:
        series(MARKET, RULE, HORIZON, moves=((dt.date(2027, 11, 6), MARKET),))  # after UNTIL
    assert "2027-10-30T08:00" in caught.value.hint
    assert session_starts(MARKET, RULE, dt.datetime(2026, 5, 9, 8, tzinfo=RIGA)) == (
        dt.datetime(2026, 5, 9, 8, tzinfo=RIGA),
    )
    with pytest.raises(NotASession):
        session_starts(MARKET, RULE, dt.datetime(2026, 5, 9, 9, tzinfo=RIGA))


def test_a_move_without_an_end_keeps_the_sessions_length():
    to = Occurrence(dt.datetime(2026, 12, 23, 10, tzinfo=RIGA), dt.datetime(2026, 12, 23, 10, tzinfo=RIGA))
    event = _market(moves=((dt.date(2026, 12, 19), to),))
    assert event.recurrence.moves[0].session.end == dt.datetime(2026, 12, 23, 15, tzinfo=RIGA)


def test_until_in_utc_across_the_clock_change():
    winter = Occurrence(dt.datetime(2026, 1, 3, 8, tzinfo=RIGA), dt.datetime(2026, 1, 3, 9, tzinfo=RIGA))
    recurrence, _ = series(winter, "FREQ=DAILY;UNTIL=20260110", HORIZON)
    assert ical_rule(recurrence) == "FREQ=DAILY;UNTIL=20260110T215959Z"  # the end of 10 January in Riga
    summer = Occurrence(dt.datetime(2026, 7, 3, 8, tzinfo=RIGA), dt.datetime(2026, 7, 3, 9, tzinfo=RIGA))
    recurrence, _ = series(summer, "FREQ=DAILY;UNTIL=20260710T080000", HORIZON)
    assert ical_rule(recurrence) == "FREQ=DAILY;UNTIL=20260710T050000Z"


# ---------------------------------------------------------------- every rule, every exception

_RULES = st.one_of(
    st.builds(
        lambda days, interval: f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(days)}",
        st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), min_size=1, max_size=3, unique=True),
        st.integers(1, 3),
    ),
    st.builds(lambda day: f"FREQ=MONTHLY;BYMONTHDAY={day}", st.integers(1, 28)),
    st.builds(
        lambda pos, day: f"FREQ=MONTHLY;BYDAY={pos}{day}",
        st.sampled_from(["1", "2", "-1"]),
        st.sampled_from(["SA", "SU", "WE"]),
    ),
)


@settings(max_examples=40, deadline=None)
@given(
    rule=_RULES,
    end=st.one_of(
        st.integers(1, 40).map(lambda n: f"COUNT={n}"),
        st.dates(dt.date(2026, 6, 1), dt.date(2027, 12, 31)).map(lambda d: f"UNTIL={d:%Y%m%d}"),
    ),
    timed=st.booleans(),
    picks=st.lists(st.integers(0, 60), max_size=4),
    move=st.integers(0, 60),
    data=st.data(),
)
def test_the_calendar_says_what_the_pages_show(rule, end, timed, picks, move, data):
    _the_calendar_says_what_the_pages_show(
        rule, end, timed, picks, move, data.draw(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    )


def test_a_session_on_the_horizons_last_evening_is_in_both():
    """The 37th session of "the last Sunday of every month" from 1 January 2026 is 31 December 2028 at 18:00."""
    _the_calendar_says_what_the_pages_show("FREQ=MONTHLY;BYDAY=-1SU", "COUNT=37", True, [], 0, dt.date(2026, 1, 1))


def _the_calendar_says_what_the_pages_show(rule, end, timed, picks, move, first_day):
    first = (
        Occurrence(dt.datetime.combine(first_day, dt.time(18), RIGA), dt.datetime.combine(first_day, dt.time(20), RIGA))
        if timed
        else Occurrence(first_day, first_day)
    )
    text = f"{rule};{end}"
    sessions = expand(first, text, HORIZON)
    cancelled = tuple({sessions[i % len(sessions)].first_day for i in picks})
    moves = ()
    candidate = sessions[move % len(sessions)]
    if len(sessions) > 1 and candidate.first_day not in cancelled:
        shift = dt.timedelta(hours=1) if timed else dt.timedelta(days=0)
        to = Occurrence(candidate.start + shift, candidate.end + shift) if timed else candidate
        moves = ((candidate.first_day, to),)
    recurrence, shown = series(first, text, HORIZON, exceptions=cancelled, moves=moves)
    event = Event("article-p", "lv", "P", "https://x/", shown or (first,), recurrence=recurrence)
    # Our pages list sessions that start on or before HORIZON in Riga: read the calendar up to the end of
    # that day, 23:59:59 in Riga, which is 21:59:59 UTC in winter (``expand_calendar`` compares UTC times).
    found = {(s, e) for _u, s, e in expand_calendar(_calendar([event]), dt.datetime(2028, 12, 31, 21, 59, 59))}
    assert found == (_ours(event) if shown else set())


# ---------------------------------------------------------------- other readers


def test_recurring_ical_events_reads_the_series():
    import recurring_ical_events

    event = _market()
    cal = Calendar.from_ical(_calendar([event]))
    found = {
        (e["DTSTART"].dt, e["DTEND"].dt) for e in recurring_ical_events.of(cal).between((2026, 1, 1), (2029, 1, 1))
    }
    assert found == _ours(event)


def test_vobject_reads_the_series():
    import vobject

    event = _market()
    parsed = vobject.readOne(_calendar([event]).decode())
    master = next(v for v in parsed.vevent_list if not hasattr(v, "recurrence_id"))
    starts = set(master.getrruleset(addRDate=True))
    assert dt.datetime(2026, 12, 26, 8, tzinfo=RIGA) not in starts
    assert len(starts) == 78


# ---------------------------------------------------------------- structured data and links


def test_jsonld_is_the_next_session_with_the_schedule():
    data = event_jsonld(
        _market(), organizer_name="LPR", organizer_url="https://lpr.gov.lv/", today=dt.date(2026, 12, 20)
    )
    assert data["startDate"] == "2026-12-23T10:00:00+02:00"  # the moved session is the next one
    assert data["endDate"] == "2026-12-23T16:00:00+02:00"
    schedule = data["eventSchedule"]
    assert schedule == {
        "@type": "Schedule",
        "startDate": "2026-05-02",
        "endDate": "2027-10-30",
        "repeatFrequency": "P1W",
        "byDay": ["https://schema.org/Saturday"],
        "startTime": "08:00:00",
        "endTime": "13:00:00",
        "duration": "PT5H",
        "scheduleTimezone": "Europe/Riga",
        "exceptDate": ["2026-12-19T08:00:00+02:00", "2026-12-26T08:00:00+02:00"],
    }
    (moved,) = data["subEvent"]
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved["previousStartDate"] == "2026-12-19T08:00:00+02:00"
    monthly = _market(
        first=Occurrence(dt.date(2026, 5, 2), dt.date(2026, 5, 2)),
        rule="FREQ=MONTHLY;INTERVAL=2;BYDAY=1SA;COUNT=6",
        exceptions=(),
        moves=(),
    )
    schedule = event_jsonld(monthly, organizer_name="L", organizer_url="https://l/")["eventSchedule"]
    assert schedule["repeatFrequency"] == "P2M" and schedule["byDay"] == ["1SA"] and schedule["repeatCount"] == 6
    assert "startTime" not in schedule and "endDate" not in schedule


def test_google_link_of_a_series_starts_at_the_next_session_held_and_carries_the_rule():
    ((session, url),) = google_calendar_links(_market(), dt.date(2026, 12, 24))
    assert session.start == dt.datetime(2027, 1, 2, 8, tzinfo=RIGA)  # 26 December is cancelled
    query = parse_qs(urlsplit(url).query)
    assert query["recur"] == ["RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20271030T205959Z"]
    assert query["dates"] == ["20270102T060000Z/20270102T110000Z"]
    counted = _market(rule="FREQ=WEEKLY;BYDAY=SA;COUNT=10", exceptions=(), moves=())
    session, rule = rest_of_series(counted.recurrence, dt.date(2026, 5, 20))
    assert session.first_day == dt.date(2026, 5, 23) and rule == "FREQ=WEEKLY;BYDAY=SA;COUNT=7"


def test_google_links_for_several_dates_are_one_per_session_to_come():
    days = tuple(Occurrence(dt.date(2026, 12, d), dt.date(2026, 12, d)) for d in (1, 15, 16))
    event = Event("article-x", "lv", "X", "https://x/", days)
    links = google_calendar_links(event, dt.date(2026, 12, 10))
    assert [o.first_day.day for o, _ in links] == [15, 16]
    assert all("recur" not in parse_qs(urlsplit(u).query) for _, u in links)
    assert len(google_calendar_links(event, dt.date(2027, 1, 1))) == 3  # all past: every session
