"""Municipalities' history as dated changes: the checks of data/municipalities.yaml, the chain of
merges, names on a given day, and the shipped data for every Latvian municipality."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from contentmodel.diagnostics import Report
from contentmodel.frontmatter import load_data_file
from funding.municipalities import MunicipalityIndex, validate_municipalities

LANGS = ["lv", "en", "ltg"]
LAW_2020 = "Administratīvo teritoriju un apdzīvoto vietu likums (10.06.2020.)"
HEAD = """
madona:
  name: {lv: Madonas novads, en: Madona Municipality}
  region: vidzeme
varaklani:
  name: {lv: Varakļānu novads, en: Varakļāni Municipality}
  region: vidzeme
  history:
    - {date: 2025-07-01, change: merged_into, into: madona, source: "Grozījumi ... (13.06.2024.)"}
preili:
  name: {lv: Preiļu novads, en: Preiļi Municipality}
  region: latgale
"""


def _check(extra: str, head: str = HEAD):
    """Validate HEAD + ``extra`` read like the build reads the file (with the line of every key)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "municipalities.yaml"
        path.write_text(head + extra, "utf-8")
        report = Report()
        data = load_data_file(path, "data/municipalities.yaml", report)
        assert not report.errors, report.errors
    municipalities, problems = validate_municipalities(data, LANGS, "lv")
    return municipalities, [p for p in problems if p.severity == "error"]


def _one_error(extra: str, key: str, *words: str) -> None:
    _, errors = _check(extra)
    assert [p.key for p in errors] == [key], [p.format() for p in errors]
    text = errors[0].format()
    assert text.startswith("data/municipalities.yaml:"), text
    for word in words:
        assert word in text, text


def test_history_entries_and_the_shorthand_validate():
    municipalities, errors = _check(f"""
aglona:
  name: {{lv: Aglonas novads}}
  until: 2021-06-30
  merged_into: preili
murmastiene:
  name: {{lv: Murmastienes novads}}
  history:
    - {{date: 2021-07-01, change: merged_into, into: varaklani, source: "{LAW_2020}"}}
""")
    assert errors == []
    aglona = municipalities["aglona"]
    assert aglona.ceased == dt.date(2021, 7, 1) and aglona.until == dt.date(2021, 6, 30)
    assert aglona.merged_into == "preili"


def test_unknown_successor_names_the_key_and_a_guess():
    _one_error(f"""
aglona:
  name: {{lv: Aglonas novads}}
  history:
    - {{date: 2021-07-01, change: merged_into, into: preilli, source: "{LAW_2020}"}}
""", "aglona.history.1.into", "unknown municipality 'preilli'", "did you mean 'preili'")


def test_successor_gone_before_the_date_points_to_the_one_existing_then():
    _one_error("""
rugaji:
  name: {lv: Rugāju novads}
  history:
    - {date: 2025-09-01, change: merged_into, into: varaklani, source: "a law"}
""", "rugaji.history.1.into", "'varaklani' no longer existed on 2025-09-01", "into: madona")


def test_successor_not_yet_established():
    _one_error(f"""
augsdaugava:
  name: {{lv: Augšdaugavas novads}}
  history:
    - {{date: 2021-07-01, change: established, source: "{LAW_2020}"}}
ilukste:
  name: {{lv: Ilūkstes novads}}
  history:
    - {{date: 2019-01-01, change: merged_into, into: augsdaugava, source: "{LAW_2020}"}}
""", "ilukste.history.1.into", "did not exist yet on 2019-01-01")


def test_dates_out_of_order():
    _one_error(f"""
riga:
  name: {{lv: Rīgas valstspilsēta}}
  kind: valstspilsēta
  history:
    - {{date: 2021-07-01, change: renamed, from: Rīgas republikas pilsēta, source: "{LAW_2020}"}}
    - {{date: 2009-07-01, change: renamed, from: Rīgas pilsēta, source: "{LAW_2020}"}}
""", "riga.history.2.date", "listed after one on 2021-07-01", "oldest first")


def test_missing_source():
    _one_error("""
aglona:
  name: {lv: Aglonas novads}
  history:
    - {date: 2021-07-01, change: merged_into, into: preili}
""", "aglona.history.1.source", "names no source", "legal act")


@pytest.mark.parametrize("entry, key, words", [
    ("{change: merged_into, into: preili, source: x}", "aglona.history.1.date", ("no date",)),
    ("{date: 2021-13-01, change: merged_into, into: preili, source: x}", "aglona.history.1.date", ("not a date",)),
    ("{date: 2021-07-01, change: split, source: x}", "aglona.history.1.change", ("'split' is not one of",)),
    ("{date: 2021-07-01, change: merged_into, source: x}", "aglona.history.1.into", ("into which",)),
    ("{date: 2021-07-01, change: renamed, source: x}", "aglona.history.1.from", ("name before",)),
])
def test_each_broken_entry_is_named(entry, key, words):
    _one_error(f"""
aglona:
  name: {{lv: Aglonas novads}}
  history:
    - {entry}
""", key, *words)


def test_shorthand_and_history_together_or_half_a_shorthand():
    _one_error(f"""
aglona:
  name: {{lv: Aglonas novads}}
  until: 2021-06-30
  merged_into: preili
  history:
    - {{date: 2021-07-01, change: merged_into, into: preili, source: "{LAW_2020}"}}
""", "aglona.until", "both describe the merge")
    _one_error("""
aglona:
  name: {lv: Aglonas novads}
  merged_into: preili
""", "aglona.until", "no until")


def test_a_merge_back_into_itself_is_refused():
    _, errors = _check("""
a:
  name: {lv: A}
  history: [{date: 2021-07-01, change: merged_into, into: b, source: x}]
b:
  name: {lv: B}
  history: [{date: 2022-07-01, change: merged_into, into: a, source: x}]
""")
    assert errors and all("a.history" in p.key or "b.history" in p.key for p in errors)


def test_the_chain_resolves_to_the_municipality_of_today():
    municipalities, errors = _check(f"""
murmastiene:
  name: {{lv: Murmastienes novads}}
  history:
    - {{date: 2021-07-01, change: merged_into, into: varaklani, source: "{LAW_2020}"}}
""")
    assert errors == []
    index = MunicipalityIndex(municipalities)
    assert index.current("murmastiene").key == "madona"
    assert index.current("murmastiene", dt.date(2024, 1, 1)).key == "varaklani"
    assert index.current("murmastiene", dt.date(2020, 1, 1)).key == "murmastiene"
    assert [m.key for m in index.parts_of("madona")] == ["varaklani", "murmastiene"]
    then = index.on("murmastiene", dt.date(2023, 5, 1))
    assert not then.exists and then.successor.key == "varaklani"
    assert index.on("murmastiene", dt.date(2026, 1, 1)).successor.key == "madona"
    assert index.on("varaklani", dt.date(2025, 6, 30)).exists


def test_a_renamed_municipality_keeps_its_old_name_on_older_days():
    municipalities, errors = _check(f"""
riga:
  name: {{lv: Rīgas valstspilsēta, en: Riga State City}}
  kind: valstspilsēta
  history:
    - {{date: 2021-07-01, change: renamed, from: {{lv: Rīgas republikas pilsēta, en: Riga Republic City}},
       from_kind: republikas pilsēta, source: "{LAW_2020}"}}
""")
    assert errors == []
    index = MunicipalityIndex(municipalities)
    old = index.on("riga", dt.date(2020, 5, 1))
    assert old.exists and old.name["lv"] == "Rīgas republikas pilsēta" and old.kind == "republikas pilsēta"
    assert index.on("riga", dt.date(2021, 7, 1)).name["en"] == "Riga State City"
    assert index.resolve("Rīgas republikas pilsēta").key == "riga"
