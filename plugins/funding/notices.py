"""Which funding notices an article carries, and finding notices typed by hand.

One notice per programme of the article's projects, in the article's
language (following its fallback chain: Latgalian uses Latvian), with the beneficiary filled in.
A state-budget programme gives its national statement in the same block,
without the EU emblem.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lvlang.language import GRAMMATICAL_FORMS, Language, picked

from .programmes import Programme, chain_of, forms_needed, pick


@dataclass(frozen=True)
class ProjectInfo:
    code: str
    title: str
    programme: str
    beneficiary: str | None = None  # None: the site's organisation
    beneficiary_forms: Mapping[str, str] = field(default_factory=dict)  # "genitive": "Preiļu novada pašvaldības"


@dataclass(frozen=True)
class Notice:
    programme: str
    emblem_file: str | None
    emblem_alt: str
    statement: str
    text: str
    funds: tuple[str, ...] = ()  # the funds' names in the notice's language


def notices_for(
    project_codes: Sequence[str],
    projects: Mapping[str, ProjectInfo],
    programmes: Mapping[str, Programme],
    lang: Language | str,
    default_lang: str,
    default_beneficiary: str | Mapping[str, str],
    organisations: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Notice]:
    """The notices of ``project_codes`` in ``lang`` (its record: texts follow its fallback chain).

    ``default_beneficiary``: the site's organisation, by name or by form ({"nominative": ...,
    "genitive": ...}), for projects without a beneficiary of their own. A template's
    ``{beneficiary:genitive}`` is filled with that form (the validator makes sure it exists);
    ``organisations``: the organisation's forms per language, so that a notice shown in a fallback
    language names it in that language; project titles are quoted with the language's marks."""
    organisation = (
        {"nominative": default_beneficiary} if isinstance(default_beneficiary, str) else dict(default_beneficiary)
    )
    marks = lang.quotes if isinstance(lang, Language) else ("\u201c", "\u201d")
    by_programme: dict[str, list[ProjectInfo]] = {}
    for code in project_codes:
        info = projects.get(code)
        if info is None or info.programme not in programmes:
            continue
        group = by_programme.setdefault(info.programme, [])
        if info not in group:
            group.append(info)
    notices = []
    for key, infos in by_programme.items():
        programme = programmes[key]
        template, template_lang = picked(programme.notice, chain_of(lang, default_lang))
        own = (organisations or {}).get(template_lang) or organisation
        names = [_forms_of(i, own) for i in infos]
        values = {
            "beneficiary": ", ".join(dict.fromkeys(n["nominative"] for n in names)),
            "project": ", ".join(f"{i.code} {marks[0]}{i.title}{marks[-1]}" for i in infos),
            "programme": programme.name_in(lang, default_lang),
        }
        for form in GRAMMATICAL_FORMS:
            values[f"beneficiary:{form}"] = ", ".join(dict.fromkeys(n.get(form) or n["nominative"] for n in names))
        emblem = programme.emblem
        notices.append(
            Notice(
                programme=key,
                emblem_file=emblem.file if emblem else None,
                emblem_alt=pick(emblem.alt, lang, default_lang) if emblem else "",
                statement=pick(programme.statement, lang, default_lang),
                text=fill(template, values) if template else "",
                funds=tuple(name for fund in programme.funds if (name := pick(fund, lang, default_lang))),
            )
        )
    return notices


def is_organisation(beneficiary: str | None, languages: Sequence[Language]) -> bool:
    """Whether a project's ``beneficiary`` is the site's own organisation (by its name in any language):
    then each language names it as that language's settings do, in the forms they give."""
    if not beneficiary:
        return True
    wanted = " ".join(beneficiary.casefold().split())
    return any(" ".join(lang.organisation.casefold().split()) == wanted for lang in languages if lang.organisation)


def project_info(code: str, values: Mapping[str, Any], languages: Sequence[Language]) -> ProjectInfo:
    """What the notices need of project ``code``, from its front matter ``values`` in one language."""
    own = None if is_organisation(values.get("beneficiary"), languages) else values.get("beneficiary")
    forms = {
        form: values[f"beneficiary_{form}"] for form in GRAMMATICAL_FORMS if own and values.get(f"beneficiary_{form}")
    }
    return ProjectInfo(
        code=code,
        title=str(values.get("title", code)),
        programme=values.get("programme", ""),
        beneficiary=own,
        beneficiary_forms=forms,
    )


def organisation_forms(lang: Language) -> dict[str, str]:
    return {"nominative": lang.organisation, **lang.organisation_forms}


@dataclass(frozen=True)
class FormGap:
    """A notice template asks for a form of the beneficiary that nobody has given."""

    programme: str
    template_lang: str
    form: str
    organisation: bool  # the site's organisation (pelicanconf.py), else the project's own beneficiary


def form_gaps(info: ProjectInfo, programme: Programme, lang: Language, languages: Sequence[Language]) -> list[FormGap]:
    """The forms the notice of ``programme`` shown in ``lang`` needs and ``info`` cannot give."""
    template, template_lang = picked(programme.notice, lang.chain)
    needed = sorted(forms_needed(template)) if template else []
    if not needed:
        return []
    if info.beneficiary is None:
        own = next((x for x in languages if x.code == template_lang), lang)
        return [
            FormGap(programme.key, template_lang, form, True) for form in needed if form not in own.organisation_forms
        ]
    return [
        FormGap(programme.key, template_lang, form, False) for form in needed if not info.beneficiary_forms.get(form)
    ]


def _forms_of(info: ProjectInfo, organisation: Mapping[str, str]) -> dict[str, str]:
    if info.beneficiary is None:
        return dict(organisation)
    return {"nominative": info.beneficiary, **info.beneficiary_forms}


def fill(template: str, values: Mapping[str, str]) -> str:
    """The notice with its placeholders replaced by ``values``.

    No ``str.format``: the template comes from a data file, and only a bare
    known name is replaced. Anything else (a format, a conversion, an attribute
    or index, an unknown name; ``validate_programmes`` refuses them) stays as
    written, and a template that does not parse is returned unchanged."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return template
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if name in values and not spec and not conversion:
            out.append(values[name])
        elif spec and f"{name}:{spec}" in values and not conversion:  # a form: {beneficiary:genitive}
            out.append(values[f"{name}:{spec}"])
        else:
            out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


_QUOTES = re.compile(r"[\u201c\u201d\u201e\u00ab\u00bb\"'\u2018\u2019]")


_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
# Where a notice's sentences and clauses end: a full stop, semicolon or colon before a space (not the
# full stop of a Latvian ordinal or year such as "2019.–2021. gadam").
_CLAUSE_END = re.compile(r"(?<!\d)[.;:](?:\s|$)")


def _normal(text: str) -> str:
    """Lower case, no quotation marks, every dash "-" without spaces, single spaces: how a notice
    typed from memory or copied from another site still compares equal."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _DASHES.sub("-", _QUOTES.sub("", text))
    return " ".join(text.split())


def _fragments(template: str) -> list[str]:
    """The notice's fixed wording, clause by clause (at least 30 characters each)."""
    try:
        literals = [literal for literal, _f, _s, _c in string.Formatter().parse(template)]
    except ValueError:  # an invalid template is reported by validate_programmes
        return []
    parts = (_normal(clause).strip(" ,.") for literal in literals for clause in _CLAUSE_END.split(literal))
    return [p for p in parts if len(p) >= 30]


class TypedNoticeFinder:
    """Finds the fixed wording of any programme's official notice in a text."""

    def __init__(self, programmes: Mapping[str, Programme]):
        fragments = {
            f
            for programme in programmes.values()
            for template in programme.notice.values()
            for f in _fragments(template)
        }
        self.fragments = sorted(fragments, key=lambda f: (-len(f), f))

    def find(self, text: str) -> str | None:
        """The first fragment of an official notice found in ``text`` (typed by hand), or None."""
        if not self.fragments:
            return None
        body = _normal(text)
        return next((f for f in self.fragments if f in body), None)
