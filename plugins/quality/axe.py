"""axe-core (WCAG 2.1 AA) in headless Chromium on one page of every type in every language."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .report import CheckReport
from .site_files import Page

ROOT = Path(__file__).resolve().parents[2]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    local = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if local.is_file():
        return local.read_text("utf-8")
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


def run_axe(page) -> list[dict]:
    """Inject axe-core into a Playwright page (unless it is there already) and return its violations."""
    # Evaluated through the DevTools protocol: the pages' CSP (rightly) refuses inline scripts.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source() + "\n;void 0")
    # Only the violations are read: axe-core then stops collecting every node of the rules that pass or
    # do not apply (its resultTypes option), which is most of its work on a page with no violation.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    return result["violations"]


def pick_pages(pages: dict[str, Page], languages: Sequence[str], default_lang: str) -> list[str]:
    """One page of every page type (body[data-page-type]) in every language."""
    from .pages import page_language

    chosen: dict[tuple[str, str], str] = {}
    for rel in sorted(pages):
        body = pages[rel].tree.css_first("body")
        kind = body.attributes.get("data-page-type", "other") if body else "other"
        key = (page_language(rel, languages, default_lang), kind)
        chosen.setdefault(key, rel)
    return sorted(chosen.values())


def check_accessibility(
    site: Path, pages: dict[str, Page], languages, default_lang, report: CheckReport, only: frozenset[str] | None = None
) -> bool:
    """axe-core on one page of every type in every language (among the pages in ``only``, when given)."""
    from playwright.sync_api import sync_playwright

    from .browser import chromium, chromium_available, serve

    if not chromium_available():
        report.notes.append("axe: not run (/usr/bin/chromium missing; apt-get install chromium)")
        return False
    targets = pick_pages({r: p for r, p in pages.items() if only is None or r in only}, languages, default_lang)
    if not targets:
        report.checked["axe pages"] = 0
        return True
    with serve(site) as base, sync_playwright() as pw, chromium(pw) as context:
        # axe-core sent to the browser once, and run by it in every page it opens (before the page's own
        # scripts; it only defines window.axe), instead of half a megabyte sent again for every page
        context.add_init_script(script=axe_source() + "\n;void 0")
        page = context.new_page()
        for rel in targets:
            page.goto(f"{base}/{rel}")
            for v in run_axe(page):
                nodes = ", ".join(
                    " ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"][:3]
                )
                report.add("accessibility", rel, f"{v['id']} ({v['impact']}): {v['help']} [{nodes}]")
    report.checked["axe pages"] = len(targets)
    return True
