"""The staging mirror from the last build's journal: exactly what walking both trees makes, or the walk.

A build records the paths it changed (``multisite.staging.record``); the next build's ``prepare``
mirrors only those when the journal is about the two build folders as they are. These tests hold
the two ways side by side - on hard-linked copies of the same staging folder, after each build of a
sequence of edits, and on random trees - and check that a missing, damaged, stale or foreign journal
makes the next build walk, and that a journal that holds is used (the published tree is not walked)."""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from multisite import staging as stage
from tests.conftest import build, write_content
from tests.sites.fixtures import basic_site

pytestmark = pytest.mark.site

LEAN = "articles/2018/lean.lv.md"
NEW_ARTICLE = """---
title: Jauns lasītava Preiļos
date: 2026-11-12 10:00
municipalities: [preili]
---

Lasītava ir atvērta katru dienu.
"""
USED = "paths of the last build's journal"
WALKED = "by walking both trees"


# ---------------------------------------------------------------------- helpers


def entries(root: Path) -> dict[str, tuple]:
    """Every name under ``root``: a folder, or a link and where it leads, or a file and its inode."""
    found: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            rel = os.path.relpath(path, root)
            if stat.S_ISDIR(info.st_mode):
                found[rel] = ("folder",)
            elif stat.S_ISLNK(info.st_mode):
                found[rel] = ("link", os.readlink(path))
            else:
                found[rel] = ("file", info.st_ino)
    return found


def dropped(trash: Path) -> list[int]:
    """The inodes of the files the mirror moved into ``trash`` (none: the folder was never made)."""
    if not trash.exists():
        return []
    return sorted(info[1] for info in entries(trash).values() if info[0] == "file")


def link_copy(folder: Path, copy: Path) -> None:
    """A copy of ``folder`` whose files are hard links of its files (same inodes)."""
    subprocess.run(["cp", "-a", "-l", "--", str(folder), str(copy)], check=True)


def both_ways(source: Path, target: Path, paths: list[str], work: Path) -> None:
    """Mirror hard-linked copies of ``target`` from ``source`` by the walk and by ``paths``: the same
    names, the same inodes (links of the source's files), the same files dropped into the trash."""
    made = {}
    work.mkdir(parents=True, exist_ok=True)
    for way, listed in (("walk", None), ("journal", paths)):
        copy, trash = work / way, work / f"{way}-trash"
        link_copy(target, copy)
        stage.mirror(source, copy, trash, listed)
        made[way] = entries(copy), dropped(trash)
    assert made["journal"] == made["walk"]
    assert made["walk"][0] == entries(source)


def next_staging(out: Path) -> tuple[Path, Path]:
    live = stage.published(out)
    assert live is not None
    return live, stage.builds_dir(out) / next(slot for slot in stage.SLOTS if slot != live.name)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def hashes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def walks(monkeypatch) -> list[str]:
    """The folders ``_mirror_dir`` is called on (the sources), in order."""
    seen: list[str] = []
    walk = stage._mirror_dir

    def spy(source: str, target: str, drop) -> None:
        seen.append(os.path.normpath(source))
        walk(source, target, drop)

    monkeypatch.setattr(stage, "_mirror_dir", spy)
    return seen


def root_walked(walks: list[str], out: Path) -> bool:
    builds = os.path.normpath(stage.builds_dir(out))
    return any(os.path.dirname(source) == builds for source in walks)


# ---------------------------------------------------------------------- builds


def test_after_each_warm_build_the_journal_mirror_equals_the_walk(tmp_path, caplog):
    """A sequence of builds with edits (a body edit, an article added, one renamed, one deleted, the
    search index on and off): after each, the next staging folder made from the journal is the one the
    walk makes, and each build after the first used the journal; the end equals a cold build."""
    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, basic_site())
    renamed = content / "articles/2026/biblioteka.md"

    def rename() -> None:
        renamed.rename(renamed.with_name("biblioteka-svetkos.md"))

    steps = [
        ("first build", lambda: None, {}),
        ("body edit", lambda: edit(content / LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa"), {}),
        ("article added", lambda: (content / "articles/2026/lasitava.lv.md").write_text(NEW_ARTICLE, "utf-8"), {}),
        ("search index on", lambda: None, {"SEARCH_INDEX": True}),
        ("body edit, with the index", lambda: edit(content / LEAN, "labotā", "vēlreiz labotā"), {"SEARCH_INDEX": True}),
        ("article renamed", rename, {"SEARCH_INDEX": True}),
        ("search index off", lambda: None, {}),
        ("article deleted", (content / "articles/2026/lasitava.lv.md").unlink, {}),
        ("nothing changed", lambda: None, {}),
    ]
    caplog.set_level(logging.INFO, logger="multisite.staging")
    for number, (what, change, extra) in enumerate(steps):
        change()
        caplog.clear()
        built = build(content, out, overrides=extra)
        assert built.code == 0, f"{what}: {built.log}"
        messages = [r.getMessage() for r in caplog.records if "staging folder mirrored" in r.getMessage()]
        if number:
            assert len(messages) == 1 and USED in messages[0], f"{what}: {messages}"
        live, spare = next_staging(out)
        paths = stage._journaled(out, live, spare)
        assert paths is not None, what
        both_ways(live, spare, paths, tmp_path / f"check-{number}")
    cold = build(content, tmp_path / "cold" / "out")
    assert cold.code == 0, cold.log
    assert hashes(out) == hashes(tmp_path / "cold" / "out")  # the index went when the search was turned off


def test_a_warm_build_does_not_walk_the_published_build(tmp_path, walks):
    """Fails when the next build ignores the journal: only the folders it lists whole are walked."""
    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, basic_site())
    for _ in range(2):
        built = build(content, out)
        assert built.code == 0, built.log
    walks.clear()
    edit(content / LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa")
    built = build(content, out)
    assert built.code == 0, built.log
    assert walks and not root_walked(walks, out)  # the theme and static folders, not the whole tree
    assert {os.path.basename(source) for source in walks} >= {"theme", "images"}


def test_a_failed_build_drops_the_journal_and_the_next_one_walks(tmp_path, walks):
    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, basic_site())
    assert build(content, out).code == 0
    (content / "articles/2026/bad.lv.md").write_text("---\ntitle: [unclosed\n---\n\nTeksts.\n", "utf-8")
    assert build(content, out).code == 1
    assert not stage.journal_file(out).exists()
    (content / "articles/2026/bad.lv.md").unlink()
    walks.clear()
    assert build(content, out).code == 0
    assert root_walked(walks, out)


# ---------------------------------------------------------------------- the journal by hand


def make_tree(root: Path, rng: random.Random, depth: int = 0) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for n in range(rng.randint(1, 5)):
        kind = rng.random()
        if kind < 0.25 and depth < 3:
            make_tree(root / f"d{n}", rng, depth + 1)
        elif kind < 0.3:
            os.symlink(f"f{n}", root / f"l{n}")
        else:
            (root / f"f{n}").write_text(f"{root.name}/{n}/{rng.random()}")


def all_paths(root: Path) -> list[str]:
    return sorted(entries(root))


def change_tree(root: Path, rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """Changes like a build's, on a mirror: files written anew, removed, folders made, dropped,
    replaced whole, a file where a folder was and back; returns (written, removed, folders)."""
    written, removed, folders = [], [], []
    for _ in range(rng.randint(1, 8)):
        existing = all_paths(root)
        rel = rng.choice(existing) if existing else "f0"
        path = root / rel
        action = rng.choice(["write", "write", "new", "remove", "remove folder", "folder", "swap", "whole"])
        if action == "write" and path.is_file() and not path.is_symlink():
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(f"new {rng.random()}")
            os.replace(tmp, path)
            written.append(rel)
        elif action == "new":
            new = f"{rel.rpartition('/')[0] + '/' if '/' in rel else ''}n{rng.randint(0, 99)}/deep/x.html"
            if not any(new.startswith(p + "/") for p in existing if not (root / p).is_dir()):
                (root / new).parent.mkdir(parents=True, exist_ok=True)
                (root / new).write_text("new page")
                written.append(new)
        elif action == "remove" and (path.is_file() or path.is_symlink()):
            path.unlink()
            removed.append(rel)
            parent = path.parent
            while parent != root and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        elif action == "remove folder" and path.is_dir() and not path.is_symlink():
            inside = all_paths(path)
            shutil.rmtree(path)
            removed.extend(f"{rel}/{p}" for p in inside)  # the writer lists files, not folders
            if not inside:
                removed.append(rel)
        elif action == "folder" and path.is_file() and not path.is_symlink():
            path.unlink()
            path.mkdir()
            (path / "index.html").write_text("now a folder")
            written.append(f"{rel}/index.html")
        elif action == "swap" and path.is_dir() and not path.is_symlink():
            inside = all_paths(path)
            shutil.rmtree(path)
            path.write_text("now a file")
            written.append(rel)
            removed.extend(f"{rel}/{p}" for p in inside)
        elif action == "whole":
            new = root / ".whole.new"
            make_tree(new, rng, 2)
            if path.is_dir() and not path.is_symlink():
                stage.replace_folder(new, path)
                folders.append(rel)
            else:
                shutil.rmtree(new)
    return written, removed, folders


@pytest.mark.parametrize("seed", range(40))
def test_listed_paths_mirror_exactly_like_the_walk(tmp_path, seed):
    rng = random.Random(seed)
    old, new = tmp_path / "old", tmp_path / "new"
    make_tree(old, rng)
    link_copy(old, new)  # the build's staging folder, mirrored from old ...
    written, removed, folders = change_tree(new, rng)  # ... then written into
    both_ways(new, old, sorted({*written, *removed, *folders}), tmp_path)


def hand_built(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An output whose published folder b was made from a by a 'build' that recorded its changes:
    (output, published b, staging a)."""
    out = tmp_path / "out"
    builds = stage.builds_dir(out)
    live = builds / "a"
    make_tree(live, random.Random(7))
    (live / "index.html").write_text("home")
    (live / "old").mkdir()
    (live / "old" / "page.html").write_text("renamed away")
    os.symlink(".out.builds/a", out)
    stage.settle(out)  # b, the same as a, and a journal saying so
    with stage.locked(out):
        staging = stage.prepare(out)
        assert staging.name == "b"
        page = staging / "index.html"
        tmp = page.with_name("index.html.tmp")
        tmp.write_text("home, edited")
        os.replace(tmp, page)
        shutil.rmtree(staging / "old")
        (staging / "new").mkdir()
        (staging / "new" / "page.html").write_text("renamed here")
        stage.record(out, staging, written=["index.html", "new/page.html"], removed=["old/page.html"])
        stage.swap(staging, out)
    return out, builds / "b", builds / "a"


def test_a_journal_that_holds_is_used_and_makes_the_mirror(tmp_path, walks):
    out, live, spare = hand_built(tmp_path)
    walks.clear()
    with stage.locked(out):
        assert stage.prepare(out) == spare
    assert not root_walked(walks, out)
    assert entries(spare) == entries(live)
    assert not stage.journal_file(out).exists()  # the staging folder changes from here on


def _truncated(out: Path, data: dict) -> None:
    stage.journal_file(out).write_text(json.dumps(data)[:40], "utf-8")


def _garbage(out: Path, data: dict) -> None:
    stage.journal_file(out).write_bytes(bytes(range(256)) * 4)


def _not_an_object(out: Path, data: dict) -> None:
    stage.journal_file(out).write_text(json.dumps(data["written"]), "utf-8")


def _deeply_nested(out: Path, data: dict) -> None:
    stage.journal_file(out).write_text("[" * 100_000 + "]" * 100_000, "utf-8")


def _wrong_version(out: Path, data: dict) -> None:
    stage.journal_file(out).write_text(json.dumps({**data, "version": 99}), "utf-8")


def _wrong_types(out: Path, data: dict) -> None:
    damaged = {**data, "slots": {"a": ["1", "2"], "b": None}, "written": "index.html"}
    stage.journal_file(out).write_text(json.dumps(damaged), "utf-8")


def _unsafe_paths(out: Path, data: dict) -> None:
    damaged = {**data, "written": ["../../etc/passwd", "/etc/passwd", "a//b", "./x", 7]}
    stage.journal_file(out).write_text(json.dumps(damaged), "utf-8")


def _swapped(out: Path, data: dict) -> None:
    damaged = {**data, "produced": data["source"], "source": data["produced"]}
    stage.journal_file(out).write_text(json.dumps(damaged), "utf-8")


def _staging_made_again(out: Path, data: dict) -> None:
    """Stale: the staging folder was made again since (the same names, another folder)."""
    spare = stage.builds_dir(out) / data["source"]
    copy = spare.with_name("copy")
    link_copy(spare, copy)
    shutil.rmtree(spare)
    os.rename(copy, spare)


def _a_folder(out: Path, data: dict) -> None:
    stage.journal_file(out).unlink()
    stage.journal_file(out).mkdir()


def _a_link(out: Path, data: dict) -> None:
    elsewhere = out.parent / "elsewhere.json"
    stage.journal_file(out).rename(elsewhere)
    os.symlink(elsewhere, stage.journal_file(out))


def _missing(out: Path, data: dict) -> None:
    stage.journal_file(out).unlink()


@pytest.mark.parametrize(
    "damage",
    [
        _truncated,
        _garbage,
        _not_an_object,
        _deeply_nested,
        _wrong_version,
        _wrong_types,
        _unsafe_paths,
        _swapped,
        _staging_made_again,
        _a_folder,
        _a_link,
        _missing,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_damaged_or_stale_journal_means_the_walk(tmp_path, walks, damage):
    out, live, spare = hand_built(tmp_path)
    data = json.loads(stage.journal_file(out).read_text("utf-8"))
    assert stage._journaled(out, live, spare) is not None
    damage(out, data)
    walks.clear()
    with stage.locked(out):
        assert stage.prepare(out) == spare
    assert root_walked(walks, out)
    assert entries(spare) == entries(live)
    assert not stage.journal_file(out).exists() and not (out.parent / "etc").exists()


def test_a_writer_into_the_published_folder_adds_to_the_journal(tmp_path, walks):
    """The preview's search indexer replaces pagefind/ in the published folder after the build: it
    notes it first, and the next mirror catches up with it from the journal."""
    out, live, spare = hand_built(tmp_path)
    (live / "pagefind").mkdir()
    with stage.locked(out):
        stage.note(out, live, folders=["pagefind"])
        new = tmp_path / "index"
        (new / "fragment").mkdir(parents=True)
        (new / "fragment" / "page.pf_fragment").write_text("index")
        stage.replace_folder(new, live / "pagefind")
        stage.note(out, live, written=[".nojekyll"])
        (live / ".nojekyll").write_text("")
    journal = json.loads(stage.journal_file(out).read_text("utf-8"))
    assert "pagefind" in journal["folders"] and ".nojekyll" in journal["written"]
    walks.clear()
    with stage.locked(out):
        stage.prepare(out)
    assert not root_walked(walks, out)
    assert entries(spare) == entries(live)


def test_a_note_about_another_folder_drops_the_journal(tmp_path):
    out, live, spare = hand_built(tmp_path)
    with stage.locked(out):
        stage.note(out, spare, folders=["pagefind"])  # not the published folder, not what the journal is about
    assert not stage.journal_file(out).exists()


def test_a_journal_is_only_written_for_a_staging_folder_mirrored_from_the_published_one(tmp_path):
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)  # a real output folder (the earlier scheme): nothing is published yet
    stage.record(out, stage.builds_dir(out) / "a", written=["index.html"])
    assert not stage.journal_file(out).exists()


def test_the_preview_s_search_index_written_after_the_build_is_in_the_journal(tmp_path, walks):
    """The live preview publishes first and writes the search index into the published folder after:
    the next build's mirror catches up with it from the journal, not by walking."""
    from editorial.preview import SearchIndexer, build_once
    from tests.conftest import BUILD_DATE, ROOT

    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, basic_site())
    overrides = {
        "PATH": str(content),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "BUILD_DATE": BUILD_DATE,
        "CACHE_PATH": str(tmp_path / "cache"),
        "SEARCH_INDEX": True,
    }
    indexer = SearchIndexer(out, say=lambda *args, **kw: None)
    try:
        for number in (1, 2):
            edit(content / LEAN, "Otrā rindkopa", f"Otrā rindkopa {number}")
            assert build_once(ROOT, "pelicanconf.py", out, indexer, number=number, overrides=overrides) is None
            assert indexer.wait(120)
            live, spare = next_staging(out)
            assert (live / "pagefind" / "bundles.json").is_file()
            paths = stage._journaled(out, live, spare)
            assert paths is not None and "pagefind" in paths
            both_ways(live, spare, paths, tmp_path / f"check-{number}")
        walks.clear()
        edit(content / LEAN, "Otrā rindkopa", "Otrā rindkopa 3")
        assert build_once(ROOT, "pelicanconf.py", out, indexer, number=3, overrides=overrides) is None
        assert not root_walked(walks, out) and any(os.path.basename(w) == "pagefind" for w in walks)
    finally:
        indexer.stop()


def test_no_journal_when_pelican_writes_pages_of_its_own(tmp_path, walks):
    """Pelican's own pages (direct templates, template pages, sources) are written where no journal
    sees them: a site that turns them on gets no journal, and its builds walk."""
    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, basic_site())
    for _ in range(2):
        built = build(content, out, overrides={"OUTPUT_SOURCES": True})
        assert built.code == 0, built.log
    assert not stage.journal_file(out).exists()
    walks.clear()
    assert build(content, out, overrides={"OUTPUT_SOURCES": True}).code == 0
    assert root_walked(walks, out)
