"""Municipalities from content/data/municipalities.yaml, with the 2021 reform as history.

A former municipality names the one it joined (``merged_into``), so an
article tagged "Aglona" also appears on the Preiļu novads page. Editors may
name a municipality by key, by any of its names or by a usual spelling;
matching ignores case and diacritics.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from contentmodel.diagnostics import Problem
from lvlang.translit import fold

from .datavalues import DataChecker


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
                            path: str = "data/municipalities.yaml") -> tuple[dict[str, Municipality], list[Problem]]:
    check = DataChecker(path, data)
    problems = check.problems
    out: dict[str, Municipality] = {}
    for key, entry in (data or {}).items():
        key = str(key)
        if not isinstance(entry, Mapping):
            check.error(key, "a municipality must be a set of keys (name, ...)",
                        f"write it like {key}: {{name: {{lv: ..., en: ...}}}}")
            continue
        name = check.texts(entry.get("name"), f"{key}.name", bare_key=default_lang)
        if not name.get(default_lang):
            check.error(f"{key}.name.{default_lang}", f"'{key}' has no {default_lang} name",
                        f"add name: {{{default_lang}: ...}}")
        merged_into = check.text(entry.get("merged_into"), f"{key}.merged_into") or None
        out[key] = Municipality(
            key=key, name=name, short=check.texts(entry.get("short"), f"{key}.short", bare_key=default_lang),
            genitive=check.texts(entry.get("genitive"), f"{key}.genitive", bare_key=default_lang),
            aliases=check.text_list(entry.get("aliases"), f"{key}.aliases"),
            kind=check.text(entry.get("kind"), f"{key}.kind", default="novads"),
            until=check.date(entry.get("until"), f"{key}.until"), merged_into=merged_into,
            website=check.text(entry.get("website"), f"{key}.website"))
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
        match = difflib.get_close_matches(self._norm(name), list(self._by_name), n=1, cutoff=0.6)
        if not match:
            return None
        m = self._by_key[self._by_name[match[0]]]
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
