"""`invoke new`: new articles, events, translations and project pages.

The front matter is written from the schema (contentmodel.schema), so a new
file always has the keys the validator expects, and the optional keys appear
as commented examples with their meaning in the file's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from contentmodel import schema
from contentmodel.config import TIMEZONE
from contentmodel.documents import split_name
from contentmodel.frontmatter import normalise, split
from contentmodel.safety import is_safe_segment
from lvlang.slugs import slugify


class ScaffoldError(Exception):
    """Refused: the message says why and what to do instead."""


@dataclass(frozen=True)
class NewFile:
    path: Path  # absolute
    rel: str  # relative to content/
    text: str


# Placeholder texts of new files, in the file's language; a language without its own falls back to English.
# Every one starts with "TODO", which the build reports (a warning in development, an error in production).
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "lv": {
        "summary": "TODO: viens teikums, kas pastāsta, par ko ir raksts.",
        "location": "TODO: vieta, piemēram, Daugavpils, Saules iela 1",
        "body": "TODO: raksta teksts. Rindkopas atdaliet ar tukšu rindu.\n\n## Apakšvirsraksts\n\n- saraksta punkts",
        "translate": "TODO: iztulkojiet",
        "translation_body": "TODO: tulkojums.",
        "project_body": "## Mērķis\n\nTODO\n\n## Rezultāti\n\nTODO",
        "inherited": "Datumi, projekti, pašvaldības, pasākuma dati un attēls tiek ņemti no {source}; "
        "rakstiet tos šeit tikai tad, ja tie atšķiras.",
    },
    "en": {
        "summary": "TODO: one sentence that says what the article is about.",
        "location": "TODO: the place, for example Daugavpils, Saules iela 1",
        "body": "TODO: the text of the article. Separate paragraphs with an empty line.\n\n"
        "## Subheading\n\n- a list item",
        "translate": "TODO: translate",
        "translation_body": "TODO: the translation.",
        "project_body": "## Aim\n\nTODO\n\n## Results\n\nTODO",
        "inherited": "Dates, projects, municipalities, event details and the picture are taken from {source}; "
        "write them here only where they differ.",
    },
}


def _first(chain: Sequence[str], table: Mapping[str, Any]) -> Any:
    """The entry of the first language of ``chain`` that ``table`` has, else the English one."""
    return next((table[code] for code in chain if table.get(code)), table.get("en"))


def _texts(chain: Sequence[str]) -> dict[str, str]:
    return _first(chain, PLACEHOLDERS)


def _dump(values: dict[str, Any]) -> str:
    """One key per line: a scalar or a list of scalars on the key's own line (``projects: [LLI-59]``),
    anything nested as a block below its key."""
    lines = []
    for key, value in values.items():
        if isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value):
            flow = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
            lines.append(f"{key}: {flow}")
        else:
            lines.append(
                yaml.safe_dump(
                    {key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000
                ).rstrip("\n")
            )
    return "\n".join(lines)


def _optional_comments(kind: str, present: Sequence[str], chain: Sequence[str]) -> str:
    lines = []
    for f in schema.FIELDS[kind]:
        if f.name in present or f.name == "translation" or not f.example:
            continue
        meaning = _first(chain, f.meaning) or ""
        lines.append(f"# {f.name}: {f.example}    # {meaning}")
    return "\n".join(lines)


def render(kind: str, values: dict[str, Any], body: str, note: str = "", chain: Sequence[str] = ("lv",)) -> str:
    """The file's text; comments and placeholders in the first language of ``chain`` that has them."""
    head = _dump(values)
    comments = _optional_comments(kind, list(values), chain)
    if note:
        comments = f"# {note}\n{comments}"
    return f"---\n{head}\n{comments}\n---\n\n{body.strip()}\n"


def _now(timezone: str) -> str:
    return dt.datetime.now(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def new_article(
    content_root: Path,
    *,
    title: str,
    lang: str,
    default_lang: str,
    languages: Sequence[str],
    projects: Sequence[str] = (),
    event_dates: Sequence[str] = (),
    location: str = "",
    date: str | None = None,
    municipalities: Sequence[str] = (),
    slug: str = "",
    chain: Sequence[str] = (),
    timezone: str = TIMEZONE,
) -> NewFile:
    """``chain``: the language's fallback chain (for the comments and placeholders); ``timezone``: the site's."""
    chain = tuple(chain) or (lang,)
    if lang not in languages:
        raise ScaffoldError(f"unknown language '{lang}'; use one of: {', '.join(languages)}")
    if not title.strip():
        raise ScaffoldError('the title is empty; give --title "..."')
    date = date or _now(timezone)
    values: dict[str, Any] = {"title": title.strip(), "date": date}
    if projects:
        values["projects"] = list(projects)
    if municipalities:
        values["municipalities"] = list(municipalities)
    if event_dates:
        values["event_dates"] = list(event_dates)
        values["event_location"] = location or _texts(chain)["location"]
    values["summary"] = _texts(chain)["summary"]
    year = date[:4]
    name = slug.strip() or slugify(title)
    if not is_safe_segment(name) or name != slugify(name):
        raise ScaffoldError(
            f"--slug '{slug}' is not a file name: use lowercase letters, digits and hyphens, "
            f"for example --slug {slugify(slug) or 'jauniesu-forums'}"
        )
    rel = f"articles/{year}/{name}.{lang}.md"
    return _new(content_root, rel, render(schema.ARTICLE, values, _texts(chain)["body"], chain=chain))


def new_translation(
    content_root: Path,
    *,
    source: Path,
    lang: str,
    title: str | None,
    languages: Sequence[str],
    default_lang: str,
    chain: Sequence[str] = (),
) -> NewFile:
    chain = tuple(chain) or (lang,)
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
    kind = (
        schema.PROJECT
        if rel_source.startswith("projects/")
        else (schema.PAGE if rel_source.startswith("pages/") else schema.ARTICLE)
    )
    folder = rel_source.rsplit("/", 1)[0]
    rel = f"{folder}/{stem}.{lang}.md"
    todo = _texts(chain)["translate"]
    values: dict[str, Any] = {"title": title or f"{todo} \u201c{meta.get('title', '')}\u201d"}
    if kind == schema.PROJECT and "code" in meta:
        values = {"code": meta["code"], **values}
    if "translation" in meta:
        values["translation"] = meta["translation"]
    if "image" in meta:
        values["image_alt"] = f"{todo} \u201c{meta.get('image_alt', '')}\u201d"
    values["summary"] = f"{todo} \u201c{meta['summary']}\u201d" if meta.get("summary") else _texts(chain)["summary"]
    note = _texts(chain)["inherited"].format(source=rel_source)
    return _new(content_root, rel, render(kind, values, _texts(chain)["translation_body"], note, chain=chain))


def new_project(
    content_root: Path,
    *,
    code: str,
    title: str,
    lang: str,
    programme: str,
    start: str,
    end: str,
    languages: Sequence[str],
    chain: Sequence[str] = (),
) -> NewFile:
    chain = tuple(chain) or (lang,)
    if lang not in languages:
        raise ScaffoldError(f"unknown language '{lang}'; use one of: {', '.join(languages)}")
    if not code.strip():
        raise ScaffoldError("a project needs --code, e.g. --code LLI-59")
    values: dict[str, Any] = {
        "code": code.strip(),
        "title": title.strip() or "TODO",
        "programme": programme,
        "start": start,
        "end": end,
    }
    rel = f"projects/{code.strip().lower()}.{lang}.md"
    return _new(content_root, rel, render(schema.PROJECT, values, _texts(chain)["project_body"], chain=chain))


def _new(content_root: Path, rel: str, text: str) -> NewFile:
    path = content_root / rel
    if path.exists():
        raise ScaffoldError(
            f"{rel} already exists; it was not changed. Choose another title (or give --slug NAME) or edit that file"
        )
    return NewFile(path=path, rel=rel, text=text)


def write(new: NewFile) -> None:
    new.path.parent.mkdir(parents=True, exist_ok=True)
    with new.path.open("x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(new.text)
