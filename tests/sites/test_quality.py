"""`invoke check` passes on the demo site and fails, with the right message,
on copies of it broken in each of its rules; page weight stays in budget."""

import shutil
from pathlib import Path

import pytest

from quality.check import run_checks

pytestmark = pytest.mark.site
URLS = ("http://localhost:8000",)
ARTICLE = "2018/latgales-pasvaldibu-parstavji-dalijas-pieredze-par-darba-organizesanu/index.html"


def check(root: Path, **kw):
    return run_checks(root, site_urls=URLS, languages=("lv", "en", "ltg"), default_lang="lv", browser=False, **kw)


def test_demo_site_passes(demo_site):
    report = check(demo_site.output, vnu=False)
    assert report.ok, report.format()
    assert report.checked["pages"] > 200 and report.checked["feeds"] > 50 and report.checked["calendars"] > 20


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


BREAKS = [
    ("links", ARTICLE, '<main id="main" tabindex="-1">', '<main id="main" tabindex="-1"><a href="/nav/">x</a>', "broken link '/nav/'"),
    ("links", ARTICLE, '<main id="main" tabindex="-1">', '<main id="main" tabindex="-1"><a href="#nav-tada">x</a>', "no element with id 'nav-tada'"),
    ("lang", ARTICLE, '<html lang="lv"', '<html lang="en"', "expected 'lv'"),
    ("alt", ARTICLE, '<main id="main" tabindex="-1">', '<main id="main" tabindex="-1"><img src="/theme/img/logo.svg">', "has no alt attribute"),
    ("h1", ARTICLE, "</main>", "<h1>Otrs</h1></main>", "2 <h1> elements"),
    ("title", "en/tags/index.html", "<title>Tags – Latgale Region News</title>", "<title>Projects – Latgale Region News</title>", "is used by 2 pages"),
    ("hreflang", "en/" + "2018/latgale-s-municipalities-share-their-experience-of-organising-work/index.html",
     'hreflang="lv" href="http://localhost:8000/2018/latgales-pasvaldibu-parstavji-dalijas-pieredze-par-darba-organizesanu/"',
     'hreflang="lv" href="http://localhost:8000/"', "does not link back"),
    ("inline-handlers", ARTICLE, "<main id=", '<main onclick="go()" id=', "inline event handler"),
    ("csp", ARTICLE, 'http-equiv="Content-Security-Policy"', 'http-equiv="X-Nothing"', "no Content-Security-Policy"),
    ("third-party", ARTICLE, "</head>", '<script src="https://cdn.example.com/x.js"></script></head>', "from another host"),
    ("head-feeds", ARTICLE, 'type="text/calendar"', 'type="text/plain"', "no iCalendar feed"),
    ("feeds", "feeds/all.atom.xml", "<title>", "<title><broken", "does not parse"),
    ("ics", "feeds/events.ics", "SUMMARY:", "X-SUMMARY:", "has no SUMMARY"),
    ("json-ld", ARTICLE, '"@type":"NewsArticle"', '"@type":"NewsArticle","x":', "not valid JSON"),
]


@pytest.mark.parametrize("rule, rel, old, new, message", BREAKS, ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKS)])
def test_each_rule_fails_on_a_broken_copy(demo_site, tmp_path, rule, rel, old, new, message):
    copy = tmp_path / "site"
    shutil.copytree(demo_site.output, copy)
    _edit(copy / rel, old, new)
    report = check(copy, vnu=False)
    found = [f for f in report.findings if f.rule == rule and message in f.message]
    assert found, report.format()


def test_vnu_finds_invalid_html(demo_site, tmp_path):
    import shutil as sh

    from quality.vnu import find_vnu
    if find_vnu() is None or sh.which("java") is None:
        import os
        if os.environ.get("CI"):
            pytest.fail("vnu.jar or Java missing in CI")
        pytest.skip("vnu.jar (npm ci) or Java is missing")
    copy = tmp_path / "site"
    copy.mkdir()
    shutil.copytree(demo_site.output / "2018", copy / "2018")
    (copy / "index.html").write_text((demo_site.output / "index.html").read_text("utf-8").replace("<main", "<main><div><p></span>", 1), "utf-8")
    report = check(copy)
    assert [f for f in report.findings if f.rule == "html"], report.format()


def _weight(root: Path, rel: str) -> int:
    from selectolax.lexbor import LexborHTMLParser
    html = (root / rel).read_bytes()
    tree = LexborHTMLParser(html.decode("utf-8"))
    total = len(html)
    for node in tree.css("link[rel=stylesheet], script[src]"):
        ref = (node.attributes.get("href") or node.attributes.get("src")).lstrip("/")
        total += (root / ref).stat().st_size
    return total


def test_page_weight_budgets(demo_site):
    assert _weight(demo_site.output, ARTICLE) <= 40 * 1024
    assert _weight(demo_site.output, "en/2024/youth-workers-from-five-municipalities-spend-three-days-learning-digital-youth/index.html") <= 40 * 1024
    assert _weight(demo_site.output, "index.html") <= 60 * 1024
    assert _weight(demo_site.output, "en/index.html") <= 60 * 1024
