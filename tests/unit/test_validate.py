import datetime as dt

import pytest

from contentmodel import schema
from contentmodel.validate import coerce


def _coerce(raw, kind=schema.ARTICLE):
    return coerce(kind, raw, path="articles/x.lv.md", key_lines={k: i + 2 for i, k in enumerate(raw)})


def test_article_values_are_typed():
    values, problems = _coerce(
        {
            "title": "Seminārs",
            "date": "2019-12-10 14:30",
            "project": "LLI-59",
            "tags": "LEAN, pieredze",
            "event_dates": ["2018-05-15", "2018-06-12/2018-06-13"],
        }
    )
    assert problems == []
    assert values["date"].value == dt.datetime(2019, 12, 10, 14, 30, tzinfo=values["date"].value.tzinfo)
    assert str(values["date"].value.tzinfo) == "Europe/Riga"
    assert values["date"].has_time
    assert values["projects"] == ("LLI-59",)
    assert values["tags"] == ("LEAN", "pieredze")
    assert len(values["event_dates"]) == 2


@pytest.mark.parametrize(
    "raw, key, needle, hint",
    [
        ({"date": "10.12.2019."}, "date", "is not a date", "2019-12-10"),
        ({"date": "2019-02-30"}, "date", "not a real date", "YYYY-MM-DD"),
        ({"titel": "x"}, "titel", "unknown key", "did you mean 'title'"),
        ({"slug": "Mans Raksts"}, "slug", "not a URL slug", "mans-raksts"),
        ({"title": ["a", "b"]}, "title", "must be text", ""),
        ({"event_dates": ["2018-06-13/2018-06-12"]}, "event_dates", "before", ""),
        ({"event_status": "maybe"}, "event_status", "maybe", "cancelled"),
        ({"event_recurrence": "FREQ=SOMETIMES"}, "event_recurrence", "", "FREQ=WEEKLY"),
        ({"attachments": [{"title": "no file"}]}, "attachments", "needs a file", "files/"),
    ],
)
def test_bad_values_name_key_and_fix(raw, key, needle, hint):
    _values, problems = _coerce(raw)
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.key == key
    assert needle in p.message
    assert hint in p.hint
    assert p.line == 2


def test_project_money_and_url():
    values, problems = _coerce(
        {
            "code": "LLI-59",
            "budget": "30 000,50",
            "eu_funding": 25000,
            "website": "https://latlit.eu",
            "start": "2017-09-01",
        },
        schema.PROJECT,
    )
    assert problems == []
    assert values["budget"] == 30000.5
    assert values["start"] == dt.date(2017, 9, 1)
    _values, problems = _coerce({"website": "latlit.eu", "budget": "daudz"}, schema.PROJECT)
    assert {p.key for p in problems} == {"website", "budget"}


def test_empty_value_counts_as_absent():
    values, problems = _coerce({"summary": "", "tags": []})
    assert values == {} and problems == []


def test_schema_is_consistent():
    for kind, fields in schema.FIELDS.items():
        names = [f.name for f in fields]
        assert len(names) == len(set(names)), kind
        for f in fields:
            assert f.meaning["lv"] and f.meaning["en"], (kind, f.name)
            for other in f.requires:
                assert other in names, (kind, f.name, other)
    # the contract's keys
    article = {f.name for f in schema.ARTICLE_FIELDS}
    assert {
        "title",
        "date",
        "modified",
        "slug",
        "summary",
        "projects",
        "municipalities",
        "tags",
        "category",
        "author",
        "image",
        "image_alt",
        "image_credit",
        "attachments",
        "event_dates",
        "event_location",
        "translation",
    } <= article
    project = {f.name for f in schema.PROJECT_FIELDS}
    assert {
        "code",
        "title",
        "short_title",
        "programme",
        "beneficiary",
        "start",
        "end",
        "budget",
        "eu_funding",
        "partners",
        "municipalities",
        "website",
    } <= project


@pytest.mark.parametrize(
    "key, value, text",
    [
        ("event_exceptions", ["2026-12-26/2026-12-27"], "is an interval"),
        ("event_exceptions", ["26.12.2026"], "is not a date"),
        ("event_moves", ["2026-12-19"], "is not a move"),
        ("event_moves", [{"from": "2026-12-19", "to": "2026-12-23", "note": "x"}], "is not a move"),
        ("event_moves", [{"from": "2026-12-19", "to": "2026-12-24/2026-12-23"}], "before the start"),
    ],
)
def test_cancelled_and_moved_sessions_are_read_strictly(key, value, text):
    _values, problems = coerce("article", {key: value}, path="a.lv.md", key_lines={key: 5})
    (problem,) = problems
    assert problem.key == key and text in problem.message and problem.hint
