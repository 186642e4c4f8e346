"""`invoke new`: new articles, events, translations and project pages.

The front matter is written from the schema (contentmodel.schema), so a new
file always has the keys the validator expects, and the optional keys appear
as commented examples with their meaning in Latvian.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence
from zoneinfo import ZoneInfo

import yaml

from contentmodel import schema
from contentmodel.config import TIMEZONE
from contentmodel.documents import split_name
from contentmodel.frontmatter import normalise, split
from lvlang.slugs import slugify


class ScaffoldError(Exception):
    """Refused: the message says why and what to do instead."""


@dataclass(frozen=True)
class NewFile:
    path: Path          # absolute
    rel: str            # relative to content/
    text: str


def _dump(values: dict[str, Any]) -> str:
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)


def _optional_comments(kind: str, present: Sequence[str]) -> str:
    lines = []
    for f in schema.FIELDS[kind]:
        if f.name in present or f.name == "translation" or not f.example:
            continue
        lines.append(f"# {f.name}: {f.example}    # {f.meaning['lv']}")
    return "\n".join(lines)


def render(kind: str, values: dict[str, Any], body: str, note: str = "") -> str:
    head = _dump(values).rstrip("\n")
    comments = _optional_comments(kind, list(values))
    if note:
        comments = f"# {note}\n{comments}"
    return f"---\n{head}\n{comments}\n---\n\n{body.strip()}\n"


def _now() -> str:
    return dt.datetime.now(ZoneInfo(TIMEZONE)).strftime("%Y-%m-%d %H:%M")


def new_article(content_root: Path, *, title: str, lang: str, default_lang: str, languages: Sequence[str],
                projects: Sequence[str] = (), event_dates: Sequence[str] = (), location: str = "",
                date: str | None = None, municipalities: Sequence[str] = ()) -> NewFile:
    if lang not in languages:
        raise ScaffoldError(f"unknown language '{lang}'; use one of: {', '.join(languages)}")
    if not title.strip():
        raise ScaffoldError("the title is empty; give --title \"...\"")
    date = date or _now()
    values: dict[str, Any] = {"title": title.strip(), "date": date}
    if projects:
        values["projects"] = list(projects)
    if municipalities:
        values["municipalities"] = list(municipalities)
    if event_dates:
        values["event_dates"] = list(event_dates)
        values["event_location"] = location or "TODO: vieta, piemēram, Daugavpils, Saules iela 1"
    values["summary"] = "TODO: viens teikums, kas pastāsta, par ko ir raksts."
    year = date[:4]
    rel = f"articles/{year}/{slugify(title)}.{lang}.md"
    body = "TODO: raksta teksts. Rindkopas atdaliet ar tukšu rindu.\n\n## Apakšvirsraksts\n\n- saraksta punkts"
    return _new(content_root, rel, render(schema.ARTICLE, values, body))


def new_translation(content_root: Path, *, source: Path, lang: str, title: str | None, languages: Sequence[str],
                    default_lang: str) -> NewFile:
    source = source if source.is_absolute() else (Path.cwd() / source)
    try:
        rel_source = source.resolve().relative_to(content_root.resolve()).as_posix()
    except ValueError:
        raise ScaffoldError(f"{source} is not under {content_root}") from None
    if not source.is_file():
        raise ScaffoldError(f"{rel_source} does not exist")
    if lang not in languages:
        raise ScaffoldError(f"unknown language '{lang}'; use one of: {', '.join(languages)}")
    stem, source_lang, _written = split_name(rel_source, tuple(languages), default_lang)
    if source_lang == lang:
        raise ScaffoldError(f"{rel_source} is already the '{lang}' version; choose another --lang")
    meta = split(normalise(source.read_text("utf-8"))).meta
    kind = schema.PROJECT if rel_source.startswith("projects/") else (
        schema.PAGE if rel_source.startswith("pages/") else schema.ARTICLE)
    folder = rel_source.rsplit("/", 1)[0]
    rel = f"{folder}/{stem}.{lang}.md"
    values: dict[str, Any] = {"title": title or f"TODO: translate \u201c{meta.get('title', '')}\u201d"}
    if kind == schema.PROJECT and "code" in meta:
        values = {"code": meta["code"], **values}
    if "translation" in meta:
        values["translation"] = meta["translation"]
    if "image" in meta:
        values["image_alt"] = f"TODO: translate \u201c{meta.get('image_alt', '')}\u201d"
    values["summary"] = "TODO"
    note = (f"Datumi, projekti, pašvaldības, pasākuma dati un attēls tiek ņemti no {rel_source}; "
            "rakstiet tos šeit tikai tad, ja tie atšķiras.")
    return _new(content_root, rel, render(kind, values, "TODO: tulkojums.", note))


def new_project(content_root: Path, *, code: str, title: str, lang: str, programme: str, start: str, end: str,
                languages: Sequence[str]) -> NewFile:
    if lang not in languages:
        raise ScaffoldError(f"unknown language '{lang}'; use one of: {', '.join(languages)}")
    if not code.strip():
        raise ScaffoldError("a project needs --code, e.g. --code LLI-59")
    values: dict[str, Any] = {"code": code.strip(), "title": title.strip() or "TODO", "programme": programme,
                              "start": start, "end": end}
    rel = f"projects/{code.strip().lower()}.{lang}.md"
    body = "## Mērķis\n\nTODO\n\n## Rezultāti\n\nTODO"
    return _new(content_root, rel, render(schema.PROJECT, values, body))


def _new(content_root: Path, rel: str, text: str) -> NewFile:
    path = content_root / rel
    if path.exists():
        raise ScaffoldError(f"{rel} already exists; it was not changed. Choose another title (or --slug) or edit it")
    return NewFile(path=path, rel=rel, text=text)


def write(new: NewFile) -> None:
    new.path.parent.mkdir(parents=True, exist_ok=True)
    with new.path.open("x", encoding="utf-8") as fh:   # "x": never overwrite, even in a race
        fh.write(new.text)
