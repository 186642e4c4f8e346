"""`invoke bench`: our build against plain Pelican on the same synthetic corpus.

Measured in one run on one machine: (a) a cold build of our full site (every
plugin, every language, without the search index), (b) a cold build of the
same Markdown by plain Pelican 4.12 with its `simple` theme and no plugins,
(c) a warm rebuild of our site after one article is edited, (d) the peak
memory of (a): the proportional set size (PSS) summed over the build's
processes, (e) a cold `invoke build` as users run it, search index
included, with its peak memory and that of its largest process (the build's
own or Pagefind's), (f) the next day's rebuild: right after (a), nothing edited,
the build date one day later, as CI's daily build runs, and (g) the live
preview as editors run it (`invoke livereload`, started in a copy of the site
on the corpus): the seconds from saving an edit of one article (its text,
title, date or tags) until the server reports the new build and serves the
page with the edit, and until that build's search index is in place. The
table goes to standard output and to docs/performance.md.

`invoke bench --curve` measures instead how a cold build (a) and its peak
memory grow with the corpus: at 1,000, 4,000 and 16,000 articles (or at the
sizes given), each size against the one before the largest.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
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


# ---------------------------------------------------------------------- (g) the live preview

PREVIEW_KINDS = ("text", "title", "date", "tag")  # the edits of (g), in this order
PREVIEW_LIMITS = {"text": 1.0, "title": 2.0, "date": 2.0, "tag": 2.0}  # save to reloaded page, seconds
SEARCH_LIMIT = 5.0  # save to the search index of that build in place ("within a few seconds"), seconds
PREVIEW_REPEATS = 3  # each edit is made this many times; the table shows the median
POLL = 0.02  # seconds between two questions to the preview's server


@dataclass(frozen=True)
class Edit:
    """The seconds from saving one kind of edit to the reloaded page and to the fresh search index, per repeat."""

    kind: str
    reload_s: tuple[float, ...]
    search_s: tuple[float, ...]

    @property
    def reload(self) -> float:
        return statistics.median(self.reload_s) if self.reload_s else float("nan")

    @property
    def search(self) -> float:
        return statistics.median(self.search_s) if self.search_s else float("nan")


@dataclass(frozen=True)
class PreviewRun:
    """(g): the live preview's figures; ``code`` is 0 when every edit was seen, else 1 and ``output`` says why."""

    edits: tuple[Edit, ...]
    code: int = 0
    output: str = ""
    rebuilds: tuple[float, ...] = field(default_factory=tuple)  # "Rebuilt in X s" of each rebuild, as it prints

    def edit(self, kind: str) -> Edit | None:
        return next((e for e in self.edits if e.kind == kind), None)


def _spread(values: tuple[float, ...]) -> str:
    return f"{min(values):.2f}–{max(values):.2f} s" if values else "none"


def preview_rows(g: PreviewRun) -> list[str]:
    """The measurement rows of (g): for each kind of edit, save to reloaded page and save to fresh search."""
    rows = []
    for e in g.edits:
        n = len(e.reload_s)
        rows.append(
            f"| (g) live preview, {e.kind} edit: save to reloaded page (median of {n}: {_spread(e.reload_s)}) "
            f"| {e.reload:.2f} s |  |  |"
        )
        rows.append(
            f"| (g) live preview, {e.kind} edit: save to the search index in place (median of {n}: "
            f"{_spread(e.search_s)}) | {e.search:.2f} s |  |  |"
        )
    return rows


def preview_targets(g: PreviewRun) -> list[Target]:
    targets = []
    for kind in PREVIEW_KINDS:
        e, limit = g.edit(kind), PREVIEW_LIMITS[kind]
        value = e.reload if e is not None else float("nan")
        targets.append(
            Target(
                f"live preview, {kind} edit: save to reloaded page (g)",
                f"{value:.2f} s",
                f"≤ {limit:.1f} s",
                value <= limit,
            )
        )
    searches = [e.search for e in g.edits]
    slowest = max(searches) if searches else float("nan")
    targets.append(
        Target(
            "live preview: save to fresh search, slowest kind of edit (g)",
            f"{slowest:.2f} s",
            f"≤ {SEARCH_LIMIT:.1f} s",
            slowest <= SEARCH_LIMIT,
        )
    )
    return targets


SITE_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "plugins", "theme")


def preview_site(root: Path, content: Path, site: Path) -> Path:
    """A copy of the site's code, theme and settings in ``site``, with ``content`` copied as its content/:
    where `invoke livereload` runs as in a clone."""
    _remove_output(site / "output")
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    for name in SITE_FILES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, site / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, site / name)
    shutil.copytree(content, site / "content")
    return site


class Preview:
    """`invoke livereload` running in ``site`` on a free port, in its own process group (as in a terminal)."""

    def __init__(self, site: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "invoke", "livereload", "--port", "0"],
            cwd=site,
            env={**env, "PYTHONPATH": f"{site / 'plugins'}{os.pathsep}{site}", "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.port = 0

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output)
            if found:
                return found
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.1)
        raise PreviewFailed(f"the preview never printed {pattern!r}")

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as r:
                return r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.read().decode("utf-8", "replace")

    def state(self) -> dict:
        return json.loads(self.get("/__preview/state"))

    def until(self, done: Callable[[], bool], what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise PreviewFailed(f"{what}: not within {timeout:.0f} s")
            if self.proc.poll() is not None:
                raise PreviewFailed(f"{what}: the preview stopped")
            time.sleep(POLL)

    def time_save(self, path: Path, text: str, shown: str, pages: list[str], what: str) -> tuple[float, float]:
        """Write ``text`` to ``path``; (seconds from the save until the server reports a new build and serves
        every one of ``pages`` with ``shown``, seconds until that build's search index is in place)."""
        before = self.state()["build"]
        saved = time.perf_counter()
        path.write_text(text, "utf-8")
        built = 0

        def reloaded() -> bool:
            nonlocal built
            state = self.state()
            if state["build"] <= before:
                return False
            if not state["ok"]:
                raise PreviewFailed(f"{what}: the build failed")
            built = state["build"]
            return all(shown in self.get(page) for page in pages)

        self.until(reloaded, f"{what}: the page with the edit", timeout=300)
        reload_s = time.perf_counter() - saved
        self.until(lambda: self.state()["search"] >= built, f"{what}: the search index", timeout=900)
        return reload_s, time.perf_counter() - saved

    def stop(self) -> None:
        """Ctrl+C, as a terminal sends it to the whole job; killed if it does not stop."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGINT)
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self._reader.join(timeout=10)


class PreviewFailed(Exception):
    """The live preview did not show an edit (or did not start); the message says what it missed."""


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _front_line(text: str, key: str) -> str:
    found = re.search(rf"^{key}: (.*)$", _FRONT.match(text).group(1), re.M)  # type: ignore[union-attr]
    return found.group(1) if found else ""


def _set_front(text: str, key: str, value: str) -> str:
    head = _FRONT.match(text)
    assert head is not None
    front = head.group(1)
    line = f"{key}: {value}"
    front = (
        re.sub(rf"^{key}: .*$", line, front, flags=re.M)
        if re.search(rf"^{key}: ", front, re.M)
        else (f"{front}\n{line}")
    )
    return f"---\n{front}\n---\n" + text[head.end() :]


def newest_article(content: Path) -> Path:
    """The Latvian article with the latest date: the first one the home page lists."""
    latvian = sorted((content / "articles").rglob("*.lv.md"))
    return max(latvian, key=lambda p: (_front_line(p.read_text("utf-8"), "date"), str(p)))


def preview_edit(kind: str, text: str, n: int) -> tuple[str, str]:
    """(the article's text after edit number ``n`` of ``kind``, what its page then shows and no page showed
    before). A text edit replaces the paragraph the last one added; a title edit marks the title; a date edit
    moves the time on the same day (so the article keeps its address and its first place in the listings);
    a tag edit adds a new tag."""
    mark = f"{kind}-{n}-{time.time_ns() % 10**9}"
    if kind == "text":
        body = re.sub(r"\n\nLabojums [^\n]*\n\Z", "\n", text)
        return body.rstrip("\n") + f"\n\nLabojums {mark}.\n", f"Labojums {mark}."
    if kind == "title":
        title = re.sub(r" \[[^\]]*\]\"$", '"', _front_line(text, "title"))
        return _set_front(text, "title", title[:-1] + f' [{mark}]"'), mark
    if kind == "date":
        date = _front_line(text, "date")  # YYYY-MM-DD HH:MM
        day, minute = date[:10], (n * 7 + 3) % 60
        new = f"{day} 23:{minute:02d}"
        return _set_front(text, "date", new), f'datetime="{day}T23:{minute:02d}:00'
    if kind == "tag":
        tags = [t.strip() for t in _front_line(text, "tags").strip("[]").split(",") if t.strip()]
        tags = [t for t in tags if not t.startswith("mērījums")] + [f"mērījums {mark}"]
        return _set_front(text, "tags", f"[{', '.join(tags)}]"), f"mērījums {mark}"
    raise ValueError(kind)


def _article_path(site: Path, text: str, path: Path) -> str:
    """The root-relative address of an article of the corpus (Latvian, the site's first language)."""
    from pelican.settings import read_settings

    from contentmodel.config import SiteConfig
    from contentmodel.routes import Routes

    routes = Routes.for_config(SiteConfig.from_settings(read_settings(str(site / "pelicanconf.py"))))
    slug = _front_line(text, "slug") or path.name.split(".")[0]
    local = routes.prefixes[routes.default_lang] + routes.article_local(_front_line(text, "date")[:4], slug)
    return "/" + local


def measure_preview(
    site: Path, env: dict[str, str], repeats: int = PREVIEW_REPEATS, say=print, kinds: tuple[str, ...] = PREVIEW_KINDS
) -> PreviewRun:
    """(g): start the live preview in ``site``, wait for its first build and index, then save each kind of edit
    ``repeats`` times, timing each from the save to the reloaded page and to the fresh search index."""
    article = newest_article(site / "content")
    original = article.read_text("utf-8")
    address = _article_path(site, original, article)
    preview = Preview(site, env)
    edits: list[Edit] = []
    try:
        preview.port = int(preview.wait_for(r"Preview at http://localhost:(\d+)/", timeout=900).group(1))
        preview.until(lambda: preview.state()["search"] >= 1, "the first search index", timeout=900)
        for kind in kinds:
            reloads, searches = [], []
            for n in range(repeats):
                text, shown = preview_edit(kind, article.read_text("utf-8"), n)
                pages = [address, "/"] if kind in ("title", "date") else [address]  # the home page lists it
                reload_s, search_s = preview.time_save(article, text, shown, pages, f"{kind} edit")
                reloads.append(reload_s)
                searches.append(search_s)
                say(f"    {kind} edit {n + 1}: reloaded {reloads[-1]:.2f} s, search {searches[-1]:.2f} s", flush=True)
            edits.append(Edit(kind, tuple(reloads), tuple(searches)))
    except (PreviewFailed, OSError, ValueError, KeyError) as exc:
        return PreviewRun(tuple(edits), 1, f"{exc}\n{preview.output[-3000:]}", _rebuilds(preview.output))
    finally:
        preview.stop()
        article.write_text(original, "utf-8")
    return PreviewRun(tuple(edits), 0, preview.output, _rebuilds(preview.output))


def _rebuilds(output: str) -> tuple[float, ...]:
    """The in-process time of each rebuild after the first build, as the preview prints it."""
    return tuple(float(x) for x in re.findall(r"Rebuilt in ([\d.]+) s", output)[1:])


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
    g: PreviewRun | None = None  # the live preview (None: not measured, --no-preview)

    @property
    def ok(self) -> bool:
        return all(r.code == 0 for r in (self.a, self.b, self.c, self.e, self.f)) and (
            self.g is None or self.g.code == 0
        )


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
        *(preview_rows(r.g) if r.g is not None else []),
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
        *(preview_targets(r.g) if r.g is not None else []),
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


def run(root: Path, articles: int = 4000, write_doc: bool = True, preview: bool = True) -> str:
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
    g = None
    if preview:
        print(
            "(g) the live preview (invoke livereload): edits of one article, each timed to the reload ...", flush=True
        )
        g = measure_preview(preview_site(root, content, work / "preview"), env)
        if g.code:
            print(f"    the preview failed: {g.output}", file=sys.stderr)
    pages = sum(1 for _ in ours_out.rglob("*.html"))
    plain_pages = sum(1 for _ in plain_out.rglob("*.html"))
    results = Results(a, b, c, e, f, pages, plain_pages, index_s, g)
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
