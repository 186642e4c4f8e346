"""What pages show of the content, computed once per build: the view of an article
(with its event, funding notices, projects, municipalities and tags), and the
municipalities the site lists. Every page family that shows articles uses these."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from contentmodel import schema
from contentmodel.documents import Document
from contentmodel.site import inherited_from, summary_text
from events.links import google_calendar_links
from events.model import Event, Occurrence
from events.recurrence import series
from events.words import format_occurrences
from funding.notices import notices_for, organisation_forms, project_info
from lvlang.language import pick
from multisite.pages import LinkItem, Prepared, gettext


@dataclass(frozen=True)
class ImageView:
    path: str
    alt: str
    alt_lang: str = ""
    credit: str = ""
    picture: Any = None  # multisite.pictures.Picture: its variants, or None (shown as it is)


@dataclass(frozen=True)
class ArticleView:
    """What pages show of an article, made once per build (``article_view``)."""

    doc: Document
    lang: str
    title: str
    path: str
    published: Any
    modified: Any
    summary: str
    author: str = ""
    image: ImageView | None = None
    projects: tuple[LinkItem, ...] = ()
    municipalities: tuple[LinkItem, ...] = ()
    tags: tuple[LinkItem, ...] = ()
    attachments: tuple[Mapping[str, Any], ...] = ()
    notices: tuple[Any, ...] = ()
    event: Any = None  # events.model.Event or None
    event_when: str = ""  # dates in words
    event_status: str = "scheduled"
    event_location: str = ""
    translations: Mapping[str, str] = field(default_factory=dict)  # lang -> path
    category: str = "news"
    ics_path: str = ""  # this event's own .ics
    google_url: str = ""  # "add to Google Calendar" for the next session (a series: from it on)
    event_cancelled: str = ""  # a repeating event's cancelled sessions still to come, in words
    event_moved: tuple[tuple[str, str], ...] = ()  # its moved ones: (by the rule, held on)
    google_sessions: tuple[tuple[str, str], ...] = ()  # several dates: (when, link) per session
    text_langs: Mapping[str, str] = field(default_factory=dict)  # key -> language of a text taken from the original

    @property
    def body_html(self) -> str:
        """The article's text, taken from the document only by what shows it (a warm build notes who reads it)."""
        return self.doc.body_html

    @property
    def is_event(self) -> bool:
        return self.event is not None


def municipality_name(m: Any, lang: str, chain: tuple[str, ...]) -> str:
    return pick(m.name, chain) or next(iter(m.name.values()))


def event_of(build: Prepared, doc: Document):
    """The events.model.Event of an article, or None (memoised per build)."""
    return build.memo(("event", doc.path), partial(_make_event, build, doc))


def _make_event(build: Prepared, doc: Document):
    event = None
    if "event_dates" in doc.values:
        occurrences = tuple(doc.values["event_dates"])
        rule = doc.values.get("event_recurrence")
        recurrence = None
        if rule:
            horizon = dt.date(build.config.build_date.year + 2, 12, 31)
            recurrence, sessions = series(
                occurrences[0],
                rule,
                horizon,
                exceptions=tuple(doc.values.get("event_exceptions", ())),
                moves=tuple(doc.values.get("event_moves", ())),
            )
            occurrences = sessions or occurrences[:1]  # every session cancelled: the page still has a date
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


def notices_of(build: Prepared, codes: Iterable[str], lang: str):
    site, config = build.site, build.config
    infos = {}
    for code in codes:
        doc = site.project(code, lang)
        if doc is not None:
            infos[code] = project_info(code, doc.values, config.languages)
    organisations = build.memo(
        ("organisation forms",), lambda: {language.code: organisation_forms(language) for language in config.languages}
    )
    return notices_for(
        list(infos),
        infos,
        site.programmes,
        config.language(lang),
        config.default_lang,
        organisations[lang],
        organisations=organisations,
    )


# Texts a translation takes from its original when it has none: the page marks their language.
INHERITED_TEXTS = ("author", "image_credit", "event_location", "partners", "beneficiary")


def article_view(build: Prepared, doc: Document) -> ArticleView:
    """What pages show of an article (memoised per build)."""
    return build.memo(("view", doc.path), partial(_make_view, build, doc))


def _make_view(build: Prepared, doc: Document) -> ArticleView:
    site, config, routes, lang = build.site, build.config, build.routes, doc.lang
    v = doc.values
    image = None
    if "image" in v:
        shown = build.pictures.shown if build.pictures is not None else {}
        image = ImageView(
            path=v["image"],
            alt=v.get("image_alt", ""),
            alt_lang=v.get("image_alt_lang", ""),
            credit=v.get("image_credit", ""),
            picture=shown.get(v["image"]),
        )
    projects = []
    for code in v.get("projects", ()):
        pdoc = site.project(code, lang)
        if pdoc is not None:
            projects.append(
                LinkItem(pdoc.values.get("short_title") or pdoc.values.get("title", code), routes.document(pdoc), code)
            )
    municipalities = _article_municipalities(build, v, lang)
    tags = tuple(LinkItem(name, routes.tag(lang, name), lang=inherited_from(doc, "tags")) for name in v.get("tags", ()))
    event = event_of(build, doc) if doc.kind == schema.ARTICLE else None
    when = ""
    ics_path = google_url = cancelled = ""  # an event's calendar links and changed sessions
    google_sessions: tuple[tuple[str, str], ...] = ()
    moved: tuple[tuple[str, str], ...] = ()
    if event is not None:
        if "event_recurrence" in doc.values:
            upcoming = [o for o in event.occurrences if o.last_day >= build.config.build_date]
            shown = upcoming[0] if upcoming else event.occurrences[-1]
            _ = gettext(build, lang)
            repeats = _("repeats")
            when = f"{format_occurrences([shown], config.language(lang))} ({repeats})"
        else:
            when = format_occurrences(doc.values["event_dates"], config.language(lang))
        links = google_calendar_links(event, config.build_date)
        ics_path, google_url = routes.event_ics(doc), links[0][1]
        if len(links) > 1:
            google_sessions = tuple((format_occurrences([o], config.language(lang)), url) for o, url in links)
        if event.recurrence is not None:
            language, today = config.language(lang), config.build_date
            days = [c.date() if isinstance(c, dt.datetime) else c for c in event.recurrence.exceptions]
            cancelled = format_occurrences([Occurrence(d, d) for d in days if d >= today], language)
            moved = tuple(
                (format_occurrences([Occurrence(d, d)], language), format_occurrences([m.session], language))
                for m in event.recurrence.moves
                for d in [m.original.date() if isinstance(m.original, dt.datetime) else m.original]
                if d >= today or m.session.last_day >= today
            )
    return ArticleView(
        doc=doc,
        lang=lang,
        title=str(v.get("title", "")),
        path=routes.document(doc),
        published=v.get("date"),
        modified=v.get("modified"),
        summary=summary_text(doc),
        author=v.get("author", ""),
        image=image,
        projects=tuple(projects),
        municipalities=municipalities,
        tags=tags,
        attachments=tuple(v.get("attachments", ())),
        notices=tuple(notices_of(build, v.get("projects", ()), lang)) if doc.kind == schema.ARTICLE else (),
        event=event,
        event_when=when,
        event_status=v.get("event_status", "scheduled"),
        event_location=v.get("event_location", ""),
        translations={code: routes.document(d) for code, d in site.translations(doc).items()},
        category=v.get("category", "news"),
        text_langs={key: inherited_from(doc, key) for key in INHERITED_TEXTS if inherited_from(doc, key)},
        ics_path=ics_path,
        google_url=google_url,
        event_cancelled=cancelled,
        event_moved=moved,
        google_sessions=google_sessions,
    )


def _article_municipalities(build: Prepared, v, lang: str) -> tuple[LinkItem, ...]:
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
    return tuple(items)


def listed_municipalities(build: Prepared) -> list:
    """The municipalities the site lists: today's in its planning regions (SITE_REGIONS), and those
    its content names, or names through a former municipality (once per build)."""
    return build.memo("listed municipalities", partial(_listed_municipalities, build))


def _listed_municipalities(build: Prepared) -> list:
    site, config = build.site, build.config
    tagged = {key for doc in site.by_path.values() for key in doc.values.get("municipalities", ())}
    return site.municipalities.listed(config.regions, config.build_date, tagged)


def municipality_keys(build: Prepared, m) -> set[str]:
    """``m``'s key and those of every former municipality it took in: the keys its news are tagged with."""
    return {m.key} | {f.key for f in build.site.municipalities.parts_of(m.key)}


def upcoming_and_past(views: Iterable[ArticleView], today: dt.date) -> tuple[list[ArticleView], list[ArticleView]]:
    """Event articles still to come, by their next session's day (then title), and those past, the
    latest first: as every list of events on the site shows them."""
    views = list(views)
    upcoming = sorted(
        (v for v in views if v.event.last_day >= today), key=lambda v: (_next_day(v.event, today), v.title)
    )
    past = sorted(
        (v for v in views if v.event.last_day < today), key=lambda v: (v.event.last_day, v.title), reverse=True
    )
    return upcoming, past


def _next_day(event: Event, today: dt.date) -> dt.date:
    return min((o.first_day for o in event.occurrences if o.last_day >= today), default=event.first_day)
