"""Split a Markdown source into YAML front matter and body, keeping line numbers.

Editors' files come from many editors: a UTF-8 BOM, Windows line endings and
macOS's decomposed (NFD) letters must all work, so the text is normalised
first.

Every value is kept as the text the editor typed: YAML 1.1's guessing
(``1.10`` -> 1.1, ``no`` -> false, ``010`` -> 8, ``2019-12-10`` -> a date) is
not applied; the schema's own coercers parse numbers and dates from that
text, so ``2019-12-10 14:30`` means Riga time. Only an empty value (and the
word ``null``) is None, the same as an absent key.

The YAML is read as a stream of parser events (libyaml's when available) and
the values are built here without recursion, so the input cannot reach the
recursive parts of a YAML library: nesting deeper than ``MAX_DEPTH`` levels,
anchors and aliases ("billion laughs") and tags such as
``!!python/object/apply:os.system`` are refused with a clear error.
``load_yaml_text`` applies the same rules to the data files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Report

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # only its event parser is used

MAX_DEPTH = 20  # lists and sets of keys inside each other; the content needs 3
_NULL_WORDS = frozenset({"", "null", "Null", "NULL"})
_STR = "tag:yaml.org,2002:str"
_TAGS_FOR = {
    "scalar": {None, "!", _STR},
    "list": {None, "!", "tag:yaml.org,2002:seq"},
    "map": {None, "!", "tag:yaml.org,2002:map"},
}
_QUOTE_HINT = 'a value with a colon, a quote or a leading [ { # & * ! | > \' " % @ needs quotes: title: "A: B"'


class FrontMatterError(Exception):
    def __init__(self, message: str, hint: str = "", line: int | None = None, key: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.key = key


class YAMLMapping(dict):
    """A mapping read from YAML that knows the line of each key (dotted paths: ``rrf.notice.en``)."""

    key_lines: dict[str, int]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_lines = {}


@dataclass
class Parsed:
    value: Any  # None for an empty document
    key_lines: dict[str, int] = field(default_factory=dict)  # dotted key -> 1-based line
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)  # (dotted key, line)


@dataclass(frozen=True)
class Source:
    meta: Mapping[str, Any]
    body: str
    key_lines: Mapping[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    body_line: int = 1  # 1-based line where the body starts
    duplicate_keys: tuple[tuple[str, int], ...] = ()


def normalise(text: str) -> str:
    """Strip a BOM, unify line endings and compose letters (NFC)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _tag_name(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` as written: ``!!python/object``."""
    short = tag.removeprefix("tag:yaml.org,2002:")
    return tag if short == tag else "!!" + short


class _Frame:
    __slots__ = ("container", "key", "key_line", "path")

    def __init__(self, container: Any, path: str):
        self.container = container
        self.path = path  # dotted path of this collection ("" for the top)
        self.key: Any = _Frame  # _Frame itself marks "no key read yet"
        self.key_line = 0


def load_yaml_text(text: str, first_line: int = 1) -> Parsed:
    """Parse one YAML document into dicts, lists, strings and None, or raise FrontMatterError.

    ``first_line`` is the file's line number of the text's first line (for messages).
    """
    parsed = Parsed(None)
    stack: list[_Frame] = []
    root: list[Any] = []
    documents = 0

    def where(event: Any) -> int:
        return int(event.start_mark.line) + first_line

    def refuse_extras(event: Any, kind: str) -> None:
        if event.anchor is not None:
            raise FrontMatterError(
                f"'&{event.anchor}' marks a YAML anchor; anchors and aliases are not allowed here",
                'write the value out in full; if the text starts with & or *, put it in quotes: title: "& co"',
                line=where(event),
            )
        if event.tag not in _TAGS_FOR[kind]:
            raise FrontMatterError(
                f"the YAML tag '{_tag_name(event.tag)}' is not allowed",
                "remove the '!...' part and write the value as plain text (in quotes if it starts with !)",
                line=where(event),
            )

    def add(value: Any, event: Any) -> None:
        if not stack:
            root.append(value)
            return
        frame = stack[-1]
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        if frame.key is _Frame:  # this value is a key
            frame.key = "" if value is None else value
            frame.key_line = where(event)
            return
        key, frame.key = frame.key, _Frame
        dotted = f"{frame.path}.{key}" if frame.path else key
        if key in frame.container:
            parsed.duplicate_keys.append((dotted, frame.key_line))
        else:
            parsed.key_lines[dotted] = frame.key_line
            frame.container.key_lines[key] = frame.key_line
        frame.container[key] = value

    def open_collection(container: Any, event: Any) -> None:
        if len(stack) >= MAX_DEPTH:
            raise FrontMatterError(
                f"the lists and sets of keys are nested more than {MAX_DEPTH} levels deep",
                "check the brackets [ ] { } and the indentation; content needs only a few levels",
                line=where(event),
            )
        path = ""
        if stack:
            frame = stack[-1]
            if isinstance(frame.container, dict):
                if frame.key is _Frame:
                    raise FrontMatterError(
                        "a key must be a single word or text, not a list or a set of keys",
                        "write 'key: value'; put a key that starts with [ or { in quotes",
                        line=where(event),
                    )
                path = f"{frame.path}.{frame.key}" if frame.path else str(frame.key)
            else:
                path = f"{frame.path}.{len(frame.container) + 1}" if frame.path else str(len(frame.container) + 1)
        stack.append(_Frame(container, path))

    loader = None
    try:
        loader = _Parser(text)
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.ScalarEvent):
                refuse_extras(event, "scalar")
                plain = event.tag is None and event.implicit[0]
                add(None if plain and event.value in _NULL_WORDS else event.value, event)
            elif isinstance(event, yaml.SequenceStartEvent):
                refuse_extras(event, "list")
                open_collection([], event)
            elif isinstance(event, yaml.MappingStartEvent):
                refuse_extras(event, "map")
                open_collection(YAMLMapping(), event)
            elif isinstance(event, yaml.CollectionEndEvent):
                frame = stack.pop()
                add(frame.container, event)
            elif isinstance(event, yaml.AliasEvent):
                raise FrontMatterError(
                    f"'*{event.anchor}' refers to a YAML anchor; anchors and aliases are not allowed here",
                    'write the value out in full; if the text starts with * or &, put it in quotes: tags: ["*new"]',
                    line=where(event),
                )
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise FrontMatterError(
                        "there is more than one YAML document ('---' inside)",
                        "remove the extra '---' line",
                        line=where(event),
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise FrontMatterError(
            f"not valid YAML: {problem}", _QUOTE_HINT, line=mark.line + first_line if mark is not None else None
        ) from None
    except yaml.YAMLError as exc:  # e.g. a control character pasted from another program
        problem = getattr(exc, "reason", None) or str(exc).splitlines()[0]
        raise FrontMatterError(
            f"not valid YAML: {problem}", "remove invisible special characters (retype the line)"
        ) from None
    except ValueError:  # text that is not even valid Unicode (a lone surrogate)
        raise FrontMatterError(
            "not valid YAML: the text cannot be read", "remove invisible special characters (retype the line)"
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    parsed.value = root[0] if root else None
    return parsed


def split(text: str) -> Source:
    """Parse ``text`` (already normalised) into a Source, or raise FrontMatterError."""
    if not text.strip():
        raise FrontMatterError(
            "the file is empty", "start it with front matter: a line '---', 'title: ...', 'date: ...', and '---'"
        )
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise FrontMatterError(
            "the file does not start with front matter",
            "put a line '---' first, then the keys (title: ..., date: ...), then another '---'",
            line=1,
        )
    end = None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            end = i
            break
    if end is None:
        raise FrontMatterError("the front matter is not closed", "add a line '---' after the last key", line=1)
    try:
        parsed = load_yaml_text("\n".join(lines[1:end]), first_line=2)
    except FrontMatterError as exc:
        if exc.message.startswith("not valid YAML"):
            exc.message = f"the front matter is {exc.message}"
            exc.args = (exc.message,)
        raise
    meta = parsed.value
    if meta is None:
        raise FrontMatterError("the front matter is empty", "add at least title: and date:", line=1)
    if not isinstance(meta, YAMLMapping):
        raise FrontMatterError(
            "the front matter must be a list of 'key: value' lines",
            "write each key on its own line, e.g. 'title: Seminārs'",
            line=2,
        )
    key_lines = dict(meta.key_lines)
    duplicates = tuple((key, line) for key, line in parsed.duplicate_keys if key.split(".", 1)[0] in key_lines)
    body = "\n".join(lines[end + 1 :])
    return Source(
        meta={str(k): v for k, v in meta.items()},
        body=body,
        key_lines=key_lines,
        body_line=end + 2,
        duplicate_keys=duplicates,
    )


def load_data_file(path: Path, rel: str, report: Report) -> dict:
    """A data file as dicts, lists and text (no YAML 1.1 guessing), or {} with the problem reported.

    The mapping returned knows the line of every key by its dotted path (``data.key_lines["rrf.notice.en"]``)."""
    if not path.is_file():
        report.error(rel, "", "the file is missing", f"create content/{rel} (see the editor guide)")
        return {}
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.error(
            rel,
            "",
            "the file is not UTF-8 text",
            "save it as UTF-8 in your editor",
            line=raw[: exc.start].count(b"\n") + 1,
        )
        return {}
    try:
        parsed = load_yaml_text(text)
    except FrontMatterError as exc:
        hint = exc.hint
        if exc.message.startswith("not valid YAML"):
            hint = "check the indentation and quotes; a text with a colon or a leading [ { # & * ! needs quotes"
        report.error(rel, exc.key, exc.message, hint, line=exc.line)
        return {}
    data = parsed.value if parsed.value is not None else YAMLMapping()
    if not isinstance(data, YAMLMapping):
        report.error(rel, "", "must be a mapping of keys to entries", "see the examples in the editor guide")
        return {}
    data.key_lines = parsed.key_lines
    for key, line in parsed.duplicate_keys:
        report.error(rel, key, f"'{key}' is written twice", "keep only one of them", line=line)
    return data
