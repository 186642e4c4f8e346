"""The editors' live preview: build, serve, rebuild on save, reload the browser.

A small same-origin script (allowed by the pages' Content-Security-Policy)
asks the server every second which build it is showing and reloads when a new
one is ready. When a build fails, every page shows the list of errors instead
of a stale site, and the server keeps running; the next good save brings the
site back.
"""

from __future__ import annotations

import errno
import html
import io
import json
import signal
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
        self.lock = threading.Lock()

    def finished(self, error: str | None) -> None:
        with self.lock:
            self.build += 1
            self.error = error


def error_page(report_text: str) -> bytes:
    body = (
        "<!DOCTYPE html><html lang=\"lv\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Vietne netika uzbūvēta – kļūdas saturā</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}"
        "pre{white-space:pre-wrap;background:#fff4f4;border-left:.4rem solid #b00020;padding:1rem}</style></head>"
        "<body><main><h1>Vietne netika uzbūvēta</h1>"
        "<p>Saturā ir kļūdas. Izlabojiet tās un saglabājiet failu – lapa atjaunosies pati.</p>"
        "<p lang=\"en\">The site was not built: the content has errors. Fix them and save; this page reloads by itself.</p>"
        f"<pre>{html.escape(report_text)}</pre></main>"
        f"{SNIPPET.decode()}</body></html>"
    )
    return body.encode("utf-8")


class PreviewHandler(SimpleHTTPRequestHandler):
    state: PreviewState | None = None

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012  the base class's own attribute ".ics": "text/calendar; charset=utf-8",
                      ".xml": "application/xml; charset=utf-8", ".svg": "image/svg+xml",
                      ".js": "text/javascript; charset=utf-8", ".json": "application/json",
                      ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".wasm": "application/wasm", ".yml": "text/yaml; charset=utf-8"}

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
            return self._send(200, "application/json", json.dumps({"build": state.build, "ok": state.error is None}).encode())
        if path == "/__preview/reload.js":
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_JS.encode())
        local = Path(self.translate_path(path))
        is_page = path.endswith("/") or path.endswith(".html") or local.is_dir()
        if state is not None and is_page and self._opts_out(local):
            state = None                        # the web editor: never reloaded, open while the content has errors
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


def make_server(root: Path, port: int, state: PreviewState | None = None, host: str = "127.0.0.1",
                tries: int = 20, say=print) -> ThreadingHTTPServer:
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
    raise NoFreePort(f"ports {port}-{port + tries - 1} are all in use; stop the other server "
                     f"or choose another port with --port")


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


def build_once(root: Path, settings: str, output: Path) -> str | None:
    """Build in this process; return None, or the error report as text."""
    from multisite.cli import build

    stream = io.StringIO()
    started = time.perf_counter()
    code = build(str(root / settings), str(output), stream=stream)
    text = stream.getvalue()
    if code:
        print(text, flush=True)
        return text
    print(f"Rebuilt in {time.perf_counter() - started:.2f} s.", flush=True)
    return None


def _watched(root: Path) -> list[Path]:
    return [p for p in (root / "content", root / "theme", root / "pelicanconf.py") if p.exists()]


def watch_and_build(root: Path, settings: str, output: Path, state: PreviewState | None = None) -> None:
    from watchfiles import watch

    stops_on_ctrl_c()
    for _changes in watch(*_watched(root), debounce=150, step=50):
        error = build_once(root, settings, output)
        if state is not None:
            state.finished(error)


def live_preview(root: Path, settings: str, output: Path, port: int = 8000, editor: str = "") -> None:
    """Build, serve and rebuild on every save until Ctrl+C, which stops it quietly at any moment.
    ``editor``: the web editor's path ("admin/"), announced beside the preview."""
    stops_on_ctrl_c()
    server, serving = None, False
    try:
        state = PreviewState()
        server = make_server(output, port, state)
        print("Building the site…", flush=True)
        state.finished(build_once(root, settings, output))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        serving = True
        print(f"Preview at http://localhost:{server.server_port}/ – rebuilds on every save (Ctrl+C stops)",
              flush=True)
        if editor:
            print(f"Web editor at http://localhost:{server.server_port}/{editor} – saves into content/ on this "
                  "computer; commit the new files with Git", flush=True)
        watch_and_build(root, settings, output, state)
    except KeyboardInterrupt:
        print("\nPreview stopped.", flush=True)
    finally:
        if serving:
            server.shutdown()                           # type: ignore[union-attr]
        if server is not None:
            server.server_close()
