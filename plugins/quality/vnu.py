"""HTML validity with the Nu Html Checker (vnu.jar from npm, run on Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .report import CheckReport
from .site_files import regular_files

ROOT = Path(__file__).resolve().parents[2]


def find_vnu() -> Path | None:
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return jar if jar.is_file() else None


def check_html(site: Path, report: CheckReport, only: frozenset[str] | None = None) -> bool:
    """Validate every page (or those in ``only``) in one Java process; False when the checker is unavailable."""
    jar, java = find_vnu(), shutil.which("java")
    if jar is None or java is None:
        report.notes.append(
            "vnu: not run (" + ("Java" if java is None else "node_modules/vnu-jar; run npm ci") + " missing)"
        )
        return False
    files = sorted(
        str(p)
        for p in regular_files(site, ".html")
        if "pagefind" not in p.parts and (only is None or p.relative_to(site).as_posix() in only)
    )
    if not files:
        report.checked["html (vnu)"] = 0
        return True
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(jar), "--format", "json", "--errors-only", *files], capture_output=True, text=True
    )
    try:
        messages = json.loads(result.stderr or result.stdout or "{}").get("messages", [])
    except ValueError:
        report.add("html", "vnu", f"the checker failed: {(result.stderr or result.stdout)[:300]}")
        return True
    for m in messages:
        if m.get("type") not in ("error", "non-document-error"):
            continue
        url = m.get("url", "")
        rel = url.split(str(site), 1)[-1].lstrip("/") if str(site) in url else url
        report.add("html", rel, m.get("message", ""), m.get("lastLine"))
    report.checked["html (vnu)"] = len(files)
    return True
