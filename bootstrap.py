#!/usr/bin/env python3
"""Set everything up, then run a task. Needs only Python 3.11+ and git.

    python3 bootstrap.py serve    # set up, build the demo site, serve it with live reload on :8000
    python3 bootstrap.py test     # set up (including Chromium for browser tests), run every test
    python3 bootstrap.py serve-built  # serve output/ without rebuilding on save
    python3 bootstrap.py cms      # the web editor at http://localhost:8000/admin/, saving into content/
    python3 bootstrap.py TASK ... # set up, then `invoke TASK ...`
    python3 bootstrap.py --list   # every task, with what it does

Creates .venv/ with the pinned requirements (again only when requirements.txt
changes), installs the npm tools in package.json when npm is available, and
for the tests installs Debian's chromium when it is missing and the machine
allows it (root with apt-get).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
ALIASES = {"serve": ["livereload"], "serve-built": ["serve"], "test": ["test"]}


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def stamp_ok(stamp: Path, *inputs: Path) -> bool:
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in inputs if p.exists())).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest:
        return True
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("")  # invalid until the install succeeds
    return False


def write_stamp(stamp: Path, *inputs: Path) -> None:
    stamp.write_text(hashlib.sha256(b"".join(p.read_bytes() for p in inputs if p.exists())).hexdigest())


def python_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  this file runs under any python3 to say so
        sys.exit("Python 3.11 or newer is needed (this is %s)." % sys.version.split()[0])
    if not (BIN / "python").exists():
        say("creating .venv")
        run([sys.executable, "-m", "venv", str(VENV)])
    req = ROOT / "requirements.txt"
    stamp = VENV / ".requirements.sha256"
    if not stamp_ok(stamp, req):
        count = sum(1 for line in req.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#"))
        say(f"installing {count} Python packages from requirements.txt (a few minutes the first time)")
        quiet = [] if sys.stdout.isatty() else ["-q"]  # in a terminal, pip's own progress shows
        run([str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", *quiet, "-r", str(req)])
        write_stamp(stamp, req)


def npm_tools() -> None:
    if not (ROOT / "package.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        say(
            "npm not found: the HTML validator (vnu) will be skipped by 'invoke check', and the web editor (/admin/) "
            "is built without its program"
        )
        return
    stamp = ROOT / "node_modules" / ".lock.sha256"
    lock = ROOT / "package-lock.json"
    if not stamp_ok(stamp, lock):
        say(
            "installing the npm tools in package.json (HTML and accessibility checkers, the web editor; "
            "two minutes the first time)"
        )
        run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT)
        write_stamp(stamp, lock)


def chromium() -> None:
    if Path("/usr/bin/chromium").exists():
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        say("installing Debian's chromium for the browser tests (a few minutes)")
        run([apt, "update", "-qq"])
        run([apt, "install", "-y", "-qq", "chromium"], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    else:
        say("Chromium is missing: browser tests will be skipped (install it: sudo apt-get install chromium)")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    task, rest = argv[0], argv[1:]
    if task in ("--list", "-l"):
        task, rest = "--list", []
    python_env()
    npm_tools()
    if task == "test":
        chromium()
    cmd = [str(BIN / "invoke"), *ALIASES.get(task, [task]), *rest]
    say("running: invoke " + " ".join(cmd[1:]))
    os.chdir(ROOT)
    return subprocess.call(cmd)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:  # Ctrl+C: the task has said what it stopped; no traceback from here
        sys.exit(130)
    except subprocess.CalledProcessError as exc:
        say(f"setting up failed: {' '.join(map(str, exc.cmd))} exited with {exc.returncode} (see above)")
        sys.exit(exc.returncode or 1)
