"""Split a Markdown source into YAML front matter and body, keeping line numbers.

Editors' files come from many editors: a UTF-8 BOM, Windows line endings and
macOS's decomposed (NFD) letters must all work, so the text is normalised
first. Scalars are kept as strings (no YAML timestamp guessing), so dates are
parsed by the schema's own rules and ``2019-12-10 14:30`` means Riga time.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml


class _StringDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml's loader when built with it
    """SafeLoader (libyaml's when available) that leaves timestamps as strings."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(Exception):
    def __init__(self, message: str, hint: str = "", line: int | None = None, key: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.key = key


@dataclass
class Source:
    meta: dict[str, Any]
    body: str
    key_lines: dict[str, int] = field(default_factory=dict)   # key -> 1-based line in the file
    body_line: int = 1                                       # 1-based line where the body starts
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)


def normalise(text: str) -> str:
    """Strip a BOM, unify line endings and compose letters (NFC)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def split(text: str) -> Source:
    """Parse ``text`` (already normalised) into a Source, or raise FrontMatterError."""
    if not text.strip():
        raise FrontMatterError("the file is empty",
                               "start it with front matter: a line '---', 'title: ...', 'date: ...', and '---'")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise FrontMatterError("the file does not start with front matter",
                               "put a line '---' first, then the keys (title: ..., date: ...), then another '---'",
                               line=1)
    end = None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            end = i
            break
    if end is None:
        raise FrontMatterError("the front matter is not closed", "add a line '---' after the last key", line=1)
    yaml_text = "\n".join(lines[1:end])
    loader = _StringDatesLoader(yaml_text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise FrontMatterError(
            f"the front matter is not valid YAML: {problem}",
            "a value with a colon, a quote or a leading [ { # & * ! | > ' \" % @ needs quotes: title: \"A: B\"",
            line=line) from None
    except yaml.YAMLError as exc:   # e.g. a control character pasted from another program
        raise FrontMatterError(f"the front matter is not valid YAML: {exc}",
                               "remove invisible special characters (retype the line)", line=None) from None
    if node is None:
        raise FrontMatterError("the front matter is empty", "add at least title: and date:", line=1)
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError("the front matter must be a list of 'key: value' lines",
                               "write each key on its own line, e.g. 'title: Seminārs'", line=2)
    key_lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    for key_node, _value in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if key in key_lines:
            duplicates.append((key, line))
        else:
            key_lines[key] = line
    try:
        meta = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"the front matter is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    meta = {str(k): v for k, v in meta.items()}
    body = "\n".join(lines[end + 1:])
    return Source(meta=meta, body=body, key_lines=key_lines, body_line=end + 2, duplicate_keys=duplicates)
