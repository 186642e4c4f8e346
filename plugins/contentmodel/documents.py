"""Reading one content file into a Document (pure; safe to run in a worker process)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from lvlang.ordinals import protect_ordinals

from . import schema
from .diagnostics import WARNING, Problem
from .frontmatter import FrontMatterError, normalise, split
from .markup import BodyFacts, Converter
from .validate import coerce

MARKDOWN_SUFFIXES = (".md", ".markdown")
_LANG_SUFFIX = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z]{2})?$")
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """One content file as read (and cached): never changed afterwards.

    Each later step that knows more (the translation key, inherited values,
    the address, the body with its links resolved) derives a new document with
    ``dataclasses.replace``. ``values`` is a plain dict, as the cache stores
    it, typed Mapping: it is never written into either; a step that changes
    values makes a new dict."""

    kind: str  # schema.ARTICLE / PROJECT / PAGE
    path: str  # relative to content/, POSIX, NFC
    lang: str
    stem: str
    values: Mapping[str, Any]  # typed front matter (after inheritance, once the site is built)
    body_html: str
    facts: BodyFacts
    key_lines: Mapping[str, int] = field(default_factory=dict)
    group: str = ""  # translation key
    inherited: tuple[str, ...] = ()
    inherited_lang: str = ""  # the language of the original the inherited values come from
    url_path: str = ""  # "2018/slug/" (no language prefix)
    slug: str = ""

    def line(self, key: str) -> int | None:
        return self.key_lines.get(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def kind_of(relpath: str) -> str | None:
    top = PurePosixPath(relpath).parts[0] if relpath else ""
    for kind, folder in schema.FOLDERS.items():
        if top == folder:
            return kind
    return None


def split_name(relpath: str, codes: tuple[str, ...], default_lang: str) -> tuple[str, str | None, str]:
    """(stem, lang or None if unknown, suffix as written) from ``stem.lang.md``."""
    name = PurePosixPath(relpath).name
    for suffix in MARKDOWN_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    stem, dot, last = name.rpartition(".")
    if dot and _LANG_SUFFIX.match(last):
        code = last.lower()
        return stem, (code if code in codes else None), last
    return name, default_lang, ""


def read_document(
    content_root: Path,
    relpath: str,
    codes: tuple[str, ...],
    default_lang: str,
    converter: Converter,
    timezone: str = "",
    ordinal_langs: frozenset[str] = frozenset(),
) -> tuple[Document | None, list[Problem]]:
    """One content file, read and validated; ``ordinal_langs``: the languages whose ordinals end with a
    full stop, where a line such as "2018. gada 8. jūnijā" is text, not a numbered list (lvlang.ordinals)."""
    kind = kind_of(relpath)
    assert kind is not None
    problems: list[Problem] = []
    disk_path = relpath
    relpath = unicodedata.normalize("NFC", relpath)  # macOS editors write decomposed names
    stem, lang, written = split_name(relpath, codes, default_lang)
    if lang is None:
        problems.append(
            Problem(
                relpath,
                None,
                "",
                f"unknown language '{written}' in the file name",
                f"use one of: {', '.join(codes)} (e.g. {stem}.{codes[0]}.md), or no suffix for {default_lang}",
            )
        )
        return None, problems
    full = content_root / disk_path
    size = full.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(
            Problem(
                relpath,
                None,
                "",
                f"the file is too large ({size // 1024 // 1024} MB)",
                "split it or move long material into an attachment under files/",
            )
        )
        return None, problems
    raw = full.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                relpath,
                line,
                "",
                "the file is not UTF-8 text",
                'save it as UTF-8 in your editor ("Save with encoding" → UTF-8)',
            )
        )
        return None, problems
    try:
        source = split(normalise(text))
    except FrontMatterError as exc:
        problems.append(Problem(relpath, exc.line, exc.key, exc.message, exc.hint))
        return None, problems
    for key, line in source.duplicate_keys:
        problems.append(Problem(relpath, line, key, f"the key '{key}' is written twice", "keep only one"))
    values, coerce_problems = coerce(
        kind, source.meta, path=relpath, key_lines=source.key_lines, zone=ZoneInfo(timezone) if timezone else None
    )
    problems.extend(coerce_problems)
    body_html, facts = converter.convert(protect_ordinals(source.body) if lang in ordinal_langs else source.body)
    for src in facts.images_without_alt:
        problems.append(
            Problem(
                relpath,
                _line_of(source.body, src, source.body_line),
                "body",
                f"the picture '{src}' has no alternative text",
                "describe it in the brackets: ![Seminar participants at the table](images/x.jpg)",
            )
        )
    problems.extend(markup_problems(relpath, source.body, source.body_line, facts))
    doc = Document(
        kind=kind,
        path=relpath,
        lang=lang,
        stem=stem,
        values=values,
        body_html=body_html,
        facts=facts,
        key_lines=source.key_lines,
    )
    return doc, problems


ATTRIBUTE_HINT = (
    'an attribute list may set only #id, .class, lang="en" and title="..." '
    "(and width=/height= on a picture); see the editor guide"
)


def markup_problems(relpath: str, body: str, offset: int, facts: BodyFacts) -> list[Problem]:
    """What the sanitiser would remove from a body, named for the editor: a dangerous address or
    an event handler or style in an attribute list is an error; another attribute is a warning."""
    problems = []
    for tag, url, why in facts.unsafe_urls:
        what = "the picture address" if tag == "img" else "the link address"
        problems.append(
            Problem(
                relpath,
                _line_of(body, url, offset),
                "body",
                f"{what} '{_shown(url)}': {why}",
                "use an https:// address (or mailto:, tel:, or a path to a file of the site)",
            )
        )
    for tag, name in dict.fromkeys(facts.forbidden_attributes):
        problems.append(
            Problem(
                relpath,
                _attribute_line(body, name, offset),
                "body",
                f"the attribute list sets '{name}' on <{tag}>, which is not allowed "
                "(it could run a script or restyle the page)",
                "remove it; " + ATTRIBUTE_HINT,
            )
        )
    for tag, name in dict.fromkeys(facts.removed_attributes):
        problems.append(
            Problem(
                relpath,
                _attribute_line(body, name, offset),
                "body",
                f"the attribute '{name}' on <{tag}> is not allowed and is left out of the page",
                ATTRIBUTE_HINT,
                severity=WARNING,
            )
        )
    return problems


def _shown(text: str) -> str:
    """``text`` for a message: control characters written as escapes, long text shortened."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _attribute_line(body: str, name: str, offset: int) -> int | None:
    """The line of the first attribute list (``{...}``) that sets ``name``."""
    pattern = re.compile(r"\{[^}\n]*(?<![\w-])" + re.escape(name) + r"\s*=", re.IGNORECASE)
    for i, line in enumerate(body.split("\n")):
        if pattern.search(line):
            return offset + i
    return None


def _line_of(body: str, needle: str, offset: int) -> int | None:
    if not needle:
        return None
    for i, line in enumerate(body.split("\n")):
        if needle in line:
            return offset + i
    return None
