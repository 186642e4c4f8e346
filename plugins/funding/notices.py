"""Which funding notices an article carries, and finding notices typed by hand.

One notice per programme of the article's projects, in the article's
language (following its fallback chain: Latgalian uses Latvian), with the beneficiary filled in.
A state-budget programme gives its national statement in the same block,
without the EU emblem.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

from lvlang.language import Language

from .programmes import Programme, pick


@dataclass(frozen=True)
class ProjectInfo:
    code: str
    title: str
    programme: str
    beneficiary: str | None = None


@dataclass(frozen=True)
class Notice:
    programme: str
    emblem_file: str | None
    emblem_alt: str
    statement: str
    text: str


def notices_for(project_codes: Sequence[str], projects: Mapping[str, ProjectInfo],
                programmes: Mapping[str, Programme], lang: "Language | str", default_lang: str,
                default_beneficiary: str) -> list[Notice]:
    """The notices of ``project_codes`` in ``lang`` (its record: texts follow its fallback chain)."""
    by_programme: dict[str, list[ProjectInfo]] = {}
    for code in project_codes:
        info = projects.get(code)
        if info is None or info.programme not in programmes:
            continue
        group = by_programme.setdefault(info.programme, [])
        if info not in group:
            group.append(info)
    notices = []
    for key, infos in by_programme.items():
        programme = programmes[key]
        beneficiaries = list(dict.fromkeys(i.beneficiary or default_beneficiary for i in infos))
        values = {"beneficiary": ", ".join(beneficiaries), "project": ", ".join(f"{i.code} \u201c{i.title}\u201d" for i in infos),
                  "programme": programme.name_in(lang, default_lang)}
        template = pick(programme.notice, lang, default_lang)
        emblem = programme.emblem
        notices.append(Notice(
            programme=key,
            emblem_file=emblem.file if emblem else None,
            emblem_alt=pick(emblem.alt, lang, default_lang) if emblem else "",
            statement=pick(programme.statement, lang, default_lang),
            text=fill(template, values) if template else "",
        ))
    return notices


def fill(template: str, values: Mapping[str, str]) -> str:
    """The notice with its placeholders replaced by ``values``.

    No ``str.format``: the template comes from a data file, and only a bare
    known name is replaced. Anything else (a format, a conversion, an attribute
    or index, an unknown name; ``validate_programmes`` refuses them) stays as
    written, and a template that does not parse is returned unchanged."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return template
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if name in values and not spec and not conversion:
            out.append(values[name])
        else:
            out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


_QUOTES = re.compile(r"[\u201c\u201d\u201e\u00ab\u00bb\"'\u2018\u2019]")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_QUOTES.sub("", text).split())


def _fragments(template: str) -> list[str]:
    try:
        literals = [literal for literal, _f, _s, _c in string.Formatter().parse(template)]
    except ValueError:          # an invalid template is reported by validate_programmes
        return []
    parts = (_normal(literal).strip(" ,.") for literal in literals)
    return [p for p in parts if len(p) >= 30]


class TypedNoticeFinder:
    """Finds the fixed wording of any programme's official notice in a text."""

    def __init__(self, programmes: Mapping[str, Programme]):
        fragments = {f for programme in programmes.values() for template in programme.notice.values()
                     for f in _fragments(template)}
        self.fragments = sorted(fragments, key=lambda f: (-len(f), f))

    def find(self, text: str) -> str | None:
        """The first fragment of an official notice found in ``text`` (typed by hand), or None."""
        if not self.fragments:
            return None
        body = _normal(text)
        return next((f for f in self.fragments if f in body), None)
