"""`invoke import-articles`: the command around editorial.legacy_import."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from contentmodel.diagnostics import Report
from contentmodel.frontmatter import FrontMatterError, load_data_file, normalise, split
from funding.municipalities import validate_municipalities
from funding.programmes import validate_programmes

from .funding_patterns import FundingStatements
from .legacy_import import ImportedArticle, import_text, iter_sources, output_filename


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
    """Every written form of each municipality (names, short names, genitives, aliases), read and checked
    as the build reads them; a broken data file gives no forms here and its error in the build."""
    data = load_data_file(content / "data/municipalities.yaml", "data/municipalities.yaml", Report())
    municipalities, _problems = validate_municipalities(data, ["lv"], "lv")
    return {
        key: list(
            dict.fromkeys(v for v in (*m.name.values(), *m.short.values(), *m.genitive.values(), *m.aliases) if v)
        )
        for key, m in municipalities.items()
    }


def funding_programmes(content: Path) -> dict:
    """The site's programmes (key -> Programme), whose official notices the importer recognises."""
    path = content / "data/programmes.yaml"
    if not path.is_file():
        return {}
    programmes, _problems = validate_programmes(load_data_file(path, "data/programmes.yaml", Report()), ["lv"], "lv")
    return programmes


def read_source(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1257")


def import_folder(root: Path, source: Path) -> list[tuple[Path, ImportedArticle]]:
    """Every old article under ``source`` imported with what the site knows (the Python API of the command)."""
    content = root / "content"
    projects, municipalities = known_projects(content), municipality_forms(content)
    statements = FundingStatements(funding_programmes(content))
    return [
        (
            path,
            import_text(
                read_source(path),
                source_name=path.name,
                known_projects=projects,
                municipalities=municipalities,
                statements=statements,
            ),
        )
        for path in iter_sources(source)
    ]


def main(root: Path, source: Path, out: Path, stream=sys.stdout, report: Path | None = None) -> int:
    if not source.exists():
        print(f"{source} does not exist", file=stream)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    written = skipped = 0
    confidence = {"high": 0, "medium": 0, "low": 0}
    reports = {}
    for path, article in import_folder(root, source):
        target = out / output_filename(article)
        print(f"{path.name} -> {target}", file=stream)
        for line in article.findings:
            print(f"    {line}", file=stream)
        confidence[article.report.confidence] += 1
        reports[path.name] = {
            "target": target.name,
            "title": article.title,
            "date": article.date,
            "modified": article.modified,
            "author": article.author,
            **article.report.as_dict(),
        }
        if target.exists():
            print("    not written: the file already exists", file=stream)
            skipped += 1
            continue
        with target.open("x", encoding="utf-8") as fh:
            fh.write(article.to_markdown())
        written += 1
    if report is not None:
        report.write_text(json.dumps(reports, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"report: {report}", file=stream)
    print(
        f"{written} written, {skipped} skipped; confidence: {confidence['high']} high, "
        f"{confidence['medium']} medium, {confidence['low']} low (check the medium and low ones first)",
        file=stream,
    )
    return 0
