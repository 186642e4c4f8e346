"""Every Atom feed meets RFC 4287's requirements, and every feed (Atom and RSS) opened in a browser
shows a readable page in its language through the site's stylesheet."""

from __future__ import annotations

import feedparser
import pytest
from lxml import etree

from tests.conftest import build, write_content

from .fixtures import basic_site

pytestmark = pytest.mark.site

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("feeds")
    write_content(base / "content", basic_site())
    built = build(base / "content", base / "output")
    assert built.code == 0, built.log
    return built


def _atom_feeds(site):
    return sorted(p for p in site.output.rglob("*.atom.xml"))


def test_every_atom_feed_meets_rfc_4287(site):
    feeds = _atom_feeds(site)
    assert len(feeds) > 10
    for path in feeds:
        root = etree.parse(str(path)).getroot()
        where = path.relative_to(site.output).as_posix()
        assert root.tag == f"{A}feed", where
        for name in ("id", "title", "updated"):                       # 4.1.1: exactly one of each
            assert len(root.findall(f"{A}{name}")) == 1, (where, name)
        entries = root.findall(f"{A}entry")
        feed_authors = root.findall(f"{A}author/{A}name")
        # 4.1.1: a feed has an author, unless every entry has one
        assert feed_authors or (entries and all(e.findall(f"{A}author/{A}name") for e in entries)), where
        assert [a.text for a in feed_authors] in (["Latgales plānošanas reģions"], ["Latgale Planning Region"],
                                                  ["Latgolys plānuošonys regions"]), where
        self_links = [l for l in root.findall(f"{A}link") if l.get("rel") == "self"]
        assert len(self_links) == 1, where
        for entry in entries:
            for name in ("id", "title", "updated"):                   # 4.1.2
                assert len(entry.findall(f"{A}{name}")) == 1, (where, name)
            alternates = [l for l in entry.findall(f"{A}link") if l.get("rel") in (None, "alternate")]
            assert alternates or entry.findall(f"{A}content"), where
            for text in entry.findall(f"{A}summary") + entry.findall(f"{A}title"):
                assert text.get("type") in (None, "text", "html"), where
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (where, parsed.get("bozo_exception"))
        assert parsed.feed.get("author"), where


def test_both_kinds_of_feed_name_their_stylesheet_in_their_language(site):
    for rel, sheet in (("feeds/all.atom.xml", "/feeds/feed.xsl"), ("feeds/all.rss.xml", "/feeds/feed.xsl"),
                       ("en/feeds/all.atom.xml", "/en/feeds/feed.xsl")):
        head = site.read(rel)[:300]
        assert f'<?xml-stylesheet href="{sheet}" type="text/xsl"' in head, rel
    xsl = etree.parse(str(site.output / "en/feeds/feed.xsl"))
    etree.XSLT(xsl)                                                  # a stylesheet libxslt compiles
    page = etree.XSLT(xsl)(etree.parse(str(site.output / "en/feeds/all.atom.xml")))
    html = etree.tostring(page, encoding="unicode", method="html")
    assert 'lang="en"' in html and "copy its address into a feed reader" in html
    assert html.count("<li>") == len(etree.parse(str(site.output / "en/feeds/all.atom.xml")).findall(f"{A}entry"))
    lv = etree.XSLT(etree.parse(str(site.output / "feeds/feed.xsl")))(etree.parse(str(site.output / "feeds/all.rss.xml")))
    assert "iekopējiet tās adresi ziņu lasītājā" in etree.tostring(lv, encoding="unicode", method="html")
