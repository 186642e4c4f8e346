"""XML sitemaps with hreflang alternates, one per language, and their index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class UrlEntry:
    loc: str  # absolute
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute url), including self and x-default
    lastmod: str = ""  # YYYY-MM-DD


def urlset(entries: Sequence[UrlEntry]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for e in sorted(entries, key=lambda e: e.loc):
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(e.loc)}</loc>")
        if e.lastmod:
            lines.append(f"    <lastmod>{e.lastmod}</lastmod>")
        for hreflang, href in e.alternates:
            lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(href)}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(locations: Sequence[str], lastmod: str = "") -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for loc in locations:
        lines.append(
            f"  <sitemap><loc>{escape(loc)}</loc>{f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}</sitemap>"
        )
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def robots(sitemap_url: str, disallow: tuple[str, ...] = ()) -> str:
    """robots.txt: everything may be crawled but the paths in ``disallow`` (the web editor)."""
    rules = "".join(f"Disallow: {path}\n" for path in disallow)
    return f"User-agent: *\n{rules}Allow: /\n\nSitemap: {sitemap_url}\n"
