"""`invoke import-articles`: the command around editorial.legacy_import."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from contentmodel.frontmatter import FrontMatterError, normalise, split

from .legacy_import import import_text, iter_sources, output_filename


def known_projects(content: Path) -> dict[str, list[str]]:
    projects: dict[str, list[str]] = {}
    for path in sorted((content / "projects").glob("*.md")):
        try:
            meta = split(normalise(path.read_text("utf-8"))).meta
        except (FrontMatterError, OSError):
            continue
        code = str(meta.get("code", "")).strip()
        if code:
            names = projects.setdefault(code, [])
            names += [str(meta[k]) for k in ("title", "short_title") if meta.get(k)]
    return projects


def municipality_forms(content: Path) -> dict[str, list[str]]:
    data = yaml.safe_load((content / "data/municipalities.yaml").read_text("utf-8")) or {}
    forms = {}
    for key, entry in data.items():
        values = [*entry.get("name", {}).values(), *entry.get("short", {}).values(),
                  *entry.get("genitive", {}).values(), *entry.get("aliases", [])]
        forms[key] = list(dict.fromkeys(v for v in values if v))
    return forms


def main(root: Path, source: Path, out: Path, stream=sys.stdout) -> int:
    content = root / "content"
    if not source.exists():
        print(f"{source} does not exist", file=stream)
        return 1
    projects, municipalities = known_projects(content), municipality_forms(content)
    out.mkdir(parents=True, exist_ok=True)
    written = skipped = 0
    for path in iter_sources(source):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1257")
        article = import_text(text, source_name=path.name, known_projects=projects, municipalities=municipalities)
        target = out / output_filename(article)
        print(f"{path.name} -> {target}", file=stream)
        for line in article.findings:
            print(f"    {line}", file=stream)
        if target.exists():
            print("    not written: the file already exists", file=stream)
            skipped += 1
            continue
        with target.open("x", encoding="utf-8") as fh:
            fh.write(article.to_markdown())
        written += 1
    print(f"{written} written, {skipped} skipped", file=stream)
    return 0
