"""The importer on a corpus of pages saved from municipal and planning-region sites.

tests/fixtures/import-corpus/manifest.yaml gives, for every page, the expected
title, date, modified date, author and removed funding statements, and which
part of the corpus it belongs to: `heldout` pages were written first and are
never used to tune the rules; `tuning` pages may be. The accuracy on each part
is recorded as a test property and printed at the end of every run (see
``pytest_terminal_summary`` in tests/conftest.py), also when the tests run in
parallel workers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from editorial.importer import funding_programmes, import_folder, main, municipality_forms
from editorial.legacy_import import import_text, markdown_blocks, output_filename
from editorial.lvdates import date_line
from lvlang.slugs import slugify

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "import-corpus"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text("utf-8"))["pages"]
HELD_OUT_MINIMUM = 0.9


@pytest.fixture(scope="module")
def imported():
    return {path.name: article for path, article in import_folder(ROOT, CORPUS)}


def _checks(name: str, article) -> dict[str, bool]:
    exp = MANIFEST[name]
    date = str(exp["date"]) if exp.get("date") else None
    body = article.body_markdown
    checks = {
        "title": article.title == exp["title"],
        "date": (article.date or "")[:10] == (date or "") and (article.date is None) == (date is None),
        "notices": sorted(article.notices) == sorted(exp.get("notices") or []),
        "body": all(t not in body for t in exp.get("absent", [])) and all(t in body for t in exp.get("present", [])),
    }
    if "modified" in exp:
        checks["modified"] = (article.modified or "")[:10] == str(exp["modified"])
    if "author" in exp:
        checks["author"] = article.author == exp["author"]
    return checks


def _accuracy(imported, part: str) -> tuple[dict[str, tuple[int, int]], list[str]]:
    totals: dict[str, list[int]] = {}
    failures = []
    for name, exp in MANIFEST.items():
        if exp["part"] != part:
            continue
        for field, ok in _checks(name, imported[name]).items():
            right, count = totals.setdefault(field, [0, 0])
            totals[field] = [right + ok, count + 1]
            if not ok:
                failures.append(f"{name}: {field}")
    return {k: (v[0], v[1]) for k, v in totals.items()}, failures


def _line(part: str, totals) -> str:
    return f"{part}: " + ", ".join(
        f"{field} {right}/{count} ({right / count:.0%})" for field, (right, count) in totals.items()
    )


def test_the_corpus_is_split_and_complete():
    names = {p.name for p in CORPUS.iterdir() if p.suffix in (".html", ".txt")}
    assert names == set(MANIFEST), "every page needs a manifest entry and every entry a page"
    parts = [exp["part"] for exp in MANIFEST.values()]
    assert set(parts) == {"heldout", "tuning"}
    assert len(names) >= 24 and parts.count("heldout") >= 10
    assert sum(n.endswith(".txt") for n in names) >= 4, "plain-text copies without HTML belong in the corpus"


def test_accuracy_on_the_held_out_and_tuning_parts(imported, record_property):
    lines = []
    results = {}
    for part in ("heldout", "tuning"):
        totals, failures = _accuracy(imported, part)
        results[part] = (totals, failures)
        lines.append(_line(part, totals) + (f"; wrong: {', '.join(failures)}" if failures else ""))
    summary = "import corpus accuracy - " + " | ".join(lines)
    record_property("report", summary)
    held_out, _ = results["heldout"]
    for field in ("title", "date", "notices"):
        right, count = held_out[field]
        assert right / count >= HELD_OUT_MINIMUM, f"held-out {field}: {right}/{count}"
    tuning, failures = results["tuning"]
    assert not failures, failures


def test_every_page_has_a_report(imported):
    for article in imported.values():
        report = article.report
        assert report.title_source and report.date_source and report.confidence in ("high", "medium", "low")
        assert any(line.startswith("confidence: ") for line in article.findings)
        if article.notices:
            assert all(n["text"] for n in report.notices)
            assert any(line.startswith("funding statements removed") for line in article.findings)
    assert imported["daugavpils-novads-celu-remonts.html"].report.chrome
    assert {c["kind"] for c in imported["ludza-leader-tirgus.txt"].report.chrome} >= {
        "name-day header",
        "menu",
        "category line",
        "share buttons",
        "view counter",
    }


def test_the_command_prints_the_report(tmp_path):
    """The command on a few pages of the corpus, in both formats (the whole corpus is read by ``imported``)."""
    import io
    import shutil

    pages = ("ludza-leader-tirgus.txt", "livani-jauniesi-esfplus.html", "lpr-en-interreg-2023.html")
    source = tmp_path / "saved"
    source.mkdir()
    for name in pages:
        shutil.copy2(CORPUS / name, source / name)
    stream = io.StringIO()
    report = tmp_path / "report.json"
    assert main(ROOT, source, tmp_path / "out", stream=stream, report=report) == 0
    text = stream.getvalue()
    assert f"{len(pages)} written" in text and "confidence: " in text and "funding statements removed" in text
    data = yaml.safe_load(report.read_text("utf-8"))
    assert set(data) == set(pages)
    assert data["ludza-leader-tirgus.txt"]["programmes"] == ["eafrd"]
    assert len(list((tmp_path / "out").glob("*.md"))) == len(pages)


@pytest.mark.parametrize(
    "line, value, label",
    [
        ("Pievienots: 24.05.2024", "2024-05-24", "published"),
        ("Publicēts 26.03.2019", "2019-03-26", "published"),
        ("26.04.2017 10:32", "2017-04-26 10:32", ""),
        ("31-01-2014", "2014-01-31", ""),
        ("30.Marts, 2015, 18:34", "2015-03-30 18:34", ""),
        ("2017.gada 15.novembrī", "2017-11-15", ""),
        ("2018. gada 8. jūnijā", "2018-06-08", ""),
        ("Pirmdiena, 07.02.2022 - 13:45", "2022-02-07 13:45", ""),
        ("Trešdiena, 15 Novembris 2017 09:12", "2017-11-15 09:12", ""),
        ("Pēdējās izmaiņas: 10.12.2019.", "2019-12-10", "modified"),
        ("Labots 12.10.2021", "2021-10-12", "modified"),
        ("Published on 3 May 2023", "2023-05-03", "published"),
    ],
)
def test_latvian_date_lines(line, value, label):
    found = date_line(line)
    assert found is not None and found.value == value and found.label == label


@pytest.mark.parametrize(
    "line",
    [
        "2018. gada 8. jūnijā Ilūkstē notika seminārs.",
        "Atjaunots Atbrīvošanas alejas posms",
        "ceturtdiena, 14. novembris, 2024 Vārda diena: Fricis",
    ],
)
def test_sentences_are_not_date_lines(line):
    assert date_line(line) is None


def test_ordinals_are_escaped_and_real_lists_kept():
    assert markdown_blocks(["2018. gada 8. jūnijā notika seminārs."]) == ["2018\\. gada 8. jūnijā notika seminārs."]
    assert markdown_blocks(["8. jūnijā notika seminārs."]) == ["8\\. jūnijā notika seminārs."]
    assert markdown_blocks(["1. vietā ierindojās Kaunata."]) == ["1\\. vietā ierindojās Kaunata."]
    assert markdown_blocks(["Vienojās:", "1) rīkot talku;", "2) paēst zupu."]) == [
        "Vienojās:",
        "1. rīkot talku;\n2. paēst zupu.",
    ]


def test_a_funding_statement_inside_a_news_paragraph_leaves_the_news():
    text = (
        "Ludzā atklāta jauna bibliotēka\n\nPievienots: 02.02.2022\n\n"
        "Bibliotēkā ir 12 000 grāmatu un bērnu stūrītis. Projektu līdzfinansē Eiropas Reģionālās attīstības fonds.\n"
    )
    a = import_text(text, source_name="x.txt", known_projects={}, municipalities={})
    assert a.notices == ["erdf"] and a.body_markdown == "Bibliotēkā ir 12 000 grāmatu un bērnu stūrītis."


@pytest.mark.site
def test_imported_files_build(make_site, tmp_path):
    """Two imported pages (escaped ordinals, a real list, a date with time) build into articles."""
    programmes = funding_programmes(ROOT / "content")
    municipalities = municipality_forms(ROOT / "content")
    files = {}
    for name in ("livani-jauniesi-esfplus.html", "vilani-k2-skola.html"):
        a = import_text(
            (CORPUS / name).read_text("utf-8"),
            source_name=name,
            known_projects={},
            municipalities=municipalities,
            programmes=programmes,
        )
        files[f"articles/imported/{output_filename(a)}"] = a.to_markdown()
    built = make_site(files)
    assert built.code == 0, built.log
    livani = built.read(f"2023/{slugify('Līvānu jaunieši apgūst pirmās palīdzības prasmes')}/index.html")
    vilani = built.read(f"2017/{slugify('Viļānu vidusskolā atklāts jauns sporta laukums')}/index.html")
    assert "2023. gada 28. jūnijā" in livani and not re.search(r'<ol start="20', livani)
    assert re.search(r"<ol>\s*<li>sirds un plaušu atdzīvināšanu;</li>", livani)
    assert "15. novembrī Viļānu" in vilani and 'start="15"' not in vilani
    assert "2023\\." not in livani and "\x02" not in built.read("feeds/all.atom.xml")
