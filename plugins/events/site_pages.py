"""Event pages of the multilingual build: month calendars, upcoming and past
lists, iCalendar feeds (all, per project, per municipality, per event) and
the home page's small calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from contentmodel import deps
from lvlang.dates import month_caption
from multisite.pages import Output, Prepared, gettext, page_meta, paginate, render
from sitepages.views import article_view, event_of, listed_municipalities, municipality_keys, upcoming_and_past

from .calendar import events_by_day, month_grid, months_to_publish, next_month, previous_month
from .holidays_lv import public_holidays
from .ical import build_calendar

PER_PAGE = 20


def _views(build: Prepared, lang: str):
    """Article views of every event in ``lang``, with their Event (memoised per build)."""
    return build.memo(
        ("event-views", lang),
        lambda: [article_view(build, d) for d in build.site.articles[lang] if event_of(build, d) is not None],
    )


def _month_context(build: Prepared, lang: str, year: int, month: int, by_day, months: list[tuple[int, int]], lookup):
    holidays = build.memo(("holidays", year, lang), partial(public_holidays, year, build.config.language(lang)))
    weeks = []
    for week in month_grid(year, month):
        row: list[dict[str, Any]] = []
        for day in week:
            items = by_day.get(day.date, []) if day.in_month else []
            row.append(
                {
                    "date": day.date,
                    "in_month": day.in_month,
                    "holiday": holidays.get(day.date) if day.in_month else None,
                    "events": [lookup[id(e)] for e in items],
                }
            )
        weeks.append(row)
    prev_m, next_m = previous_month(year, month), next_month(year, month)
    published = set(months)
    return {
        "year": year,
        "month": month,
        "weeks": weeks,
        "previous": build.routes.calendar(lang, *prev_m) if prev_m in published else None,
        "next": build.routes.calendar(lang, *next_m) if next_m in published else None,
        "month_events": sorted(
            {id(v): v for w in weeks for d in w for v in d["events"]}.values(),
            key=lambda v: (v.event.first_day, v.title),
        ),
    }


def calendars(build: Prepared) -> Iterable[Output]:
    config, routes = build.config, build.routes
    # The same months in every language, so the language switcher always has a target.
    months = _all_months(build)
    for lang in config.codes:
        _ = gettext(build, lang)
        views = _views(build, lang)
        lookup = {id(v.event): v for v in views}
        by_day = events_by_day(v.event for v in views)
        for year, month in months:
            path = routes.calendar(lang, year, month)
            ctx = _month_context(build, lang, year, month, by_day, months, lookup)
            meta = page_meta(
                build,
                lang,
                "calendar",
                path,
                _month_title(build, lang, year, month),
                paths=routes.alternates(routes.calendar, year, month),
            )
            yield render(build, lang, "calendar.html", meta, cal=ctx, months=months, index=False)
        # The calendar's front page: this month, plus every month with events.
        year, month = config.build_date.year, config.build_date.month
        ctx = _month_context(build, lang, year, month, by_day, months, lookup)
        meta = page_meta(
            build,
            lang,
            "calendar",
            routes.calendar(lang),
            _("Event calendar"),
            paths=routes.alternates(routes.calendar),
        )
        yield render(build, lang, "calendar.html", meta, cal=ctx, months=months, index=True)


def _all_months(build: Prepared) -> list[tuple[int, int]]:
    def compute():
        days = [
            day
            for lang in build.config.codes
            for v in _views(build, lang)
            for o in v.event.occurrences
            for day in o.days()
        ]
        return months_to_publish(days, build.config.build_date, 12)

    return build.memo("event-months", compute)


def _month_title(build: Prepared, lang: str, year: int, month: int) -> str:
    return month_caption(year, month, build.config.language(lang))


def event_lists(build: Prepared) -> Iterable[Output]:
    config, routes = build.config, build.routes
    for lang in config.codes:
        _ = gettext(build, lang)
        upcoming, past = upcoming_and_past(_views(build, lang), build.config.build_date)
        for items, is_past, title in ((upcoming, False, _("Upcoming events")), (past, True, _("Past events"))):
            for pager in paginate(items, PER_PAGE, routes.events(lang, is_past)):
                paths = routes.alternates(routes.events, is_past) if pager.number == 1 else None
                meta = page_meta(build, lang, "events", pager.current, title, paths=paths)
                yield render(
                    build,
                    lang,
                    "events.html",
                    meta,
                    pager=pager,
                    heading=title,
                    past=is_past,
                    other_path=routes.events(lang, not is_past),
                )


def ics_feeds(build: Prepared) -> Iterable[Output]:
    config, site, routes = build.config, build.site, build.routes
    stamp = dt.datetime.combine(deps.plain_day(config.build_date), dt.time(0, 0), tzinfo=dt.UTC)
    for lang in config.codes:
        _ = gettext(build, lang)
        language = config.language(lang)
        views = _views(build, lang)
        events = [v.event for v in views]
        common: dict[str, Any] = dict(
            lang=language,
            uid_domain=config.id_domain,
            stamp=stamp,
            timezone=config.timezone,
            prodid=f"-//{config.id_domain}//{language.site_name}//{lang.upper()}",
        )
        yield Output(
            path=routes.events_calendar(lang),
            producer="ics all",
            later=partial(build_calendar, events, name=language.site_name, **common),
        )
        for code in sorted(site.projects):
            if lang not in site.projects[code].docs:
                continue  # as the project's feeds: only where the project has a page in this language
            doc = site.project_version(code, lang)
            selected = [e for e in events if code in e.projects]
            yield Output(
                path=routes.project_feeds(lang, doc.slug).ics,
                producer=f"ics project {code}",
                later=partial(
                    build_calendar,
                    selected,
                    **common,
                    name=f"{language.site_name}: {doc.values.get('short_title') or code}",
                ),
            )
        for m in listed_municipalities(build):
            keys = municipality_keys(build, m)
            selected = [e for e in events if keys & set(e.municipalities)]
            name = f"{language.site_name}: {m.name.get(lang) or m.name.get(config.default_lang)}"
            yield Output(
                path=routes.municipality_feeds(lang, m.key).ics,
                producer=f"ics municipality {m.key}",
                later=partial(build_calendar, selected, name=name, **common),
            )
        unlisted = [article_view(build, d) for d in site.unlisted.get(lang, ()) if event_of(build, d) is not None]
        for view in [*views, *unlisted]:  # a hidden or draft event's page links its own calendar file too
            yield Output(
                path=routes.event_ics(view.doc),
                producer=f"ics event {view.path}",
                later=partial(build_calendar, [view.event], name=view.title, **common),
            )


def home_calendar(build: Prepared, lang: str) -> dict:
    """The current month's small calendar and the next events, for the home page."""
    config = build.config
    views = _views(build, lang)
    lookup = {id(v.event): v for v in views}
    by_day = events_by_day(v.event for v in views)
    months = _all_months(build)
    year, month = config.build_date.year, config.build_date.month
    upcoming, _past = upcoming_and_past(views, build.config.build_date)
    return {
        "mini": _month_context(build, lang, year, month, by_day, months, lookup),
        "mini_path": build.routes.calendar(lang, year, month),
        "upcoming": upcoming[:5],
        "events_path": build.routes.events(lang),
    }
