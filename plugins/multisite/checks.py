"""Whole-site content checks that need more than one file (warnings mostly)."""

from __future__ import annotations

import datetime as dt

from contentmodel import schema
from contentmodel.config import SiteConfig
from contentmodel.diagnostics import Report
from contentmodel.documents import Document
from contentmodel.site import SiteModel
from funding.notices import form_gaps, project_info
from funding.projects import project_status


def content_checks(site: SiteModel, report: Report) -> None:
    config = site.config

    for doc in site.by_path.values():
        document_checks(doc, config, report)
    _notice_grammar(site, report)
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
            report.warning(
                base.path,
                "modified",
                f"the running project {code} has had no update since {latest or 'it started'}",
                "EU rules require the beneficiary's website to be kept current: publish news or set modified:",
            )


def document_checks(doc: Document, config: SiteConfig, report: Report) -> None:
    """The checks of ``content_checks`` that look at one document alone."""
    if doc.kind == schema.ARTICLE:
        typed = doc.facts.typed_notice  # found while reading (see multisite.build)
        if typed:
            report.warning(
                doc.path,
                "body",
                f"the body contains a funding notice typed by hand (\u201c{typed[:60]}\u2026\u201d)",
                "delete it: the site adds the right notice for the article's projects automatically",
            )
        if "event_dates" in doc.values and "event_location" not in doc.values and doc.lang == config.default_lang:
            report.warning(
                doc.path,
                "event_location",
                "the event has no location",
                "add event_location: e.g. Daugavpils, Saules iela 1 (or 'tiešsaistē' for online)",
            )


def _notice_grammar(site: SiteModel, report: Report) -> None:
    """Every form of the beneficiary a notice template asks for ({beneficiary:genitive}) exists, for
    every project and every language the notice is shown in: else the notice would read
    "… tikai un vienīgi Latgales plānošanas reģions viedokļi"."""
    config = site.config
    said = set()
    for code in sorted(site.projects):
        for language in config.languages:
            doc = site.project(code, language.code)
            info = project_info(code, doc.values, config.languages) if doc is not None else None
            programme = site.programmes.get(info.programme) if info else None
            if info is None or doc is None or programme is None:
                continue
            for gap in form_gaps(info, programme, language, config.languages):
                if gap.organisation:
                    where, key = "pelicanconf.py", "SITE_LANGUAGES"
                    message = (
                        f"the '{gap.template_lang}' notice of '{gap.programme}' names the organisation in the "
                        f"{gap.form}, which the '{gap.template_lang}' entry of SITE_LANGUAGES does not give"
                    )
                    hint = (
                        f"add 'organisation_forms': {{'{gap.form}': ...}} to it, e.g. "
                        "{'genitive': 'Latgales plānošanas reģiona'}"
                    )
                    line = None
                else:
                    base = site.project(code, gap.template_lang) or doc
                    where, key, line = base.path, f"beneficiary_{gap.form}", base.line("beneficiary")
                    message = (
                        f"the '{gap.template_lang}' notice of '{gap.programme}' names the beneficiary "
                        f"'{info.beneficiary}' in the {gap.form}, which this project does not give"
                    )
                    hint = (
                        f"add beneficiary_{gap.form}: (e.g. 'Preiļu novada pašvaldības' for 'Preiļu novada pašvaldība')"
                    )
                if (where, key, gap.template_lang, gap.programme) in said:
                    continue
                said.add((where, key, gap.template_lang, gap.programme))
                report.error(where, key, message, hint, line=line)
