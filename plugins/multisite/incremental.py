"""Warm builds: a cache of read documents, and a record of the last build.

Both live in the cache folder (``CACHE_PATH``), never under ``content/``.

* ``DocumentCache`` keeps each Markdown file's parsed document, keyed by the
  file's bytes and by the code that reads it, so an unchanged file is not
  converted again.
* ``BuildRecord`` describes the last build that reached the output folder:
  a fingerprint of everything that is not a document (code, theme,
  catalogs, settings, data files, static files, the build date), a
  fingerprint of every document's metadata, each document's body hash, and
  every output with the page metadata it produced. When the next build has
  the same two fingerprints, only the documents' bodies changed, and an
  output that shows none of the changed bodies (see ``Output.reads``) is
  already right in the output folder: it is neither computed nor rendered.

A record is written as *pending* by the build and only *committed* once the
new output folder has replaced the old one, so a failed build never leaves
a record that describes files which were not published.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

FORMAT = 2
RACY_NS = 2_000_000_000         # files modified this recently are always hashed
_BUILD_RECORD = "build-record.pickle"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def tree_digest(roots: Iterable[Path], suffixes: tuple[str, ...] | None = None, contents: bool = True) -> str:
    """One hash of the files under ``roots``: their paths and bytes (or sizes and times)."""
    h = hashlib.blake2b(digest_size=16)
    for root in roots:
        if not root.exists():
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or (suffixes and not path.name.endswith(suffixes)):
                continue
            h.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
            if contents:
                h.update(path.read_bytes())
            else:
                st = path.stat()
                h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
            h.update(b"\0")
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


def _atomic_dump(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:            # noqa: BLE001 - a damaged or foreign cache is simply rebuilt
        return None


class DocumentCache:
    """Parsed documents by content path, valid for one ``salt`` (the reading code and languages).

    A file is taken as unchanged when its size and modification time are the
    ones recorded; otherwise its bytes are hashed and compared (a checkout
    that only touched the time costs a hash, not a conversion)."""

    def __init__(self, file: Path | None, salt: str):
        self.file, self.salt = file, salt
        self.entries: dict[str, tuple[str, str, bytes]] = {}     # rel -> (stat key, content hash, pickle)
        self.dirty = False
        if file is not None:
            data = _load(file)
            if isinstance(data, dict) and data.get("format") == FORMAT and data.get("salt") == salt:
                self.entries = data["entries"]

    @staticmethod
    def stat_key(path: Path) -> str:
        st = path.stat()
        if time.time_ns() - st.st_mtime_ns < RACY_NS:
            return ""           # changed a moment ago: it could change again within the clock's tick
        return f"{st.st_size}:{st.st_mtime_ns}"

    def get(self, rel: str, path: Path) -> tuple[Any, str, str]:
        """(the cached (document, problems) of ``rel`` or None, its stat key, its content hash)."""
        stat = self.stat_key(path)
        entry = self.entries.get(rel)
        if stat and entry is not None and entry[0] == stat:
            return pickle.loads(entry[2]), stat, entry[1]
        content = digest(path.read_bytes())
        if entry is not None and entry[1] == content:
            self.entries[rel] = (stat, content, entry[2])
            self.dirty = True
            return pickle.loads(entry[2]), stat, content
        return None, stat, content

    def put(self, rel: str, stat: str, content: str, result: Any) -> None:
        self.put_blob(rel, stat, content, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def put_blob(self, rel: str, stat: str, content: str, blob: bytes) -> None:
        """Store a result already pickled (by the process that read the file)."""
        self.entries[rel] = (stat, content, blob)
        self.dirty = True

    def save(self, keep: Iterable[str]) -> None:
        """Write the cache, forgetting files that no longer exist."""
        if self.file is None:
            return
        keep = set(keep)
        gone = [rel for rel in self.entries if rel not in keep]
        for rel in gone:
            del self.entries[rel]
        if self.dirty or gone:
            _atomic_dump(self.file, {"format": FORMAT, "salt": self.salt, "entries": self.entries})
            self.dirty = False


@dataclass
class BuildRecord:
    fingerprint: str                              # everything that is not a document
    meta: str                                     # every document's metadata
    bodies: dict[str, str]                        # document path -> hash of its body
    outputs: dict[str, str] = field(default_factory=dict)     # output path -> producer
    pages: dict[str, Any] = field(default_factory=dict)       # output path -> page metadata
    missing: dict[str, set[str]] = field(default_factory=dict)  # language -> untranslated strings

    def changed_bodies(self, fingerprint: str, meta: str, bodies: Mapping[str, str]) -> set[str] | None:
        """The documents whose body alone changed since this record, or None if more than bodies changed."""
        if fingerprint != self.fingerprint or meta != self.meta or bodies.keys() != self.bodies.keys():
            return None
        return {path for path, value in bodies.items() if self.bodies[path] != value}

    def can_keep(self, path: str, producer: str, reads: tuple[str, ...] | None, changed: set[str]) -> bool:
        """Whether the output at ``path`` from the last build is still right."""
        return reads is not None and self.outputs.get(path) == producer and changed.isdisjoint(reads)


class RecordStore:
    """Where the record of the builds into one output folder is kept."""

    def __init__(self, cache_dir: Path, target: Path):
        name = digest(str(target.resolve()).encode("utf-8", "surrogateescape"))
        self.file = cache_dir / f"build-{name}.pickle"
        self.pending = self.file.with_name(self.file.name + ".pending")

    def load(self) -> BuildRecord | None:
        data = _load(self.file)
        if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("record"), BuildRecord):
            return data["record"]
        return None

    def stage(self, record: BuildRecord) -> None:
        _atomic_dump(self.pending, {"format": FORMAT, "record": record})

    def commit(self) -> None:
        """The new output is in place: the pending record now describes it."""
        if self.pending.exists():
            os.replace(self.pending, self.file)

    def forget(self) -> None:
        for path in (self.pending, self.file):
            try:
                path.unlink()
            except FileNotFoundError:
                pass


def code_salt(*roots: Path) -> str:
    """The reading code's identity: its Python sources and the interpreter."""
    return digest(f"{sys.version}|{tree_digest(roots, ('.py',))}".encode())
