"""Funding programmes from content/data/programmes.yaml, validated.

A programme has names per language, the funds behind it, the emblem (file and
alternative text per language), the statement set next to the emblem and the
funding notice as a template with {beneficiary}, {project} and {programme}.
A language without its own text uses its fallback (Latgalian uses Latvian),
so only the default language is strictly required.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from contentmodel.diagnostics import Problem

from .datavalues import DataChecker

PLACEHOLDERS = {"beneficiary", "project", "programme"}
FALLBACK = {"ltg": "lv"}


def pick(texts: Mapping[str, str], lang: str, default_lang: str) -> str:
    for code in (lang, FALLBACK.get(lang, ""), default_lang):
        if code and texts.get(code):
            return texts[code]
    return ""


@dataclass(frozen=True)
class Emblem:
    file: str
    alt: Mapping[str, str]


@dataclass(frozen=True)
class Programme:
    key: str
    name: Mapping[str, str]
    short_name: Mapping[str, str] = field(default_factory=dict)
    funds: tuple[Mapping[str, str], ...] = ()
    eu_funded: bool = True
    website: str = ""
    emblem: Emblem | None = None
    statement: Mapping[str, str] = field(default_factory=dict)
    notice: Mapping[str, str] = field(default_factory=dict)

    def name_in(self, lang: str, default_lang: str = "lv") -> str:
        return pick(self.name, lang, default_lang)


def template_problems(template: str) -> list[tuple[str, str]]:
    """(message, hint) for each thing wrong in a notice template; only bare {beneficiary},
    {project} and {programme} are allowed: no position, conversion, format or attribute/index access."""
    allowed = "use {beneficiary}, {project} or {programme}"
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return [(f"the notice is not a valid template ({exc})", f"{allowed}; write other braces twice: {{{{ }}}}")]
    problems = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if name == "" or name.isdigit():
            problems.append((f"the placeholder {written} has no name", allowed))
        elif any(c in name for c in ".[]"):
            problems.append((f"the placeholder {written} reaches into a value (attribute or index)",
                             f"write the bare name; {allowed}"))
        elif name not in PLACEHOLDERS:
            problems.append((f"unknown placeholder {{{name}}}", allowed))
        elif conversion:
            problems.append((f"the placeholder {written} has a conversion (!{conversion})", f"write just {{{name}}}"))
        elif spec:
            problems.append((f"the placeholder {written} has a format (:{spec})", f"write just {{{name}}}"))
    return problems


def validate_programmes(data: Mapping[str, Any], languages: Sequence[str], default_lang: str,
                        path: str = "data/programmes.yaml",
                        fallbacks: Mapping[str, str] | None = None) -> tuple[dict[str, Programme], list[Problem]]:
    """Programmes and the problems found. Every configured language needs its own
    text, except a language with a fallback (Latgalian uses Latvian)."""
    check = DataChecker(path, data)
    problems = check.problems
    out: dict[str, Programme] = {}
    fallbacks = FALLBACK if fallbacks is None else fallbacks

    def need(texts: dict[str, str], where: str, what: str) -> None:
        for lang in languages:
            if not (texts.get(lang) or texts.get(fallbacks.get(lang, "")) or texts.get("*")):
                check.error(f"{where}.{lang}", f"{what} has no '{lang}' text",
                            f"add {where.rsplit('.', 1)[-1]}: {{{lang}: ...}}")

    for key, entry in (data or {}).items():
        key = str(key)
        if not isinstance(entry, Mapping):
            check.error(key, "a programme must be a set of keys (name, notice, ...)",
                        "see the other programmes in the file")
            continue
        name = check.texts(entry.get("name"), f"{key}.name", bare_key="*")
        need(name, f"{key}.name", f"programme '{key}'")
        notice = check.texts(entry.get("notice"), f"{key}.notice", bare_key="*", single_line=False)
        need(notice, f"{key}.notice", f"the notice of '{key}'")
        for lang, text in list(notice.items()):
            found = template_problems(text)
            for message, hint in found:
                check.error(f"{key}.notice.{lang}", message, hint)
            if found:
                del notice[lang]
        emblem = None
        raw_emblem = entry.get("emblem")
        eu_funded = check.flag(entry.get("eu_funded"), f"{key}.eu_funded", True)
        if raw_emblem:
            if not isinstance(raw_emblem, Mapping) or not raw_emblem.get("file"):
                check.error(f"{key}.emblem", "the emblem needs a file",
                            "emblem: {file: images/emblems/eu-emblem.svg, alt: {lv: ..., en: ...}}")
            else:
                alt = check.texts(raw_emblem.get("alt"), f"{key}.emblem.alt", bare_key="*")
                need(alt, f"{key}.emblem.alt", "the emblem's alternative text")
                emblem_file = check.text(raw_emblem["file"], f"{key}.emblem.file")
                emblem = Emblem(emblem_file.lstrip("/"), alt) if emblem_file else None
        elif eu_funded:
            check.error(f"{key}.emblem", "an EU-funded programme must show the EU emblem",
                        "add emblem: {file: images/emblems/eu-emblem.svg, alt: {...}} or set eu_funded: false")
        raw_funds = entry.get("funds")
        if raw_funds is not None and not isinstance(raw_funds, list):
            check.error(f"{key}.funds", "must be a list of funds",
                        "write it like funds: [{lv: ..., en: ...}, {lv: ..., en: ...}]")
            raw_funds = None
        funds = tuple(texts for i, f in enumerate(raw_funds or (), 1)
                      if (texts := check.texts(f, f"{key}.funds.{i}", bare_key="*")))
        out[key] = Programme(key=key, name=name,
                             short_name=check.texts(entry.get("short_name"), f"{key}.short_name", bare_key="*"),
                             funds=funds, eu_funded=eu_funded, website=check.text(entry.get("website"), f"{key}.website"),
                             emblem=emblem,
                             statement=check.texts(entry.get("statement"), f"{key}.statement", bare_key="*",
                                                   single_line=False),
                             notice=notice)
    return out, problems
