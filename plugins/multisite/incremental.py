"""Warm builds: a cache of read documents, and a record of the last build.

Both live in the cache folder (``CACHE_PATH``), never under ``content/``.

* ``DocumentCache`` keeps each Markdown file's parsed document, keyed by the
  file's bytes and by the code that reads it, so an unchanged file is not
  converted again.
* ``BuildRecord`` describes the last build that reached the output folder:
  a fingerprint of everything that is not a document (code, theme,
  catalogs, settings, data files, static files, the build date), and every
  output with the page metadata it produced, the reads of the site it noted
  while it was computed and rendered (``contentmodel.deps``) and one digest
  of its plan and of what those reads gave. When the next build has the
  same fingerprint, an output whose plan is the same and whose reads all
  give what they gave is already right in the output folder: it is neither
  computed nor rendered. An output the record does not describe is made.

Both are JSON files written and read through ``contentmodel.serial``: the
cache folder may come from elsewhere (a CI cache), so what is in it is only
ever data, checked as it is read; a file that is not exactly what this
module writes is ignored and its contents rebuilt.

A record is written as *pending* by the build and only *committed* once the
new output folder has replaced the old one, so a failed build never leaves
a record that describes files which were not published.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import stat
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contentmodel.serial import ANY, CONTENT, Codec, DictOf, Fixed, SerialError, SetOf, TupleOf

from .pages import PageSummary

log = logging.getLogger(__name__)

FORMAT = 4  # 4: reads noted per output; 3: JSON, bodies declared (1 and 2 were pickles, never read)
MAX_FILE_BYTES = 256 * 1024 * 1024  # a larger cache file is not read
_CHUNK = 1 << 20


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Path) -> bytes:
    """The hash of a file's bytes (read in chunks: static files can be large)."""
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.digest()


def tree_digest(roots: Iterable[Path], suffixes: tuple[str, ...] | None = None) -> str:
    """One hash of the files under ``roots``: their paths and their bytes.

    Always the bytes: a size and a modification time can be kept across an
    edit (``cp -p``, ``touch -r``, ``rsync -t``), the bytes cannot."""
    h = hashlib.blake2b(digest_size=16)
    for root in roots:
        if not root.exists():
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or (suffixes and not path.name.endswith(suffixes)):
                continue
            h.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
            h.update(file_digest(path))
    return h.hexdigest()


def settings_digest(settings: Mapping[str, Any], ignore: Iterable[str] = ()) -> str:
    """A hash of the settings' values; values that print an object's address are left out."""
    skip = set(ignore)
    parts = []
    for key in sorted(k for k in settings if k.isupper() and k not in skip):
        text = repr(settings[key])
        if " at 0x" not in text:
            parts.append(f"{key}={text}")
    return digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def _write(path: Path, data: dict) -> None:
    """Write ``data`` as JSON (see ``keep_file``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # one pass of the C encoder
    keep_file(path, text.encode("utf-8", "surrogatepass"))


def keep_file(path: Path, data: bytes) -> bool:
    """Keep ``data`` in the cache at ``path``, through a fresh temporary file renamed into place; False
    when it cannot be written, which only makes the next build slower."""
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return True
    except OSError as exc:
        log.debug("could not write %s: %s", path, exc)
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


def _read(path: Path, kind: str) -> dict | None:
    """The JSON object of a cache file this module wrote, or None (and one debug line) for anything else.

    Only a regular file of a sane size is read, and only as JSON: nothing in
    it can run code, and whatever it holds is checked before it is used."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.debug("cache file %s ignored: %s", path, exc)
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
                log.debug("cache file %s ignored: not a regular file of a sane size", path)
                return None
            raw = fh.read(MAX_FILE_BYTES + 1)
        data = json.loads(raw.decode("utf-8", "surrogatepass")) if len(raw) <= MAX_FILE_BYTES else None
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        log.debug("cache file %s ignored: %s", path, type(exc).__name__)
        return None
    if type(data) is not dict or data.get("format") != FORMAT or data.get("kind") != kind:
        log.debug("cache file %s ignored: not a %s cache of format %s", path, kind, FORMAT)
        return None
    return data


def _unlink(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.debug("could not remove %s: %s", path, exc)


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What changes whenever a file is replaced or written (its inode, size and change times), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass(frozen=True)
class _Kept:
    """A document cache as this process last read or wrote it, with the results it decoded."""

    stamp: tuple[Any, ...]  # (the file's stamp, its delta's stamp or None)
    salt: str
    entries: dict[str, tuple[str, str]]
    decoded: dict[str, tuple[str, Any]]  # rel -> (JSON of the result, the result)
    generation: str | None  # the file's generation (its delta names it), or None
    delta: dict[str, tuple[str, str] | None]  # what the delta file holds: rel -> entry, or None (gone)


_kept: dict[tuple[str, int, int], _Kept] = {}  # (cache file, codec, shape) -> what this process holds of it

DELTA_SHARE = 20  # a delta file holds at most one entry in this many (and at least 64) before the file is rewritten


class DocumentCache:
    """Read results by content path, valid for one ``salt`` (the reading code and languages).

    An entry is used only when the file's bytes still hash to the digest it
    was stored with. The bytes are read every time (cheap next to a
    conversion): a size and a modification time can survive an edit. Results
    are stored as JSON text of ``codec`` and must come back with ``shape``;
    an entry that does not is dropped, and the file is read again.

    The cache is one JSON file (about 40 MB on 4,000 articles) and, beside
    it, a small *delta* file (``<file>.delta``) with the entries added,
    replaced or dropped since the file was written: a build that changed a
    few documents writes only the delta, while the file is the one it read
    (same stamp) and the delta holds at most one entry in ``DELTA_SHARE``;
    otherwise it writes the file whole, with a new *generation*, and removes
    the delta. A delta is applied only to the file of the generation it names
    and with the same salt; like the file, it is only data, checked entry by
    entry as it is used (and a stale entry is a miss: entries are keyed by
    the bytes they were read from).

    A long-lived process (the live preview) builds again and again: it keeps
    the entries and the results it decoded in memory, and reads the cache
    files again only when they are not the ones it last read or wrote (their
    inode, size or change times differ). A result is decoded once per stored
    text; results are never changed (documents are frozen and their values
    never written into), so builds can share them. A process that builds once
    passes ``remember=False``: the stored texts (about 70 MB on 4,000
    articles) are then let go once the cache is written."""

    def __init__(self, file: Path | None, salt: str, codec: Codec = CONTENT, shape: Any = ANY, remember: bool = True):
        self.file, self.salt, self.codec, self.shape = file, salt, codec, shape
        self.remember = remember  # keep what it holds in memory for the next build of this process
        self.entries: dict[str, tuple[str, str]] = {}  # rel -> (content hash, JSON of the result)
        self.dirty = False
        self._decoded: dict[str, tuple[str, Any]] = {}
        self._key = (str(file), id(codec), id(shape))
        self.delta_file = file.with_name(file.name + ".delta") if file is not None else None
        self.generation: str | None = None  # of the file as read; None: not read (a delta cannot follow it)
        self.delta: dict[str, tuple[str, str] | None] = {}  # entries changed since the file was written
        self._stamps = self._stamp_files()
        kept = _kept.pop(self._key, None)
        if kept is not None and kept.salt == salt and kept.stamp == self._stamps:
            self.entries, self._decoded = dict(kept.entries), kept.decoded
            self.generation, self.delta = kept.generation, dict(kept.delta)
            _kept[self._key] = kept
            return
        data = _read(file, "documents") if file is not None else None
        if data is None:
            return
        entries = data.get("entries")
        if data.get("salt") != salt or type(entries) is not dict:
            log.debug("cache file %s ignored: made by other code or for other languages", file)
            return
        for rel, entry in entries.items():
            if _entry(entry):
                self.entries[rel] = (entry[0], entry[1])
            else:
                self.dirty = True
        generation = data.get("generation")
        self.generation = generation if type(generation) is str and not self.dirty else None
        if self.generation is not None and self._stamps[1] is not None:
            self._apply_delta()
        if self._stamp_files() == self._stamps:  # not replaced while it was read
            self._keep()

    def _stamp_files(self) -> tuple[Any, ...]:
        if self.file is None or self.delta_file is None:
            return (None, None)
        return (_stamp(self.file), _stamp(self.delta_file))

    def _apply_delta(self) -> None:
        """Take the entries of the delta file, when it follows this generation of the file."""
        data = _read(self.delta_file, "documents-delta") if self.delta_file is not None else None
        if data is None:
            return
        entries, gone = data.get("entries"), data.get("gone")
        if (
            data.get("salt") != self.salt
            or data.get("base") != self.generation
            or type(entries) is not dict
            or type(gone) is not list
            or not all(type(rel) is str for rel in gone)
        ):
            log.debug("cache file %s ignored: it does not follow %s", self.delta_file, self.file)
            return
        for rel in gone:
            self.entries.pop(rel, None)
            self.delta[rel] = None
        for rel, entry in entries.items():
            if _entry(entry):
                self.entries[rel] = self.delta[rel] = (entry[0], entry[1])
            else:
                self.entries.pop(rel, None)
                self.delta[rel] = None

    def _keep(self) -> None:
        """Remember the files as they are now (read or just written), with the results decoded so far."""
        if not self.remember:  # a process that builds once: its texts would only take memory while it renders
            return
        stamps = self._stamp_files()
        if stamps[0] is not None and not self.dirty:
            self._decoded = {rel: d for rel, d in self._decoded.items() if self.entries.get(rel, ("", ""))[1] == d[0]}
            _kept[self._key] = _Kept(
                stamps, self.salt, dict(self.entries), self._decoded, self.generation, dict(self.delta)
            )

    def get(self, rel: str, path: Path) -> tuple[Any, str]:
        """(the cached result for ``rel`` or None, the hash of the file's bytes)."""
        content = digest(path.read_bytes())
        entry = self.entries.get(rel)
        if entry is None or entry[0] != content:
            return None, content
        decoded = self._decoded.get(rel)
        if decoded is not None and decoded[0] == entry[1]:
            return decoded[1], content
        try:
            result = self.codec.loads(entry[1], self.shape)
            self._decoded[rel] = (entry[1], result)
            return result, content
        except SerialError as exc:
            log.debug("cached result for %s ignored: %s", rel, exc)
            del self.entries[rel]
            self.delta[rel] = None
            self.dirty = True
            return None, content

    def put(self, rel: str, content: str, result: Any) -> None:
        try:
            text = self.codec.dumps(result)
        except SerialError as exc:
            log.debug("result for %s not cached: %s", rel, exc)
            return
        self.put_text(rel, content, text)

    def put_text(self, rel: str, content: str, text: str) -> None:
        """Store a result already encoded (by the process that read the file)."""
        self.entries[rel] = self.delta[rel] = (content, text)
        self.dirty = True

    def save(self, keep: Iterable[str]) -> None:
        """Write the cache (the delta alone when that is enough), forgetting files that no longer exist."""
        if self.file is None or self.delta_file is None:
            return
        keep = set(keep)
        gone = [rel for rel in self.entries if rel not in keep]
        for rel in gone:
            del self.entries[rel]
            self.delta[rel] = None
        if self.dirty or gone:
            if (
                self.generation is not None
                and len(self.delta) <= max(64, len(self.entries) // DELTA_SHARE)
                and _stamp(self.file) == self._stamps[0]
            ):
                _write(
                    self.delta_file,
                    {
                        "format": FORMAT,
                        "kind": "documents-delta",
                        "salt": self.salt,
                        "base": self.generation,
                        "entries": {rel: list(entry) for rel, entry in self.delta.items() if entry is not None},
                        "gone": [rel for rel, entry in self.delta.items() if entry is None],
                    },
                )
            else:
                self.generation, self.delta = os.urandom(12).hex(), {}
                _write(
                    self.file,
                    {
                        "format": FORMAT,
                        "kind": "documents",
                        "salt": self.salt,
                        "generation": self.generation,
                        "entries": {rel: list(entry) for rel, entry in self.entries.items()},
                    },
                )
                _unlink(self.delta_file)
            self.dirty = False
            self._stamps = self._stamp_files()
        self._keep()


def _entry(entry: Any) -> bool:
    """Whether a stored entry is (content hash, JSON text of the result)."""
    return type(entry) is list and len(entry) == 2 and type(entry[0]) is str and type(entry[1]) is str


@dataclass(frozen=True)
class BuildRecord:
    """The last build: its fingerprint, and per output what it read and what that gave.

    ``reads`` is a table of every read noted (``contentmodel.deps``), each as
    ``name<US>aspect``; ``read_sets`` are sets of reads, each as the indexes
    of its reads in the table, separated by spaces; ``uses`` gives each
    output its set; ``checks`` the digest of the output's plan and of what
    its reads gave (``check``). An output missing from ``uses`` is never kept.

    ``given`` holds what each read of the table gave when it was recorded
    (``""``: not known) and ``set_digests`` the digest of each set as
    ``RecordCheck.set_digest`` makes it (``""``: not known), so that the next
    build takes a set none of whose reads gives something else from here,
    instead of reading its numbers and hashing what they give."""

    fingerprint: str  # everything that is not a document
    outputs: Mapping[str, str] = field(default_factory=dict)  # output path -> producer
    pages: Mapping[str, Any] = field(default_factory=dict)  # output path -> PageSummary
    missing: Mapping[str, AbstractSet[str]] = field(default_factory=dict)  # language -> untranslated strings
    reads: Sequence[str] = ()
    read_sets: Sequence[str] = ()
    uses: Mapping[str, int] = field(default_factory=dict)  # output path -> index in read_sets
    checks: Mapping[str, str] = field(default_factory=dict)  # output path -> check()
    given: Sequence[str] = ()  # per read of ``reads``: what it gave
    set_digests: Sequence[str] = ()  # per set of ``read_sets``: the digest of what its reads gave

    def deps_of(self, path: str) -> list[tuple[str, str]] | None:
        """The reads the output at ``path`` noted, or None when the record does not say."""
        index = self.uses.get(path)
        if index is None:
            return None
        numbers = self.numbers_of(index)
        if numbers is None:
            return None
        found = []
        for number in numbers:
            name, sep, aspect = self.reads[number].partition(_US)
            if not sep:
                return None
            found.append((name, aspect))
        return found

    def all_reads(self) -> list[tuple[str, str]]:
        """Every read of the table, as (name, aspect)."""
        return [(name, aspect) for name, sep, aspect in (text.partition(_US) for text in self.reads) if sep]

    def readers(self, reads: AbstractSet[tuple[str, str]]) -> set[str]:
        """The outputs whose reads include any of ``reads``."""
        texts = {name + _US + aspect for name, aspect in reads}
        numbers = {f" {number} " for number, text in enumerate(self.reads) if text in texts}
        if not numbers:
            return set()
        sets = {index for index, text in enumerate(self.read_sets) if any(n in f" {text} " for n in numbers)}
        return {path for path, index in self.uses.items() if index in sets}

    def answering(self, changed: AbstractSet[tuple[str, str]], answer: Answer) -> Answer:
        """What each read gives now, when only ``changed`` give something else than the record says: the
        record's answer for the others, ``answer`` for those (and for reads it does not know)."""
        given = dict(zip(self.reads, self.given)) if len(self.given) == len(self.reads) else {}

        def now(read: tuple[str, str]) -> str:
            if read not in changed:
                found = given.get(read[0] + _US + read[1])
                if found:
                    return found
            return answer(read)

        return now

    def numbers_of(self, index: int) -> list[int] | None:
        """The numbers in ``reads`` of the set ``index``, or None for a set that does not fit the tables."""
        if not 0 <= index < len(self.read_sets):
            return None
        try:
            numbers = list(map(int, self.read_sets[index].split()))
        except ValueError:
            return None
        if numbers and (min(numbers) < 0 or max(numbers) >= len(self.reads)):
            return None
        return numbers


_US = "\x1f"
Answer = Callable[[tuple[str, str]], str]


class RecordCheck:
    """Whether the outputs of the last build (``record``) are still right, asking ``answer`` what each
    read gives now: once per read and once per set of reads, for the whole of one build."""

    def __init__(self, record: BuildRecord, answer: Answer):
        self.record, self.answer = record, answer
        self.given: list[bytes | None] = []  # what each read of the record's table gives, as far as asked
        self.sets: dict[int, str | None] = {}  # set of reads -> set_digest
        self.changed: list[str] | None = None  # " n " for each read n that gives something else than recorded

    def can_keep(self, path: str, producer: str, plan: str | None) -> bool:
        """Whether the output at ``path`` from the last build is still right: the same producer, the same
        plan, and each of its reads gives what it gave."""
        record = self.record
        if plan is None or record.outputs.get(path) != producer:
            return False
        index, expected = record.uses.get(path), record.checks.get(path)
        if index is None or expected is None:
            return False
        given = self.set_digest(index)
        return given is not None and expected == check(plan, given)

    def set_digest(self, index: int) -> str | None:
        """One digest of what the reads of set ``index`` give now, or None for a set that does not fit the
        record's tables."""
        if index in self.sets:
            return self.sets[index]
        found = self._unchanged(index)
        if found is not None:
            self.sets[index] = found
            return found
        numbers = self.record.numbers_of(index)
        if numbers is not None:
            given = self._given()
            parts = [given[number] for number in numbers]
            if None not in parts:
                found = hashlib.blake2b(b"".join(parts), digest_size=16).hexdigest()  # type: ignore[arg-type]
        self.sets[index] = found
        return found

    def _unchanged(self, index: int) -> str | None:
        """The recorded digest of set ``index`` when none of its reads gives something else now, else None."""
        record = self.record
        if not 0 <= index < min(len(record.read_sets), len(record.set_digests)):
            return None
        recorded = record.set_digests[index]
        if len(recorded) != 32:
            return None
        if self.changed is None:
            given, then = self._given(), record.given
            if len(then) != len(given):
                self.changed = [""]  # the record does not say: no set is taken as it is
            else:
                self.changed = [
                    f" {number} "
                    for number, (now, was) in enumerate(zip(given, then))
                    if now is None or not was or now != was.encode("utf-8", "surrogatepass") + b"\0"
                ]
        changed = self.changed
        if not changed:
            return recorded
        if changed == [""] or len(changed) > 256:  # cheaper to hash the sets
            return None
        text = f" {record.read_sets[index]} "
        return None if any(number in text for number in changed) else recorded

    def _given(self) -> list[bytes | None]:
        """What each read of the table gives now (None: not a read this module writes)."""
        given = self.given
        for text in self.record.reads[len(given) :]:
            name, sep, aspect = text.partition(_US)
            given.append(self.answer((name, aspect)).encode("utf-8", "surrogatepass") + b"\0" if sep else None)
        return given


def check(plan: str, reads: str) -> str:
    """One digest of an output's plan and of what its reads give (``RecordCheck.set_digest``)."""
    return digest(f"{plan}|{reads}".encode())


class RecordWriter:
    """Makes the record of this build from ``base`` (its fingerprint, outputs, pages, missing strings):
    outputs kept take their entries from the last record (whose tables it starts from); outputs made add
    their reads. Tables no output uses any longer are dropped once they are most of the record. The
    records themselves are never changed."""

    def __init__(self, base: BuildRecord, previous: BuildRecord | None, answer: Answer):
        self.base, self.previous, self.answer = base, previous, answer
        self.reads: list[str] = list(previous.reads) if previous is not None else []
        self.read_sets: list[str] = list(previous.read_sets) if previous is not None else []
        self.set_digests: list[str] = [""] * len(self.read_sets)
        if previous is not None and len(previous.set_digests) == len(previous.read_sets):
            self.set_digests = list(previous.set_digests)  # right for the sets of kept outputs (they are unchanged)
        self.uses: dict[str, int] = {}
        self.checks: dict[str, str] = {}
        self.ids: dict[str, int] | None = None
        self.sets: dict[str, int] | None = None
        self.given: dict[int, bytes] = {}

    def keep(self, path: str) -> bool:
        """Take the entry of an output kept from the last record; False if it has none."""
        previous = self.previous
        if previous is None or path not in previous.uses or path not in previous.checks:
            return False
        self.uses[path], self.checks[path] = previous.uses[path], previous.checks[path]
        return True

    def add(self, path: str, deps: Iterable[tuple[str, str]], plan: str) -> None:
        if self.ids is None or self.sets is None:
            self.ids = {text: number for number, text in enumerate(self.reads)}
            self.sets = {text: number for number, text in enumerate(self.read_sets)}
        numbers = []
        for name, aspect in deps:
            text = name + _US + aspect
            number = self.ids.get(text)
            if number is None:
                number = self.ids[text] = len(self.reads)
                self.reads.append(text)
            numbers.append(number)
            if number not in self.given:
                self.given[number] = self.answer((name, aspect)).encode("utf-8", "surrogatepass") + b"\0"
        numbers.sort()
        text = " ".join(map(str, numbers))
        index = self.sets.get(text)
        if index is None:
            index = self.sets[text] = len(self.read_sets)
            self.read_sets.append(text)
            self.set_digests.append("")
        given = hashlib.blake2b(b"".join(self.given[number] for number in numbers), digest_size=16).hexdigest()
        self.set_digests[index] = given
        self.uses[path], self.checks[path] = index, check(plan, given)  # as RecordCheck.set_digest makes it

    def finish(self) -> BuildRecord:
        reads, read_sets, uses, set_digests = self.reads, self.read_sets, self.uses, self.set_digests
        used = sorted(set(uses.values()))
        if len(read_sets) > 2 * len(used) + 64:
            sets = {old: new for new, old in enumerate(used)}
            numbers = [[int(n) for n in read_sets[old].split()] for old in used]
            kept_reads = sorted({n for row in numbers for n in row})
            renumbered = {old: new for new, old in enumerate(kept_reads)}
            read_sets = [" ".join(str(renumbered[n]) for n in row) for row in numbers]
            set_digests = [set_digests[old] for old in used]
            reads = [reads[old] for old in kept_reads]
            uses = {path: sets[old] for path, old in uses.items()}
        given = []
        for text in reads:  # what each read gives in this build (asked already, as the outputs were checked)
            name, sep, aspect = text.partition(_US)
            given.append(self.answer((name, aspect)) if sep else "")
        return dataclasses.replace(
            self.base,
            reads=tuple(reads),
            read_sets=tuple(read_sets),
            uses=uses,
            checks=self.checks,
            given=tuple(given),
            set_digests=tuple(set_digests),
        )


RECORD = CONTENT.extended(
    {
        PageSummary: {
            "lang": str,
            "path": str,
            "page_type": str,
            "hreflang": TupleOf(Fixed(str, str)),
            "published": ANY,
            "modified": ANY,
            "noindex": bool,
        },
        BuildRecord: {
            "fingerprint": str,
            "outputs": DictOf(str),
            "pages": DictOf(PageSummary),
            "missing": DictOf(SetOf(str)),
            "reads": TupleOf(str),
            "read_sets": TupleOf(str),
            "uses": DictOf(int),
            "checks": DictOf(str),
            "given": TupleOf(str),
            "set_digests": TupleOf(str),
        },
    }
)


# The pages of a record with their stored form (the record's ``pages``, and each page's JSON-shaped data).
_Pages = tuple[Mapping[str, Any], Mapping[str, Any]]
_staged: dict[str, tuple[BuildRecord, _Pages]] = {}  # pending record file -> the record this process staged there
# record file -> (its stamp, the record, its pages' stored form)
_committed: dict[str, tuple[tuple[int, ...], BuildRecord, _Pages]] = {}


class RecordStore:
    """Where the record of the builds into one output folder is kept.

    A long-lived process (the live preview) keeps the record it committed and
    takes it from memory while the file is the one it committed (same inode,
    size and change times), instead of reading and decoding it again.

    Most outputs of a warm build are kept, with the very page summaries of
    the last record: ``stage`` writes those as the last record stored them
    (``load`` keeps their stored form) instead of encoding them again."""

    def __init__(self, cache_dir: Path, target: Path):
        self.name = digest(str(target.resolve()).encode("utf-8", "surrogateescape"))
        self.file = cache_dir / f"build-{self.name}.json"
        self.pending = self.file.with_name(self.file.name + ".pending")
        legacy = cache_dir / f"build-{self.name}.pickle"  # written by older versions; never read
        self.legacy = (legacy, legacy.with_name(legacy.name + ".pending"))
        self.stored_pages: _Pages = ({}, {})  # the loaded record's pages, and the form they were stored in

    def load(self) -> BuildRecord | None:
        kept = _committed.get(str(self.file))
        if kept is not None and kept[0] == _stamp(self.file):
            self.stored_pages = kept[2]
            return kept[1]
        data = _read(self.file, "build-record")
        if data is None:
            return None
        if data.get("target") != self.name or "record" not in data:
            log.debug("build record %s ignored: made for another output folder", self.file)
            return None
        try:
            record = RECORD.decode(data["record"], BuildRecord)
        except SerialError as exc:
            log.debug("build record %s ignored: %s", self.file, exc)
            return None
        self.stored_pages = (record.pages, data["record"]["f"]["pages"]["v"])  # as decoded: checked
        return record

    def stage(self, record: BuildRecord) -> None:
        try:
            pages = self._encode_pages(record.pages)
            encoded = RECORD.encode(dataclasses.replace(record, pages={}))
        except SerialError as exc:
            log.debug("build record not kept: %s", exc)
            return
        encoded["f"]["pages"] = {"$": "dict", "v": pages}
        _write(self.pending, {"format": FORMAT, "kind": "build-record", "target": self.name, "record": encoded})
        _staged[str(self.pending)] = (record, (record.pages, pages))

    def _encode_pages(self, pages: Mapping[str, Any]) -> dict[str, Any]:
        """``pages`` as ``RECORD`` stores them; a page of the loaded record as it was stored."""
        last, stored = self.stored_pages
        encoded = {}
        for path, page in pages.items():
            if type(path) is not str or type(page) is not PageSummary:
                raise SerialError("a page summary of another type")
            was = stored.get(path) if last.get(path) is page else None
            encoded[path] = was if was is not None else RECORD.encode(page)
        return encoded

    def commit(self) -> None:
        """The new output is in place: the pending record now describes it."""
        staged = _staged.pop(str(self.pending), None)
        _committed.pop(str(self.file), None)
        try:
            if self.pending.exists():
                os.replace(self.pending, self.file)
                stamp = _stamp(self.file)
                if staged is not None and stamp is not None:
                    _committed[str(self.file)] = (stamp, *staged)
        except OSError as exc:
            log.debug("build record not committed: %s", exc)
            self.forget()

    def forget(self) -> None:
        _staged.pop(str(self.pending), None)
        _unlink(self.pending, self.file, *self.legacy)


def code_salt(*roots: Path) -> str:
    """The reading code's identity: its Python sources and the interpreter."""
    return digest(f"{sys.version}|{tree_digest(roots, ('.py',))}".encode())
