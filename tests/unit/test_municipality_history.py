"""Municipalities' history as dated changes: the checks of data/municipalities.yaml, the chain of
merges, names on a given day, and the shipped data for every Latvian municipality."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from contentmodel.diagnostics import Report
from contentmodel.frontmatter import load_data_file
from funding.municipalities import MunicipalityIndex, validate_municipalities
from tests.conftest import ROOT

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
    _one_error(
        f"""
aglona:
  name: {{lv: Aglonas novads}}
  history:
    - {{date: 2021-07-01, change: merged_into, into: preilli, source: "{LAW_2020}"}}
""",
        "aglona.history.1.into",
        "unknown municipality 'preilli'",
        "did you mean 'preili'",
    )


def test_successor_gone_before_the_date_points_to_the_one_existing_then():
    _one_error(
        """
rugaji:
  name: {lv: Rugāju novads}
  history:
    - {date: 2025-09-01, change: merged_into, into: varaklani, source: "a law"}
""",
        "rugaji.history.1.into",
        "'varaklani' no longer existed on 2025-09-01",
        "into: madona",
    )


def test_successor_not_yet_established():
    _one_error(
        f"""
augsdaugava:
  name: {{lv: Augšdaugavas novads}}
  history:
    - {{date: 2021-07-01, change: established, source: "{LAW_2020}"}}
ilukste:
  name: {{lv: Ilūkstes novads}}
  history:
    - {{date: 2019-01-01, change: merged_into, into: augsdaugava, source: "{LAW_2020}"}}
""",
        "ilukste.history.1.into",
        "did not exist yet on 2019-01-01",
    )


def test_dates_out_of_order():
    _one_error(
        f"""
riga:
  name: {{lv: Rīgas valstspilsēta}}
  kind: valstspilsēta
  history:
    - {{date: 2021-07-01, change: renamed, from: Rīgas republikas pilsēta, source: "{LAW_2020}"}}
    - {{date: 2009-07-01, change: renamed, from: Rīgas pilsēta, source: "{LAW_2020}"}}
""",
        "riga.history.2.date",
        "listed after one on 2021-07-01",
        "oldest first",
    )


def test_missing_source():
    _one_error(
        """
aglona:
  name: {lv: Aglonas novads}
  history:
    - {date: 2021-07-01, change: merged_into, into: preili}
""",
        "aglona.history.1.source",
        "names no source",
        "legal act",
    )


@pytest.mark.parametrize(
    "entry, key, words",
    [
        ("{change: merged_into, into: preili, source: x}", "aglona.history.1.date", ("no date",)),
        ("{date: 2021-13-01, change: merged_into, into: preili, source: x}", "aglona.history.1.date", ("not a date",)),
        ("{date: 2021-07-01, change: split, source: x}", "aglona.history.1.change", ("'split' is not one of",)),
        ("{date: 2021-07-01, change: merged_into, source: x}", "aglona.history.1.into", ("into which",)),
        ("{date: 2021-07-01, change: renamed, source: x}", "aglona.history.1.from", ("name before",)),
    ],
)
def test_each_broken_entry_is_named(entry, key, words):
    _one_error(
        f"""
aglona:
  name: {{lv: Aglonas novads}}
  history:
    - {entry}
""",
        key,
        *words,
    )


def test_shorthand_and_history_together_or_half_a_shorthand():
    _one_error(
        f"""
aglona:
  name: {{lv: Aglonas novads}}
  until: 2021-06-30
  merged_into: preili
  history:
    - {{date: 2021-07-01, change: merged_into, into: preili, source: "{LAW_2020}"}}
""",
        "aglona.until",
        "both describe the merge",
    )
    _one_error(
        """
aglona:
  name: {lv: Aglonas novads}
  merged_into: preili
""",
        "aglona.until",
        "no until",
    )


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


@pytest.fixture(scope="module")
def shipped():
    report = Report()
    data = load_data_file(ROOT / "content/data/municipalities.yaml", "data/municipalities.yaml", report)
    municipalities, problems = validate_municipalities(data, LANGS, "lv", fallbacks={"ltg": "lv"})
    assert not report.errors and [p for p in problems if p.severity == "error"] == []
    return MunicipalityIndex(municipalities)


def test_shipped_data_counts_the_reforms(shipped):
    before = [shipped.on(m.key, dt.date(2021, 6, 30)) for m in shipped.existing_on(dt.date(2021, 6, 30))]
    assert Counter(m.kind for m in before) == {"novads": 110, "republikas pilsēta": 9}
    after = Counter(m.kind for m in shipped.existing_on(dt.date(2021, 7, 1)))
    assert after == {"novads": 36, "valstspilsēta": 7}
    assert len(shipped.existing_on(dt.date(2025, 6, 30))) == 43
    assert len(shipped.existing_on(dt.date(2025, 7, 1))) == 42
    latgale = {m.key for m in shipped.existing_on(dt.date(2025, 7, 1)) if m.region == "latgale"}
    assert latgale == {
        "augsdaugava",
        "balvi",
        "daugavpils",
        "kraslava",
        "livani",
        "ludza",
        "preili",
        "rezekne",
        "rezekne-novads",
    }


def test_every_former_municipality_resolves_to_a_current_one(shipped):
    today = {m.key for m in shipped.existing_on(dt.date(2025, 7, 1))}
    formers = [m for m in shipped.all() if m.merged_into]
    assert len(formers) == 80  # 77 novadi and 2 republic cities in 2021, Varakļāni in 2025
    for m in formers:
        assert shipped.current(m.key).key in today, m.key
        assert m.history[-1].source, m.key
    assert shipped.current("varaklani").key == "madona"
    assert shipped.current("varaklani", dt.date(2025, 6, 30)).key == "varaklani"
    assert {m.key for m in shipped.former_of("preili")} == {"aglona", "riebini", "varkava"}
    assert {m.key for m in shipped.former_of("valmiera-novads")} == {
        "valmiera",
        "beverina",
        "burtnieki",
        "koceni",
        "mazsalaca",
        "naukseni",
        "rujiena",
        "strenci",
    }


def test_every_municipality_has_names_kind_and_region(shipped):
    for m in shipped.all():
        assert m.name.get("lv") and m.name.get("en") and m.short.get("lv") and m.genitive.get("lv"), m.key
        assert m.region, m.key
        assert m.name["en"].endswith("(until 2021)") == (m.ceased == dt.date(2021, 7, 1)), m.key
    names = Counter(n.casefold() for m in shipped.all() for n in m.name.values())
    assert [n for n, count in names.items() if count > 1] == []
    shorts = Counter(m.short["lv"].casefold() for m in shipped.all())
    assert [n for n, count in shorts.items() if count > 1] == []


def test_old_names_and_keys_still_resolve(shipped):
    assert shipped.resolve("Aglona").key == "aglona"
    assert shipped.resolve("Daugavpils").key == "daugavpils"
    assert shipped.resolve("daugavpils novads").key == "daugavpils-novads"
    assert shipped.resolve("Rēzeknes republikas pilsēta").key == "rezekne"
    assert shipped.on("rezekne", dt.date(2019, 1, 1)).name["lv"] == "Rēzeknes republikas pilsēta"
    assert shipped.resolve("Valmieras novads").key == "valmiera-novads"


def test_joined_by_must_agree_with_the_merge():
    _, errors = _check(
        f"""
aglona:
  name: {{lv: Aglonas novads}}
  history:
    - {{date: 2021-07-01, change: merged_into, into: preili, source: "{LAW_2020}"}}
""",
        head=HEAD.replace(
            "  region: latgale\n",
            f"""  region: latgale
  history:
    - {{date: 2021-07-01, change: joined_by, by: [aglona], source: "{LAW_2020}"}}
""",
        ),
    )
    assert errors == []
    _, errors = _check("""
aglona:
  name: {lv: Aglonas novads}
madona2:
  name: {lv: Madonas novads 2}
  history:
    - {date: 2021-07-01, change: joined_by, by: [aglona, nowhere], source: x}
""")
    assert [(p.key, p.message) for p in errors] == [
        ("madona2.history.1.by.1", "'aglona' does not merge into 'madona2' on 2021-07-01"),
        ("madona2.history.1.by.2", "unknown municipality 'nowhere'"),
    ]
