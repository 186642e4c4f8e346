"""The rules that keep contributors' input safe wherever it goes (pure, no I/O but path resolution).

Anything a contributor can commit (content, data files, the cache a CI run
restores) is untrusted. These few functions are the one place where the
rules are written down; the validator, the writers and ``invoke check`` all
use them:

* ``is_safe_segment`` – codes, keys and slugs that become part of an output
  path: lowercase ASCII letters, digits and single hyphens, nothing else.
* ``inside`` / ``resolve_inside`` – the path gate: a path is resolved
  (symlinks followed) and must stay under its root; ``not_plain_relative``
  says why a path is not a plain relative one (before any resolution).
* ``control_characters`` – characters that must never be in a single-line
  value (titles, locations, names, codes): C0/C1 controls, line and
  paragraph separators, and bidirectional overrides.
* ``unsafe_url`` – a URL is only allowed with the schemes http, https,
  mailto and tel, or without a scheme (relative), judged after entity
  decoding and after removing what browsers ignore inside a URL.
* ``csv_cell`` – a text cell for a spreadsheet that cannot start a formula.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

SAFE_SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # use with fullmatch: "$" would let a final newline through
SAFE_SEGMENT_HINT = "use lowercase ASCII letters, digits and hyphens only, e.g. lli-59"

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Bidirectional embeddings, overrides and isolates ("Trojan Source"): they reorder what readers see.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers drop ASCII tab and newlines anywhere in a URL and C0 controls and spaces at its ends.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class UnsafePath(ValueError):
    """A path that would leave its root."""


def is_safe_segment(text: str) -> bool:
    """Whether ``text`` may be used as one segment of an output path."""
    return isinstance(text, str) and bool(SAFE_SEGMENT.fullmatch(text))


def inside(root: Path, candidate: Path) -> bool:
    """Whether ``candidate`` (symlinks resolved) is ``root`` or lies under it."""
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def resolve_inside(root: Path, rel: str) -> Path:
    """``root / rel`` resolved; raises ``UnsafePath`` when it is absolute or leaves ``root``."""
    if not isinstance(rel, str) or not rel or "\x00" in rel:
        raise UnsafePath(f"{rel!r} is not a relative path")
    if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        raise UnsafePath(f"{rel!r} is an absolute path")
    target = (root / rel).resolve()
    try:
        target.relative_to(root.resolve())
    except ValueError:
        raise UnsafePath(f"{rel!r} leads outside {root.name}/") from None
    return target


def not_plain_relative(rel: object) -> str | None:
    """Why ``rel`` is not a plain relative POSIX path ("a/b.html"), or None when it is.

    Plain: text, not empty, no NUL or backslash, not absolute, and no empty,
    "." or ".." segment. Pure: symlinks are for ``resolve_inside`` to judge."""
    if not isinstance(rel, str) or not rel:
        return "is not a relative path"
    if "\x00" in rel or "\\" in rel:
        return "contains a NUL character or a backslash"
    if rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
        return "is an absolute path"
    if any(part in ("", ".", "..") for part in rel.split("/")):
        return "contains an empty, '.' or '..' segment"
    return None


def content_path_problem(text: str) -> str | None:
    """Why ``text`` is not the path of a file under content/ (None when it may be one): no invisible
    characters, not an address, and a plain relative path (``not_plain_relative``)."""
    if control_characters(text):
        return "contains an invisible character"
    if url_scheme(text) is not None:
        return "is an address, not a path of a file under content/"
    if not_plain_relative(text):
        return "is not a path inside content/"
    return None


def control_characters(text: str) -> list[str]:
    """The characters of ``text`` not allowed in a single-line value, named ("U+000D CARRIAGE RETURN")."""
    found = []
    for char in dict.fromkeys(text):
        category = unicodedata.category(char)
        if category == "Cc" or category in ("Zl", "Zp") or char in _BIDI_CONTROLS:
            name = unicodedata.name(char, "") or {
                "\r": "CARRIAGE RETURN",
                "\n": "LINE FEED",
                "\t": "TAB",
                "\x00": "NULL",
            }.get(char, "CONTROL CHARACTER")
            found.append(f"U+{ord(char):04X} {name}")
    return found


CONTROL_HINT = (
    "remove it: retype the text without escapes such as \\r, \\n, \\0, \\x85 or \\u2028 "
    "(invisible characters often come with text copied from other programs)"
)


def control_character_problem(text: str, *, newlines: bool = False) -> str | None:
    """What is wrong with ``text`` as a value without control characters (line feeds allowed if
    ``newlines``), naming each character, or None when it has none."""
    found = control_characters(text.replace("\n", "") if newlines else text)
    if not found:
        return None
    rule = "(line breaks are, other control characters are not)" if newlines else "in a one-line value"
    return f"contains {', '.join(found)}, which is not allowed {rule}"


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lowercase), or None for a relative URL."""
    decoded = html.unescape(html.unescape(url))  # "&amp;#106;avascript:" is decoded twice by some readers
    cleaned = _URL_IGNORED.sub("", decoded)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def unsafe_url(url: str) -> str | None:
    """Why ``url`` may not be published, or None when it is an allowed or relative URL."""
    if not isinstance(url, str):
        return "is not text"
    scheme = url_scheme(url)
    if scheme is None or scheme in ALLOWED_SCHEMES:
        return None
    return f"the address scheme '{scheme}:' is not allowed (only http, https, mailto, tel or a relative link)"


def csv_cell(value: object) -> object:
    """A value for an open-data CSV cell: text that a spreadsheet would run as a formula gets a leading quote.

    Numbers pass unchanged (a negative amount is a number, not a formula)."""
    if not isinstance(value, str):
        return value
    if value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value
