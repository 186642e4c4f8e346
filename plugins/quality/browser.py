"""A local HTTP server for a built site and a headless Chromium (Debian's), for checks and tests."""

from __future__ import annotations

import contextlib
import gzip
import io
import sys
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012  the base class's own attribute, extended
        **SimpleHTTPRequestHandler.extensions_map,
        ".svg": "image/svg+xml",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".pf_meta": "application/octet-stream",
    }

    # Checks and tests serve many sites one after another, each on a free port that a later site may get
    # again: the browser must not answer a request from what it kept of another site.
    cache_control = "no-store"

    def log_message(self, format, *args):  # noqa: A002
        pass

    def end_headers(self) -> None:
        if not any(line.lower().startswith(b"cache-control") for line in getattr(self, "_headers_buffer", [])):
            self.send_header("Cache-Control", self.cache_control)
        super().end_headers()


# What GitHub Pages compresses, and how long it lets browsers keep a file.
_COMPRESSED = ("text/", "application/json", "application/xml", "image/svg+xml", "application/wasm")
_PAGES_CACHE = "max-age=600"


class _PagesHandler(_Handler):
    """Like GitHub Pages: text sent with gzip when the browser accepts it, a ten-minute cache lifetime."""

    cache_control = _PAGES_CACHE

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and wants_gzip and ctype.startswith(_COMPRESSED)) or not self.path.split("?")[
            0
        ].endswith(("/", path.name)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes a connection before the answer is sent (it navigated on, or was
        closed) is no error of the site; anything else is reported as the base class does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root: Path, like_github_pages: bool = False) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port); yields the base URL.

    ``like_github_pages`` compresses text and sets the cache lifetime as
    GitHub Pages does, for measurements of page speed."""
    handler = _PagesHandler if like_github_pages else _Handler
    server = _Server(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@contextlib.contextmanager
def chromium(playwright):
    """A persistent-context-free Chromium with a fresh profile directory."""
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield context
        finally:
            context.close()
