"""One build of the multilingual site, independent of Pelican's machinery.

A build goes through two stages, each returning an immutable value:
``SiteBuild.prepare()`` reads and validates everything and returns a
``PreparedSite`` (or raises ``ContentError``, with every problem, before a
single file is written); ``SiteBuild.write(prepared)`` renders every language
in one pass and returns a ``BuildResult``. ``SiteBuild`` itself holds only the
run's inputs and what the run collects (its report and timings). The Pelican
generator in ``multisite.generator`` only calls these two.
"""

from __future__ import annotations

import array
import collections
import dataclasses
import functools
import gc
import html
import logging
import os
import re
import time
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from contentmodel import deps, schema, serial
from contentmodel.config import SiteConfig
from contentmodel.diagnostics import ContentError, Problem, Report, nearest
from contentmodel.documents import MARKDOWN_SUFFIXES, Document, read_document
from contentmodel.frontmatter import load_data_file
from contentmodel.markup import Converter, plain_text, resolve_links
from contentmodel.routes import Routes, output_file
from contentmodel.site import SiteModel, build_site
from contentmodel.svg import HINT, svg_problems
from funding.municipalities import MunicipalityIndex, validate_municipalities
from funding.notices import TypedNoticeFinder
from funding.programmes import validate_programmes
from lvlang.language import pick

from . import signals
from .checks import content_checks
from .incremental import (
    BuildRecord,
    DocumentCache,
    RecordCheck,
    RecordStore,
    RecordWriter,
    code_salt,
    digest,
    settings_digest,
    tree_digest,
)
from .pages import LinkItem, Output, PageMeta, PageSummary, Prepared
from .pictures import Pictures, prepare_pictures
from .render import Renderer
from .writer import OutputWriter

log = logging.getLogger(__name__)

# Outputs to compute below which a build renders in its own process: forking the workers (and collecting
# and freezing the heap first) costs about as much CPU as rendering a few hundred small pages.
PARALLEL_THRESHOLD = 1000
# Each process that renders takes runs of this many consecutive outputs (the first run, the n+1-th ...),
# not every n-th output: neighbouring outputs show the same articles and their documents lie side by side
# in memory, so a process makes fewer of the values another one makes too, and a worker copies fewer of
# the pages it shares with the build's process (reading an object writes its reference count).
RENDER_RUN = 64

T = TypeVar("T")


@contextmanager
def timed(timings: dict[str, float], name: str):
    """Add the time spent in the block to ``timings[name]`` (shown by ``--verbose``)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


@contextmanager
def collection_paused():
    """The block runs with Python's cyclic garbage collector paused (as it was again after it).

    For the steps of a build that make many objects and next to no garbage
    (decoding cached documents and the record, the site model, the plans and
    the checks against the record, the next record): with the whole site in
    memory, each full collection that their allocations trigger walks every
    object (about 1.6 s of CPU time in a warm rebuild of the default corpus).
    Never around forking workers, which would inherit it."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def link_roots(content_root: Path) -> tuple[Path, ...]:
    """Where a symbolic link under content/ may lead: content/ itself and, when the folder
    holding content/ is a Git work tree (it has a .git entry), that repository.

    Without a repository around it (a content folder given on its own) only
    content/ counts. Either way a link may not lead into a hidden entry
    (.git, .env, ...): those are never published."""
    content = Path(os.path.realpath(content_root))
    parent = Path(os.path.realpath(Path(os.path.abspath(content_root)).parent))
    return (content, parent) if (parent / ".git").exists() else (content,)


def link_problem(path: Path | str, roots: tuple[Path, ...]) -> str | None:
    """Why the link at ``path`` may not be read or published, or None when it stays inside ``roots``."""
    real = Path(os.path.realpath(path))
    for root in roots:
        if real == root or root in real.parents:
            if any(part.startswith(".") for part in real.relative_to(root).parts):
                return f"a hidden file or folder ({real.relative_to(root).as_posix()})"
            return None
    where = "the repository" if len(roots) > 1 else "content/"
    return f"'{os.readlink(path) if os.path.islink(path) else real}', which is outside {where}"


def discover(content_root: Path) -> list[str]:
    """Content-relative POSIX paths of every Markdown file under the kind folders.

    A file or folder that is a link leading outside the repository is left out
    (``SiteBuild.prepare`` reports it); linked folders are not followed."""
    found = []
    roots = link_roots(content_root)
    for folder in schema.FOLDERS.values():
        base = content_root / folder
        if not base.is_dir() or (base.is_symlink() and link_problem(base, roots)):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if name.startswith(".") or not name.lower().endswith(MARKDOWN_SUFFIXES):
                    continue
                full = Path(dirpath, name)
                if full.is_symlink() and link_problem(full, roots):
                    continue
                found.append(full.relative_to(content_root).as_posix())
    return sorted(found, key=lambda p: unicodedata.normalize("NFC", p))


def _ordinal_langs(config: SiteConfig) -> frozenset[str]:
    return frozenset(lang.code for lang in config.languages if lang.ordinal_full_stop)


def _read_batch(args: tuple) -> list[Any]:
    """Read files; each result (document, problems) comes back as JSON text, ready for the cache.

    A result the codec cannot store (a new kind of value) comes back as it is,
    and is not cached."""
    root, paths, codes, default_lang, finder, timezone, ordinal_langs = args
    converter = Converter()
    results: list[Any] = []
    for rel in paths:
        doc, problems = read_document(Path(root), rel, codes, default_lang, converter, timezone, ordinal_langs)
        if finder is not None and doc is not None and doc.kind == schema.ARTICLE:  # for the content checks
            doc = dataclasses.replace(
                doc, facts=dataclasses.replace(doc.facts, typed_notice=finder.find(plain_text(doc.body_html)))
            )
        try:
            results.append(serial.CONTENT.dumps((doc, problems)))
        except serial.SerialError as exc:
            log.debug("%s: the result cannot be cached: %s", rel, exc)
            results.append((doc, problems))
    return results


def _belongs(result: Any, rel: str) -> bool:
    """Whether a cached result was read from the file at ``rel`` (not copied from another entry)."""
    doc, problems = result
    path = unicodedata.normalize("NFC", rel)
    return (doc is None or doc.path == path) and all(problem.path == path for problem in problems)


def read_all(
    content_root: Path,
    paths: list[str],
    config: SiteConfig,
    workers: int = 0,
    cache: DocumentCache | None = None,
    finder=None,
) -> list[tuple[Document | None, list[Problem]]]:
    """Read every file, taking unchanged ones from ``cache`` and putting the others into it (the caller
    saves it); in parallel across processes when there are many.

    A file read afresh goes through the same codec as a cached one, so a cold
    build sees exactly what a warm build would take from the cache."""
    results: dict[str, tuple[Document | None, list[Problem]]] = {}
    hashes: dict[str, str] = {}
    if cache is not None:
        with collection_paused():
            for rel in paths:
                hit, hashes[rel] = cache.get(rel, content_root / rel)
                if hit is not None and _belongs(hit, rel):
                    results[rel] = hit
    todo = [rel for rel in paths if rel not in results]
    workers = workers or (os.cpu_count() or 1)
    fresh: dict[str, Any] = {}
    if len(todo) < PARALLEL_THRESHOLD or workers < 2:
        fresh.update(
            zip(
                todo,
                _read_batch(
                    (
                        str(content_root),
                        todo,
                        config.codes,
                        config.default_lang,
                        finder,
                        config.timezone,
                        _ordinal_langs(config),
                    )
                ),
            )
        )
    else:
        chunks = [todo[i :: workers * 4] for i in range(workers * 4)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            jobs = [
                (
                    str(content_root),
                    c,
                    config.codes,
                    config.default_lang,
                    finder,
                    config.timezone,
                    _ordinal_langs(config),
                )
                for c in chunks
            ]
            for chunk, batch in zip(chunks, pool.map(_read_batch, jobs)):
                fresh.update(zip(chunk, batch))
    for rel in todo:
        result = fresh.pop(rel)
        if isinstance(result, str):
            text, result = result, serial.CONTENT.loads(result, serial.READ_RESULT)
            if cache is not None:
                cache.put_text(rel, hashes[rel], text)
        results[rel] = result
    return [results[rel] for rel in paths]


Builder = Callable[[Prepared], Iterable[Output]]


@dataclass(frozen=True, slots=True)
class PreparedSite:
    """What ``SiteBuild.prepare()`` made of the content: everything ``write()`` and the page families read.

    Nothing here is replaced once it is made. Three members collect rather
    than hold the site: ``report`` (the run's report, where writing adds its
    warnings), the renderer's record of untranslated interface strings, and
    ``memo_cache``, a cache of values computed from the rest once per build and
    process (``memo``), each with the reads its computation noted
    (``contentmodel.deps``): it is never state the stages change."""

    config: SiteConfig  # the typed settings, read once per run
    routes: Routes  # every address of the build
    site: SiteModel  # the documents, grouped, checked and addressed
    renderer: Renderer
    pictures: Pictures  # the articles' pictures and their variants
    content_root: Path
    report: Report
    memo_cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    # The live preview's builds only: every content file as read (source path -> (document, problems)), so
    # that a save that changed only texts can be rebuilt from here (``multisite.quick``).
    read: Mapping[str, tuple[Document | None, list[Problem]]] = field(default_factory=dict, repr=False)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per build and process, kept in ``memo_cache`` under ``key``."""
        return deps.Memo(self.memo_cache).get(key, compute)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What ``SiteBuild.write()`` did."""

    written: Mapping[str, str]  # every file of this build -> what produced it (the writer's manifest)
    changed: int  # files whose bytes were written, linked or copied anew
    removed: tuple[str, ...]  # files of the last build this one no longer has
    rendered: int  # outputs computed and rendered
    kept: int  # outputs a warm build found already right
    pages: tuple[PageSummary, ...]  # every rendered page's metadata, in planned order (the sitemaps)
    missing: Mapping[str, tuple[str, ...]]  # interface strings shown untranslated, per language
    timings: Mapping[str, float]  # seconds per phase (shown by --verbose)
    touched: tuple[str, ...] = ()  # paths written, replaced or removed (or maybe written): staging.record
    replaced: tuple[str, ...] = ()  # folders written apart and put in place whole (the search index)
    last: LastBuild | None = field(default=None, repr=False, compare=False)  # a long-lived process's builds only


@dataclass(frozen=True)
class Planned:
    """One page family's outputs as a build planned them, and what planning them read of the site."""

    family: Builder
    outputs: tuple[Output, ...]
    reads: frozenset[deps.Dep]


@dataclass(frozen=True)
class LastBuild:
    """What a long-lived process (the live preview) keeps of its last build, so that a save that changed
    only documents is rebuilt from here (``multisite.quick``)."""

    build: SiteBuild
    prepared: PreparedSite
    families: tuple[Planned, ...]  # in the families' order
    plans: Mapping[str, str | None]  # the plan of every output rendered from a template or computed
    record: BuildRecord  # the build's record, as committed
    pages: tuple[tuple[str, PageSummary], ...]  # (output path, page), in planned order: the sitemaps
    written: Mapping[str, str]  # every file the build wrote -> what produced it (the writer's manifest)
    read: Mapping[str, tuple[Document | None, list[Problem]]]  # every content file as read (``PreparedSite.read``)


@dataclass(frozen=True)
class SiteBuild:
    """One run: its inputs, and what it collects while it runs (``report``, ``timings``).

    The stages' results are not kept here: ``prepare()`` returns a
    ``PreparedSite``, ``write()`` a ``BuildResult``."""

    settings: Mapping[str, Any]  # only hashed, for the build record
    config: SiteConfig  # all that is read from the settings, once per run
    content_root: Path
    theme_dir: Path
    output_dir: Path  # where this build writes (a staging folder)
    target: Path  # the output folder it becomes (see staging.record_target)
    builders: list[Builder] = field(default_factory=list)  # the page families, in order (sitepages.families)
    report: Report = field(default_factory=Report)
    timings: dict[str, float] = field(default_factory=dict)
    search_later: bool = False  # the search index is written after publishing (the preview)
    long_lived: bool = False  # this process builds again (the preview): it keeps the document cache in memory

    def prepare(self) -> PreparedSite:
        config = self.config
        routes = Routes.for_config(config)
        report = self.report
        refused = self._check_links()

        def data_file(rel: str) -> dict:
            if any(rel == link or rel.startswith(link + "/") for link in refused):
                return {}
            return load_data_file(self.content_root / rel, rel, report)

        programmes, problems = validate_programmes(
            data_file("data/programmes.yaml"),
            config.codes,
            config.default_lang,
            fallbacks={lang.code: lang.fallback for lang in config.languages if lang.fallback},
        )
        report.extend(problems)
        municipalities, problems = validate_municipalities(
            data_file("data/municipalities.yaml"),
            config.codes,
            config.default_lang,
            fallbacks={lang.code: lang.fallback for lang in config.languages if lang.fallback},
        )
        report.extend(problems)
        index = MunicipalityIndex(municipalities)
        self._check_strays()
        self._check_svgs()
        finder = TypedNoticeFinder(programmes)
        documents = []
        with timed(self.timings, "read"):
            paths = discover(self.content_root)
            cache = self._document_cache(finder.fragments)
            results = read_all(self.content_root, paths, config, cache=cache, finder=finder)
            if cache is not None:
                cache.save(keep=paths)
            for doc, problems in results:
                report.extend(problems)
                if doc is not None:
                    documents.append(doc)
        with timed(self.timings, "site model and checks"), collection_paused():
            site = build_site(
                documents,
                config=config,
                content_root=self.content_root,
                programmes=programmes,
                municipalities=index,
                report=report,
                reserved=self._reserved(routes),
                routes=routes,
            )
            site = self._resolve_links(site)
            content_checks(site, report)
        if report.errors:
            raise ContentError(report)
        with timed(self.timings, "pictures"):
            pictures = prepare_pictures(site, self.content_root, self.cache_dir, routes, report)
        if report.errors:
            raise ContentError(report)
        renderer = Renderer(self.theme_dir, config, functools.partial(_lang_globals, site), routes=routes)
        return PreparedSite(
            config=config,
            routes=routes,
            site=site,
            renderer=renderer,
            pictures=pictures,
            content_root=self.content_root,
            report=report,
            read=dict(zip(paths, results)) if self.long_lived else {},
        )

    def _render_all(
        self, prepared: PreparedSite, jobs: list[tuple[int, Output]], writer: OutputWriter
    ) -> tuple[list[tuple[int, Any]], list[Noted]]:
        """Compute, render and write the outputs, across processes when there are many.

        Workers are forked after the site is read, so they share the build's
        state read-only; the outputs are shared out in runs (``_share``): the
        build's own process makes the first share and each forked worker one of
        the others. Each computes what was left for later, renders and writes it
        (only if its bytes changed); a worker sends back how many files it
        changed, the pages' metadata (for the sitemaps), what each output read
        (``contentmodel.deps``) and the interface strings it found untranslated.
        The build's process takes a share rather than waiting: a worker copies
        each memory page it shares with it that it writes to (reading an object
        writes its reference count), and a page that two workers write to is
        held three times, by the build's process and by each worker.
        """
        workers = min(os.cpu_count() or 1, 4)
        if len(jobs) < PARALLEL_THRESHOLD or workers < 2 or not hasattr(os, "fork"):
            changed, pages, noted, _missing = _render_slice(prepared, jobs, 0, 1, self.output_dir)
            writer.changed += changed
            return pages, [noted]
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        prepared.renderer.compile_all()
        gc.collect()
        gc.freeze()  # the workers' collector then never touches (and so copies) the shared objects
        try:
            pipes, procs = [], []
            for index in range(1, workers):
                receiver, sender = ctx.Pipe(duplex=False)
                proc = ctx.Process(
                    target=_render_worker, args=(prepared, self.output_dir, jobs, index, workers, sender)
                )
                proc.start()
                sender.close()
                pipes.append(receiver)
                procs.append(proc)
            try:  # the first share, here; what it holds is let go as it goes (as a worker's is when it ends)
                changed, pages, own, _missing = _render_slice(prepared, jobs, 0, workers, self.output_dir, forget=True)
            except BaseException:
                for proc in procs:
                    proc.terminate()
                    proc.join()
                raise
            writer.changed += changed
            failures, noted = [], [own]  # noted: one Noted per process
            for receiver, proc in zip(pipes, procs):
                try:
                    changed, part, reads, missing, error = receiver.recv()
                except EOFError:
                    changed, part, reads, missing, error = 0, [], Noted(), {}, "a render worker stopped unexpectedly"
                proc.join()
                writer.changed += changed
                pages += part
                noted.append(reads)
                for lang, messages in missing.items():
                    prepared.renderer.translations[lang].missing.update(messages)
                if error:
                    failures.append(error)
        finally:
            gc.unfreeze()
        if failures:
            raise RuntimeError("rendering failed:\n" + "\n".join(failures))
        return pages, noted

    def _check_links(self) -> set[str]:
        """Report every symbolic link under content/ that leads outside the repository (or into a
        hidden entry); returns their content-relative paths.

        Pelican copies the static folders (images/, files/, extra/) after this
        generator has run, following links: refusing them here, before
        anything is written, keeps a link to /etc/passwd from being published.
        Links to folders inside the repository are followed, as Pelican does."""
        roots = link_roots(self.content_root)
        refused: set[str] = set()
        seen = {Path(os.path.realpath(self.content_root))}
        stack = [(str(self.content_root), "")]
        while stack:
            folder, prefix = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    why = link_problem(entry.path, roots)
                    if why is not None:
                        refused.add(rel)
                        is_dir = os.path.isdir(entry.path)
                        self.report.error(
                            rel + ("/" if is_dir else ""),
                            "",
                            f"this {'folder' if is_dir else 'file'} is a symbolic link to {why}",
                            "replace the link with the file itself"
                            if not is_dir
                            else "replace the link with the folder itself (a copy of its files)",
                        )
                        continue
                    real = Path(os.path.realpath(entry.path))
                    if real.is_dir() and real not in seen:
                        seen.add(real)
                        stack.append((entry.path, rel + "/"))
                elif not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, rel + "/"))
        return refused

    def _reserved(self, routes: Routes) -> dict[str, str]:
        """First path segments no document may claim: the languages, the site's own words and
        folders, and what Pelican copies (static paths, the theme, extra files)."""
        return routes.reserved_roots([*self.config.static_paths, *self.config.copied_folders])

    def _check_strays(self) -> None:
        allowed = set(schema.FOLDERS.values()) | {"data", "images", "files", "extra"}
        for entry in sorted(self.content_root.iterdir()) if self.content_root.is_dir() else []:
            if entry.name.startswith("."):
                continue
            if entry.is_dir() and entry.name not in allowed:
                self.report.warning(
                    entry.name + "/",
                    "",
                    "this folder is not part of the site and is ignored",
                    "articles go under articles/, projects under projects/, pages under pages/",
                )
            elif entry.is_file() and entry.suffix.lower() in MARKDOWN_SUFFIXES:
                self.report.error(
                    entry.name,
                    "",
                    "a Markdown file directly under content/ is not published",
                    f"move it to articles/{entry.name} (or pages/ for a static page)",
                )

    def _check_svgs(self) -> None:
        """Every SVG the site would publish must pass ``contentmodel.svg`` (checked before anything is written)."""

        for folder in ("images", "files", "extra"):
            base = self.content_root / folder
            if not base.is_dir():
                continue
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames.sort()
                for name in sorted(filenames):
                    if not name.lower().endswith((".svg", ".svgz")):
                        continue
                    path = Path(dirpath, name)
                    rel = path.relative_to(self.content_root).as_posix()
                    if name.lower().endswith(".svgz"):
                        self.report.error(
                            rel,
                            "",
                            "a compressed SVG (.svgz) cannot be checked and is not published",
                            "save it as a plain .svg file",
                        )
                        continue
                    for problem in svg_problems(path.read_bytes()):
                        self.report.error(rel, "", f"this SVG is not safe to publish: {problem}", HINT)

    def _resolve_links(self, site: SiteModel) -> SiteModel:
        """``site`` with the {filename} links of every body turned into addresses (each error reported)."""
        resolved = {}
        for doc in site.by_path.values():
            body = resolve_links(doc.body_html, self.resolver(site, doc, self.report))
            if body != doc.body_html:
                resolved[doc.path] = dataclasses.replace(doc, body_html=body)
        return site.with_documents(resolved)

    @staticmethod
    def resolver(site: SiteModel, doc: Document, report: Report) -> Callable[[str, str], str]:
        """What a {filename} or static link of ``doc``'s body leads to in ``site``; a link to no published
        document is reported into ``report`` and leads to "#"."""
        routes = site.routes
        folder = doc.path.rsplit("/", 1)[0]

        def resolve(kind: str, target: str) -> str:
            if kind == "static":
                return routes.href(target)
            rel = target.lstrip("/") if target.startswith("/") else os.path.normpath(f"{folder}/{target}")
            rel = rel.replace(os.sep, "/")
            other = site.by_path.get(rel)
            if other is None and site.states.get(rel) in ("draft", "scheduled"):
                report.error(
                    doc.path,
                    "body",
                    f"the link '{{filename}}{target}' leads to an article "
                    "that is not published yet (a draft, or dated in the future)",
                    "publish that article first, or link it once it is out",
                )
                return "#"
            if other is None:
                report.error(
                    doc.path,
                    "body",
                    f"the link '{{filename}}{target}' points to no file",
                    "write the path of an existing .md file, relative to this one",
                )
                return "#"
            return routes.href(routes.document(other))

        return resolve

    _HREF = re.compile(r'(?:href|src)="([^"]*)"')  # preceded by no word character: see ``_hrefs``
    _COPIED = frozenset({"pagefind", "theme", "extra"})  # first segments of folders written or copied apart

    def _check_internal_links(self, site: SiteModel, planned: set[str]) -> None:
        """Every link of an editor's text to a page of this site leads to a page this build writes (or to a
        file under content/): otherwise an error on the Markdown file and line, before anything is written."""
        planned = self.linkable(site.routes, planned)
        for doc in site.by_path.values():
            self.report.extend(self.link_problems(site.routes, doc, planned))
        if self.report.errors:
            raise ContentError(self.report)

    def linkable(self, routes: Routes, planned: set[str]) -> set[str]:
        """The output paths a link may lead to: the planned outputs and the sitemaps and robots.txt."""
        return planned | {routes.sitemap(), routes.robots(), *(routes.sitemap(code) for code in self.config.codes)}

    def link_problems(self, routes: Routes, doc: Document, linkable: set[str]) -> list[Problem]:
        """The links of ``doc``'s body to a page of this site that leads to none of ``linkable``."""
        prefix = routes.href("")
        problems = []
        for href in dict.fromkeys(self._hrefs(doc.body_html)):
            link = html.unescape(href)
            if not link.startswith(prefix) or link.startswith("//"):
                continue
            path = unquote(link[len(prefix) :].split("#", 1)[0].split("?", 1)[0])
            if (
                not path
                or path.split("/", 1)[0] in self._COPIED
                or path in linkable
                or output_file(path) in linkable
                or output_file(path + "/") in linkable
            ):
                continue
            if path.startswith(("images/", "files/")) and (self.content_root / path).is_file():
                continue
            guess = nearest(path, sorted(p.removesuffix("index.html") for p in linkable if p.endswith(".html")))
            problems.append(
                Problem(
                    doc.path,
                    _source_line(self.content_root / doc.path, href),
                    "body",
                    f"the link '{link}' leads to no page of this site",
                    f"did you mean '{prefix}{guess}'?"
                    if guess
                    else "check the address, or link the article's file as {filename}../x.lv.md",
                )
            )
        return problems

    @classmethod
    def _hrefs(cls, body: str) -> list[str]:
        """The values of the ``href`` and ``src`` attributes in ``body``: what ``\\b(?:href|src)="([^"]*)"``
        finds, but about three times faster (a word boundary before the name defeats the regular
        expression's search for its first letters, so it is checked here on each match)."""
        found, search, at = [], cls._HREF.search, 0
        while (match := search(body, at)) is not None:
            start = match.start()
            before = body[start - 1] if start else ""
            if before.isalnum() or before == "_":  # inside a word (``\\w`` is ``isalnum`` or ``_``)
                at = start + 1
                continue
            found.append(match.group(1))
            at = match.end()
        return found

    def outputs(self, prepared: PreparedSite) -> Iterable[Output]:
        """Every output of every page family, in the families' order."""
        for builder in self.builders:
            yield from builder(prepared)

    # ------------------------------------------------------------------ warm builds

    @property
    def cache_dir(self) -> Path:
        return Path(self.config.cache_path)

    @functools.cached_property
    def code_identity(self) -> str:
        """The identity of the code that reads and renders: our plugins and the libraries' versions."""
        from importlib.metadata import version

        libraries = "|".join(
            f"{name}={version(name)}"
            for name in (
                "pelican",
                "markdown",
                "jinja2",
                "babel",
                "icalendar",
                "feedgenerator",
                "holidays",
                "pyyaml",
                "nh3",
                "pillow",
            )
        )
        return digest(f"{code_salt(Path(__file__).resolve().parents[1])}|{libraries}".encode())

    def _document_cache(self, notice_fragments: list[str]) -> DocumentCache | None:
        if not self.config.incremental:
            return None
        root = digest(str(self.content_root.resolve()).encode("utf-8", "surrogateescape"))
        salt = digest(
            f"{self.code_identity}|{self.config.codes}|{self.config.default_lang}|{self.config.timezone}|"
            f"{notice_fragments}".encode()
        )
        try:
            (self.cache_dir / f"documents-{root}.pickle").unlink(missing_ok=True)  # older versions': never read
        except OSError:
            pass
        return DocumentCache(
            self.cache_dir / f"documents-{root}.json",
            salt,
            serial.CONTENT,
            serial.READ_RESULT,
            remember=self.long_lived,
        )

    def _fingerprint(self) -> str:
        """Everything an output can depend on that is not a document, nor the build date (what an
        output reads of the date is noted as it is read, see ``deps.NotedDay``)."""
        content = self.content_root
        config = {f.name: getattr(self.config, f.name) for f in dataclasses.fields(self.config)}
        del config["build_date"]
        parts = [
            self.code_identity,
            tree_digest([self.theme_dir]),
            tree_digest([content / "data"]),
            tree_digest([content / folder for folder in self.config.static_paths]),
            settings_digest(self.settings, ignore=("OUTPUT_PATH", "BUILD_DATE")),
            repr(config),
            str(self.target.resolve()),
        ]
        return digest("|".join(parts).encode("utf-8", "surrogateescape"))

    def committed(self) -> None:
        """Called once this build's output has replaced the old one: its record becomes valid."""
        if self.config.incremental:
            RecordStore(self.cache_dir, self.target).commit()

    # ------------------------------------------------------------------ writing

    def write(self, prepared: PreparedSite) -> BuildResult:
        """Plan, render and write every output of ``prepared`` into the output folder."""
        renderer = prepared.renderer
        with timed(self.timings, "last build's record"), collection_paused():
            store = RecordStore(self.cache_dir, self.target) if self.config.incremental else None
            previous = store.load() if store else None
            if store:
                store.forget()  # until this build's output is in place, no record is valid
            fingerprint = self._fingerprint() if store else ""
            if previous is not None and previous.fingerprint != fingerprint:
                previous = None  # the code, theme, settings or data changed: nothing is kept
        answer = deps.Digests(prepared.site)
        writer = OutputWriter(self.output_dir)
        jobs, kept, produced, plans = [], [], {}, {}
        tracked = None
        try:
            if store:
                tracked = deps.tracking(prepared.site)
                tracked.__enter__()
        except TypeError as exc:  # a site model this build cannot watch: nothing is kept, nothing recorded
            log.debug("reads not recorded: %s", exc)
            tracked, previous, store = None, None, None
        keeping = RecordCheck(previous, answer) if previous is not None else None
        try:
            with collection_paused():  # until the outputs are planned and checked (on again before any fork)
                with timed(self.timings, "outputs"):
                    families: list[Planned] | None = None
                    if self.long_lived and tracked is not None:  # what each family's planning read (``quick``)
                        memo, families = deps.Memo(prepared.memo_cache), []
                        for builder in self.builders:
                            with memo.recording() as planning:
                                made = tuple(builder(prepared))
                            families.append(Planned(builder, made, frozenset(planning)))
                        outputs = [out for planned in families for out in planned.outputs]
                    else:
                        outputs = list(self.outputs(prepared))
                    self._check_internal_links(prepared.site, {out.path for out in outputs})
                known, shared = _known(prepared), deps.Shared()
                for index, out in enumerate(outputs):
                    if out.source is not None:
                        writer.link(out.path, out.source, out.producer)
                        continue
                    if out.content is not None:
                        writer.write(out.path, out.content, out.producer)
                        continue
                    writer.claim(out.path, out.producer or out.template or "")
                    produced[out.path] = out.producer
                    plans[out.path] = plan = _plan(out, known, shared) if store else None
                    if (
                        keeping is not None
                        and keeping.can_keep(out.path, out.producer, plan)
                        and (self.output_dir / out.path).is_file()
                    ):
                        kept.append((index, out.path))
                    else:
                        jobs.append((index, out))
                        if previous is not None:
                            log.debug("%s is made again", out.path)
            writer.touched.update(out.path for _index, out in jobs)  # the render workers write only these
            with timed(self.timings, "render and write"):
                pages, noted = self._render_all(prepared, jobs, writer)
        finally:
            if tracked is not None:
                tracked.__exit__(None, None, None)
        path_of = {index: out.path for index, out in jobs}
        path_of.update(kept)
        by_path = {path_of[index]: page for index, page in pages}
        if previous is not None:
            pages += [(index, previous.pages[path]) for index, path in kept if path in previous.pages]
            by_path.update({path: previous.pages[path] for _index, path in kept if path in previous.pages})
            for lang, messages in previous.missing.items():
                if lang in renderer.translations:
                    renderer.translations[lang].missing.update(messages)
        in_order = sorted(pages, key=lambda item: item[0])
        planned = tuple(page for _index, page in in_order)
        record = None
        if store:
            with timed(self.timings, "last build's record"), collection_paused():
                missing = {lang: set(messages) for lang, messages in renderer.missing_strings().items()}
                recorder = RecordWriter(BuildRecord(fingerprint, produced, by_path, missing), previous, answer)
                for _index, path in kept:  # their reads give what they gave
                    recorder.keep(path)
                for part in noted:
                    for index, read in part.each():
                        plan = plans.get(path_of[index])
                        if plan is not None:
                            recorder.add(path_of[index], read, plan)
                record = recorder.finish()
                store.stage(record)
        with timed(self.timings, "sitemaps and search"):
            for _receiver, _result in signals.written.send(
                prepared, writer=writer, pages=planned, timings=self.timings, search_later=self.search_later
            ):
                pass
        removed = writer.prune()
        untranslated = renderer.missing_strings()
        for lang, strings in untranslated.items():
            catalog = f"theme/translations/{lang}/LC_MESSAGES/messages.po"
            fallback = self.config.language(lang).fallback
            if fallback:
                self.report.warning(
                    catalog,
                    "msgid",
                    f"{len(strings)} interface string(s) have no '{lang}' translation and are shown in '{fallback}'",
                    "run 'invoke i18n' to list them",
                )
                continue
            for message in strings:
                self.report.warning(
                    catalog, "msgid", f"no '{lang}' translation for {message!r}", "run 'invoke i18n' and translate it"
                )
        last = None
        if record is not None and families is not None:
            last = LastBuild(
                build=self,
                prepared=prepared,
                families=tuple(families),
                plans=plans,
                record=record,
                pages=tuple((path_of[index], page) for index, page in in_order),
                written=dict(writer.written),
                read=prepared.read,
            )
        return BuildResult(
            last=last,
            written=dict(writer.written),
            changed=writer.changed,
            removed=tuple(removed),
            rendered=len(jobs),
            kept=len(kept),
            pages=planned,
            missing={lang: tuple(strings) for lang, strings in untranslated.items()},
            timings=dict(self.timings),
            touched=tuple(sorted(writer.touched)),
            replaced=tuple(sorted(writer.folders)),
        )


def _lang_globals(site: SiteModel, lang: str) -> dict[str, Any]:
    """What every template of ``lang`` may call besides the page's own context."""
    config = site.config
    chain = config.fallback_chain(lang)

    def footer_pages(_lang: str = lang):
        links = [LinkItem(str(d.values["title"]), site.routes.document(d)) for d in site.pages[lang]]
        statement = _accessibility_statement(site, lang)
        if statement is not None and statement.lang != lang:
            links.append(LinkItem(str(statement.values["title"]), site.routes.document(statement), lang=statement.lang))
        return links

    def programme_name(programme) -> str:
        return pick(programme.name, chain)

    def programme_funds(programme) -> str:
        return ", ".join(pick(f, chain) if isinstance(f, dict) else str(f) for f in getattr(programme, "funds", ()))

    return {"footer_pages": footer_pages, "programme_name": programme_name, "programme_funds": programme_funds}


def _accessibility_statement(site: SiteModel, lang: str) -> Document | None:
    """The accessibility statement (``ACCESSIBILITY_PAGE``) that ``lang``'s footer links: the
    language's own, else the first of its fallback languages that has one, else any language's."""
    config = site.config
    stem = config.accessibility_page
    if not stem:
        return None
    for code in site.pages:
        for doc in site.pages[code]:
            if doc.stem == stem:
                listed = {id(d) for docs in site.pages.values() for d in docs}
                versions = {c: d for c, d in site.translations(doc).items() if id(d) in listed}
                for choice in (*config.fallback_chain(lang), *versions):
                    if choice in versions:
                        return versions[choice]
    return None


def _known(prepared: PreparedSite) -> dict[int, str]:
    """What an output may be given of the prepared build, by identity: counted by name in its plan
    (what is read through them is noted as it is read)."""
    config = prepared.config
    known = {
        id(prepared): "prepared",
        id(config): "config",
        id(prepared.routes): "routes",
        id(prepared.site): "site",
        id(prepared.renderer): "renderer",
        id(prepared.pictures): "pictures",
        id(prepared.report): "report",
        id(prepared.content_root): "content",
    }
    known.update({id(language): f"language:{language.code}" for language in config.languages})
    return known


def _plan(out: Output, known: dict[int, str], shared: deps.Shared) -> str | None:
    """A digest of what ``out`` was given when it was planned, or None when it holds a value that cannot
    be told apart (it is then made again in every build)."""
    try:
        given = (out.path, out.lang, out.template, out.producer, out.context, out.content, out.later)
        return deps.structure(given, known, shared=shared).hexdigest()
    except deps.Untraceable as exc:
        log.debug("%s is made in every build: it holds %s", out.path, exc)
        return None


def _slim(page: Any) -> Any:
    """What is kept of a rendered page's metadata (for the sitemaps and the build record)."""
    return PageSummary.of(page) if isinstance(page, PageMeta) else page


class Noted:
    """What the outputs of one render worker read, compactly: the worker's table of reads
    (``contentmodel.deps.ReadTable``, each read once), and per output the numbers of its reads in it (a
    listing page reads every article of its language, so sets of reads kept whole would hold the same
    tuples thousands of times)."""

    def __init__(self, table: deps.ReadTable | None = None) -> None:
        self.table: deps.ReadTable | None = table if table is not None else deps.ReadTable()
        self.reads: list[Any] = self.table.reads
        self.outputs: list[tuple[int, array.array]] = []

    def add(self, index: int, record: deps.Record) -> None:
        """The reads of output ``index``: a record kept in this table."""
        if self.table is None or record.table is not self.table:
            raise ValueError("the record's reads are numbered in another table")
        self.outputs.append((index, array.array("I", sorted(record.numbers))))

    def each(self) -> Iterable[tuple[int, list[Any]]]:
        """(output index, its reads), one output at a time."""
        reads = self.reads
        for index, numbers in self.outputs:
            yield index, [reads[number] for number in numbers]

    def __getstate__(self) -> tuple[list[Any], list[tuple[int, array.array]]]:
        return self.reads, self.outputs  # what the main process reads of it (``each``), not the lookup

    def __setstate__(self, state: tuple[list[Any], list[tuple[int, array.array]]]) -> None:
        self.table = None  # as received: read only
        self.reads, self.outputs = state


def _share(jobs: list[tuple[int, Output]], start: int, step: int) -> list[tuple[int, Output]]:
    """Share ``start`` of ``jobs`` among ``step`` processes: every ``step``-th run of ``RENDER_RUN`` outputs."""
    if step == 1:
        return jobs
    return [job for n in range(start * RENDER_RUN, len(jobs), step * RENDER_RUN) for job in jobs[n : n + RENDER_RUN]]


def _kind(out: Output) -> tuple[str | None, str]:
    """What kind of output ``out`` is: its template and the function that computes it."""
    later = out.later
    func = later.func if isinstance(later, functools.partial) else later
    return out.template, getattr(func, "__qualname__", "") if func is not None else ""


def _kinds_first(jobs: list[tuple[int, Output]]) -> list[tuple[int, Output]]:
    """``jobs``, the first of each kind (``_kind``) ahead of the rest: once those are made, what each kind
    of output uses of the caches is known."""
    firsts: list[tuple[int, Output]] = []
    rest: list[tuple[int, Output]] = []
    seen: set[Any] = set()
    for job in jobs:
        kind = _kind(job[1])
        (rest if kind in seen else firsts).append(job)
        seen.add(kind)
    return firsts + rest


class _Caches:
    """The caches of a process that renders, let go as its outputs no longer need them: the values of a kind
    (``deps.Memo``: an article's view, a feed entry, the open data's records; the renderer's: an
    article's card, a listing's page links) once no output left to make is of a kind that has used
    them. Whether a kind of output uses them is learnt from the outputs of the kind already made, so
    the first of each kind are made first (``_kinds_first``); until then nothing is let go. A value let
    go that is asked for again is computed again, the same, so the output never depends on this."""

    def __init__(self, prepared: PreparedSite, memo: deps.Memo, jobs: list[tuple[int, Output]]):
        self.memo, self.renderer = memo, prepared.renderer
        self.asked, self.rendered = memo.watch(), prepared.renderer.watch()
        self.left = collections.Counter(_kind(out) for _index, out in jobs)
        self.uses: dict[Any, set[tuple[str, Any]]] = {}  # kind of output -> ("memo"/"fragment", kind of value)
        self.unused: set[tuple[str, Any]] = set()  # used by kinds of output all made

    def made(self, out: Output) -> None:
        """``out`` is made: note what it used, and let go what no output left needs."""
        kind = _kind(out)
        uses = self.uses.setdefault(kind, set())
        uses.update([("memo", value) for value in self.asked] + [("fragment", value) for value in self.rendered])
        self.asked.clear()
        self.rendered.clear()
        self.left[kind] -= 1
        if self.left[kind]:
            return
        del self.left[kind]
        self.unused |= uses
        if any(other not in self.uses for other in self.left):
            return  # a kind of output not made yet may need anything
        needed = set().union(*(self.uses[other] for other in self.left))
        gone = self.unused - needed
        if gone:
            self.memo.forget({value for cache, value in gone if cache == "memo"})
            self.renderer.forget({value for cache, value in gone if cache == "fragment"})
        self.unused &= needed


def _render_slice(
    prepared: PreparedSite, jobs: list[tuple[int, Output]], start: int, step: int, root: Path, forget: bool = False
):
    """Make share ``start`` of ``jobs`` (``_share``); with ``forget``, let go of cached values as soon as
    none of its outputs left needs them (``_Caches``): all of them by the end."""
    writer = OutputWriter(root)
    memo = deps.Memo(prepared.memo_cache)
    pages, noted = [], Noted(memo.table)
    mine = _share(jobs, start, step)
    caches = None
    if forget:
        mine = _kinds_first(mine)
        caches = _Caches(prepared, memo, mine)
    for index, out in mine:
        with memo.recording() as read:
            context, content = out.resolved()
            if out.template:
                content = prepared.renderer.render(out.lang, out.template, context or {})
        noted.add(index, read)
        if out.template:
            page = (context or {}).get("page")
            if page is not None:
                pages.append((index, _slim(page)))
        if content is None:
            raise ValueError(f"{out.producer or out.path}: the output has neither a template nor content")
        writer.write(out.path, content, out.producer)
        if caches is not None:
            del context, content
            caches.made(out)
    missing = {code: set(tr.missing) for code, tr in prepared.renderer.translations.items() if tr.missing}
    return writer.changed, pages, noted, missing


def _render_worker(
    prepared: PreparedSite, root: Path, jobs: list[tuple[int, Output]], start: int, step: int, sender
) -> None:
    try:
        changed, pages, noted, missing = _render_slice(prepared, jobs, start, step, root, forget=True)
        sender.send((changed, pages, noted, missing, None))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        import traceback

        sender.send((0, [], Noted(), {}, "".join(traceback.format_exception(exc))))
    finally:
        sender.close()
        os._exit(0)


def _source_line(path: Path, href: str) -> int | None:
    """The line of the Markdown source that holds the link ``href`` (as written, or with entities)."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for needle in (f"]({href}", f"({html.unescape(href)}", html.unescape(href)):
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
    return None
