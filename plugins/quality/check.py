"""`invoke check`: check a built site before it is published.

    python -m quality.check OUTPUT_DIR [--settings pelicanconf.py] [--no-browser] [--no-vnu]

Exits 1 with a report grouped by rule when anything fails. The security rule
(quality/security.py) reports active content and injection in any file. In CI (the CI
environment variable set) a checker that cannot run is itself a failure.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from .report import CheckReport
from .security import check_security


def run_checks(output_dir: Path, *, site_urls: tuple[str, ...], languages: Sequence[str], default_lang: str,
               browser: bool = True, vnu: bool = True, theme_static: str = "theme") -> CheckReport:
    from .axe import check_accessibility
    from .formats import check_formats
    from .links import check_links
    from .pages import check_pages
    from .site_files import load_pages
    from .vnu import check_html

    report = CheckReport()
    if not (output_dir / "index.html").is_file():
        report.add("site", str(output_dir), "no index.html: build the site first (invoke build or invoke preview)")
        return report
    pages = load_pages(output_dir)
    check_links(output_dir, pages, site_urls, report)
    check_pages(pages, languages, default_lang, site_urls, report)
    check_formats(output_dir, pages, report)
    check_security(output_dir, report, site_urls=site_urls, theme_static=theme_static, pages=pages)
    ran_vnu = check_html(output_dir, report) if vnu else False
    ran_axe = check_accessibility(output_dir, pages, languages, default_lang, report) if browser else False
    if os.environ.get("CI"):
        if vnu and not ran_vnu:
            report.add("tools", "vnu", "the HTML checker could not run in CI")
        if browser and not ran_axe:
            report.add("tools", "axe", "the accessibility checker could not run in CI")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-vnu", action="store_true")
    args = parser.parse_args(argv)
    from pelican.settings import read_settings

    from contentmodel.config import SiteConfig

    settings = read_settings(args.settings)
    config = SiteConfig.from_settings(settings)
    urls = tuple(u for u in dict.fromkeys((config.site_url, config.feed_url)) if u)
    report = run_checks(args.output, site_urls=urls, languages=config.codes, default_lang=config.default_lang,
                        browser=not args.no_browser, vnu=not args.no_vnu,
                        theme_static=settings.get("THEME_STATIC_DIR", "theme"))
    print(report.format())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
