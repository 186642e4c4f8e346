"""Page rules: lang, unique titles, one h1, alt text, hreflang reciprocity,
feed and calendar links in the head, CSP, no inline handlers, nothing third-party."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit

from contentmodel.site import PLACEHOLDER

from .report import CheckReport
from .site_files import Page, site_path


def page_language(rel: str, languages: Sequence[str], default_lang: str) -> str:
    first = rel.split("/", 1)[0]
    return first if first in languages and first != default_lang and "/" in rel else default_lang


def check_pages(
    pages: dict[str, Page], languages: Sequence[str], default_lang: str, site_urls: tuple[str, ...], report: CheckReport
) -> None:
    titles: dict[tuple[str, str], list[str]] = defaultdict(list)
    alternates: dict[str, dict[str, str]] = {}
    for rel, page in pages.items():
        tree = page.tree
        expected = page_language(rel, languages, default_lang)
        html = tree.css_first("html")
        lang = html.attributes.get("lang") if html else None
        if lang != expected:
            report.add("lang", rel, f"<html lang> is {lang!r}, expected {expected!r}")
        title = tree.css_first("head title")
        text = title.text(strip=True) if title else ""
        if not text:
            report.add("title", rel, "no <title>")
        else:
            titles[(expected, text)].append(rel)
        for node in tree.css("head title, h1, main p, main li, main h2, main h3"):
            words = node.text(strip=True)
            if PLACEHOLDER.match(words):
                report.add(
                    "placeholders",
                    rel,
                    f"<{node.tag}> still holds a placeholder: {words[:60]!r} "
                    "(replace the TODO text in the article's file)",
                )
                break
        h1 = tree.css("h1")
        if len(h1) != 1:
            report.add("h1", rel, f"{len(h1)} <h1> elements; a page needs exactly one")
        for img in tree.css("img"):
            alt = img.attributes.get("alt")
            if alt is None:
                report.add("alt", rel, f"<img src={img.attributes.get('src')!r}> has no alt attribute")
        for node in tree.css("*"):
            for name in node.attributes:
                if name.lower().startswith("on"):
                    report.add("inline-handlers", rel, f"<{node.tag} {name}=...> (inline event handler)")
            for attr in ("href", "src", "action"):
                value = (node.attributes.get(attr) or "").strip().lower()
                if value.startswith("javascript:"):
                    report.add("inline-handlers", rel, f"<{node.tag} {attr}=javascript:...>")
        if not tree.css_first('head meta[http-equiv="Content-Security-Policy"]'):
            report.add("csp", rel, "no Content-Security-Policy meta tag")
        for node in tree.css(
            "script[src], link[rel=stylesheet], img[src], iframe[src], link[rel=preload], "
            "source[src], video[src], audio[src]"
        ):
            url = node.attributes.get("src") or node.attributes.get("href") or ""
            if urlsplit(url).netloc and site_path(url, site_urls, rel) is None:
                report.add("third-party", rel, f"<{node.tag}> loads {url} from another host")
        head_types = {l.attributes.get("type") for l in tree.css('head link[rel="alternate"]')}
        if rel != "404.html":
            if not head_types & {"application/atom+xml", "application/rss+xml"}:
                report.add("head-feeds", rel, "the <head> links no Atom or RSS feed")
            if "text/calendar" not in head_types:
                report.add("head-feeds", rel, "the <head> links no iCalendar feed (type=text/calendar)")
        links = {}
        for link in tree.css('head link[rel="alternate"][hreflang]'):
            target = site_path(link.attributes.get("href", ""), site_urls, rel)
            if target:
                links[link.attributes["hreflang"]] = target[0]
        if links:
            alternates[rel] = links
    for (lang, text), rels in titles.items():
        if len(rels) > 1:
            report.add(
                "title", rels[0], f"the title {text!r} is used by {len(rels)} pages in '{lang}': {', '.join(rels[1:4])}"
            )
    for rel, links in alternates.items():
        if rel not in links.values():
            report.add("hreflang", rel, "the hreflang links do not include the page itself")
        if "x-default" not in links:
            report.add("hreflang", rel, "no x-default hreflang link")
        for code, other in links.items():
            if code == "x-default" or other == rel:
                continue
            back = alternates.get(other)
            if back is None:
                report.add("hreflang", rel, f"hreflang {code} points to {other}, which has no hreflang links")
            elif rel not in back.values():
                report.add("hreflang", rel, f"hreflang {code} points to {other}, which does not link back")
    report.checked["pages"] = len(pages)
