"""Command-line build: ``python -m multisite.cli [--settings F] [--output DIR]``.

Runs Pelican with our plugins and turns content errors into a readable report
(file, line, key, problem, fix) with exit status 1, never a traceback. Builds
of one output folder run one at a time: a second one waits up to ``--wait``
seconds (600 by default) for the first, then stops with status 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from contentmodel.config import ConfigError
from contentmodel.diagnostics import ContentError

WAIT = 600.0        # seconds a command-line build waits for another build of the same output folder


def run_pelican(settings_file: str, output: str | None = None, overrides: dict | None = None):
    """Run Pelican; returns our builds (their reports hold the warnings), raises ContentError."""
    from pelican import Pelican
    from pelican.settings import read_settings

    builds: list = []
    override = dict(overrides or {})
    override["MULTISITE_BUILDS"] = builds
    if output:
        override["OUTPUT_PATH"] = output
    settings = read_settings(settings_file, override=override)
    pelican = Pelican(settings)
    swallowed = _SwallowedDiskErrors()
    logging.getLogger("pelican").addHandler(swallowed)
    try:
        pelican.run()
    finally:
        logging.getLogger("pelican").removeHandler(swallowed)
    if swallowed.errors:
        raise swallowed.errors[0]
    return builds


class _SwallowedDiskErrors(logging.Handler):
    """Pelican logs a failed copy of a static or theme file and goes on: a full or
    read-only disk must stop the build instead of publishing a site without the file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[OSError] = []

    def emit(self, record: logging.LogRecord) -> None:
        from .staging import is_disk_error

        args = record.args if isinstance(record.args, tuple) else ()
        self.errors += [arg for arg in args if isinstance(arg, OSError) and is_disk_error(arg)]


def build(settings_file: str = "pelicanconf.py", output: str | None = None, overrides: dict | None = None,
          stream=None, wait: float | None = None) -> int:
    """Build into a staging folder and publish it in one step, only when the build succeeded.

    One build of an output folder at a time: a second one waits for the first
    (saying so in one line), for at most ``wait`` seconds (None: as long as it
    takes, as the live preview does), then gives up with status 1. A full or
    read-only disk, or missing permissions, stop the build with one sentence
    and status 1; the published files stay as they were."""
    from pelican.settings import read_settings

    from . import staging as stage

    stream = stream or sys.stderr
    started = time.perf_counter()
    settings = read_settings(settings_file, override=dict(overrides or {}))
    target = Path(output) if output else Path(settings["OUTPUT_PATH"])
    # Pelican copies these into existing files: give it fresh ones, not links to the live output.
    copied = [*settings.get("STATIC_PATHS", ()), settings.get("THEME_STATIC_DIR", "theme")]
    # output/ is a symlink whose target alternates: the build record is kept under a stable name.
    overrides = {**(overrides or {}), "MULTISITE_TARGET": str(stage.record_target(target))}

    def notify(line: str) -> None:
        print(line, file=stream, flush=True)
        if stream is not sys.stderr:            # a caller that shows the report later (the preview): say it now
            print(line, file=sys.stderr, flush=True)

    published = False
    try:
        with stage.locked(target, wait=wait, notify=notify):
            staging = stage.prepare(target, copied)
            builds = run_pelican(settings_file, str(staging), overrides)
            stage.swap(staging, target)
            published = True
            for site_build in builds:
                site_build.committed()
            stage.settle(target)
    except ContentError as exc:
        print("The site was not built: the content has errors.\n", file=stream)
        print(exc.report.format(), file=stream)
        print("\nNothing was written; fix the files above and build again.", file=stream)
        return 1
    except ConfigError as exc:
        print(f"The site was not built: a setting is wrong.\n{exc}", file=stream)
        return 1
    except stage.OutputBusy as exc:
        waited = f" and did not finish within {wait:g} s" if wait else ""
        print(f"The site was not built: {exc}{waited}; the published files are unchanged.", file=stream)
        return 1
    except Exception as exc:
        problem = stage.disk_problem(exc, target)
        if problem is None:
            raise
        if published:
            print(f"The site was built and published, but its build record was not saved: {problem}; "
                  "the next build will be a full one.", file=stream)
            return 0
        print(f"The site was not built: {problem}; the published files are unchanged.", file=stream)
        return 1
    rendered = kept = 0
    for site_build in builds:
        rendered, kept = rendered + site_build.rendered, kept + site_build.kept
        for problem in site_build.report.warnings:
            print(problem.format(), file=stream)
    detail = f" ({rendered} pages and files computed, {kept} unchanged kept)" if kept else ""
    print(f"Built in {time.perf_counter() - started:.1f} s{detail}.", file=stream)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=None)
    parser.add_argument("--build-date", default=None, help="pin 'today' (YYYY-MM-DD)")
    parser.add_argument("--content", default=None, help="content folder (default: the settings' PATH)")
    parser.add_argument("--cache", default=None, help="cache folder (default: the settings' CACHE_PATH)")
    parser.add_argument("--no-search", action="store_true", help="skip the search index")
    parser.add_argument("--wait", type=float, default=WAIT, metavar="SECONDS",
                        help=f"how long to wait for another build of the same output folder (default {WAIT:g})")
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
    return build(args.settings, args.output, overrides, wait=args.wait)


if __name__ == "__main__":
    sys.exit(main())
