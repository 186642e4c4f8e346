"""The pieces of warm builds: the staging mirror, the document cache and the build record."""

import os
import time

from multisite.incremental import BuildRecord, DocumentCache, RecordStore, settings_digest, tree_digest
from multisite.staging import builds_dir, mirror, prepare, settle, swap


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_mirror_makes_an_exact_hard_linked_copy_and_catches_up(tmp_path):
    src, dst = tmp_path / "out", tmp_path / "stage"
    (src / "a/b").mkdir(parents=True)
    (src / "a/b/index.html").write_text("one")
    (src / "top.txt").write_text("top")
    mirror(src, dst)
    assert files(dst) == files(src)
    assert (dst / "top.txt").stat().st_ino == (src / "top.txt").stat().st_ino
    # the source changes: a file replaced, one removed, a folder added, a file turned into a folder
    (src / "a/b/index.html").unlink()
    (src / "a/b/index.html").write_text("two")
    (src / "top.txt").unlink()
    (src / "top.txt").mkdir()
    (src / "top.txt/inner").write_text("inner")
    (src / "new/deep").mkdir(parents=True)
    (src / "new/deep/x").write_text("x")
    (dst / "stray.html").write_text("left over")
    mirror(src, dst)
    assert files(dst) == files(src)
    assert (dst / "a/b/index.html").stat().st_ino == (src / "a/b/index.html").stat().st_ino


def test_prepare_detaches_copied_folders_and_swap_keeps_the_old_output_as_staging(tmp_path):
    out = tmp_path / "out"                                    # a real folder, as older versions left it
    (out / "theme").mkdir(parents=True)
    (out / "theme/site.css").write_text("old css")
    (out / "index.html").write_text("old")
    staging = prepare(out, ["theme", "images"])
    assert not (staging / "theme/site.css").exists()          # Pelican copies these afresh
    assert (staging / "index.html").stat().st_ino == (out / "index.html").stat().st_ino
    (staging / "theme/site.css").write_text("new css")
    assert (out / "theme/site.css").read_text() == "old css"  # never written through a link
    swap(staging, out)
    assert out.is_symlink() and out.resolve() == staging.resolve()
    assert (out / "theme/site.css").read_text() == "new css"
    old = builds_dir(out) / "b"
    assert old.is_dir() and (old / "theme/site.css").read_text() == "old css"
    assert prepare(out, ["theme"]) == old                     # the old output is the next staging folder
    assert (old / "index.html").stat().st_ino == (out / "index.html").stat().st_ino


def test_first_swap_leaves_a_mirror_for_the_next_build(tmp_path):
    out = tmp_path / "out"
    staging = prepare(out)
    (staging / "index.html").write_text("first")
    swap(staging, out)
    settle(out)
    assert (out / "index.html").read_text() == "first"
    spare = builds_dir(out) / "b"
    assert (spare / "index.html").stat().st_ino == (out / "index.html").stat().st_ino


def test_document_cache_trusts_size_and_time_then_the_bytes(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("hello")
    old = time.time() - 60
    os.utime(source, (old, old))
    cache = DocumentCache(tmp_path / "docs.pickle", salt="s1")
    hit, stat, content = cache.get("a.md", source)
    assert hit is None
    cache.put("a.md", stat, content, ("doc", []))
    cache.save(keep=["a.md"])
    again = DocumentCache(tmp_path / "docs.pickle", salt="s1")
    assert again.get("a.md", source)[0] == ("doc", [])
    os.utime(source, (old + 5, old + 5))                     # touched, same bytes: still a hit
    assert again.get("a.md", source)[0] == ("doc", [])
    source.write_text("hellO")                               # same size, new bytes: a miss
    os.utime(source, (old + 10, old + 10))
    assert again.get("a.md", source)[0] is None
    assert DocumentCache(tmp_path / "docs.pickle", salt="other code").get("a.md", source)[0] is None


def test_document_cache_hashes_files_changed_a_moment_ago(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("first")
    cache = DocumentCache(None, salt="s")
    _hit, stat, content = cache.get("a.md", source)
    assert stat == ""                                        # too recent to trust the time
    cache.put("a.md", stat, content, "first doc")
    source.write_text("other")                               # same size, within the clock's tick
    assert cache.get("a.md", source)[0] is None


def test_record_keeps_outputs_whose_bodies_did_not_change():
    record = BuildRecord("f", "m", {"a.md": "1", "b.md": "2"}, outputs={"a/index.html": "article a",
                                                                         "list/index.html": "listing"})
    assert record.changed_bodies("f", "m", {"a.md": "1", "b.md": "2"}) == set()
    changed = record.changed_bodies("f", "m", {"a.md": "9", "b.md": "2"})
    assert changed == {"a.md"}
    assert not record.can_keep("a/index.html", "article a", ("a.md",), changed)
    assert record.can_keep("list/index.html", "listing", (), changed)
    assert not record.can_keep("list/index.html", "listing", None, changed)    # may show any body
    assert not record.can_keep("list/index.html", "another producer", (), changed)
    assert not record.can_keep("new/index.html", "listing", (), changed)        # not in the last build
    assert record.changed_bodies("other code", "m", {"a.md": "1", "b.md": "2"}) is None
    assert record.changed_bodies("f", "new titles", {"a.md": "1", "b.md": "2"}) is None
    assert record.changed_bodies("f", "m", {"a.md": "1"}) is None                 # a file was deleted


def test_record_store_commits_only_after_the_swap(tmp_path):
    store = RecordStore(tmp_path / "cache", tmp_path / "out")
    store.stage(BuildRecord("f", "m", {}))
    assert store.load() is None
    store.commit()
    assert store.load().fingerprint == "f"
    store.forget()
    assert store.load() is None


def test_digests_see_content_and_settings_changes(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t/a.html").write_text("a")
    first = tree_digest([tmp_path / "t"])
    (tmp_path / "t/a.html").write_text("b")
    assert tree_digest([tmp_path / "t"]) != first
    assert settings_digest({"A": 1, "b": object()}) == settings_digest({"A": 1})
    assert settings_digest({"A": 1}) != settings_digest({"A": 2})
    assert settings_digest({"A": 1, "X": object()}) == settings_digest({"A": 1})   # addresses are left out
