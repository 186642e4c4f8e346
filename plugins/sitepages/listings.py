"""Lists of articles: the archive of all news and the tags, each tag with its own list."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import partial

from multisite.pages import (
    Link,
    LinkItem,
    Output,
    PageMeta,
    Pager,
    Prepared,
    deferred,
    gettext,
    page_meta,
    paginate,
    render,
)

from .views import article_view


def archive(build: Prepared) -> Iterable[Output]:
    config, site, routes = build.config, build.site, build.routes
    for lang in config.codes:
        _ = gettext(build, lang)
        for pager in paginate(site.articles[lang], config.articles_per_page, routes.archive(lang)):
            paths = routes.alternates(routes.archive) if pager.number == 1 else None
            meta = page_meta(build, lang, "archive", pager.current, _("All news"), paths=paths)
            yield listing(build, lang, meta, pager, heading=_("All news"), intro="")


def listing(build: Prepared, lang: str, meta: PageMeta, pager: Pager, **context) -> Output:
    """A page of article cards; the cards are made when the page is rendered."""
    return deferred(build, lang, "listing.html", meta.path, partial(_listing_context, build, meta, pager, context))


def _listing_context(build: Prepared, meta: PageMeta, pager: Pager, context: dict) -> dict:
    cards = dataclasses.replace(pager, items=tuple(article_view(build, d) for d in pager.items))
    return {"page": meta, "pager": cards, **context}


def tags(build: Prepared) -> Iterable[Output]:
    config, site, routes = build.config, build.site, build.routes
    for lang in config.codes:
        _ = gettext(build, lang)
        meta = page_meta(build, lang, "tags", routes.tags(lang), _("Tags"), paths=routes.alternates(routes.tags))
        items = [LinkItem(t.name, routes.tag(lang, t.name), str(len(t.articles)), lang=t.lang) for t in site.tags[lang]]
        yield render(build, lang, "tags.html", meta, tags=items)
        for tag in site.tags[lang]:
            feeds = routes.tag_feeds(lang, tag.name)
            for pager in paginate(tag.articles, config.articles_per_page, routes.tag(lang, tag.name)):
                meta = page_meta(
                    build,
                    lang,
                    "tag",
                    pager.current,
                    tag.name,
                    extra_feeds=[
                        Link(f"{tag.name} (Atom)", feeds.atom, "application/atom+xml"),
                        Link(f"{tag.name} (RSS)", feeds.rss, "application/rss+xml"),
                    ],
                )
                yield listing(
                    build,
                    lang,
                    meta,
                    pager,
                    heading=tag.name,
                    heading_lang=tag.lang,
                    intro=_("News tagged with this word."),
                )
