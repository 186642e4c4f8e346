"""Text in another language than the page's is marked with its language, so that screen readers read it
right: what a translation takes from its original, and Latgalian pages' dates, written by the Latvian rules."""

from __future__ import annotations

import pytest

from tests.conftest import build, write_content

from .fixtures import EVENT_LV, basic_site

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("marking")
    files = basic_site()
    files["articles/2018/lean.lv.md"] = EVENT_LV.replace(
        "image_alt: Darbinieki pie galda\n",
        "image_alt: Darbinieki pie galda\nimage_credit: \"Foto: Daugavpils novada dome\"\n"
        "author: Elita Jermolajeva, projekta vadītāja\n")
    files["projects/lli-59.lv.md"] = files["projects/lli-59.lv.md"].replace(
        "municipalities: [preili, ludza]\n", "municipalities: [preili, ludza]\npartners: [Utenas rajona pašvaldība]\n")
    write_content(base / "content", files)
    built = build(base / "content", base / "output")
    assert built.code == 0, built.log
    return built


def _article(site, prefix: str):
    return next(p for p in (site.output / prefix / "2018").glob("*/index.html"))


def test_an_english_page_marks_what_it_took_from_the_latvian_original(site):
    page = site.html(str(_article(site, "en").relative_to(site.output)))
    assert page.css_first("figcaption").attributes.get("lang") == "lv"
    assert page.css_first(".p-author").attributes.get("lang") == "lv"
    tags = {a.text(): a.attributes.get("lang") for a in page.css(".article-footer a[href*='/tags/']")}
    assert tags == {"LEAN": "lv", "pieredzes apmaiņa": "lv"}, tags
    assert page.css_first("html").attributes["lang"] == "en"
    assert site.exists("en/tags/pieredzes-apmaina/index.html"), "English pages have tag pages and feeds too"
    assert site.exists("en/feeds/tag-pieredzes-apmaina.atom.xml")
    heading = site.html("en/tags/pieredzes-apmaina/index.html").css_first("h1 span")
    assert heading.attributes.get("lang") == "lv"


def test_a_project_page_in_english(site):
    page = site.html("en/projects/lli-59/index.html")
    partners = page.css_first("ul.plain")
    assert partners.attributes.get("lang") == "lv" and "Utenas rajona pašvaldība" in partners.text()
    terms = [dt.text() for dt in page.css("dl dt")]
    beneficiary = page.css("dl dd")[terms.index("Beneficiary")]
    assert beneficiary.text().strip() == "Latgale Planning Region" and "lang" not in beneficiary.attributes


def test_latgalian_dates_are_marked_as_latvian_and_others_are_not(site):
    ltg = site.html(str(_article(site, "ltg").relative_to(site.output)))
    time = ltg.css_first(".article-meta time")
    assert time.attributes.get("lang") == "lv" and " gada " in time.text()
    lv = site.html("2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html")
    assert "lang" not in lv.css_first(".article-meta time").attributes
    en = site.html(str(_article(site, "en").relative_to(site.output)))
    assert "lang" not in en.css_first(".article-meta time").attributes


def test_a_project_page_lists_each_article_once(site):
    for rel in ("projekti/lli-59/index.html", "en/projects/lli-59/index.html"):
        page = site.html(rel)
        links = [a.attributes["href"] for a in page.css("main article h3 a")]
        assert links and len(links) == len(set(links)), (rel, links)
        assert all(("/en/" in link) == rel.startswith("en/") for link in links), links    # the page's language


def test_every_page_can_be_shared_with_a_picture_and_a_full_locale(site):
    pages = [p for p in site.output.rglob("index.html") if "admin" not in p.parts]
    assert len(pages) > 20
    for path in pages:
        head = site.html(str(path.relative_to(site.output))).css_first("head")
        image = head.css_first('meta[property="og:image"]')
        assert image is not None and image.attributes["content"].startswith("http"), path
        assert head.css_first('meta[property="og:image:alt"]').attributes["content"].strip(), path
        locale = head.css_first('meta[property="og:locale"]').attributes["content"]
        assert locale in ("lv_LV", "en_GB", "ltg_LV"), (path, locale)
    article = site.html("2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html").css_first("head")
    shared = article.css_first('meta[property="og:image"]').attributes["content"]
    assert "/img/cover-" in shared and shared.endswith(".png")          # the picture's PNG variant
    assert (site.output / "theme/img/og-default.png").is_file()
