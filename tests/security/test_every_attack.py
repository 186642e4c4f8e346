"""One fixture site with every attack class that the build neutralises rather than refuses.

The site builds; every format it writes is safe (asserted directly), and the
security check of ``invoke check`` finds nothing in it. Then each kind of
risk is planted into a copy of the built site, one at a time, as a
regression of one of the defences would leave it, and the check must report
exactly the file it was planted in. (The attacks the build refuses have
their own cases in the other files of this folder.)
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from pelican.settings import read_settings
from selectolax.lexbor import LexborHTMLParser

from contentmodel.config import SiteConfig
from quality.check import run_checks
from tests.conftest import ROOT
from tests.sites.fixtures import PROJECT_LV, png_bytes

pytestmark = pytest.mark.site

HOSTILE_ARTICLE = """
---
title: "<script>alert(1)</script> =HYPERLINK(\\"http://x\\",\\"y\\") & Co"
date: 2026-10-01 10:00
projects: [LLI-59]
municipalities: [preili]
tags: [no, yes, "010", "+SUM(1)", "@cmd", "-2+3", "<b>"]
author: "=1+2 <img src=x onerror=alert(1)>"
image: images/cover.png
image_alt: 'Attēls" onerror="alert(1)'
event_dates: [2026-12-05T10:00/2026-12-05T14:00]
event_location: "<b>Preiļi</b>; Raiņa bulvāris 19, \\\\ telpa 2"
---

Pirmā&nbsp;rindkopa ar &euro; un &amp; zīmēm
turpinās nākamajā rindā.

<script>alert(2)</script> un <img src=x onerror=alert(3)> paliek teksts.

Saite ar [drošu adresi](https://example.org/?q=<script>) un
[pastu](mailto:info@example.org).
{: target="_blank" }
"""

HOSTILE_PROJECT = PROJECT_LV.replace(
    "municipalities: [preili, ludza]", 'municipalities: [preili, ludza]\npartners: ["=HYPERLINK(1)", "@SUM(A1)"]'
)


def _config() -> SiteConfig:
    return SiteConfig.from_settings(read_settings(str(ROOT / "pelicanconf.py")))


def _security(root: Path):
    config = _config()
    return run_checks(
        root,
        site_urls=tuple(u for u in (config.site_url, config.feed_url) if u),
        languages=config.codes,
        default_lang=config.default_lang,
        browser=False,
        vnu=False,
    )


@pytest.fixture
def hostile_site(make_site):
    built = make_site(
        {
            "projects/lli-59.lv.md": HOSTILE_PROJECT,
            "articles/2026/hostile.lv.md": HOSTILE_ARTICLE,
            "images/cover.png": png_bytes(),
        }
    )
    assert built.code == 0, built.log
    assert "target" in built.log  # the attribute the page may not carry is named in a warning
    return built


def _article(built) -> str:
    pages = [p for p in built.output.glob("2026/*/index.html")]
    assert len(pages) == 1, pages
    return pages[0].read_text("utf-8")


def test_every_neutralised_attack_builds_into_safe_files(hostile_site):
    built = hostile_site
    page = _article(built)
    assert "<script>alert" not in page
    tree = LexborHTMLParser(page)
    assert not [
        n
        for n in tree.css("script")
        if not n.attributes.get("src") and n.attributes.get("type") != "application/ld+json"
    ], "an inline script reached the page"
    assert not [n for n in tree.css("*") if any(a.lower().startswith("on") for a in n.attributes)]
    assert not tree.css("[target]")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    img = next(n for n in tree.css("img") if "cover" in (n.attributes.get("src") or ""))
    assert img.attributes["alt"] == 'Attēls" onerror="alert(1)'  # one attribute, the text kept as text
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        root = etree.fromstring((built.output / feed).read_bytes())
        assert not root.xpath("//*[local-name()='script']"), feed
        carried = root.xpath("//*[local-name()='content' or local-name()='description']/text()")
        assert carried, feed
        for html_text in carried:  # the HTML a feed reader will render
            fragment = LexborHTMLParser(html_text)
            assert not fragment.css("script, iframe, object, embed"), feed
            assert not [n for n in fragment.css("*") if any(a.lower().startswith("on") for a in n.attributes)], feed
    atom = etree.fromstring((built.output / "feeds/all.atom.xml").read_bytes())
    summaries = atom.xpath("//*[local-name()='entry']/*[local-name()='summary']")
    assert any(s.get("type") == "text" and "Pirmā\u00a0rindkopa ar € un & zīmēm turpinās" in s.text for s in summaries)
    for name in ("dati/news.csv", "dati/events.csv", "dati/projects.csv"):
        for row in csv.reader(io.StringIO(built.read(name))):
            for cell in row:
                if cell and cell[0] in "=+-@\t\r":
                    float(cell)  # only a plain number may start with a minus
    for name in ("dati/news.json", "dati/events.json", "dati/projects.json"):
        json.loads(built.read(name), parse_constant=lambda c, name=name: pytest.fail(f"{name} has {c}"))
    ics = (built.output / "feeds/events.ics").read_bytes()
    assert all(line.endswith(b"\r") for line in ics.split(b"\n")[:-1])
    assert b"\r" not in ics.replace(b"\r\n", b"") and b"\n" not in ics.replace(b"\r\n", b"")
    assert "Raiņa bulvāris 19\\, \\\\ telpa 2".encode() in ics.replace(b"\r\n ", b"")


def test_the_security_check_finds_nothing_in_the_hostile_site(hostile_site):
    report = _security(hostile_site.output)
    security = [f for f in report.findings if f.rule == "security"]
    assert not security, report.format()
    assert report.checked["security (html)"] > 10 and report.checked["security (csv)"] >= 3


def _plant_script(root: Path) -> str:
    rel = next(p for p in root.glob("2026/*/index.html")).relative_to(root).as_posix()
    path = root / rel
    path.write_text(path.read_text("utf-8").replace("</main>", "<script>alert(9)</script></main>"), "utf-8")
    return rel


def _plant_handler(root: Path) -> str:
    path = root / "index.html"
    path.write_text(path.read_text("utf-8").replace("<main", '<main onmouseover="alert(9)"', 1), "utf-8")
    return "index.html"


def _plant_link(root: Path) -> str:
    path = root / "en/index.html"
    path.write_text(
        path.read_text("utf-8").replace("</main>", '<a href="java&#9;script:alert(9)">x</a></main>'), "utf-8"
    )
    return "en/index.html"


def _plant_svg(root: Path) -> str:
    (root / "images/plan.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(9)</script></svg>', "utf-8"
    )
    return "images/plan.svg"


def _plant_feed(root: Path) -> str:
    path = root / "feeds/all.atom.xml"
    text = path.read_text("utf-8")
    marker = '<content type="html">'
    assert marker in text
    path.write_text(text.replace(marker, marker + '&lt;a href="javascript:alert(9)"&gt;x&lt;/a&gt;', 1), "utf-8")
    return "feeds/all.atom.xml"


def _plant_nan(root: Path) -> str:
    path = root / "dati/news.json"
    path.write_text(path.read_text("utf-8").replace("{", '{"score": NaN, ', 1), "utf-8")
    return "dati/news.json"


def _plant_formula(root: Path) -> str:
    path = root / "dati/news.csv"
    path.write_text(path.read_text("utf-8") + '=HYPERLINK("http://x","y"),b\r\n', "utf-8")
    return "dati/news.csv"


def _plant_carriage_return(root: Path) -> str:
    path = root / "feeds/events.ics"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"SUMMARY:", b"SUMMARY:x\rX-INJECTED:1 ", 1))
    return "feeds/events.ics"


def _plant_symlink(root: Path) -> str:
    (root / "leak.txt").symlink_to("/etc/hostname")
    return "leak.txt"


PLANTS = {
    "inline-script": _plant_script,
    "event-handler": _plant_handler,
    "javascript-link": _plant_link,
    "svg-script": _plant_svg,
    "feed-content": _plant_feed,
    "json-nan": _plant_nan,
    "csv-formula": _plant_formula,
    "ics-carriage-return": _plant_carriage_return,
    "symlink": _plant_symlink,
}


def test_the_security_check_reports_each_planted_risk(hostile_site, tmp_path):
    """Each kind of risk, planted alone in a copy of the built site, is reported in exactly its file."""
    for name, plant in PLANTS.items():
        copy = tmp_path / f"copy-{name}"
        shutil.copytree(hostile_site.output.resolve(), copy, symlinks=True)
        planted = plant(copy)
        report = _security(copy)
        reported = sorted({f.path for f in report.findings if f.rule == "security"})
        assert reported == [planted], f"{name}: {report.format()}"
