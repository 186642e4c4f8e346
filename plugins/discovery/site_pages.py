"""Feeds, sitemaps, robots.txt, the search page and index, and the open data files of every language."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from contentmodel import deps
from contentmodel.documents import Document
from contentmodel.routes import OPEN_DATA_KINDS
from funding.projects import project_status
from lvlang.collation import collate
from multisite.pages import Output, PageSummary, Prepared, gettext, page_meta, render
from multisite.staging import discard, replace_folder
from multisite.writer import OutputWriter
from sitepages.views import article_view, listed_municipalities, municipality_keys, municipality_name

from .feeds import Entry, FeedInfo, atom, rss, tag_uri
from .opendata import to_csv, to_json
from .sitemaps import UrlEntry, robots, sitemap_index, urlset

if TYPE_CHECKING:
    from .search import RecordCache  # imported where it is used: it brings Pagefind

_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolutize(html: str, root: str) -> str:
    """``html`` with its root-relative links made absolute; ``root``: the site root's absolute URL ("https://x/")."""
    return _ROOT_RELATIVE.sub(lambda m: m.group(1) + root, html)


def entry_id(config, doc: Document) -> str:
    """The permanent id of an article's feed entry (also its id in the open data)."""
    return tag_uri(config.id_domain, doc.values["date"].value.date(), f"{doc.group.strip('/')}/{doc.lang}")


def entry_for(build: Prepared, doc: Document) -> Entry:
    config = build.config
    view = article_view(build, doc)
    body = view.body_html
    notice = build.renderer.render(doc.lang, "feed_notice.html", {"notices": view.notices, "article": view})
    content = absolutize(body + notice, build.routes.absolute(build.routes.home(config.default_lang)))
    published = doc.values["date"].value
    updated = doc.values["modified"].value if "modified" in doc.values else published
    return Entry(
        id=entry_id(config, doc),
        title=view.title,
        link=build.routes.absolute(view.path),
        published=published,
        updated=updated,
        summary=view.summary,
        content_html=content,
        author=view.author,
        categories=tuple(t.title for t in view.tags),
    )


def _entries(build: Prepared, docs: Iterable[Document]) -> list[Entry]:
    """The feed entries of ``docs`` (each made once per build and process)."""
    return [build.memo(("feed-entry", doc.path), partial(entry_for, build, doc)) for doc in docs]


def _feed_pair(build: Prepared, lang: str, paths, title: str, page_path: str, docs: Sequence[Document], since: dt.date):
    """The Atom and RSS files of the feed ``paths`` (a ``contentmodel.routes.Feeds``)."""
    config, routes = build.config, build.routes
    name = paths.name
    language = config.language(lang)
    shown = list(docs)[: config.feed_max_items]
    for kind, maker in (("atom", atom), ("rss", rss)):
        path = getattr(paths, kind)
        info = FeedInfo(
            title=f"{title} – {language.site_name}" if title != language.site_name else title,
            link=routes.absolute(page_path),
            feed_url=routes.absolute(path),
            id=tag_uri(config.id_domain, since, f"feed/{lang}/{name}"),
            language=lang,
            description=language.description,
            stylesheet=routes.href(routes.feed_stylesheet(lang)),
            entries=[],
            author=language.organisation,
        )
        yield Output(
            path=path,
            producer=f"feed {name} {kind} {lang}",
            later=partial(_feed_content, build, maker, info, shown),
        )


def _feed_content(build: Prepared, maker, info: FeedInfo, docs: Sequence[Document]) -> str:
    entries = _entries(build, docs)
    if entries:
        return maker(dataclasses.replace(info, entries=entries))
    # an empty feed's "updated" is the build date: only it depends on the date
    updated = dt.datetime.combine(deps.plain_day(build.config.build_date), dt.time(0), tzinfo=dt.UTC)
    return maker(dataclasses.replace(info, entries=entries, empty_updated=updated))


def feeds(build: Prepared) -> Iterable[Output]:
    config, site, routes = build.config, build.site, build.routes
    since = dt.date(2010, 1, 1)
    for lang in config.codes:
        _ = gettext(build, lang)
        yield Output(
            path=routes.feed_stylesheet(lang),
            lang=lang,
            template="feed.xsl",
            context={},
            producer=f"feed stylesheet {lang}",
        )
        articles = site.articles[lang]
        yield from _feed_pair(
            build, lang, routes.feeds(lang), config.language(lang).site_name, routes.home(lang), articles, since
        )
        # Where each article is listed, in one pass over the language's articles (newest first): the
        # positions of the articles of each project and of each municipality's key.
        by_project: dict[str, list[int]] = {}
        by_place: dict[str, list[int]] = {}
        for position, a in enumerate(articles):
            values = a.values
            for code in dict.fromkeys(values.get("projects", ())):
                by_project.setdefault(code, []).append(position)
            for key in dict.fromkeys(values.get("municipalities", ())):
                by_place.setdefault(key, []).append(position)
        for code in sorted(site.projects):
            if lang not in site.projects[code].docs:
                continue  # no page in this language links a feed; its readers follow the page they read
            doc = site.project_version(code, lang)
            selected = [articles[position] for position in by_project.get(code, ())]
            yield from _feed_pair(
                build,
                lang,
                routes.project_feeds(lang, doc.slug),
                str(doc.values.get("short_title") or code),
                routes.project(doc),
                selected,
                since,
            )
        for m in listed_municipalities(build):
            keys = municipality_keys(build, m)
            positions = sorted({position for key in keys for position in by_place.get(key, ())})
            selected = [articles[position] for position in positions]
            yield from _feed_pair(
                build,
                lang,
                routes.municipality_feeds(lang, m.key),
                municipality_name(m, lang, config.fallback_chain(lang)),
                routes.municipality(lang, m.key),
                selected,
                since,
            )
        for tag in site.tags[lang]:
            yield from _feed_pair(
                build, lang, routes.tag_feeds(lang, tag.name), tag.name, routes.tag(lang, tag.name), tag.articles, since
            )


def written(
    build: Prepared,
    *,
    writer: OutputWriter,
    pages: Sequence[PageSummary],
    timings: dict[str, float],
    search_later: bool = False,
) -> None:
    """What needs the whole written site: the sitemaps and robots.txt, then the search index (unless the
    caller writes it after publishing: ``search_later``, as the live preview does)."""
    from .search import FOLDER

    write_sitemaps(build, writer, pages)
    if search_later:
        return
    if build.config.search_index:
        writer.replaced_folder(FOLDER)
        timings["search index"] = write_search_index(build, writer.root)
        return
    stale = writer.root / FOLDER  # an index an earlier build wrote: it would answer with pages of then
    if stale.is_symlink() or stale.exists():
        writer.replaced_folder(FOLDER)
        discard(stale)


def write_search_index(
    build: Prepared,
    site_dir: Path,
    cancelled: Callable[[], bool] = lambda: False,
    previous: Path | None = None,
    records: RecordCache | None = None,
) -> float:
    """Index the pages of ``build`` into ``site_dir/pagefind``, replacing the index there in one step;
    returns seconds taken. The bundles of the index in ``previous`` (default: the one being replaced)
    whose pages are unchanged are taken over, not indexed again."""
    from .search import FOLDER, write_index

    new = site_dir / f".{FOLDER}.new"
    shutil.rmtree(new, ignore_errors=True)
    written = write_index(
        search_records(build, records),
        new,
        cancelled,
        previous=site_dir / FOLDER if previous is None else previous,
        size=build.config.search_bundle_pages,
    )
    replace_folder(new, site_dir / FOLDER)
    return written.seconds


def write_sitemaps(build: Prepared, writer: OutputWriter, pages: Sequence[PageSummary]) -> None:
    config, routes = build.config, build.routes
    by_lang: dict[str, list[UrlEntry]] = {code: [] for code in config.codes}
    for page in pages:
        if page.noindex:
            continue
        alternates = tuple((code, routes.absolute(path)) for code, path in page.hreflang)
        lastmod = ""
        when = page.modified or page.published
        if when is not None:
            lastmod = (when.value if hasattr(when, "value") else when).date().isoformat()
        by_lang[page.lang].append(UrlEntry(routes.absolute(page.path), alternates, lastmod))
    locations = []
    for code in config.codes:
        path = routes.sitemap(code)
        writer.write(path, urlset(by_lang[code]), "sitemap")
        locations.append(routes.absolute(path))
    writer.write(routes.sitemap(), sitemap_index(locations), "sitemap index")
    editors = tuple(dict.fromkeys(urlsplit(routes.absolute(routes.admin(code))).path for code in routes.codes))
    writer.write(routes.robots(), robots(routes.absolute(routes.sitemap()), editors), "robots")


def search_pages(build: Prepared) -> Iterable[Output]:
    config, routes = build.config, build.routes
    for lang in config.codes:
        _ = gettext(build, lang)
        names = collate(
            [municipality_name(m, lang, config.fallback_chain(lang)) for m in listed_municipalities(build)],
            config.language(lang),
        )
        meta = page_meta(
            build, lang, "search", routes.search(lang), _("Search"), paths=routes.alternates(routes.search)
        )
        yield render(build, lang, "search.html", meta, municipality_names=names, **_search_choices(build, lang))


def _search_choices(build, lang: str) -> dict:
    """The projects (code, title) and years the search page's filters offer in ``lang``."""
    site = build.site
    years = {doc.values["date"].value.year for doc in site.articles[lang]}
    projects = []
    for code in site.projects:
        doc = site.project(code, lang)
        v = doc.values
        years.update(range(v["start"].year, v["end"].year + 1))
        projects.append((code, str(v.get("short_title") or v.get("title", code))))
    return {
        "project_choices": collate(projects, build.config.language(lang), key=lambda p: p[1]),
        "years": sorted(years, reverse=True),
    }


def open_data(build: Prepared) -> Iterable[Output]:

    config, routes = build.config, build.routes
    for lang in config.codes:
        common = dict(
            license_name=config.content_license,
            license_url=config.license_url,
            source=routes.absolute(routes.home(lang)),
            generated=config.build_date.isoformat(),
        )
        for kind in OPEN_DATA_KINDS:
            yield Output(
                path=routes.open_data(lang, kind, "json"),
                producer=f"open data {kind}",
                later=partial(_open_json, build, lang, kind, common),
            )
            yield Output(
                path=routes.open_data(lang, kind, "csv"),
                producer=f"open data {kind} csv",
                later=partial(_open_csv, build, lang, kind),
            )


def _open_json(build: Prepared, lang: str, kind: str, common: dict) -> str:
    return to_json(kind, _open_records(build, lang)[kind], **common)


def _open_csv(build: Prepared, lang: str, kind: str) -> str:
    return to_csv(kind, _open_records(build, lang)[kind])


def _open_records(build: Prepared, lang: str) -> dict[str, list[dict]]:
    """The records of the open data files of ``lang`` (memoised per build and process)."""
    return build.memo(("open-data", lang), partial(_make_open_records, build, lang))


def _make_open_records(build: Prepared, lang: str) -> dict[str, list[dict]]:
    config, site, routes = build.config, build.site, build.routes
    news, events, projects = [], [], []
    for doc in site.articles[lang]:
        view = article_view(build, doc)
        entry_key, url = entry_id(config, doc), routes.absolute(view.path)
        record = {
            "id": entry_key,
            "url": url,
            "language": lang,
            "title": view.title,
            "summary": view.summary,
            "published": doc.values["date"].value.isoformat(),
            "modified": doc.values["modified"].value.isoformat() if "modified" in doc.values else "",
            "author": view.author,
            "projects": list(doc.values.get("projects", ())),
            "municipalities": list(doc.values.get("municipalities", ())),
            "tags": [t.title for t in view.tags],
            "image": routes.absolute(view.image.path) if view.image else "",
            "translations": [routes.absolute(p) for c, p in view.translations.items() if c != lang],
        }
        news.append(record)
        if view.event is not None:
            ev = view.event
            events.append(
                {
                    "id": entry_key,
                    "url": url,
                    "language": lang,
                    "title": view.title,
                    "start": ev.occurrences[0].start.isoformat(),
                    "end": max(ev.occurrences, key=lambda o: o.last_day).end.isoformat(),
                    "dates_text": view.event_when,
                    "location": view.event_location,
                    "status": view.event_status,
                    "projects": list(ev.projects),
                    "municipalities": list(ev.municipalities),
                    "ical": routes.absolute(routes.event_ics(doc)),
                }
            )
    for code in sorted(site.projects):
        doc = site.project_version(code, lang)
        v = doc.values
        projects.append(
            {
                "code": code,
                "url": routes.absolute(routes.project(doc)),
                "language": doc.lang,
                "title": v.get("title"),
                "short_title": v.get("short_title", ""),
                "programme": v.get("programme"),
                "status": project_status(v["start"], v["end"], config.build_date),
                "start": v["start"].isoformat(),
                "end": v["end"].isoformat(),
                "budget_eur": v.get("budget"),
                "eu_funding_eur": v.get("eu_funding"),
                "beneficiary": v.get("beneficiary") or config.language(lang).organisation,
                "municipalities": list(v.get("municipalities", ())),
                "website": v.get("website", ""),
            }
        )
    return {"news": news, "events": events, "projects": projects}


def search_records(build: Prepared, cache: RecordCache | None = None) -> Iterable:
    """The search record of every published article and every project page, from the build's own data
    (``discovery.search.search_record``; nothing is read back from the written pages). With ``cache``
    (a long-lived process's), a page whose fields are those of a record made before takes that record."""
    from .search import search_record

    make = search_record if cache is None else cache.record
    config, site, routes = build.config, build.site, build.routes
    for lang in config.codes:
        for doc in site.articles[lang]:
            if site.state(doc) != "published":
                continue
            view = article_view(build, doc)
            yield make(
                url=routes.href(view.path),
                lang=lang,
                title=view.title,
                body_html=view.body_html,
                words=[
                    view.event_location,
                    *(str(a.get("title", "")) for a in view.attachments),
                    *(t.title for t in view.tags),
                ],
                filters={
                    "kind": ["event" if view.is_event else "news"],
                    "year": [view.published.value.year],
                    "project": [p.note for p in view.projects],
                    "municipality": [m.note or m.title for m in view.municipalities],
                },
                group=str(view.published.value.year),
            )
    chains = {lang: config.fallback_chain(lang) for lang in config.codes}
    for code, group in sorted(site.projects.items()):
        for lang, doc in group.docs.items():
            v = doc.values
            title = str(v.get("title", code))
            places = [site.municipalities.get(key) for key in v.get("municipalities", ())]
            yield make(
                url=routes.href(routes.project(doc)),
                lang=lang,
                title=title,
                heading=f"{code} {title}",
                body_html=doc.body_html,
                words=[str(v["short_title"])] if "short_title" in v else [],
                filters={
                    "kind": ["project"],
                    "project": [code],
                    "year": range(v["start"].year, v["end"].year + 1),
                    "municipality": [municipality_name(m, lang, chains[lang]) for m in places if m is not None],
                },
                group="projects",
            )
    if cache is not None:
        cache.finish()
