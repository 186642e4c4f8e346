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
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import threading
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pagefind.service import PagefindService

from contentmodel.markup import plain_text
from lvlang.stem import index_keys

FOLDER = "pagefind"  # the index's folder in the site (search.js loads it from there)
TITLE_WEIGHT = 7  # as much as an <h1>: a title word counts more than a word of the text
FILTERS = ("kind", "project", "municipality", "year")


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


def search_record(
    *,
    url: str,
    lang: str,
    title: str,
    body_html: str,
    words: Iterable[str] = (),
    heading: str | None = None,
    filters: Mapping[str, Iterable[object]] | None = None,
) -> SearchRecord:
    """The record of one page: ``url`` (as pages link it), its language, its ``title`` and text
    (``body_html``), the other ``words`` it is found by (a place, tags, attachments' titles), the
    ``heading`` whose words weigh most (default: the title) and its ``filters`` (name -> values;
    empty values are left out, each value once)."""
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
    )


# ---------------------------------------------------------------------- writing the index


def write_index(records: Iterable[SearchRecord], out: Path, cancelled: Callable[[], bool] = lambda: False) -> float:
    """Write the index of ``records`` into the new folder ``out``; returns seconds taken.

    ``cancelled`` is asked between records: when it says yes, the folder is
    removed and ``Cancelled`` raised. Any other failure removes it too and
    raises ``SearchIndexError``."""
    started = time.perf_counter()
    try:
        _run_alone(lambda: _index(records, out, cancelled))
    except Cancelled:
        shutil.rmtree(out, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(out, ignore_errors=True)
        raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    if not (out / "pagefind-entry.json").is_file():
        shutil.rmtree(out, ignore_errors=True)
        raise SearchIndexError("Pagefind wrote no index")
    return time.perf_counter() - started


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


BATCH = 256  # records sent to Pagefind before waiting for its answers


async def _index(records: Iterable[SearchRecord], out: Path, cancelled: Callable[[], bool]) -> None:
    service = _Service()
    await service.launch()
    try:
        index = await service.create_index()
        batch: list = []
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
