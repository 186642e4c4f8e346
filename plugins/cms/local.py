"""Editing on this computer: the web editor against the local copy of the repository.

``invoke cms`` starts decap-server (from npm), which reads and writes the
files of this folder for the editor, bound to this computer only, and the live
preview, which serves the editor at /admin/ and rebuilds the site on every
save. No account is needed: what the editor saves appears in content/, to be
committed with Git as any other change.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"


class EditorUnavailable(Exception):
    """What is missing to run the editor here, as a sentence with the fix."""


def free_port(first: int, tries: int = 20, host: str = "127.0.0.1") -> int:
    """``first``, or the next port after it that nothing listens on."""
    for port in range(first, first + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError as exc:
                if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                    continue
                raise
            return port
    raise EditorUnavailable(
        f"ports {first}-{first + tries - 1} are all in use: stop the other program "
        "or choose another port with --cms-port"
    )


def start_server(root: Path, port: int, *, tools: Path | None = None, log_level: str = "warn") -> subprocess.Popen:
    """decap-server for the repository at ``root``, on ``port`` of this computer only, writing files
    directly into the working folder (its "fs" mode: no branches, no commits). ``tools``: the folder
    whose node_modules/ holds decap-server (default: ``root``)."""
    node = shutil.which("node")
    if node is None:
        raise EditorUnavailable(
            "Node.js is not installed: the editor's file server (decap-server) needs it; install Node.js 20 or newer"
        )
    server = (tools or root) / SERVER
    if not server.is_file():
        raise EditorUnavailable("decap-server is not installed: run 'npm ci' (python3 bootstrap.py cms does it)")
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(root),
        "LOG_LEVEL": log_level,
    }
    env.pop("ORIGIN", None)  # its default: pages of this computer only
    # Started from its own folder, so that no .env file of the repository can change its settings.
    process = subprocess.Popen([node, str(server)], cwd=server.parent, env=env)
    wait_for(port, process)
    return process


def answers(port: int) -> bool:
    """Whether decap-server answers on ``port`` (its "info" call, not merely an open port: a connection
    to a free port can meet itself on Linux, and another program may hold the port)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1", data=b'{"action": "info"}', headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return b'"type":"local_fs"' in response.read(4096)
    except (OSError, ValueError):
        return False


def wait_for(port: int, process: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditorUnavailable(
                f"decap-server stopped at once (exit status {process.returncode}); "
                f"is port {port} taken by another program?"
            )
        if answers(port):
            return
        time.sleep(0.1)
    process.terminate()
    raise EditorUnavailable(f"decap-server did not answer on port {port} within {timeout:.0f} s")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
