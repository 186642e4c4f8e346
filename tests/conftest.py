"""Shared fixtures: fixture sites built by real Pelican with our plugins."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# No time limit on a single example: timings belong in the benchmark (`invoke bench`), not in tests,
# and a loaded machine must not turn a slow example into a failure.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BUILD_DATE = "2026-11-23"


def pytest_terminal_summary(terminalreporter):
    """Print the figures tests record with ``record_property("report", text)`` (e.g. the importer's accuracy)."""
    lines = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", "") == "call":
                lines += [value for key, value in getattr(report, "user_properties", ()) if key == "report"]
    if lines:
        terminalreporter.section("figures")
        for line in dict.fromkeys(lines):
            terminalreporter.write_line(line)


# How `invoke test` spreads the tests over its workers (pytest -n 3 --dist loadgroup
# --no-loadscope-reorder). A file's tests stay together on one worker, so that a fixture
# site built once per module is built once; the files that read the demo site share one
# worker and so one build of it; the tests of SPREAD files each build their own site and
# are handed out one by one. The longest work is handed out first (the demo's group is long
# mostly in waiting for the browser and Lighthouse), so that no long file is left for the
# end while the other workers have nothing to do.
DEMO_READERS = (
    "tests/browser/test_site_in_browser.py",
    "tests/sites/test_quality.py",
    "tests/browser/test_lighthouse.py",
)
SPREAD = (
    "tests/sites/test_workflow.py",
    "tests/sites/test_incremental.py",
    "tests/sites/test_quick_rebuild.py",
    "tests/sites/test_determinism.py",
    "tests/sites/test_bad_input.py",
    "tests/security/test_paths.py",
    "tests/security/test_markup.py",
)
_INCREMENTAL = "tests/sites/test_incremental.py::"
FIRST = (
    *DEMO_READERS,
    "tests/security/test_swap.py",
    "tests/sites/test_workflow.py::test_gh_pages_refuses_to_publish_a_failing_build[check-failure]",
    "tests/sites/test_workflow.py",
    "tests/browser/test_search.py",
    "tests/browser/test_cms.py",
    "tests/security/test_cache.py",
    _INCREMENTAL + "test_any_sequence_of_edits_leaves_what_a_cold_build_writes",
    _INCREMENTAL + "test_days_that_cross_a_start_an_end_or_a_publication_date_leave_what_a_cold_build_writes",
    _INCREMENTAL + "test_edits_in_a_row_each_leave_what_a_cold_build_writes",
    "tests/sites/test_feed_documents.py",
    "tests/sites/test_check_changed.py",
    "tests/sites/test_pictures.py",
    "tests/security/test_every_attack.py",
    "tests/sites/test_accessibility_statement.py",
    "tests/sites/test_pelican_command.py",
    "tests/sites/test_preview_cli.py",
    "tests/security/test_mirror_journal.py",
    "tests/sites/test_incremental.py",
)


def _rank(nodeid: str) -> int:
    for rank, prefix in enumerate(FIRST):
        if nodeid == prefix or nodeid.startswith(prefix + "::"):
            return rank
    return len(FIRST)


def _group(nodeid: str) -> str:
    """The unit of work a test is handed out in: the demo site's readers, its file, or (SPREAD) itself."""
    path = nodeid.split("::", 1)[0]
    if path in DEMO_READERS:
        return "demo-site"
    return nodeid if path in SPREAD else path


def pytest_collection_modifyitems(config, items):
    for item in items:
        group = _group(item.nodeid)
        if group != item.nodeid:
            item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=lambda item: _rank(item.nodeid))  # stable: a file's tests keep their order


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup, with the groups above. pytest-xdist marks a group by adding its name to each
    test's id in the workers, which pytest 9 no longer lets a plugin change: without this, every test
    was handed out on its own, and each worker built the demo site and the module fixtures again."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _group(nodeid)

    return GroupScheduling(config, log)


@dataclass
class BuiltSite:
    content: Path
    output: Path
    code: int
    log: str

    def read(self, rel: str) -> str:
        return (self.output / rel).read_text("utf-8")

    def html(self, rel: str):
        from selectolax.lexbor import LexborHTMLParser

        return LexborHTMLParser(self.read(rel))

    def exists(self, rel: str) -> bool:
        return (self.output / rel).is_file()


def write_content(content: Path, files: dict[str, str | bytes], with_data: bool = True) -> None:
    if with_data:
        shutil.copytree(ROOT / "content" / "data", content / "data", dirs_exist_ok=True)
        shutil.copytree(ROOT / "content" / "images" / "emblems", content / "images" / "emblems", dirs_exist_ok=True)
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), "utf-8")


def files_key(*folders: Path) -> str:
    """A digest of every file's path and bytes under each of ``folders`` (links: their targets)."""
    digest = hashlib.sha256()
    for number, folder in enumerate(folders):
        digest.update(f"{number}\0".encode())
        for path in sorted(folder.rglob("*")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            if path.is_symlink():
                digest.update(b"link:" + os.readlink(path).encode())
            elif path.is_file():
                digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def copy_site(source: Path, destination: Path) -> None:
    """Copy a built site's folder, keeping its symbolic links and its hard links (a build's staging
    folder is a hard-linked mirror of the published build). Into a folder that exists, the copy is
    made in place: the folders found in both are kept, only their contents replaced, so that what
    names them by identity (the build folders' journal) still holds."""
    if destination.exists():
        for folder, dirs, files in os.walk(destination):
            here = Path(folder)
            twin = source / here.relative_to(destination)
            for name in list(dirs):
                path = here / name
                if path.is_symlink() or not (twin / name).is_dir() or (twin / name).is_symlink():
                    dirs.remove(name)
                    path.unlink() if path.is_symlink() else shutil.rmtree(path)
            for name in files:
                (here / name).unlink()
    first: dict[tuple[int, int], str] = {}

    def copy(src: str, dst: str) -> str:
        st = os.lstat(src)
        if st.st_nlink > 1 and (st.st_dev, st.st_ino) in first:
            os.link(first[(st.st_dev, st.st_ino)], dst)
        else:
            shutil.copy2(src, dst)
            if st.st_nlink > 1:
                first[(st.st_dev, st.st_ino)] = dst
        return dst

    shutil.copytree(source, destination, symlinks=True, copy_function=copy, dirs_exist_ok=True)


def build(
    content: Path,
    output: Path,
    *,
    settings: str = "pelicanconf.py",
    build_date: str = BUILD_DATE,
    overrides: dict | None = None,
) -> BuiltSite:
    """Build ``content`` into ``output``. The search index (a Pagefind run) is left out unless
    ``overrides`` asks for it with ``SEARCH_INDEX``: only the demo site's search is tested."""
    from multisite.cli import build as run_build

    stream = io.StringIO()
    override = {
        "PATH": str(content),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "BUILD_DATE": build_date,
        "CACHE_PATH": str(output.parent / "cache"),
        "SEARCH_INDEX": False,
        **(overrides or {}),
    }
    code = run_build(str(ROOT / settings), str(output), override, stream=stream)
    return BuiltSite(content, output, code, stream.getvalue())


def assert_refused(built: BuiltSite, where: str, key: str, text: str) -> None:
    """The build failed clearly and wrote nothing: exit status 1, no traceback, a message that starts
    with ``where`` (a file, or file:line), names ``[key]`` (when given) and says ``text`` in itself or
    in its hint line; no output published and no file in the build folders."""
    assert built.code == 1, built.log
    assert "Traceback" not in built.log, built.log
    log = built.log.splitlines()
    named = [i for i, line in enumerate(log) if line.startswith((where + ":", where + " "))]
    assert named, f"no message for {where}:\n{built.log}"
    matching = [
        log[i]
        for i in named
        if (not key or f"[{key}]" in log[i]) and text in log[i] + (log[i + 1] if i + 1 < len(log) else "")
    ]
    assert matching, f"expected [{key}] ... {text!r} for {where}:\n{built.log}"
    assert not built.output.exists(), "a refused build must not publish anything"
    written = [p for p in built.output.with_name(f".{built.output.name}.builds").rglob("*") if p.is_file()]
    assert not written, f"a refused build must write nothing: {written}"


@pytest.fixture
def make_site(tmp_path):
    """make_site(files, **build_kwargs) -> BuiltSite: write a content/ folder and build it."""
    counter = {"n": 0}

    def _make(files: dict[str, str | bytes], with_data: bool = True, **kw) -> BuiltSite:
        counter["n"] += 1
        base = tmp_path / f"site{counter['n']}"
        content, output = base / "content", base / "output"
        write_content(content, files, with_data)
        return build(content, output, **kw)

    return _make


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The repository's own demo content, built once per test session, with its search index."""
    base = tmp_path_factory.mktemp("demo")
    built = build(ROOT / "content", base / "output", overrides={"SEARCH_INDEX": True})
    assert built.code == 0, built.log
    return built
