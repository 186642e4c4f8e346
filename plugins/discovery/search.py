"""The search index: Pagefind over the written HTML, one index per language.

Pagefind splits the index by each page's ``<html lang>``. Only articles and
project pages are indexed, and of them only a hidden ``data-pagefind-body``
that holds the search key of every word (``lvlang.stem``: in Latvian and
Latgalian the light stem of the word without diacritics, so "Preiļos" and
"preilu" both find "Preiļi"; elsewhere the word without diacritics, which
Pagefind stems itself). The search page turns the query into keys the same
way (theme/static/js/stem.js) and cuts the excerpt from the page's own text,
given as the meta ``text``; titles are the meta ``title``, and ``kind``,
``project``, ``municipality`` and ``year`` are filters.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass


def run_pagefind(site_dir: Path) -> float:
    """Index ``site_dir`` into ``site_dir/pagefind``; returns seconds taken."""
    import shutil
    import time
    started = time.perf_counter()
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)   # no fragments of an earlier index
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed: {result.stderr.strip() or result.stdout.strip()}")
    return time.perf_counter() - started
