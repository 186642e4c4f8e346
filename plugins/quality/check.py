"""`invoke check`: check a built site before it is published.

    python -m quality.check OUTPUT_DIR [--settings pelicanconf.py] [--no-browser] [--no-vnu]
                                       [--changed --state cache/last-check.json]

Exits 1 with a report grouped by rule when anything fails. The security rule
(quality/security.py) reports active content and injection in any file. In CI (the CI
environment variable set) a checker that cannot run is itself a failure.

With ``--changed``, the slow checkers (the HTML validator, axe-core, feeds and
calendars) look only at the files that differ from the last check that passed
(recorded in the state file as a digest per file); links, the cross-page rules
and the security rule always look at everything, so a removed page still shows
up as a broken link elsewhere.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .report import CheckReport
from .security import check_security


def _step(message: str) -> float:
    print(message, file=sys.stderr, flush=True)
    return time.monotonic()


def digests(output_dir: Path) -> dict[str, str]:
    """A SHA-256 per regular file of the built site (links are not followed)."""
    found = {}
    for folder, _dirs, names in os.walk(output_dir, followlinks=False):
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(output_dir).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def read_state(path: Path) -> dict[str, str]:
    """The digests of the last check that passed; empty when missing or not ours (then everything is checked)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return {}
    return files


def write_state(path: Path, files: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps({"files": files}, sort_keys=True), "utf-8")
    os.replace(temp, path)


def run_checks(
    output_dir: Path,
    *,
    site_urls: tuple[str, ...],
    languages: Sequence[str],
    default_lang: str,
    browser: bool = True,
    vnu: bool = True,
    theme_static: str = "theme",
    only: frozenset[str] | None = None,
) -> CheckReport:
    """Every rule over the built site; ``only``: the files the slow checkers look at (None: all)."""
    from .axe import check_accessibility
    from .formats import check_formats
    from .links import check_links
    from .pages import check_pages
    from .site_files import load_pages
    from .vnu import check_html

    report = CheckReport()
    if not (output_dir / "index.html").is_file():
        report.add(
            "site",
            str(output_dir),
            "no index.html: build the site first (python3 bootstrap.py build, or python3 bootstrap.py preview)",
        )
        return report
    started = _step("Reading the built pages…")
    pages = load_pages(output_dir)
    _step(f"Checking links, pages, feeds, calendars and active content ({len(pages)} pages)…")
    check_links(output_dir, pages, site_urls, report)
    check_pages(pages, languages, default_lang, site_urls, report)
    check_formats(output_dir, pages, report, only)
    check_security(output_dir, report, site_urls=site_urls, theme_static=theme_static, pages=pages)
    changed = len(pages) if only is None else sum(1 for rel in pages if rel in only)
    if vnu:
        _step(f"Validating the HTML of {changed} page(s) with the Nu Html Checker…")
    ran_vnu = check_html(output_dir, report, only) if vnu else False
    if browser:
        _step("Checking accessibility with axe-core in Chromium (one page of each type and language)…")
    ran_axe = check_accessibility(output_dir, pages, languages, default_lang, report, only) if browser else False
    _step(f"Checked in {time.monotonic() - started:.0f} s.")
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
    parser.add_argument(
        "--changed",
        action="store_true",
        help="the slow checkers look only at files changed since the last check that passed",
    )
    parser.add_argument("--state", type=Path, help="where the last passing check's file digests are kept")
    args = parser.parse_args(argv)
    from pelican.settings import read_settings

    from contentmodel.config import SiteConfig

    settings = read_settings(args.settings)
    config = SiteConfig.from_settings(settings)
    urls = tuple(u for u in dict.fromkeys((config.site_url, config.feed_url)) if u)
    current = digests(args.output) if args.state else {}
    only = None
    if args.changed and args.state:
        previous = read_state(args.state)
        if previous:
            only = frozenset(rel for rel, digest in current.items() if previous.get(rel) != digest)
            print(f"{len(only)} file(s) changed since the last check that passed.", file=sys.stderr, flush=True)
        else:
            print("No earlier passing check is recorded: checking everything.", file=sys.stderr, flush=True)
    report = run_checks(
        args.output,
        site_urls=urls,
        languages=config.codes,
        default_lang=config.default_lang,
        browser=not args.no_browser,
        vnu=not args.no_vnu,
        theme_static=settings.get("THEME_STATIC_DIR", "theme"),
        only=only,
    )
    print(report.format())
    if report.ok and args.state and not args.no_browser and not args.no_vnu:
        write_state(args.state, current)  # only a complete pass is a baseline
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
