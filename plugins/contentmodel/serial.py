"""A plain-data codec for what the build keeps between runs (pure; no Pelican).

Values are written as JSON. Reading one back builds nothing but JSON's own
types and the types of an allowlist, each found by its name, each field
checked against a declared shape: nothing in a file can name a function to
call or a class outside the list. Anything unexpected (bad JSON, an unknown
tag, a missing or extra field, a value of the wrong type, nesting too deep)
raises ``SerialError``, and the caller forgets what it was reading.

Encoding, as JSON:

* ``None``, ``bool``, ``int``, ``float``, ``str`` and ``list`` as themselves;
* everything else as an object tagged by ``"$"``: ``tuple``, ``dict`` (text
  keys only), ``set``, ``date``, ``datetime`` (wall time, ``fold`` and a time
  zone: an IANA key or a fixed offset), and the allowlisted classes by their
  name, with their fields under ``"f"``.

Types are matched exactly (a subclass of ``str`` or ``tuple`` is refused), so
what comes back is equal to, and of the same types as, what went in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from events.model import Event, Move, Occurrence, Recurrence

from .diagnostics import Problem
from .documents import Document
from .markup import BodyFacts
from .validate import Published

MAX_DEPTH = 48
_ZONE_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]{0,40}(?:/[A-Za-z0-9][A-Za-z0-9_+-]{0,40}){0,2}$")
_SCALARS = (str, bool, int, float)
_PLAIN = frozenset({str, bool, int, float, type(None)})


class SerialError(ValueError):
    """A value cannot be stored, or what was read is not a value this codec writes."""


# ---------------------------------------------------------------- shapes

ANY = "any"  # any value the codec can build


def Opt(shape: Any) -> tuple:
    return ("opt", shape)


def ListOf(shape: Any) -> tuple:
    return ("list", shape)


def TupleOf(shape: Any) -> tuple:
    return ("tuple", shape)


def SetOf(shape: Any) -> tuple:
    return ("set", shape)


def DictOf(shape: Any) -> tuple:
    """A dict with text keys and values of ``shape``."""
    return ("dict", shape)


def Fixed(*shapes: Any) -> tuple:
    """A tuple of exactly these shapes, in order."""
    return ("fixed", *shapes)


def Either(*shapes: Any) -> tuple:
    return ("either", *shapes)


def conforms(value: Any, shape: Any) -> bool:
    """Whether ``value`` has ``shape`` (a type, ``ANY`` or one of the constructors above)."""
    if shape is ANY:
        return True
    if isinstance(shape, type):
        return type(value) is shape
    kind = shape[0]
    if kind == "opt":
        return value is None or conforms(value, shape[1])
    if kind == "list":
        return type(value) is list and all(conforms(item, shape[1]) for item in value)
    if kind == "tuple":
        if type(value) is not tuple:
            return False
        if shape[1] in _SCALARS:  # the common case, without a call per item
            return all(type(item) is shape[1] for item in value)
        return all(conforms(item, shape[1]) for item in value)
    if kind == "set":
        return type(value) is set and all(conforms(item, shape[1]) for item in value)
    if kind == "dict":
        if type(value) is not dict or not all(type(k) is str for k in value):
            return False
        if shape[1] in _SCALARS:  # the common case, without a call per item
            return all(type(v) is shape[1] for v in value.values())
        return all(conforms(v, shape[1]) for v in value.values())
    if kind == "fixed":
        return (
            type(value) is tuple
            and len(value) == len(shape) - 1
            and all(
                type(item) is part if part in _SCALARS else conforms(item, part) for item, part in zip(value, shape[1:])
            )
        )
    if kind == "either":
        return any(conforms(value, part) for part in shape[1:])
    raise TypeError(f"unknown shape {shape!r}")


# ---------------------------------------------------------------- the codec


def _fields(cls: type) -> tuple[str, ...]:
    if dataclasses.is_dataclass(cls):
        fields = dataclasses.fields(cls)
        if any(not f.init for f in fields):
            raise TypeError(f"{cls.__name__} has fields its constructor does not take")
        return tuple(f.name for f in fields)
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return tuple(cls._fields)
    raise TypeError(f"{cls.__name__} is neither a dataclass nor a named tuple")


class Codec:
    """Encodes and decodes values made of JSON types, tuples, dicts, sets, dates and the given classes.

    ``classes`` maps each allowed class to the shapes of its fields; a field
    left out may hold any value the codec can build."""

    def __init__(self, classes: Mapping[type, Mapping[str, Any]]):
        self.classes: dict[type, tuple[tuple[str, Any], ...]] = {}
        for cls, shapes in classes.items():
            self.classes[cls] = tuple((name, shapes.get(name, ANY)) for name in _fields(cls))
        self.by_name = {cls.__name__: cls for cls in self.classes}
        if len(self.by_name) != len(self.classes) or self.by_name.keys() & {"tuple", "dict", "set", "date", "datetime"}:
            raise TypeError("two allowed classes share a name")

    def extended(self, classes: Mapping[type, Mapping[str, Any]]) -> Codec:
        """This codec with more allowed classes."""
        return Codec({**{cls: dict(fields) for cls, fields in self.classes.items()}, **classes})

    # ------------------------------------------------------------ text

    def dumps(self, value: Any) -> str:
        """JSON text of ``value``; SerialError if something in it cannot be stored."""
        return json.dumps(self.encode(value), ensure_ascii=False, separators=(",", ":"))

    def loads(self, text: str | bytes, shape: Any = ANY) -> Any:
        """The value in JSON ``text``, which must have ``shape``; SerialError for anything else."""
        try:
            data = json.loads(text)
        except (ValueError, TypeError, RecursionError, MemoryError) as exc:
            raise SerialError(f"not JSON: {type(exc).__name__}") from None
        return self.decode(data, shape)

    # ------------------------------------------------------------ JSON-shaped data

    def encode(self, value: Any) -> Any:
        try:
            return self._enc(value, 0)
        except RecursionError:
            raise SerialError("nested too deeply") from None

    def decode(self, data: Any, shape: Any = ANY) -> Any:
        try:
            return self._dec(data, shape, 0)
        except SerialError:
            raise
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError, MemoryError) as exc:
            raise SerialError(f"not a stored value: {type(exc).__name__}") from None

    def _enc(self, value: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise SerialError("nested too deeply")
        t = type(value)
        if value is None or t in _SCALARS:
            return value
        depth += 1
        if t is list:
            return [self._enc(item, depth) for item in value]
        if t is tuple:
            if depth <= MAX_DEPTH and all(type(item) in _PLAIN for item in value):  # as the loop would give
                return {"$": "tuple", "v": list(value)}
            return {"$": "tuple", "v": [self._enc(item, depth) for item in value]}
        if t is dict:
            if (
                depth <= MAX_DEPTH
                and all(type(key) is str for key in value)
                and all(type(item) in _PLAIN for item in value.values())
            ):  # as the loop below would give
                return {"$": "dict", "v": dict(value)}
            out = {}
            for key, item in value.items():
                if type(key) is not str:
                    raise SerialError(f"a dict key is a {type(key).__name__}, not text")
                out[key] = self._enc(item, depth)
            return {"$": "dict", "v": out}
        if t is set:
            items = [self._enc(item, depth) for item in value]
            try:
                items.sort(key=lambda item: json.dumps(item, sort_keys=True))
            except (TypeError, ValueError):
                raise SerialError("a set of values that cannot be ordered") from None
            return {"$": "set", "v": items}
        if t is dt.datetime:
            return {
                "$": "datetime",
                "v": value.replace(tzinfo=None, fold=0).isoformat(),
                "fold": value.fold,
                "tz": _enc_zone(value.tzinfo),
            }
        if t is dt.date:
            return {"$": "date", "v": value.isoformat()}
        fields = self.classes.get(t)
        if fields is None:
            raise SerialError(f"a {t.__module__}.{t.__qualname__} cannot be stored")
        out = {}
        for name, shape in fields:
            item = getattr(value, name)
            if shape in _SCALARS and type(item) is shape and depth <= MAX_DEPTH:  # the common case, as below
                out[name] = item
                continue
            if not conforms(item, shape):
                raise SerialError(f"{t.__name__}.{name} holds a {type(item).__name__}")
            out[name] = self._enc(item, depth)
        return {"$": t.__name__, "f": out}

    def _dec(self, data: Any, shape: Any, depth: int) -> Any:
        """The value stored as ``data``, which must have ``shape`` (checked as it is built)."""
        if depth > MAX_DEPTH:
            raise SerialError("nested too deeply")
        if shape is ANY:
            return self._any(data, depth)
        if shape in _SCALARS:
            if type(data) is not shape:
                raise SerialError(f"a {type(data).__name__} where a {shape.__name__} belongs")
            return data
        depth += 1
        if isinstance(shape, type):
            value = self._any(data, depth)
            if type(value) is not shape:
                raise SerialError(f"a {type(value).__name__} where a {shape.__name__} belongs")
            return value
        kind, inner = shape[0], shape[1]
        if kind == "opt":
            return None if data is None else self._dec(data, inner, depth)
        if kind == "list":
            if inner in _SCALARS and type(data) is list and all(type(item) is inner for item in data):
                return list(data)
            return [self._dec(item, inner, depth) for item in _typed(data, list)]
        if kind == "either":
            value = self._any(data, depth)
            if not conforms(value, shape):
                raise SerialError("a value of none of the expected kinds")
            return value
        tag = {"tuple": "tuple", "fixed": "tuple", "dict": "dict", "set": "set"}.get(kind)
        if tag is None:
            raise TypeError(f"unknown shape {shape!r}")
        if type(data) is not dict or data.get("$") != tag:
            raise SerialError(f"not a stored {tag}")
        stored = _tagged(data)
        if kind == "tuple":
            if inner in _SCALARS and depth <= MAX_DEPTH and all(type(item) is inner for item in _typed(stored, list)):
                return tuple(stored)  # as the loop below would give
            return tuple(self._dec(item, inner, depth) for item in _typed(stored, list))
        if kind == "fixed":
            if len(_typed(stored, list)) != len(shape) - 1:
                raise SerialError("a tuple of the wrong length")
            return tuple(self._dec(item, part, depth) for item, part in zip(stored, shape[1:]))
        if kind == "dict":
            if (
                inner in _SCALARS
                and depth <= MAX_DEPTH
                and all(type(v) is inner for v in _typed(stored, dict).values())
            ):
                return dict(stored)  # as the loop below would give
            return {key: self._dec(item, inner, depth) for key, item in _typed(stored, dict).items()}
        return {self._dec(item, inner, depth) for item in _typed(stored, list)}

    def _any(self, data: Any, depth: int) -> Any:
        """Any value the codec can build from ``data``."""
        if depth > MAX_DEPTH:
            raise SerialError("nested too deeply")
        t = type(data)
        if data is None or t in _SCALARS:
            return data
        depth += 1
        if t is list:
            return [self._any(item, depth) for item in data]
        if t is not dict:
            raise SerialError(f"a {t.__name__} in the data")
        tag = data.get("$")
        if type(tag) is not str:
            raise SerialError("an object without a tag")
        if tag in ("tuple", "set", "dict", "date"):
            inner = _tagged(data)
            if tag == "tuple":
                return tuple(self._any(item, depth) for item in _typed(inner, list))
            if tag == "set":
                return {self._any(item, depth) for item in _typed(inner, list)}
            if tag == "dict":
                return {
                    key: item if type(item) in _PLAIN else self._any(item, depth)
                    for key, item in _typed(inner, dict).items()
                }
            return _date(_typed(inner, str))
        if tag == "datetime":
            if data.keys() != _DATETIME_KEYS:
                raise SerialError("a datetime with other keys")
            naive = dt.datetime.fromisoformat(_typed(data["v"], str))
            fold = data["fold"]
            if naive.tzinfo is not None or type(fold) is not int or fold not in (0, 1):
                raise SerialError("not a stored datetime")
            return naive.replace(tzinfo=_dec_zone(data["tz"]), fold=fold)
        cls = self.by_name.get(tag)
        if cls is None:
            raise SerialError(f"unknown tag {tag[:40]!r}")
        if data.keys() != _CLASS_KEYS:
            raise SerialError(f"a {tag} with other keys")
        stored = _typed(data["f"], dict)
        fields = self.classes[cls]
        if len(stored) != len(fields):
            raise SerialError(f"the fields of a {tag} are not its fields")
        values = {}
        for name, shape in fields:
            if name not in stored:
                raise SerialError(f"a {tag} without its {name}")
            item = stored[name]
            if shape in _SCALARS:  # the common case, checked here
                if type(item) is not shape:
                    raise SerialError(f"{tag}.{name} holds a {type(item).__name__}")
                values[name] = item
            else:
                values[name] = self._dec(item, shape, depth)
        return cls(**values)


_VALUE_KEYS = frozenset({"$", "v"})
_CLASS_KEYS = frozenset({"$", "f"})
_DATETIME_KEYS = frozenset({"$", "v", "fold", "tz"})


def _tagged(data: dict) -> Any:
    """The ``"v"`` of a tagged container, which has no other keys."""
    if data.keys() != _VALUE_KEYS:
        raise SerialError(f"a {data.get('$')} with other keys")
    return data["v"]


def _typed(value: Any, t: type) -> Any:
    if type(value) is not t:
        raise SerialError(f"a {type(value).__name__} where a {t.__name__} belongs")
    return value


def _date(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise SerialError("not a stored date")
    return dt.date.fromisoformat(text)


def _enc_zone(tz: Any) -> Any:
    if tz is None:
        return None
    if type(tz) is ZoneInfo and tz.key and _ZONE_KEY.match(tz.key) and ZoneInfo(tz.key) is tz:
        return {"zone": tz.key}
    if type(tz) is dt.timezone:
        offset = tz.utcoffset(None)
        name = tz.tzname(None)
        stored: dict[str, Any] = {"offset_us": offset // dt.timedelta(microseconds=1)}
        if name != dt.timezone(offset).tzname(None):
            stored["name"] = name
        return stored
    raise SerialError(f"a time zone of type {type(tz).__name__} cannot be stored")


def _dec_zone(data: Any) -> dt.tzinfo | None:
    if data is None:
        return None
    _typed(data, dict)
    if data.keys() == {"zone"}:
        key = _typed(data["zone"], str)
        if not _ZONE_KEY.match(key):
            raise SerialError("not a time zone name")
        try:
            return ZoneInfo(key)
        except Exception:  # noqa: BLE001 - an unknown or unreadable zone: not a stored value
            raise SerialError("unknown time zone") from None
    if data.keys() in ({"offset_us"}, {"offset_us", "name"}):
        offset = dt.timedelta(microseconds=_typed(data["offset_us"], int))
        if "name" in data:
            return dt.timezone(offset, _typed(data["name"], str))
        return dt.timezone(offset)
    raise SerialError("not a stored time zone")


# ---------------------------------------------------------------- what the content model stores

_POINT = Either(dt.date, dt.datetime)

CONTENT_TYPES: dict[type, dict[str, Any]] = {
    Document: {
        "kind": str,
        "path": str,
        "lang": str,
        "stem": str,
        "values": DictOf(ANY),
        "body_html": str,
        "facts": BodyFacts,
        "key_lines": DictOf(int),
        "group": str,
        "inherited": TupleOf(str),
        "inherited_lang": str,
        "url_path": str,
        "slug": str,
    },
    BodyFacts: {
        "first_paragraph": str,
        "images_without_alt": ListOf(str),
        "static_refs": ListOf(str),
        "document_refs": ListOf(str),
        "typed_notice": Opt(str),
        "unsafe_urls": ListOf(Fixed(str, str, str)),
        "forbidden_attributes": ListOf(Fixed(str, str)),
        "removed_attributes": ListOf(Fixed(str, str)),
    },
    Published: {"value": dt.datetime, "has_time": bool},
    Occurrence: {"start": _POINT, "end": _POINT},
    Event: {
        "key": str,
        "lang": str,
        "title": str,
        "url": str,
        "occurrences": TupleOf(Occurrence),
        "location": str,
        "description": str,
        "status": str,
        "sequence": int,
        "organizer": str,
        "projects": TupleOf(str),
        "municipalities": TupleOf(str),
        "recurrence": Opt(Recurrence),
    },
    Move: {"original": _POINT, "session": Occurrence},
    Recurrence: {"first": Occurrence, "rule": str, "exceptions": TupleOf(_POINT), "moves": TupleOf(Move)},
    Problem: {"path": str, "line": Opt(int), "key": str, "message": str, "hint": str, "severity": str},
}

CONTENT = Codec(CONTENT_TYPES)

# What reading one file gives: the document (None if it could not be read) and its problems.
READ_RESULT = Fixed(Opt(Document), ListOf(Problem))
