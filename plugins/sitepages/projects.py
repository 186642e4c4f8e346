"""The projects: the list of every project by status (also per programme) and each project's page."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from contentmodel.documents import Document
from contentmodel.site import inherited_from, summary_text
from funding.notices import is_organisation
from funding.projects import eu_share, project_status
from lvlang.collation import collate
from multisite.pages import Link, LinkItem, Output, Prepared, deferred, gettext, page_meta, render

from .views import INHERITED_TEXTS, article_view, municipality_name, notices_of, upcoming_and_past


def project_rows(build: Prepared, lang: str) -> list[dict]:
    """Every project in ``lang``, in collation order of its title: what the lists of projects show."""
    site, config = build.site, build.config
    rows = []
    for code in site.projects:
        doc = site.project_version(code, lang)
        v = doc.values
        rows.append(
            {
                "code": code,
                "title": v.get("title", code),
                "short_title": v.get("short_title", ""),
                "path": build.routes.project(doc),
                "programme": v.get("programme"),
                "status": project_status(v["start"], v["end"], config.build_date),
                "start": v["start"],
                "end": v["end"],
                "lang": doc.lang,
            }
        )
    return collate(rows, config.language(lang), key=lambda r: r["title"])


STATUS_ORDER = ("running", "planned", "finished")


def projects(build: Prepared) -> Iterable[Output]:
    config, site, routes = build.config, build.site, build.routes
    for lang in config.codes:
        _ = gettext(build, lang)
        rows = project_rows(build, lang)
        used = sorted({r["programme"] for r in rows})
        programmes = [(key, site.programmes[key], routes.programme(lang, key)) for key in used]
        groups = [(status, [r for r in rows if r["status"] == status]) for status in STATUS_ORDER]
        meta = page_meta(
            build, lang, "projects", routes.projects(lang), _("Projects"), paths=routes.alternates(routes.projects)
        )
        yield render(build, lang, "projects.html", meta, groups=groups, programmes=programmes, current_programme=None)
        for key, programme, path in programmes:
            selected = [r for r in rows if r["programme"] == key]
            meta = page_meta(
                build,
                lang,
                "projects",
                path,
                programme.name_in(config.language(lang)) if hasattr(programme, "name_in") else key,
                paths=routes.alternates(routes.programme, key),
            )
            groups = [(status, [r for r in selected if r["status"] == status]) for status in STATUS_ORDER]
            yield render(
                build,
                lang,
                "projects.html",
                meta,
                groups=groups,
                programmes=programmes,
                current_programme=key,
            )
    for code, group in sorted(site.projects.items()):
        for lang, doc in group.docs.items():
            yield deferred(
                build,
                lang,
                "project.html",
                routes.project(doc),
                partial(_project_context, build, code, lang, doc),
            )


def _project_context(build: Prepared, code: str, lang: str, doc: Document) -> dict:
    config, site, routes = build.config, build.site, build.routes
    v = doc.values
    _ = gettext(build, lang)
    paths = {c: routes.project(d) for c, d in site.translations(doc).items()}
    news = [article_view(build, a) for a in site.articles[lang] if code in a.values.get("projects", ())]
    feeds = routes.project_feeds(lang, doc.slug)
    meta = page_meta(
        build,
        lang,
        "project",
        routes.project(doc),
        str(v.get("title", code)),
        paths=paths,
        description=summary_text(doc),
        extra_feeds=[
            Link(_("Project news (Atom)"), feeds.atom, "application/atom+xml"),
            Link(_("Project news (RSS)"), feeds.rss, "application/rss+xml"),
        ],
        extra_calendars=[Link(_("Project events (iCalendar)"), feeds.ics, "text/calendar")],
    )
    upcoming, past = upcoming_and_past((n for n in news if n.event is not None), config.build_date)
    programme = site.programmes.get(v.get("programme", ""))
    municipalities = []
    for mkey in v.get("municipalities", ()):
        m = site.municipalities.get(mkey)
        if m is not None:
            current = site.municipalities.current(mkey, config.build_date)
            municipalities.append(
                LinkItem(
                    municipality_name(m, lang, config.fallback_chain(lang)), routes.municipality(lang, current.key)
                )
            )
    organisation = is_organisation(v.get("beneficiary"), config.languages)
    beneficiary = config.language(lang).organisation if organisation else v["beneficiary"]
    return dict(
        page=meta,
        project=v,
        doc=doc,
        body_html=doc.body_html,
        beneficiary=beneficiary,
        beneficiary_lang="" if organisation else inherited_from(doc, "beneficiary"),
        status=project_status(v["start"], v["end"], config.build_date),
        share=eu_share(v.get("budget"), v.get("eu_funding")),
        programme=programme,
        notices=notices_of(build, [code], lang),
        upcoming=upcoming,
        past=past,
        news=[n for n in news if n.event is None],  # each article once: events are listed above
        municipalities=municipalities,
        feeds=feeds,
        text_langs={key: inherited_from(doc, key) for key in INHERITED_TEXTS if inherited_from(doc, key)},
    )
