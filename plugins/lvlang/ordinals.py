"""Ordinal numbers at the start of a line, in languages that write them with a full stop.

In Latvian (and Latgalian, German, Estonian, ...) "2018. gada 8. jūnijā", "1. vietā" or
"15. maijā" are ordinals, not list items; Markdown reads any line that starts with digits and
a full stop as an item of a numbered list, so a paragraph that starts with a date became
``<ol start="2018">``. ``protect_ordinals`` escapes the full stop of such a line
(``2018\\. gada``) unless the line belongs to a real list:

- two or more numbered lines follow one another with no blank line between them, or
- numbered lines separated by single blank lines count up by one from a small number
  (1., 2., 3. ... under 100), as a loose list does; years never do.

Lines inside fenced code blocks and indented continuation lines are left alone.
"""

from __future__ import annotations

import re

# Languages whose ordinals end with a full stop (by the language part of a code or locale).
ORDINAL_FULL_STOP = frozenset(
    {"lv", "ltg", "de", "et", "fi", "cs", "sk", "hu", "da", "nb", "no", "sl", "hr", "pl", "is", "sr", "fo"}
)
_ITEM = re.compile(r"^( {0,3})(\d{1,9})\.([ \t]+|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LOOSE_LIST_LIMIT = 100


def writes_ordinal_full_stop(code: str) -> bool:
    return code.replace("-", "_").split("_")[0].lower() in ORDINAL_FULL_STOP


def protect_ordinals(text: str) -> str:
    """``text`` with the full stop escaped on every numbered line that is not part of a real list."""
    lines = text.split("\n")
    numbers: list[int | None] = []
    fence = ""
    for line in lines:
        opened = _FENCE.match(line)
        if fence:
            numbers.append(None)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            numbers.append(None)
            continue
        item = _ITEM.match(line)
        numbers.append(int(item.group(2)) if item else None)

    def in_list(i: int) -> bool:
        for step in (-1, 1):
            j = i + step
            if 0 <= j < len(lines) and numbers[j] is not None:
                return True  # consecutive numbered lines
            k = i + 2 * step
            here, there = numbers[i], numbers[k] if 0 <= k < len(lines) else None
            if (
                0 <= j < len(lines)
                and not lines[j].strip()
                and here is not None
                and there is not None
                and abs(here - there) == 1
                and max(here, there) < LOOSE_LIST_LIMIT
            ):
                return True  # a loose list counting up
        return False

    out = []
    for i, line in enumerate(lines):
        if numbers[i] is not None and not in_list(i):
            item = _ITEM.match(line)
            assert item is not None
            line = f"{item.group(1)}{item.group(2)}\\.{line[item.end(2) + 1 :]}"
        out.append(line)
    return "\n".join(out)
