"""Every internal link and fragment resolves: pages, feeds, sitemaps, calendars."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .report import CheckReport
from .site_files import Page, regular_files, site_path

_ATTRS = ("href", "src")
_ICS_URL = re.compile(r"^URL(?:;[^:]*)?:(.+)$", re.MULTILINE)


def _resolve(
    root: Path, pages: dict[str, Page], url: str, site_urls, base_rel: str, report: CheckReport, source: str
) -> None:
    target = site_path(url.strip(), site_urls, base_rel)
    if target is None:
        return
    rel, fragment = target
    path = root / rel
    if not path.exists():
        if (root / rel).with_suffix("").is_dir() or (root / (rel + "/index.html")).is_file():
            return
        report.add("links", source, f"broken link {url!r} (no {rel})")
        return
    if fragment and rel.endswith(".html"):
        page = pages.get(rel)
        if page is not None and fragment not in page.ids:
            report.add("links", source, f"link {url!r}: no element with id '{fragment}' in {rel}")


def check_links(root: Path, pages: dict[str, Page], site_urls: tuple[str, ...], report: CheckReport) -> None:
    count = 0
    for rel, page in pages.items():
        for node in page.tree.css("[href], [src], [srcset]"):
            for attr in _ATTRS:
                value = node.attributes.get(attr)
                if value and not value.startswith(("mailto:", "tel:", "data:", "javascript:")):
                    count += 1
                    _resolve(root, pages, value, site_urls, rel, report, rel)
            srcset = node.attributes.get("srcset")
            if srcset:
                for item in srcset.split(","):
                    count += 1
                    _resolve(root, pages, item.strip().split(" ")[0], site_urls, rel, report, rel)
    for feed in regular_files(root, ".xml"):
        frel = feed.relative_to(root).as_posix()
        try:
            tree = etree.parse(str(feed))
        except etree.XMLSyntaxError as exc:
            report.add("links", frel, f"not well-formed XML: {exc}")
            continue
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            name = etree.QName(el).localname
            urls = []
            if name in ("link",) and el.get("href"):
                urls.append(el.get("href"))
            elif name in ("link", "loc", "guid") and el.text and el.text.strip().startswith(("http", "/")):
                if not (name == "guid" and el.get("isPermaLink") == "false"):
                    urls.append(el.text.strip())
            elif name in ("content", "description", "summary") and el.text and "<" in el.text:
                from selectolax.lexbor import LexborHTMLParser

                frag = LexborHTMLParser(el.text)
                urls += [n.attributes.get("href") or n.attributes.get("src") for n in frag.css("[href], [src]")]
            for url in urls:
                if url:
                    count += 1
                    _resolve(root, pages, url, site_urls, frel, report, frel)
    for ics in regular_files(root, ".ics"):
        irel = ics.relative_to(root).as_posix()
        text = ics.read_text("utf-8").replace("\r\n ", "").replace("\n ", "")
        for match in _ICS_URL.finditer(text):
            count += 1
            _resolve(root, pages, match.group(1).strip(), site_urls, irel, report, irel)
    report.checked["links"] = count
