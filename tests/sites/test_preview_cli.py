"""The preview and server commands as a newcomer meets them: a busy port, Ctrl+C, a production build in output/."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import write_content
from tests.sites.fixtures import PLAIN_LV
from tests.sites.test_workflow import invoke, project  # noqa: F401  (the fixture)

pytestmark = pytest.mark.site


@pytest.fixture
def small_project(project):  # noqa: F811
    """The repository's code with a one-article site and no search index (quick to build)."""
    shutil.rmtree(project / "content")
    write_content(project / "content", {"articles/2026/biblioteka.lv.md": PLAIN_LV})
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as fh:
        fh.write("\nSEARCH_INDEX = False\n")
    return project


def _start(site: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{site / 'plugins'}{os.pathsep}{site}", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", *args],
        cwd=site,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )  # its own process group, like a terminal's foreground job


def _wait_for(proc: subprocess.Popen, pattern: str, timeout: float = 240) -> re.Match:
    seen = ""
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        seen += line
        found = re.search(pattern, seen)
        if found:
            return found
    proc.kill()
    raise AssertionError(f"never printed {pattern!r}:\n{seen}\n{proc.stderr.read() if proc.stderr else ''}")


def _ctrl_c(proc: subprocess.Popen) -> tuple[str, str]:
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole job
    out, err = proc.communicate(timeout=60)
    return out, err


@pytest.fixture
def start():
    """start(site, *task_args): the task in its own process group, killed when the test ends, failing or not."""
    started: list[subprocess.Popen] = []

    def _run(site: Path, *args: str) -> subprocess.Popen:
        started.append(_start(site, *args))
        return started[-1]

    yield _run
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)


@pytest.fixture
def busy_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    yield sock.getsockname()[1]
    sock.close()


def test_live_preview_takes_the_next_port_and_stops_on_ctrl_c_without_a_traceback(small_project, busy_port, start):
    proc = start(small_project, "livereload", "--port", str(busy_port))
    notice = _wait_for(proc, rf"Port {busy_port} is in use.*?port (\d+) instead")
    port = int(notice.group(1))
    assert port != busy_port
    _wait_for(proc, rf"Preview at http://localhost:{port}/")
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read().decode("utf-8")
    assert "/__preview/reload.js" in page
    out, err = _ctrl_c(proc)
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err, out + err
    assert "Preview stopped." in out


def test_ctrl_c_during_the_first_build_is_quiet(small_project, start):
    proc = start(small_project, "livereload", "--port", "0")
    _wait_for(proc, r"Building the site")
    out, err = _ctrl_c(proc)
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err, out + err


def test_serve_rebuilds_a_production_output_for_local_viewing(small_project, monkeypatch, start):
    monkeypatch.setenv("SITEURL", "https://published.example.org/site")
    assert invoke(small_project, "preview").returncode == 0
    assert "https://published.example.org/site/" in (small_project / "output/index.html").read_text("utf-8")
    proc = start(small_project, "serve", "--port", "0")
    _wait_for(proc, r"holds the production build")
    port = int(_wait_for(proc, r"at http://localhost:(\d+)/").group(1))
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read().decode("utf-8")
    assert "published.example.org" not in page  # links work locally
    out, err = _ctrl_c(proc)
    assert "Traceback" not in out + err


def test_serve_builds_first_on_a_fresh_clone(small_project, start):
    proc = start(small_project, "serve", "--port", "0")
    _wait_for(proc, r"holds no site yet")
    port = int(_wait_for(proc, r"at http://localhost:(\d+)/").group(1))
    assert urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).status == 200
    _ctrl_c(proc)


def test_task_list_shows_whole_sentences():
    listing = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    ).stdout
    entries = re.findall(r"^  (\S+)\s+(.*(?:\n {4,}\S.*)*)", listing, re.M)
    assert len(entries) > 10, listing
    for name, text in entries:
        sentence = " ".join(text.split())
        assert sentence.endswith("."), f"`invoke --list` cuts the description of {name}: {sentence!r}"


@pytest.fixture
def busy_editor_port():
    """A port taken by another program, below the range the system hands out for connections."""
    from cms.local import free_port

    sock = socket.socket()
    sock.bind(("127.0.0.1", free_port(21081)))
    sock.listen()
    yield sock.getsockname()[1]
    sock.close()


@pytest.mark.skipif(shutil.which("node") is None, reason="the web editor's file server needs Node.js")
def test_the_web_editor_task_starts_decap_server_beside_the_preview(small_project, busy_editor_port, start):
    """`invoke cms`: decap-server on the next free port after a busy one, the editor's configuration
    pointing at it, the editor page never reloaded by the preview; Ctrl+C stops both."""
    if not (small_project / "node_modules/decap-server").is_dir():
        pytest.skip("npm ci has not installed decap-server")
    busy_port = busy_editor_port
    proc = start(small_project, "cms", "--port", "0", "--cms-port", str(busy_port))
    port = int(_wait_for(proc, r"Web editor at http://localhost:(\d+)/admin/").group(1))
    config = urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/config.yml", timeout=30).read().decode()
    backend = int(re.search(r"url: http://127\.0\.0\.1:(\d+)/api/v1", config).group(1))
    assert backend != busy_port
    request = urllib.request.Request(
        f"http://127.0.0.1:{backend}/api/v1", data=b'{"action": "info"}', headers={"Content-Type": "application/json"}
    )
    assert '"type":"local_fs"' in urllib.request.urlopen(request, timeout=30).read().decode()
    editor = urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/", timeout=30).read().decode()
    assert "/__preview/reload.js" not in editor, "a reload would lose what the editor has typed"
    out, err = _ctrl_c(proc)
    assert "Traceback" not in out + err, out + err
    with pytest.raises(OSError):
        urllib.request.urlopen(request, timeout=5)
