"""Problems found in content, collected for one build and reported together.

Pure: nothing here imports Pelican. A ``Report`` belongs to one build; it is
created by the build and passed to whoever validates, never stored globally.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from lvlang.slugs import slugify

from . import schema
from .safety import SAFE_SEGMENT_HINT

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, phrased for an editor.

    ``path`` is relative to the content folder (``articles/2019/x.lv.md``);
    ``line`` is 1-based where known; ``key`` is the front-matter key or data
    field concerned (``""`` when it concerns the whole file); ``message`` says
    what is wrong and ``hint`` how to fix it.
    """

    path: str
    line: int | None
    key: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        labels = [schema.label_of(self.path, self.key, lang) for lang in schema.SCHEMA_LANGUAGES] if self.key else []
        key = f" [{self.key}]" if self.key else ""
        text = f"{where}:{key} {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        if any(labels):
            text += f"\n    in the web editor: the field {' / '.join(dict.fromkeys(f'“{x}”' for x in labels if x))}"
        return text


@dataclass
class Report:
    """All problems of one build."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def error(self, path: str, key: str, message: str, hint: str = "", line: int | None = None) -> None:
        self.add(Problem(path, line, key, message, hint, ERROR))

    def warning(self, path: str, key: str, message: str, hint: str = "", line: int | None = None) -> None:
        self.add(Problem(path, line, key, message, hint, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return sorted({p for p in self.problems if p.severity == ERROR}, key=_order)

    @property
    def warnings(self) -> list[Problem]:
        return sorted({p for p in self.problems if p.severity == WARNING}, key=_order)

    def format(self) -> str:
        lines = [p.format() for p in self.errors + self.warnings]
        counts = f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        return "\n".join([*lines, counts])


def nearest(word: str, candidates: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The candidate closest to ``word`` (ignoring case), for a "did you mean" hint; None when none
    is at least ``cutoff`` similar (0 to 1: the share of their letters the two have in common, in order)."""
    by_lower = {c.lower(): c for c in candidates}
    match = process.extractOne(word.lower(), list(by_lower), scorer=fuzz.ratio, score_cutoff=cutoff * 100)
    return by_lower[match[0]] if match else None


def unsafe_key(path: str, key: str, what: str) -> Problem:
    """The problem of a data-file key (municipality, programme) that cannot be a path segment."""
    shown = key.encode("unicode_escape").decode("ascii")  # a key with a line break stays on one line
    return Problem(
        path,
        None,
        shown,
        f"the {what} key '{shown}' cannot be part of a web address",
        f"{SAFE_SEGMENT_HINT}; rename it (e.g. to '{slugify(key)}') and use the new key where the old one was used",
    )


def _order(p: Problem) -> tuple:
    return (p.path, p.line or 0, p.key, p.message)


class ContentError(Exception):
    """Raised when a build stops because the content has errors.

    Carries the whole report so the caller can print it (and the live preview
    can show it) without a traceback.
    """

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{len(report.errors)} content error(s)")
