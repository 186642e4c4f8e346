"""The security rule of `invoke check` (quality/security.py) on small files written
into an output folder: each rule reports a file that breaks it, by name, and stays
quiet on a close but safe file. One fixture site, built for real, reports nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quality.report import CheckReport
from quality.security import check_security

SITE = "https://example.org/site"


def page(body: str = "", head: str = "") -> str:
    """A page shaped like the theme's: its own script and search form, editors' markup in .prose."""
    return (
        '<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8"><title>T</title>'
        f'<script src="{SITE}/theme/js/site.js" defer></script>{head}</head><body>'
        f'<form class="header-search" role="search" action="{SITE}/meklet/"><input name="q"></form>'
        f'<main id="main"><article><h1>T</h1><div class="prose e-content">{body}</div></article></main>'
        "</body></html>"
    )


def atom(content: str, link: str = f"{SITE}/a/") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="lv">'
        f'<title>F</title><link href="{SITE}/" rel="alternate"/><id>tag:example.org,2026:f</id>'
        f'<updated>2026-01-01T00:00:00Z</updated><entry><title>E</title><link href="{link}" rel="alternate"/>'
        "<id>tag:example.org,2026:e</id><updated>2026-01-01T00:00:00Z</updated>"
        f'<content type="html">{content}</content></entry></feed>'
    )


def rss(description: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>F</title>'
        f"<link>{SITE}/</link><description>d</description><item><title>E</title><link>{SITE}/a/</link>"
        f'<guid isPermaLink="false">tag:example.org,2026:e</guid><description>{description}</description>'
        "</item></channel></rss>"
    )


def ics(*lines: str, end: bytes = b"\r\n") -> bytes:
    body = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//example.org//t//LV",
        "BEGIN:VEVENT",
        "UID:e@example.org",
        "DTSTAMP:20260101T000000Z",
        "DTSTART:20260102T100000Z",
        "SUMMARY:Tirgus",
        *lines,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return b"".join(line.encode("utf-8") + end for line in body)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 4 4">{}</svg>'
ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
)

# (id, file name, content, words the finding's message contains)
UNSAFE = [
    ("href-tab-in-scheme", "a/index.html", page('<a href="java&#9;script:alert(1)">x</a>'), "'javascript:'"),
    ("href-entity-scheme", "a/index.html", page('<a href="&#106;avascript:alert(1)">x</a>'), "'javascript:'"),
    ("img-onerror", "a/index.html", page("<img src=x onerror=alert(1) alt=''>"), "onerror"),
    ("inline-script", "a/index.html", page(head="<script>alert(1)</script>"), "inline <script>"),
    (
        "script-other-host",
        "a/index.html",
        page(head='<script src="https://cdn.example.net/x.js"></script>'),
        "not one of the theme's own",
    ),
    ("script-in-body", "a/index.html", page(f'<script src="{SITE}/theme/js/site.js"></script>'), "article body"),
    ("iframe", "a/index.html", page('<iframe src="https://example.net/"></iframe>'), "<iframe"),
    ("object-data", "a/index.html", page('<object data="data:text/html,x"></object>'), "'data:'"),
    ("base", "a/index.html", page(head='<base href="https://example.net/">'), "<base"),
    ("form-in-body", "a/index.html", page('<form action="https://example.net/"><input></form>'), "form"),
    (
        "form-other-site",
        "a/index.html",
        page().replace(f'action="{SITE}/meklet/"', 'action="https://example.net/"'),
        "another site",
    ),
    ("formaction", "a/index.html", page('<button formaction="javascript:x">b</button>'), "formaction"),
    (
        "meta-refresh",
        "a/index.html",
        page(head='<meta http-equiv="refresh" content="0; url=javascript:alert(1)">'),
        "'javascript:'",
    ),
    ("style-attribute", "a/index.html", page('<p style="position:fixed;top:0">x</p>'), "style attribute"),
    ("style-element", "a/index.html", page("<style>body{display:none}</style>"), "<style>"),
    ("srcset", "a/index.html", page('<img alt="" src="a.jpg" srcset="a.jpg 1x, javascript:x 2x">'), "srcset"),
    ("svg-in-html-script", "a/index.html", page("<svg><script>alert(1)</script></svg>"), "inline <script>"),
    (
        "svg-in-html-xlink",
        "a/index.html",
        page('<svg><a xlink:href="javascript:x"><text>x</text></a></svg>'),
        "xlink:href",
    ),
    (
        "svg-in-html-animate",
        "a/index.html",
        page('<svg><a><set attributeName="href" to="javascript:x"/><text>x</text></a></svg>'),
        "'javascript:'",
    ),
    ("template-handler", "a/index.html", page("<template><img src=x onerror=alert(1)></template>"), "onerror"),
    ("json-ld-nan", "a/index.html", page(head='<script type="application/ld+json">{"a": NaN}</script>'), "NaN"),
    (
        "json-ld-url",
        "a/index.html",
        page(head='<script type="application/ld+json">{"@type": "Event", "url": "javascript:x"}</script>'),
        "$.url",
    ),
    ("webcal-other-host", "a/index.html", page('<a href="webcal://example.net/x.ics">x</a>'), "'webcal:'"),
    ("svg-script", "img/x.svg", SVG.format("<script>alert(1)</script>"), "<script>"),
    ("svg-onload", "img/x.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "onload"),
    ("svg-foreign-object", "img/x.svg", SVG.format("<foreignObject><p>x</p></foreignObject>"), "foreignObject"),
    ("svg-external-href", "img/x.svg", SVG.format('<image href="https://example.net/x.png"/>'), "outside the file"),
    ("svg-external-xlink", "img/x.svg", SVG.format('<use xlink:href="other.svg#a"/>'), "outside the file"),
    ("svg-entities", "img/x.svg", ENTITIES, "<!ENTITY>"),
    ("svg-css-import", "img/x.svg", SVG.format("<style>@import url(https://example.net/x.css);</style>"), "style"),
    ("atom-content-link", "feeds/all.atom.xml", atom('&lt;a href="javascript:x"&gt;x&lt;/a&gt;'), "'javascript:'"),
    ("atom-content-script", "feeds/all.atom.xml", atom("&lt;script&gt;alert(1)&lt;/script&gt;"), "inline <script>"),
    ("atom-link-href", "feeds/all.atom.xml", atom("x", link="javascript:alert(1)"), "'javascript:'"),
    ("rss-description", "feeds/all.rss.xml", rss("&lt;img src=x onerror=alert(1)&gt;"), "onerror"),
    (
        "xml-stylesheet-other-host",
        "feeds/all.rss.xml",
        rss("x").replace("?>", '?><?xml-stylesheet href="https://example.net/f.xsl" type="text/xsl"?>', 1),
        "another site",
    ),
    ("json-nan", "dati/news.json", '{"items": [{"budget": NaN}]}', "NaN"),
    ("json-infinity", "dati/news.json", '{"budget": -Infinity}', "-Infinity"),
    ("json-url", "dati/news.json", '{"items": [{"url": "javascript:alert(1)"}]}', "$.items[0].url"),
    ("json-url-list", "dati/news.json", '{"translations": ["https://example.org/", "data:text/html,x"]}', "'data:'"),
    ("csv-formula", "dati/news.csv", "title,amount\r\n=SUM(1),5\r\n", "=SUM(1)"),
    ("csv-at", "dati/news.csv", 'title,amount\r\n"@cmd|x",5\r\n', "@cmd"),
    ("csv-minus-text", "dati/news.csv", "title,amount\r\n-2+3+cmd|x,5\r\n", "-2+3"),
    ("ics-lone-cr", "feeds/events.ics", ics("DESCRIPTION:a\rb"), "lone CR"),
    ("ics-lone-lf", "feeds/events.ics", ics("LOCATION:x", end=b"\n"), "lone LF"),
    ("ics-url", "feeds/events.ics", ics("URL:javascript:alert(1)"), "URL"),
    ("ics-attach", "feeds/events.ics", ics("ATTACH;FMTTYPE=text/html:data:text/html,x"), "ATTACH"),
    ("ics-no-final-crlf", "feeds/events.ics", ics()[:-2], "last line"),
    ("control-character-name", "a/b\x1bc.txt", "x", "control characters"),
]

SAFE = [
    (
        "relative-link-named-javascript",
        "a/index.html",
        page('<a href="javascript-guide/">x</a><a href="?u=javascript:1">y</a>'),
    ),
    (
        "allowed-schemes",
        "a/index.html",
        page(
            '<a href="https://example.net/">a</a><a href="mailto:a@example.org">b</a>'
            '<a href="tel:+37165400000">c</a><a href="#top">d</a>'
        ),
    ),
    (
        "attribute-text-mentions-handler",
        "a/index.html",
        page('<img src="x.jpg" alt="onerror=alert(1)" data-onload="x">'),
    ),
    ("escaped-script-text", "a/index.html", page("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")),
    (
        "theme-scripts-and-json-ld",
        "a/index.html",
        page(
            head='<script src="/theme/js/search.js" type="module"></script>'
            '<script type="application/ld+json">{"@context": "https://schema.org", "url": "https://example.org/site/"}'
            "</script>"
        ),
    ),
    ("own-webcal", "a/index.html", page('<a href="webcal://example.org/site/feeds/events.ics">x</a>')),
    ("safe-srcset", "a/index.html", page('<img alt="" src="a.jpg" srcset="a.jpg 1x, /b.jpg 2x">')),
    (
        "svg-local-reference",
        "img/x.svg",
        SVG.format(
            '<defs><path id="p" d="M0 0h4"/></defs><use href="#p"/><use xlink:href="#p"/><rect style="fill:url(#p)"/>'
        ),
    ),
    (
        "svg-standard-doctype",
        "img/x.svg",
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
    ),
    (
        "atom-safe-content",
        "feeds/all.atom.xml",
        atom('&lt;p&gt;a &amp;lt; b &lt;a href="https://example.net/"&gt;x&lt;/a&gt;&lt;/p&gt;'),
    ),
    ("rss-escaped-script-text", "feeds/all.rss.xml", rss("&lt;p&gt;&amp;lt;script&amp;gt;&lt;/p&gt;")),
    (
        "atom-text-title-with-markup",
        "feeds/all.atom.xml",
        atom("x").replace("<title>E</title>", "<title>Svētki &lt;script&gt;alert(1)&lt;/script&gt;</title>"),
    ),
    (
        "json-words-not-urls",
        "dati/news.json",
        '{"title": "javascript: a guide", "note": "NaN", '
        '"url": "https://example.org/", "id": "tag:example.org,2026:x"}',
    ),
    ("csv-numbers", "dati/news.csv", "title,amount,change\r\nTirgus,-5,-0.5\r\n'=SUM(1),+3,1e-3\r\n"),
    ("ics-folded-crlf", "feeds/events.ics", ics("DESCRIPTION:a long line that is folded", " here", f"URL:{SITE}/a/")),
    ("plain-folders", "a/b/c/index.txt", "x"),
]


def scan(root: Path, files: dict[str, str | bytes]) -> CheckReport:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8", newline="")
    report = CheckReport()
    check_security(root, report, site_urls=(SITE,))
    return report


@pytest.mark.parametrize("rel, content, words", [c[1:] for c in UNSAFE], ids=[c[0] for c in UNSAFE])
def test_each_rule_reports_the_file(tmp_path, rel, content, words):
    report = scan(tmp_path / "output", {rel: content})
    shown = rel.encode("unicode_escape").decode("ascii")
    found = [f for f in report.findings if f.rule == "security" and f.path == shown and words in f.message]
    assert found, report.format()


@pytest.mark.parametrize("rel, content", [c[1:] for c in SAFE], ids=[c[0] for c in SAFE])
def test_close_but_safe_files_pass(tmp_path, rel, content):
    report = scan(tmp_path / "output", {rel: content})
    assert report.ok, report.format()


def test_symlinks_are_reported_and_not_followed(tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text(page("<script>alert(1)</script>"), "utf-8")
    root = tmp_path / "output"
    report = scan(root, {"index.html": page()})
    (root / "leak.html").symlink_to(secret)
    (root / "dir").symlink_to(tmp_path)
    report = CheckReport()
    check_security(root, report, site_urls=(SITE,))
    by_path = {f.path: f.message for f in report.findings}
    assert set(by_path) == {"leak.html", "dir"}, report.format()
    assert "symbolic link" in by_path["leak.html"] and "outside the output folder" in by_path["leak.html"]
    assert not [f for f in report.findings if "inline <script>" in f.message]  # the target was never read


def test_special_files_are_reported_not_read(tmp_path):
    root = tmp_path / "output"
    scan(root, {"index.html": page()})
    os.mkfifo(root / "feed.xml")  # reading it would block the check
    report = CheckReport()
    check_security(root, report, site_urls=(SITE,))
    assert [f.path for f in report.findings] == ["feed.xml"] and "not a regular file" in report.findings[0].message


def test_long_unfolded_ics_line_is_only_a_warning(tmp_path):
    report = scan(tmp_path / "output", {"feeds/events.ics": ics("DESCRIPTION:" + "x" * 80)})
    assert report.ok, report.format()
    assert [w.path for w in report.warnings] == ["feeds/events.ics"] and "75 octets" in report.warnings[0].message


def test_markup_in_an_rss_title_is_only_a_warning(tmp_path):
    feed = rss("x").replace("<title>E</title>", "<title>Svētki &lt;script&gt;alert(1)&lt;/script&gt;</title>")
    report = scan(tmp_path / "output", {"feeds/all.rss.xml": feed})
    assert report.ok, report.format()
    assert [w.path for w in report.warnings] == ["feeds/all.rss.xml"], report.format()


def test_other_checks_skip_symlinked_pages(tmp_path):
    from quality.site_files import load_pages

    root = tmp_path / "output"
    scan(root, {"index.html": page()})
    (tmp_path / "outside.html").write_text(page(), "utf-8")
    (root / "leak.html").symlink_to(tmp_path / "outside.html")
    assert set(load_pages(root)) == {"index.html"}


def test_invoke_check_runs_the_security_rule(tmp_path):
    from quality.check import run_checks

    root = tmp_path / "output"
    scan(root, {"index.html": page('<a href="javascript:alert(1)">x</a>')})
    report = run_checks(root, site_urls=(SITE,), languages=("lv",), default_lang="lv", browser=False, vnu=False)
    assert [f.path for f in report.findings if f.rule == "security"] == ["index.html"], report.format()


@pytest.mark.site
def test_a_built_fixture_site_reports_nothing(make_site):
    from pelican.settings import read_settings

    from contentmodel.config import SiteConfig
    from tests.conftest import ROOT
    from tests.sites.fixtures import basic_site

    built = make_site(basic_site())
    assert built.code == 0, built.log
    config = SiteConfig.from_settings(read_settings(str(ROOT / "pelicanconf.py")))
    report = CheckReport()
    check_security(built.output, report, site_urls=tuple(u for u in (config.site_url, config.feed_url) if u))
    assert report.ok, report.format()
    assert report.checked["security (html)"] > 5 and report.checked["security (ics)"] >= 1
