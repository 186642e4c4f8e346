import datetime as dt

import pytest

from events.holidays_lv import public_holidays


@pytest.mark.parametrize(
    "day, lv, en",
    [
        (dt.date(2024, 11, 18), "Proklamēšanas", "Proclamation"),
        (dt.date(2024, 6, 24), "Jāņu diena", "Midsummer"),
        (dt.date(2024, 4, 1), "Otrās Lieldienas", "Easter Monday"),
        (dt.date(2024, 5, 4), "Neatkarības atjaunošanas", "Restoration of Independence"),
        (dt.date(2024, 12, 24), "Ziemassvētku vakars", "Christmas Eve"),
    ],
)
def test_known_days_off_with_names(day, lv, en):
    assert lv in public_holidays(day.year, "lv")[day]
    assert en in public_holidays(day.year, "en")[day]
    assert public_holidays(day.year, "ltg")[day] == public_holidays(day.year, "lv")[day]


def test_observances_that_are_working_days_are_absent():
    days = public_holidays(2024, "lv")
    assert dt.date(2024, 11, 11) not in days  # Lāčplēsis Day
    assert dt.date(2024, 3, 25) not in days  # remembrance of the 1949 deportations
    assert dt.date(2024, 11, 19) not in days


def test_moved_day_off_is_included():
    # 4 May 2024 was a Saturday, so Monday 6 May was a day off
    assert dt.date(2024, 5, 6) in public_holidays(2024, "lv")


def test_only_the_asked_year_and_in_date_order():
    days = public_holidays(2026, "en")
    assert days and all(day.year == 2026 for day in days)
    assert list(days) == sorted(days)


def test_english_names_write_dates_the_european_way():
    # 2 May 2025 was a day off moved from Saturday 10 May
    name = public_holidays(2025, "en")[dt.date(2025, 5, 2)]
    assert "10 May 2025" in name and "05/10/2025" not in name
    assert "10.05.2025" in public_holidays(2025, "lv")[dt.date(2025, 5, 2)]


def test_unknown_language_falls_back_to_latvian():
    assert public_holidays(2024, "xx")[dt.date(2024, 6, 24)] == public_holidays(2024, "lv")[dt.date(2024, 6, 24)]


def test_result_is_a_fresh_dict_each_time():
    first = public_holidays(2024, "lv")
    first.clear()
    assert public_holidays(2024, "lv")


def test_english_names_are_spelt_the_british_way():
    import datetime as _dt

    from events.holidays_lv import public_holidays as _public

    may_day = _public(2026, "en")[_dt.date(2026, 5, 1)]
    assert "Labour" in may_day and "Labor " not in may_day + " "
