"""Feeds, sitemaps, calendars and JSON-LD parse and carry their required parts; Atom feeds are valid
against RFC 4287's schema and RSS feeds keep the RSS 2.0 rules (quality/feedcheck.py)."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from icalendar import Calendar
from lxml import etree

from .feedcheck import feed_problems
from .report import CheckReport
from .site_files import Page, regular_files

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def check_formats(root: Path, pages: dict[str, Page], report: CheckReport, only: frozenset[str] | None = None) -> None:
    """Feeds, sitemaps, calendars and JSON-LD blocks (those in ``only``, when given)."""
    feeds = sitemaps = calendars = blocks = 0
    wanted = (lambda rel: True) if only is None else only.__contains__
    for path in regular_files(root, ".xml"):
        rel = path.relative_to(root).as_posix()
        if not wanted(rel):
            continue
        data = path.read_bytes()
        if rel.startswith("sitemap") or b"<urlset" in data[:400] or b"<sitemapindex" in data[:400]:
            sitemaps += 1
            try:
                tree = etree.fromstring(data)
            except etree.XMLSyntaxError as exc:
                report.add("sitemaps", rel, f"not valid XML: {exc}")
                continue
            for loc in tree.iter(f"{SITEMAP_NS}loc"):
                if not (loc.text or "").startswith("http"):
                    report.add("sitemaps", rel, f"<loc> {loc.text!r} is not absolute")
            continue
        feeds += 1
        for line, problem in feed_problems(data):  # the RFC 4287 schema and rules, RSS 2.0, feedparser
            report.add("feeds", rel, problem, line)
        feed = feedparser.parse(data)
        if feed.bozo:  # reported above
            continue
        if not feed.feed.get("title") or not feed.feed.get("link"):
            report.add("feeds", rel, "the feed has no title or link")
        if not (feed.feed.get("language") or feed.feed.get("title_detail", {}).get("language")):
            report.add("feeds", rel, "the feed does not say its language")
        if feed.version.startswith("rss") and b'rel="self"' not in data:
            report.add("feeds", rel, "RSS without atom:link rel=self")
        for entry in feed.entries:
            if not entry.get("id") or not entry.get("link") or not (entry.get("updated") or entry.get("published")):
                report.add("feeds", rel, f"entry {entry.get('title')!r} lacks id, link or date")
    for path in regular_files(root, ".ics"):
        rel = path.relative_to(root).as_posix()
        if not wanted(rel):
            continue
        calendars += 1
        try:
            cal = Calendar.from_ical(path.read_bytes())
        except ValueError as exc:
            report.add("ics", rel, f"does not parse: {exc}")
            continue
        for event in cal.walk("VEVENT"):
            for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                if prop not in event:
                    report.add("ics", rel, f"a VEVENT has no {prop}")
    for rel, page in pages.items():
        if not wanted(rel):
            continue
        for script in page.tree.css('script[type="application/ld+json"]'):
            blocks += 1
            try:
                data = json.loads(script.text())
            except ValueError as exc:
                report.add("json-ld", rel, f"not valid JSON: {exc}")
                continue
            if "@context" not in data or "@type" not in data:
                report.add("json-ld", rel, "a JSON-LD block without @context or @type")
            if data.get("@type") == "NewsArticle" and not (data.get("headline") and data.get("datePublished")):
                report.add("json-ld", rel, "NewsArticle without headline or datePublished")
            if data.get("@type") == "Event" and not (data.get("name") and data.get("startDate")):
                report.add("json-ld", rel, "Event without name or startDate")
    report.checked.update({"feeds": feeds, "sitemaps": sitemaps, "calendars": calendars, "json-ld": blocks})
