"""The core pages of every language: home, articles, static pages, archive,
tags, projects, programmes, municipalities and the 404 page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import partial
from typing import Iterable

from contentmodel import schema
from contentmodel.documents import Document
from contentmodel.markup import plain_text
from contentmodel.site import inherited_from, summary_text
from funding.notices import ProjectInfo, is_organisation, notices_for, organisation_forms
from lvlang.collation import collate
from lvlang.language import GRAMMATICAL_FORMS, pick

from .pages import Link, LinkItem, Output, PageMeta, Pager, deferred, gettext, page_meta, paginate, render
from .pictures import picture_files
from .views import ArticleView, ImageView, municipality_name

# ----------------------------------------------------------------------------- helpers

def event_of(build, doc: Document):
    """The events.model.Event of an article, or None (memoised per build)."""
    return build.memo(("event", doc.path), partial(_make_event, build, doc))


def _make_event(build, doc: Document):
    event = None
    if "event_dates" in doc.values:
        from events.model import Event
        occurrences = tuple(doc.values["event_dates"])
        rule = doc.values.get("event_recurrence")
        recurrence = None
        if rule:
            from events.recurrence import series
            horizon = dt.date(build.config.build_date.year + 2, 12, 31)
            recurrence, sessions = series(occurrences[0], rule, horizon,
                                          exceptions=tuple(doc.values.get("event_exceptions", ())),
                                          moves=tuple(doc.values.get("event_moves", ())))
            occurrences = sessions or occurrences[:1]      # every session cancelled: the page still has a date
        config = build.config
        status = doc.values.get("event_status", "scheduled")
        event = Event(
            key=f"{doc.kind}-{doc.group}".replace("/", "-").strip("-"),
            lang=doc.lang,
            title=str(doc.values["title"]),
            url=build.routes.absolute(build.routes.document(doc)),
            occurrences=occurrences,
            location=doc.values.get("event_location", ""),
            description=summary_text(doc),
            status=status,
            sequence=0 if status == "scheduled" else 1,
            organizer=config.language(doc.lang).organisation,
            projects=tuple(doc.values.get("projects", ())),
            municipalities=tuple(doc.values.get("municipalities", ())),
            recurrence=recurrence,
        )
    return event


def project_info(build, code: str, lang: str):
    """What the notices need of project ``code`` in ``lang`` (None for an unknown project)."""
    doc = build.site.project(code, lang)
    if doc is None:
        return None
    v = doc.values
    own = None if is_organisation(v.get("beneficiary"), build.config.languages) else v.get("beneficiary")
    forms = {form: v[f"beneficiary_{form}"] for form in GRAMMATICAL_FORMS if own and v.get(f"beneficiary_{form}")}
    return ProjectInfo(code=code, title=str(v.get("title", code)), programme=v.get("programme", ""),
                       beneficiary=own, beneficiary_forms=forms)


def notices_of(build, codes: Iterable[str], lang: str):
    site, config = build.site, build.config
    infos = {code: info for code in codes if (info := project_info(build, code, lang)) is not None}
    organisations = build.memo(("organisation forms",), lambda: {
        language.code: organisation_forms(language) for language in config.languages})
    return notices_for(list(infos), infos, site.programmes, config.language(lang), config.default_lang,
                       organisations[lang], organisations=organisations)


# Texts a translation takes from its original when it has none: the page marks their language.
INHERITED_TEXTS = ("author", "image_credit", "event_location", "partners", "beneficiary")


def article_view(build, doc: Document) -> ArticleView:
    """What pages show of an article (memoised per build)."""
    return build.memo(("view", doc.path), partial(_make_view, build, doc))


def _make_view(build, doc: Document) -> ArticleView:
    site, config, routes, lang = build.site, build.config, build.routes, doc.lang
    v = doc.values
    image = None
    if "image" in v:
        shown = build.pictures.shown if build.pictures is not None else {}
        image = ImageView(path=v["image"], alt=v.get("image_alt", ""), alt_lang=v.get("image_alt_lang", ""),
                          credit=v.get("image_credit", ""), picture=shown.get(v["image"]))
    projects = []
    for code in v.get("projects", ()):
        pdoc = site.project(code, lang)
        if pdoc is not None:
            projects.append(LinkItem(pdoc.values.get("short_title") or pdoc.values.get("title", code),
                                     routes.document(pdoc), code))
    municipalities = _article_municipalities(build, v, lang)
    tags = [LinkItem(name, routes.tag(lang, name), lang=inherited_from(doc, "tags")) for name in v.get("tags", ())]
    event = event_of(build, doc) if doc.kind == schema.ARTICLE else None
    when = ""
    if event is not None:
        from events.words import format_occurrences
        if "event_recurrence" in doc.values:
            upcoming = [o for o in event.occurrences if o.last_day >= build.config.build_date]
            shown = upcoming[0] if upcoming else event.occurrences[-1]
            _ = gettext(build, lang)
            repeats = _("repeats")
            when = f"{format_occurrences([shown], config.language(lang))} ({repeats})"
        else:
            when = format_occurrences(doc.values["event_dates"], config.language(lang))
    view = ArticleView(
        doc=doc, lang=lang, title=str(v.get("title", "")), path=routes.document(doc),
        published=v.get("date"), modified=v.get("modified"), summary=summary_text(doc),
        body_html=doc.body_html, author=v.get("author", ""), image=image, projects=projects,
        municipalities=municipalities, tags=tags, attachments=list(v.get("attachments", ())),
        notices=notices_of(build, v.get("projects", ()), lang) if doc.kind == schema.ARTICLE else [],
        event=event, event_when=when, event_status=v.get("event_status", "scheduled"),
        event_location=v.get("event_location", ""),
        translations={code: routes.document(d) for code, d in site.translations(doc).items()},
        category=v.get("category", "news"),
        text_langs={key: inherited_from(doc, key) for key in INHERITED_TEXTS if inherited_from(doc, key)},
    )
    if event is not None:
        from events.links import google_calendar_links
        from events.words import format_occurrences
        links = google_calendar_links(event, config.build_date)
        view.ics_path = routes.event_ics(doc)
        view.google_url = links[0][1]
        if len(links) > 1:
            view.google_sessions = [(format_occurrences([o], config.language(lang)), url) for o, url in links]
        if event.recurrence is not None:
            from events.model import Occurrence
            language, today = config.language(lang), config.build_date
            days = [c.date() if isinstance(c, dt.datetime) else c for c in event.recurrence.exceptions]
            view.event_cancelled = format_occurrences([Occurrence(d, d) for d in days if d >= today], language)
            view.event_moved = [
                (format_occurrences([Occurrence(d, d)], language), format_occurrences([m.session], language))
                for m in event.recurrence.moves
                for d in [m.original.date() if isinstance(m.original, dt.datetime) else m.original]
                if d >= today or m.session.last_day >= today]
    return view


# ----------------------------------------------------------------------------- builders

def home(build) -> Iterable[Output]:
    config, routes = build.config, build.routes
    for lang in config.codes:
        path = routes.home(lang)
        meta = page_meta(build, lang, "home", path, config.language(lang).site_name, paths=routes.alternates(routes.home))
        yield deferred(build, lang, "index.html", path, partial(_home_context, build, lang, meta), reads=())


def _home_context(build, lang: str, meta: PageMeta) -> dict:
    from . import signals

    config, site = build.config, build.site
    latest = [article_view(build, d) for d in site.articles[lang][: config.articles_per_page]]
    extras: dict = {}
    for _receiver, result in signals.home_context.send(build, lang=lang):
        extras.update(result or {})
    return {"page": meta, "articles": latest, "archive_path": build.routes.archive(lang), "extras": extras}


def articles(build) -> Iterable[Output]:
    site, routes = build.site, build.routes
    for lang in site.articles:
        for doc in [*site.articles[lang], *site.unlisted.get(lang, ())]:    # hidden, drafts: their own page only
            yield deferred(build, lang, "article.html", routes.article(doc), partial(article_context, build, doc),
                           reads=(doc.path,))


def article_context(build, doc: Document) -> dict:
    """The context of an article's own page (computed in a render worker)."""
    view = article_view(build, doc)
    state = build.site.state(doc)
    meta = page_meta(build, doc.lang, "article", view.path, view.title, paths=view.translations,
                     description=view.summary, og_type="article", published=view.published,
                     modified=view.modified, noindex=state != "published")     # not listed anywhere
    if view.image:
        meta.image, meta.image_alt = view.image.path, view.image.alt
        if view.image.picture is not None:      # social sites do not all take WebP: the JPEG or PNG, 1200 wide
            share = view.image.picture.share
            meta.image, meta.image_width, meta.image_height, meta.image_type = (share.path, share.width,
                                                                                share.height, share.mime)
    meta.jsonld = structured_data(build, view)
    words = [view.event_location, plain_text(doc.body_html), *(str(a.get("title", "")) for a in view.attachments),
             *(t.title for t in view.tags)]
    # a copy: the memoised view is shared by listings and need not carry the page's search text
    view = dataclasses.replace(view, search_text=" ".join(w for w in words if w))
    return {"page": meta, "article": view, "publication": state}


def structured_data(build, view: ArticleView) -> list[dict]:
    from discovery.jsonld import news_article
    config, routes = build.config, build.routes
    language = config.language(view.lang)
    home = routes.absolute(routes.home(view.lang))
    blocks = [news_article(
        headline=view.title, url=routes.absolute(view.path), published=view.published.value,
        modified=view.modified.value if view.modified else None, lang=view.lang, author=view.author,
        publisher_name=language.organisation, publisher_url=home, logo_url=routes.absolute(routes.asset("img/logo.svg")),
        image_url=routes.absolute(view.image.path) if view.image else None, description=view.summary)]
    if view.event is not None:
        from events.jsonld import event_jsonld
        blocks.append(event_jsonld(view.event, organizer_name=language.organisation, organizer_url=home,
                                   image_url=routes.absolute(view.image.path) if view.image else None,
                                   timezone=config.timezone, today=config.build_date))
    return blocks


def static_pages(build) -> Iterable[Output]:
    site, routes = build.site, build.routes
    for lang, docs in site.pages.items():
        for doc in docs:
            paths = {code: routes.page(d) for code, d in site.translations(doc).items()}
            meta = page_meta(build, lang, "page", routes.page(doc), str(doc.values["title"]), paths=paths,
                             description=summary_text(doc), modified=doc.values.get("modified"))
            yield render(build, lang, "page.html", meta, reads=(doc.path,), doc=doc, body_html=doc.body_html)


def archive(build) -> Iterable[Output]:
    config, site, routes = build.config, build.site, build.routes
    for lang in config.codes:
        _ = gettext(build, lang)
        for pager in paginate(site.articles[lang], config.articles_per_page, routes.archive(lang)):
            paths = routes.alternates(routes.archive) if pager.number == 1 else None
            meta = page_meta(build, lang, "archive", pager.current, _("All news"), paths=paths)
            yield listing(build, lang, meta, pager, heading=_("All news"), intro="")


def listing(build, lang: str, meta: PageMeta, pager: Pager, **context) -> Output:
    """A page of article cards; the cards are made when the page is rendered."""
    return deferred(build, lang, "listing.html", meta.path, partial(_listing_context, build, meta, pager, context), reads=())


def _listing_context(build, meta: PageMeta, pager: Pager, context: dict) -> dict:
    cards = dataclasses.replace(pager, items=[article_view(build, d) for d in pager.items])
    return {"page": meta, "pager": cards, **context}


def tags(build) -> Iterable[Output]:
    config, site, routes = build.config, build.site, build.routes
    for lang in config.codes:
        _ = gettext(build, lang)
        meta = page_meta(build, lang, "tags", routes.tags(lang), _("Tags"), paths=routes.alternates(routes.tags))
        items = [LinkItem(t.name, routes.tag(lang, t.name), str(len(t.articles)), lang=t.lang) for t in site.tags[lang]]
        yield render(build, lang, "tags.html", meta, reads=(), tags=items)
        for tag in site.tags[lang]:
            feeds = routes.tag_feeds(lang, tag.name)
            for pager in paginate(tag.articles, config.articles_per_page, routes.tag(lang, tag.name)):
                meta = page_meta(build, lang, "tag", pager.current, tag.name,
                                 extra_feeds=[Link(f"{tag.name} (Atom)", feeds.atom, "application/atom+xml"),
                                              Link(f"{tag.name} (RSS)", feeds.rss, "application/rss+xml")])
                yield listing(build, lang, meta, pager, heading=tag.name, heading_lang=tag.lang,
                              intro=_("News tagged with this word."))


def _project_rows(build, lang: str):
    from funding.projects import project_status
    site, config = build.site, build.config
    rows = []
    for code in site.projects:
        doc = site.project(code, lang)
        v = doc.values
        rows.append({
            "code": code, "title": v.get("title", code), "short_title": v.get("short_title", ""),
            "path": build.routes.project(doc), "programme": v.get("programme"),
            "status": project_status(v["start"], v["end"], config.build_date),
            "start": v["start"], "end": v["end"], "lang": doc.lang,
        })
    return collate(rows, config.language(lang), key=lambda r: r["title"])


STATUS_ORDER = ("running", "planned", "finished")


def projects(build) -> Iterable[Output]:
    config, site, routes = build.config, build.site, build.routes
    for lang in config.codes:
        _ = gettext(build, lang)
        rows = _project_rows(build, lang)
        used = sorted({r["programme"] for r in rows})
        programmes = [(key, site.programmes[key], routes.programme(lang, key)) for key in used]
        groups = [(status, [r for r in rows if r["status"] == status]) for status in STATUS_ORDER]
        meta = page_meta(build, lang, "projects", routes.projects(lang), _("Projects"),
                         paths=routes.alternates(routes.projects))
        yield render(build, lang, "projects.html", meta, reads=(), groups=groups, programmes=programmes, current_programme=None)
        for key, programme, path in programmes:
            selected = [r for r in rows if r["programme"] == key]
            meta = page_meta(build, lang, "projects", path, programme.name_in(config.language(lang)) if hasattr(programme, "name_in") else key,
                             paths=routes.alternates(routes.programme, key))
            groups = [(status, [r for r in selected if r["status"] == status]) for status in STATUS_ORDER]
            yield render(build, lang, "projects.html", meta, reads=(), groups=groups, programmes=programmes, current_programme=key)
    for code, group in sorted(site.projects.items()):
        for lang, doc in group.docs.items():
            yield deferred(build, lang, "project.html", routes.project(doc), partial(_project_context, build, code, lang, doc),
                           reads=(doc.path,))


def _project_context(build, code: str, lang: str, doc: Document) -> dict:
    from funding.projects import eu_share, project_status
    config, site, routes = build.config, build.site, build.routes
    v = doc.values
    _ = gettext(build, lang)
    paths = {c: routes.project(d) for c, d in site.translations(doc).items()}
    news = [article_view(build, a) for a in site.articles[lang] if code in a.values.get("projects", ())]
    feeds = routes.project_feeds(lang, doc.slug)
    meta = page_meta(build, lang, "project", routes.project(doc), str(v.get("title", code)), paths=paths,
                     description=summary_text(doc),
                     extra_feeds=[Link(_("Project news (Atom)"), feeds.atom, "application/atom+xml"),
                                  Link(_("Project news (RSS)"), feeds.rss, "application/rss+xml")],
                     extra_calendars=[Link(_("Project events (iCalendar)"), feeds.ics, "text/calendar")])
    events = [n for n in news if n.event is not None]
    upcoming = sorted((e for e in events if e.event.last_day >= config.build_date), key=lambda e: e.event.first_day)
    past = sorted((e for e in events if e.event.last_day < config.build_date), key=lambda e: e.event.first_day, reverse=True)
    programme = site.programmes.get(v.get("programme"))
    municipalities = []
    for mkey in v.get("municipalities", ()):
        m = site.municipalities.get(mkey)
        if m is not None:
            current = site.municipalities.current(mkey, config.build_date)
            municipalities.append(LinkItem(municipality_name(m, lang, config.fallback_chain(lang)),
                                           routes.municipality(lang, current.key)))
    organisation = is_organisation(v.get("beneficiary"), config.languages)
    beneficiary = config.language(lang).organisation if organisation else v["beneficiary"]
    return dict(page=meta, project=v, doc=doc, body_html=doc.body_html, beneficiary=beneficiary,
                beneficiary_lang="" if organisation else inherited_from(doc, "beneficiary"),
                status=project_status(v["start"], v["end"], config.build_date),
                share=eu_share(v.get("budget"), v.get("eu_funding")), programme=programme,
                notices=notices_of(build, [code], lang), upcoming=upcoming, past=past,
                news=[n for n in news if n.event is None],      # each article once: events are listed above
                municipalities=municipalities, feeds=feeds,
                text_langs={key: inherited_from(doc, key) for key in INHERITED_TEXTS if inherited_from(doc, key)})


def listed_municipalities(build) -> list:
    """The municipalities the site lists: today's in its planning regions (SITE_REGIONS), and those
    its content names, or names through a former municipality (once per build)."""
    return build.memo("listed municipalities", partial(_listed_municipalities, build))


def _listed_municipalities(build) -> list:
    site, config = build.site, build.config
    tagged = {key for doc in site.by_path.values() for key in doc.values.get("municipalities", ())}
    return site.municipalities.listed(config.regions, config.build_date, tagged)


def municipality_keys(build, m) -> set[str]:
    """``m``'s key and those of every former municipality it took in: the keys its news are tagged with."""
    return {m.key} | {f.key for f in build.site.municipalities.parts_of(m.key)}


def _article_municipalities(build, v, lang: str) -> list[LinkItem]:
    """An article's municipalities under the names they had on its date, linked to today's page, with
    today's name as a note where it changed since."""
    index, config, routes = build.site.municipalities, build.config, build.routes
    chain = config.fallback_chain(lang)
    day = v["date"].value.date() if "date" in v else config.build_date
    items = []
    for mkey in v.get("municipalities", ()):
        if index.get(mkey) is None:
            continue
        then = index.on(mkey, day)
        current = index.current(mkey, config.build_date)
        title = municipality_name(dataclasses.replace(then.municipality, name=then.name), lang, chain)
        now = municipality_name(current, lang, chain)
        items.append(LinkItem(title, routes.municipality(lang, current.key), now if now != title else ""))
    return items


def municipalities(build) -> Iterable[Output]:
    config, routes = build.config, build.routes
    listed = listed_municipalities(build)
    for lang in config.codes:
        _ = gettext(build, lang)
        chain = config.fallback_chain(lang)
        rows = collate([LinkItem(municipality_name(m, lang, chain), routes.municipality(lang, m.key),
                                 ", ".join(f.name for f in _former_parts(build, m, lang)))
                        for m in listed], config.language(lang), key=lambda r: r.title)
        meta = page_meta(build, lang, "municipalities", routes.municipalities(lang), _("Municipalities"),
                         paths=routes.alternates(routes.municipalities))
        yield render(build, lang, "municipalities.html", meta, reads=(), municipalities=rows)
        for m in listed:
            yield deferred(build, lang, "municipality.html", routes.municipality(lang, m.key),
                           partial(_municipality_context, build, lang, m), reads=())


@dataclasses.dataclass(frozen=True)
class FormerPart:
    """A former municipality on its successor's page: when it joined, by which act, through which one."""

    key: str
    name: str
    date: dt.date
    source: str
    note: str = ""
    via: str = ""           # the municipality it joined first, when that one later joined this


def _former_parts(build, m, lang: str) -> list[FormerPart]:
    index = build.site.municipalities
    chain = build.config.fallback_chain(lang)
    parts = []
    for f in index.parts_of(m.key):
        merge = f.merge
        via = "" if f.merged_into == m.key else municipality_name(index.get(f.merged_into), lang, chain)
        parts.append(FormerPart(f.key, municipality_name(f, lang, chain), merge.date, merge.source,
                                pick(merge.note, chain), via))
    return sorted(parts, key=lambda p: (p.date, p.name))


def _municipality_context(build, lang: str, m) -> dict:
    config, site, routes = build.config, build.site, build.routes
    _ = gettext(build, lang)
    chain = config.fallback_chain(lang)
    keys = municipality_keys(build, m)
    news = [article_view(build, a) for a in site.articles[lang]
            if keys & set(a.values.get("municipalities", ()))]
    projects_here = [r for r in _project_rows(build, lang)
                     if keys & set(site.project(r["code"], lang).values.get("municipalities", ()))]
    formers = _former_parts(build, m, lang)
    feeds = routes.municipality_feeds(lang, m.key)
    name = municipality_name(m, lang, chain)
    meta = page_meta(build, lang, "municipality", routes.municipality(lang, m.key), name,
                     paths=routes.alternates(routes.municipality, m.key),
                     extra_feeds=[Link(_("News (Atom)"), feeds.atom, "application/atom+xml"),
                                  Link(_("News (RSS)"), feeds.rss, "application/rss+xml")],
                     extra_calendars=[Link(_("Events (iCalendar)"), feeds.ics, "text/calendar")])
    events = [n for n in news if n.event is not None]
    upcoming = sorted((e for e in events if e.event.last_day >= config.build_date), key=lambda e: e.event.first_day)
    return dict(page=meta, municipality=m, name=name, news=news,
                projects=projects_here, formers=formers, upcoming=upcoming, feeds=feeds,
                website=getattr(m, "website", "") or "")


def not_found(build) -> Iterable[Output]:
    config, routes = build.config, build.routes
    lang = config.default_lang
    _ = gettext(build, lang)
    path = routes.not_found()
    meta = page_meta(build, lang, "404", path, _("Page not found"), noindex=True)
    yield Output(path=routes.output_file(path), lang=lang, template="404.html", context={"page": meta}, producer="404",
                 reads=())



def today_data(build) -> Iterable[Output]:
    """Words for the header's "today" line (weekday, date, name days), for site.js."""
    import json
    from importlib.resources import files

    from lvlang import dates
    from lvlang.namedays import clean_namedays

    raw = json.loads(files("lv_namedays").joinpath("data/tradic_vardadienu_saraksts.json").read_text("utf-8"))
    namedays, special = clean_namedays(raw)
    languages = {}
    for lang in build.config.codes:
        _ = gettext(build, lang)
        languages[lang] = {
            "weekdays": dates.weekday_names(build.config.language(lang), "wide"),
            "months": [dates.month_name(m, build.config.language(lang)) for m in range(1, 13)],
            "pattern": _("Today is {weekday}, {day} {month}."),
            "namedays": _("Name days:"),
            "special": _("It is also the name day of every name that is not in the calendar."),
        }
    data = {"languages": languages, "namedays": namedays, "special": special}
    yield Output(path=build.routes.asset("data/today.json"), content=json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False),
                 producer="today")


CORE_BUILDERS = (home, articles, static_pages, archive, tags, projects, municipalities, not_found, today_data,
                 picture_files)
