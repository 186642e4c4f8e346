"""Municipalities from content/data/municipalities.yaml, with the 2021 reform as history.

A former municipality names the one it joined (``merged_into``), so an
article tagged "Aglona" also appears on the Preiļu novads page. Editors may
name a municipality by key, by any of its names or by a usual spelling;
matching ignores case and diacritics.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from contentmodel.diagnostics import Problem, nearest, unsafe_key
from contentmodel.safety import is_safe_segment
from contentmodel.sanitise import WEB_ADDRESS_HINT, web_address_problem
from lvlang.translit import fold

from .datavalues import DataChecker
from .programmes import chains, fallback_warnings


@dataclass(frozen=True)
class Municipality:
    key: str
    name: Mapping[str, str]
    short: Mapping[str, str] = field(default_factory=dict)
    genitive: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    kind: str = "novads"
    until: dt.date | None = None
    merged_into: str | None = None
    website: str = ""


def validate_municipalities(data: Mapping[str, Any], languages: Sequence[str], default_lang: str,
                            path: str = "data/municipalities.yaml",
                            fallbacks: Mapping[str, str] | None = None) -> tuple[dict[str, Municipality], list[Problem]]:
    """Municipalities and the problems found. A name missing in a language follows the
    language's fallback chain; a warning names the names shown in a fallback language."""
    check = DataChecker(path, data)
    problems = check.problems
    out: dict[str, Municipality] = {}
    chain = chains(languages, default_lang, fallbacks or {})
    gaps: dict[tuple[str, str], list[str]] = {}
    for key, entry in (data or {}).items():
        key = str(key)
        if not is_safe_segment(key):
            problems.append(unsafe_key(path, key, "municipality"))
            continue
        if not isinstance(entry, Mapping):
            check.error(key, "a municipality must be a set of keys (name, ...)",
                        f"write it like {key}: {{name: {{lv: ..., en: ...}}}}")
            continue
        name = check.texts(entry.get("name"), f"{key}.name", bare_key=default_lang)
        if not name.get(default_lang):
            check.error(f"{key}.name.{default_lang}", f"'{key}' has no {default_lang} name",
                        f"add name: {{{default_lang}: ...}}")
        for lang in languages:
            shown = next((code for code in chain[lang] if name.get(code)), "")
            if shown and shown != lang:
                gaps.setdefault((lang, shown), []).append(f"{key}.name")
        merged_into = check.text(entry.get("merged_into"), f"{key}.merged_into") or None
        out[key] = Municipality(
            key=key, name=name, short=check.texts(entry.get("short"), f"{key}.short", bare_key=default_lang),
            genitive=check.texts(entry.get("genitive"), f"{key}.genitive", bare_key=default_lang),
            aliases=check.text_list(entry.get("aliases"), f"{key}.aliases"),
            kind=check.text(entry.get("kind"), f"{key}.kind", default="novads"),
            until=check.date(entry.get("until"), f"{key}.until"), merged_into=merged_into,
            website=check.text(entry.get("website"), f"{key}.website"))
    problems.extend(fallback_warnings(path, gaps, "municipality name(s)"))
    problems.extend(_website_problems(path, out))
    for m in out.values():
        if m.merged_into is None:
            continue
        target = out.get(m.merged_into)
        if target is None:
            check.error(f"{m.key}.merged_into", f"unknown municipality '{m.merged_into}'",
                        "merged_into must be the key of a present municipality")
        elif target.merged_into:
            check.error(f"{m.key}.merged_into", f"'{m.merged_into}' is itself a former municipality",
                        f"point to the present one: {target.merged_into}")
    return out, problems


class MunicipalityIndex:
    """Look-ups over the municipalities of one build."""

    def __init__(self, municipalities: Mapping[str, Municipality]):
        self._by_key = dict(municipalities)
        self._by_name: dict[str, str] = {}
        # Explicit names win over forms derived from the genitive ("Preiļu" -> "Preiļu novads").
        for m in self._by_key.values():
            for form in (m.key, *m.name.values(), *m.short.values(), *m.aliases):
                self._by_name.setdefault(self._norm(form), m.key)
        for m in self._by_key.values():
            derived = list(m.genitive.values())
            if m.kind == "novads":
                derived += [f"{g} novads" for g in m.genitive.values()]
            for form in derived:
                self._by_name.setdefault(self._norm(form), m.key)

    @staticmethod
    def _norm(text: str) -> str:
        return " ".join(fold(text).casefold().replace("-", " ").split())

    def all(self) -> list[Municipality]:
        return list(self._by_key.values())

    def get(self, key: str) -> Municipality | None:
        return self._by_key.get(key)

    def resolve(self, name: str) -> Municipality | None:
        key = self._by_name.get(self._norm(name))
        return self._by_key.get(key) if key else None

    def suggest(self, name: str) -> str | None:
        match = nearest(self._norm(name), self._by_name, cutoff=0.6)
        if match is None:
            return None
        m = self._by_key[self._by_name[match]]
        return m.name.get("lv") or m.key

    def current(self, key: str) -> Municipality:
        m = self._by_key[key]
        seen = {key}
        while m.merged_into and m.merged_into in self._by_key and m.merged_into not in seen:
            seen.add(m.merged_into)
            m = self._by_key[m.merged_into]
        return m

    def former_of(self, key: str) -> list[Municipality]:
        return sorted((m for m in self._by_key.values() if m.merged_into == key), key=lambda m: m.key)


def _website_problems(path: str, municipalities: Mapping[str, Municipality]) -> list[Problem]:
    """A municipality's website must be an http(s) address (see contentmodel.sanitise)."""
    problems = []
    for m in municipalities.values():
        why = web_address_problem(m.website) if m.website else None
        if why:
            problems.append(Problem(path, None, f"{m.key}.website", f"the website {m.website!r} {why}",
                                    WEB_ADDRESS_HINT))
    return problems
