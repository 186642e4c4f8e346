"""Every feed of two fixture sites is checked by validators this project did not write, and
every feed opened in a browser shows a readable page in its language through the site's stylesheet.

Atom: the RELAX NG schema of RFC 4287 Appendix B (libxml2's validator), the RFC's Schematron
rules from the same appendix (lxml's ISO Schematron) and feedparser; the RFC's MUSTs that the
schema does not express are asserted here. RSS 2.0, which has no schema: feedparser, the
specification's rules, and the Nu Html Checker on the HTML of the items' descriptions.
`invoke check` runs the same validators (quality/feedcheck.py): a broken copy of a built feed
is reported with its file and problem.
"""

from __future__ import annotations

import email.utils
import os
import re
import shutil
import subprocess

import feedparser
import pytest
from lxml import etree

from quality.feedcheck import SCHEMA, atom_problems, atom_rules, html_problems, rss_problems
from quality.formats import check_formats
from quality.report import CheckReport
from tests.conftest import build, write_content

from .fixtures import basic_site, varied_site

pytestmark = pytest.mark.site

A = "{http://www.w3.org/2005/Atom}"
SITES = {"basic": basic_site, "varied": varied_site}
AUTHORS = (["Latgales plānošanas reģions"], ["Latgale Planning Region"], ["Latgolys plānuošonys regions"])
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")


@pytest.fixture(scope="module", params=sorted(SITES))
def site(request, tmp_path_factory):
    base = tmp_path_factory.mktemp(f"feeds-{request.param}")
    write_content(base / "content", SITES[request.param]())
    built = build(base / "content", base / "output")
    assert built.code == 0, built.log
    return built


def _atom_feeds(site):
    return sorted(p for p in site.output.rglob("*.atom.xml"))


def _rss_feeds(site):
    return sorted(p for p in site.output.rglob("*.rss.xml"))


def test_every_atom_feed_is_valid_against_rfc_4287s_schema_and_rules(site):
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    rules = atom_rules()
    feeds = _atom_feeds(site)
    assert len(feeds) > 10
    for path in feeds:
        where = path.relative_to(site.output).as_posix()
        document = etree.parse(str(path))
        assert schema.validate(document), (where, str(schema.error_log))
        assert rules.validate(document), (where, etree.tostring(rules.validation_report, encoding="unicode"))
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (where, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", where
        assert atom_problems(path.read_bytes()) == [], where  # what `invoke check` says


def test_every_atom_feed_meets_the_musts_the_schema_leaves_out(site):
    entries_seen = 0
    for path in _atom_feeds(site):
        root = etree.parse(str(path)).getroot()
        where = path.relative_to(site.output).as_posix()
        assert root.tag == f"{A}feed", where
        for name in ("id", "title", "updated"):  # 4.1.1: exactly one of each
            assert len(root.findall(f"{A}{name}")) == 1, (where, name)
        entries = root.findall(f"{A}entry")
        entries_seen += len(entries)
        feed_authors = root.findall(f"{A}author/{A}name")
        # 4.1.1: a feed has an author, unless every entry has one
        assert feed_authors or (entries and all(e.findall(f"{A}author/{A}name") for e in entries)), where
        assert [a.text for a in feed_authors] in AUTHORS, where
        self_links = [l for l in root.findall(f"{A}link") if l.get("rel") == "self"]
        assert len(self_links) == 1, where
        ids = [e.findtext(f"{A}id") for e in entries]
        assert len(set(ids)) == len(ids), where  # an id names one entry
        for value in [root.findtext(f"{A}id"), *ids]:
            assert re.match(r"(tag|https?|urn):", value or ""), (where, value)  # 4.2.6: an absolute IRI
        for date in [*root.iter(f"{A}updated"), *root.iter(f"{A}published")]:
            assert RFC3339.match(date.text or ""), (where, date.text)  # 3.3: RFC 3339, with an offset
        for entry in entries:
            for name in ("id", "title", "updated"):  # 4.1.2
                assert len(entry.findall(f"{A}{name}")) == 1, (where, name)
            alternates = [l for l in entry.findall(f"{A}link") if l.get("rel") in (None, "alternate")]
            assert alternates or entry.findall(f"{A}content"), where
            assert len({(l.get("type"), l.get("hreflang")) for l in alternates}) == len(alternates), where
            for text in entry.findall(f"{A}summary") + entry.findall(f"{A}title"):
                assert text.get("type") in (None, "text", "html"), where
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (where, parsed.get("bozo_exception"))
        assert parsed.feed.get("author"), where
    assert entries_seen > 10


def test_every_rss_feed_keeps_the_rss_2_0_rules(site):
    feeds = _rss_feeds(site)
    assert len(feeds) == len(_atom_feeds(site))
    items_seen = 0
    for path in feeds:
        where = path.relative_to(site.output).as_posix()
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (where, parsed.get("bozo_exception"))
        assert parsed.version == "rss20", where
        root = etree.parse(str(path)).getroot()
        assert root.tag == "rss" and root.get("version") == "2.0", where
        (channel,) = root.findall("channel")
        for name in ("title", "link", "description"):  # the required channel elements
            (element,) = channel.findall(name)
            assert (element.text or "").strip(), (where, name)
        assert channel.findtext("link", "").startswith("http"), where
        for date in channel.findall("lastBuildDate") + channel.findall("pubDate"):
            assert email.utils.parsedate_to_datetime(date.text).tzinfo is not None, (where, date.text)
        for item in channel.findall("item"):
            items_seen += 1
            title, description = item.findtext("title"), item.findtext("description")
            assert (title or "").strip() or (description or "").strip(), where
            (guid,) = item.findall("guid")
            if guid.get("isPermaLink", "true") == "true":  # the default: the guid is the item's URL
                assert guid.text == item.findtext("link") and guid.text.startswith("http"), where
            else:
                assert guid.get("isPermaLink") == "false" and guid.text.startswith("tag:"), where
            (date,) = item.findall("pubDate")
            assert email.utils.parsedate_to_datetime(date.text).tzinfo is not None, (where, date.text)
            assert not item.findall("author"), where  # RSS's author is an e-mail address
            assert html_problems(description or "") == [], (where, title)
        assert rss_problems(path.read_bytes()) == [], where  # what `invoke check` says
    assert items_seen > 10


def test_descriptions_are_valid_html_for_the_nu_html_checker(site, tmp_path):
    """Every item's description, in a page of its own, passes the Nu Html Checker (errors only)."""
    from quality.vnu import find_vnu, vnu_command

    jar, java = find_vnu(), shutil.which("java")
    if jar is None or java is None:
        if os.environ.get("CI"):
            pytest.fail("vnu.jar or Java missing in CI")
        pytest.skip("vnu.jar (npm ci) or Java is missing")
    descriptions: dict[str, str] = {}
    for path in _rss_feeds(site):
        for item in etree.parse(str(path)).getroot().iter("item"):
            descriptions.setdefault(item.findtext("description") or "", path.relative_to(site.output).as_posix())
    pages = []
    for number, (description, where) in enumerate(descriptions.items()):
        page = tmp_path / f"item-{number}.html"
        page.write_text(
            f'<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8"><title>{number}</title></head>'
            f"<body><!-- {where} --><article>{description}</article></body></html>",
            "utf-8",
        )
        pages.append(str(page))
    assert len(pages) > 3
    result = subprocess.run([*vnu_command(java, jar), "--errors-only", *pages], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or result.stdout


def test_invoke_check_reports_each_broken_feed_with_its_file_and_problem(site, tmp_path):
    copy = tmp_path / "output"
    shutil.copytree(site.output / "feeds", copy / "feeds")
    shutil.copytree(site.output / "en" / "feeds", copy / "en" / "feeds")
    clean = CheckReport()
    check_formats(copy, {}, clean)
    assert clean.ok and clean.checked["feeds"] > 10, clean.format()  # the control: every copied feed passes
    breaks = {
        "feeds/all.atom.xml": (re.compile(rb"<updated>[^<]*</updated>"), b"", "RFC 4287 schema"),
        "en/feeds/all.atom.xml": (re.compile(rb"<author>.*?</author>"), b"", "must have an atom:author"),
        "feeds/all.rss.xml": (re.compile(rb' isPermaLink="false"'), b"", "is a permalink"),
        "en/feeds/all.rss.xml": (
            re.compile(rb"<pubDate>[^<]*</pubDate>"),
            b"<pubDate>yesterday</pubDate>",
            "not an RFC 822 date",
        ),
    }
    for rel, (pattern, replacement, _message) in breaks.items():
        data = (copy / rel).read_bytes()
        broken = pattern.sub(replacement, data, count=1)
        assert broken != data, rel
        (copy / rel).write_bytes(broken)
    report = CheckReport()
    check_formats(copy, {}, report)
    assert {f.path for f in report.findings} == set(breaks), report.format()
    for rel, (_pattern, _replacement, message) in breaks.items():
        assert [f for f in report.findings if f.path == rel and f.rule == "feeds" and message in f.message], (
            report.format()
        )


def test_both_kinds_of_feed_name_their_stylesheet_in_their_language(site):
    for rel, sheet in (
        ("feeds/all.atom.xml", "/feeds/feed.xsl"),
        ("feeds/all.rss.xml", "/feeds/feed.xsl"),
        ("en/feeds/all.atom.xml", "/en/feeds/feed.xsl"),
    ):
        head = site.read(rel)[:300]
        assert f'<?xml-stylesheet href="{sheet}" type="text/xsl"' in head, rel
    xsl = etree.parse(str(site.output / "en/feeds/feed.xsl"))
    etree.XSLT(xsl)  # a stylesheet libxslt compiles
    page = etree.XSLT(xsl)(etree.parse(str(site.output / "en/feeds/all.atom.xml")))
    html = etree.tostring(page, encoding="unicode", method="html")
    assert 'lang="en"' in html and "copy its address into a feed reader" in html
    assert html.count("<li>") == len(etree.parse(str(site.output / "en/feeds/all.atom.xml")).findall(f"{A}entry"))
    lv = etree.XSLT(etree.parse(str(site.output / "feeds/feed.xsl")))(
        etree.parse(str(site.output / "feeds/all.rss.xml"))
    )
    assert "iekopējiet tās adresi ziņu lasītājā" in etree.tostring(lv, encoding="unicode", method="html")


def test_every_feed_and_calendar_is_linked_from_a_page_and_none_is_empty_for_nothing(site):
    """A subscriber finds a feed through a page; a feed no page links (a project's in a language the project
    has no page in) would be an empty orphan."""
    import re
    from urllib.parse import urlsplit

    linked = set()
    for page in site.output.rglob("*.html"):
        for href in re.findall(r'href="([^"]+)"', page.read_text("utf-8")):
            linked.add(urlsplit(href.replace("webcal://", "http://")).path.lstrip("/"))
    written = [
        p.relative_to(site.output).as_posix()
        for p in site.output.rglob("*")
        if p.suffix in (".ics", ".xml") and ("feeds/" in p.as_posix() or p.name == "event.ics")
    ]
    assert len(written) > 20
    assert [w for w in written if w not in linked] == []
