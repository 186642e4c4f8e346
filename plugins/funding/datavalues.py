"""Type and value checks for the data files (programmes.yaml, municipalities.yaml).

The data files are read as text (no YAML 1.1 guessing, see
``contentmodel.frontmatter.load_yaml_text``), so every value that should be a
flag or a date is parsed here from its text; values typed by another YAML
reader (numbers, booleans, dates) are accepted where they make sense and named
where text is expected. Every problem names the entry and the key
(``rrf.notice.en``) and, when the data came from ``load_yaml_text``, the line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from contentmodel.diagnostics import Problem
from contentmodel.safety import CONTROL_HINT, control_character_problem

_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a set of keys"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return type(value).__name__


class DataChecker:
    """Collects the problems of one data file; each method returns a clean value (or a default)."""

    def __init__(self, path: str, data: Any = None):
        self.path = path
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = dict(getattr(data, "key_lines", None) or {})  # dotted key -> line

    def line(self, where: str) -> int | None:
        """The line of ``where`` or of its nearest enclosing key."""
        parts = where.split(".")
        while parts:
            line = self.lines.get(".".join(parts))
            if line is not None:
                return line
            parts.pop()
        return None

    def error(self, where: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, self.line(where), where, message, hint))

    def text(self, value: Any, where: str, *, single_line: bool = True, default: str = "") -> str:
        """One text; None or blank gives ``default``."""
        if value is None:
            return default
        if not isinstance(value, str):
            self.error(
                where,
                f"must be text, not {_kind(value)}",
                "write the text after the colon; put it in quotes if it looks like a number or a list",
            )
            return default
        text = value.strip()
        problem = control_character_problem(text, newlines=not single_line)
        if problem:
            self.error(where, problem, CONTROL_HINT)
            return default
        return text or default

    def texts(
        self, value: Any, where: str, *, bare_key: str, single_line: bool = True, example: str = "{lv: ..., en: ...}"
    ) -> dict[str, str]:
        """Texts per language: ``{lv: ..., en: ...}``, or one text (stored under ``bare_key``)."""
        if value is None:
            return {}
        if isinstance(value, str):
            text = self.text(value, where, single_line=single_line)
            return {bare_key: text} if text else {}
        if not isinstance(value, Mapping):
            self.error(where, f"must be text or one text per language, not {_kind(value)}", f"write it like {example}")
            return {}
        out = {}
        for lang, text in value.items():
            text = self.text(text, f"{where}.{lang}", single_line=single_line)
            if text:
                out[str(lang)] = text
        return out

    def text_list(self, value: Any, where: str) -> tuple[str, ...]:
        """A list of single-line texts (one text is accepted as a list of one)."""
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            self.error(where, f"must be a list of texts, not {_kind(value)}", "write it like [first, second]")
            return ()
        items = (self.text(item, f"{where}.{i}") for i, item in enumerate(value, 1))
        return tuple(item for item in items if item)

    def flag(self, value: Any, where: str, default: bool) -> bool:
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        self.error(
            where,
            f"must be true or false, not {value!r}"
            if isinstance(value, str)
            else f"must be true or false, not {_kind(value)}",
            "write true or false",
        )
        return default

    def date(self, value: Any, where: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                self.error(where, f"'{value}' is not a date", "use YYYY-MM-DD, e.g. 2021-06-30")
                return None
        self.error(where, f"must be a date, not {_kind(value)}", "use YYYY-MM-DD, e.g. 2021-06-30")
        return None
