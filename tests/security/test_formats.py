"""Output formats that cannot be turned against their readers.

* Open-data CSV: no text cell can start a spreadsheet formula.
* JSON: never NaN or Infinity; money is a finite, non-negative amount.
* One-line values (titles, locations, names, tags ...) refuse every control
  character, named in the error; long text keeps only its line breaks.
* iCalendar: no value can start a line; every line ends with CRLF.
* Event dates stay within the years 1900 to 2200.

Unit tests for the writers and the coercers, and two fixture sites built by
real Pelican: one with hostile but allowed values (the files it writes are
checked), one where every file has one refused value (the build must fail,
naming each file, key and character, and write nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from contentmodel import schema
from contentmodel.config import ConfigError, SiteConfig
from contentmodel.frontmatter import normalise, split
from contentmodel.safety import CSV_FORMULA_STARTS
from contentmodel.validate import coerce
from discovery.opendata import SCHEMAS, to_csv, to_json
from events.ical import build_calendar, escape_text, ical_text
from events.model import Event, Occurrence
from events.parse import EventDateError, parse_event_dates
from events.recurrence import expand, validate_rrule
from multisite.render import _json_ld
from tests.conftest import ROOT, build, write_content
from tests.sites.fixtures import PROJECT_LV

RIGA = ZoneInfo("Europe/Riga")
STAMP = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)

HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(A1)"
MINUS = "-2+3"
FORMULAS = (HYPERLINK, DDE, AT_SUM, MINUS, "\tTAB", "\rCR")

# (YAML double-quoted escape, the name the error must give)
CONTROLS = [
    ("\\r", "U+000D CARRIAGE RETURN"),
    ("\\n", "U+000A LINE FEED"),
    ("\\u2028", "U+2028 LINE SEPARATOR"),
    ("\\u2029", "U+2029 PARAGRAPH SEPARATOR"),
    ("\\0", "U+0000 NULL"),
    ("\\x85", "U+0085"),
    ("\\x9b", "U+009B"),
    ("\\e", "U+001B"),
    ("\\t", "U+0009 TAB"),
    ("\\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
]
CONTROL_IDS = [name.split(" ", 1)[0] for _esc, name in CONTROLS]

# (YAML value of budget, text the error must contain)
BAD_MONEY = [
    (".inf", "not an amount in euros"),
    (".nan", "not an amount in euros"),
    ("-.inf", "not an amount in euros"),
    (".NaN", "not an amount in euros"),
    ("1e400", "not an amount in euros"),
    ("1.0e+400", "not an amount in euros"),
    ("inf", "not an amount in euros"),
    ('"Infinity"', "not an amount in euros"),
    ("-5", "must not be negative"),
    ("-0.5", "must not be negative"),
    ("1" + "0" * 400, "not an amount in euros"),
]
MONEY_IDS = [
    "inf",
    "nan",
    "minus-inf",
    "NaN",
    "1e400",
    "1.0e+400",
    "inf-text",
    "Infinity",
    "minus-5",
    "minus-half",
    "400-digits",
]


def strict_json(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity (as browsers' JSON.parse does)."""

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def article(front: str, body: str = "Teksts.") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}\n"


def _coerce_yaml(front: str, kind=schema.ARTICLE):
    """Front matter written as an editor would, through the real YAML loader and the coercers."""
    source = split(normalise(f"---\n{front}\n---\n"))
    return coerce(kind, source.meta, path="x.lv.md", key_lines=source.key_lines)


def _ics_lines(data: bytes) -> list[bytes]:
    """The lines of an .ics file; fails unless every line ends with CRLF and has no other CR or LF."""
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line and b"\n" not in line, line
        text = line.decode("utf-8")
        assert not any(ch in text for ch in "\x85\u2028\u2029\x0b\x0c"), line
    return lines


def _unescape(value: str) -> str:
    """RFC 5545 TEXT unescaping, left to right (for properties the library leaves escaped)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


# ----------------------------------------------------------------------------- CSV


def _record(kind: str, values) -> dict:
    """A record of ``kind`` whose every field holds the next of ``values`` (lists for the list fields)."""
    values = iter(values)
    record = {}
    for field in SCHEMAS[kind]:
        value = next(values)
        record[field] = [value, "b"] if field in ("projects", "municipalities", "tags", "translations") else value
    return record


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_csv_text_cells_never_start_a_formula(kind):
    n = len(SCHEMAS[kind])
    records = [_record(kind, (FORMULAS[(i + shift) % len(FORMULAS)] for i in range(n))) for shift in range(6)]
    rows = list(csv.reader(io.StringIO(to_csv(kind, records), newline="")))
    assert rows[0] == list(SCHEMAS[kind])
    assert len(rows) == 1 + len(records)
    for row in rows[1:]:
        assert len(row) == n
        for cell in row:
            assert cell and not cell.startswith(CSV_FORMULA_STARTS), (kind, cell)
            assert cell.startswith("'")  # every cell held a formula: each is quoted, none dropped
    # The text itself is kept after the quote.
    assert rows[1][0] == "'" + FORMULAS[0]
    assert set(FORMULAS) <= {cell[1:] for row in rows[1:] for cell in row}


def test_csv_numbers_stay_numbers_and_safe_text_is_unchanged():
    record = {
        "code": "LLI-59",
        "title": "Praktisku mācību cikls",
        "short_title": "a=b",
        "budget_eur": 250000.0,
        "eu_funding_eur": 212500.5,
        "municipalities": ["preili", "ludza"],
        "beneficiary": "Reģions - LPR",
    }
    rows = list(csv.reader(io.StringIO(to_csv("projects", [record]), newline="")))
    cells = dict(zip(rows[0], rows[1]))
    assert float(cells["budget_eur"]) == 250000 and float(cells["eu_funding_eur"]) == 212500.5
    assert cells["title"] == "Praktisku mācību cikls" and cells["short_title"] == "a=b"
    assert cells["beneficiary"] == "Reģions - LPR" and cells["municipalities"] == "preili; ludza"
    assert cells["end"] == ""


# ----------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_json_writers_refuse_nan_and_infinity(number):
    record = {"code": "X-1", "budget_eur": number}
    with pytest.raises(ValueError):
        to_json(
            "projects",
            [record],
            license_name="CC BY 4.0",
            license_url="https://x",
            source="https://x",
            generated="2026-11-23",
        )
    with pytest.raises(ValueError):
        _json_ld({"@type": "Event", "offers": {"price": number}})
    fine = to_json(
        "projects",
        [{"code": "X-1", "budget_eur": 250000.0}],
        license_name="CC BY 4.0",
        license_url="https://x",
        source="https://x",
        generated="2026-11-23",
    )
    assert strict_json(fine)["records"][0]["budget_eur"] == 250000.0


@pytest.mark.parametrize("value, text", BAD_MONEY, ids=MONEY_IDS)
def test_money_must_be_finite_and_not_negative(value, text):
    for key in ("budget", "eu_funding"):
        values, problems = _coerce_yaml(f"code: X-1\n{key}: {value}", schema.PROJECT)
        assert key not in values
        [problem] = problems
        assert problem.key == key and problem.line == 3
        assert text in problem.message
        assert "write digits only, e.g. 30000 or 30000.50" in problem.hint


@pytest.mark.parametrize(
    "value, amount", [("-0", 0.0), ("-0.0", 0.0), ("0", 0.0), ('"30 000,50 €"', 30000.5), ("250000", 250000.0)]
)
def test_money_that_is_fine(value, amount):
    values, problems = _coerce_yaml(f"code: X-1\nbudget: {value}", schema.PROJECT)
    assert problems == []
    assert values["budget"] == amount and math.copysign(1, values["budget"]) == 1
    assert strict_json(json.dumps(values["budget"], allow_nan=False)) == amount


# ----------------------------------------------------------------------------- control characters


@pytest.mark.parametrize("escape, name", CONTROLS, ids=CONTROL_IDS)
def test_control_characters_refused_in_one_line_values(escape, name):
    article_keys = ("title", "event_location", "author", "image_alt", "image_credit", "category", "translation")
    for key in article_keys:
        _values, problems = _coerce_yaml(f'{key}: "Sanāksme{escape}Ludzā"')
        [problem] = problems
        assert problem.key == key and problem.line == 2
        assert name in problem.message and "one-line value" in problem.message
        assert "remove it" in problem.hint
    for front, key in ((f'tags: [LEAN, "a{escape}b"]', "tags"), (f'tags: "LEAN, a{escape}b"', "tags")):
        _values, problems = _coerce_yaml(front)
        [problem] = problems
        assert problem.key == key and name in problem.message and "item 2" in problem.message
    for key in ("title", "short_title", "beneficiary"):
        _values, problems = _coerce_yaml(f'code: X-1\n{key}: "x{escape}y"', schema.PROJECT)
        assert [(p.key, name in p.message) for p in problems] == [(key, True)]
    _values, problems = _coerce_yaml(f'code: X-1\npartners: ["Utenas rajona pašvaldība", "x{escape}y"]', schema.PROJECT)
    assert [(p.key, name in p.message) for p in problems] == [("partners", True)]


@pytest.mark.parametrize(
    "escape, name",
    [c for c in CONTROLS if c[0] != "\\n"],
    ids=[i for i, c in zip(CONTROL_IDS, CONTROLS) if c[0] != "\\n"],
)
def test_long_text_keeps_line_breaks_but_no_other_controls(escape, name):
    values, problems = _coerce_yaml('summary: "Pirmā rinda.\\nOtrā rinda."')
    assert problems == [] and values["summary"] == "Pirmā rinda.\nOtrā rinda."
    _values, problems = _coerce_yaml(f'summary: "Pirmā rinda.\\nOtrā{escape}rinda."')
    [problem] = problems
    assert problem.key == "summary" and name in problem.message


@pytest.mark.parametrize(
    "key, value, name",
    [
        ("site_name", "Latgales\rziņas", "U+000D CARRIAGE RETURN"),
        ("organisation", "Latgales\u2028reģions", "U+2028 LINE SEPARATOR"),
        ("name", "Latviešu\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("site_name", "Latgales\x85ziņas", "U+0085"),
        ("description", "Jaunumi\x00", "U+0000 NULL"),
    ],
)
def test_settings_names_refuse_control_characters(key, value, name):
    lang = {
        "code": "lv",
        "name": "Latviešu",
        "locale": "lv",
        "site_name": "Ziņas",
        "organisation": "Reģions",
        "description": "Pirmā rinda.\nOtrā rinda.",
    }
    settings_ = {"SITE_LANGUAGES": [lang], "SITE_ID_DOMAIN": "lpr.gov.lv"}
    assert SiteConfig.from_settings(settings_, build_date=dt.date(2026, 11, 23)).default.site_name == "Ziņas"
    with pytest.raises(ConfigError) as error:
        SiteConfig.from_settings(
            {**settings_, "SITE_LANGUAGES": [{**lang, key: value}]}, build_date=dt.date(2026, 11, 23)
        )
    message = str(error.value)
    assert f"SITE_LANGUAGES[0] (lv) '{key}'" in message and name in message and "pelicanconf.py" in message


# ----------------------------------------------------------------------------- iCalendar


def _event(
    title="Seminārs",
    location="Daugavpils",
    description="",
    url="https://lpr.gov.lv/2026/seminars/",
    projects=("LLI-59",),
    occurrences=None,
):
    occurrences = occurrences or (
        Occurrence(dt.datetime(2026, 12, 5, 10, tzinfo=RIGA), dt.datetime(2026, 12, 5, 12, tzinfo=RIGA)),
    )
    return Event(
        "article-2026-seminars",
        "lv",
        title,
        url,
        tuple(occurrences),
        location=location,
        description=description,
        projects=tuple(projects),
    )


def _calendar(events, name="Latgales ziņas", description=""):
    return build_calendar(
        events,
        name=name,
        lang="lv",
        uid_domain="lpr.gov.lv",
        stamp=STAMP,
        prodid="-//lpr.gov.lv//Latgales ziņas//LV",
        description=description,
    )


INJECTIONS = [
    "x\r\nATTENDEE:mailto:evil@example.org",
    "x\rATTENDEE:mailto:evil@example.org",
    "x\nATTENDEE:mailto:evil@example.org",
    "x\u2028ATTENDEE:mailto:evil@example.org",
    "x\x85ATTENDEE:mailto:evil@example.org",
    "x\u2029\x0b\x0cATTENDEE:mailto:evil@example.org",
]


@pytest.mark.parametrize("bad", INJECTIONS, ids=["crlf", "cr", "lf", "u2028", "nel", "u2029-vt-ff"])
def test_ical_values_cannot_inject_a_line(bad):
    event = _event(
        title=f"Seminārs {bad}",
        location=f"Ludza {bad}",
        description=f"Apraksts.\n\n{bad}",
        url=f"https://lpr.gov.lv/{bad}",
        projects=(f"LLI-59{bad}",),
    )
    data = _calendar([event], name=f"Ziņas {bad}", description=f"Kalendārs {bad}")
    lines = _ics_lines(data)
    assert not any(line.startswith(b"ATTENDEE") for line in lines)
    cal = Calendar.from_ical(data)
    [vevent] = cal.walk("VEVENT")
    assert "ATTENDEE" not in vevent
    assert str(vevent["SUMMARY"]) == ical_text(f"Seminārs {bad}")
    assert str(vevent["LOCATION"]) == ical_text(f"Ludza {bad}")
    assert "\n" not in str(vevent["SUMMARY"]) and "\n" not in str(vevent["LOCATION"])
    assert str(vevent["DESCRIPTION"]).startswith(ical_text(f"Apraksts.\n\n{bad}", multiline=True))
    assert str(vevent["URL"]).startswith("https://lpr.gov.lv/x%")
    assert [str(c) for c in vevent["CATEGORIES"].cats] == [ical_text(f"LLI-59{bad}")]
    assert _unescape(str(cal["X-WR-CALNAME"])) == ical_text(f"Ziņas {bad}")
    assert _unescape(str(cal["X-WR-CALDESC"])) == ical_text(f"Kalendārs {bad}", multiline=True)


def test_ical_keeps_allowed_punctuation_and_escapes_it():
    title = "Seminārs; Daugavpils, 2026 \\ C:\\Nauda \\n"
    data = _calendar(
        [
            _event(
                title=title, location="Saules iela 1, Daugavpils; 2. stāvs", description="Pirmā rinda;\nOtrā, rinda\\N."
            )
        ]
    )
    _ics_lines(data)
    assert b"SUMMARY:Semin\xc4\x81rs\\; Daugavpils\\, 2026 \\\\ C:\\\\Nauda \\\\n" in data
    [vevent] = Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["LOCATION"]) == "Saules iela 1, Daugavpils; 2. stāvs"
    assert str(vevent["DESCRIPTION"]).startswith("Pirmā rinda;\nOtrā, rinda\\N.\n\n")


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120) | st.text(
    alphabet=st.sampled_from(list("a;,\\nN :\r\n\x85\u2028\u2029\x00\x0b\u202eé")), max_size=60
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_ical_text_round_trips_and_never_breaks_a_line(text):
    single, multi = ical_text(text), ical_text(text, multiline=True)
    for cleaned in (single, multi):
        escaped = escape_text(cleaned)
        assert "\r" not in escaped and "\n" not in escaped
    data = _calendar([_event(title=text, location=text or "x", description=text, url="")], name=text)
    _ics_lines(data)
    cal = Calendar.from_ical(data)
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == single
    assert str(vevent["LOCATION"]) == ical_text(text or "x")
    assert str(vevent["DESCRIPTION"]) == ical_text(text.strip(), multiline=True)
    assert _unescape(str(cal["X-WR-CALNAME"])) == single


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31",
        "0001-01-01",
        "1899-12-31",
        "2201-01-01",
        "9999-12-31T23:00-02:00",
        "0001-01-01T00:30+05:00",
        "2026-05-01/9999-12-31",
        dt.date(9999, 12, 31),
        dt.datetime(1, 1, 1, 0, 30),
    ],
)
def test_event_dates_outside_1900_to_2200_are_refused(value):
    with pytest.raises(EventDateError) as error:
        parse_event_dates([value])
    assert "outside the years 1900 to 2200" in error.value.problem
    assert "1900 to 2200" in error.value.hint
    assert parse_event_dates(["1900-01-01", "2200-12-31"])


def test_repetition_stays_within_the_years():
    problem = validate_rrule("FREQ=WEEKLY;UNTIL=99991231T235959Z")
    assert problem and "outside the years 1900 to 2200" in problem
    assert "outside the years" in validate_rrule("FREQ=DAILY;UNTIL=00010101")
    assert validate_rrule("FREQ=WEEKLY;UNTIL=22001231") is None
    last = Occurrence(dt.date(2200, 12, 1), dt.date(2200, 12, 3))
    sessions = expand(last, "FREQ=DAILY", dt.date(9999, 12, 31))
    assert sessions[0] == last and max(s.last_day for s in sessions) <= dt.date(2201, 1, 3)
    assert all(s.first_day.year <= 2200 for s in sessions)
    data = _calendar([_event(occurrences=sessions)])
    _ics_lines(data)


# ----------------------------------------------------------------------------- fixture sites

HOSTILE_EVENT = article(
    f"""
title: 'Seminārs; Daugavpils, 2026 \\ piezīmes'
date: 2026-11-01
projects: [LLI-59]
municipalities: [preili]
author: "{DDE}"
tags: ["{AT_SUM}", "{MINUS}"]
event_dates: [2026-12-05T10:00/2026-12-05T12:00]
event_location: '{HYPERLINK}'
summary: |
  Pirmā rinda; ar semikolu.
  Otrā rinda, ar komatu \\ un slīpsvītru.

  Trešā rinda.
""",
    "Pasākuma apraksts.\n\nOtrā rindkopa.",
)

FORMULA_ARTICLE = article(
    f"""
title: '{AT_SUM} un {MINUS}'
date: 2026-10-01
tags: ['{HYPERLINK}']
event_dates: [2026-12-10]
event_location: "{MINUS}"
""",
    "Pirmā rindkopa\nar divām rindām.\n\nOtrā rindkopa.",
)


def _hostile_project() -> str:
    text = PROJECT_LV.replace("title: Praktisku mācību cikls iestāžu sadarbībai", f"title: '{HYPERLINK}'")
    text = text.replace("short_title: Open Leadership", f'short_title: "{DDE}"')
    return text.replace("beneficiary: Latgales plānošanas reģions", f'beneficiary: "{AT_SUM}"')


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    municipalities = yaml.safe_load((ROOT / "content/data/municipalities.yaml").read_text("utf-8"))
    municipalities["preili"]["name"]["lv"] = HYPERLINK
    base = tmp_path_factory.mktemp("hostile")
    write_content(
        base / "content",
        {
            "projects/lli-59.lv.md": _hostile_project(),
            "articles/2026/seminars.lv.md": HOSTILE_EVENT,
            "articles/2026/formulas.lv.md": FORMULA_ARTICLE,
            "articles/2026/formulas.en.md": article(f'title: "{DDE}"'),
            "data/municipalities.yaml": yaml.safe_dump(municipalities, allow_unicode=True),
        },
    )
    built = build(base / "content", base / "output")
    assert built.code == 0, built.log
    return built


@pytest.mark.site
def test_site_csv_files_start_no_formula(hostile_site):
    files = sorted(hostile_site.output.rglob("*.csv"))
    assert {f.relative_to(hostile_site.output).as_posix() for f in files} >= {
        "dati/news.csv",
        "dati/events.csv",
        "dati/projects.csv",
        "en/data/news.csv",
        "en/data/projects.csv",
    }
    seen = set()
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text("utf-8"), newline="")):
            for cell in row:
                assert not cell.startswith(CSV_FORMULA_STARTS), (path, cell)
                seen.add(cell)
    for payload in (HYPERLINK, DDE, AT_SUM, MINUS, f"{AT_SUM}; {MINUS}", f"{AT_SUM} un {MINUS}"):
        assert "'" + payload in seen, payload
    projects = {row["code"]: row for row in csv.DictReader(io.StringIO(hostile_site.read("dati/projects.csv")))}
    assert projects["LLI-59"]["title"] == "'" + HYPERLINK and projects["LLI-59"]["short_title"] == "'" + DDE
    assert projects["LLI-59"]["beneficiary"] == "'" + AT_SUM
    assert float(projects["LLI-59"]["budget_eur"]) == 250000


@pytest.mark.site
def test_site_json_is_strict_json(hostile_site):
    files = sorted(hostile_site.output.rglob("*.json"))
    assert any(f.name == "projects.json" for f in files)
    for path in files:
        strict_json(path.read_text("utf-8"))
    data = strict_json(hostile_site.read("dati/projects.json"))
    [record] = data["records"]
    assert record["title"] == HYPERLINK and record["budget_eur"] == 250000
    blocks = 0
    for path in hostile_site.output.glob("2026/*/index.html"):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', path.read_text("utf-8"), re.S):
            strict_json(block)
            blocks += 1
    assert blocks >= 2


@pytest.mark.site
def test_site_ics_files_are_clean_crlf_and_round_trip(hostile_site):
    files = sorted(hostile_site.output.rglob("*.ics"))
    assert len(files) >= 4
    for path in files:
        data = path.read_bytes()
        _ics_lines(data)
        Calendar.from_ical(data)
    event_ics = [f for f in files if f.name == "event.ics" and "semin" in f.parent.name]
    [path] = [f for f in event_ics if not f.relative_to(hostile_site.output).as_posix().startswith(("en/", "ltg/"))]
    cal = Calendar.from_ical(path.read_bytes())
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Seminārs; Daugavpils, 2026 \\ piezīmes"
    assert _unescape(str(cal["X-WR-CALNAME"])) == "Seminārs; Daugavpils, 2026 \\ piezīmes"
    assert str(vevent["LOCATION"]) == HYPERLINK
    assert str(vevent["DESCRIPTION"]).startswith(  # the lines of a paragraph joined, as the page shows them
        "Pirmā rinda; ar semikolu. Otrā rinda, ar komatu \\ un slīpsvītru.\n\nTrešā rinda."
    )
    assert [str(c) for c in vevent["CATEGORIES"].cats] == ["LLI-59"]
    raw = path.read_bytes()
    assert b"DESCRIPTION:Pirm\xc4\x81 rinda\\; ar semikolu. Otr\xc4\x81 rinda\\, ar komatu \\\\ un" in raw.replace(
        b"\r\n ", b""
    )
    names = [_unescape(str(Calendar.from_ical(f.read_bytes())["X-WR-CALNAME"])) for f in files]
    assert any(name.endswith(": " + HYPERLINK) for name in names)


def _bad_files() -> dict[str, str]:
    files = {}
    for i, (escape, _name) in enumerate(CONTROLS):
        files[f"articles/t-{i}.lv.md"] = article(f'title: "Sanāksme{escape}Ludzā"\ndate: 2019-01-0{i % 9 + 1}')
        files[f"articles/l-{i}.lv.md"] = article(
            f'title: Vieta {i}\ndate: 2019-02-01\nevent_dates: [2019-03-01]\nevent_location: "Ludza{escape}iela 1"'
        )
    for i, (value, _text) in enumerate(BAD_MONEY):
        files[f"projects/m-{i}.lv.md"] = article(
            f"code: M-{i}\ntitle: Projekts {i}\nprogramme: rrf\nstart: 2020-01-01\nend: 2021-01-01\nbudget: {value}"
        )
    for i, dates in enumerate(
        ["[9999-12-31]", "[0001-01-01]", '["9999-12-31T23:00-02:00"]', "[2026-05-01/9999-12-31]"]
    ):
        files[f"articles/y-{i}.lv.md"] = article(f"title: Gads {i}\ndate: 2019-04-01\nevent_dates: {dates}")
    files["articles/r.lv.md"] = article(
        "title: Atkārtojas\ndate: 2019-04-01\nevent_dates: [2026-05-02]\n"
        "event_recurrence: FREQ=WEEKLY;UNTIL=99991231T235959Z"
    )
    return files


@pytest.fixture(scope="module")
def refused_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("refused")
    write_content(base / "content", _bad_files())
    return build(base / "content", base / "output")


def _message(log: str, where: str, key: str) -> str:
    """The error line for ``where`` (path:line) and ``key``, with its hint."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{where}: [{key}] error:"):
            hint = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith("    hint:") else ""
            return line + "\n" + hint
    raise AssertionError(f"no error for {where} [{key}] in:\n{log}")


@pytest.mark.site
def test_refused_site_fails_cleanly_and_writes_nothing(refused_site):
    assert refused_site.code == 1
    assert "Traceback" not in refused_site.log
    assert not (refused_site.output / "index.html").exists()
    assert not list(refused_site.output.rglob("*.ics")) and not list(refused_site.output.rglob("*.csv"))
    for i, (_escape, name) in enumerate(CONTROLS):
        for where, key in ((f"articles/t-{i}.lv.md:2", "title"), (f"articles/l-{i}.lv.md:5", "event_location")):
            message = _message(refused_site.log, where, key)
            assert name in message and "hint: remove it" in message
    for i, (_value, text) in enumerate(BAD_MONEY):
        message = _message(refused_site.log, f"projects/m-{i}.lv.md:7", "budget")
        assert text in message and "write digits only, e.g. 30000 or 30000.50" in message
    for i in range(4):
        message = _message(refused_site.log, f"articles/y-{i}.lv.md:4", "event_dates")
        assert "outside the years 1900 to 2200" in message
    assert "outside the years 1900 to 2200" in _message(refused_site.log, "articles/r.lv.md:5", "event_recurrence")
    # The log names characters; it never copies them raw.
    assert not any(ch in refused_site.log for ch in "\r\x00\x85\u2028\u2029\u202e\x1b")
