"""`invoke bench`: our build against plain Pelican on the same synthetic corpus.

Measured in one run on one machine: (a) a cold build of our full site (every
plugin, every language, without the search index), (b) a cold build of the
same Markdown by plain Pelican 4.12 with its `simple` theme and no plugins,
(c) a warm rebuild of our site after one article is edited, (d) the peak
memory of (a): the proportional set size (PSS) summed over the build's
processes, (e) a cold `invoke build` as users run it, search index
included, with its peak memory and that of its largest process (the build's
own or Pagefind's), and (f) the next day's rebuild: right after (a), nothing edited,
the build date one day later, as CI's daily build runs. The table goes to
standard output and to docs/performance.md.

`invoke bench --curve` measures instead how a cold build (a) and its peak
memory grow with the corpus: at 1,000, 4,000 and 16,000 articles (or at the
sizes given), each size against the one before the largest.
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


BUILD_DATE = "2026-11-23"  # "today" of every build of the benchmark: the figures do not follow the calendar
NEXT_DAY = "2026-11-24"  # the build date of (f), the next day's rebuild, and of (c) after it
CURVE = (1000, 4000, 16000)  # the corpus sizes of `invoke bench --curve`
WARM_LIMIT = 0.15  # a warm rebuild takes at most this share of a cold build's time: (c) and (f)


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    limit: str
    met: bool


def target_lines(targets: list[Target]) -> list[str]:
    """The targets as a Markdown table: measured, limit, and whether the limit was met."""
    lines = ["| target | measured | limit | met |", "|---|---|---|---|"]
    return lines + [f"| {t.name} | {t.measured} | {t.limit} | {'yes' if t.met else 'NO'} |" for t in targets]


_BUILT = re.compile(r"Built in [\d.]+ s(?: \((\d+) pages and files computed, (\d+) unchanged kept\))?\.")


def rerendered(output: str) -> tuple[int | None, int] | None:
    """(outputs computed and rendered, outputs kept) as a build reports them, or None when it did not.

    A build that kept nothing reports no counts: (None, 0), everything was rendered."""
    matches = list(_BUILT.finditer(output))
    if not matches:
        return None
    found = matches[-1]
    if found.group(1) is None:
        return None, 0
    return int(found.group(1)), int(found.group(2))


def share_text(counts: tuple[int | None, int] | None) -> str:
    """The share of outputs a build rendered again, in words."""
    if counts is None:
        return "outputs re-rendered: not reported"
    rendered, kept = counts
    if rendered is None:
        return "every output re-rendered, none kept"
    total = rendered + kept
    return f"{rendered} of {total} outputs re-rendered ({rendered / total:.0%})" if total else "no outputs"


@dataclass(frozen=True)
class Results:
    """The figures of one run of the benchmark."""

    a: Run  # our cold build
    b: Run  # plain Pelican
    c: Run  # our warm rebuild after one edit
    e: Run  # `invoke build` as users run it, cold, search index included
    f: Run  # the next day's rebuild, nothing edited
    pages: int  # HTML pages of our build
    plain_pages: int  # HTML pages of plain Pelican's
    index_s: float  # seconds of (e) spent on the search index

    @property
    def ok(self) -> bool:
        return all(r.code == 0 for r in (self.a, self.b, self.c, self.e, self.f))


def results_table(r: Results) -> str:
    """The measurements and the targets, as two Markdown tables."""
    pages, next_day = r.pages, share_text(rerendered(r.f.output))

    def row(name: str, run: Run, count: int) -> str:
        return f"| {name} | {run.seconds:.1f} s | {count / run.seconds:.0f} | {count} |"

    table = ["| measurement | time | pages/s | HTML pages |", "|---|---|---|---|"]
    table += [
        row("(a) our cold build, all languages", r.a, pages),
        row("(b) plain Pelican 4.12, simple theme, no plugins", r.b, r.plain_pages),
        row(f"(c) our warm rebuild after one edit; {share_text(rerendered(r.c.output))}", r.c, pages),
        row("(e) `invoke build` as users run it: cold, search index included", r.e, pages),
        f"| of which the search index (Pagefind, from the build's records) | {r.index_s:.1f} s |  |  |",
        row(f"(f) our rebuild the next day: nothing edited, build date one day later; {next_day}", r.f, pages),
    ]
    ratio_ab, ratio_ca, ratio_eb = r.a.seconds / r.b.seconds, r.c.seconds / r.a.seconds, r.e.seconds / r.b.seconds
    ratio_fa = r.f.seconds / r.a.seconds
    warm = f"≤ {WARM_LIMIT:.0%}"
    targets = [
        Target("cold build / plain Pelican (a)/(b)", f"{ratio_ab:.2f}×", "≤ 1.00×", ratio_ab <= 1.0),
        Target("warm rebuild / cold build (c)/(a)", f"{ratio_ca:.1%}", warm, ratio_ca <= WARM_LIMIT),
        Target("peak memory of (a)", f"{r.a.peak_mb:.0f} MB", "≤ 500 MB", r.a.peak_mb <= 500),
        Target("`invoke build` with search / plain Pelican (e)/(b)", f"{ratio_eb:.2f}×", "≤ 1.00×", ratio_eb <= 1.0),
        Target("peak memory of (e), search indexer included", f"{r.e.peak_mb:.0f} MB", "≤ 500 MB", r.e.peak_mb <= 500),
        Target("largest single process of (e)", f"{r.e.largest_mb:.0f} MB", "≤ 300 MB", r.e.largest_mb <= 300),
        Target("next day's rebuild / cold build (f)/(a)", f"{ratio_fa:.1%}", warm, ratio_fa <= WARM_LIMIT),
    ]
    return "\n".join([*table, "", *target_lines(targets)])


def our_build(root: Path, content: Path, output: Path, cache: Path, *extra: str) -> list[str]:
    """The command of one of our builds of a corpus."""
    settings = str(root / "pelicanconf.py")
    return [
        sys.executable,
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


def _environment(root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{root / 'plugins'}{os.pathsep}{root}", "SITE_BUILD_DATE": BUILD_DATE}


def run(root: Path, articles: int = 4000, write_doc: bool = True) -> str:
    root = root.resolve()
    work = root / ".bench"
    work.mkdir(exist_ok=True)
    spec = CorpusSpec(articles=articles)
    print(f"Generating {articles} articles ...", flush=True)
    content = generate(work, spec, root / "content")
    files = sum(1 for _ in content.rglob("*.md"))
    env = _environment(root)
    ours_out, plain_out, users_out = work / "ours", work / "plain", work / "users"
    for d in (ours_out, plain_out, users_out, work / "cache", work / "users-cache"):
        _remove_output(d)
    (work / "plain.py").write_text(PLAIN_SETTINGS, "utf-8")
    py = sys.executable

    ours_cmd = our_build(root, content, ours_out, work / "cache", "--no-search")
    print("(a) our cold build ...", flush=True)
    a = measure(ours_cmd, env, root)
    print(f"    {a.seconds:.1f} s", flush=True)
    print("(f) our rebuild the next day, nothing edited ...", flush=True)
    next_day_cmd = [*ours_cmd, "--build-date", NEXT_DAY]
    f = measure(next_day_cmd, env, root)
    print(f"    {f.seconds:.1f} s, {share_text(rerendered(f.output))}", flush=True)
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
    c = measure(next_day_cmd, env, root)  # the same day as (f), the last build: only the edit differs
    print(f"    {c.seconds:.1f} s, {share_text(rerendered(c.output))}", flush=True)
    print("(e) invoke build as users run it (search index included), cold ...", flush=True)
    users_cmd = our_build(root, content, users_out, work / "users-cache", "--verbose")
    e = measure(users_cmd, env, root)
    found = re.search(r"search index ([\d.]+) s", e.output)
    index_s = float(found.group(1)) if found else float("nan")
    print(f"    {e.seconds:.1f} s, of which the search index {index_s:.1f} s", flush=True)
    pages = sum(1 for _ in ours_out.rglob("*.html"))
    plain_pages = sum(1 for _ in plain_out.rglob("*.html"))
    results = Results(a, b, c, e, f, pages, plain_pages, index_s)
    summary = results_table(results)
    print("\n" + summary)
    if not results.ok:
        print("\nA build failed; the figures are not valid.", file=sys.stderr)
    if write_doc and results.ok:
        corpus = [
            f"Corpus: {articles} Latvian articles, about half with English translations, 5% events,",
            f"20 projects ({files} Markdown files).",
        ]
        write_report(root, "bench", corpus, summary)
    return summary


# ---------------------------------------------------------------------- the curve


@dataclass(frozen=True)
class Point:
    """The cold build (a) of one corpus size."""

    articles: int
    files: int  # Markdown files
    pages: int  # HTML pages written
    seconds: float
    peak_mb: float


def curve_sizes(value: str | bool | None) -> tuple[int, ...]:
    """The corpus sizes of ``--curve``: the default ones for a bare flag, else the comma-separated numbers given."""
    if value is None or value is True or value == "":
        return CURVE
    if value is False:
        return ()
    try:
        sizes = sorted({int(part) for part in str(value).split(",") if part.strip()})
    except ValueError:
        raise ValueError(
            f"--curve takes article counts separated by commas (e.g. 100,200,400), not {value!r}"
        ) from None
    if not sizes or sizes[0] < 1:
        raise ValueError(f"--curve takes positive article counts, not {value!r}")
    return tuple(sizes)


def curve_limits(scale: float) -> tuple[float, float]:
    """(time, memory) limits of the largest corpus against the reference one, ``scale`` times smaller.

    The issue sets them for four times the articles: at most 4.4× the time (10% above linear)
    and 2× the memory. Other scales follow the same lines: time at most 1.1 × scale, memory
    growing at most a third as fast as the corpus (1 + (scale - 1) / 3)."""
    return 1.1 * scale, 1 + (scale - 1) / 3


def _ratio(value: float, reference: float) -> float:
    """value / reference; not a number when the reference is 0 (memory that could not be read: not Linux)."""
    return value / reference if reference else float("nan")


def curve_table(points: list[Point]) -> str:
    """The curve as a Markdown table, each size against the reference (the one before the largest), and
    the targets of the largest against the reference."""
    points = sorted(points, key=lambda p: p.articles)
    ref = points[-2] if len(points) > 1 else points[0]
    lines = [
        f"| articles | Markdown files | HTML pages | cold build (a) | time / {ref.articles} | peak memory "
        f"| memory / {ref.articles} |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in points:
        lines.append(
            f"| {p.articles} | {p.files} | {p.pages} | {p.seconds:.1f} s | {_ratio(p.seconds, ref.seconds):.2f}× "
            f"| {p.peak_mb:.0f} MB | {_ratio(p.peak_mb, ref.peak_mb):.2f}× |"
        )
    if len(points) < 2:
        return "\n".join(lines)
    top = points[-1]
    scale = top.articles / ref.articles
    time_limit, memory_limit = curve_limits(scale)
    time_ratio, memory_ratio = _ratio(top.seconds, ref.seconds), _ratio(top.peak_mb, ref.peak_mb)
    versus = f"{top.articles} / {ref.articles} articles ({scale:.2g}× the articles)"
    targets = [
        Target(
            f"cold build (a) time, {versus}", f"{time_ratio:.2f}×", f"≤ {time_limit:.2f}×", time_ratio <= time_limit
        ),
        Target(
            f"peak memory of (a), {versus}",
            f"{memory_ratio:.2f}×",
            f"≤ {memory_limit:.2f}×",
            memory_ratio <= memory_limit,
        ),
    ]
    return "\n".join([*lines, "", *target_lines(targets)])


def run_curve(root: Path, sizes: tuple[int, ...] = CURVE, write_doc: bool = True) -> str:
    """Cold builds (a) with their peak memory at each corpus size; the table goes to standard output and the doc."""
    root = root.resolve()
    work = root / ".bench" / "curve"
    work.mkdir(parents=True, exist_ok=True)
    env = _environment(root)
    out, cache = work / "ours", work / "cache"
    points, ok = [], True
    for articles in sizes:
        print(f"Generating {articles} articles ...", flush=True)
        content = generate(work, CorpusSpec(articles=articles), root / "content")
        for d in (out, cache):
            _remove_output(d)
        print(f"(a) our cold build of {articles} articles ...", flush=True)
        a = measure(our_build(root, content, out, cache, "--no-search"), env, root)
        print(f"    {a.seconds:.1f} s, {a.peak_mb:.0f} MB", flush=True)
        ok = ok and a.code == 0
        files = sum(1 for _ in content.rglob("*.md"))
        points.append(Point(articles, files, sum(1 for _ in out.rglob("*.html")), a.seconds, a.peak_mb))
    summary = curve_table(points)
    print("\n" + summary)
    if not ok:
        print("\nA build failed; the figures are not valid.", file=sys.stderr)
    if write_doc and ok:
        corpus = [
            f"Corpora of {', '.join(str(n) for n in sizes)} Latvian articles, made like the one above;",
            "cold builds (a) without the search index, each into an empty output and cache folder.",
        ]
        write_report(root, "bench-curve", corpus, summary)
    return summary


def _remove_output(path: Path) -> None:
    """Delete an output folder of an earlier run: the folder, or the symlink and the build folders beside it."""
    if path.is_symlink():
        path.unlink()
    shutil.rmtree(path, ignore_errors=True)
    for beside in (path.with_name(f".{path.name}.builds"), path.with_name(f".{path.name}.staging")):
        shutil.rmtree(beside, ignore_errors=True)
    path.with_name(f".{path.name}.lock").unlink(missing_ok=True)


def report_block(marker: str, corpus: list[str], table: str, day: dt.date, on: str) -> str:
    """The block of docs/performance.md between ``<!-- marker:start -->`` and ``<!-- marker:end -->``."""
    return "\n".join(
        [
            f"<!-- {marker}:start -->",
            f"Run of {day.isoformat()} on: {on}.",
            *corpus,
            "",
            table,
            f"<!-- {marker}:end -->",
        ]
    )


def replace_block(text: str, marker: str, block: str) -> str:
    """``text`` with its ``marker`` block replaced by ``block`` (appended when there is none)."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        return head + block + rest.split(end, 1)[1]
    return text + "\n" + block + "\n"


def write_report(root: Path, marker: str, corpus: list[str], table: str) -> None:
    doc = root / "docs" / "performance.md"
    text = doc.read_text("utf-8") if doc.exists() else ""
    doc.write_text(
        replace_block(text, marker, report_block(marker, corpus, table, dt.date.today(), machine())), "utf-8"
    )
    print(f"\nWritten to {doc.relative_to(root)}")
