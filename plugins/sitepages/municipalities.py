"""The municipalities: the list of those the site lists and each one's page, with the former
municipalities it took in."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from functools import partial

from lvlang.collation import collate
from lvlang.language import pick
from multisite.pages import Link, LinkItem, Output, Prepared, deferred, gettext, page_meta, render

from .projects import project_rows
from .views import article_view, listed_municipalities, municipality_keys, municipality_name, upcoming_and_past


def municipalities(build: Prepared) -> Iterable[Output]:
    config, routes = build.config, build.routes
    listed = listed_municipalities(build)
    for lang in config.codes:
        _ = gettext(build, lang)
        chain = config.fallback_chain(lang)
        rows = collate(
            [
                LinkItem(
                    municipality_name(m, lang, chain),
                    routes.municipality(lang, m.key),
                    ", ".join(f.name for f in _former_parts(build, m, lang)),
                )
                for m in listed
            ],
            config.language(lang),
            key=lambda r: r.title,
        )
        meta = page_meta(
            build,
            lang,
            "municipalities",
            routes.municipalities(lang),
            _("Municipalities"),
            paths=routes.alternates(routes.municipalities),
        )
        yield render(build, lang, "municipalities.html", meta, municipalities=rows)
        for m in listed:
            yield deferred(
                build,
                lang,
                "municipality.html",
                routes.municipality(lang, m.key),
                partial(_municipality_context, build, lang, m),
            )


@dataclasses.dataclass(frozen=True)
class FormerPart:
    """A former municipality on its successor's page: when it joined, by which act, through which one."""

    key: str
    name: str
    date: dt.date
    source: str
    note: str = ""
    via: str = ""  # the municipality it joined first, when that one later joined this


def _former_parts(build: Prepared, m, lang: str) -> list[FormerPart]:
    index = build.site.municipalities
    chain = build.config.fallback_chain(lang)
    parts = []
    for f in index.parts_of(m.key):
        merge = f.merge
        via = "" if f.merged_into == m.key else municipality_name(index.get(f.merged_into), lang, chain)
        parts.append(
            FormerPart(f.key, municipality_name(f, lang, chain), merge.date, merge.source, pick(merge.note, chain), via)
        )
    return sorted(parts, key=lambda p: (p.date, p.name))


def _municipality_context(build: Prepared, lang: str, m) -> dict:
    config, site, routes = build.config, build.site, build.routes
    _ = gettext(build, lang)
    chain = config.fallback_chain(lang)
    keys = municipality_keys(build, m)
    news = [article_view(build, a) for a in site.articles[lang] if keys & set(a.values.get("municipalities", ()))]
    projects_here = [
        r
        for r in project_rows(build, lang)
        if keys & set(site.project_version(r["code"], lang).values.get("municipalities", ()))
    ]
    formers = _former_parts(build, m, lang)
    feeds = routes.municipality_feeds(lang, m.key)
    name = municipality_name(m, lang, chain)
    meta = page_meta(
        build,
        lang,
        "municipality",
        routes.municipality(lang, m.key),
        name,
        paths=routes.alternates(routes.municipality, m.key),
        extra_feeds=[
            Link(_("News (Atom)"), feeds.atom, "application/atom+xml"),
            Link(_("News (RSS)"), feeds.rss, "application/rss+xml"),
        ],
        extra_calendars=[Link(_("Events (iCalendar)"), feeds.ics, "text/calendar")],
    )
    upcoming, _past = upcoming_and_past((n for n in news if n.event is not None), config.build_date)
    return dict(
        page=meta,
        municipality=m,
        name=name,
        news=news,
        projects=projects_here,
        formers=formers,
        upcoming=upcoming,
        feeds=feeds,
        website=getattr(m, "website", "") or "",
    )
