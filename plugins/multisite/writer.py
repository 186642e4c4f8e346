"""Writing the output: only files whose bytes changed, and nothing twice.

Every path passes one gate (``OutputWriter.target``): it must be a plain
relative path ("en/feeds/all.atom.xml") that, with symlinks resolved, stays
under the output root. The validator refuses unsafe codes, keys and slugs
first; this is the backstop, so that no input can make the build write, or
the next build's clean-up delete, a file outside the output folder.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from contentmodel.diagnostics import ContentError, Report
from contentmodel.safety import SAFE_SEGMENT_HINT, not_plain_relative

MANIFEST = ".site-manifest.json"


class OutputError(ContentError):
    """An output path the writer refuses; reported like a content error, without a traceback."""

    def __init__(self, rel_path: object, producer: str, message: str, hint: str):
        report = Report()
        report.error(producer or "(output)", "output", f"the output path {rel_path!r} {message}", hint)
        super().__init__(report)
        self.rel_path = rel_path

    def __str__(self) -> str:
        return self.report.errors[0].format()


class DuplicateOutput(OutputError):
    pass


class UnsafeOutput(OutputError):
    pass


class OutputWriter:
    """Writes files under ``root``; remembers what it wrote to prune stale files."""

    def __init__(self, root: Path):
        self.root = root
        self.written: dict[str, str] = {}  # relative path -> who produced it
        self.changed = 0
        # What this build changed under the root, for the next build's mirror (``staging.record``): paths
        # written, replaced or removed, or that the render workers may have written; folders replaced whole.
        self.touched: set[str] = set()
        self.folders: set[str] = set()
        self._real_root = Path(os.path.realpath(root))
        self._folders: dict[str, bool] = {}  # folder (relative) -> whether it resolves inside the root

    def _inside(self, folder: str) -> bool:
        """Whether the folder ``folder`` (relative, "" for the root) resolves under the root.

        A folder is inside when its parent is and it is not a symbolic link (one look at the file
        system per folder); a link is resolved and must lead inside the root."""
        known = self._folders.get(folder)
        if known is None:
            parent = folder.rpartition("/")[0]
            if not folder:
                known = True
            elif not self._inside(parent):
                known = False
            elif os.path.islink(self.root / folder):
                real = Path(os.path.realpath(self.root / folder))
                known = real == self._real_root or self._real_root in real.parents
            else:
                known = True
            self._folders[folder] = known
        return known

    def unsafe(self, rel_path: object) -> str | None:
        """Why ``rel_path`` may not be written under the root, or None when it may."""
        why = not_plain_relative(rel_path)
        if why is not None:
            return why
        folder = rel_path.rpartition("/")[0]
        # The folders are resolved once each; the file itself may be a link: writing replaces it.
        if not self._inside(folder):
            return "leads outside the output folder through a symbolic link"
        return None

    def target(self, rel_path: str, producer: str = "") -> Path:
        """The file ``rel_path`` under the root; raises ``UnsafeOutput`` if it would leave the root."""
        why = self.unsafe(rel_path)
        if why is not None:
            raise UnsafeOutput(
                rel_path,
                producer,
                f"{why}; nothing was written",
                "the path is made of a code, key or slug: " + SAFE_SEGMENT_HINT,
            )
        return self.root / rel_path

    def claim(self, rel_path: str, producer: str = "") -> None:
        """Reserve a path that is written elsewhere (by a render worker)."""
        self.target(rel_path, producer)
        if rel_path in self.written:
            raise DuplicateOutput(
                rel_path,
                producer,
                f"is produced twice: by {self.written[rel_path]} and by {producer}",
                "two pages claim the same address: give one of them another slug, code or key",
            )
        self.written[rel_path] = producer

    def write(self, rel_path: str, content: str | bytes, producer: str = "") -> None:
        self.claim(rel_path, producer)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.root / rel_path
        try:
            info = os.lstat(target)
            if stat.S_ISREG(info.st_mode) and info.st_size == len(data) and target.read_bytes() == data:
                return
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data)
        self.changed += 1
        self.touched.add(rel_path)

    def link(self, rel_path: str, source: Path, producer: str = "") -> None:
        """Publish the file ``source`` unchanged at ``rel_path``: a hard link where the file system
        allows one (no copy of the bytes), else a copy; never a symbolic link."""
        self.claim(rel_path, producer)
        target = self.root / rel_path
        try:
            info, there = os.stat(source), os.lstat(target)
            if stat.S_ISREG(there.st_mode) and (there.st_ino, there.st_dev) == (info.st_ino, info.st_dev):
                return
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _fresh_tmp(target)
        try:
            os.link(source, tmp, follow_symlinks=True)
        except OSError:
            shutil.copyfile(source, tmp)
        os.replace(tmp, target)
        self.changed += 1
        self.touched.add(rel_path)

    def replaced_folder(self, rel_path: str) -> None:
        """Note a folder that was written apart and put in place whole (the search index)."""
        self.folders.add(rel_path)

    def _remove_empty_folders(self, folder: Path) -> None:
        """Remove ``folder`` and the folders above it, up to the root, while they are empty
        (a renamed article's old address). ``os.rmdir`` removes nothing else: not a folder
        that holds anything, nor a link."""
        while folder != self.root and self.root in folder.parents:
            try:
                os.rmdir(folder)
            except OSError:
                return
            folder = folder.parent

    def prune(self) -> list[str]:
        """Remove files this writer produced in an earlier build but not in this one.

        Only plain relative paths from the manifest are considered, and only
        files (or links, never what they point to) whose folder resolves
        under the root are removed: a manifest is data, not an instruction."""
        manifest = self.root / MANIFEST
        previous: list = []
        if manifest.is_file() and not manifest.is_symlink():
            try:
                previous = json.loads(manifest.read_text("utf-8"))
            except (ValueError, UnicodeDecodeError):
                previous = []
        if not isinstance(previous, list):
            previous = []
        removed = []
        for rel in previous:
            if not isinstance(rel, str) or rel in self.written or rel == MANIFEST or self.unsafe(rel) is not None:
                continue
            path = self.root / rel
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                path.unlink()
                removed.append(rel)
                self.touched.add(rel)
                self._remove_empty_folders(path.parent)
        _replace(manifest, json.dumps(sorted(self.written), indent=0).encode("utf-8"))
        self.touched.add(MANIFEST)
        return removed


def _fresh_tmp(target: Path) -> Path:
    """The temporary name beside ``target`` that a new file is written under, free of any leftover."""
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass
    return tmp


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to a new file and rename it over ``target``: never in place (the old
    file may be hard-linked to the previous output), never through a link."""
    tmp = _fresh_tmp(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
