"""What an output read of the site, recorded while it is made (pure; no Pelican).

A warm build keeps an output only when nothing it read has changed. Rather
than have every page say what it shows, the reads are *noted* as they
happen, as Sphinx's ``note_dependency`` does: ``recording()`` starts a
record (a set, held in a context variable), and while ``tracking(site)`` is
in force every document of the site and the site model itself note each
read into the active record:

* ``(path, key)``: a front-matter value of a document (``doc.values[key]``,
  also when the key is absent); ``(path, "*")``: all of its values;
* ``(path, "#body")``: its body; ``(path, "#facts")``: what was learnt of
  it as it was converted (``facts``: first paragraph, notice, links);
* ``(path, "#doc")``: what the site made of it (translation key, inherited
  values, address, slug, key lines);
* ``(path, "#state")``: its publication state; ``(path, "#in")``: whether the
  site has a document at ``path``;
* ``("@articles", lang)``, ``("@pages", lang)``, ``("@unlisted", lang)``,
  ``("@tags", lang)`` (``lang`` ``"*"``: every language), ``("@projects",
  code)``, ``("@group", kind/key)``, ``("@groups", "*")``, ``("@by_path",
  "*")``, ``("@states", "*")``: the lists and indexes of the site model.
* ``("@today", ...)``: what was read of the build date (the settings'
  ``build_date``, a ``NotedDay`` while the site is tracked): ``"<d"``,
  ``">d"``, ``"=d"`` whether it is before, after or on the day ``d``;
  ``"year"``, ``"month"`` its year, its month; ``"*"`` the date itself. A
  page that shows the upcoming events reads only whether each is over, so
  the next day's build makes it again only when one is.

``digests(site, deps)`` answers, for a later build's site, a digest of what
each noted read gives now; an output whose reads all give the same digests
(and whose own plan is the same, see ``structure``) is still right.

A value computed once and reused (``Memo``) notes what its computation read
and replays it on every reuse, so that each user of it records it too.

A process numbers each read once (``ReadTable``); records and memoised
values hold the numbers, not the reads, so the thousands of values and
outputs that read the same documents share one tuple per read.
"""

from __future__ import annotations

import array
import dataclasses
import datetime as dt
import functools
import hashlib
import types
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from pathlib import PurePath
from typing import Any, TypeVar

from . import serial
from .config import SiteConfig
from .documents import Document
from .site import SiteModel

T = TypeVar("T")
Dep = tuple[str, str]

_record: ContextVar[Record | None] = ContextVar("contentmodel.deps", default=None)
# Whether ``tracking`` is in force in this context (a thread started elsewhere, such as the live preview's
# search indexer, is not inside it, even while another thread tracks).
_tracked: ContextVar[bool] = ContextVar("contentmodel.deps.tracked", default=False)


class ReadTable:
    """Every read noted in one process, each numbered once: records and memoised values hold the numbers
    (a listing reads every article of its language, and many outputs and values read the same)."""

    __slots__ = ("numbers", "reads")

    def __init__(self) -> None:
        self.numbers: dict[Dep, int] = {}
        self.reads: list[Dep] = []

    def number(self, read: Dep) -> int:
        number = self.numbers.get(read)
        if number is None:
            number = self.numbers[read] = len(self.reads)
            self.reads.append(read)
        return number


class Record(AbstractSet):
    """The reads noted in one ``recording()`` block: a set of reads, kept as their numbers in ``table``."""

    __slots__ = ("numbers", "table")

    def __init__(self, table: ReadTable):
        self.table = table
        self.numbers: set[int] = set()

    def __contains__(self, read: object) -> bool:
        number = self.table.numbers.get(read)  # type: ignore[call-overload]
        return number is not None and number in self.numbers

    def __iter__(self) -> Iterator[Dep]:
        reads = self.table.reads
        return (reads[number] for number in self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)

    @classmethod
    def _from_iterable(cls, it: Iterable[Any]) -> set[Any]:
        """What set operations (``-``, ``&``, ``|``) on a record give: a plain set of reads."""
        return set(it)

    def add_numbers(self, table: ReadTable, numbers: Iterable[int]) -> None:
        """Add reads given as their numbers in ``table``."""
        if table is self.table:
            self.numbers.update(numbers)
        else:
            reads, number = table.reads, self.table.number
            self.numbers.update(number(reads[n]) for n in numbers)


def note(path: str, aspect: str) -> None:
    """Note one read into the active record (if any)."""
    record = _record.get()
    if record is not None:
        record.numbers.add(record.table.number((path, aspect)))


def replay(deps: Iterable[Dep]) -> None:
    """Note reads made earlier (by a computation whose result is reused)."""
    record = _record.get()
    if record is not None:
        number = record.table.number
        record.numbers.update(number(read) for read in deps)


@contextmanager
def recording(table: ReadTable | None = None) -> Iterator[Record]:
    """A fresh record for the block; what it notes is also noted into the enclosing record, if any.

    Its reads are numbered in the enclosing record's table, else in ``table`` (else in a new one)."""
    outer = _record.get()
    record = Record(outer.table if outer is not None else table if table is not None else ReadTable())
    token = _record.set(record)
    try:
        yield record
    finally:
        _record.reset(token)
        if outer is not None:
            outer.numbers.update(record.numbers)


_TABLE = ("contentmodel.deps", "read table")  # the key of a memo cache's table of reads
_KINDS = ("contentmodel.deps", "kinds asked")  # the key of the set ``Memo.watch`` fills


def kind_of(key: Hashable) -> Hashable:
    """The kind of a memo key: its first item (``("view", path)`` is a "view"), or the key itself."""
    return key[0] if type(key) is tuple else key


class Memo:
    """Values computed once per build and process, each with the reads its computation noted (as numbers
    in the table of reads the cache keeps, ``table``)."""

    def __init__(self, cache: dict[Any, Any]):
        self.cache = cache
        table = cache.get(_TABLE)
        if table is None:
            table = cache[_TABLE] = ReadTable()
        self.table: ReadTable = table
        self.asked: set[Hashable] | None = cache.get(_KINDS)

    def watch(self) -> set[Hashable]:
        """The set into which every ``Memo`` of this cache notes, from now on, the kind of each key it is
        asked for (``kind_of``), whether it computes the value or has it: the caller empties it as it
        likes, and so learns which kinds of values a piece of work uses."""
        asked = self.cache.get(_KINDS)
        if asked is None:
            asked = self.cache[_KINDS] = set()
        self.asked = asked
        return asked

    def forget(self, kinds: AbstractSet[Hashable]) -> None:
        """Let go of the values of these kinds: asked again, they are computed again."""
        for key in [key for key in self.cache if key != _TABLE and key != _KINDS and kind_of(key) in kinds]:
            del self.cache[key]

    def forget_reads(self, reads: AbstractSet[Dep]) -> None:
        """Let go of the values whose computation read any of ``reads`` (and of those computed where reads
        were not noted, which are computed anew where reads are noted anyway)."""
        numbers = [self.table.numbers[read] for read in reads if read in self.table.numbers]
        stale = [
            key
            for key, entry in self.cache.items()
            if key != _TABLE and key != _KINDS and (entry[2] is None or any(n in entry[2] for n in numbers))
        ]
        for key in stale:
            del self.cache[key]

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept with what it read. A value computed where reads are not noted (outside
        ``tracking``) is kept as *unnoted*: taken again there, but computed anew where reads are noted,
        where it would otherwise seem to have read nothing."""
        if self.asked is not None:
            self.asked.add(key[0] if type(key) is tuple else key)  # kind_of, inlined
        entry = self.cache.get(key)
        tracked = _tracked.get()
        if entry is None or (tracked and entry[1] is None):
            if not tracked:
                value = compute()
                self.cache[key] = (value, None, None)
                return value
            with recording(self.table) as record:
                value = compute()
            entry = self.cache[key] = (value, record.table, array.array("I", record.numbers))
        else:
            active = _record.get()
            if active is not None and entry[2]:
                active.add_numbers(entry[1], entry[2])
        return entry[0]

    def recording(self) -> AbstractContextManager[Record]:
        """``recording()`` in this cache's table of reads (replaying its values is then cheapest)."""
        return recording(self.table)


# ---------------------------------------------------------------- noting reads


class NotedValues(Mapping):
    """A document's values, noting each key read."""

    __slots__ = ("_path", "_values")

    def __init__(self, path: str, values: Mapping[str, Any]):
        self._path, self._values = path, values

    def __getitem__(self, key: str) -> Any:
        note(self._path, key)
        return self._values[key]

    def get(self, key: str, default: Any = None) -> Any:
        note(self._path, key)
        return self._values.get(key, default)

    def __contains__(self, key: object) -> bool:
        note(self._path, str(key))
        return key in self._values

    def __iter__(self) -> Iterator[str]:
        note(self._path, "*")
        return iter(self._values)

    def __len__(self) -> int:
        note(self._path, "*")
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        note(self._path, "*")
        return dict(self._values) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._values)


class NotedDict(Mapping):
    """One of the site model's indexes (language -> list, code -> project ...), noting each entry read."""

    __slots__ = ("_data", "_name")

    def __init__(self, name: str, data: Mapping[str, Any]):
        self._name, self._data = name, data

    def __getitem__(self, key: str) -> Any:
        note(self._name, key)
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        note(self._name, key)
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        note(self._name, "*")
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        note(self._name, "*")
        return iter(self._data)

    def __len__(self) -> int:
        note(self._name, "*")
        return len(self._data)


class NotedPaths(NotedDict):
    """``SiteModel.by_path``: a lookup notes whether the document at that path exists."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        note(key, "#in")
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        note(key, "#in")
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        note(str(key), "#in")
        return key in self._data


class _DocField:
    """A field of a tracked document: reading it notes ``aspect`` of the document."""

    def __init__(self, name: str, aspect: str):
        self.name, self.aspect = name, aspect

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        data = obj.__dict__
        if self.aspect == "values":
            return NotedValues(data["path"], data["values"])
        note(data["path"], self.aspect)
        return data[self.name]

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


_DOC_ASPECTS = {
    "values": "values",
    "body_html": "#body",
    "facts": "#facts",
    "group": "#doc",
    "inherited": "#doc",
    "inherited_lang": "#doc",
    "url_path": "#doc",
    "slug": "#doc",
    "key_lines": "#doc",
}
_UNTRACKED_DOC_FIELDS = {"kind", "path", "lang", "stem"}  # all given by the path


class _SiteField:
    def __init__(self, name: str, wrap: Callable[[Any], Any] | None):
        self.name, self.wrap = name, wrap

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name]
        if self.wrap is None:
            note("@" + self.name, "*")
            return value
        return self.wrap(value)

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


_SITE_FIELDS: dict[str, Callable[[Any], Any] | None] = {
    "articles": functools.partial(NotedDict, "@articles"),
    "pages": functools.partial(NotedDict, "@pages"),
    "unlisted": functools.partial(NotedDict, "@unlisted"),
    "tags": functools.partial(NotedDict, "@tags"),
    "projects": functools.partial(NotedDict, "@projects"),
    "by_path": functools.partial(NotedPaths, "@by_path"),
    "groups": None,
    "states": None,
}
_UNTRACKED_SITE_FIELDS = {"config", "content_root", "programmes", "municipalities", "routes"}  # not documents


@functools.cache
def _tracked_document() -> type:
    fields = {f.name for f in dataclasses.fields(Document)}
    if fields != set(_DOC_ASPECTS) | _UNTRACKED_DOC_FIELDS:
        raise TypeError(f"deps: Document has fields this module does not know: {sorted(fields)}")
    attrs = {name: _DocField(name, aspect) for name, aspect in _DOC_ASPECTS.items()}
    return type("TrackedDocument", (Document,), attrs)


def _group_key(kind: str, key: str) -> str:
    return f"{kind}/{key}"


@functools.cache
def _tracked_site() -> type:
    fields = {f.name for f in dataclasses.fields(SiteModel)}
    if fields != set(_SITE_FIELDS) | _UNTRACKED_SITE_FIELDS:
        raise TypeError(f"deps: SiteModel has fields this module does not know: {sorted(fields)}")

    def state(self: SiteModel, doc: Document) -> str:
        note(doc.path, "#state")
        return str(vars(self)["states"].get(doc.path, "published"))

    def group_of(self: SiteModel, doc: Document) -> Any:
        data = vars(self)
        index = data.get("_group_index")
        if index is None:  # made from the groups as they are, without noting a read of every group
            index = data["_group_index"] = {(g.kind, g.key): g for g in data["groups"]}
        group = index[(doc.kind, doc.group)]
        note("@group", _group_key(group.kind, group.key))
        return group

    attrs: dict[str, Any] = {name: _SiteField(name, wrap) for name, wrap in _SITE_FIELDS.items()}
    attrs.update(state=state, group_of=group_of)
    return type("TrackedSiteModel", (SiteModel,), attrs)


def _documents(site: SiteModel) -> list[Document]:
    found: dict[int, Document] = {}
    lists: list[Iterable[Document]] = [list(site.by_path.values())]
    lists += [list(g.docs.values()) for g in site.groups]
    for index in (site.articles, site.pages, site.unlisted):
        lists += list(index.values())
    lists += [tag.articles for tags in site.tags.values() for tag in tags]
    for docs in lists:
        for doc in docs:
            found[id(doc)] = doc
    return list(found.values())


@contextmanager
def tracking(site: SiteModel) -> Iterator[None]:
    """While the block runs, reads of ``site`` and of its documents are noted (see ``note``).

    The objects themselves are not changed, only the classes they answer
    to; they are given back their own on leaving the block."""
    if type(site) is not SiteModel or not hasattr(site, "__dict__"):
        raise TypeError("deps: the site model cannot be tracked")
    config = vars(site)["config"]
    if type(config) is not SiteConfig:
        raise TypeError("deps: the site's settings cannot be tracked")
    docs = [doc for doc in _documents(site) if type(doc) is Document]
    tracked_doc, tracked_site = _tracked_document(), _tracked_site()
    for doc in docs:
        object.__setattr__(doc, "__class__", tracked_doc)
    object.__setattr__(site, "__class__", tracked_site)
    object.__setattr__(config, "__class__", _tracked_config())
    token = _tracked.set(True)
    try:
        yield
    finally:
        _tracked.reset(token)
        object.__setattr__(config, "__class__", SiteConfig)
        object.__setattr__(site, "__class__", SiteModel)
        for doc in docs:
            object.__setattr__(doc, "__class__", Document)


# ---------------------------------------------------------------- the build date


class NotedDay(dt.date):
    """The build date while the site is tracked: a date that notes what is read of it (see
    ``("@today", ...)`` above). A comparison with a day notes its outcome, ``year`` and ``month``
    note those; anything else that gives something of the date (its text, arithmetic, the day of the
    week, hashing, pickling) notes the date itself.

    ``datetime.combine`` and other C code that read a date's fields directly see none of this: give
    them ``plain_day(day)``."""

    __slots__ = ()

    @classmethod
    def of(cls, day: dt.date) -> NotedDay:
        return cls(day.year, day.month, day.day)

    def _compared(self, other: object, sign: str) -> None:
        note("@today", sign + other.isoformat() if type(other) is dt.date else "*")

    def __hash__(self) -> int:
        note("@today", "*")
        return dt.date.__hash__(self)

    @property
    def year(self) -> int:
        note("@today", "year")
        return super().year

    @property
    def month(self) -> int:
        note("@today", "month")
        return super().month

    @property
    def day(self) -> int:
        note("@today", "*")
        return super().day

    def __reduce__(self) -> tuple[Any, ...]:
        note("@today", "*")
        return (dt.date, (super().year, super().month, super().day))


def _comparison(name: str, sign: str) -> Callable[..., Any]:
    """``date``'s comparison ``name``, noting its outcome as the read ``sign`` + the other day."""
    base = getattr(dt.date, name)

    def compare(self: NotedDay, other: Any) -> Any:
        self._compared(other, sign)
        return base(self, other)

    compare.__name__ = compare.__qualname__ = name
    return compare


# a comparison and its opposite tell the same: "<" for < and >=, ">" for > and <=, "=" for == and !=
for _name, _sign in (
    ("__lt__", "<"),
    ("__ge__", "<"),
    ("__gt__", ">"),
    ("__le__", ">"),
    ("__eq__", "="),
    ("__ne__", "="),
):
    setattr(NotedDay, _name, _comparison(_name, _sign))


def _whole(name: str) -> Callable[..., Any]:
    base = getattr(dt.date, name)

    def read_whole(self: NotedDay, *args: Any, **kwargs: Any) -> Any:
        note("@today", "*")
        value = base(self, *args, **kwargs)
        return dt.date.fromordinal(dt.date.toordinal(value)) if isinstance(value, NotedDay) else value

    read_whole.__name__ = read_whole.__qualname__ = name
    return read_whole


for _name in (
    *("__str__", "__repr__", "__format__", "__add__", "__radd__", "__sub__", "__rsub__"),
    *("isoformat", "strftime", "ctime", "timetuple", "toordinal", "weekday", "isoweekday", "isocalendar"),
    "replace",
):
    setattr(NotedDay, _name, _whole(_name))


def plain_day(day: dt.date) -> dt.date:
    """``day`` as a plain date; the build date is then noted as read whole."""
    return dt.date.fromordinal(day.toordinal()) if isinstance(day, NotedDay) else day


class _DayField:
    """``SiteConfig.build_date`` of a tracked site's settings: a ``NotedDay``."""

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        return NotedDay.of(obj.__dict__["build_date"])

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__["build_date"] = value


@functools.cache
def _tracked_config() -> type:
    return type("TrackedSiteConfig", (SiteConfig,), {"build_date": _DayField()})


def _today(day: dt.date, key: str) -> str:
    """What the build date ``day`` gives for the read ``("@today", key)``."""
    if key == "*":
        return _hash(day.isoformat())
    if key == "year":
        return _hash(day.year)
    if key == "month":
        return _hash(day.year, day.month)
    try:
        other = dt.date.fromisoformat(key[1:])
    except ValueError:
        return "unknown:@today:" + key
    if key[0] == "<":
        return _hash(day < other)
    if key[0] == ">":
        return _hash(day > other)
    if key[0] == "=":
        return _hash(day == other)
    return "unknown:@today:" + key


# ---------------------------------------------------------------- what a read gives


_PLAIN = frozenset({str, int, bool, type(None)})


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is text, a number, a truth value or None, or tuples and text-keyed dicts of those
    (an address row, a group's row, a document's key lines): its repr is then exact and stable."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if depth > 8:
        return False
    if kind is tuple:
        return all(type(item) in _PLAIN or _plain(item, depth + 1) for item in value)
    if kind is dict:
        return all(
            type(key) is str and (type(item) in _PLAIN or _plain(item, depth + 1)) for key, item in value.items()
        )
    return False


def _hash(*parts: Any) -> str:
    if len(parts) == 1 and type(parts[0]) is str:  # a body, a title: its text as it is, without a repr's copy
        return hashlib.blake2b(b"str:" + parts[0].encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    if all(_plain(part) for part in parts):  # their repr is exact and stable: no need for the codec
        text = "plain:" + repr(parts)
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    try:
        text = serial.CONTENT.dumps(parts)
    except serial.SerialError:
        return "unknown:" + hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


_ABSENT = "absent"


def _paths(docs: Any) -> tuple[str, ...]:
    return tuple(vars(doc)["path"] for doc in docs)


def _tag_rows(tags: Any) -> tuple:
    return tuple((tag.name, tag.slug, tag.lang, _paths(tag.articles)) for tag in tags)


def _group_row(group: Any) -> tuple:
    return (group.kind, group.key, tuple((code, vars(doc)["path"]) for code, doc in group.docs.items()))


class Digests:
    """What each read gives in one site (computed when first asked, then kept).

    It reads the site and its documents underneath any tracking: asking
    notes nothing, and gives the same answers inside ``tracking`` as outside."""

    def __init__(self, site: SiteModel):
        self.site = vars(site)
        self.known: dict[Dep, str] = {}
        self.groups = {_group_key(g.kind, g.key): g for g in self.site["groups"]}

    def __call__(self, dep: Dep) -> str:
        value = self.known.get(dep)
        if value is None:
            value = self.known[dep] = self._compute(*dep)
        return value

    def _compute(self, name: str, key: str) -> str:
        site = self.site
        if name.startswith("@"):
            return self._index(name, key)
        found = site["by_path"].get(name)
        if key == "#in":
            return _hash(found is not None)
        if found is None:
            return _ABSENT
        doc = vars(found)
        values = doc["values"]
        if key == "*":
            return _hash(values)
        if key == "#body":
            return _hash(doc["body_html"])
        if key == "#facts":
            return _hash(doc["facts"])
        if key == "#doc":
            return _hash(
                doc["group"], doc["inherited"], doc["inherited_lang"], doc["url_path"], doc["slug"], doc["key_lines"]
            )
        if key == "#state":
            return _hash(site["states"].get(name, "published"))
        if key not in values:
            return _ABSENT
        return _hash(values[key])

    def _index(self, name: str, key: str) -> str:
        site = self.site
        if name == "@today":
            return _today(vars(site["config"])["build_date"], key)
        if name == "@group":
            group = self.groups.get(key)
            return _hash(_group_row(group)) if group is not None else _ABSENT
        if name == "@groups":
            return _hash(tuple(_group_row(g) for g in site["groups"]))
        if name == "@by_path":
            return _hash(tuple(sorted(site["by_path"])))
        if name == "@states":
            return _hash(sorted(site["states"].items()))
        if name == "@projects":
            projects = site["projects"]
            if key == "*":
                return _hash(tuple((code, _group_row(g)) for code, g in projects.items()))
            group = projects.get(key)
            return _hash(_group_row(group)) if group is not None else _ABSENT
        lists = site.get(name[1:]) if name in ("@articles", "@pages", "@unlisted", "@tags") else None
        if lists is None:
            return "unknown:" + name  # a read this build cannot answer: never the same
        row = _tag_rows if name == "@tags" else _paths
        if key == "*":
            return _hash(tuple((code, row(items)) for code, items in lists.items()))
        return _hash(row(lists[key])) if key in lists else _ABSENT


# ---------------------------------------------------------------- what an output was given


class Untraceable(TypeError):
    """A value whose identity ``structure`` cannot tell: the output holding it is always made again."""


_SCALAR_TYPES = (str, int, float, bool, bytes, type(None), dt.date, dt.time, dt.timedelta, PurePath)


class Shared:
    """The digests of the containers that many outputs' plans share (the same list of a language's
    articles, the same view, the same function), by the container's identity: one planning pass of a
    build hashes each of them once. The containers are held too, so that an identity is never reused
    while the pass lasts; the plans must not change while they are hashed."""

    __slots__ = ("held",)

    def __init__(self) -> None:
        self.held: dict[int, tuple[Any, bytes]] = {}


_SHARED_TYPES = (list, tuple, dict, functools.partial, types.MethodType, types.FunctionType)


def structure(
    value: Any, known: Mapping[int, str], h: Any | None = None, depth: int = 0, shared: Shared | None = None
) -> Any:
    """Feed ``value`` into the hash ``h``: what the output was given when it was planned.

    Documents count by their path (what is read of them is noted when it is
    read); objects of ``known`` (by id: the prepared build, its settings,
    languages, addresses) by their name. Anything else must be plain data, a
    dataclass, or a function with its arguments and closure; any other
    object raises ``Untraceable``. With ``shared``, a container met before in
    the same pass is fed as the digest it gave then."""
    if h is None:
        h = hashlib.blake2b(digest_size=16)
    if depth > 60:
        raise Untraceable("too deep")
    up = h.update
    kind = type(value)
    if kind is str:  # most of what a plan holds (as ``_structure`` feeds it)
        up(f"s{len(value)}:".encode() + value.encode("utf-8", "surrogatepass"))
        return h
    if shared is not None and depth and (kind in _SHARED_TYPES or hasattr(kind, "__dataclass_fields__")):
        held = shared.held.get(id(value))
        if held is None:
            inner = _structure(value, known, hashlib.blake2b(digest_size=16), depth, shared).digest()
            held = shared.held[id(value)] = (value, inner)
        up(b"H" + held[1])
        return h
    return _structure(value, known, h, depth, shared)


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...]:
    """The names of a dataclass's fields (``dataclasses.fields``, once per class)."""
    return tuple(f.name for f in dataclasses.fields(cls))


def _structure(value: Any, known: Mapping[int, str], h: Any, depth: int, shared: Shared | None) -> Any:
    up = h.update
    if type(value) is str:  # most of what a plan holds
        up(f"s{len(value)}:".encode() + value.encode("utf-8", "surrogatepass"))
        return h
    name = known.get(id(value))
    if name is not None:
        up(b"K" + name.encode() + b"\0")
        return h
    if isinstance(value, Document):
        up(b"D" + value.__dict__["path"].encode("utf-8", "surrogatepass") + b"\0")
        return h
    kind = type(value)
    if isinstance(value, _SCALAR_TYPES):
        up(f"S{kind.__qualname__}:{value!r}\0".encode("utf-8", "surrogatepass"))
        if isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
            up(repr(value.tzinfo).encode() + b"\0")
        return h
    depth += 1
    if isinstance(value, (list, tuple)):
        up(f"L{kind.__qualname__}:{len(value)}\0".encode())
        for item in value:
            structure(item, known, h, depth, shared)
        return h
    if isinstance(value, (set, frozenset)):
        parts = sorted(structure(item, known, None, depth, shared).hexdigest() for item in value)
        up(("U" + ",".join(parts) + "\0").encode())
        return h
    if isinstance(value, (dict, Mapping)):
        items = list(value._values.items()) if isinstance(value, NotedValues) else list(value.items())
        up(f"M{kind.__qualname__}:{len(items)}\0".encode())
        for key, item in items:
            structure(key, known, h, depth, shared)
            structure(item, known, h, depth, shared)
        return h
    if hasattr(kind, "__dataclass_fields__") and not isinstance(value, type):
        up(f"C{kind.__module__}.{kind.__qualname__}\0".encode())
        for name in _field_names(kind):  # type: ignore[arg-type]  # a class is hashable
            structure(getattr(value, name), known, h, depth, shared)
        return h
    if isinstance(value, functools.partial):
        up(b"P")
        structure(value.func, known, h, depth, shared)
        structure(value.args, known, h, depth, shared)
        structure(value.keywords, known, h, depth, shared)
        return h
    if isinstance(value, types.MethodType):
        up(b"B")
        structure(value.__self__, known, h, depth, shared)
        structure(value.__func__, known, h, depth, shared)
        return h
    if isinstance(value, types.FunctionType):
        up(f"F{value.__module__}.{value.__qualname__}\0".encode())
        structure(value.__defaults__, known, h, depth, shared)
        structure(value.__kwdefaults__, known, h, depth, shared)
        for cell in value.__closure__ or ():
            try:
                contents = cell.cell_contents
            except ValueError:  # a cell not filled yet
                up(b"E")
                continue
            structure(contents, known, h, depth, shared)
        return h
    if isinstance(value, (types.BuiltinFunctionType, type)):
        up(f"T{getattr(value, '__module__', '')}.{value.__qualname__}\0".encode())
        return h
    raise Untraceable(f"{kind.__module__}.{kind.__qualname__}")
