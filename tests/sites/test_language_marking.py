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
        'image_alt: Darbinieki pie galda\nimage_credit: "Foto: Daugavpils novada dome"\n'
        "author: Elita Jermolajeva, projekta vadītāja\n",
    )
    files["projects/lli-59.lv.md"] = files["projects/lli-59.lv.md"].replace(
        "municipalities: [preili, ludza]\n", "municipalities: [preili, ludza]\npartners: [Utenas rajona pašvaldība]\n"
    )
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
        assert all(("/en/" in link) == rel.startswith("en/") for link in links), links  # the page's language


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
    assert "/img/cover-" in shared and shared.endswith(".png")  # the picture's PNG variant
    assert (site.output / "theme/img/og-default.png").is_file()


def _untranslated(lang: str, fallback: str) -> set[str]:
    """The texts ``lang``'s pages show from ``fallback``'s catalog (strings without placeholders)."""
    from babel.messages.pofile import read_po

    from tests.conftest import ROOT

    def catalog(code):
        with open(ROOT / "theme" / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as fh:
            return {m.id: m.string for m in read_po(fh) if m.id and isinstance(m.id, str)}

    own, other = catalog(lang), catalog(fallback)
    return {other[i] for i in other if other[i] and not own.get(i) and "%" not in i and "{" not in i}


def _nearest_lang(node) -> str:
    while node is not None:
        if node.tag != "-text" and "lang" in (node.attributes or {}):
            return node.attributes["lang"]
        node = node.parent
    return ""


def test_latgalian_pages_mark_every_interface_text_shown_in_latvian(site):
    fallback_texts = _untranslated("ltg", "lv")
    assert len(fallback_texts) > 20, "the check needs Latvian fallback texts to look for"
    pages = sorted(p for p in (site.output / "ltg").rglob("index.html"))
    found = 0
    for path in pages:
        page = site.html(str(path.relative_to(site.output)))
        for node in page.body.traverse(include_text=True):
            if node.tag != "-text" or node.text(deep=False).strip() not in fallback_texts:
                continue
            if node.parent.tag in ("option", "script", "style", "textarea"):
                continue
            found += 1
            assert _nearest_lang(node) == "lv", f"{path}: {node.text()!r} is Latvian but not marked"
    assert found > 50
    note = site.html("ltg/index.html").css_first(".fallback-note")
    assert note is not None and "Latviešu" in note.text() and note.css_first("span").attributes["lang"] == "lv"


def test_pages_in_complete_languages_have_no_marks_or_note(site):
    for rel in ("index.html", "en/index.html"):
        page = site.html(rel)
        assert page.css_first(".fallback-note") is None
        lang = page.css_first("html").attributes["lang"]
        spans = [
            s.text()
            for s in page.css("body span[lang]")
            if s.attributes["lang"] != lang and not s.parent.attributes.get("class", "").startswith("lang")
        ]
        assert all(t not in _untranslated("ltg", "lv") for t in spans), spans


def test_no_marker_reaches_any_output_file(site):
    import re

    marker = re.compile("[\ue000-\ue003]")
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".xsl", ".ics", ".json", ".csv", ".txt", ".js"):
            assert not marker.search(path.read_text("utf-8", errors="replace")), path
    feed = (site.output / "ltg" / "feeds").glob("*.xml")
    titles = [re.findall(r"<title>([^<]*)</title>", p.read_text("utf-8")) for p in feed]
    assert titles and not any("span" in t for group in titles for t in group)


def test_a_plural_latgalian_lacks_follows_the_chain_to_latvian_not_english(site):
    page = (
        site.html("ltg/tags/index.html") if site.exists("ltg/tags/index.html") else site.html("ltg/birkas/index.html")
    )
    counts = [s for s in page.css("main span[lang=lv]") if "rakst" in s.text()]
    assert counts, page.css_first("main").text()
    assert "article" not in page.css_first("main").text()
