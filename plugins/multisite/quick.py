"""The live preview's quick rebuild: a save that changed documents, and nothing else.

An editor who fixes a sentence or a title changes one document. The whole
build would read every file's digest, build the site model, list and plan
every output and ask what each of its reads gives now, only to find that a
few dozen outputs read what changed. A long-lived process (the live preview)
keeps its last build (``build.LastBuild``: the prepared site, each page
family's planned outputs with what planning them read, and the record of
what each output read), and ``rebuild`` redoes from there only what the
save can have changed:

1. it reads the saved files again (through the document cache);
2. when only their text changed (the same front matter, links and
   pictures), it makes their new versions in the site model directly; else
   it builds the site model again from the documents in memory, and goes on
   only when no address changed and no document came or went; any error
   gives ``None``, and the caller runs the whole build, which reports it;
3. it finds the reads that now give something else (``contentmodel.deps``:
   a document's values, text, address, state; the site's lists and
   indexes), drops the values computed from them from the build's caches,
   and puts the new versions into the kept site model (the only place where
   a document changes once made: the model belongs to this process's last
   build);
4. it plans again the page families whose planning read what changed, and
   renders the outputs whose plan changed, that are new, or whose recorded
   reads include what changed, into a staging folder; removes the outputs no
   family plans any longer; publishes the folder and records the build, as
   a whole build does.

So a quick rebuild writes exactly what a whole build would (the tests compare
it with a cold build after every kind of edit).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contentmodel import deps
from contentmodel.config import parse_build_date
from contentmodel.diagnostics import Problem, Report
from contentmodel.documents import MARKDOWN_SUFFIXES, Document
from contentmodel.markup import resolve_links
from contentmodel.site import SiteModel, _body_pictures, build_site, placeholder_problems, translation_key
from funding.notices import TypedNoticeFinder

from . import signals
from . import staging as stage
from .build import (
    BuildResult,
    LastBuild,
    Planned,
    PreparedSite,
    _known,
    _plan,
    _render_slice,
    collection_paused,
    read_all,
)
from .checks import content_checks, document_checks
from .incremental import BuildRecord, RecordStore, RecordWriter
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


@dataclass(frozen=True)
class _Change:
    """What a save changes in the kept site: the new version of each changed document (by path), the
    site model's new lists and indexes (None: the same), and the reads that now give something else."""

    documents: Mapping[str, Document]
    site: SiteModel | None
    stale: frozenset[deps.Dep]
    warnings: tuple[Problem, ...]


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


class Declined(Exception):
    """The save is not one a quick rebuild takes (the message says why): the whole build runs, and
    reports what there is to report."""


def _read_saved(last: LastBuild, rels: list[str], cache: Any, finder: Any) -> tuple[dict[str, Any], list[Problem]]:
    """Every content file as read, the saved ones read again (``build.read_all``, through ``cache``); and
    the saved files' warnings."""
    build = last.build
    read, warnings = dict(last.read), []
    for rel, result in zip(rels, read_all(build.content_root, rels, last.prepared.config, cache=cache, finder=finder)):
        doc, problems = result
        if doc is None or read[rel][0] is None or any(p.severity == "error" for p in problems):
            raise Declined(f"{rel} has errors or is no document")
        warnings += problems
        read[rel] = result
    return read, warnings


def _text_change(last: LastBuild, read: Mapping[str, Any], rels: list[str], linkable: set[str]) -> _Change:
    """The change of saves that changed only texts: each document's new version made from the one the kept
    site holds (its new text with its links resolved, and its automatic summary)."""
    build, prepared = last.build, last.prepared
    site, config = prepared.site, prepared.config
    documents: dict[str, Document] = {}
    stale: set[deps.Dep] = set()
    warnings: list[Problem] = []
    for rel in rels:
        doc = read[rel][0]
        shown = site.by_path.get(doc.path)
        if shown is None or doc.path in documents:
            raise Declined(f"{rel} is not shown as it is")
        report = Report()
        body = resolve_links(doc.body_html, build.resolver(site, shown, report))
        values = shown.values
        if "summary_auto" in values:  # see contentmodel.site._assign_url
            values = {**values, "summary_auto": doc.facts.first_paragraph}
        new = dataclasses.replace(shown, body_html=body, facts=doc.facts, values=values)
        report.extend(placeholder_problems(new, production=config.production))
        report.extend(build.link_problems(prepared.routes, new, linkable))
        document_checks(new, config, report)
        if report.errors:
            raise Declined(f"{rel} has an error the whole build reports")
        warnings += report.warnings
        documents[doc.path] = new
        stale |= _changed_reads(shown, new)
    return _Change(documents, None, frozenset(stale), tuple(warnings))


def _site_change(last: LastBuild, read: Mapping[str, Any], rels: list[str], linkable: set[str]) -> _Change:
    """The change of saves that changed more than texts: the site model made again from the documents in
    memory, as a whole build makes it, and compared with the kept one."""
    build, prepared = last.build, last.prepared
    old, config, routes = prepared.site, prepared.config, prepared.routes
    saved = {read[rel][0].path for rel in rels}
    for rel in rels:  # the groups of translations made again are those of the saved documents
        doc = read[rel][0]
        shown = old.by_path.get(doc.path)
        if shown is None or translation_key(doc) != shown.group:
            raise Declined(f"{rel} is not shown, or joins another group of translations")
    groups = {(old.by_path[path].kind, old.by_path[path].group) for path in saved}
    members = {doc.path for g in old.groups if (g.kind, g.key) in groups for doc in g.docs.values()} | saved
    report = Report()
    try:
        site = build_site(
            [doc for doc, _problems in read.values() if doc is not None and doc.path in members],
            config=config,
            content_root=build.content_root,
            programmes=old.programmes,
            municipalities=old.municipalities,
            report=report,
            reserved=build._reserved(routes),
            routes=routes,
            previous=old,
        )
    except ValueError as exc:
        raise Declined(str(exc)) from exc
    if report.errors:
        raise Declined("the site has errors")
    if site.by_path.keys() != old.by_path.keys():
        raise Declined("a document came into the site or left it")
    resolved = {}
    for path, doc in site.by_path.items():
        was = old.by_path[path]
        if (doc.url_path, doc.slug) != (was.url_path, was.slug):
            raise Declined(f"{path} has another address")  # the links to it would change
        body = resolve_links(doc.body_html, build.resolver(site, doc, report)) if path in saved else was.body_html
        if body != doc.body_html:
            resolved[path] = dataclasses.replace(doc, body_html=body)
    site = site.with_documents(resolved)
    content_checks(site, report)
    for path in saved:
        new, was = site.by_path[path], old.by_path[path]
        report.extend(build.link_problems(routes, new, linkable))
        if (new.values.get("image"), new.facts.static_refs, _body_pictures(new.body_html)) != (
            was.values.get("image"),
            was.facts.static_refs,
            _body_pictures(was.body_html),
        ):
            raise Declined(f"{path} shows other pictures")
    if report.errors:
        raise Declined("the site has errors")
    # Only the saved documents and the others of their groups (their translations, which inherit from
    # the original) can have changed: every other group is the previous site's own.
    documents = {path: site.by_path[path] for path in sorted(members) if site.by_path[path] != old.by_path[path]}
    before, after = deps.Digests(old), deps.Digests(site)
    asked: set[deps.Dep] = set()
    for path, doc in documents.items():
        was = old.by_path[path]
        asked |= {(path, key) for key in {*doc.values, *was.values}}
        asked |= {(path, aspect) for aspect in ("*", "#body", "#facts", "#doc", "#state", "#in")}
    asked |= {(path, "#state") for path in {*old.states, *site.states} if old.states.get(path) != site.states.get(path)}
    indexes = [read for read in last.record.all_reads() if read[0].startswith("@")]
    indexes += [read for planned in last.families for read in planned.reads if read[0].startswith("@")]
    touched = {f"{kind}/{key}" for kind, key in groups}  # a group's row is its documents' paths
    asked |= {
        (name, aspect)
        for name, aspect in indexes
        if name != "@today" and (name != "@group" or aspect in touched)  # the date is the same (``_why_not``)
    }
    stale = frozenset(read for read in asked if before(read) != after(read))
    warnings = tuple(problem for problem in report.warnings if problem.path in saved)
    return _Change(documents, site, stale, warnings)


def _apply(site: SiteModel, change: _Change) -> None:
    """Put ``change`` into the kept site model: each changed document's new fields into the very object the
    model (and every value planned from it) holds, then the new lists and indexes, made of those objects."""
    held = dict(site.by_path)
    for path, new in change.documents.items():
        for f in dataclasses.fields(Document):
            object.__setattr__(held[path], f.name, getattr(new, f.name))
    if change.site is not None:
        mapped = change.site.with_documents({path: held[path] for path in change.site.by_path})
        for f in dataclasses.fields(SiteModel):
            object.__setattr__(site, f.name, getattr(mapped, f.name))
        vars(site).pop("_group_index", None)


def rebuild(
    last: LastBuild, changed: Iterable[tuple[str, Path | str]], wait: float | None = None, notify=None
) -> Quick | None:
    """Rebuild after the saves ``changed`` ((kind, path): "modified", "added" or "deleted") from ``last``;
    None when they are not a change this can take (nothing is then written: run the whole build). Raises
    ``Declined`` when it finds that out only after the kept build has changed (then drop ``last``)."""
    started = time.perf_counter()
    rels, why = _why_not(last, changed)
    if not rels:
        log.info("quick rebuild not possible: %s", why)
        return None
    build, prepared = last.build, last.prepared
    site, routes = prepared.site, prepared.routes
    timings: dict[str, float] = {}
    finder = TypedNoticeFinder(site.programmes)
    cache = build._document_cache(finder.fragments)
    planned_paths = {out.path for planned in last.families for out in planned.outputs}
    try:
        read, warnings = _read_saved(last, rels, cache, finder)
        linkable = build.linkable(routes, planned_paths)
        if all(_same_but_text(last.read[rel][0], read[rel][0]) for rel in rels):  # type: ignore[arg-type]
            change = _text_change(last, read, rels, linkable)
        else:
            change = _site_change(last, read, rels, linkable)
    except Declined as exc:
        log.info("quick rebuild not possible: %s", exc)
        return None
    if any(_shared_elsewhere(site, site.by_path[path]) for path in change.documents):
        log.info("quick rebuild not possible: the site model holds two versions of a document")
        return None
    stale = set(change.stale)
    timings["read and check"] = time.perf_counter() - started

    # From here the kept site changes: a failure must leave no LastBuild behind (the caller drops it).
    _apply(site, change)
    deps.Memo(prepared.memo_cache).forget_reads(stale)
    prepared.renderer.forget_reads(stale)
    record = last.record
    families, plans = list(last.families), dict(last.plans)
    target = stage.output_of(build.target)
    store = RecordStore(build.cache_dir, build.target)
    with stage.locked(target, wait=wait, notify=notify):
        staging = stage.prepare(target)
        store.load()  # the stored form of the pages, taken again for those kept (``RecordStore.stage``)
        store.forget()  # until this build's output is in place and recorded, no record is valid
        with deps.tracking(site), collection_paused():
            memo, again = deps.Memo(prepared.memo_cache), set()
            for index, planned in enumerate(families):
                if planned.reads & stale:
                    with memo.recording() as reads:
                        made = tuple(planned.family(prepared))
                    families[index] = Planned(planned.family, made, frozenset(reads))
                    again |= {id(out) for out in made}
            outputs = [out for planned in families for out in planned.outputs]
            paths = [out.path for out in outputs]
            if len(set(paths)) != len(paths):
                raise Declined("two outputs at one address")
            removed = sorted(planned_paths - set(paths))
            if removed:  # a link may have led to one of them
                linkable = build.linkable(routes, set(paths))
                addresses = {routes.href(path.removesuffix("index.html")) for path in removed}
                for doc in site.by_path.values():
                    body = vars(doc)["body_html"]  # under tracking: read without noting
                    if any(address in body for address in addresses) and build.link_problems(routes, doc, linkable):
                        raise Declined("a link leads to a page no longer made")
            readers = record.readers(stale)
            known, shared = _known(prepared), deps.Shared()
            jobs, ready, produced = [], [], {}
            for index, out in enumerate(outputs):
                if out.ready:
                    if id(out) in again:
                        ready.append(out)
                    continue
                produced[out.path] = out.producer
                if id(out) in again:
                    plan = plans[out.path] = _plan(out, known, shared)
                    made_again = plan is None or last.plans.get(out.path) != plan
                else:
                    made_again = False
                if (
                    made_again
                    or out.path in readers
                    or out.path not in record.uses
                    or record.outputs.get(out.path) != out.producer
                ):
                    jobs.append((index, out))
            for path in removed:
                plans.pop(path, None)
            changed_files, pages, noted, missing = _render_slice(prepared, jobs, 0, 1, staging)
        writer, touched, folders = OutputWriter(staging), {out.path for _index, out in jobs}, set()
        for out in ready:
            if out.source is not None:
                writer.link(out.path, out.source, out.producer)
            else:
                writer.write(out.path, out.content or b"", out.producer)
        manifest = {path: producer for path, producer in last.written.items() if path not in removed}
        manifest.update({out.path: out.producer or out.template or "" for out in outputs if out.path not in manifest})
        pruned: list[str] = []
        if manifest.keys() != last.written.keys():
            writer.written = manifest
            pruned = writer.prune()
        path_of = {index: out.path for index, out in jobs}
        new_pages = {path_of[index]: page for index, page in pages}
        was = dict(last.pages)
        page_of = {**was, **new_pages}
        in_order = tuple((path, page_of[path]) for path in paths if path in page_of)
        order_changed = [path for path, _page in in_order] != [path for path, _page in last.pages]
        if order_changed or any(was.get(path) != page for path, page in new_pages.items()):  # the sitemaps show them
            sitemaps = OutputWriter(staging)
            for _receiver, _result in signals.written.send(
                prepared, writer=sitemaps, pages=[page for _path, page in in_order], timings=timings, search_later=True
            ):
                pass
            touched |= sitemaps.touched
            folders |= sitemaps.folders
        for lang, messages in missing.items():
            prepared.renderer.translations[lang].missing.update(messages)
        touched |= writer.touched
        stage.record(target, staging, written=touched, removed=[*removed, *pruned], folders=folders)
        stage.swap(staging, target)
    timings["render and publish"] = time.perf_counter() - started - timings["read and check"]
    result = BuildResult(
        written=manifest,
        changed=changed_files + writer.changed,
        removed=tuple(pruned),
        rendered=len(jobs),
        kept=len(produced) - len(jobs),
        pages=tuple(page for _path, page in in_order),
        missing={lang: tuple(strings) for lang, strings in prepared.renderer.missing_strings().items()},
        timings=timings,
        touched=tuple(sorted(touched)),
    )
    redo = set(path_of.values())

    def settle() -> LastBuild | None:
        """Record the published build (for this process's next save, and for any later build), under the
        lock and only while the build is still the one published; the build kept for the next save."""
        answer = record.answering(stale, deps.Digests(site))
        base = BuildRecord(
            record.fingerprint,
            produced,
            {path: page for path, page in in_order if path in produced},
            {lang: set(messages) for lang, messages in prepared.renderer.missing_strings().items()},
        )
        recorder = RecordWriter(base, record, answer)
        for path in produced:
            if path not in redo:
                recorder.keep(path)
        for index, reads in noted.each():
            plan = plans.get(path_of[index])
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
        return dataclasses.replace(
            last,
            families=tuple(families),
            plans=plans,
            record=new_record,
            pages=in_order,
            written=manifest,
            read=read,
        )

    return Quick(prepared, result, tuple(warnings) + change.warnings, settle)


def _shared_elsewhere(site: Any, doc: Document) -> bool:
    """Whether the site model holds another object for ``doc``'s path than ``doc`` itself."""
    return any(other.path == doc.path and other is not doc for other in deps._documents(site))
