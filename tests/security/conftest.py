"""Every build in the attack suite is watched: nothing outside its output may change.

``make_site`` is wrapped so that, around each build, the whole temporary
folder of the test (the fixture site's ``content/``, a sentinel file beside
the site, and anything the test placed there as bait) and the repository's
own ``content/`` are snapshotted, and the build may only have created,
changed or deleted files in its output, its staging and build folders and
its cache. Any other difference fails the test, naming the paths.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, build, write_content

SENTINEL = "sentinel-beside-the-site.txt"
SENTINEL_TEXT = "written by the test, never by a build\n"
# What a build of <base>/content into <base>/output may touch, relative to <base>.
BUILD_OWNED = ("output", ".output", "cache")


def _snapshot(root: Path, skip_under: Path | None = None) -> dict[str, tuple]:
    """path -> (kind, content hash or link target, mode), without following symlinks."""
    state: dict[str, tuple] = {}
    if not root.exists():
        return state
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        rel_dir = here.relative_to(root)
        if skip_under is not None and _owned(rel_dir, skip_under):
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            path = here / name
            rel = (rel_dir / name).as_posix()
            if skip_under is not None and _owned(Path(rel), skip_under):
                continue
            st = path.lstat()
            if path.is_symlink():
                state[rel] = ("link", os.readlink(path), st.st_mode)
            elif path.is_dir():
                state[rel] = ("dir", "", st.st_mode)
            else:
                state[rel] = ("file", hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest(), st.st_mode)
    return state


def _owned(rel: Path, sites_root: Path) -> bool:
    """Whether ``rel`` (relative to the test's tmp folder) lies in a build's own folders: site*/output…, site*/cache…"""
    parts = rel.parts
    return len(parts) >= 2 and parts[1].startswith(BUILD_OWNED)


def _difference(before: dict, after: dict) -> list[str]:
    changed = []
    for rel in sorted(before.keys() | after.keys()):
        if before.get(rel) != after.get(rel):
            what = "created" if rel not in before else "deleted" if rel not in after else "changed"
            changed.append(f"{what}: {rel}")
    return changed


@pytest.fixture
def make_site(tmp_path):
    """make_site(files, **build_kwargs) -> BuiltSite, asserting the build wrote only into its own folders."""
    counter = {"n": 0}
    sentinel = tmp_path / SENTINEL
    sentinel.write_text(SENTINEL_TEXT, "utf-8")

    def _make(files: dict[str, str | bytes], with_data: bool = True, **kw):
        counter["n"] += 1
        base = tmp_path / f"site{counter['n']}"
        content, output = base / "content", base / "output"
        write_content(content, files, with_data)
        before = _snapshot(tmp_path, skip_under=tmp_path)
        repo_before = _snapshot(ROOT / "content")
        built = build(content, output, **kw)
        outside = _difference(before, _snapshot(tmp_path, skip_under=tmp_path))
        outside += [
            f"{line} (in the repository's content/)" for line in _difference(repo_before, _snapshot(ROOT / "content"))
        ]
        assert not outside, "the build touched files outside its output:\n" + "\n".join(outside)
        assert sentinel.read_text("utf-8") == SENTINEL_TEXT
        return built

    return _make
