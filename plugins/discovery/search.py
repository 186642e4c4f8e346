"""The search index: Pagefind over the written HTML, one index per language.

Pagefind splits the index by each page's ``<html lang>``. Only article and
project bodies are indexed (``data-pagefind-body``); each carries a folded
copy of its title and text without diacritics, so "regions" finds "reģions".
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
