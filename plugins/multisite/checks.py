"""Whole-site content checks that need more than one file (warnings mostly)."""

from __future__ import annotations

import datetime as dt

from contentmodel import schema


def content_checks(build) -> None:
    site, report, config = build.site, build.report, build.config
    from funding.projects import project_status

    for doc in site.by_path.values():
        if doc.kind == schema.ARTICLE:
            typed = doc.facts.typed_notice        # found while reading (see multisite.build)
            if typed:
                report.warning(doc.path, "body",
                               f"the body contains a funding notice typed by hand (\u201c{typed[:60]}\u2026\u201d)",
                               "delete it: the site adds the right notice for the article's projects automatically")
            if "event_dates" in doc.values and "event_location" not in doc.values and doc.lang == config.default_lang:
                report.warning(doc.path, "event_location", "the event has no location",
                               "add event_location: e.g. Daugavpils, Saules iela 1 (or 'tiešsaistē' for online)")
    # EU rules: a running project's page and news must be kept current.
    six_months = dt.timedelta(days=183)
    for code, group in sorted(site.projects.items()):
        base = group.base(config.default_lang) or next(iter(group.docs.values()))
        v = base.values
        if "start" not in v or "end" not in v:
            continue
        if project_status(v["start"], v["end"], config.build_date) != "running":
            continue
        latest = max((d.values["modified"].date for d in group.docs.values() if "modified" in d.values), default=None)
        for articles in site.articles.values():
            for a in articles:
                if code in a.values.get("projects", ()):
                    when = (a.values.get("modified") or a.values["date"]).date
                    latest = when if latest is None or when > latest else latest
        if latest is None or config.build_date - latest > six_months:
            report.warning(base.path, "modified",
                           f"the running project {code} has had no update since {latest or 'it started'}",
                           "EU rules require the beneficiary's website to be kept current: publish news or set modified:")
