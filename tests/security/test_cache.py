"""The cache folder is data: whatever is placed there (it is restored from a CI
cache before publishing) cannot run code, cannot break a build and cannot
change what is published; and an edit that keeps a file's size and
modification time is never mistaken for no edit."""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from multisite import incremental
from multisite.incremental import FORMAT, digest
from multisite.staging import record_target
from tests.conftest import build, copy_site, write_content
from tests.sites.fixtures import basic_site
from tests.sites.test_determinism import tree

pytestmark = pytest.mark.site

LEAN = "articles/2018/lean.lv.md"
LEAN_PAGE = "2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html"
PLAIN = "articles/2026/biblioteka.md"
OLD, NEW = "Otrā rindkopa", "OTRĀ RINDKOPA"  # the same number of bytes
POISON = "SAINDĒTS TEKSTS NO KEŠATMIŅAS"


class Payload:
    """Unpickling this creates ``path``: proof that a pickle was loaded."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


@dataclass
class Site:
    content: Path
    out: Path
    cache: Path

    def build(self, **kw):
        built = build(self.content, self.out, **kw)
        assert built.code == 0, built.log
        return built

    @property
    def documents(self) -> Path:
        return self.cache / f"documents-{digest(str(self.content.resolve()).encode())}.json"

    @property
    def record(self) -> Path:
        return incremental.RecordStore(self.cache, record_target(self.out)).file

    def every_cache_name(self) -> list[Path]:
        """Every file name the cache folder ever held for this site, in this format and in the pickle ones."""
        documents, record = self.documents, self.record
        names = [
            documents,
            documents.with_name(documents.name + ".delta"),
            documents.with_suffix(".pickle"),
            record,
            record.with_suffix(".pickle"),
            self.cache / "build-record.pickle",
        ]
        return names + [p.with_name(p.name + ".pending") for p in (record, record.with_suffix(".pickle"))]


def warm_up_counts(log: str):
    import re

    m = re.search(r"\((\d+) pages and files computed, (\d+) unchanged kept\)", log)
    return (int(m.group(1)), int(m.group(2))) if m else None


def age(content: Path, seconds: int = 3600) -> None:
    """Make every file look long unchanged (so that no recent-change safety net applies)."""
    when = time.time() - seconds
    for path in content.rglob("*"):
        if path.is_file():
            os.utime(path, (when, when))


def new_site(tmp_path: Path) -> Site:
    """The fixture site, its files aged, not built yet."""
    site = Site(tmp_path / "content", tmp_path / "out", tmp_path / "cache")
    write_content(site.content, basic_site())
    age(site.content)
    return site


class FirstBuilt:
    """The fixture site built once per test process, at one place, and a copy of it as it was then.

    The cache's files and the build's record name the folders they were made for, so a copy
    elsewhere would not be the same warm site: each test puts the copy back at that place and
    starts from the site as its first build left it, instead of building it again. That first
    build had no cache at all: its output is what a cold build of the fixture site writes."""

    def __init__(self, place: Path, kept: Path) -> None:
        self.place, self.kept = place, kept
        site = new_site(place)
        site.build()
        assert site.documents.is_file() and site.record.is_file()
        self.tree = tree(site.out)
        copy_site(place, kept)

    def restored(self) -> Site:
        copy_site(self.kept, self.place)
        return Site(self.place / "content", self.place / "out", self.place / "cache")


@pytest.fixture(scope="module")
def first_built(tmp_path_factory) -> FirstBuilt:
    return FirstBuilt(
        tmp_path_factory.mktemp("cache-site") / "site", tmp_path_factory.mktemp("cache-site-as-built") / "site"
    )


@pytest.fixture(scope="module")
def cold(first_built) -> dict[str, str]:
    """The output of a cold build of the fixture site, with no cache at all."""
    return first_built.tree


def edited(text: str) -> str:
    assert OLD in text
    return text.replace(OLD, NEW)


# ---------------------------------------------------------------- nothing in the cache runs


def test_the_payload_runs_code_when_unpickled(tmp_path):
    """The control: the file the tests plant would run code if anything unpickled it."""
    sentinel = tmp_path / "ran"
    pickle.loads(pickle.dumps(Payload(sentinel)))
    assert sentinel.exists()


@pytest.mark.parametrize("when", ["before the first build", "over a warm cache"])
def test_a_pickle_at_any_cache_name_is_never_loaded(tmp_path, first_built, cold, when):
    site = first_built.restored() if when == "over a warm cache" else new_site(tmp_path)
    sentinel = tmp_path / "code-ran"
    blob = pickle.dumps(Payload(sentinel))
    site.cache.mkdir(exist_ok=True)
    for name in site.every_cache_name():
        name.write_bytes(blob)
    site.build()
    site.build()  # and a warm build on top of what the first one wrote
    assert not sentinel.exists()
    assert tree(site.out) == cold
    for path in (site.documents, site.record):  # replaced by this format's files
        assert json.loads(path.read_text("utf-8"))["format"] == FORMAT


# ---------------------------------------------------------------- broken or foreign caches are rebuilt


def _truncate(site: Site) -> None:
    for path in (site.documents, site.record):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])


def _garbage(site: Site) -> None:
    for path in (site.documents, site.record):
        path.write_bytes(os.urandom(4096))


def _not_an_object(site: Site) -> None:
    for path in (site.documents, site.record):
        path.write_text('[3, "documents"]', "utf-8")


def _deeply_nested(site: Site) -> None:
    site.documents.write_text("[" * 200_000 + "]" * 200_000, "utf-8")
    data = json.loads(site.record.read_text("utf-8"))
    data["record"]["f"]["checks"] = "NESTED"
    nested = '{"$": "dict", "v": {"a": ' * 5000 + "1" + "}}" * 5000
    site.record.write_text(json.dumps(data).replace('"NESTED"', nested), "utf-8")


def _wrong_types(site: Site) -> None:
    """The right format and salt, but a field of every entry holds the wrong type."""
    data = json.loads(site.documents.read_text("utf-8"))
    assert data["format"] == FORMAT
    for entry in data["entries"].values():
        stored = json.loads(entry[1])
        if stored["v"][0] is not None:
            stored["v"][0]["f"]["body_html"] = {"$": "tuple", "v": [POISON]}
        else:
            stored["v"][1] = [{"$": "Problem", "f": {"path": 1}}]
        entry[1] = json.dumps(stored)
    site.documents.write_text(json.dumps(data), "utf-8")
    record = json.loads(site.record.read_text("utf-8"))
    record["record"]["f"]["checks"]["v"] = {key: 1 for key in record["record"]["f"]["checks"]["v"]}
    site.record.write_text(json.dumps(record), "utf-8")


def _unknown_tags(site: Site) -> None:
    data = json.loads(site.documents.read_text("utf-8"))
    for entry in data["entries"].values():
        entry[1] = json.dumps({"$": "tuple", "v": [{"$": "posix.system", "f": {"command": "touch x"}}, []]})
    site.documents.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize(
    "damage",
    [_truncate, _garbage, _not_an_object, _deeply_nested, _wrong_types, _unknown_tags],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_damaged_cache_is_ignored_and_rebuilt(first_built, cold, damage):
    site = first_built.restored()
    damage(site)
    site.build()
    assert tree(site.out) == cold
    assert json.loads(site.documents.read_text("utf-8"))["format"] == FORMAT  # written afresh
    site.build()
    assert tree(site.out) == cold


def _poison(site: Site, key: str = "", salt: str = "") -> None:
    """Put POISON into the cached lean article, and change its content hash and the cache's salt if given."""
    data = json.loads(site.documents.read_text("utf-8"))
    assert OLD in data["entries"][LEAN][1]
    data["entries"][LEAN][1] = data["entries"][LEAN][1].replace(OLD, POISON)
    if key:
        data["entries"][LEAN][0] = key
    if salt:
        data["salt"] = salt
    site.documents.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_a_cache_made_by_other_code_is_ignored(first_built, cold):
    site = first_built.restored()
    _poison(site, salt=digest(b"other code or other languages"))
    site.build()
    assert POISON not in (site.out / LEAN_PAGE).read_text("utf-8")
    assert tree(site.out) == cold


def test_an_entry_made_for_other_bytes_is_ignored(first_built, cold):
    site = first_built.restored()
    _poison(site, key=digest(b"an older version of the file"))
    site.build()
    assert POISON not in (site.out / LEAN_PAGE).read_text("utf-8")
    assert tree(site.out) == cold


def test_an_entry_of_another_file_is_not_taken_for_this_one(first_built, cold):
    site = first_built.restored()
    data = json.loads(site.documents.read_text("utf-8"))
    entries = data["entries"]
    entries[LEAN][1], entries[PLAIN][1] = entries[PLAIN][1], entries[LEAN][1]  # each keeps its own hash
    site.documents.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    site.build()
    assert tree(site.out) == cold


def test_a_cache_file_too_large_to_be_a_cache_is_not_read(first_built, cold, monkeypatch, caplog):
    site = first_built.restored()
    monkeypatch.setattr(incremental, "MAX_FILE_BYTES", 4096)
    _poison(site)
    with site.documents.open("a", encoding="utf-8") as fh:
        fh.write(" " * 8192)
    with caplog.at_level(logging.DEBUG, logger="multisite.incremental"):
        site.build()
    assert "not a regular file of a sane size" in caplog.text
    assert tree(site.out) == cold


def test_a_folder_or_a_pipe_at_a_cache_name_does_not_stop_the_build(tmp_path, cold):
    site = new_site(tmp_path)
    site.cache.mkdir()
    os.mkfifo(site.documents)  # reading it would wait for ever
    site.record.mkdir()
    site.record.with_name(site.record.name + ".pending").mkdir()
    site.build()
    site.build()
    assert tree(site.out) == cold


# ---------------------------------------------------------------- an edit is always seen


def _touch_r(path: Path, text: str) -> None:
    """Edit, then put the old times back (``touch -r`` from a copy, ``os.utime``)."""
    before = path.stat()
    path.write_text(text, "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _cp_p(path: Path, text: str) -> None:
    """Copy an edited file over the original, keeping the copy's times (``cp -p``): they are the original's."""
    before = path.stat()
    other = path.parent.parent / "edited.tmp"
    other.write_text(text, "utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    shutil.copy2(other, path)
    other.unlink()


def _rsync_t(path: Path, text: str) -> None:
    """Write a temporary file beside it, give it the old times, rename it over (``rsync -t``)."""
    before = path.stat()
    tmp = path.with_name(f".{path.name}.XyZ123")
    tmp.write_text(text, "utf-8")
    os.utime(tmp, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(tmp, path)


@pytest.mark.parametrize("how", [_touch_r, _cp_p, _rsync_t], ids=["touch -r", "cp -p", "rsync -t"])
def test_an_edit_keeping_size_and_time_is_picked_up(first_built, how):
    site = first_built.restored()
    source = site.content / LEAN
    before = source.stat()
    how(source, edited(source.read_text("utf-8")))
    after = source.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    site.build()
    page = (site.out / LEAN_PAGE).read_text("utf-8")
    assert NEW in page and OLD not in page
    shutil.rmtree(site.cache)  # the same content built cold
    cold_out = tree(site.out)
    site.build()
    assert tree(site.out) == cold_out


def test_a_static_file_edited_keeping_size_and_time_is_picked_up(first_built):
    site = first_built.restored()
    image = site.content / "images/cover.png"
    data = _another_png_of_the_same_size(image.read_bytes())  # still a valid picture: the build checks them
    _touch_r_bytes(image, data)
    built = site.build()
    assert warm_up_counts(built.log) is None  # everything that might show the file was computed again
    assert (site.out / "images/cover.png").read_bytes() == bytes(data)


def test_a_static_file_edited_keeping_size_and_time_is_picked_up_by_a_process_that_built_it_before(first_built):
    """The live preview builds again and again in one process: what an earlier build found when it
    compared the picture with its published copy (the same bytes then) is not taken for this build's
    answer, though the edit kept the file's size and time."""
    site = first_built.restored()
    site.build()
    site.build()  # each staging folder's copy of the picture compared with the picture: the same
    image = site.content / "images/cover.png"
    data = _another_png_of_the_same_size(image.read_bytes())
    _touch_r_bytes(image, data)
    site.build()
    assert (site.out / "images/cover.png").read_bytes() == bytes(data)


def test_a_data_file_edited_keeping_size_and_time_is_picked_up(first_built):
    site = first_built.restored()
    data = site.content / "data/programmes.yaml"
    text = data.read_text("utf-8")
    old = "Interreg V-A Latvijas–Lietuvas pārrobežu"
    assert old in text
    _touch_r_bytes(data, text.replace(old, old.upper(), 1).encode("utf-8"))
    built = site.build()
    assert warm_up_counts(built.log) is None
    assert any(old.upper() in p.read_text("utf-8") for p in site.out.rglob("*.html"))


def _another_png_of_the_same_size(old: bytes) -> bytes:
    from io import BytesIO

    from PIL import Image

    size = Image.open(BytesIO(old)).size
    for shade in range(256):
        buf = BytesIO()
        Image.new("RGB", size, (shade, 200, 90)).save(buf, "PNG")
        if len(buf.getvalue()) == len(old) and buf.getvalue() != old:
            return buf.getvalue()
    raise AssertionError("no other PNG of the same size")


def _touch_r_bytes(path: Path, data: bytes) -> None:
    before = path.stat()
    assert len(data) == before.st_size
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
