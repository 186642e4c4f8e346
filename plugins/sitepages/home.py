"""The home page of every language: the latest news and the events' small calendar."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from events.site_pages import home_calendar
from multisite.pages import Output, PageMeta, Prepared, deferred, page_meta

from .views import article_view


def home(build: Prepared) -> Iterable[Output]:
    config, routes = build.config, build.routes
    for lang in config.codes:
        path = routes.home(lang)
        meta = page_meta(
            build, lang, "home", path, config.language(lang).site_name, paths=routes.alternates(routes.home)
        )
        yield deferred(build, lang, "index.html", path, partial(_home_context, build, lang, meta))


def _home_context(build: Prepared, lang: str, meta: PageMeta) -> dict:
    config, site = build.config, build.site
    latest = [article_view(build, d) for d in site.articles[lang][: config.articles_per_page]]
    extras = {"calendar": home_calendar(build, lang)}
    return {"page": meta, "articles": latest, "archive_path": build.routes.archive(lang), "extras": extras}
