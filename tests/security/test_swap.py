"""Publishing the output: one build of an output folder at a time, output/ never
missing or half-written, a full or read-only disk reported in one sentence with
the published files unchanged, and a killed build that leaves a state from
which the next build writes exactly what a cold build writes."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from multisite import staging as stage
from multisite.cli import build as run_build
from tests.conftest import BUILD_DATE, ROOT, files_key, write_content
from tests.sites.fixtures import basic_site

pytestmark = pytest.mark.site

LEAN = "articles/2018/lean.lv.md"
LEAN_PAGE = "2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html"
DONE = re.compile(r"^Built in [\d.]+ s", re.M)


# ---------------------------------------------------------------------- helpers


def overrides(content: Path, out: Path) -> dict:
    """The settings of ``tests.conftest.build`` (which leaves out the search index)."""
    return {
        "PATH": str(content),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "BUILD_DATE": BUILD_DATE,
        "CACHE_PATH": str(out.parent / "cache"),
        "SEARCH_INDEX": False,
    }


def build_here(content: Path, out: Path, wait: float | None = 0) -> tuple[int, str]:
    stream = io.StringIO()
    code = run_build(str(ROOT / "pelicanconf.py"), str(out), overrides(content, out), stream=stream, wait=wait)
    return code, stream.getvalue()


SCRIPT = """
import json, os, signal, sys
from pathlib import Path
sys.path[:0] = [{plugins!r}, {root!r}]
from multisite import staging
from multisite.cli import build
from tests.security.test_swap import overrides
from tests.conftest import ROOT
content, out, wait, die = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
if die in ("before-swap", "after-swap"):
    swap = staging.swap
    def dying_swap(*args):
        if die == "after-swap":
            swap(*args)             # published, but the build record is not committed yet
        os.kill(os.getpid(), signal.SIGKILL)
    staging.swap = dying_swap
sys.exit(build(str(ROOT / "pelicanconf.py"), str(out), overrides(content, out), stream=sys.stderr, wait=wait))
""".format(plugins=str(ROOT / "plugins"), root=str(ROOT))


def start_build(content: Path, out: Path, wait: float | None = None, die: str = "", log: Path | None = None):
    """A build in another process; its messages go to ``log``."""
    log = log or out.parent / f"build-{time.monotonic_ns()}.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(content), str(out), json.dumps(wait), die],
            cwd=ROOT,
            stdout=fh,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    proc.log = log
    return proc


def finish(proc, timeout: float = 300) -> tuple[int, str]:
    code = proc.wait(timeout)
    return code, proc.log.read_text("utf-8")


def tree(root: Path) -> dict[str, str]:
    """Hashes of every file under ``root`` (through the output symlink)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def snapshot(out: Path) -> tuple[str, dict[str, bytes]]:
    """Where output/ points and the bytes of every published file."""
    return os.readlink(out), {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


_COLD: dict[str, dict[str, str]] = {}


def cold(tmp_path: Path, content: Path) -> dict[str, str]:
    """The tree of a cold build of the same content: built once per content (several tests end
    with the same edit), and kept for the rest of the session."""
    key = files_key(content)
    if key not in _COLD:
        base = tmp_path / f"cold-{time.monotonic_ns()}"
        shutil.copytree(content, base / "content")
        code, log = build_here(base / "content", base / "out")
        assert code == 0, log
        _COLD[key] = tree(base / "out")
    return _COLD[key]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def wait_for(predicate, timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def lock_holder(out: Path) -> str:
    try:
        return stage.Holder.parse(stage.lock_file(out).read_text("ascii", "replace")).pid
    except FileNotFoundError:
        return ""


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The basic fixture site, built once: (its content, its output, the output's tree)."""
    base = tmp_path_factory.mktemp("reference")
    write_content(base / "content", basic_site())
    code, log = build_here(base / "content", base / "out")
    assert code == 0, log
    return base / "content", base / "out", tree(base / "out")


@pytest.fixture
def site(tmp_path, reference):
    """A copy of the built reference site to build again: (content, output)."""
    content, out, _tree = reference
    base = tmp_path / "site"
    shutil.copytree(content, base / "content")
    shutil.copytree(stage.builds_dir(out), stage.builds_dir(base / "out"), symlinks=True)
    os.symlink(os.readlink(out), base / "out")
    return base / "content", base / "out"


# ---------------------------------------------------------------------- the symlinked output


def test_output_is_a_symlink_to_the_published_build_and_warm_builds_stay_warm(tmp_path):
    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, basic_site())
    code, log = build_here(content, out)
    assert code == 0, log
    assert out.is_symlink() and os.readlink(out) == ".out.builds/a"
    assert sorted(os.listdir(stage.builds_dir(out))) == [
        "a",
        "b",
        "journal.json",
    ]  # the next staging folder is ready, the same
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.builds", ".out.lock", "cache", "content", "out"]
    edit(content / LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa")
    code, log = build_here(content, out)
    assert code == 0, log
    assert os.readlink(out) == ".out.builds/b"
    computed, kept = map(int, re.search(r"\((\d+) pages and files computed, (\d+) unchanged kept\)", log).groups())
    assert 0 < computed < kept  # the record is found through the symlink
    assert "Otrā, labotā rindkopa" in (out / LEAN_PAGE).read_text("utf-8")
    assert tree(out) == cold(tmp_path, content)


def test_output_never_disappears_while_builds_are_swapped_in(site):
    content, out = site
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            """
import os, sys, time
out, stop = sys.argv[1], sys.argv[2]
reads = misses = 0
while not os.path.exists(stop):
    try:
        with open(os.path.join(out, "index.html"), "rb") as fh:
            if b"</html>" not in fh.read():
                misses += 1
        os.listdir(out)
        reads += 1
    except OSError:
        misses += 1
print(reads, misses)
""",
            str(out),
            str(out.parent / "stop"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        builds = stage.builds_dir(out)
        for _ in range(300):  # many bare swaps between the two build folders
            for slot in ("a", "b"):
                stage.swap(builds / slot, out)
        edit(content / LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa")
        code, log = build_here(content, out)  # and one real build
        assert code == 0, log
    finally:
        (out.parent / "stop").write_text("")
        reads, misses = map(int, reader.communicate(timeout=60)[0].split())
    assert misses == 0 and reads > 100


def test_the_preview_server_follows_the_symlink(site):
    from editorial.preview import make_server

    _content, out = site
    server = make_server(out, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/marker.txt"
        spare = stage.builds_dir(out) / ("b" if os.readlink(out).endswith("a") else "a")
        (spare / "marker.txt").write_text("the new build")
        stage.swap(spare, out)
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.read() == b"the new build"
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------- one build at a time


def test_two_concurrent_builds_run_one_after_the_other(tmp_path, reference):
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(reference[0], content)
    first, second = start_build(content, out), start_build(content, out)
    (code1, log1), (code2, log2) = finish(first), finish(second)
    assert code1 == 0 and code2 == 0, log1 + log2
    assert DONE.search(log1) and DONE.search(log2)
    assert "Traceback" not in log1 + log2
    assert tree(out) == reference[2]
    assert out.is_symlink() and sorted(os.listdir(stage.builds_dir(out))) == ["a", "b", "journal.json"]


def test_a_second_build_waits_for_the_lock_or_gives_up_in_one_sentence(site, reference):
    content, out = site
    before = snapshot(out)
    with stage.locked(out, task="build"):
        started = stage.Holder.parse(stage.lock_file(out).read_text("ascii")).started
        assert re.fullmatch(r"\d\d:\d\d:\d\d", started)
        impatient = start_build(content, out, wait=0.5)
        code, log = finish(impatient)
        assert code == 1
        busy = f"another build of out/ is running (pid {os.getpid()}, started at {started})"
        assert log.strip().splitlines() == [
            f"{busy}; waiting…",
            f"The site was not built: {busy} and did not finish within 0.5 s; the published files are unchanged.",
        ]
        code, log = finish(start_build(content, out, wait=0))
        assert code == 1 and log.strip() == f"The site was not built: {busy}; the published files are unchanged."
        assert snapshot(out) == before
        patient = start_build(content, out, wait=None)
        wait_for(lambda: "waiting…" in patient.log.read_text("utf-8"), what="the waiting line")
        time.sleep(0.5)
        assert patient.poll() is None  # still waiting while the lock is held
    code, log = finish(patient)
    assert code == 0, log
    assert log.splitlines()[0] == (
        f"another build of out/ is running (pid {os.getpid()}, started at {started}); waiting…"
    )
    assert tree(out) == reference[2]


def test_builds_of_different_output_folders_do_not_wait_for_each_other(site, tmp_path):
    content, out = site
    with stage.locked(out):
        code, log = build_here(content, tmp_path / "elsewhere" / "out", wait=0)
    assert code == 0, log


def test_a_killed_build_leaves_no_lock(site, tmp_path):
    content, out = site
    edit(content / LEAN, "Otrā rindkopa", "Pēc pārtrauktas būves")
    proc = start_build(content, out)
    wait_for(lambda: lock_holder(out) == str(proc.pid) or proc.poll() is not None, what="the build to take the lock")
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    started = time.monotonic()
    code, log = build_here(content, out, wait=0)  # no waiting: the kernel dropped the lock
    assert code == 0, log
    assert time.monotonic() - started < 60
    assert tree(out) == cold(tmp_path, content)


# ---------------------------------------------------------------------- killed builds


@pytest.mark.parametrize("die", ["before-swap", "after-swap"])
def test_a_build_killed_around_the_swap_is_followed_by_a_correct_build(site, tmp_path, die):
    content, out = site
    before = snapshot(out)
    edit(content / LEAN, "Otrā rindkopa", "Pirms nogalināšanas")
    code, _log = finish(start_build(content, out, die=die))
    assert code == -signal.SIGKILL
    if die == "before-swap":
        assert snapshot(out) == before
    else:
        assert "Pirms nogalināšanas" in (out / LEAN_PAGE).read_text("utf-8")
    edit(content / LEAN, "Pirms nogalināšanas", "Pēc nogalināšanas")
    code, log = build_here(content, out)
    assert code == 0, log
    assert tree(out) == cold(tmp_path, content)


def test_builds_killed_at_random_moments_then_a_warm_build_equals_a_cold_one(site, tmp_path):
    content, out = site
    rng = random.Random()
    delays = []
    for round_ in range(4):
        text = f"Labojums {round_}"
        edit(content / LEAN, "Otrā rindkopa" if round_ == 0 else f"Labojums {round_ - 1}", text)
        proc = start_build(content, out)
        delays.append(round(rng.uniform(0.2, 4.0), 2))
        time.sleep(delays[-1])
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        assert (out / "index.html").is_file(), delays
    code, log = build_here(content, out)
    assert code == 0, log
    assert tree(out) == cold(tmp_path, content), f"killed after {delays} s"


# ---------------------------------------------------------------------- migration and foreign symlinks


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_real_output_folder_is_migrated_without_a_moment_without_output(tmp_path, reference, monkeypatch, exchange):
    content, reference_out, expected = reference
    out = tmp_path / "out"
    shutil.copytree(reference_out, out)  # as older versions left it
    shutil.copytree(reference_out, stage.staging_dir(out))
    stage.staging_dir(out).joinpath("only-in-staging.txt").write_text("x")
    (tmp_path / ".out.previous").mkdir()
    if not exchange:
        monkeypatch.setattr(stage, "_exchange", lambda a, b: False)
    seen, stop = {"reads": 0, "misses": 0}, threading.Event()

    def watch():
        while not stop.is_set():
            try:
                (out / "index.html").stat()
                seen["reads"] += 1
            except OSError:
                seen["misses"] += 1

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        code, log = build_here(content, out)
    finally:
        stop.set()
        watcher.join()
    assert code == 0, log
    assert out.is_symlink() and os.readlink(out) == ".out.builds/a"
    assert sorted(os.listdir(stage.builds_dir(out))) == ["a", "b"]
    assert not stage.staging_dir(out).exists() and not (tmp_path / ".out.previous").exists()
    assert tree(out) == expected
    assert tree(stage.builds_dir(out) / "b") == expected  # the old folder: the next staging folder
    assert seen["reads"] > 0
    if exchange:
        assert seen["misses"] == 0


@pytest.mark.parametrize("kind", ["dangling", "foreign"])
def test_a_dangling_or_foreign_symlink_is_replaced_and_its_target_left_alone(tmp_path, reference, kind):
    content, _out, expected = reference
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    if kind == "foreign":
        elsewhere.mkdir()
        (elsewhere / "index.html").write_text("another site")
        (elsewhere / "stray.html").write_text("not ours")
    os.symlink(elsewhere, out)
    code, log = build_here(content, out)
    assert code == 0, log
    assert os.readlink(out) == ".out.builds/a"
    assert tree(out) == expected
    if kind == "foreign":
        assert sorted(os.listdir(elsewhere)) == ["index.html", "stray.html"]
        assert (elsewhere / "index.html").read_text() == "another site"


# ---------------------------------------------------------------------- a full or unwritable disk

DISK_WORDS = {
    errno.ENOSPC: "no space left on the disk holding out/",
    errno.EDQUOT: "the disk quota is used up on the disk holding out/",
    errno.EROFS: "the disk holding out/ is read-only",
    errno.EACCES: "no permission to write out/ or the folders beside it",
    errno.EPERM: "no permission to write out/ or the folders beside it",
}


def _fail(code: int, path):
    def raiser(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(path))

    return raiser


@pytest.mark.parametrize(
    "code,where",
    [
        (errno.ENOSPC, "write"),
        (errno.EDQUOT, "write"),
        (errno.EROFS, "write"),
        (errno.EACCES, "write"),
        (errno.EPERM, "write"),
        (errno.ENOSPC, "copy"),
        (errno.ENOSPC, "staging"),
        (errno.EROFS, "swap"),
        (errno.EACCES, "lock"),
    ],
)
def test_a_full_or_unwritable_disk_stops_the_build_in_one_sentence(site, tmp_path, monkeypatch, code, where):
    from multisite.writer import OutputWriter

    content, out = site
    before = snapshot(out)
    edit(content / LEAN, "Otrā rindkopa", "Nekad neuzrakstīta rindkopa")
    path = tmp_path / "the-file"
    if where == "write":
        monkeypatch.setattr(OutputWriter, "write", _fail(code, path))
    elif where == "copy":  # Pelican's copy of static and theme files
        monkeypatch.setattr(shutil, "copyfile", _fail(code, path))
    elif where == "staging":
        monkeypatch.setattr(stage, "mirror", _fail(code, path))
    elif where == "swap":
        monkeypatch.setattr(stage.os, "symlink", _fail(code, path))
    else:
        monkeypatch.setattr(stage, "_acquire", _fail(code, path))
    status, log = build_here(content, out)
    assert status == 1
    assert "Traceback" not in log
    assert log.strip().splitlines()[-1] == (
        f"The site was not built: {DISK_WORDS[code]} ({path}); the published files are unchanged."
    )
    assert snapshot(out) == before
    monkeypatch.undo()
    if where in ("write", "swap"):
        status, log = build_here(content, out)  # once the disk is fixed, the next build is right
        assert status == 0, log
        assert tree(out) == cold(tmp_path, content)


def test_a_render_worker_s_disk_error_is_recognised():
    text = (
        'rendering failed:\nTraceback (most recent call last):\n  File "x.py", line 1, in <module>\n'
        "OSError: [Errno 28] No space left on device: '/srv/.out.builds/b/index.html'\n"
    )
    assert (
        stage.disk_problem(RuntimeError(text), Path("/srv/out"))
        == "no space left on the disk holding out/ (/srv/.out.builds/b/index.html)"
    )
    assert stage.disk_problem(RuntimeError("rendering failed: KeyError 'x'"), Path("/srv/out")) is None
    assert stage.disk_problem(OSError(errno.ENOENT, "No such file"), Path("/srv/out")) is None


# ---------------------------------------------------------------------- consumers of output/


def test_ghp_import_publishes_the_files_not_a_symlink(reference, tmp_path):
    _content, out, expected = reference
    repo = tmp_path / "repo"
    repo.mkdir()
    git = lambda *args: subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)  # noqa: E731
    git("init", "-q")
    for source in (out.resolve(), out):  # what `invoke gh-pages` passes, and the symlink itself
        subprocess.run(
            [sys.executable, "-m", "ghp_import", "-n", "-b", "gh-pages", "-m", "Publish", str(source)],
            cwd=repo,
            check=True,
            capture_output=True,
        )
        listing = git("ls-tree", "-r", "gh-pages").stdout.splitlines()
        modes = {line.split()[0] for line in listing}
        names = {line.split("\t", 1)[1] for line in listing}
        assert modes == {"100644"}
        assert names == set(expected) | {".nojekyll"}


def test_clean_removes_the_symlink_the_build_folders_and_the_lock(site):
    _content, out = site
    stage.staging_dir(out).mkdir()  # left by an older version
    with stage.locked(out, task="clean"):
        stage.remove(out)
    assert sorted(os.listdir(out.parent)) == ["content"]
    with stage.locked(out):  # the lock is made again when needed
        pass
