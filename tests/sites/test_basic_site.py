"""A small site built by real Pelican with our plugins, checked on its output."""

import hashlib
import re
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar

from tests.conftest import build, write_content

from .fixtures import basic_site

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("basic")
    write_content(base / "content", basic_site())
    before = _tree_hash(base / "content")
    built = build(base / "content", base / "output")
    assert built.code == 0, built.log
    assert _tree_hash(base / "content") == before, "the build wrote under content/"
    return built


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(str(p.relative_to(root)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def _article(site, lang):
    prefix = "" if lang == "lv" else f"{lang}/"
    slug = {
        "lv": "pasvaldibu-darbinieki-macas-lean-metodes",
        "en": "municipal-staff-learn-lean-methods",
        "ltg": "posvaldeibu-dorbiniki-mocos-lean-metodis",
    }[lang]
    return f"{prefix}2018/{slug}/index.html"


@pytest.mark.parametrize("lang", ["lv", "en", "ltg"])
def test_html_lang_and_one_h1(site, lang):
    for rel in (("index.html" if lang == "lv" else f"{lang}/index.html"), _article(site, lang)):
        doc = site.html(rel)
        assert doc.css_first("html").attributes["lang"] == lang
        assert len(doc.css("h1")) == 1


def test_funding_notice_exactly_once_in_the_right_language(site):
    lv = site.html(_article(site, "lv"))
    asides = lv.css("aside.funding-disclaimer")
    assert len(asides) == 1
    text = asides[0].text()
    assert "Šī publikācija ir sagatavota ar Eiropas Savienības finansiālo atbalstu" in text
    assert "pilnībā atbild Latgales plānošanas reģions" in text
    img = asides[0].css_first("img")
    assert img.attributes["alt"].strip()
    en = site.html(_article(site, "en")).css("aside.funding-disclaimer")
    assert len(en) == 1
    assert "sole responsibility of Latgale Planning Region and" in en[0].text()  # the English name
    # Latgalian falls back to the Latvian notice
    ltg = site.html(_article(site, "ltg")).css("aside.funding-disclaimer")
    assert len(ltg) == 1 and "Šī publikācija" in ltg[0].text()


def test_no_notice_without_a_funded_project(site):
    doc = site.html("2026/bibliotekas-darba-laiks-svetkos-script-alert-1-script/index.html")
    assert doc.css("aside.funding-disclaimer") == []


def test_title_markup_is_inert(site):
    raw = site.read("2026/bibliotekas-darba-laiks-svetkos-script-alert-1-script/index.html")
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_translations_inherit_neutral_keys(site):
    en = site.html(_article(site, "en"))
    assert "15, 16, 22 and 23 May 2018" in en.css_first(".event-box").text()
    lv = site.html(_article(site, "lv"))
    assert "2018. gada 15., 16., 22. un 23. maijā" in lv.css_first(".event-box").text()
    assert en.css_first("figure.cover img").attributes["alt"] == "Staff at a table"


def test_hreflang_is_reciprocal_with_self_and_x_default(site):
    sets = {}
    for lang in ("lv", "en", "ltg"):
        doc = site.html(_article(site, lang))
        links = {l.attributes["hreflang"]: l.attributes["href"] for l in doc.css('link[rel="alternate"][hreflang]')}
        assert set(links) == {"lv", "en", "ltg", "x-default"}
        assert links["x-default"] == links["lv"]
        sets[lang] = links
    assert sets["lv"] == sets["en"] == sets["ltg"]


def test_switcher_says_when_no_translation(site):
    doc = site.html("2026/bibliotekas-darba-laiks-svetkos-script-alert-1-script/index.html")
    untranslated = doc.css(".languages a.untranslated")
    assert {a.attributes["hreflang"] for a in untranslated} == {"en", "ltg"}
    assert "nav tulkots" in untranslated[0].text()


def test_head_links_feeds_and_calendar(site):
    for rel in ("index.html", _article(site, "en"), "projekti/lli-59/index.html"):
        doc = site.html(rel)
        types = {l.attributes.get("type") for l in doc.css('head link[rel="alternate"]')}
        assert {"application/atom+xml", "application/rss+xml", "text/calendar"} <= types


def test_former_municipality_shows_on_successor_page(site):
    doc = site.html("pasvaldibas/preili/index.html")
    titles = [a.text() for a in doc.css(".cards a")]
    assert "Pašvaldību darbinieki mācās LEAN metodes" in titles
    assert "Aglon" in doc.css_first(".history").text()


def test_project_page_has_emblem_and_facts(site):
    doc = site.html("projekti/lli-59/index.html")
    assert doc.css_first("aside.funding-disclaimer img.eu-emblem") is not None
    facts = doc.css_first("dl.facts").text()
    assert "250" in facts and "85" in facts  # budget and the EU share in percent


def test_feeds_parse_and_carry_the_notice(site):
    for rel in ("feeds/all.atom.xml", "feeds/all.rss.xml", "en/feeds/all.atom.xml"):
        feed = feedparser.parse(site.read(rel))
        assert not feed.bozo, (rel, feed.get("bozo_exception"))
        assert feed.feed.get("language") or feed.feed.get("title_detail", {}).get("language")
        entry = next(e for e in feed.entries if "LEAN" in e.title)
        content = entry.content[0].value if "content" in entry else entry.description
        assert "funding-disclaimer" in content
        assert entry.id.startswith("tag:")


def test_calendar_month_page(site):
    doc = site.html("kalendars/2018/05/index.html")
    cells = {t.attributes["datetime"]: t for t in doc.css("table.calendar time")}
    assert len(cells) == 31
    cell = doc.css_first("td#d-2018-05-16")
    assert cell.css_first("a").attributes["href"].endswith("/2018/pasvaldibu-darbinieki-macas-lean-metodes/")


def test_ics_uids_do_not_depend_on_site_url(site, tmp_path):
    other = build(site.content, tmp_path / "out2", settings="publishconf.py")
    assert other.code == 0, other.log

    def uids(root):
        cal = Calendar.from_ical((root / "feeds/events.ics").read_bytes())
        return sorted(str(c["UID"]) for c in cal.walk("VEVENT"))

    assert uids(site.output) == uids(other.output)
    assert len(uids(site.output)) == 4


def test_interface_strings_are_in_the_page_language(site):
    en = site.html("en/projects/index.html")
    assert en.css_first("title").text().startswith("Projects")
    assert "Projekti" not in en.css_first(".main-nav").text()
    lv = site.html("projekti/index.html")
    assert lv.css_first("title").text().startswith("Projekti")
    ltg = site.html("ltg/index.html")
    assert "Sōkums" in ltg.css_first(".main-nav").text()  # Latgalian where translated
    assert "Pasōkumu kalendars" in ltg.text() or "Kalendars" in ltg.css_first(".main-nav").text()


def test_event_lists_upcoming_and_past(site):
    past = site.html("pasakumi/notikusie/index.html")
    assert "Pašvaldību darbinieki mācās LEAN metodes" in past.text()
    assert "2018. gada 15., 16., 22. un 23. maijā" in past.text()
    upcoming = site.html("en/events/index.html")
    assert "LEAN" not in upcoming.css_first("main").text()
    assert site.html("projekti/lli-59/index.html").css_first("#past-heading") is not None


def test_sitemaps_have_reciprocal_hreflang_for_every_translated_page(site):
    from lxml import etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = etree.fromstring(site.read("sitemap.xml").encode())
    alternates = {}
    for loc in index.findall("s:sitemap/s:loc", ns):
        tree = etree.fromstring(site.read(loc.text.split("localhost:8000/", 1)[1]).encode())
        for url in tree.findall("s:url", ns):
            links = {l.get("hreflang"): l.get("href") for l in url.findall("x:link", ns)}
            alternates[url.findtext("s:loc", namespaces=ns)] = links
    translated = {loc: links for loc, links in alternates.items() if len(links) > 2}
    assert len(translated) > 20
    for loc, links in translated.items():
        assert loc in links.values() and "x-default" in links, loc
        for code, href in links.items():
            if code != "x-default":
                assert alternates[href] == links, (loc, href)
    assert "Sitemap: http://localhost:8000/sitemap.xml" in site.read("robots.txt")


def test_open_data_files(site):
    import csv
    import io
    import json

    news = json.loads(site.read("dati/news.json"))
    assert news["license"] == "CC BY 4.0" and "title" in news["fields"]
    assert any(
        r["title"] == "Pašvaldību darbinieki mācās LEAN metodes" and r["projects"] == ["LLI-59"]
        for r in news["records"]
    )
    events = json.loads(site.read("en/data/events.json"))["records"]
    assert events[0]["start"] == "2018-05-15" and events[0]["dates_text"] == "15, 16, 22 and 23 May 2018"
    rows = list(csv.DictReader(io.StringIO(site.read("dati/projects.csv"))))
    assert rows[0]["code"] == "LLI-59" and rows[0]["status"] == "finished"


def test_structured_data_and_metadata(site):
    import json

    doc = site.html(_article(site, "lv"))
    blocks = [json.loads(s.text()) for s in doc.css('script[type="application/ld+json"]')]
    news = next(b for b in blocks if b["@type"] == "NewsArticle")
    event = next(b for b in blocks if b["@type"] == "Event")
    assert news["datePublished"] == "2018-05-24T00:00:00+03:00" and news["headline"]
    assert event["startDate"] == "2018-05-15" and event["location"]["name"] == "Daugavpils"
    assert (
        doc.css_first('link[rel="canonical"]')
        .attributes["href"]
        .endswith(_article(site, "lv").replace("index.html", ""))
    )
    shared = doc.css_first('meta[property="og:image"]').attributes["content"]  # the PNG variant, 1200 wide at most
    assert re.search(r"/img/cover-[0-9a-f]{10}-16\.png$", shared), shared
    assert doc.css_first('meta[property="og:image:type"]').attributes["content"] == "image/png"
    assert doc.css_first('meta[property="og:image:width"]').attributes["content"] == "16"
