"""Writing the output: only files whose bytes changed, and nothing twice."""

from __future__ import annotations

import json
import os
from pathlib import Path

MANIFEST = ".site-manifest.json"


class DuplicateOutput(Exception):
    pass


class OutputWriter:
    """Writes files under ``root``; remembers what it wrote to prune stale files."""

    def __init__(self, root: Path):
        self.root = root
        self.written: dict[str, str] = {}    # relative path -> who produced it
        self.changed = 0

    def claim(self, rel_path: str, producer: str = "") -> None:
        """Reserve a path that is written elsewhere (by a render worker)."""
        if rel_path in self.written:
            raise DuplicateOutput(f"{rel_path} is produced twice: by {self.written[rel_path]} and by {producer}")
        self.written[rel_path] = producer

    def write(self, rel_path: str, content: str | bytes, producer: str = "") -> None:
        self.claim(rel_path, producer)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.root / rel_path
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        self.changed += 1

    def prune(self) -> list[str]:
        """Remove files this writer produced in an earlier build but not in this one."""
        manifest = self.root / MANIFEST
        previous: list[str] = []
        if manifest.is_file():
            try:
                previous = json.loads(manifest.read_text("utf-8"))
            except ValueError:
                previous = []
        removed = []
        for rel in previous:
            if rel not in self.written:
                path = self.root / rel
                if path.is_file():
                    path.unlink()
                    removed.append(rel)
        tmp = manifest.with_name(manifest.name + ".tmp")
        tmp.write_text(json.dumps(sorted(self.written), indent=0), "utf-8")
        os.replace(tmp, manifest)   # never write in place: the file may be linked to the previous output
        return removed
