"""`invoke bench`: our build against plain Pelican on the same synthetic corpus.

Measured in one run on one machine: (a) a cold build of our full site (every
plugin, every language; the search index is timed separately), (b) a cold
build of the same Markdown by plain Pelican 4.12 with its `simple` theme and
no plugins, (c) a warm rebuild of our site after one article is edited, and
(d) the peak memory of (a): the proportional set size (PSS) summed over the
build's processes. The table goes to standard output and to
docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .corpus import CorpusSpec, generate


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int


def _tree_pss_kb(root_pid: int) -> int:
    """Proportional memory (PSS) of a process and all its descendants, in KiB (Linux /proc).

    PSS divides each shared page among the processes that share it, so forked
    workers are not counted twice for the memory they inherit; the sum is what
    the build really occupies."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError):
            pass
        stack.extend(children.get(pid, []))
    return total


def measure(cmd: list[str], env: dict[str, str], cwd: Path) -> Run:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_pss_kb(proc.pid))
            stop.wait(0.25)        # reading PSS walks page tables: sample sparingly

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err, _ = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode:
        print(f"{' '.join(cmd[:4])} ... failed:\n{err[-3000:]}", file=sys.stderr)
    return Run(seconds, peak / 1024, proc.returncode)


PLAIN_SETTINGS = """
AUTHOR = "bench"
SITENAME = "bench"
SITEURL = ""
TIMEZONE = "Europe/Riga"
DEFAULT_LANG = "lv"
THEME = "simple"
PLUGINS = []
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
"""


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores, {mem}; Python {platform.python_version()}, {platform.system()} {platform.release()}"


def run(root: Path, articles: int = 4000, write_doc: bool = True) -> str:
    root = root.resolve()
    work = root / ".bench"
    work.mkdir(exist_ok=True)
    spec = CorpusSpec(articles=articles)
    print(f"Generating {articles} articles ...", flush=True)
    content = generate(work, spec, root / "content")
    files = sum(1 for _ in content.rglob("*.md"))
    env = {**os.environ, "PYTHONPATH": f"{root / 'plugins'}{os.pathsep}{root}", "SITE_BUILD_DATE": "2026-11-23"}
    ours_out, plain_out = work / "ours", work / "plain"
    for d in (ours_out, plain_out, work / "cache", work / ".ours.staging"):
        shutil.rmtree(d, ignore_errors=True)
    (work / "plain.py").write_text(PLAIN_SETTINGS, "utf-8")
    py = sys.executable
    ours_cmd = [py, "-m", "multisite.cli", "--settings", str(root / "pelicanconf.py"), "--content", str(content),
                "--output", str(ours_out), "--no-search", "--cache", str(work / "cache")]
    print("(a) our cold build ...", flush=True)
    a = measure(ours_cmd, env, root)
    print(f"    {a.seconds:.1f} s", flush=True)
    print("(b) plain Pelican ...", flush=True)
    b = measure([py, "-m", "pelican", str(content), "-o", str(plain_out), "-s", str(work / "plain.py"), "-q"], env, work)
    print(f"    {b.seconds:.1f} s", flush=True)
    edited = sorted((content / "articles").rglob("*.lv.md"))[len(list((content / "articles").rglob("*.lv.md"))) // 2]
    with edited.open("a", encoding="utf-8") as fh:
        fh.write("\nPapildu teikums pēc labojuma.\n")
    print("(c) warm rebuild after editing one article ...", flush=True)
    c = measure(ours_cmd, env, root)
    print(f"    {c.seconds:.1f} s", flush=True)
    print("search index (Pagefind) ...", flush=True)
    search = measure([py, "-m", "pagefind", "--site", str(ours_out), "--output-subdir", "pagefind", "--quiet"], env, root)
    pages = sum(1 for _ in ours_out.rglob("*.html"))
    plain_pages = sum(1 for _ in plain_out.rglob("*.html"))
    ok = all(r.code == 0 for r in (a, b, c, search))
    rows = [
        ("(a) our cold build, all languages", f"{a.seconds:.1f} s", f"{pages / a.seconds:.0f}", f"{pages}"),
        ("(b) plain Pelican 4.12, simple theme, no plugins", f"{b.seconds:.1f} s", f"{plain_pages / b.seconds:.0f}", f"{plain_pages}"),
        ("(c) our warm rebuild after one edit", f"{c.seconds:.1f} s", f"{pages / c.seconds:.0f}", f"{pages}"),
        ("search index (Pagefind), separately", f"{search.seconds:.1f} s", "", ""),
    ]
    ratio_ab, ratio_ca = a.seconds / b.seconds, c.seconds / a.seconds
    table = ["| measurement | time | pages/s | HTML pages |", "|---|---|---|---|"]
    table += [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |" for r in rows]
    targets = [
        ("cold build / plain Pelican (a)/(b)", f"{ratio_ab:.2f}×", "≤ 1.00×", ratio_ab <= 1.0),
        ("warm rebuild / cold build (c)/(a)", f"{ratio_ca:.1%}", "≤ 15%", ratio_ca <= 0.15),
        ("peak memory of (a)", f"{a.peak_mb:.0f} MB", "≤ 500 MB", a.peak_mb <= 500),
    ]
    table += ["", "| target | measured | limit | met |", "|---|---|---|---|"]
    table += [f"| {t[0]} | {t[1]} | {t[2]} | {'yes' if t[3] else 'NO'} |" for t in targets]
    summary = "\n".join(table)
    print("\n" + summary)
    if not ok:
        print("\nA build failed; the figures are not valid.", file=sys.stderr)
    if write_doc and ok:
        write_report(root, summary, files, articles)
    return summary


def write_report(root: Path, table: str, files: int, articles: int) -> None:
    doc = root / "docs" / "performance.md"
    text = doc.read_text("utf-8") if doc.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = "\n".join([
        start,
        f"Run of {dt.date.today().isoformat()} on: {machine()}.",
        f"Corpus: {articles} Latvian articles, about half with English translations, 5% events,",
        f"20 projects ({files} Markdown files).",
        "",
        table,
        end,
    ])
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text + "\n" + block + "\n"
    doc.write_text(text, "utf-8")
    print(f"\nWritten to {doc.relative_to(root)}")
