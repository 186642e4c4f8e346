"""Municipalities from content/data/municipalities.yaml, with their history as dated changes.

A former municipality names the one it joined (a ``merged_into`` change, or the
shorthand ``until`` + ``merged_into``), so an article tagged "Aglona" also appears
on the Preiļu novads page; merges chain (Varakļānu novads, itself a 2009
municipality, joined Madonas novads on 1 July 2025). Editors may
name a municipality by key, by any of its names or by a usual spelling;
matching ignores case and diacritics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from contentmodel.config import PLANNING_REGIONS
from contentmodel.diagnostics import Problem, nearest, unsafe_key
from contentmodel.safety import is_safe_segment
from contentmodel.sanitise import WEB_ADDRESS_HINT, web_address_problem
from lvlang.translit import fold

from .datavalues import DataChecker
from .programmes import chains, fallback_warnings

REGIONS = PLANNING_REGIONS
KINDS = ("novads", "valstspilsēta", "republikas pilsēta")
MERGED_INTO, RENAMED, JOINED_BY, ESTABLISHED = "merged_into", "renamed", "joined_by", "established"
CHANGES = (MERGED_INTO, RENAMED, JOINED_BY, ESTABLISHED)


@dataclass(frozen=True)
class Change:
    """One dated change; ``date`` is the first day of the new state (a merge on 2021-07-01 means
    the municipality's last day was 2021-06-30)."""

    date: dt.date
    change: str
    into: str = ""  # merged_into: the successor's key
    source: str = ""  # the legal act
    note: Mapping[str, str] = field(default_factory=dict)
    former_name: Mapping[str, str] = field(default_factory=dict)  # renamed: the name before ``date``
    former_kind: str = ""  # renamed: the kind before ``date``
    by: tuple[str, ...] = ()  # joined_by: the keys that joined
    origin: str = field(default="", compare=False)  # its dotted key in the file, for messages


@dataclass(frozen=True)
class Municipality:
    key: str
    name: Mapping[str, str]
    short: Mapping[str, str] = field(default_factory=dict)
    genitive: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    kind: str = "novads"
    until: dt.date | None = None  # the last day, for one that merged into another
    merged_into: str | None = None  # the key it merged into
    website: str = ""
    region: str = ""
    history: tuple[Change, ...] = ()

    # cached: the checks ask every document's municipalities for them on every build (the history never changes)
    @cached_property
    def merge(self) -> Change | None:
        return next((c for c in self.history if c.change == MERGED_INTO), None)

    @cached_property
    def since(self) -> dt.date | None:
        """The first day, for one established by a change (None: it existed before the data begins)."""
        return next((c.date for c in self.history if c.change == ESTABLISHED), None)

    @cached_property
    def ceased(self) -> dt.date | None:
        """The first day it no longer existed (the day of its merge), or None."""
        merge = self.merge
        return merge.date if merge else None

    def exists_on(self, day: dt.date) -> bool:
        since, ceased = self.since, self.ceased
        return (since is None or since <= day) and (ceased is None or day < ceased)


@dataclass(frozen=True)
class AsOf:
    """A municipality as it was on one day: its name and kind then, whether it existed, and the
    municipality its territory belonged to on that day when it no longer did."""

    municipality: Municipality
    day: dt.date
    exists: bool
    name: Mapping[str, str]
    kind: str
    successor: Municipality | None = None


def validate_municipalities(
    data: Mapping[str, Any],
    languages: Sequence[str],
    default_lang: str,
    path: str = "data/municipalities.yaml",
    fallbacks: Mapping[str, str] | None = None,
) -> tuple[dict[str, Municipality], list[Problem]]:
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
            check.error(
                key,
                "a municipality must be a set of keys (name, ...)",
                f"write it like {key}: {{name: {{lv: ..., en: ...}}}}",
            )
            continue
        name = check.texts(entry.get("name"), f"{key}.name", bare_key=default_lang)
        if not name.get(default_lang):
            check.error(
                f"{key}.name.{default_lang}",
                f"'{key}' has no {default_lang} name",
                f"add name: {{{default_lang}: ...}}",
            )
        for lang in languages:
            shown = next((code for code in chain[lang] if name.get(code)), "")
            if shown and shown != lang:
                gaps.setdefault((lang, shown), []).append(f"{key}.name")
        history = _history(check, key, entry, default_lang)
        merge = next((c for c in history if c.change == MERGED_INTO), None)
        out[key] = Municipality(
            key=key,
            name=name,
            short=check.texts(entry.get("short"), f"{key}.short", bare_key=default_lang),
            genitive=check.texts(entry.get("genitive"), f"{key}.genitive", bare_key=default_lang),
            aliases=check.text_list(entry.get("aliases"), f"{key}.aliases"),
            kind=_choice(check, entry.get("kind"), f"{key}.kind", KINDS, "novads"),
            until=merge.date - dt.timedelta(days=1) if merge else None,
            merged_into=merge.into if merge else None,
            website=check.text(entry.get("website"), f"{key}.website"),
            region=_choice(check, entry.get("region"), f"{key}.region", REGIONS, ""),
            history=history,
        )
    problems.extend(fallback_warnings(path, gaps, "municipality name(s)"))
    problems.extend(_website_problems(path, out))
    _check_successors(check, out)
    return out, problems


def _choice(check: DataChecker, value: Any, where: str, allowed: Sequence[str], default: str) -> str:
    text = check.text(value, where, default=default)
    if text and text not in allowed:
        check.error(where, f"'{text}' is not one of {', '.join(allowed)}", f"write one of: {', '.join(allowed)}")
        return default
    return text


def _history(check: DataChecker, key: str, entry: Mapping[str, Any], default_lang: str) -> tuple[Change, ...]:
    """The entry's changes: ``history:``, or the shorthand ``until`` + ``merged_into`` (one merge on the
    day after ``until``, with an optional ``source``)."""
    raw = entry.get("history")
    shorthand = "until" in entry or "merged_into" in entry
    if raw is not None and shorthand:
        check.error(
            f"{key}.until" if "until" in entry else f"{key}.merged_into",
            "'until'/'merged_into' and 'history' both describe the merge",
            "write the merge once, as a history entry {date: ..., change: merged_into, into: ..., source: ...}",
        )
        return ()
    if shorthand:
        return _shorthand(check, key, entry)
    if raw is None:
        return ()
    if not isinstance(raw, (list, tuple)):
        check.error(
            f"{key}.history",
            "history must be a list of dated changes",
            "write it like history: [{date: 2021-07-01, change: merged_into, into: preili, source: ...}]",
        )
        return ()
    changes = [_change(check, f"{key}.history.{i}", item, default_lang) for i, item in enumerate(raw, 1)]
    found = tuple(c for c in changes if c is not None)
    _check_order(check, found)
    return found


def _shorthand(check: DataChecker, key: str, entry: Mapping[str, Any]) -> tuple[Change, ...]:
    until = check.date(entry.get("until"), f"{key}.until")
    into = check.text(entry.get("merged_into"), f"{key}.merged_into")
    if "until" not in entry or not into:
        missing = "merged_into" if "until" in entry else "until"
        check.error(
            f"{key}.{missing}",
            f"'{key}' has {'until' if missing == 'merged_into' else 'merged_into'} but no {missing}",
            "a former municipality needs both: until: <its last day> and merged_into: <the key of the one it joined>",
        )
        return ()
    if until is None:
        return ()
    return (
        Change(
            until + dt.timedelta(days=1),
            MERGED_INTO,
            into=into,
            source=check.text(entry.get("source"), f"{key}.source"),
            origin=f"{key}.merged_into",
        ),
    )


def _change(check: DataChecker, where: str, item: Any, default_lang: str) -> Change | None:
    if not isinstance(item, Mapping):
        check.error(
            where,
            "a change must be a set of keys",
            "write it like {date: 2021-07-01, change: merged_into, into: preili, source: ...}",
        )
        return None
    day = check.date(item.get("date"), f"{where}.date")
    if "date" not in item:
        check.error(f"{where}.date", "the change has no date", "add date: YYYY-MM-DD, the first day of the new state")
    kind = _choice(check, item.get("change"), f"{where}.change", CHANGES, "")
    if not kind and "change" not in item:
        check.error(
            f"{where}.change", "the change does not say what changed", f"add change: one of {', '.join(CHANGES)}"
        )
    source = check.text(item.get("source"), f"{where}.source")
    if not source:
        check.error(
            f"{where}.source",
            "the change names no source",
            "add source: the legal act that made it (its name, date and Latvijas Vēstnesis reference)",
        )
    if day is None or not kind:
        return None
    return Change(
        day,
        kind,
        into=check.text(item.get("into"), f"{where}.into"),
        source=source,
        note=check.texts(item.get("note"), f"{where}.note", bare_key=default_lang),
        former_name=_former_name(check, where, item, kind, default_lang),
        former_kind=_choice(check, item.get("from_kind"), f"{where}.from_kind", KINDS, ""),
        by=check.text_list(item.get("by"), f"{where}.by"),
        origin=where,
    )


def _former_name(
    check: DataChecker, where: str, item: Mapping[str, Any], kind: str, default_lang: str
) -> dict[str, str]:
    name = check.texts(item.get("from"), f"{where}.from", bare_key=default_lang)
    if kind == RENAMED and not name.get(default_lang):
        check.error(
            f"{where}.from",
            "a renaming must give the name before it",
            f"add from: {{{default_lang}: ..., en: ...}}, the name used until the day before the date",
        )
    return name


def _check_order(check: DataChecker, changes: Sequence[Change]) -> None:
    """Dates in order, a merge last, an establishment first."""
    for n, c in enumerate(changes):
        if n and c.date < changes[n - 1].date:
            check.error(
                f"{c.origin}.date",
                f"the change on {c.date} is listed after one on {changes[n - 1].date}",
                "list the changes oldest first",
            )
        if c.change == MERGED_INTO and n != len(changes) - 1:
            check.error(
                f"{c.origin}.change",
                "a change is listed after the merge",
                "a municipality ends with its merge; put later changes on its successor",
            )
        if c.change == ESTABLISHED and n != 0:
            check.error(f"{c.origin}.change", "the establishment is not the first change", "list it first")


def _check_successors(check: DataChecker, out: Mapping[str, Municipality]) -> None:
    for m in out.values():
        for c in m.history:
            if c.change == MERGED_INTO:
                _check_merge(check, out, m, c)
            elif c.change == JOINED_BY:
                _check_joined(check, out, m, c)
    _check_cycles(check, out)


def _check_merge(check: DataChecker, out: Mapping[str, Municipality], m: Municipality, c: Change) -> None:
    into = c.origin if c.origin.endswith(".merged_into") else f"{c.origin}.into"
    if not c.into:
        check.error(
            into, f"the merge of '{m.key}' does not say into which municipality", "add into: <the key of the successor>"
        )
        return
    target = out.get(c.into)
    if target is None:
        guess = nearest(c.into, list(out))
        check.error(
            into,
            f"unknown municipality '{c.into}'",
            f"did you mean '{guess}'?" if guess else "into must be the key of a municipality in this file",
        )
        return
    if not target.exists_on(c.date):
        check.error(into, _absent_message(target, c.date), _absent_hint(out, target, c.date))


def _absent_message(target: Municipality, day: dt.date) -> str:
    if target.since and day < target.since:
        return f"'{target.key}' did not exist yet on {day} (it was established on {target.since})"
    return f"'{target.key}' no longer existed on {day} (it merged into '{target.merged_into}' on {target.ceased})"


def _absent_hint(out: Mapping[str, Municipality], target: Municipality, day: dt.date) -> str:
    if target.ceased and day >= target.ceased:
        then = _successor_on(out, target, day)
        return f"point to the one that existed then: into: {then.key}" if then else "point to the one that existed then"
    return "check the date, or point to the municipality that existed on that day"


def _check_joined(check: DataChecker, out: Mapping[str, Municipality], m: Municipality, c: Change) -> None:
    for n, key in enumerate(c.by, 1):
        part = out.get(key)
        if part is None:
            check.error(
                f"{c.origin}.by.{n}",
                f"unknown municipality '{key}'",
                "by must list keys of municipalities in this file",
            )
        elif part.merged_into != m.key or part.ceased != c.date:
            check.error(
                f"{c.origin}.by.{n}",
                f"'{key}' does not merge into '{m.key}' on {c.date}",
                f"give '{key}' the change {{date: {c.date}, change: merged_into, into: {m.key}}}, "
                "or correct this entry",
            )


def _check_cycles(check: DataChecker, out: Mapping[str, Municipality]) -> None:
    for m in out.values():
        seen, step = {m.key}, m
        while step.merged_into and step.merged_into in out:
            step = out[step.merged_into]
            if step.key in seen:
                check.error(
                    f"{m.key}.history",
                    f"'{m.key}' merges, through others, back into itself",
                    "each merge must go to a municipality that still existed; check the chain",
                )
                break
            seen.add(step.key)


def _successor_on(out: Mapping[str, Municipality], m: Municipality, day: dt.date) -> Municipality | None:
    """Where ``m``'s territory belonged on ``day``: ``m`` itself, or the successor existing then."""
    seen = {m.key}
    while not m.exists_on(day) and m.ceased and day >= m.ceased and m.merged_into in out:
        m = out[m.merged_into or ""]
        if m.key in seen:
            return None
        seen.add(m.key)
    return m if m.exists_on(day) else None


class MunicipalityIndex:
    """Look-ups over the municipalities of one build."""

    def __init__(self, municipalities: Mapping[str, Municipality]):
        self._by_key = dict(municipalities)
        self._by_name: dict[str, str] = {}
        # Explicit names win over forms derived from the genitive ("Preiļu" -> "Preiļu novads").
        for m in self._by_key.values():
            former = [n for c in m.history for n in c.former_name.values()]
            for form in (m.key, *m.name.values(), *m.short.values(), *m.aliases, *former):
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

    def current(self, key: str, day: dt.date | None = None) -> Municipality:
        """The municipality ``key``'s territory belongs to: today's (following every merge), or on ``day``
        (following the merges made by then)."""
        m = self._by_key[key]
        seen = {key}
        while m.merged_into and m.merged_into in self._by_key and m.merged_into not in seen:
            if day is not None and m.ceased is not None and day < m.ceased:
                break
            seen.add(m.merged_into)
            m = self._by_key[m.merged_into]
        return m

    def on(self, key: str, day: dt.date) -> AsOf:
        """What ``key`` was on ``day``: whether it existed, its name and kind then, and where it belonged."""
        m = self._by_key[key]
        name, kind = dict(m.name), m.kind
        for c in reversed(m.history):
            if c.change == RENAMED and day < c.date:
                name, kind = dict(c.former_name), c.former_kind or kind
        exists = m.exists_on(day)
        successor = None if exists else _successor_on(self._by_key, m, day)
        return AsOf(m, day, exists, name, kind, successor)

    def existing_on(self, day: dt.date) -> list[Municipality]:
        return [m for m in self._by_key.values() if m.exists_on(day)]

    def listed(self, regions: Sequence[str], day: dt.date, tagged: Iterable[str] = ()) -> list[Municipality]:
        """What a site lists on ``day``: the municipalities existing then in its planning ``regions``, and
        the ones the ``tagged`` keys (those its content names) belong to on that day."""
        keys = {m.key for m in self.existing_on(day) if m.region in regions}
        keys |= {self.current(key, day).key for key in tagged if key in self._by_key}
        return [m for m in self._by_key.values() if m.key in keys]

    def late_use(self, key: str, day: dt.date) -> tuple[Municipality, Municipality] | None:
        """(the municipality, its successor on ``day``) when ``key`` no longer existed on ``day``."""
        m = self._by_key.get(key)
        if m is None or m.ceased is None or day < m.ceased:
            return None
        return m, self.current(key, day)

    def former_of(self, key: str) -> list[Municipality]:
        """The municipalities that merged directly into ``key``, oldest merge first."""
        return sorted(
            (m for m in self._by_key.values() if m.merged_into == key), key=lambda m: (m.ceased or dt.date.min, m.key)
        )

    def parts_of(self, key: str) -> list[Municipality]:
        """Every municipality whose territory ``key`` took in, directly or through a chain of merges."""
        found: list[Municipality] = []
        todo = [key]
        while todo:
            for m in self.former_of(todo.pop()):
                if m not in found and m.key != key:
                    found.append(m)
                    todo.append(m.key)
        return found


def _website_problems(path: str, municipalities: Mapping[str, Municipality]) -> list[Problem]:
    """A municipality's website must be an http(s) address (see contentmodel.sanitise)."""
    problems = []
    for m in municipalities.values():
        why = web_address_problem(m.website) if m.website else None
        if why:
            problems.append(
                Problem(path, None, f"{m.key}.website", f"the website {m.website!r} {why}", WEB_ADDRESS_HINT)
            )
    return problems
