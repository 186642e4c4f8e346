"""The live preview's quick rebuild: a save that changed only the text of documents.

An editor who fixes a sentence changes one document's body. The whole build
would read every file's digest, build the site model, list and plan every
output and ask what each of its reads gives now, only to find that a handful
of outputs read that body. A long-lived process (the live preview) keeps its
last build (``build.LastBuild``: the prepared site, the planned outputs and
the record of what each read), and ``rebuild`` redoes from there only what
the edit can have changed:

1. it reads the saved files again (through the document cache);
2. it goes on only when each changed in its text alone: the same front
   matter, the same links to other documents and files, no new error, and
   neither the site's lists nor any output's plan can depend on what changed
   (what planning read is recorded, ``LastBuild.planning``); anything else
   gives ``None``, and the caller runs the whole build;
3. it puts the new text into the documents of the kept site model (the only
   place where a document changes once made: the model belongs to this
   process's last build, and the values computed from the old text are
   dropped from the build's caches, found by what they read);
4. it renders the outputs whose recorded reads include what changed, into a
   staging folder, publishes it and records the build, as a whole build does.

So a quick rebuild writes exactly what a whole build would (the tests compare
it with a cold build after every kind of text edit).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contentmodel import deps, serial
from contentmodel.config import parse_build_date
from contentmodel.diagnostics import Problem, Report
from contentmodel.documents import MARKDOWN_SUFFIXES, Document
from contentmodel.markup import resolve_links
from contentmodel.site import _body_pictures, placeholder_problems
from funding.notices import TypedNoticeFinder

from . import signals
from . import staging as stage
from .build import BuildResult, LastBuild, PreparedSite, _ordinal_langs, _read_batch, _render_slice, collection_paused
from .checks import document_checks
from .incremental import _US, BuildRecord, RecordStore, RecordWriter
from .writer import OutputWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Quick:
    """A quick rebuild's outcome, once the build is published: what it did and the warnings of the saved
    files. Recording it is left for ``settle()``, once the page is reloaded: until then no record of the
    output holds (a build in another process is a whole one), and it returns the build to keep for the
    next save (None when another build published in the meantime)."""

    prepared: PreparedSite  # what the search index is made from
    result: BuildResult
    warnings: tuple[Problem, ...]
    settle: Callable[[], LastBuild | None]


def _rel(content_root: Path, path: Path | str) -> str | None:
    """``path`` relative to the content folder, POSIX, as ``build.discover`` gives it; None outside it."""
    root, full = os.path.abspath(content_root), os.path.abspath(path)
    if not full.startswith(root + os.sep):
        return None
    return Path(os.path.relpath(full, root)).as_posix()


def _why_not(last: LastBuild, changed: Iterable[tuple[str, Path | str]]) -> tuple[list[str], str]:
    """(the content paths of the saved documents, "") when a quick rebuild may take ``changed``; else
    ([], why not).

    What counts is each path as it is now, not the kind of change a watcher saw: an editor that saves
    by writing a new file and renaming it over the old one changes the document all the same. A hidden
    file (which no build reads) and a file that came and went since the last build are left out."""
    build = last.build
    seen: dict[str, set[str]] = {}
    for kind, path in changed:
        seen.setdefault(os.path.abspath(path), set()).add(kind)
    rels = []
    for path, kinds in sorted(seen.items()):
        rel = _rel(build.content_root, path)
        if rel is None:
            return [], f"{path} is not under the content folder"
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        full = build.content_root / rel
        there = full.is_file() and not full.is_symlink()
        if rel not in last.read:
            if not there and not os.path.lexists(full) and "added" in kinds:
                continue  # made and removed again (an editor's temporary file)
            return [], f"{rel} is not a document of the last build"
        if not there or not rel.lower().endswith(MARKDOWN_SUFFIXES):
            return [], f"{rel} is no longer a plain Markdown file"
        rels.append(rel)
    if not rels:
        return [], "no document changed"
    today = parse_build_date(build.settings.get("BUILD_DATE"), build.config.timezone)
    if today != deps.plain_day(build.config.build_date):
        return [], "the build date changed"
    return rels, ""


def _same_but_text(old: Document, new: Document) -> bool:
    """Whether ``new`` differs from ``old`` at most in its body, in what was learnt of it, and not in
    anything the site model takes from the body: the files and documents it links, whether it is empty."""
    if dataclasses.replace(new, body_html=old.body_html, facts=old.facts) != old:
        return False
    was, now = old.facts, new.facts
    return (
        now.static_refs == was.static_refs
        and now.document_refs == was.document_refs
        and _body_pictures(new.body_html) == _body_pictures(old.body_html)
        and bool(new.body_html.strip()) == bool(old.body_html.strip())
    )


def _changed_reads(old: Document, new: Document) -> set[deps.Dep]:
    """The reads of the document (``contentmodel.deps``) that give something else for ``new``."""
    path, found = old.path, set()
    if new.body_html != old.body_html:
        found.add((path, "#body"))
    if new.facts != old.facts:
        found.add((path, "#facts"))
    if new.values != old.values:
        found.add((path, "*"))
        found.update((path, key) for key in {*old.values, *new.values} if old.values.get(key) != new.values.get(key))
    return found


def _drop_stale(cache: dict[Any, Any], reads: set[deps.Dep]) -> int:
    """Drop the values of a ``deps.Memo`` cache whose computation read any of ``reads`` (and those computed
    where reads were not noted, which a tracked build computes anew anyway); how many."""
    table = cache.get(deps._TABLE)
    if table is None:
        return 0
    numbers = [table.numbers[read] for read in reads if read in table.numbers]
    stale = [
        key
        for key, entry in cache.items()
        if key != deps._TABLE
        and type(entry) is tuple
        and len(entry) == 3
        and (entry[2] is None or any(n in entry[2] for n in numbers))  # None: computed where nothing was noted
    ]
    for key in stale:
        del cache[key]
    return len(stale)


def _readers(record: BuildRecord, reads: set[deps.Dep]) -> set[str]:
    """The outputs of ``record`` whose reads include any of ``reads``."""
    texts = {name + _US + aspect for name, aspect in reads}
    numbers = {f" {number} " for number, text in enumerate(record.reads) if text in texts}
    if not numbers:
        return set()
    sets = {index for index, text in enumerate(record.read_sets) if any(n in f" {text} " for n in numbers)}
    return {path for path, index in record.uses.items() if index in sets}


def rebuild(
    last: LastBuild, changed: Iterable[tuple[str, Path | str]], wait: float | None = None, notify=None
) -> Quick | None:
    """Rebuild after the saves ``changed`` ((kind, path): "modified", "added" or "deleted") from ``last``;
    None when they are not a text edit this can take (nothing is then written: run the whole build)."""
    started = time.perf_counter()
    rels, why = _why_not(last, changed)
    if not rels:
        log.info("quick rebuild not possible: %s", why)
        return None
    build, prepared = last.build, last.prepared
    site, config = prepared.site, prepared.config
    timings: dict[str, float] = {}
    read = dict(last.read)
    finder = TypedNoticeFinder(site.programmes)
    cache = build._document_cache(finder.fragments)
    updates: dict[str, tuple[Document, Document]] = {}  # document path -> (in the site model, its new version)
    warnings: list[Problem] = []
    stale: set[deps.Dep] = set()
    for rel in rels:
        old, _old_problems = read[rel]
        result, content = (None, "") if cache is None else cache.get(rel, build.content_root / rel)
        if result is None:
            args = (
                str(build.content_root),
                [rel],
                config.codes,
                config.default_lang,
                finder,
                config.timezone,
                _ordinal_langs(config),
            )
            text = _read_batch(args)[0]
            if not isinstance(text, str):
                log.info("quick rebuild not possible: %s cannot be cached", rel)
                return None
            result = serial.CONTENT.loads(text, serial.READ_RESULT)
            if cache is not None:
                cache.put_text(rel, content, text)
        doc, problems = result
        if doc is None or old is None or any(p.severity == "error" for p in problems):
            log.info("quick rebuild not possible: %s has errors or is no document", rel)
            return None
        if not _same_but_text(old, doc):
            log.info("quick rebuild not possible: more than the text of %s changed", rel)
            return None
        warnings += problems
        read[rel] = result
        shown = site.by_path.get(doc.path)
        if shown is None or doc.path in updates:
            log.info("quick rebuild not possible: %s is not shown as it is", rel)
            return None
        report = Report()
        body = resolve_links(doc.body_html, build.resolver(site, shown, report))
        values = shown.values
        if "summary_auto" in values:  # see contentmodel.site._assign_url
            values = {**values, "summary_auto": doc.facts.first_paragraph}
        new = dataclasses.replace(shown, body_html=body, facts=doc.facts, values=values)
        report.extend(placeholder_problems(new, production=config.production))
        report.extend(build.link_problems(prepared.routes, new, set(last.linkable)))
        document_checks(new, config, report)
        if report.errors:
            log.info("quick rebuild not possible: %s has an error the whole build reports", rel)
            return None
        warnings += report.warnings
        updates[doc.path] = (shown, new)
        stale |= _changed_reads(shown, new)
    if stale & last.planning:
        log.info("quick rebuild not possible: planning the outputs read %s", sorted(stale & last.planning))
        return None
    if any(_shared_elsewhere(site, old) for old, _new in updates.values()):
        log.info("quick rebuild not possible: the site model holds two versions of a document")
        return None
    timings["read and check"] = time.perf_counter() - started

    # From here the kept site changes: a failure must leave no LastBuild behind (the caller drops it).
    for old, new in updates.values():
        for name in ("body_html", "facts", "values"):
            object.__setattr__(old, name, getattr(new, name))
    _drop_stale(prepared.memo_cache, stale)
    _drop_stale(prepared.renderer._fragments.cache, stale)
    record = last.record
    redo = _readers(record, stale) | {path for path in last.outputs if path not in record.uses}
    order = {path: index for index, path in enumerate(last.outputs)}
    jobs = sorted(((order[path], last.outputs[path]) for path in redo), key=lambda job: job[0])
    target = stage.output_of(build.target)
    store = RecordStore(build.cache_dir, build.target)
    with stage.locked(target, wait=wait, notify=notify):
        staging = stage.prepare(target)
        store.load()  # the stored form of the pages, taken again for those kept (``RecordStore.stage``)
        store.forget()  # until this build's output is in place and recorded, no record is valid
        with deps.tracking(site), collection_paused():
            changed_files, pages, noted, missing = _render_slice(prepared, jobs, 0, 1, staging)
        path_of = {index: out.path for index, out in jobs}
        new_pages = {path_of[index]: page for index, page in pages}
        writer = OutputWriter(staging)
        writer.touched.update(path_of.values())
        in_order = tuple((path, new_pages.get(path, page)) for path, page in last.pages)
        old_pages = dict(last.pages)
        if any(old_pages.get(path) != page for path, page in new_pages.items()):  # the sitemaps show them
            for _receiver, _result in signals.written.send(
                prepared, writer=writer, pages=[page for _path, page in in_order], timings=timings, search_later=True
            ):
                pass
        for lang, messages in missing.items():
            prepared.renderer.translations[lang].missing.update(messages)
        stage.record(target, staging, written=writer.touched, removed=(), folders=writer.folders)
        stage.swap(staging, target)
    timings["render and publish"] = time.perf_counter() - started - timings["read and check"]
    result = BuildResult(
        written={},
        changed=changed_files + writer.changed,
        removed=(),
        rendered=len(jobs),
        kept=len(last.outputs) - len(jobs),
        pages=tuple(page for _path, page in in_order),
        missing={lang: tuple(strings) for lang, strings in prepared.renderer.missing_strings().items()},
        timings=timings,
        touched=tuple(sorted(writer.touched)),
    )

    def settle() -> LastBuild | None:
        """Record the published build (for this process's next save, and for any later build), under the
        lock and only while the build is still the one published; the build kept for the next save."""
        answer = _answers(record, stale, deps.Digests(site))
        base = BuildRecord(
            record.fingerprint,
            record.outputs,
            {**record.pages, **new_pages},
            {lang: set(messages) for lang, messages in prepared.renderer.missing_strings().items()},
        )
        recorder = RecordWriter(base, record, answer)
        for path in record.uses:
            if path not in redo:
                recorder.keep(path)
        for index, reads in noted.each():
            plan = last.plans.get(path_of[index])
            if plan is not None:
                recorder.add(path_of[index], reads, plan)
        new_record = recorder.finish()
        with stage.locked(target, wait=wait, notify=notify):
            if stage.published(target) != staging:
                return None  # another build published since: its record is the one that holds
            store.stage(new_record)
            store.commit()
        if cache is not None:
            cache.save(keep=read)
        return dataclasses.replace(last, read=read, record=new_record, pages=in_order)

    return Quick(prepared, result, tuple(warnings), settle)


def _answers(
    record: BuildRecord, stale: set[deps.Dep], digests: Callable[[deps.Dep], str]
) -> Callable[[deps.Dep], str]:
    """What each read gives now: as the record says, except for the reads that changed (asked anew)."""
    given = dict(zip(record.reads, record.given)) if len(record.given) == len(record.reads) else {}

    def answer(read: deps.Dep) -> str:
        if read not in stale:
            found = given.get(read[0] + _US + read[1])
            if found:
                return found
        return digests(read)

    return answer


def _shared_elsewhere(site: Any, doc: Document) -> bool:
    """Whether the site model holds another object for ``doc``'s path than ``doc`` itself."""
    return any(other.path == doc.path and other is not doc for other in deps._documents(site))
