"""The search index: Pagefind fed with records the build already holds, one index per language.

Pagefind has no Latvian stemmer, so a record gives it keys instead of words
(``lvlang.stem.index_keys``: in Latvian and Latgalian the light stem of the
word without diacritics, so "Preiļos" and "preilu" both find "Preiļi";
elsewhere the word without diacritics, which Pagefind stems itself). The
title's keys weigh as much as a page's main heading. The search page turns
the query into keys the same way (theme/static/js/stem.js) and cuts the
excerpt from the page's own text, given as the meta ``text``; titles are the
meta ``title``, and ``kind``, ``project``, ``municipality`` and ``year`` are
filters.

Only articles and project pages have records; nothing reads the written
HTML. ``write_index`` writes a complete index into a new folder; the build
then puts it in place in one step (``multisite.staging.replace_folder``), so
a search sees the old index or the new one, never a mix of the two.

Pagefind's memory grows with the pages of one index, so the index is made of
bundles of about ``BUNDLE_PAGES`` pages each (``bundles``), written one after
another by a Pagefind process of their own, and merged by the search page
(``mergeIndex``). A bundle holds pages of one language: the records of whole
groups (an article's group is its year; project pages have one group), packed
oldest first, or a share of a group too big for one bundle (chosen by a hash of
the address). So an edit changes the bundle of its group, and a new article
the newest bundle. A bundle's folder is named by the digest of its records;
``bundles.json`` lists the bundles of each language. A bundle of the index
in place whose records are unchanged is taken over (hard-linked), not indexed
again.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pagefind.service import PagefindService

from contentmodel.markup import plain_text
from lvlang.stem import index_keys

log = logging.getLogger(__name__)

FOLDER = "pagefind"  # the index's folder in the site (search.js loads it from there)
TITLE_WEIGHT = 7  # as much as an <h1>: a title word counts more than a word of the text
FILTERS = ("kind", "project", "municipality", "year")
BUNDLE_PAGES = 600  # the pages of one bundle, about (SEARCH_BUNDLE_PAGES)
MANIFEST = "bundles.json"  # the bundles of each language, in the index's folder
_FORMAT = 1  # raise when a bundle of the same records would be written differently
# What Pagefind writes that the search page does not load (its own search interfaces).
_UNUSED = re.compile(r"pagefind-(?:component-|modular-)?ui\.(?:js|css)|pagefind-highlight\.js")


class SearchIndexError(RuntimeError):
    pass


class Cancelled(Exception):
    """The index was not written: a newer build asked for it to stop."""


@dataclass(frozen=True)
class SearchRecord:
    """What Pagefind gets for one page (the arguments of ``PagefindIndex.add_custom_record``)."""

    url: str
    language: str
    content: str
    meta: Mapping[str, str]
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    group: str = ""  # the pages it is bundled with (an article's year)


def search_record(
    *,
    url: str,
    lang: str,
    title: str,
    body_html: str,
    words: Iterable[str] = (),
    heading: str | None = None,
    filters: Mapping[str, Iterable[object]] | None = None,
    group: str = "",
) -> SearchRecord:
    """The record of one page: ``url`` (as pages link it), its language, its ``title`` and text
    (``body_html``), the other ``words`` it is found by (a place, tags, attachments' titles), the
    ``heading`` whose words weigh most (default: the title), its ``filters`` (name -> values;
    empty values are left out, each value once) and the ``group`` of pages it is bundled with."""
    text = plain_text(body_html)
    heading_keys = index_keys(title if heading is None else heading, lang)
    other = " ".join(w for w in (text, *words) if w)
    content = f"___PAGEFIND_WEIGHT___{TITLE_WEIGHT} {heading_keys} ___END_PAGEFIND_WEIGHT___ {index_keys(other, lang)}"
    kept = {name: tuple(dict.fromkeys(str(v) for v in values if str(v))) for name, values in (filters or {}).items()}
    return SearchRecord(
        url=url,
        language=lang,
        content=content,
        meta={"title": title, "text": text},
        filters={name: values for name, values in kept.items() if values},
        group=group,
    )


# ---------------------------------------------------------------------- bundles


@dataclass(frozen=True)
class Bundle:
    """Records of one language indexed together; ``label`` names their groups."""

    language: str
    label: str
    records: tuple[SearchRecord, ...]

    @cached_property
    def digest(self) -> str:
        """Changes when a record changes, one is added or removed, or Pagefind's version changes."""
        h = hashlib.sha256(f"{_FORMAT} {version('pagefind_bin')}".encode())
        for r in self.records:
            page = json.dumps(
                [r.url, r.language, r.content, dict(r.meta), {k: list(v) for k, v in r.filters.items()}],
                ensure_ascii=False,
                sort_keys=True,
            ).encode()
            h.update(len(page).to_bytes(8, "big") + page)
        return h.hexdigest()

    @property
    def name(self) -> str:
        """The bundle's folder in the index."""
        return f"{self.language}-{self.label}-{self.digest[:16]}"


class RecordCache:
    """Search records kept between the runs of one long-lived process's indexer (the live preview): a
    page whose fields are the same as last time is not made again (stemming every page's text is most of
    an index's own work). Each run keeps only the records it used, so the cache holds one site's worth."""

    def __init__(self) -> None:
        self.kept: dict[tuple, SearchRecord] = {}
        self.used: dict[tuple, SearchRecord] = {}

    def record(self, **fields: Any) -> SearchRecord:
        """``search_record(**fields)``, or the same record made before."""
        key = tuple(sorted((name, _frozen(value)) for name, value in fields.items()))
        found = self.used.get(key) or self.kept.get(key)
        if found is None:
            found = search_record(**fields)
        self.used[key] = found
        return found

    def finish(self) -> None:
        """The run is over: keep what it used, for the next."""
        self.kept, self.used = self.used, {}


def _frozen(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return tuple((name, _frozen(item)) for name, item in value.items())
    if isinstance(value, (list, tuple, range)):
        return tuple(_frozen(item) for item in value)
    return value


def bundles(
    records: Iterable[SearchRecord], size: int = BUNDLE_PAGES, cancelled: Callable[[], bool] = lambda: False
) -> list[Bundle]:
    """``records`` in bundles of about ``size`` pages: per language, its groups in order (oldest year
    first), consecutive small groups packed together, and a group of more than ``size`` pages in
    shares of a hash of the address (each page always in the same share while their number stays)."""
    groups: dict[str, dict[str, list[SearchRecord]]] = {}
    for record in records:
        if cancelled():
            raise Cancelled
        groups.setdefault(record.language, {}).setdefault(record.group, []).append(record)
    return [bundle for lang in sorted(groups) for bundle in _bundles_of(lang, groups[lang], size)]


def _bundles_of(lang: str, groups: Mapping[str, list[SearchRecord]], size: int) -> Iterable[Bundle]:
    packed: list[str] = []  # consecutive groups that fit in one bundle together
    for group in [*sorted(groups), None]:
        pages = groups[group] if group is not None else []
        if packed and (group is None or len(pages) > size or sum(len(groups[g]) for g in packed) + len(pages) > size):
            label = _label(packed[0]) if len(packed) == 1 else f"{_label(packed[0])}-{_label(packed[-1])}"
            yield Bundle(lang, label, _sorted([r for g in packed for r in groups[g]]))
            packed = []
        if group is None:
            break
        if len(pages) <= size:
            packed.append(group)
            continue
        count = -(-len(pages) // size)
        shares: list[list[SearchRecord]] = [[] for _ in range(count)]
        for r in pages:
            shares[int.from_bytes(hashlib.sha256(r.url.encode()).digest()[:8], "big") % count].append(r)
        yield from (Bundle(lang, f"{_label(group)}-{i + 1}of{count}", _sorted(s)) for i, s in enumerate(shares) if s)


def _label(group: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", group.lower()).strip("-") or "pages"


def _sorted(records: list[SearchRecord]) -> tuple[SearchRecord, ...]:
    return tuple(sorted(records, key=lambda r: r.url))


# ---------------------------------------------------------------------- writing the index


@dataclass(frozen=True)
class Written:
    seconds: float
    indexed: tuple[str, ...]  # the bundles Pagefind wrote
    reused: tuple[str, ...]  # the bundles taken over from the previous index


def write_index(
    records: Iterable[SearchRecord],
    out: Path,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    previous: Path | None = None,
    size: int = BUNDLE_PAGES,
) -> Written:
    """Write the index of ``records`` into the new folder ``out``: its bundles of about ``size`` pages
    and the list of them (``MANIFEST``). A bundle that the index in ``previous`` holds (the same records)
    is hard-linked from there; the others are written by Pagefind, one process at a time.

    ``cancelled`` is asked between records: when it says yes, the folder is
    removed and ``Cancelled`` raised. Any other failure removes it too and
    raises ``SearchIndexError``."""
    started = time.perf_counter()
    indexed: list[str] = []
    reused: list[str] = []
    try:
        out.mkdir(parents=True)
        made = bundles(records, size, cancelled)
        languages: dict[str, list[str]] = {}
        for b in made:
            languages.setdefault(b.language, []).append(b.name)
        manifest = {
            "languages": languages,
            "bundles": {b.name: {"pages": len(b.records), "digest": b.digest} for b in made},
        }
        before = _bundles_in(previous) if previous is not None else set()
        made.reverse()
        while made:
            bundle = made.pop()  # its records are let go once it is written: their memory serves the next
            if cancelled():
                raise Cancelled
            target = out / bundle.name
            if bundle.name in before:
                assert previous is not None
                shutil.copytree(previous / bundle.name, target, copy_function=_link)
                reused.append(bundle.name)
            else:
                _write_bundle(bundle, target, cancelled)
                for unused in [p for p in target.iterdir() if _UNUSED.fullmatch(p.name)]:
                    unused.unlink()
                indexed.append(bundle.name)
        (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    except Cancelled:
        shutil.rmtree(out, ignore_errors=True)
        raise
    except SearchIndexError:
        shutil.rmtree(out, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(out, ignore_errors=True)
        raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    return Written(time.perf_counter() - started, tuple(indexed), tuple(reused))


def _write_bundle(bundle: Bundle, target: Path, cancelled: Callable[[], bool], attempts: int = 3) -> None:
    """Have Pagefind write ``bundle`` into ``target``. A bundle whose entry file is missing or not JSON
    (seen on a heavily loaded machine: an empty file) is looked at again after a moment, then written
    again, up to ``attempts`` times in all."""
    for attempt in range(attempts):
        _run_alone(partial(_index, bundle.records, target, cancelled))
        for pause in (0.0, 0.1, 0.4):  # the file may still be on its way to the disk
            time.sleep(pause)
            try:
                json.loads((target / "pagefind-entry.json").read_text("utf-8"))
                return
            except (OSError, ValueError) as exc:
                problem = exc
        if attempt + 1 < attempts:
            log.warning("search index: Pagefind left %s incomplete (%s); writing it again", bundle.name, problem)
            shutil.rmtree(target, ignore_errors=True)
    raise SearchIndexError(f"Pagefind wrote no complete index for {bundle.name}")


def _bundles_in(index: Path) -> set[str]:
    """The complete bundles of the index in ``index`` (none when it has no list of them)."""
    try:
        listed = json.loads((index / MANIFEST).read_text("utf-8"))["bundles"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {name for name in listed if (index / name / "pagefind-entry.json").is_file()}


def _link(src: str, dst: str) -> None:
    """A file of a reused bundle: a hard link (no file of an index is changed in place), else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _run_alone(make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run the coroutine ``make()`` to its end in an event loop of its own (in a thread of its own when
    this thread already runs one, as a browser test's does)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(make())
        return
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(make())
        except BaseException as exc:  # noqa: BLE001 - raised again in the calling thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="search index")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


BATCH = 64  # records sent to Pagefind before waiting for its answers


async def _index(records: Iterable[SearchRecord], out: Path, cancelled: Callable[[], bool]) -> None:
    service = _Service()
    await service.launch()
    batch: list = []
    try:
        index = await service.create_index()
        for record in records:
            if cancelled():
                raise Cancelled
            batch.append(
                index.add_custom_record(
                    url=record.url,
                    content=record.content,
                    language=record.language,
                    meta=dict(record.meta),
                    filters={name: list(values) for name, values in record.filters.items()},
                )
            )
            if len(batch) >= BATCH:
                await asyncio.gather(*batch)
                batch = []
        await asyncio.gather(*batch)
        writing = asyncio.ensure_future(index.write_files(output_path=str(out.absolute())))
        while not writing.done():  # the longest step: asked between short waits whether to stop
            if cancelled():
                writing.cancel()
                raise Cancelled
            await asyncio.wait([writing], timeout=0.05)
        writing.result()
    except BaseException:
        for unsent in batch:
            unsent.close()
        await service.stop()
        raise
    await service.close()


class _Service(PagefindService):
    """Pagefind's indexing service, whose answers are taken as soon as they come (the package's own
    reader pauses 0.1 s before each answer, which makes a record cost at least that long)."""

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        try:
            while True:
                answer = json.loads(base64.b64decode((await self._backend.stdout.readuntil(b","))[:-1]))
                if answer is None:
                    continue
                future = self._responses.get(answer.get("message_id"))
                if future is None or future.done():
                    continue
                payload = answer["payload"]
                if payload.get("type") == "Error":
                    future.set_exception(SearchIndexError(payload.get("message", "unknown error")))
                else:
                    future.set_result(payload)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            for future in self._responses.values():  # Pagefind stopped or garbled: fail, never hang
                if not future.done():
                    future.set_exception(SearchIndexError(f"Pagefind's service stopped ({exc})"))

    async def stop(self) -> None:
        """Stop Pagefind at once (it may be writing: the caller throws its folder away)."""
        self._poll_task.cancel()
        if self._backend.returncode is None:
            self._backend.kill()
        await self._backend.wait()
        for future in self._responses.values():
            if not future.done():
                future.cancel()
