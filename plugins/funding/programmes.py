"""Funding programmes from content/data/programmes.yaml, validated.

A programme has names per language, the funds behind it, the emblem (file and
alternative text per language), the statement set next to the emblem and the
funding notice as a template with {beneficiary}, {project} and {programme}.
A language without its own text uses its fallback (Latgalian uses Latvian),
so only the default language is strictly required.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contentmodel.diagnostics import WARNING, Problem, unsafe_key
from contentmodel.safety import content_path_problem, is_safe_segment
from contentmodel.sanitise import WEB_ADDRESS_HINT, web_address_problem
from lvlang.language import GRAMMATICAL_FORMS, Language
from lvlang.language import pick as pick_text

from .datavalues import DataChecker

PLACEHOLDERS = {"beneficiary", "project", "programme"}
# Placeholders that may name a grammatical form: "{beneficiary:genitive}" (GRAMMATICAL_FORMS).
WITH_FORMS = {"beneficiary"}


def chain_of(lang: Language | str, default_lang: str) -> tuple[str, ...]:
    """A language's fallback chain: its record's, or for a bare code itself then the default language."""
    if isinstance(lang, Language):
        return lang.chain
    return (lang,) if lang == default_lang else (lang, default_lang)


def pick(texts: Mapping[str, str], lang: Language | str, default_lang: str = "") -> str:
    """The text for ``lang``, following its fallback chain (see ``lvlang.language.pick``)."""
    return pick_text(texts, chain_of(lang, default_lang))


def chains(languages: Sequence[str], default_lang: str, fallbacks: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Each language's fallback chain: itself, its fallbacks in turn, the default language."""
    out = {}
    for code in languages:
        chain = [code]
        while fallbacks.get(chain[-1]) and fallbacks[chain[-1]] not in chain:
            chain.append(fallbacks[chain[-1]])
        if default_lang not in chain:
            chain.append(default_lang)
        out[code] = tuple(chain)
    return out


def fallback_warnings(path: str, gaps: Mapping[tuple[str, str], list[str]], what: str) -> list[Problem]:
    """One warning per language and fallback, naming every text (entry.key) shown in the fallback."""
    return [
        Problem(
            path,
            None,
            f"*.{lang}",
            f"{len(keys)} {what} ha{'s' if len(keys) == 1 else 've'} no '{lang}' "
            f"text and {'is' if len(keys) == 1 else 'are'} shown in '{shown}': {', '.join(keys)}",
            f"add {lang}: ... to each of them",
            WARNING,
        )
        for (lang, shown), keys in sorted(gaps.items())
    ]


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

    def name_in(self, lang: Language | str, default_lang: str = "") -> str:
        return pick(self.name, lang, default_lang)


def template_problems(template: str) -> list[tuple[str, str]]:
    """(message, hint) for each thing wrong in a notice template; only bare {beneficiary},
    {project} and {programme} are allowed: no position, conversion, format or attribute/index access."""
    allowed = "use {beneficiary}, {project} or {programme}; the beneficiary may name its form: " + ", ".join(
        f"{{beneficiary:{form}}}" for form in GRAMMATICAL_FORMS
    )
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
            problems.append(
                (
                    f"the placeholder {written} reaches into a value (attribute or index)",
                    f"write the bare name; {allowed}",
                )
            )
        elif name not in PLACEHOLDERS:
            problems.append((f"unknown placeholder {{{name}}}", allowed))
        elif conversion:
            problems.append((f"the placeholder {written} has a conversion (!{conversion})", f"write just {{{name}}}"))
        elif spec and not (name in WITH_FORMS and spec in GRAMMATICAL_FORMS):
            forms = ", ".join(GRAMMATICAL_FORMS)
            problems.append(
                (
                    f"the placeholder {written} has a format (:{spec})",
                    f"the beneficiary's forms are {forms}: write {{{name}:{GRAMMATICAL_FORMS[0]}}}"
                    if name in WITH_FORMS
                    else f"write just {{{name}}}",
                )
            )
    return problems


def forms_needed(template: str) -> set[str]:
    """The grammatical forms of the beneficiary a (valid) notice template asks for ("genitive")."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return set()
    return {spec for _l, name, spec, _c in parts if name in WITH_FORMS and spec in GRAMMATICAL_FORMS}


def validate_programmes(
    data: Mapping[str, Any],
    languages: Sequence[str],
    default_lang: str,
    path: str = "data/programmes.yaml",
    fallbacks: Mapping[str, str] | None = None,
) -> tuple[dict[str, Programme], list[Problem]]:
    """Programmes and the problems found. Every configured language needs its own
    text, except a language with a fallback (Latgalian uses Latvian): its texts
    follow its fallback chain, and a warning names each text shown in a fallback."""
    check = DataChecker(path, data)
    problems = check.problems
    out: dict[str, Programme] = {}
    fallbacks = fallbacks or {}
    chain = chains(languages, default_lang, fallbacks)
    gaps: dict[tuple[str, str], list[str]] = {}

    def need(texts: Mapping[str, str], where: str, what: str, required: bool = True) -> None:
        for lang in languages:
            if texts.get(lang) or texts.get("*"):
                continue
            shown = next((code for code in chain[lang][1:] if texts.get(code)), "") if fallbacks.get(lang) else ""
            if shown:
                gaps.setdefault((lang, shown), []).append(where)
            elif required:
                check.error(
                    f"{where}.{lang}",
                    f"{what} has no '{lang}' text",
                    f"add {where.rsplit('.', 1)[-1]}: {{{lang}: ...}}",
                )

    for key, entry in (data or {}).items():
        key = str(key)
        if not is_safe_segment(key):
            problems.append(unsafe_key(path, key, "programme"))
            continue
        if not isinstance(entry, Mapping):
            check.error(
                key, "a programme must be a set of keys (name, notice, ...)", "see the other programmes in the file"
            )
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
                check.error(
                    f"{key}.emblem",
                    "the emblem needs a file",
                    "emblem: {file: images/emblems/eu-emblem.svg, alt: {lv: ..., en: ...}}",
                )
            else:
                alt = check.texts(raw_emblem.get("alt"), f"{key}.emblem.alt", bare_key="*")
                need(alt, f"{key}.emblem.alt", "the emblem's alternative text")
                emblem_file = check.text(raw_emblem["file"], f"{key}.emblem.file")
                emblem = Emblem(emblem_file.lstrip("/"), alt) if emblem_file else None
                if emblem is not None:
                    problems.extend(_emblem_path_problems(path, key, emblem.file))
        elif eu_funded:
            check.error(
                f"{key}.emblem",
                "an EU-funded programme must show the EU emblem",
                "add emblem: {file: images/emblems/eu-emblem.svg, alt: {...}} or set eu_funded: false",
            )
        raw_funds = entry.get("funds")
        if raw_funds is not None and not isinstance(raw_funds, list):
            check.error(
                f"{key}.funds",
                "must be a list of funds",
                "write it like funds: [{lv: ..., en: ...}, {lv: ..., en: ...}]",
            )
            raw_funds = None
        funds = tuple(
            texts
            for i, f in enumerate(raw_funds or (), 1)
            if (texts := check.texts(f, f"{key}.funds.{i}", bare_key="*"))
        )
        out[key] = Programme(
            key=key,
            name=name,
            short_name=check.texts(entry.get("short_name"), f"{key}.short_name", bare_key="*"),
            funds=funds,
            eu_funded=eu_funded,
            website=check.text(entry.get("website"), f"{key}.website"),
            emblem=emblem,
            statement=check.texts(entry.get("statement"), f"{key}.statement", bare_key="*", single_line=False),
            notice=notice,
        )
        problems.extend(_website_problems(path, key, entry))
        if out[key].statement:
            need(out[key].statement, f"{key}.statement", "the statement", required=False)
        for i, fund in enumerate(funds, 1):
            need(fund, f"{key}.funds.{i}", "the fund's name", required=False)
    problems.extend(fallback_warnings(path, gaps, "programme text(s)"))
    return out, problems


def _website_problems(path: str, key: str, entry: Mapping[str, Any]) -> list[Problem]:
    """The programme's website must be an http(s) address (see contentmodel.sanitise)."""
    if "website" not in entry or entry["website"] in (None, ""):
        return []
    why = web_address_problem(str(entry["website"]))
    return (
        [Problem(path, None, f"{key}.website", f"the website {str(entry['website'])!r} {why}", WEB_ADDRESS_HINT)]
        if why
        else []
    )


def _emblem_path_problems(path: str, key: str, file: str) -> list[Problem]:
    why = content_path_problem(file)
    return (
        [
            Problem(
                path,
                None,
                f"{key}.emblem.file",
                f"the emblem {file!r} {why}",
                "write the path of the file, e.g. images/emblems/eu-emblem.svg",
            )
        ]
        if why
        else []
    )
