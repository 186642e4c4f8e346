"""Every article's own page (with its structured data) and the static pages."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from contentmodel.documents import Document
from contentmodel.site import summary_text
from discovery.jsonld import news_article
from events.jsonld import event_jsonld
from multisite.pages import Output, Prepared, deferred, page_meta

from .views import ArticleView, article_view


def articles(build: Prepared) -> Iterable[Output]:
    site, routes = build.site, build.routes
    for lang in site.articles:
        for doc in [*site.articles[lang], *site.unlisted.get(lang, ())]:  # hidden, drafts: their own page only
            yield deferred(
                build,
                lang,
                "article.html",
                routes.article(doc),
                partial(article_context, build, doc),
            )


def article_context(build: Prepared, doc: Document) -> dict:
    """The context of an article's own page (computed in a render worker)."""
    view = article_view(build, doc)
    state = build.site.state(doc)
    shared: dict[str, Any] = {}  # the picture social sites show
    if view.image:
        shared.update(image=view.image.path, image_alt=view.image.alt)
        if view.image.picture is not None:  # social sites do not all take WebP: the JPEG or PNG, 1200 wide
            share = view.image.picture.share
            shared.update(image=share.path, image_width=share.width, image_height=share.height, image_type=share.mime)
    meta = page_meta(
        build,
        doc.lang,
        "article",
        view.path,
        view.title,
        paths=view.translations,
        description=view.summary,
        og_type="article",
        published=view.published,
        modified=view.modified,
        noindex=state != "published",  # not listed anywhere
        jsonld=structured_data(build, view),
        **shared,
    )
    return {"page": meta, "article": view, "publication": state}


def structured_data(build: Prepared, view: ArticleView) -> tuple[dict[str, Any], ...]:
    config, routes = build.config, build.routes
    language = config.language(view.lang)
    home = routes.absolute(routes.home(view.lang))
    blocks = [
        news_article(
            headline=view.title,
            url=routes.absolute(view.path),
            published=view.published.value,
            modified=view.modified.value if view.modified else None,
            lang=view.lang,
            author=view.author,
            publisher_name=language.organisation,
            publisher_url=home,
            logo_url=routes.absolute(routes.asset("img/logo.svg")),
            image_url=routes.absolute(view.image.path) if view.image else None,
            description=view.summary,
        )
    ]
    if view.event is not None:
        blocks.append(
            event_jsonld(
                view.event,
                organizer_name=language.organisation,
                organizer_url=home,
                image_url=routes.absolute(view.image.path) if view.image else None,
                timezone=config.timezone,
                today=config.build_date,
            )
        )
    return tuple(blocks)


def static_pages(build: Prepared) -> Iterable[Output]:
    for lang, docs in build.site.pages.items():
        for doc in docs:
            yield deferred(build, lang, "page.html", build.routes.page(doc), partial(_page_context, build, lang, doc))


def _page_context(build: Prepared, lang: str, doc: Document) -> dict:
    site, routes = build.site, build.routes
    paths = {code: routes.page(d) for code, d in site.translations(doc).items()}
    meta = page_meta(
        build,
        lang,
        "page",
        routes.page(doc),
        str(doc.values["title"]),
        paths=paths,
        description=summary_text(doc),
        modified=doc.values.get("modified"),
    )
    return {"page": meta, "doc": doc, "body_html": doc.body_html}
