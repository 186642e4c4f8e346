"""Municipalities in built sites: which ones a site lists (SITE_REGIONS), what a successor's page says
about its former parts, the names articles show, and the warning for a municipality named after it ceased."""

from __future__ import annotations

import pytest

from tests.sites.fixtures import EVENT_EN, EVENT_LV, PROJECT_EN, PROJECT_LV

pytestmark = pytest.mark.site

FILES = {
    "projects/lli-59.lv.md": PROJECT_LV,
    "projects/lli-59.en.md": PROJECT_EN,
    "articles/2018/lean.lv.md": EVENT_LV.replace("image: images/cover.png\nimage_alt: Darbinieki pie galda\n", ""),
    "articles/2018/lean.en.md": EVENT_EN.replace("image_alt: Staff at a table\n", ""),
    "articles/2019/aglona.lv.md": """
        ---
        title: Aglonā atjauno bibliotēku
        date: 2019-03-14
        municipalities: [Aglona, Daugavpils]
        ---

        Bibliotēka atkal ir atvērta.
        """,
}
LATE = """
    ---
    title: Varakļānos atver jaunu sporta zāli
    date: 2026-02-10
    municipalities: [Varakļāni]
    ---

    Sporta zāle ir atvērta.
    """


def _listed(built, prefix: str = "") -> list[str]:
    doc = built.html(f"{prefix}pasvaldibas/index.html" if not prefix else f"{prefix}municipalities/index.html")
    return [a.text() for a in doc.css(".municipality-list > li > a")]


@pytest.fixture(scope="module")
def latgale(tmp_path_factory):
    from tests.conftest import build, write_content

    base = tmp_path_factory.mktemp("latgale")
    write_content(base / "content", FILES)
    built = build(base / "content", base / "output")
    assert built.code == 0, built.log
    return built


def test_a_latgale_site_lists_latgale_only(latgale):
    assert sorted(_listed(latgale)) == sorted(
        [
            "Augšdaugavas novads",
            "Balvu novads",
            "Daugavpils valstspilsēta",
            "Krāslavas novads",
            "Līvānu novads",
            "Ludzas novads",
            "Preiļu novads",
            "Rēzeknes novads",
            "Rēzeknes valstspilsēta",
        ]
    )
    assert "Madona Municipality" not in _listed(latgale, "en/")
    assert latgale.exists("pasvaldibas/preili/index.html")
    assert not latgale.exists("pasvaldibas/riga/index.html") and not latgale.exists("pasvaldibas/aglona/index.html")


def test_the_successor_page_explains_its_former_parts(latgale):
    history = latgale.html("pasvaldibas/preili/index.html").css_first(".history")
    items = {li.attributes["id"]: li.text() for li in history.css("li")}
    assert set(items) == {"former-aglona", "former-riebini", "former-varkava"}
    assert "Aglonas novads" in items["former-aglona"] and "2021" in items["former-aglona"]
    assert "Administratīvo teritoriju un apdzīvoto vietu likums" in items["former-aglona"]
    assert "Grāveru" in items["former-aglona"]  # the note on the parishes that went to Krāslava
    english = latgale.html("en/municipalities/preili/index.html").css_first(".history").text()
    assert "Aglona Municipality (until 2021)" in english and "joined this municipality on" in english
    assert "2021 administrative reform" not in english
    titles = [a.text() for a in latgale.html("pasvaldibas/preili/index.html").css(".cards a")]
    assert "Aglonā atjauno bibliotēku" in titles


def test_an_older_article_keeps_the_names_of_its_day(latgale):
    page = next(p for p in latgale.output.rglob("index.html") if "aglona-atjauno" in str(p))
    from selectolax.lexbor import LexborHTMLParser

    links = LexborHTMLParser(page.read_text("utf-8")).css(".link-list li")
    shown = {li.css_first("a").text(): (li.css_first("a").attributes["href"], li.text()) for li in links}
    assert shown["Aglonas novads"][0].endswith("pasvaldibas/preili/")
    assert "tagad Preiļu novads" in shown["Aglonas novads"][1]
    assert "Daugavpils republikas pilsēta" in shown  # the state city's name before 1 July 2021
    assert "tagad Daugavpils valstspilsēta" in shown["Daugavpils republikas pilsēta"][1]
    assert "Warning" not in latgale.log and "warning: 'aglona'" not in latgale.log


def test_an_article_after_the_merge_is_warned_and_its_successor_listed(make_site):
    built = make_site({**FILES, "articles/2026/sporta-zale.lv.md": LATE})
    assert built.code == 0, built.log
    line = next(l for l in built.log.splitlines() if "articles/2026/sporta-zale.lv.md" in l)
    assert "[municipalities] warning:" in line
    assert "'varaklani' (Varakļānu novads) ceased to exist on 2025-07-01" in line and "Madonas novads" in line
    assert "write madona (Madonas novads) instead" in built.log
    assert "Madonas novads" in _listed(built)  # named by content, through its former part
    history = built.html("pasvaldibas/madona/index.html").css_first(".history").text()
    assert "Varakļānu novads" in history and "13.06.2024" in history
    assert "Varakļānu novads: 2025. gada 1. jūlijā kļuva par šīs pašvaldības daļu." in " ".join(history.split())


def test_a_vidzeme_site_lists_vidzeme(make_site):
    built = make_site(FILES, overrides={"SITE_REGIONS": ["vidzeme"]})
    assert built.code == 0, built.log
    listed = _listed(built)
    for name in (
        "Alūksnes novads",
        "Cēsu novads",
        "Gulbenes novads",
        "Limbažu novads",
        "Madonas novads",
        "Ogres novads",
        "Saulkrastu novads",
        "Smiltenes novads",
        "Valkas novads",
        "Valmieras novads",
    ):
        assert name in listed
    assert "Varakļānu novads" not in listed  # part of Madonas novads since 1 July 2025
    assert "Preiļu novads" in listed and "Ludzas novads" in listed  # named by the content
    assert "Balvu novads" not in listed and "Rīgas valstspilsēta" not in listed
    valmiera = built.html("pasvaldibas/valmiera-novads/index.html").css_first(".history").text()
    assert "Valmieras republikas pilsēta" in valmiera and "Rūjienas novads" in valmiera


def test_an_unknown_region_is_refused(make_site):
    built = make_site(FILES, overrides={"SITE_REGIONS": ["latgalia"]})
    assert built.code != 0
    assert "SITE_REGIONS: 'latgalia' is not a planning region" in built.log
    assert "latgale, vidzeme, kurzeme, zemgale, riga" in built.log


def test_a_chain_of_merges_reaches_todays_page(make_site):
    from tests.conftest import ROOT

    data = (
        (ROOT / "content/data/municipalities.yaml").read_text("utf-8")
        + """
murmastiene:                       # not a real municipality: a part that joined Varakļāni first
  name: {lv: Murmastienes novads, en: Murmastiene Municipality (until 2021)}
  region: vidzeme
  history:
    - {date: 2021-07-01, change: merged_into, into: varaklani, source: "a law of 2020"}
"""
    )
    article = LATE.replace("2026-02-10", "2020-05-04").replace("[Varakļāni]", "[Murmastiene]")
    built = make_site({**FILES, "data/municipalities.yaml": data, "articles/2020/zale.lv.md": article})
    assert built.code == 0, built.log
    assert "ceased to exist" not in built.log
    page = built.html("pasvaldibas/madona/index.html")
    history = " ".join(page.css_first("#former-murmastiene").text().split())
    assert history.startswith(
        "Murmastienes novads: 2021. gada 1. jūlijā kļuva par daļu no pašvaldības „Varakļānu novads”"
    ), history
    assert "Varakļānos atver jaunu sporta zāli" in [a.text() for a in page.css(".cards a")]
    assert "Madonas novads" in _listed(built)
