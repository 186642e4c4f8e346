"""Atom and RSS 2.0 feeds (feedgenerator), with ids that never change.

An entry's id is a tag URI built from the site's permanent domain, the
publication date and the translation key, so the development build, the
published build and every rebuild give the same ids and readers never see
duplicates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from feedgenerator import Atom1Feed, Rss201rev2Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    published: dt.datetime
    updated: dt.datetime
    summary: str  # plain text (Atom: <summary type="text">)
    content_html: str  # the sanitised body HTML
    author: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedInfo:
    title: str
    link: str  # the HTML page the feed is about (absolute)
    feed_url: str  # the feed's own URL (absolute)
    id: str  # tag URI
    language: str
    description: str
    stylesheet: str = ""  # absolute or root-relative URL of the XSLT
    author: str = ""  # who publishes the feed (RFC 4287: a feed names its author)
    entries: Sequence[Entry] = field(default_factory=tuple)
    empty_updated: dt.datetime | None = None  # "updated" of a feed with no entries (never "now")


def tag_uri(domain: str, date: dt.date, specific: str) -> str:
    return f"tag:{domain},{date.isoformat()}:{specific}"


class _Fixed:
    """A feed whose date comes from its entries, or a fixed date when it has none."""

    def latest_post_date(self):
        if not self.items and self.feed.get("empty_updated") is not None:
            return self.feed["empty_updated"]
        return super().latest_post_date()


class _Atom(_Fixed, Atom1Feed):
    def write(self, outfile, encoding):
        """Atom1Feed's document with the stylesheet instruction RSS gets, so that a browser shows
        both kinds of feed as a readable page."""
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(_PlainSummary(handler), item)


class _PlainSummary:
    """The summary is plain text, so it is marked type="text": feedgenerator marks it "html",
    and a reader would then turn "<b>" typed as text (or an escaped "<script>") into markup."""

    def __init__(self, handler):
        self._handler = handler

    def addQuickElement(self, name, contents=None, attrs=None):
        if name == "summary":
            attrs = {"type": "text"}
        return self._handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self._handler, name)


class _Rss(_Fixed, Rss201rev2Feed):
    pass


def _feed(cls, info: FeedInfo):
    kwargs = dict(
        title=info.title,
        link=info.link,
        description=info.description,
        language=info.language,
        feed_url=info.feed_url,
        feed_guid=info.id,
        empty_updated=info.empty_updated,
        author_name=info.author or None,
    )
    if info.stylesheet:
        kwargs["stylesheets"] = [info.stylesheet]
    feed = cls(**kwargs)
    for e in info.entries:
        feed.add_item(
            title=e.title,
            link=e.link,
            description=e.summary if issubclass(cls, Atom1Feed) else e.content_html,
            content=e.content_html if issubclass(cls, Atom1Feed) else None,
            unique_id=e.id,
            unique_id_is_permalink=False,
            pubdate=e.published,
            updateddate=e.updated,
            author_name=e.author or None,
            categories=list(e.categories) or None,
        )
    return feed


def atom(info: FeedInfo) -> bytes:
    return _feed(_Atom, info).writeString("utf-8").encode("utf-8")


def rss(info: FeedInfo) -> bytes:
    return _feed(_Rss, info).writeString("utf-8").encode("utf-8")
