import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from events.calendar import CalendarDay, events_by_day, month_grid, months_to_publish, next_month, previous_month
from events.model import Event, Occurrence

RIGA = ZoneInfo("Europe/Riga")


def _in_month(weeks):
    return [day.date for week in weeks for day in week if day.in_month]


# (year, month, weekday of the 1st: 0 = Monday ... 6 = Sunday)
@pytest.mark.parametrize(
    "year, month, weekday",
    [
        (2024, 1, 0),
        (2024, 10, 1),
        (2025, 1, 2),
        (2024, 8, 3),
        (2024, 11, 4),
        (2024, 6, 5),
        (2024, 9, 6),
    ],
)
def test_month_starting_on_each_weekday(year, month, weekday):
    weeks = month_grid(year, month)
    first = dt.date(year, month, 1)
    assert first.weekday() == weekday  # the case really is the weekday it claims
    assert all(len(week) == 7 for week in weeks)
    assert all(week[0].date.weekday() == 0 and week[6].date.weekday() == 6 for week in weeks)
    assert weeks[0][weekday] == CalendarDay(first, True)
    # the cells before the 1st belong to the previous month and are marked so
    assert [d.in_month for d in weeks[0][:weekday]] == [False] * weekday
    assert all(d.date < first for d in weeks[0][:weekday])
    # the cells are consecutive days
    cells = [d.date for week in weeks for d in week]
    assert all(b - a == dt.timedelta(days=1) for a, b in itertools.pairwise(cells))


@pytest.mark.parametrize("year, days", [(2024, 29), (2023, 28), (2000, 29), (1900, 28)])
def test_february_in_leap_and_common_years(year, days):
    dates = _in_month(month_grid(year, 2))
    assert len(dates) == days
    assert dates[-1] == dt.date(year, 2, days)


def test_four_five_and_six_week_months():
    assert len(month_grid(2021, 2)) == 4  # 28 days starting on a Monday
    assert len(month_grid(2024, 5)) == 5
    assert len(month_grid(2024, 9)) == 6  # 30 days starting on a Sunday
    assert len(month_grid(2025, 3)) == 6  # 31 days starting on a Saturday
    six = month_grid(2024, 9)
    assert six[-1][0].date == dt.date(2024, 9, 30) and six[-1][0].in_month
    assert [d.date for d in six[-1][1:]] == [dt.date(2024, 10, n) for n in range(1, 7)]
    assert not any(d.in_month for d in six[-1][1:])


def test_december_to_january_wrap():
    assert next_month(2024, 12) == (2025, 1)
    assert previous_month(2025, 1) == (2024, 12)
    assert next_month(2024, 5) == (2024, 6) and previous_month(2024, 5) == (2024, 4)
    december = month_grid(2024, 12)
    tail = [d for d in december[-1] if not d.in_month]
    assert [d.date for d in tail] == [dt.date(2025, 1, n) for n in range(1, 6)]
    january = month_grid(2025, 1)
    head = [d for d in january[0] if not d.in_month]
    assert [d.date for d in head] == [dt.date(2024, 12, 30), dt.date(2024, 12, 31)]


def test_invalid_month_is_refused():
    for bad in (0, 13):
        with pytest.raises(ValueError):
            month_grid(2024, bad)
        with pytest.raises(ValueError):
            next_month(2024, bad)


def test_months_to_publish_keeps_event_months_and_the_year_ahead():
    today = dt.date(2026, 11, 23)
    days = [dt.date(2018, 5, 15), dt.date(2018, 5, 16), dt.date(2026, 12, 1), dt.date(2030, 2, 1)]
    months = months_to_publish(days, today, 12)
    assert months == sorted(set(months))
    assert months[0] == (2018, 5) and months[-1] == (2030, 2)
    assert months.count((2018, 5)) == 1
    assert [m for m in months if (2026, 11) <= m <= (2027, 11)] == (
        [(2026, 11), (2026, 12)] + [(2027, n) for n in range(1, 12)]
    )
    assert (2027, 12) not in months
    assert months_to_publish([], today, 0) == [(2026, 11)]
    assert months_to_publish([], dt.date(2024, 12, 5), 1) == [(2024, 12), (2025, 1)]
    with pytest.raises(ValueError):
        months_to_publish([], today, -1)


def _timed(day, start, end):
    return Occurrence(dt.datetime.combine(day, start, tzinfo=RIGA), dt.datetime.combine(day, end, tzinfo=RIGA))


def test_multi_day_event_is_on_every_day():
    market = Event("fair", "lv", "Gadatirgus", "u", (Occurrence(dt.date(2018, 5, 30), dt.date(2018, 6, 2)),))
    by_day = events_by_day([market])
    assert list(by_day) == [dt.date(2018, 5, 30), dt.date(2018, 5, 31), dt.date(2018, 6, 1), dt.date(2018, 6, 2)]
    assert all(events == [market] for events in by_day.values())


def test_day_order_is_start_time_then_title_whatever_the_input_order():
    day = dt.date(2024, 5, 8)
    late = Event("a", "lv", "Agrā", "u", (_timed(day, dt.time(14), dt.time(15)),))
    early_b = Event("b", "lv", "Bišu diena", "u", (_timed(day, dt.time(9), dt.time(10)),))
    early_a = Event("c", "lv", "Ābeļu diena", "u", (_timed(day, dt.time(9), dt.time(12)),))
    all_day = Event("d", "lv", "Zaļā diena", "u", (Occurrence(day, day),))
    expected = [all_day, early_a, early_b, late]
    assert events_by_day([late, early_b, early_a, all_day])[day] == expected
    assert events_by_day([all_day, late, early_a, early_b])[day] == expected


def test_continuing_event_comes_first_and_sessions_count_once():
    day = dt.date(2024, 5, 9)
    overnight = Event(
        "n",
        "lv",
        "Zvaigžņu nakts",
        "u",
        (Occurrence(dt.datetime(2024, 5, 8, 20, tzinfo=RIGA), dt.datetime(2024, 5, 9, 2, tzinfo=RIGA)),),
    )
    twice = Event(
        "t", "lv", "Apmācības", "u", (_timed(day, dt.time(15), dt.time(16)), _timed(day, dt.time(8), dt.time(9)))
    )
    by_day = events_by_day([twice, overnight])
    assert by_day[day] == [overnight, twice]  # under way since yesterday, then 08:00
    assert by_day[dt.date(2024, 5, 8)] == [overnight]


def test_session_ending_at_midnight_does_not_spill_into_the_next_day():
    party = Event(
        "p",
        "lv",
        "Balle",
        "u",
        (Occurrence(dt.datetime(2024, 5, 8, 20, tzinfo=RIGA), dt.datetime(2024, 5, 9, 0, tzinfo=RIGA)),),
    )
    assert list(events_by_day([party])) == [dt.date(2024, 5, 8)]
