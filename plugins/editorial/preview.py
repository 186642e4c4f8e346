"""The editors' live preview: build, serve, rebuild on save, reload the browser.

A small same-origin script (allowed by the pages' Content-Security-Policy)
asks the server every second which build it is showing and reloads when a new
one is ready. When a build fails, every page shows the list of errors instead
of a stale site, and the server keeps running; the next good save brings the
site back.

The pages are published, and the browser reloads, before the search index is
written: a ``SearchIndexer`` writes it in the background into the published
build folder, replacing the index there in one step (until then the search
finds what the previous index holds). The next build first stops a running
indexer and waits for it, so an indexer never writes while a build runs.
"""

from __future__ import annotations

import dataclasses
import errno
import html
import io
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from discovery.search import RecordCache

if TYPE_CHECKING:
    from multisite.build import LastBuild
    from multisite.quick import Quick

RELOAD_JS = """(function () {
  var seen = null;
  function poll() {
    fetch('/__preview/state', {cache: 'no-store'}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen === null) { seen = s.build; } else if (s.build !== seen) { location.reload(); return; }
      setTimeout(poll, 800);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
"""
SNIPPET = b'<script src="/__preview/reload.js" defer></script>'
OPT_OUT = b'data-live-preview="off"'


class PreviewState:
    def __init__(self) -> None:
        self.build = 0
        self.error: str | None = None
        self.search = 0  # the build whose search index is in place (0: none yet)
        self.lock = threading.Lock()

    def finished(self, error: str | None) -> None:
        with self.lock:
            self.build += 1
            self.error = error

    def indexed(self, build: int) -> None:
        with self.lock:
            self.search = max(self.search, build)


class SearchIndexer:
    """Writes the search index of a published build in the background (one at a time).

    The index is written into a folder beside ``output`` and moved into the
    published build folder in one step, holding the output's lock, and only if
    that folder is still the published one; ``stop`` (called before every
    build) cancels a running indexer and waits for it."""

    def __init__(self, output: Path, state: PreviewState | None = None, say=print) -> None:
        self.output = output
        self.state = state
        self.say = say
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self.records = RecordCache()  # the pages' search records, made again only when a page changed

    def start(self, build, number: int = 0) -> None:
        """Index ``build`` (the build just published, the preview's build ``number``) in the background."""
        from multisite import staging

        self.stop()
        folder = staging.published(self.output)
        if build is None or folder is None or not build.config.search_index:
            return
        # What the indexer computes (the articles' views) it computes outside any build, where nothing is
        # noted: it keeps that in a memo of its own, not in the build's, which the next quick rebuild uses.
        build = dataclasses.replace(build, memo_cache=dict(build.memo_cache))
        self._cancel = cancel = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(build, folder, number, cancel), name="search index", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._cancel.set()
            self._thread.join()
            self._thread = None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the running indexer (if any) to end; whether it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _put_in_place(self, index: Path, folder: Path, cancel: threading.Event) -> bool:
        """Move ``index`` into ``folder`` holding the output's lock, if it is still the published build;
        False when the lock is busy (a check or another build holds it) and nothing was done."""
        from multisite import staging

        try:
            with staging.locked(self.output, wait=0.5, task="search index"):
                if not cancel.is_set() and staging.published(self.output) == folder:
                    staging.note(self.output, folder, folders=["pagefind"])  # the next build's mirror catches up
                    staging.replace_folder(index, folder / "pagefind", discard=lambda old: None)  # see _run
                    return True
                cancel.set()  # a newer build is published: this index is not its
                return False
        except staging.OutputBusy:
            return False

    def _run(self, build, folder: Path, number: int, cancel: threading.Event) -> None:
        import shutil

        from discovery.search import Cancelled, SearchIndexError
        from discovery.site_pages import write_search_index
        from multisite import staging

        work = self.output.with_name(f".{self.output.name}.search-{os.getpid()}")
        shutil.rmtree(work, ignore_errors=True)
        try:
            work.mkdir(parents=True)
            started = time.perf_counter()
            # the index in work/pagefind, taking over the unchanged bundles of the published one
            write_search_index(build, work, cancel.is_set, previous=folder / "pagefind", records=self.records)
            while not self._put_in_place(work / "pagefind", folder, cancel):
                if cancel.is_set() or staging.published(self.output) != folder:
                    return  # a newer build is on its way, or published: this index is not its
            if self.state is not None:
                self.state.indexed(number)
            self.say(f"Search index written in {time.perf_counter() - started:.1f} s.", flush=True)
        except Cancelled:
            pass  # a newer build is on its way and brings its own index
        except (SearchIndexError, OSError) as exc:
            self.say(f"The search index was not written: {exc}", flush=True)
        finally:
            # the old index (there after the exchange) or what a cancelled run left: deleted in a thread of its
            # own, which the next build does not wait for (deleting thousands of files can take seconds)
            staging.remove_later(work, self.output)


def error_page(report_text: str) -> bytes:
    body = (
        '<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Vietne netika uzbūvēta – kļūdas saturā</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}"
        "pre{white-space:pre-wrap;background:#fff4f4;border-left:.4rem solid #b00020;padding:1rem}</style></head>"
        "<body><main><h1>Vietne netika uzbūvēta</h1>"
        "<p>Saturā ir kļūdas. Izlabojiet tās un saglabājiet failu – lapa atjaunosies pati.</p>"
        '<p lang="en">The site was not built: the content has errors. '
        "Fix them and save; this page reloads by itself.</p>"
        f"<pre>{html.escape(report_text)}</pre></main>"
        f"{SNIPPET.decode()}</body></html>"
    )
    return body.encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    state: PreviewState | None = None

    extensions_map = {  # noqa: RUF012  the base class's own attribute, extended
        **SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/xml; charset=utf-8",
        ".svg": "image/svg+xml",
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".wasm": "application/wasm",
        ".yml": "text/yaml; charset=utf-8",
    }

    def log_message(self, format, *args):  # noqa: A002 - keep the console for build messages
        pass

    def _send(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        state = self.state
        if path == "/__preview/state" and state is not None:
            return self._send(
                200,
                "application/json",
                json.dumps({"build": state.build, "ok": state.error is None, "search": state.search}).encode(),
            )
        if path == "/__preview/reload.js":
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode())
        local = Path(self.translate_path(path))
        is_page = path.endswith("/") or path.endswith(".html") or local.is_dir()
        if state is not None and is_page and self._opts_out(local):
            state = None  # the web editor: never reloaded, open while the content has errors
        if state is not None and state.error is not None and is_page:
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", error_page(state.error))
        if local.is_dir() and not path.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", path + "/")
            self.end_headers()
            return None
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            missing = Path(self.directory) / "404.html"
            data = missing.read_bytes() if missing.is_file() else b"Not found"
            return self._send(404, "text/html; charset=utf-8", self._inject(data) if state else data)
        data = local.read_bytes()
        ctype = self.guess_type(str(local))
        if state is not None and local.suffix == ".html":
            data = self._inject(data)
        return self._send(200, ctype, data)

    @staticmethod
    def _opts_out(local: Path) -> bool:
        """Whether the page asks not to be reloaded by the preview (``<body data-live-preview="off">``):
        the web editor, whose unsaved form a reload would lose, and which must open while the content
        has errors so that they can be fixed in it."""
        page = local / "index.html" if local.is_dir() else local
        try:
            with page.open("rb") as f:
                head = f.read(16384)
        except OSError:
            return False
        return OPT_OUT in head

    @staticmethod
    def _inject(data: bytes) -> bytes:
        marker = b"</body>"
        i = data.rfind(marker)
        return data[:i] + SNIPPET + data[i:] if i >= 0 else data + SNIPPET


class NoFreePort(Exception):
    """Every port tried is taken; the message says which and what to do."""


def make_server(
    root: Path, port: int, state: PreviewState | None = None, host: str = "127.0.0.1", tries: int = 20, say=print
) -> ThreadingHTTPServer:
    """A server on ``port``, or on the next free one after it (saying so in one sentence)."""
    handler = type("Handler", (PreviewHandler,), {"state": state})
    for candidate in range(port, port + tries):
        try:
            server = ThreadingHTTPServer((host, candidate), partial(handler, directory=str(root)))
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            continue
        if candidate != port:
            say(f"Port {port} is in use by another program, so the site is served on port {candidate} instead.")
        return server
    raise NoFreePort(
        f"ports {port}-{port + tries - 1} are all in use; stop the other server or choose another port with --port"
    )


def stops_on_ctrl_c() -> None:
    """Make Ctrl+C stop this process even when it was started with SIGINT ignored (as a shell does for a
    command started in the background with '&'), which a Python program would otherwise inherit."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


def serve_static(root: Path, port: int = 8000, settings_note: str = "") -> None:
    stops_on_ctrl_c()
    server = make_server(root, port)
    if settings_note:
        print(settings_note)
    print(f"Serving {root.name}/ at http://localhost:{server.server_port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        server.server_close()


class Session:
    """What the live preview keeps between its builds: the last build, from which a save that changed
    only the text of documents is rebuilt quickly (``multisite.quick``); None after a failed build.

    A quick rebuild publishes first and records the build afterwards (``settle``), once the page has
    reloaded, and always before the next build starts."""

    def __init__(self) -> None:
        self.last: LastBuild | None = None
        self.pending: Callable[[], LastBuild | None] | None = None  # the last quick rebuild's recording, to do

    def settle(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            try:
                self.last = pending()
            except Exception as exc:  # noqa: BLE001 - the next build is a whole one, and it reports
                print(f"The quick rebuild was not recorded ({type(exc).__name__}: {exc}).", flush=True)
                self.last = None


def build_once(
    root: Path,
    settings: str,
    output: Path,
    indexer: SearchIndexer | None = None,
    number: int = 0,
    overrides: dict | None = None,
    session: Session | None = None,
    changes: Iterable[tuple[str, str]] = (),
) -> str | None:
    """Build in this process; return None, or the error report as text. With an ``indexer``, the pages
    are published first and the search index is written afterwards in the background. With a
    ``session`` and the ``changes`` that started this build ((kind, path) each, kind "added",
    "modified" or "deleted"), a save that changed only texts is rebuilt from the session's last build."""
    from multisite.cli import build_site

    if indexer is not None:
        indexer.stop()  # never index while a build runs: it may write where the index goes
    if session is not None:
        session.settle()
    started = time.perf_counter()
    if session is not None and session.last is not None and changes:
        quick = _quick(session, changes)
        if quick is not None:
            for warning in quick.warnings:
                print(warning.format(), flush=True)
            print(
                f"Rebuilt in {time.perf_counter() - started:.2f} s ({quick.result.rendered} pages and files "
                "computed, the rest kept).",
                flush=True,
            )
            if indexer is not None:
                indexer.start(quick.prepared, number)
            return None
    stream = io.StringIO()
    code, built, result = build_site(
        str(root / settings),
        str(output),
        overrides,
        stream=stream,
        search_later=indexer is not None,
        long_lived=True,
    )
    text = stream.getvalue()
    if session is not None:
        session.last = result.last if result is not None else None
    if code:
        print(text, flush=True)
        return text
    print(f"Rebuilt in {time.perf_counter() - started:.2f} s.", flush=True)
    if indexer is not None:
        indexer.start(built, number)
    return None


def _quick(session: Session, changes: Iterable[tuple[str, str]]) -> Quick | None:
    """The quick rebuild of ``changes`` from the session's last build, or None (then the whole build runs).
    The session's last build is dropped first: a quick rebuild that fails half-way has changed it."""
    from multisite import quick

    last, session.last = session.last, None
    if last is None:
        return None
    try:
        done = quick.rebuild(last, changes, wait=None, notify=lambda line: print(line, flush=True))
    except quick.Declined:
        return None  # found out late (the kept build has changed): the whole build runs, and reports
    except Exception as exc:  # noqa: BLE001 - the whole build runs instead, and reports what it finds
        print(f"A quick rebuild failed ({type(exc).__name__}: {exc}); building the whole site.", flush=True)
        return None
    if done is not None:
        session.pending = done.settle
    return done


def _watched(root: Path) -> list[Path]:
    return [p for p in (root / "content", root / "theme", root / "pelicanconf.py") if p.exists()]


def watch_and_build(
    root: Path,
    settings: str,
    output: Path,
    state: PreviewState | None = None,
    indexer: SearchIndexer | None = None,
    session: Session | None = None,
) -> None:
    from watchfiles import watch

    stops_on_ctrl_c()
    indexer = indexer or SearchIndexer(output, state)
    session = session or Session()
    try:
        for found in watch(*_watched(root), debounce=150, step=50):
            changes = [(change.name, path) for change, path in found]
            number = state.build + 1 if state else 0
            error = build_once(root, settings, output, indexer, number=number, session=session, changes=changes)
            if state is not None:
                state.finished(error)
            session.settle()  # the page has reloaded: record a quick rebuild now
    finally:
        indexer.stop()


def live_preview(root: Path, settings: str, output: Path, port: int = 8000, editor: str = "") -> None:
    """Build, serve and rebuild on every save until Ctrl+C, which stops it quietly at any moment.
    ``editor``: the web editor's path ("admin/"), announced beside the preview."""
    stops_on_ctrl_c()
    server, serving = None, False
    indexer = None
    try:
        state = PreviewState()
        indexer = SearchIndexer(output, state)
        server = make_server(output, port, state)
        print("Building the site…", flush=True)
        session = Session()
        state.finished(build_once(root, settings, output, indexer, number=1, session=session))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        serving = True
        print(f"Preview at http://localhost:{server.server_port}/ – rebuilds on every save (Ctrl+C stops)", flush=True)
        if editor:
            print(
                f"Web editor at http://localhost:{server.server_port}/{editor} – saves into content/ on this "
                "computer; commit the new files with Git",
                flush=True,
            )
        watch_and_build(root, settings, output, state, indexer, session)
    except KeyboardInterrupt:
        print("\nPreview stopped.", flush=True)
    finally:
        if indexer is not None:
            indexer.stop()
        if serving:
            server.shutdown()  # type: ignore[union-attr]
        if server is not None:
            server.server_close()
