import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from events.model import Occurrence
from events.recurrence import RecurrenceError, expand, validate_rrule

RIGA = ZoneInfo("Europe/Riga")


def _at(*args):
    return dt.datetime(*args, tzinfo=RIGA)


MARKET = Occurrence(_at(2026, 10, 17, 8), _at(2026, 10, 17, 13))  # a Saturday


def test_weekly_market_keeps_8_oclock_across_the_october_change():
    sessions = expand(MARKET, "FREQ=WEEKLY;BYDAY=SA", dt.date(2026, 11, 10))
    assert [s.start.date() for s in sessions] == [
        dt.date(2026, 10, 17),
        dt.date(2026, 10, 24),
        dt.date(2026, 10, 31),
        dt.date(2026, 11, 7),
    ]
    assert [(s.start.hour, s.start.minute) for s in sessions] == [(8, 0)] * 4
    assert [(s.end.hour, s.end.minute) for s in sessions] == [(13, 0)] * 4
    assert [s.start.utcoffset() for s in sessions] == [dt.timedelta(hours=3)] * 2 + [dt.timedelta(hours=2)] * 2
    assert all(s.start.tzinfo == RIGA for s in sessions)


def test_march_change_and_a_time_in_the_gap():
    spring = Occurrence(_at(2026, 3, 21, 8), _at(2026, 3, 21, 9))
    sessions = expand(spring, "FREQ=WEEKLY", dt.date(2026, 4, 4))  # clocks change on 29 March
    assert [(s.start.day, s.start.hour, s.start.utcoffset()) for s in sessions] == [
        (21, 8, dt.timedelta(hours=2)),
        (28, 8, dt.timedelta(hours=2)),
        (4, 8, dt.timedelta(hours=3)),
    ]
    # 03:30 does not exist on 29 March 2026; RFC 5545 reads it with the offset before the gap
    night = Occurrence(_at(2026, 3, 22, 3, 30), _at(2026, 3, 22, 4, 15))
    moved = expand(night, "FREQ=WEEKLY;COUNT=2", dt.date(2027, 1, 1))[1]
    assert (moved.start.hour, moved.start.minute) == (4, 30)
    assert moved.end - moved.start == dt.timedelta(minutes=45)


def test_count_includes_the_first_session():
    sessions = expand(MARKET, "RRULE:FREQ=WEEKLY;COUNT=3", dt.date(2100, 1, 1))
    assert len(sessions) == 3 and sessions[0] == MARKET
    assert sessions[-1].start == _at(2026, 10, 31, 8)


@pytest.mark.parametrize(
    "until, last",
    [
        ("20261031", dt.date(2026, 10, 31)),  # a date includes that day
        ("20261031T060000Z", dt.date(2026, 10, 31)),  # 08:00 in Riga, in UTC as RFC 5545 asks
        ("20261031T075959", dt.date(2026, 10, 24)),  # Riga time, just before the session
    ],
)
def test_until(until, last):
    sessions = expand(MARKET, f"FREQ=WEEKLY;UNTIL={until}", dt.date(2100, 1, 1))
    assert sessions[-1].start.date() == last


def test_horizon_and_max_count_bound_an_endless_rule():
    sessions = expand(MARKET, "FREQ=WEEKLY", dt.date(2027, 1, 1))
    assert sessions[-1].start.date() == dt.date(2026, 12, 26)
    assert all(s.first_day <= dt.date(2027, 1, 1) for s in sessions)
    assert len(expand(MARKET, "FREQ=DAILY", dt.date(2100, 1, 1), max_count=50)) == 50
    assert len(expand(MARKET, "FREQ=DAILY", dt.date(9999, 12, 31))) == 500
    assert len(expand(MARKET, "FREQ=WEEKLY;COUNT=10", dt.date(2100, 1, 1), max_count=4)) == 4


def test_all_day_sessions_keep_their_length():
    fair = Occurrence(dt.date(2024, 5, 31), dt.date(2024, 6, 1))
    sessions = expand(fair, "FREQ=MONTHLY;BYDAY=-1FR", dt.date(2024, 8, 31))
    assert sessions == (
        fair,
        Occurrence(dt.date(2024, 6, 28), dt.date(2024, 6, 29)),
        Occurrence(dt.date(2024, 7, 26), dt.date(2024, 7, 27)),
        Occurrence(dt.date(2024, 8, 30), dt.date(2024, 8, 31)),
    )


def test_first_session_is_kept_when_off_the_rule_or_beyond_the_horizon():
    friday = Occurrence(_at(2026, 10, 16, 8), _at(2026, 10, 16, 9))
    sessions = expand(friday, "FREQ=WEEKLY;BYDAY=SA", dt.date(2026, 10, 25))
    assert [s.start.day for s in sessions] == [16, 17, 24]
    assert expand(MARKET, "FREQ=WEEKLY", dt.date(2020, 1, 1)) == (MARKET,)


def test_a_rule_that_never_matches_ends_quickly():
    first = Occurrence(dt.date(2024, 1, 31), dt.date(2024, 1, 31))
    started = time.monotonic()
    assert expand(first, "FREQ=MONTHLY;BYMONTH=2", dt.date(2030, 1, 1)) == (first,)  # 31 February
    assert time.monotonic() - started < 3


def test_expand_refuses_an_invalid_rule():
    with pytest.raises(RecurrenceError, match="FREQ"):
        expand(MARKET, "BYDAY=SA", dt.date(2027, 1, 1))


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;BYDAY=SA",
        "RRULE:FREQ=WEEKLY;BYDAY=SA",
        "rrule:freq=weekly;byday=sa",
        "FREQ=MONTHLY;BYDAY=1SA",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20271031",
        "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=23",
        "FREQ=DAILY;COUNT=5",
        "FREQ=MONTHLY;BYDAY=SA;BYSETPOS=-1",
        "FREQ=WEEKLY;UNTIL=20271031T210000Z",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    ],
)
def test_valid_rules(rule):
    assert validate_rrule(rule) is None


@pytest.mark.parametrize(
    "rule, words",
    [
        ("FREQ=SOMETIMES", "SOMETIMES"),
        ("BYDAY=SA", "FREQ is missing"),
        ("", "empty"),
        ("FREQ=WEEKLY;BYDAY=SATURDAY", "SATURDAY"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20271031", "not both"),
        ("FREQ=WEEKLY;COUNT=0", "COUNT"),
        ("FREQ=WEEKLY;INTERVAL=two", "INTERVAL"),
        ("FREQ=WEEKLY;UNTIL=20271331", "not a real date"),
        ("FREQ=WEEKLY;UNTIL=31.10.2027", "UNTIL"),
        ("FREQ=WEEKLY;FREQ=DAILY", "twice"),
        ("FREQ=WEEKLY;EVERY=SA", "EVERY"),
        ("FREQ=WEEKLY;BYDAY", "NAME=VALUE"),
        ("FREQ=WEEKLY;BYDAY=1SA", "position"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
        ("FREQ=DAILY;BYHOUR=24", "BYHOUR"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "WEEKLY"),
        ("FREQ=MONTHLY;BYWEEKNO=5", "BYWEEKNO"),
        ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never matches"),
        ("FREQ=WEEKLY\nEXDATE:20261024", "single line"),
    ],
)
def test_invalid_rules_are_explained(rule, words):
    problem = validate_rrule(rule)
    assert problem is not None
    assert words in problem
    assert "repetition rule" in problem
