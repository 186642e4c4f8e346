"""Command-line build: ``python -m multisite.cli [--settings F] [--output DIR]``.

Runs Pelican with our plugins and turns content errors into a readable report
(file, line, key, problem, fix) with exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import logging
import sys
import time
from pathlib import Path

from contentmodel.config import ConfigError
from contentmodel.diagnostics import ContentError


def run_pelican(settings_file: str, output: str | None = None, overrides: dict | None = None):
    """Run Pelican; returns the reports of the build (warnings), raises ContentError."""
    from pelican import Pelican
    from pelican.settings import read_settings

    reports: list = []
    override = dict(overrides or {})
    override["MULTISITE_REPORTS"] = reports
    if output:
        override["OUTPUT_PATH"] = output
    settings = read_settings(settings_file, override=override)
    pelican = Pelican(settings)
    pelican.run()
    return reports


def _staging(output: Path) -> Path:
    """A hard-linked copy of the previous output to build into (cheap; files are
    replaced, never modified in place, so the previous output stays intact)."""
    import shutil

    staging = output.with_name(output.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    if output.is_dir():
        shutil.copytree(output, staging, copy_function=os.link, symlinks=True)
    else:
        staging.mkdir(parents=True)
    return staging


def _swap(staging: Path, output: Path) -> None:
    import shutil

    old = output.with_name(output.name + ".previous")
    shutil.rmtree(old, ignore_errors=True)
    if output.exists():
        os.replace(output, old)
    os.replace(staging, output)
    shutil.rmtree(old, ignore_errors=True)


def _discard(staging: Path) -> None:
    import shutil
    shutil.rmtree(staging, ignore_errors=True)


def build(settings_file: str = "pelicanconf.py", output: str | None = None, overrides: dict | None = None,
          stream=None) -> int:
    """Build into a staging copy and swap it in only when the build succeeded."""
    stream = stream or sys.stderr
    started = time.perf_counter()
    target = Path(output) if output else None
    if target is None:
        from pelican.settings import read_settings
        target = Path(read_settings(settings_file, override=dict(overrides or {}))["OUTPUT_PATH"])
    staging = _staging(target)
    try:
        reports = run_pelican(settings_file, str(staging), overrides)
        _swap(staging, target)
    except ContentError as exc:
        _discard(staging)
        print("The site was not built: the content has errors.\n", file=stream)
        print(exc.report.format(), file=stream)
        print("\nNothing was written; fix the files above and build again.", file=stream)
        return 1
    except ConfigError as exc:
        _discard(staging)
        print(f"The site was not built: a setting is wrong.\n{exc}", file=stream)
        return 1
    except BaseException:
        _discard(staging)
        raise
    for report in reports:
        for problem in report.warnings:
            print(problem.format(), file=stream)
    print(f"Built in {time.perf_counter() - started:.1f} s.", file=stream)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=None)
    parser.add_argument("--build-date", default=None, help="pin 'today' (YYYY-MM-DD)")
    parser.add_argument("--content", default=None, help="content folder (default: the settings' PATH)")
    parser.add_argument("--cache", default=None, help="cache folder (default: the settings' CACHE_PATH)")
    parser.add_argument("--no-search", action="store_true", help="skip the search index")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    overrides = {}
    if args.build_date:
        overrides["BUILD_DATE"] = args.build_date
    if args.content:
        overrides["PATH"] = str(Path(args.content).resolve())
    if args.cache:
        overrides["CACHE_PATH"] = str(Path(args.cache).resolve())
    if args.no_search:
        overrides["SEARCH_INDEX"] = False
    return build(args.settings, args.output, overrides)


if __name__ == "__main__":
    sys.exit(main())
