"""HTML validity with the Nu Html Checker (vnu.jar from npm, run on Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .report import CheckReport
from .site_files import regular_files

ROOT = Path(__file__).resolve().parents[2]

# The checker runs once over a list of files and exits: the JIT compiler's quick tier alone (no C2) and
# the single-threaded collector halve its CPU time, on a few pages as on thousands (C2's compiling
# costs more than its faster code saves in a run this short). -Xss8m: deeply nested markup.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m")


def find_vnu() -> Path | None:
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return jar if jar.is_file() else None


def vnu_command(java: str, jar: Path) -> list[str]:
    """The command that runs the checker; the files (and its options) follow."""
    return [java, *JAVA_OPTIONS, "-jar", str(jar)]


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
        [*vnu_command(java, jar), "--format", "json", "--errors-only", *files], capture_output=True, text=True
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
