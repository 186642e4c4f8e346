"""What every page needs besides its own content: head metadata, the language
switcher, alternates, feeds; what a page family is given (``Prepared``), the
small value types it returns, and the helpers that make them (``page_meta``,
``render``, ``deferred``).

Nothing here knows a page type: the page families (``sitepages`` and the
packages' ``site_pages`` modules) use these to say what to write."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from contentmodel.config import Language, SiteConfig
from contentmodel.diagnostics import Report
from contentmodel.routes import Routes, paginated
from contentmodel.site import SiteModel

if TYPE_CHECKING:
    from .pictures import Pictures
    from .render import Renderer

T = TypeVar("T")


class Prepared(Protocol):
    """What a page family may read of a prepared build (``multisite.build.PreparedSite``).

    A family takes it and yields ``Output``s; it never changes it. ``memo`` is
    a per-build cache of values computed from the rest, and ``report`` takes
    the family's warnings."""

    @property
    def config(self) -> SiteConfig: ...
    @property
    def routes(self) -> Routes: ...
    @property
    def site(self) -> SiteModel: ...
    @property
    def renderer(self) -> Renderer: ...
    @property
    def pictures(self) -> Pictures: ...
    @property
    def content_root(self) -> Path: ...
    @property
    def report(self) -> Report: ...

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per build and process."""
        ...


@dataclass(frozen=True)
class Output:
    """One file to write: a template to render, or content (never changed once made).

    ``later`` computes what is costly (the context of a template, or the
    content) only when the output is written, in a render worker. What an
    output reads of the site is noted while it is made (``contentmodel.deps``),
    so that a warm build keeps it when none of that changed."""

    path: str  # output file, relative to the output root
    lang: str = ""
    template: str | None = None
    context: Mapping[str, Any] | None = None
    content: str | bytes | None = None
    producer: str = ""
    later: Callable[[], Any] | None = None
    source: Path | None = None  # a file published as it is (hard-linked where possible)

    @property
    def ready(self) -> bool:
        """Content that needs neither a template nor a computation."""
        return self.content is not None or self.source is not None

    def resolved(self) -> tuple[Mapping[str, Any] | None, str | bytes | None]:
        """(context, content), computing them if they were left for later."""
        if self.later is None:
            return self.context, self.content
        value = self.later()
        return (value, None) if self.template else (None, value)


@dataclass(frozen=True)
class Alternate:
    language: Language
    path: str | None  # site path of this page in that language, or None
    current: bool = False


@dataclass(frozen=True)
class LinkItem:
    title: str
    path: str
    note: str = ""
    lang: str = ""  # the title's language when it is not the page's


@dataclass(frozen=True)
class Link:
    title: str
    path: str
    mime: str = ""


@dataclass(frozen=True)
class PageMeta:
    """A page's head: made once, with everything it shows (``page_meta``)."""

    lang: str
    page_type: str
    path: str  # site path ("en/2018/slug/")
    title: str
    description: str = ""
    alternates: tuple[Alternate, ...] = ()
    x_default: str | None = None
    feeds: tuple[Link, ...] = ()
    calendars: tuple[Link, ...] = ()
    image: str | None = None  # site path of the picture shared (og:image)
    image_alt: str = ""
    image_width: int = 0  # its size and type, when known
    image_height: int = 0
    image_type: str = ""
    og_type: str = "website"
    jsonld: tuple[Mapping[str, Any], ...] = ()  # the structured data blocks (JSON objects)
    noindex: bool = False
    published: Any = None
    modified: Any = None

    @property
    def hreflang(self) -> tuple[tuple[str, str], ...]:
        links = tuple((alt.language.code, alt.path) for alt in self.alternates if alt.path is not None)
        return links if self.x_default is None else (*links, ("x-default", self.x_default))


class PageSummary(NamedTuple):
    """What is kept of a page's metadata once it is rendered: what the sitemaps read."""

    lang: str
    path: str
    page_type: str
    hreflang: tuple[tuple[str, str], ...]
    published: Any
    modified: Any
    noindex: bool

    @classmethod
    def of(cls, page: PageMeta) -> PageSummary:
        return cls(page.lang, page.path, page.page_type, page.hreflang, page.published, page.modified, page.noindex)


def alternates_for(config: SiteConfig, lang: str, paths: Mapping[str, str]) -> tuple[tuple[Alternate, ...], str | None]:
    """The switcher entries and x-default for a page available at ``paths`` (lang -> path)."""
    alternates = tuple(
        Alternate(language, paths.get(language.code), language.code == lang) for language in config.languages
    )
    if config.default_lang in paths:
        x_default = paths[config.default_lang]
    else:
        x_default = next((paths[c] for c in config.codes if c in paths), None)
    return alternates, x_default


def site_feeds(routes: Routes, lang: str, gettext) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    """The site-wide feeds and calendar of ``lang``, linked from every page."""
    feeds = routes.feeds(lang)
    return (
        (
            Link(gettext("All news (Atom)"), feeds.atom, "application/atom+xml"),
            Link(gettext("All news (RSS)"), feeds.rss, "application/rss+xml"),
        ),
        (Link(gettext("All events (iCalendar)"), routes.events_calendar(lang), "text/calendar"),),
    )


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    items: Sequence[Any]  # a tuple (``paginate``)
    base: str  # site path of page 1

    def path(self, number: int) -> str:
        return paginated(self.base, number)

    @property
    def previous(self) -> str | None:
        return self.path(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path(self.number + 1) if self.number < self.count else None

    @property
    def current(self) -> str:
        return self.path(self.number)


def paginate(items: Sequence[Any], per_page: int, base: str) -> Iterable[Pager]:
    count = max(1, math.ceil(len(items) / per_page))
    for number in range(1, count + 1):
        yield Pager(number, count, tuple(items[(number - 1) * per_page : number * per_page]), base)


def gettext(build: Prepared, lang: str) -> Callable[[str], str]:
    return lambda message: build.renderer.gettext(lang, message)


def page_meta(
    build: Prepared,
    lang: str,
    page_type: str,
    path: str,
    title: str,
    *,
    paths: Mapping[str, str] | None = None,
    description: str = "",
    extra_feeds: Iterable[Link] = (),
    extra_calendars: Iterable[Link] = (),
    **kw,
) -> PageMeta:
    config = build.config
    if paths is None:
        paths = {lang: path}
    alternates, x_default = alternates_for(config, lang, paths)
    feeds, calendars = site_feeds(build.routes, lang, gettext(build, lang))
    return PageMeta(
        lang=lang,
        page_type=page_type,
        path=path,
        title=title,
        description=description or config.language(lang).description,
        alternates=alternates,
        x_default=x_default,
        feeds=(*extra_feeds, *feeds),
        calendars=(*extra_calendars, *calendars),
        **kw,
    )


def render(build: Prepared, lang: str, template: str, meta: PageMeta, **context) -> Output:
    """A page to render with ``context`` (and ``page``: its head)."""
    return Output(
        path=build.routes.output_file(meta.path),
        lang=lang,
        template=template,
        context={"page": meta, **context},
        producer=f"{template} ({meta.path})",
    )


def deferred(
    build: Prepared,
    lang: str,
    template: str,
    path: str,
    make: Callable[[], Any],
) -> Output:
    """A page whose context ``make()`` computes only when it is rendered (see ``render``)."""
    return Output(
        path=build.routes.output_file(path),
        lang=lang,
        template=template,
        later=make,
        producer=f"{template} ({path})",
    )
