"""Findings of `invoke check`, grouped by rule, printed for people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Finding:
    rule: str
    path: str
    message: str
    line: int | None = None


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "vnu: not run (Java missing)"
    checked: dict[str, int] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)  # printed, but the check still passes

    def add(self, rule: str, path: str, message: str, line: int | None = None) -> None:
        self.findings.append(Finding(rule, path, message, line))

    def warn(self, rule: str, path: str, message: str, line: int | None = None) -> None:
        self.warnings.append(Finding(rule, path, message, line))

    @property
    def ok(self) -> bool:
        return not self.findings

    def format(self) -> str:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in sorted(set(self.findings)):
            groups[f.rule].append(f)
        lines = []
        for rule, items in groups.items():
            lines.append(f"{rule}: {len(items)} problem(s)")
            for f in items[:200]:
                where = f"{f.path}:{f.line}" if f.line else f.path
                lines.append(f"  {where}: {f.message}")
            if len(items) > 200:
                lines.append(f"  ... and {len(items) - 200} more")
        for f in sorted(set(self.warnings))[:200]:
            where = f"{f.path}:{f.line}" if f.line else f.path
            lines.append(f"warning: {f.rule}: {where}: {f.message}")
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.checked.items()))
        lines += [f"note: {n}" for n in self.notes]
        lines.append(f"checked: {counts}")
        lines.append("OK: no problems" if self.ok else f"FAILED: {len(set(self.findings))} problem(s)")
        return "\n".join(lines)
