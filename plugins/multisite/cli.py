"""Command-line build: ``python -m multisite.cli [--settings F] [--output DIR]``.

Runs Pelican with our plugins and turns content errors into a readable report
(file, line, key, problem, fix) with exit status 1, never a traceback. Builds
of one output folder run one at a time: a second one waits up to ``--wait``
seconds (600 by default) for the first, then stops with status 1.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from multisite.generator import WAIT  # seconds a command-line build waits for another build of the same output folder


def build(
    settings_file: str = "pelicanconf.py",
    output: str | None = None,
    overrides: dict | None = None,
    stream=None,
    wait: float | None = None,
) -> int:
    """Build and publish (see ``build_site``); returns the exit status."""
    return build_site(settings_file, output, overrides, stream, wait)[0]


def build_site(
    settings_file: str = "pelicanconf.py",
    output: str | None = None,
    overrides: dict | None = None,
    stream=None,
    wait: float | None = None,
    search_later: bool = False,
    long_lived: bool = False,
) -> tuple[int, Any, Any]:
    """Build into a staging folder and publish it in one step, only when the build succeeded.

    Exactly what ``pelican content`` does (the plugin stages, locks, publishes
    and records every Pelican run, see ``multisite.generator``), with the
    report going to ``stream`` and exit status 0 or 1 instead of an exception.

    One build of an output folder at a time: a second one waits for the first
    (saying so in one line), for at most ``wait`` seconds (None: as long as it
    takes, as the live preview does), then gives up with status 1. A full or
    read-only disk, or missing permissions, stop the build with one sentence
    and status 1; the published files stay as they were.

    Returns the exit status, the published build's prepared site and what its writing did (a
    ``BuildResult``; both None when it failed).
    ``search_later``: publish without writing the search index, which the
    caller writes afterwards (``discovery.site_pages.write_search_index``), as the live
    preview does. ``long_lived``: this process builds again (the live preview), so
    the build keeps what it read in memory for the next one; a process that builds
    once lets it go before it renders."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from .generator import BuildFailed, Publisher

    override = dict(overrides or {})
    if output:
        override["OUTPUT_PATH"] = os.path.abspath(output)
    pelican = Pelican(read_settings(settings_file, override=override))
    publisher = Publisher.of(pelican)
    publisher.stream, publisher.wait, publisher.search_later = stream, wait, search_later
    publisher.long_lived = long_lived
    try:
        pelican.run()
    except BuildFailed:
        return 1, None, None
    return 0, publisher.prepared, publisher.result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=None)
    parser.add_argument("--build-date", default=None, help="pin 'today' (YYYY-MM-DD)")
    parser.add_argument("--content", default=None, help="content folder (default: the settings' PATH)")
    parser.add_argument("--cache", default=None, help="cache folder (default: the settings' CACHE_PATH)")
    parser.add_argument("--no-search", action="store_true", help="skip the search index")
    parser.add_argument(
        "--wait",
        type=float,
        default=WAIT,
        metavar="SECONDS",
        help=f"how long to wait for another build of the same output folder (default {WAIT:g})",
    )
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
