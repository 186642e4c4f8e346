"""The pieces of warm builds: the staging mirror, the document cache and the build record."""

import dataclasses
import datetime as dt
import json
import os
import shutil
import threading
import time
from zoneinfo import ZoneInfo

import pytest

from contentmodel.validate import Published
from multisite.incremental import (
    FORMAT,
    BuildRecord,
    DocumentCache,
    RecordCheck,
    RecordStore,
    RecordWriter,
    settings_digest,
    tree_digest,
)
from multisite.pages import PageSummary
from multisite.staging import builds_dir, mirror, prepare, settle, swap, trash_name


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


def test_mirror_moves_what_it_drops_into_the_trash(tmp_path):
    src, dst, trash = tmp_path / "out", tmp_path / "stage", tmp_path / "trash"
    (src / "index").mkdir(parents=True)
    for n in range(3):
        (src / f"index/{n}").write_text(f"old {n}")
    (src / "kept.html").write_text("kept")
    mirror(src, dst)
    mirror(src, dst, trash)
    assert not trash.exists()  # nothing to drop: no trash folder
    shutil.rmtree(src / "index")  # a new search index, a file turned into a folder, a folder into a file
    (src / "index").mkdir()
    (src / "index/0").write_text("new 0")
    (src / "kept.html").unlink()
    (src / "kept.html").mkdir()
    (src / "kept.html/x").write_text("x")
    mirror(src, dst, trash)
    assert files(dst) == files(src)
    assert sorted(p.read_text() for p in trash.rglob("*") if p.is_file()) == ["kept", "old 0", "old 1", "old 2"]


def test_prepare_deletes_the_dropped_files_in_a_thread_and_leaves_nothing_beside_the_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("first")
    swap(prepare(out), out)
    settle(out)
    staging = prepare(out)
    (staging / "index.html").unlink()
    (staging / "index.html").write_text("second")
    swap(staging, out)
    prepare(out)  # the mirror drops the first build's page
    for thread in threading.enumerate():
        if thread.name.startswith("delete .out.trash-"):
            thread.join()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.builds", "out"]
    assert trash_name(out).name.startswith(f".out.trash-{os.getpid()}-")


def test_prepare_detaches_copied_folders_and_swap_keeps_the_old_output_as_staging(tmp_path):
    out = tmp_path / "out"  # a real folder, as older versions left it
    (out / "theme").mkdir(parents=True)
    (out / "theme/site.css").write_text("old css")
    (out / "index.html").write_text("old")
    staging = prepare(out, ["theme", "images"])
    assert not (staging / "theme/site.css").exists()  # Pelican copies these afresh
    assert (staging / "index.html").stat().st_ino == (out / "index.html").stat().st_ino
    (staging / "theme/site.css").write_text("new css")
    assert (out / "theme/site.css").read_text() == "old css"  # never written through a link
    swap(staging, out)
    assert out.is_symlink() and out.resolve() == staging.resolve()
    assert (out / "theme/site.css").read_text() == "new css"
    old = builds_dir(out) / "b"
    assert old.is_dir() and (old / "theme/site.css").read_text() == "old css"
    assert prepare(out, ["theme"]) == old  # the old output is the next staging folder
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


def test_document_cache_is_keyed_on_the_bytes_not_on_size_and_time(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("hello")
    old = time.time() - 60
    os.utime(source, (old, old))
    cache = DocumentCache(tmp_path / "docs.json", salt="s1")
    hit, content = cache.get("a.md", source)
    assert hit is None
    cache.put("a.md", content, ("doc", []))
    cache.save(keep=["a.md"])
    again = DocumentCache(tmp_path / "docs.json", salt="s1")
    assert again.get("a.md", source)[0] == ("doc", [])
    os.utime(source, (old + 5, old + 5))  # touched, same bytes: still a hit
    assert again.get("a.md", source)[0] == ("doc", [])
    source.write_text("hellO")  # same size, same time, new bytes: a miss
    os.utime(source, (old + 5, old + 5))
    assert again.get("a.md", source)[0] is None
    assert DocumentCache(tmp_path / "docs.json", salt="other code").get("a.md", source)[0] is None


def test_document_cache_is_kept_in_memory_until_its_file_changes(tmp_path, monkeypatch):
    """A long-lived process (the live preview) reads and decodes the cache once, and again only when another
    process has written it."""
    import multisite.incremental as incremental

    source, file = tmp_path / "a.md", tmp_path / "docs.json"
    source.write_text("hello")
    first = DocumentCache(file, salt="s1")
    first.put("a.md", first.get("a.md", source)[1], ("doc", ["x"]))
    first.save(keep=["a.md"])
    reads = []
    real_read = incremental._read
    monkeypatch.setattr(incremental, "_read", lambda *args: reads.append(args) or real_read(*args))
    hit = DocumentCache(file, salt="s1").get("a.md", source)[0]
    assert hit == ("doc", ["x"]) and reads == []  # from memory: the file is the one this process wrote
    assert DocumentCache(file, salt="s1").get("a.md", source)[0] is hit  # decoded once
    assert DocumentCache(file, salt="s2").get("a.md", source)[0] is None  # other code: not from memory
    other = json.loads(file.read_text("utf-8"))  # another process writes the cache
    other["entries"]["a.md"][1] = other["entries"]["a.md"][1].replace('"x"', '"y"')
    file.write_text(json.dumps(other), "utf-8")
    assert DocumentCache(file, salt="s1").get("a.md", source)[0] == ("doc", ["y"])
    assert len(reads) == 2


def test_a_process_that_builds_once_does_not_keep_the_document_cache_in_memory(tmp_path, monkeypatch):
    """Without ``remember`` (a command-line build), the stored texts are let go once the cache is written."""
    import multisite.incremental as incremental

    source, file = tmp_path / "a.md", tmp_path / "docs.json"
    source.write_text("hello")
    first = DocumentCache(file, salt="s1", remember=False)
    first.put("a.md", first.get("a.md", source)[1], ("doc", ["x"]))
    first.save(keep=["a.md"])
    assert not any(key[0] == str(file) for key in incremental._kept)
    reads = []
    real_read = incremental._read
    monkeypatch.setattr(incremental, "_read", lambda *args: reads.append(args) or real_read(*args))
    assert DocumentCache(file, salt="s1", remember=False).get("a.md", source)[0] == ("doc", ["x"])
    assert len(reads) == 1  # read from the file


def test_document_cache_is_a_json_file_with_its_format_and_salt(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("hello")
    cache = DocumentCache(tmp_path / "docs.json", salt="s1")
    cache.put("a.md", cache.get("a.md", source)[1], (dt.date(2020, 1, 2), ("x",)))
    cache.save(keep=["a.md"])
    data = json.loads((tmp_path / "docs.json").read_text("utf-8"))
    assert data["format"] == FORMAT and data["salt"] == "s1" and data["kind"] == "documents"
    assert DocumentCache(tmp_path / "docs.json", salt="s1").get("a.md", source)[0] == (dt.date(2020, 1, 2), ("x",))


def test_document_cache_drops_an_entry_it_cannot_read_and_keeps_the_others(tmp_path):
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "b.md").write_text("b")
    cache = DocumentCache(tmp_path / "docs.json", salt="s")
    for name in ("a.md", "b.md"):
        cache.put(name, cache.get(name, tmp_path / name)[1], name.upper())
    cache.save(keep=["a.md", "b.md"])
    data = json.loads((tmp_path / "docs.json").read_text("utf-8"))
    data["entries"]["a.md"][1] = '{"$": "os.system", "f": {}}'
    (tmp_path / "docs.json").write_text(json.dumps(data), "utf-8")
    again = DocumentCache(tmp_path / "docs.json", salt="s")
    assert again.get("a.md", tmp_path / "a.md")[0] is None
    assert again.get("b.md", tmp_path / "b.md")[0] == "B.MD"


def test_document_cache_keeps_a_value_it_cannot_store_out_of_the_file(tmp_path):
    (tmp_path / "a.md").write_text("a")
    cache = DocumentCache(tmp_path / "docs.json", salt="s")
    cache.put("a.md", cache.get("a.md", tmp_path / "a.md")[1], object())
    cache.save(keep=["a.md"])
    assert DocumentCache(tmp_path / "docs.json", salt="s").get("a.md", tmp_path / "a.md")[0] is None


def _cache_of(tmp_path, names, remember=False):
    cache = DocumentCache(tmp_path / "docs.json", salt="s", remember=remember)
    for name in names:
        cache.put(name, cache.get(name, tmp_path / name)[1], name.upper())
    cache.save(keep=names)
    return cache


def test_a_few_changed_documents_are_written_as_a_delta_beside_the_untouched_file(tmp_path):
    names = [f"{n}.md" for n in range(10)]
    for name in names:
        (tmp_path / name).write_text(name)
    _cache_of(tmp_path, names)
    file, delta = tmp_path / "docs.json", tmp_path / "docs.json.delta"
    before = file.read_bytes()
    (tmp_path / "3.md").write_text("edited")
    cache = DocumentCache(file, salt="s", remember=False)
    assert cache.get("3.md", tmp_path / "3.md")[0] is None
    cache.put("3.md", cache.get("3.md", tmp_path / "3.md")[1], "EDITED")
    cache.save(keep=[name for name in names if name != "9.md"])
    assert file.read_bytes() == before and delta.is_file()  # only the delta was written
    data = json.loads(delta.read_text("utf-8"))
    assert data["kind"] == "documents-delta" and list(data["entries"]) == ["3.md"] and data["gone"] == ["9.md"]
    again = DocumentCache(file, salt="s", remember=False)
    assert again.get("3.md", tmp_path / "3.md")[0] == "EDITED"
    assert again.get("4.md", tmp_path / "4.md")[0] == "4.MD"
    assert "9.md" not in again.entries


def test_a_delta_grown_past_its_share_means_the_file_is_written_whole(tmp_path, monkeypatch):
    import multisite.incremental as incremental

    monkeypatch.setattr(incremental, "DELTA_SHARE", 1000)  # at most 64 entries
    names = [f"{n}.md" for n in range(70)]
    for name in names:
        (tmp_path / name).write_text(name)
    _cache_of(tmp_path, names)
    for name in names:
        (tmp_path / name).write_text(name + " edited")
    cache = _cache_of(tmp_path, names)
    assert not (tmp_path / "docs.json.delta").exists() and len(cache.delta) == 0
    assert DocumentCache(tmp_path / "docs.json", salt="s").get("5.md", tmp_path / "5.md")[0] == "5.MD"


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: "not json {",
        lambda d: json.dumps({**d, "base": "another generation"}),
        lambda d: json.dumps({**d, "salt": "other code"}),
        lambda d: json.dumps({**d, "gone": "3.md"}),
        lambda d: json.dumps({**d, "entries": {"3.md": [d["entries"]["3.md"][0], '{"$": "os.system", "f": {}}']}}),
        lambda d: json.dumps({**d, "entries": {"3.md": "EDITED"}}),
    ],
)
def test_a_damaged_or_foreign_delta_is_never_taken_for_the_documents(tmp_path, damage):
    names = ["1.md", "3.md"]
    for name in names:
        (tmp_path / name).write_text(name)
    _cache_of(tmp_path, names)
    (tmp_path / "3.md").write_text("edited")
    cache = DocumentCache(tmp_path / "docs.json", salt="s", remember=False)
    cache.put("3.md", cache.get("3.md", tmp_path / "3.md")[1], "EDITED")
    cache.save(keep=names)
    delta = tmp_path / "docs.json.delta"
    delta.write_text(damage(json.loads(delta.read_text("utf-8"))), "utf-8")
    again = DocumentCache(tmp_path / "docs.json", salt="s", remember=False)
    assert again.get("3.md", tmp_path / "3.md")[0] is None  # read again from the Markdown file
    assert again.get("1.md", tmp_path / "1.md")[0] == "1.MD"


def test_record_keeps_an_output_while_its_plan_and_its_reads_give_the_same():
    now = {("a.md", "title"): "1", ("a.md", "#body"): "2", ("@articles", "lv"): "3"}
    recorder = RecordWriter(BuildRecord("f", outputs={"a/index.html": "a", "list/index.html": "l"}), None, now.get)
    recorder.add("a/index.html", [("a.md", "#body"), ("a.md", "title")], "plan a")
    recorder.add("list/index.html", [("@articles", "lv"), ("a.md", "title")], "plan l")
    written = recorder.finish()

    def keeps(path, producer, plan, answer):  # as the next build asks (what it learns is kept per build)
        return RecordCheck(written, answer).can_keep(path, producer, plan)

    assert sorted(written.deps_of("a/index.html")) == [("a.md", "#body"), ("a.md", "title")]
    assert keeps("a/index.html", "a", "plan a", now.get)
    assert keeps("list/index.html", "l", "plan l", now.get)
    body = {**now, ("a.md", "#body"): "9"}.get
    assert not keeps("a/index.html", "a", "plan a", body)
    assert keeps("list/index.html", "l", "plan l", body)  # shows no body
    assert not keeps("list/index.html", "l", "another plan", now.get)
    assert not keeps("list/index.html", "l", None, now.get)  # a plan not told apart
    assert not keeps("list/index.html", "another producer", "plan l", now.get)
    assert not keeps("new/index.html", "l", "plan l", now.get)  # not in the last build
    unchecked = dataclasses.replace(written)
    unchecked.uses["b/index.html"], unchecked.outputs["b/index.html"] = 0, "b"  # reads, but no check
    assert not RecordCheck(unchecked, now.get).can_keep("b/index.html", "b", "plan a")


def test_a_set_whose_reads_all_give_what_they_gave_is_taken_from_the_record_and_others_hashed_again():
    first = {("a.md", "title"): "1", ("a.md", "#body"): "2", ("@articles", "lv"): "3"}
    writer = RecordWriter(BuildRecord("f", outputs={"a.html": "a", "l.html": "l"}), None, first.get)
    writer.add("a.html", [("a.md", "#body"), ("a.md", "title")], "plan a")
    writer.add("l.html", [("@articles", "lv"), ("a.md", "title")], "plan l")
    last = writer.finish()
    assert len(last.given) == len(last.reads) and len(last.set_digests) == len(last.read_sets)
    edited = {**first, ("a.md", "#body"): "9"}
    check = RecordCheck(last, edited.get)
    assert not check.can_keep("a.html", "a", "plan a") and check.can_keep("l.html", "l", "plan l")
    # the next record: l.html kept, a.html made again with what the reads give now
    writer = RecordWriter(BuildRecord("f", outputs={"a.html": "a", "l.html": "l"}), last, edited.get)
    assert writer.keep("l.html")
    writer.add("a.html", [("a.md", "#body"), ("a.md", "title")], "plan a")
    record = writer.finish()
    for answer, kept in (
        (edited, {"a.html", "l.html"}),
        (first, {"l.html"}),
        ({**edited, ("a.md", "title"): "0"}, set()),
    ):
        check = RecordCheck(record, answer.get)
        assert {
            path for path, plan in (("a.html", "plan a"), ("l.html", "plan l")) if check.can_keep(path, path[0], plan)
        } == kept
    # a record that does not say what its reads gave: every set is hashed, with the same outcome
    for unknown in (dict(given=()), dict(set_digests=()), dict(set_digests=("",) * len(record.set_digests))):
        check = RecordCheck(dataclasses.replace(record, **unknown), first.get)
        assert not check.can_keep("a.html", "a", "plan a") and check.can_keep("l.html", "l", "plan l")


def test_the_next_record_takes_kept_entries_and_drops_tables_nobody_uses():
    def now(read):
        return read[0]

    first = RecordWriter(BuildRecord("f"), None, now)
    for number in range(100):
        first.add(f"{number}.html", [("a.md", "title"), (f"{number}.md", "title")], f"plan {number}")
    first.add("0.html", [("b.md", "title")], "plan 0")
    last = first.finish()
    assert len(last.read_sets) == 101
    second = RecordWriter(BuildRecord("f"), dataclasses.replace(last), now)
    assert second.keep("0.html") and not second.keep("new.html")
    second.add("1.html", [("a.md", "title")], "plan 1")
    record = second.finish()
    assert record.uses.keys() == {"0.html", "1.html"} and len(record.read_sets) == 2 and len(record.reads) == 2
    assert record.deps_of("0.html") == [("b.md", "title")] and record.deps_of("1.html") == [("a.md", "title")]
    assert record.checks["0.html"] == last.checks["0.html"]
    assert RecordCheck(record, now).can_keep("1.html", "", "plan 1") is False  # no producer recorded


def test_a_record_whose_tables_do_not_fit_keeps_nothing():
    record = BuildRecord("f", outputs={"a": "p"}, reads=["a.md"], read_sets=["0", "7", "x"], uses={"a": 0})
    record.checks["a"] = "c"
    assert record.deps_of("a") is None  # a read without its aspect
    for broken in (1, 2, 5):
        record.uses["a"] = broken
        assert record.deps_of("a") is None


def test_record_store_commits_only_after_the_swap(tmp_path):
    store = RecordStore(tmp_path / "cache", tmp_path / "out")
    store.stage(BuildRecord("f"))
    assert store.load() is None
    store.commit()
    assert store.load().fingerprint == "f"
    store.forget()
    assert store.load() is None


def test_record_store_keeps_the_committed_record_in_memory_until_its_file_changes(tmp_path, monkeypatch):
    import multisite.incremental as incremental

    store = RecordStore(tmp_path / "cache", tmp_path / "out")
    record = BuildRecord("f", {"a.html": "m"})
    store.stage(record)
    RecordStore(tmp_path / "cache", tmp_path / "out").commit()  # as a build does: another instance commits
    reads = []
    real_read = incremental._read
    monkeypatch.setattr(incremental, "_read", lambda *args: reads.append(args) or real_read(*args))
    assert RecordStore(tmp_path / "cache", tmp_path / "out").load() is record
    assert reads == []
    data = json.loads(store.file.read_text("utf-8"))  # another process's build commits its own record
    data["record"]["f"]["fingerprint"] = "g"
    store.file.write_text(json.dumps(data), "utf-8")
    assert store.load().fingerprint == "g" and len(reads) == 1
    store.forget()
    assert store.load() is None


def test_the_pages_of_the_last_record_are_written_as_it_stored_them_and_others_encoded(tmp_path, monkeypatch):
    import multisite.incremental as incremental

    def summary(path, when):
        riga = ZoneInfo("Europe/Riga")
        return PageSummary(
            "lv", path, "article", (("lv", path),), Published(dt.datetime(*when, tzinfo=riga), True), None, False
        )

    store = RecordStore(tmp_path / "cache", tmp_path / "out")
    first = BuildRecord(
        "f",
        {"a.html": "m", "b.html": "m"},
        {"a.html": summary("a/", (2018, 5, 3)), "b.html": summary("b/", (2019, 1, 2))},
    )
    store.stage(first)
    store.commit()
    monkeypatch.setattr(incremental, "_committed", {})  # another process: the record is read from its file
    store = RecordStore(tmp_path / "cache", tmp_path / "out")
    last = store.load()
    assert last == first
    encoded = []
    real = incremental.RECORD.encode
    monkeypatch.setattr(incremental.RECORD, "encode", lambda value: encoded.append(value) or real(value))
    changed = summary("b/", (2019, 1, 3))  # an equal path, another page: encoded anew
    second = dataclasses.replace(
        last, pages={"a.html": last.pages["a.html"], "b.html": changed, "c.html": summary("c/", (2020, 1, 1))}
    )
    store.stage(second)
    assert [value for value in encoded if isinstance(value, PageSummary)] == [changed, second.pages["c.html"]]
    store.commit()
    monkeypatch.setattr(incremental, "_committed", {})
    assert RecordStore(tmp_path / "cache", tmp_path / "out").load() == second
    try:
        store.stage(dataclasses.replace(second, pages={"a.html": object()}))  # not a page summary: not kept
    finally:
        assert not store.pending.exists()


def test_record_round_trips_through_json(tmp_path):
    riga = ZoneInfo("Europe/Riga")
    summary = PageSummary(
        "lv",
        "2018/x/",
        "article",
        (("lv", "2018/x/"), ("x-default", "2018/x/")),
        Published(dt.datetime(2018, 5, 3, 10, 0, tzinfo=riga), True),
        None,
        False,
    )
    record = BuildRecord(
        "f",
        {"2018/x/index.html": "article a"},
        {"2018/x/index.html": summary},
        {"en": {"Search", "Next"}},
        ("a.md\x1ftitle",),
        ("0",),
        {"2018/x/index.html": 0},
        {"2018/x/index.html": "c"},
    )
    store = RecordStore(tmp_path / "cache", tmp_path / "out")
    store.stage(record)
    store.commit()
    assert store.file.name.endswith(".json")
    assert json.loads(store.file.read_text("utf-8"))["format"] == FORMAT
    loaded = store.load()
    assert loaded == record and repr(loaded.pages) == repr(record.pages)
    other = RecordStore(tmp_path / "cache", tmp_path / "elsewhere")  # a record copied for another output
    shutil.copy(store.file, other.file)
    assert other.load() is None


def test_record_store_ignores_a_record_with_wrong_types(tmp_path):
    store = RecordStore(tmp_path / "cache", tmp_path / "out")
    store.stage(BuildRecord("f", uses={"a": 0}))
    store.commit()
    data = json.loads(store.file.read_text("utf-8"))
    data["record"]["f"]["uses"] = {"$": "dict", "v": {"a": "0"}}
    store.file.write_text(json.dumps(data), "utf-8")
    assert store.load() is None


def test_digests_see_content_and_settings_changes(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t/a.html").write_text("a")
    first = tree_digest([tmp_path / "t"])
    (tmp_path / "t/a.html").write_text("b")
    assert tree_digest([tmp_path / "t"]) != first
    second = tree_digest([tmp_path / "t"])
    stamp = (tmp_path / "t/a.html").stat()
    (tmp_path / "t/a.html").write_text("c")  # same size, the old time put back
    os.utime(tmp_path / "t/a.html", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert tree_digest([tmp_path / "t"]) != second
    assert settings_digest({"A": 1, "b": object()}) == settings_digest({"A": 1})
    assert settings_digest({"A": 1}) != settings_digest({"A": 2})
    assert settings_digest({"A": 1, "X": object()}) == settings_digest({"A": 1})  # addresses are left out


def test_render_workers_send_their_reads_as_one_table_and_the_numbers_of_each_output():
    import pickle

    from contentmodel import deps
    from multisite.build import Noted

    memo = deps.Memo({})
    noted = Noted(memo.table)
    with memo.recording() as read:
        deps.note("a.md", "title")
        deps.note("@articles", "lv")
    noted.add(7, read)
    received = pickle.loads(pickle.dumps(noted))
    assert [(index, sorted(reads)) for index, reads in received.each()] == [
        (7, [("@articles", "lv"), ("a.md", "title")])
    ]
    with deps.recording() as elsewhere:  # numbered in a table of its own
        deps.note("a.md", "title")
    with pytest.raises(ValueError):
        noted.add(8, elsewhere)


def test_render_workers_take_runs_of_outputs_and_together_all_of_them(monkeypatch):
    from multisite import build

    monkeypatch.setattr(build, "RENDER_RUN", 3)
    jobs = [(n, None) for n in range(20)]
    shares = [build._share(jobs, start, 3) for start in range(3)]
    assert [n for n, _ in shares[0]] == [0, 1, 2, 9, 10, 11, 18, 19]
    assert sorted(job for share in shares for job in share) == jobs
    assert build._share(jobs, 0, 1) == jobs


def test_a_render_worker_lets_go_of_cached_values_once_no_output_left_uses_their_kind():
    from functools import partial

    from contentmodel import deps
    from multisite import build
    from multisite.pages import Output

    class Renderer:  # the renderer's fragments: forgotten like the memoised values
        def __init__(self):
            self.fragments = deps.Memo({})

        def watch(self):
            return self.fragments.watch()

        def forget(self, kinds):
            self.fragments.forget(kinds)

    class Prepared:
        renderer = Renderer()

    memo = deps.Memo({})

    def page(uses):
        for kind in uses:
            (memo if kind != "card" else Prepared.renderer.fragments).get((kind, 1), partial(str, kind))

    def later(uses):
        page(uses)
        return "x"

    def listing(uses):
        page(uses)
        return "x"

    outputs = [
        Output("a1", template="article.html", later=partial(page, ["view"])),
        Output("a2", template="article.html", later=partial(page, ["view"])),
        Output("l1", template="listing.html", later=partial(listing, ["view", "card"])),
        Output("l2", template="listing.html", later=partial(listing, ["view", "card"])),
        Output("f1", later=partial(later, ["view", "entry"])),
        Output("f2", later=partial(later, ["view", "entry"])),
        Output("o1", later=partial(listing, ["view", "records"])),
    ]
    jobs = build._kinds_first(list(enumerate(outputs)))
    assert [out.path for _, out in jobs] == ["a1", "l1", "f1", "o1", "a2", "l2", "f2"]
    caches = build._Caches(Prepared, memo, jobs)
    kept = []
    for _index, out in jobs:
        out.resolved()
        caches.made(out)
        kept.append(
            (
                out.path,
                sorted(deps.kind_of(key) for key in memo.cache if key[0] != "contentmodel.deps"),
                sorted(deps.kind_of(key) for key in Prepared.renderer.fragments.cache if key[0] != "contentmodel.deps"),
            )
        )
    assert kept == [
        ("a1", ["view"], []),
        ("l1", ["view"], ["card"]),
        ("f1", ["entry", "view"], ["card"]),
        ("o1", ["entry", "view"], ["card"]),  # every kind made once; the records: no output of theirs left
        ("a2", ["entry", "view"], ["card"]),
        ("l2", ["entry", "view"], []),  # the cards: no listing left
        ("f2", [], []),  # the entries and the views: no output left
    ]
