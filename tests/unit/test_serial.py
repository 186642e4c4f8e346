"""The cache codec: what goes in comes back equal and of the same types; nothing else comes back at all."""

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentmodel import serial
from contentmodel.diagnostics import WARNING, Problem
from contentmodel.documents import Document, read_document
from contentmodel.markup import BodyFacts, Converter
from contentmodel.serial import CONTENT, READ_RESULT, SerialError
from contentmodel.validate import Published
from events.model import Event, Occurrence
from events.parse import parse_event_dates

RIGA = ZoneInfo("Europe/Riga")


def same(a, b) -> bool:
    """Equal, and equal in every detail (types, time zones, folds)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dt.datetime):
        return (
            a == b
            and a.replace(tzinfo=None) == b.replace(tzinfo=None)
            and a.fold == b.fold
            and repr(a.tzinfo) == repr(b.tzinfo)
            and a.tzname() == b.tzname()
        )
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, set):
        return a == b and all(any(same(x, y) for y in b) for x in a)
    return a == b or (a != a and b != b)


def round_trip(value, shape=serial.ANY):
    return CONTENT.loads(CONTENT.dumps(value), shape)


def test_every_field_of_the_stored_classes_has_a_declared_shape():
    for cls, shapes in serial.CONTENT_TYPES.items():
        names = {f.name for f in dataclasses.fields(cls)}
        assert set(shapes) == names, cls.__name__


def test_a_read_document_with_events_and_problems_round_trips(tmp_path):
    path = tmp_path / "articles/2018/x.lv.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        "---\ntitle: Sēde\ndate: 2018-05-03 10:00\ntags: [a, b]\nbudget_note: x\n"
        "event_dates: [2018-05-15, 2018-10-28T03:30/2018-10-28T04:00, 2018-06-12/2018-06-13]\n"
        "attachments: [{file: files/a.pdf, title: Plāns}]\n---\n\n# Virsraksts\n\n![](images/a.jpg) "
        "[saite]({filename}../y.lv.md)\n",
        "utf-8",
    )
    result = read_document(tmp_path, "articles/2018/x.lv.md", ("lv", "en"), "lv", Converter())
    doc, problems = result
    assert doc is not None and problems
    assert isinstance(doc.values["date"], Published) and isinstance(doc.values["event_dates"][0], Occurrence)
    assert same(round_trip(result, READ_RESULT), result)


def test_dates_times_and_zones_keep_their_kind():
    values = [
        dt.date(2018, 5, 15),
        dt.datetime(2018, 5, 15, 10, 0),
        dt.datetime(2018, 10, 28, 3, 30, tzinfo=RIGA, fold=1),  # the repeated hour
        dt.datetime(2018, 5, 15, 10, 0, 0, 123, tzinfo=dt.UTC),
        dt.datetime(2018, 5, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30))),
        dt.datetime(2018, 5, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2), "EET")),
        parse_event_dates(["2018-05-15T10:00Z", "2018-06-12/2018-06-13"]),
    ]
    for value in values:
        assert same(round_trip(value), value), value


def test_containers_keep_their_kind():
    value = {"list": [1, 2.0, True, None], "tuple": ("a", ("b",)), "set": {"x", "y"}, "empty": {}, "nested": [{}]}
    assert same(round_trip(value), value)


def test_events_problems_and_published_round_trip():
    occurrence = Occurrence(dt.datetime(2024, 5, 8, 10, tzinfo=RIGA), dt.datetime(2024, 5, 10, 16, tzinfo=RIGA))
    values = [
        Event("k", "lv", "Tirgus", "https://x/", (occurrence,), projects=("LLI-59",)),
        Problem("a.md", None, "", "bad", severity=WARNING),
        Published(dt.datetime(2019, 12, 10, tzinfo=RIGA), False),
    ]
    for value in values:
        assert same(round_trip(value), value)


@pytest.mark.parametrize(
    "value",
    [
        object(),
        Path("x"),
        {1: "a"},
        b"bytes",
        frozenset(),
        dt.time(10),
        dt.datetime(2020, 1, 1, tzinfo=ZoneInfo.no_cache("Europe/Riga")),
        type("str2", (str,), {})("x"),
    ],
)
def test_values_outside_the_allowlist_are_refused_when_written(value):
    with pytest.raises(SerialError):
        CONTENT.dumps(value)


def test_a_field_of_the_wrong_type_is_refused_when_written():
    facts = BodyFacts(images_without_alt=("a tuple, not a list",))
    with pytest.raises(SerialError):
        CONTENT.dumps(facts)


def _document_data() -> dict:
    doc = Document("article", "articles/a.md", "lv", "a", {"title": "T"}, "<p>x</p>", BodyFacts())
    return json.loads(CONTENT.dumps(doc))


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update({"$": "subprocess.Popen"}),  # an unknown tag
        lambda d: d.update({"$": "Path"}),  # a class that is not allowed
        lambda d: d["f"].pop("body_html"),  # a missing field
        lambda d: d["f"].update({"extra": 1}),  # a field it does not have
        lambda d: d["f"].update({"body_html": 7}),  # a wrong type
        lambda d: d["f"].update({"inherited": ["a list"]}),  # a list for a tuple
        lambda d: d["f"]["facts"]["f"].update({"typed_notice": 1}),  # a wrong type deeper down
        lambda d: d["f"]["values"].update({"v": {"title": {"$": "date", "v": "yesterday"}}}),
        lambda d: d["f"]["values"].update(
            {"v": {"d": {"$": "datetime", "v": "2020-01-01T00:00", "fold": 0, "tz": {"zone": "../../etc/passwd"}}}}
        ),
        lambda d: d["f"]["values"].update(
            {"v": {"d": {"$": "datetime", "v": "2020-01-01T00:00+02:00", "fold": 0, "tz": None}}}
        ),
        lambda d: d["f"]["values"].update({"v": {"s": {"$": "set", "v": [[1]]}}}),  # unhashable
        lambda d: d["f"]["values"].update({"$": "tuple"}),  # a tuple with a dict's keys
    ],
)
def test_anything_but_what_was_written_is_refused_when_read(change):
    data = _document_data()
    change(data)
    with pytest.raises(SerialError):
        CONTENT.loads(json.dumps(data), Document)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[1, 2",
        "null",
        '"text"',
        "\x00",
        "[" * 100_000,
        "1" * 10_000,
        json.dumps({"$": "tuple", "v": []}),
        "NaN",
    ],
)
def test_broken_or_foreign_text_is_refused_as_a_read_result(text):
    with pytest.raises(SerialError):
        CONTENT.loads(text, READ_RESULT)


def test_deep_nesting_is_refused_both_ways():
    deep = []
    for _ in range(serial.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(SerialError):
        CONTENT.dumps(deep)
    with pytest.raises(SerialError):
        CONTENT.loads(json.dumps(deep))


# ---------------------------------------------------------------- property: any Document round-trips

text = st.text(max_size=20)
zones = st.sampled_from([RIGA, dt.UTC, dt.timezone(dt.timedelta(hours=3)), ZoneInfo("UTC")])
datetimes = st.datetimes(timezones=zones)
points = st.one_of(st.dates(), datetimes)
occurrences = st.tuples(points, points).filter(lambda p: type(p[0]) is type(p[1])).map(lambda p: Occurrence(*p))
scalars = st.one_of(
    text,
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
    datetimes,
    st.builds(Published, datetimes, st.booleans()),
)
values = st.recursive(
    st.one_of(scalars, occurrences),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(text, inner, max_size=3),
        st.sets(text, max_size=3),
    ),
    max_leaves=12,
)
facts = st.builds(
    BodyFacts,
    text,
    st.lists(text, max_size=3),
    st.lists(text, max_size=3),
    st.lists(text, max_size=3),
    st.none() | text,
)
documents = st.builds(
    Document,
    kind=text,
    path=text,
    lang=text,
    stem=text,
    values=st.dictionaries(text, values, max_size=5),
    body_html=st.text(alphabet=st.characters(), max_size=200),
    facts=facts,
    key_lines=st.dictionaries(text, st.integers(), max_size=3),
    group=text,
    inherited=st.lists(text, max_size=3).map(tuple),
    url_path=text,
    slug=text,
)
problems = st.lists(
    st.builds(
        Problem, text, st.none() | st.integers(min_value=1), text, text, text, st.sampled_from(["error", "warning"])
    ),
    max_size=3,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.none() | documents, problems))
def test_any_read_result_round_trips_exactly(result):
    assert same(round_trip(result, READ_RESULT), result)


@settings(max_examples=100, deadline=None)
@given(documents)
def test_a_round_trip_survives_the_cache_files_encoding(doc):
    text = CONTENT.dumps(doc)
    on_disk = text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
    assert same(CONTENT.loads(on_disk, Document), doc)
