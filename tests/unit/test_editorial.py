from pathlib import Path

import pytest
import yaml

from editorial.guide import GUIDES, reference, splice
from editorial.legacy_import import import_text, iter_sources, output_filename

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "legacy"
SEEDS = ROOT.parent / "shared" / "seeds"
PROJECTS = {
    "LLI-59": ["Open Leadership", "Praktisko apmācību un pasākumu cikls sadarbības veicināšanai starp iestādēm"],
    "REM-PREILI": ["Remigrācijas sekmēšanas pakalpojumi Preiļu novadā"],
}
MUNICIPALITIES = {
    "ludza": ["Ludzas novads", "Ludza", "Ludzas"],
    "zilupe": ["Zilupes novads", "Zilupe", "Zilupes"],
    "kraslava": ["Krāslavas novads", "Krāslava", "Krāslavas"],
    "preili": ["Preiļu novads", "Preiļi", "Preiļu"],
}


def imported(name: str):
    return import_text(
        (FIXTURES / name).read_text("utf-8"), source_name=name, known_projects=PROJECTS, municipalities=MUNICIPALITIES
    )


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_plain_text_article():
    a = imported("parka-talka.txt")
    assert a.title == "Ludzas novada jaunieši sakopj pilsētas parku"
    assert a.date == "2024-04-24"
    assert a.projects == ["LLI-59"]
    assert set(a.municipalities) == {"ludza", "zilupe"}
    assert a.author == "Anna Bērziņa, sabiedrisko attiecību speciāliste"
    assert "funding notice" in a.removed and "link label 'Foto'" in a.removed
    assert "Eiropas Savienības" not in a.body_markdown and "Anna Bērziņa" not in a.body_markdown
    assert "1. rīkot talku katru pavasari;\n2. aicināt" in a.body_markdown
    meta = front(a.to_markdown())
    assert meta["date"] == "2024-04-24" and meta["projects"] == ["LLI-59"]


def test_no_date_gives_a_todo_and_unknown_code_is_reported():
    a = imported("bez-datuma.txt")
    text = a.to_markdown()
    assert a.date is None and "# TODO" in text and front(text)["date"] == "TODO"
    assert "unknown project code XYZ-12" in a.findings and a.projects == []
    assert a.municipalities == ["kraslava"]
    assert output_filename(a).startswith("undated-kraslava-atklata")


def test_saved_html_page_loses_its_chrome():
    a = imported("pasakums.html")
    assert a.title == "Preiļos notika amatnieku diena" and a.date == "2022-09-12"
    assert "sīkdatnes" not in a.body_markdown and "Sākums" not in a.body_markdown and "Dalīties" not in a.body_markdown
    assert "## Nākamgad atkal" in a.body_markdown and "- vairāk meistarklašu;" in a.body_markdown
    assert "funding notice" in a.removed and "finansē" not in a.body_markdown
    assert a.municipalities == ["preili"]


def test_iter_sources():
    assert [p.name for p in iter_sources(FIXTURES)] == ["bez-datuma.txt", "parka-talka.txt", "pasakums.html"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles are not beside the project")
def test_seed_articles():
    results = {
        p.name[:3]: import_text(
            p.read_text("utf-8"),
            source_name=p.name,
            known_projects=PROJECTS,
            municipalities={
                "preili": ["Preiļu novads", "Preiļi", "Preiļu"],
                "ilukste": ["Ilūkstes novads", "Ilūkste", "Ilūkstes"],
            },
        )
        for p in sorted(SEEDS.glob("*.txt"))
    }
    assert results["000"].date == "2019-12-10" and results["000"].projects == ["REM-PREILI"]
    assert results["000"].author.startswith("Elita Jermolajeva")
    assert results["001"].projects == ["LLI-59"] and results["002"].projects == ["LLI-59"]
    assert results["001"].suggested_event_dates == ["2018-05-15", "2018-05-16", "2018-05-22", "2018-05-23"]
    for a in results.values():
        assert "nostāju" not in a.body_markdown and "finansē Eiropas Savienība" not in a.body_markdown
        front(a.to_markdown())


def test_the_guides_reference_is_generated_from_the_schema():
    for lang, rel in GUIDES.items():
        text = (ROOT / rel).read_text("utf-8")
        assert splice(text, reference(lang)) == text, f"{rel} is out of date: run `invoke docs`"
