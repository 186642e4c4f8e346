"""Pelican's own command builds the same site, staged, locked and recorded, as ``invoke build``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from multisite import incremental
from multisite import staging as stage
from multisite.settings_names import unknown_settings
from tests.conftest import BUILD_DATE, ROOT, build, write_content
from tests.security.test_swap import LEAN, edit, snapshot, tree
from tests.sites.fixtures import basic_site

pytestmark = pytest.mark.site

EMBLEM = "images/emblems/eu-emblem.svg"
PLAN = "files/plan.txt"


def pelican(content: Path, out: Path, *extra: str, wait: bool = True):
    """``pelican content -s pelicanconf.py -o out``, run as an editor runs it (PYTHONPATH as tasks.py sets it)."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"}
    args = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(ROOT / "pelicanconf.py"),
        "-o",
        str(out),
        "--cache-path",
        str(out.parent / "cache"),
        "--log-handler",
        "plain",
        "-e",
        f'BUILD_DATE="{BUILD_DATE}"',
        "SEARCH_INDEX=false",
        *extra,
    ]
    proc = subprocess.Popen(
        args,
        cwd=out.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    if not wait:
        return proc
    log, _ = proc.communicate(timeout=300)
    return proc.returncode, log


def no_search(content: Path, out: Path) -> dict:
    return {"SEARCH_INDEX": False, "CACHE_PATH": str(out.parent / "cache")}


@pytest.fixture
def content(tmp_path):
    content = tmp_path / "content"
    write_content(content, {**basic_site(), PLAN: "Plāns\n"})
    return content


def test_pelican_content_gives_the_same_site_as_the_build_task(content, tmp_path):
    out = tmp_path / "by-pelican" / "output"
    out.parent.mkdir()
    code, log = pelican(content, out)
    assert code == 0, log
    assert "Traceback" not in log and re.search(r"^Built in [\d.]+ s", log, re.M), log
    assert out.is_symlink() and os.readlink(out) == ".output.builds/a"  # staged and swapped in
    assert stage.lock_file(out).is_file()  # built holding the lock
    assert incremental.RecordStore(out.parent / "cache", stage.record_target(out)).file.is_file()  # recorded

    built = build(content, tmp_path / "by-task" / "output", overrides=no_search(content, tmp_path / "by-task"))
    assert built.code == 0, built.log
    assert tree(out) == tree(built.output)

    edit(content / LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa")
    code, log = pelican(content, out)  # warm: the record is used
    assert code == 0, log
    assert os.readlink(out) == ".output.builds/b"
    assert re.search(r"\(\d+ pages and files computed, \d+ unchanged kept\)", log), log
    built = build(content, tmp_path / "by-task" / "output", overrides=no_search(content, tmp_path / "by-task"))
    assert tree(out) == tree(built.output)


def test_pelican_on_broken_content_fails_readably_and_keeps_the_published_site(content, tmp_path):
    out = tmp_path / "output"
    code, log = pelican(content, out)
    assert code == 0, log
    before = snapshot(out)
    edit(content / LEAN, "title:", "titel:")
    code, log = pelican(content, out)
    assert code != 0
    assert "The site was not built: the content has errors." in log
    assert LEAN in log and "Traceback" not in log
    assert snapshot(out) == before
    assert stage.lock_file(out).is_file() and not _locked(out)  # released


def _locked(out: Path) -> bool:
    try:
        with stage.locked(out, wait=0):
            return False
    except stage.OutputBusy:
        return True


def test_two_pelican_runs_at_once_take_turns(content, tmp_path):
    out = tmp_path / "output"
    with stage.locked(out, wait=0):  # both start while the folder is busy
        runs = [pelican(content, out, wait=False) for _ in range(2)]
        lines = [_until(proc, "another build of output/ is running") for proc in runs]
        assert all(f"is running (pid {os.getpid()}," in line for line in lines), lines
    holders = set()
    while any(proc.poll() is None for proc in runs):
        holders.add(stage.Holder.parse(stage.lock_file(out).read_text("ascii", "replace")).pid)
        time.sleep(0.05)
    logs = [line + proc.stdout.read() for line, proc in zip(lines, runs)]
    assert [proc.returncode for proc in runs] == [0, 0], logs
    assert {str(proc.pid) for proc in runs} <= holders  # each held it in turn
    assert os.readlink(out) == ".output.builds/b"  # two builds, one after the other
    built = build(content, tmp_path / "cold" / "output", overrides=no_search(content, tmp_path / "cold"))
    assert tree(out) == tree(built.output)


def _until(proc, text: str) -> str:
    """The output of ``proc`` up to the line holding ``text``."""
    seen = ""
    while text not in seen:
        line = proc.stdout.readline()
        assert line, seen
        seen += line
    return seen


def test_static_files_are_linked_from_the_last_build_and_never_written_through(content, tmp_path):
    out = tmp_path / "output"
    first = build(content, out, overrides=no_search(content, out))
    assert first.code == 0, first.log
    published = out / EMBLEM
    old_inode, old_bytes = published.stat().st_ino, published.read_bytes()
    assert published.stat().st_ino != (content / EMBLEM).stat().st_ino  # a copy, not the content file
    plan_inode = (out / PLAN).stat().st_ino

    with open(content / EMBLEM, "r+b") as fh:  # an editor saves in place
        data = fh.read()
        fh.seek(0)
        fh.write(data.replace(b"#003399", b"#003398"))
    os.utime(content / EMBLEM, (time.time() + 5, time.time() + 5))
    assert published.read_bytes() == old_bytes  # not live before a build
    (content / "images" / "gone.svg").write_bytes((content / EMBLEM).read_bytes())
    second = build(content, out, overrides=no_search(content, out))
    assert second.code == 0, second.log
    assert b"#003398" in published.read_bytes()
    assert (out / "images" / "gone.svg").is_file()
    assert (out / PLAN).stat().st_ino == plan_inode  # unchanged: linked, not copied
    old = next(p for p in stage.builds_dir(out).glob(f"*/{EMBLEM}") if p.stat().st_ino == old_inode)
    assert old.read_bytes() == old_bytes  # the old file was not written to

    (content / "images" / "gone.svg").unlink()
    third = build(content, out, overrides=no_search(content, out))
    assert third.code == 0, third.log
    assert not (out / "images" / "gone.svg").exists()  # removed content is removed
    assert tree(out) == tree(
        build(content, tmp_path / "cold" / "output", overrides=no_search(content, tmp_path / "cold")).output
    )


def test_unknown_settings_are_reported_with_the_nearest_name(content, tmp_path):
    from pelican.settings import read_settings

    for settings in ("pelicanconf.py", "publishconf.py"):
        assert unknown_settings(read_settings(str(ROOT / settings))) == []
    lines = unknown_settings(
        {"SITE_LANGUAGE": [], "ARTICLES_PER_PGE": 5, "COMPLETELY_NEW_THING": 1, "_HELPER": 1, "SITEURL": ""}
    )
    assert lines == [
        "Warning: the setting ARTICLES_PER_PGE is not known to Pelican or to this site and is ignored"
        " - did you mean ARTICLES_PER_PAGE?",
        "Warning: the setting COMPLETELY_NEW_THING is not known to Pelican or to this site and is ignored",
        "Warning: the setting SITE_LANGUAGE is not known to Pelican or to this site and is ignored"
        " - did you mean SITE_LANGUAGES?",
    ]
    built = build(content, tmp_path / "output", overrides={"SITE_LANGAUGES": []})
    assert built.code == 0, built.log
    assert "SITE_LANGAUGES is not known" in built.log and "did you mean SITE_LANGUAGES?" in built.log
