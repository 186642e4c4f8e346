"""`invoke bench`: our build against plain Pelican on the same synthetic corpus.

Measured in one run on one machine: (a) a cold build of our full site (every
plugin, every language, without the search index), (b) a cold build of the
same Markdown by plain Pelican 4.12 with its `simple` theme and no plugins,
(c) a warm rebuild of our site after one article is edited, (d) the peak
memory of (a): the proportional set size (PSS) summed over the build's
processes, and (e) a cold `invoke build` as users run it, search index
included, with its peak memory and that of its largest process (Pagefind's,
as a rule). The table goes to standard output and to docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .corpus import CorpusSpec, generate


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    code: int
    largest_mb: float = 0.0  # the peak of the largest single process
    output: str = ""


def _tree_pss_kb(root_pid: int) -> int:
    """Proportional memory (PSS) of a process and all its descendants, in KiB (Linux /proc).

    PSS divides each shared page among the processes that share it, so forked
    workers are not counted twice for the memory they inherit; the sum is what
    the build really occupies."""
    return _tree_pss(root_pid)[0]


def _tree_pss(root_pid: int) -> tuple[int, int]:
    """(the PSS of a process and all its descendants, that of the largest of them), in KiB."""
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
    total, largest, stack = 0, 0, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        largest = max(largest, int(line.split()[1]))
                        break
        except (OSError, ValueError):
            pass
        stack.extend(children.get(pid, []))
    return total, largest


def measure(cmd: list[str], env: dict[str, str], cwd: Path) -> Run:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = largest = 0
    stop = threading.Event()

    def sample():
        nonlocal peak, largest
        while not stop.is_set():
            total, one = _tree_pss(proc.pid)
            peak, largest = max(peak, total), max(largest, one)
            stop.wait(0.25)  # reading PSS walks page tables: sample sparingly

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err, _ = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode:
        print(f"{' '.join(cmd[:4])} ... failed:\n{err[-3000:]}", file=sys.stderr)
    return Run(seconds, peak / 1024, proc.returncode, largest / 1024, err)


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
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {mem}; Python {platform.python_version()}, {system}"


def run(root: Path, articles: int = 4000, write_doc: bool = True) -> str:
    root = root.resolve()
    work = root / ".bench"
    work.mkdir(exist_ok=True)
    spec = CorpusSpec(articles=articles)
    print(f"Generating {articles} articles ...", flush=True)
    content = generate(work, spec, root / "content")
    files = sum(1 for _ in content.rglob("*.md"))
    env = {**os.environ, "PYTHONPATH": f"{root / 'plugins'}{os.pathsep}{root}", "SITE_BUILD_DATE": "2026-11-23"}
    ours_out, plain_out, users_out = work / "ours", work / "plain", work / "users"
    for d in (ours_out, plain_out, users_out, work / "cache", work / "users-cache"):
        _remove_output(d)
    (work / "plain.py").write_text(PLAIN_SETTINGS, "utf-8")
    py = sys.executable

    def our_build(output: Path, cache: Path, *extra: str) -> list[str]:
        """The command of one of our builds of the corpus."""
        settings = str(root / "pelicanconf.py")
        return [
            py,
            "-m",
            "multisite.cli",
            "--settings",
            settings,
            "--content",
            str(content),
            "--output",
            str(output),
            "--cache",
            str(cache),
            *extra,
        ]

    ours_cmd = our_build(ours_out, work / "cache", "--no-search")
    print("(a) our cold build ...", flush=True)
    a = measure(ours_cmd, env, root)
    print(f"    {a.seconds:.1f} s", flush=True)
    print("(b) plain Pelican ...", flush=True)
    b = measure(
        [py, "-m", "pelican", str(content), "-o", str(plain_out), "-s", str(work / "plain.py"), "-q"], env, work
    )
    print(f"    {b.seconds:.1f} s", flush=True)
    latvian = sorted((content / "articles").rglob("*.lv.md"))
    edited = latvian[len(latvian) // 2]
    with edited.open("a", encoding="utf-8") as fh:
        fh.write("\nPapildu teikums pēc labojuma.\n")
    print("(c) warm rebuild after editing one article ...", flush=True)
    c = measure(ours_cmd, env, root)
    print(f"    {c.seconds:.1f} s", flush=True)
    print("(e) invoke build as users run it (search index included), cold ...", flush=True)
    users_cmd = our_build(users_out, work / "users-cache", "--verbose")
    e = measure(users_cmd, env, root)
    found = re.search(r"search index ([\d.]+) s", e.output)
    index_s = float(found.group(1)) if found else float("nan")
    print(f"    {e.seconds:.1f} s, of which the search index {index_s:.1f} s", flush=True)
    pages = sum(1 for _ in ours_out.rglob("*.html"))
    plain_pages = sum(1 for _ in plain_out.rglob("*.html"))
    ok = all(r.code == 0 for r in (a, b, c, e))
    rows = [
        ("(a) our cold build, all languages", f"{a.seconds:.1f} s", f"{pages / a.seconds:.0f}", f"{pages}"),
        (
            "(b) plain Pelican 4.12, simple theme, no plugins",
            f"{b.seconds:.1f} s",
            f"{plain_pages / b.seconds:.0f}",
            f"{plain_pages}",
        ),
        ("(c) our warm rebuild after one edit", f"{c.seconds:.1f} s", f"{pages / c.seconds:.0f}", f"{pages}"),
        (
            "(e) `invoke build` as users run it: cold, search index included",
            f"{e.seconds:.1f} s",
            f"{pages / e.seconds:.0f}",
            f"{pages}",
        ),
        ("of which the search index (Pagefind, from the build's records)", f"{index_s:.1f} s", "", ""),
    ]
    ratio_ab, ratio_ca, ratio_eb = a.seconds / b.seconds, c.seconds / a.seconds, e.seconds / b.seconds
    table = ["| measurement | time | pages/s | HTML pages |", "|---|---|---|---|"]
    table += [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |" for r in rows]
    targets = [
        ("cold build / plain Pelican (a)/(b)", f"{ratio_ab:.2f}×", "≤ 1.00×", ratio_ab <= 1.0),
        ("warm rebuild / cold build (c)/(a)", f"{ratio_ca:.1%}", "≤ 15%", ratio_ca <= 0.15),
        ("peak memory of (a)", f"{a.peak_mb:.0f} MB", "≤ 500 MB", a.peak_mb <= 500),
        ("`invoke build` with search / plain Pelican (e)/(b)", f"{ratio_eb:.2f}×", "≤ 1.00×", ratio_eb <= 1.0),
        ("peak memory of (e), search indexer included", f"{e.peak_mb:.0f} MB", "≤ 500 MB", e.peak_mb <= 500),
        ("largest single process of (e)", f"{e.largest_mb:.0f} MB", "≤ 300 MB", e.largest_mb <= 300),
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


def _remove_output(path: Path) -> None:
    """Delete an output folder of an earlier run: the folder, or the symlink and the build folders beside it."""
    if path.is_symlink():
        path.unlink()
    shutil.rmtree(path, ignore_errors=True)
    for beside in (path.with_name(f".{path.name}.builds"), path.with_name(f".{path.name}.staging")):
        shutil.rmtree(beside, ignore_errors=True)
    path.with_name(f".{path.name}.lock").unlink(missing_ok=True)


def write_report(root: Path, table: str, files: int, articles: int) -> None:
    doc = root / "docs" / "performance.md"
    text = doc.read_text("utf-8") if doc.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = "\n".join(
        [
            start,
            f"Run of {dt.date.today().isoformat()} on: {machine()}.",
            f"Corpus: {articles} Latvian articles, about half with English translations, 5% events,",
            f"20 projects ({files} Markdown files).",
            "",
            table,
            end,
        ]
    )
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text + "\n" + block + "\n"
    doc.write_text(text, "utf-8")
    print(f"\nWritten to {doc.relative_to(root)}")
