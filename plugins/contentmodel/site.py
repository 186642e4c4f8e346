"""The whole site as data: documents grouped into translations, with every
cross-reference checked and every URL decided, before anything is written.

Pure: nothing here imports Pelican. ``build_site`` collects every problem
into the Report it is given; the caller decides whether to stop.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lvlang.collation import collate
from lvlang.slugs import slugify

from . import schema
from .config import Language, SiteConfig
from .diagnostics import ERROR, WARNING, Problem, Report, nearest
from .documents import Document
from .markup import LINK_PLACEHOLDER, flowed, plain_text
from .routes import SEGMENTS, Routes
from .safety import UnsafePath, is_safe_segment, resolve_inside


@dataclass(frozen=True)
class Group:
    """One piece of content and its translations (language -> document, never changed once made)."""

    kind: str
    key: str
    docs: Mapping[str, Document] = field(default_factory=dict)

    def base(self, default_lang: str) -> Document | None:
        return self.docs.get(default_lang)


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    articles: tuple[Document, ...]
    lang: str = ""  # the language the name is in, when it is not the page's (an inherited tag)


@dataclass(frozen=True)
class SiteModel:
    """The whole site, made once by ``build_site``: its mappings are never changed once made
    (``with_documents`` makes another site)."""

    config: SiteConfig
    content_root: Path
    groups: tuple[Group, ...]
    programmes: Mapping[str, Any]
    municipalities: Any  # funding.municipalities.MunicipalityIndex
    articles: Mapping[str, tuple[Document, ...]]  # per language, newest first
    pages: Mapping[str, tuple[Document, ...]]
    projects: Mapping[str, Group]  # code -> group
    by_path: Mapping[str, Document]  # content-relative source path -> document
    tags: Mapping[str, tuple[Tag, ...]]  # per language, in collation order
    routes: Routes  # every address of the build
    unlisted: Mapping[str, tuple[Document, ...]] = field(default_factory=dict)  # own pages only, per language
    states: Mapping[str, str] = field(default_factory=dict)  # path -> draft | scheduled | hidden (else published)

    def state(self, doc: Document) -> str:
        """published, hidden (its page only), or, in a development build, draft or scheduled (a future date)."""
        return self.states.get(doc.path, "published")

    def group_of(self, doc: Document) -> Group:
        return self._group_index[(doc.kind, doc.group)]

    def translations(self, doc: Document) -> dict[str, Document]:
        """Every language version of ``doc`` including itself, in site language order."""
        docs = self.group_of(doc).docs
        return {code: docs[code] for code in self.config.codes if code in docs}

    def project(self, code: str, lang: str) -> Document | None:
        group = self.projects.get(code.upper())
        if group is None:
            return None
        for code_ in self.config.fallback_chain(lang):
            if code_ in group.docs:
                return group.docs[code_]
        return next(iter(group.docs.values()), None)

    def project_version(self, code: str, lang: str) -> Document:
        """The version ``lang``'s pages show of the project ``code``, one of ``projects`` (else KeyError)."""
        doc = self.project(code, lang)
        if doc is None:
            raise KeyError(code)
        return doc

    @cached_property
    def _group_index(self) -> dict[tuple[str, str], Group]:
        return {(g.kind, g.key): g for g in self.groups}

    def with_documents(self, new: Mapping[str, Document]) -> SiteModel:
        """This site with the documents of ``new`` (source path -> document) in place of those at
        their paths, in every group, list and index; this site itself is left as it is."""

        def swap(doc: Document) -> Document:
            return new.get(doc.path, doc)

        def swapped(lists: Mapping[str, tuple[Document, ...]]) -> dict[str, tuple[Document, ...]]:
            return {code: tuple(swap(doc) for doc in docs) for code, docs in lists.items()}

        groups = tuple(
            dataclasses.replace(g, docs={code: swap(doc) for code, doc in g.docs.items()}) for g in self.groups
        )
        by_key = {(g.kind, g.key): g for g in groups}
        return dataclasses.replace(
            self,
            groups=groups,
            articles=swapped(self.articles),
            pages=swapped(self.pages),
            unlisted=swapped(self.unlisted),
            projects={code: by_key[(g.kind, g.key)] for code, g in self.projects.items()},
            by_path={path: swap(doc) for path, doc in self.by_path.items()},
            tags={
                code: tuple(dataclasses.replace(tag, articles=tuple(swap(doc) for doc in tag.articles)) for tag in tags)
                for code, tags in self.tags.items()
            },
        )


def build_site(
    documents: Iterable[Document],
    *,
    config: SiteConfig,
    content_root: Path,
    programmes: Mapping[str, Any],
    municipalities: Any,
    report: Report,
    reserved: Mapping[str, str] | None = None,
    routes: Routes | None = None,
    previous: SiteModel | None = None,
) -> SiteModel:
    """The site model; ``reserved``: first path segments no document may claim (``Routes.reserved_roots``);
    ``routes``: the build's addresses (made from ``config`` if not given).

    With ``previous`` (this site as it was made before some of its documents changed: a long-lived
    process's last build), ``documents`` are every document, as read, of the groups of translations to
    make again, and every other group of ``previous`` is taken as it is. The result is what the whole
    site gives, as long as every group made again was a group of ``previous`` (else ``ValueError``) and
    no document's address changed (which the caller checks)."""
    documents = sorted(documents, key=lambda d: d.path)
    if routes is None:
        routes = Routes.for_config(config)
    if reserved is None:
        reserved = routes.reserved_roots(("images", "files", "extra", "theme"))
    pictures: dict[Path, str | None] = {}  # each picture is opened once per build
    groups = [_drop_untranslated(group, config, report) for group in _group(documents, config, report)]
    groups = [_inherit(group, config, report) for group in groups if group.docs]
    reported = {(p.path, p.key) for p in report.problems if p.severity == "error"}
    for group in groups:
        base = group.base(config.default_lang)
        for doc in group.docs.values():
            _check_required(doc, report, reported, base)
            _check_sessions(doc, report)
            _check_placeholders(doc, report, production=config.production)
    again = {(group.kind, group.key): group for group in groups}
    if previous is not None:
        if config.production:  # its groups lack the unpublished documents, whose states count
            raise ValueError("a production site is made whole")
        order = [(group.kind, group.key) for group in previous.groups]
        if not again.keys() <= set(order):
            raise ValueError("a group of translations the previous site does not have")
        kept = {(group.kind, group.key): group for group in previous.groups}
        groups = [again.get(key, kept[key]) for key in order]
    projects = _index_projects(groups, config, report)
    checked = []
    for group in groups:
        if previous is not None and (group.kind, group.key) not in again:
            checked.append(group)  # checked and addressed when ``previous`` was made
            continue
        docs = {}
        for code, doc in group.docs.items():
            doc = _check_references(doc, projects, programmes, municipalities, content_root, report, pictures)
            doc = docs[code] = _assign_url(doc, routes)
            _check_reserved(doc, reserved, report)
        checked.append(dataclasses.replace(group, docs=docs))
    groups = checked
    _check_collisions(groups, routes, report)
    states = publication_states(groups, config)
    if config.production:  # drafts and future articles do not exist in the published site
        unpublished = ("draft", "scheduled")
        groups = [
            dataclasses.replace(
                group, docs={c: d for c, d in group.docs.items() if states.get(d.path) not in unpublished}
            )
            for group in groups
        ]
        groups = [g for g in groups if g.docs]
    by_key = {(g.kind, g.key): g for g in groups}
    projects = {code: by_key[(g.kind, g.key)] for code, g in projects.items()}  # the checked versions
    unlisted: dict[str, list[Document]] = {code: [] for code in config.codes}
    articles: dict[str, list[Document]] = {code: [] for code in config.codes}
    pages: dict[str, list[Document]] = {code: [] for code in config.codes}
    by_path: dict[str, Document] = {}
    for group in groups:
        for doc in group.docs.values():
            by_path[doc.path] = doc
            if doc.kind == schema.ARTICLE and "date" in doc.values and "title" in doc.values:
                (unlisted if doc.path in states else articles)[doc.lang].append(doc)
            elif doc.kind == schema.PAGE and "title" in doc.values:
                pages[doc.lang].append(doc)
    newest = {
        code: tuple(sorted(articles[code], key=lambda d: (d.values["date"].value, d.path), reverse=True))
        for code in config.codes
    }
    return SiteModel(
        config=config,
        content_root=content_root,
        groups=tuple(groups),
        programmes=programmes,
        municipalities=municipalities,
        articles=newest,
        pages={
            code: tuple(collate(pages[code], config.language(code), key=lambda d: d.values["title"]))
            for code in config.codes
        },
        projects=projects,
        by_path=by_path,
        tags={code: _tags(newest[code], config.language(code)) for code in config.codes},
        routes=routes,
        unlisted={code: tuple(docs) for code, docs in unlisted.items()},
        states=states,
    )


def publication_states(groups: Iterable[Group], config: SiteConfig) -> dict[str, str]:
    """Articles that are not simply published: ``status: draft`` or ``hidden`` (translations inherit their
    original's status unless they set their own), or ``scheduled``: dated after the build's day, published
    by the first build on or after that day (the daily scheduled build)."""
    states = {}
    for group in groups:
        if group.kind != schema.ARTICLE:
            continue
        for doc in group.docs.values():
            status = doc.values.get("status", "published")
            date = doc.values.get("date")
            if status == "published" and date is not None and date.value.date() > config.build_date:
                status = "scheduled"
            if status != "published":
                states[doc.path] = status
    return states


def translation_key(doc: Document) -> str:
    """The key of ``doc``'s group of translations: its ``translation`` value, else its folder and stem."""
    folder = doc.path.rsplit("/", 1)[0] if "/" in doc.path else ""
    return doc.values.get("translation") or f"{folder}/{doc.stem}"


def _group(documents: list[Document], config: SiteConfig, report: Report) -> list[Group]:
    groups: dict[tuple[str, str], dict[str, Document]] = {}  # (kind, key) -> language -> document
    for doc in documents:
        key = translation_key(doc)
        doc = dataclasses.replace(doc, group=key)
        docs = groups.setdefault((doc.kind, key), {})
        if doc.lang in docs:
            other = docs[doc.lang]
            report.error(
                doc.path,
                "translation",
                f"this file and {other.path} are both the '{doc.lang}' version of the same content",
                "give one of them another language suffix, or a different 'translation:' key",
            )
            continue
        docs[doc.lang] = doc
    return [Group(kind, key, docs) for (kind, key), docs in groups.items()]


def untranslated(doc: Document) -> bool:
    """A translation not written yet: no title and no text, only the keys every language shares.

    The web editor saves one file per language for each entry, copying the shared keys
    (date, projects, ...) into every language, also into those nobody has translated yet."""
    shared = {*schema.neutral_keys(doc.kind), "translation"}
    return "title" not in doc.values and not doc.body_html.strip() and set(doc.values) <= shared


def inherited_from(doc: Document, key: str) -> str:
    """The language ``doc``'s value of ``key`` is written in, when the translation took it from its
    original (""): the page marks it with that language, so screen readers read it right."""
    return doc.inherited_lang if key in doc.inherited else ""


def _drop_untranslated(group: Group, config: SiteConfig, report: Report) -> Group:
    """``group`` without the translations that are not written yet (each with a warning), when another
    language has the content."""
    if all(untranslated(doc) for doc in group.docs.values()):
        return group  # nothing written in any language: reported as missing title
    kept = {}
    for code, doc in group.docs.items():
        if not untranslated(doc):
            kept[code] = doc
        else:
            report.warning(
                doc.path,
                "title",
                f"this '{doc.lang}' version has no title and no text yet, so it is not published",
                "write its title and text (in the web editor: switch to this language), or delete the file",
            )
    return dataclasses.replace(group, docs=kept)


def _inherit(group: Group, config: SiteConfig, report: Report) -> Group:
    """``group`` with each translation given the values every language shares that it does not set itself."""
    base = group.base(config.default_lang)
    if base is None:
        return group
    neutral = schema.neutral_keys(group.kind)
    docs = {}
    for code, doc in group.docs.items():
        if doc is base:
            docs[code] = doc
            continue
        values = dict(doc.values)
        taken = []
        for key in neutral:
            if key not in values and key in base.values:
                values[key] = base.values[key]
                taken.append(key)
        image_alt = "image" in taken and "image_alt" not in values and "image_alt" in base.values
        if image_alt:
            values["image_alt"] = base.values["image_alt"]
            values["image_alt_lang"] = base.lang
        docs[code] = dataclasses.replace(doc, values=values, inherited=tuple(taken), inherited_lang=base.lang)
        if image_alt:
            report.warning(
                doc.path,
                "image_alt",
                f"the picture is inherited from {base.path} but has no alternative text in '{doc.lang}'",
                f"add image_alt: in {doc.lang}; until then the {base.lang} text is used",
            )
    return dataclasses.replace(group, docs=docs)


PLACEHOLDER = re.compile(r"^\W*TODO\b")
_PLACEHOLDER_KEYS = ("title", "summary", "image_alt", "image_credit", "event_location", "author")


def placeholder_problems(doc: Document, *, production: bool) -> list[Problem]:
    """Texts of ``doc`` still holding a placeholder of `invoke new` or the importer ("TODO: ...").

    An error in the production build (it must never be published), a warning otherwise, so the
    preview shows the page while the editor fills it in. Inherited values are the original's."""
    severity = ERROR if production else WARNING
    fix = "replace the TODO text with the real one" + (
        "; placeholders are never published" if production else "; the published site refuses placeholders"
    )
    found = []
    for key in _PLACEHOLDER_KEYS:
        value = doc.values.get(key)
        if isinstance(value, str) and key not in doc.inherited and PLACEHOLDER.match(value):
            found.append(
                Problem(doc.path, doc.line(key), key, f"'{key}' is still a placeholder: {value[:60]!r}", fix, severity)
            )
    body = doc.body_html
    if "TODO" not in body and "&#" not in body:  # no paragraph can read "TODO" (no named reference makes a letter)
        return found
    for paragraph in _PARAGRAPH.findall(body):
        text = html.unescape(_TAG.sub("", paragraph)).strip()
        if PLACEHOLDER.match(text):
            found.append(
                Problem(doc.path, None, "text", f"the text is still a placeholder: {text[:60]!r}", fix, severity)
            )
            break
    return found


_PARAGRAPH = re.compile(r"<(?:p|h[1-6]|li)\b[^>]*>(.*?)</(?:p|h[1-6]|li)>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _check_placeholders(doc: Document, report: Report, *, production: bool) -> None:
    report.extend(placeholder_problems(doc, production=production))


def _check_required(
    doc: Document, report: Report, reported: set[tuple[str, str]], base: Document | None = None
) -> None:
    """Required keys without a value, after inheritance. A key written but left empty
    is reported as empty (with its line); an invalid value is reported already, on the file
    that has it: a translation that would inherit it from an invalid original is not
    reported again (the fix is in the original)."""
    neutral = set(schema.neutral_keys(doc.kind))
    for f in schema.FIELDS[doc.kind]:
        if (
            f.required
            and f.name not in doc.values
            and base is not None
            and base is not doc
            and f.name in neutral
            and (base.path, f.name) in reported
        ):
            continue
        if f.required and f.name not in doc.values and (doc.path, f.name) not in reported:
            example = f" e.g. {f.name}: {f.example}" if f.example else ""
            line = doc.line(f.name)
            if line is None:
                report.add(
                    Problem(
                        doc.path,
                        None,
                        f.name,
                        f"'{f.name}' is missing ({f.meaning.get('en', '')})",
                        f"add the line{example}",
                    )
                )
            else:
                report.add(
                    Problem(
                        doc.path,
                        line,
                        f.name,
                        f"'{f.name}' is empty ({f.meaning.get('en', '')})",
                        f"write the value after the colon{example}",
                    )
                )
        if f.name in doc.values:
            for other in f.requires:
                if other not in doc.values:
                    report.add(
                        Problem(
                            doc.path,
                            doc.line(f.name),
                            other,
                            f"'{f.name}' is set but '{other}' is missing",
                            _requires_hint(f.name, other),
                        )
                    )


def _check_sessions(doc: Document, report: Report) -> None:
    """Every cancelled or moved session of a repeating event is a session of its rule (after inheritance)."""
    v = doc.values
    if doc.kind != schema.ARTICLE or not v.get("event_dates") or not v.get("event_recurrence"):
        return
    from events.recurrence import NotASession, session_starts

    first, rule = v["event_dates"][0], v["event_recurrence"]
    named = [("event_exceptions", when) for when in v.get("event_exceptions", ())]
    named += [("event_moves", when) for when, _to in v.get("event_moves", ())]
    numbers: dict[str, int] = {}
    for key, when in named:
        numbers[key] = numbers.get(key, 0) + 1
        try:
            session_starts(first, rule, when)
        except NotASession as error:
            where = f"item {numbers[key]}: " if key == "event_exceptions" else f"item {numbers[key]} (from): "
            report.add(Problem(doc.path, doc.line(key), key, where + error.problem, error.hint))


def _requires_hint(key: str, other: str) -> str:
    if other == "image_alt":
        return "describe the picture for people who cannot see it: image_alt: Semināra dalībnieki pie galda"
    if other == "event_dates":
        return f"'{key}' only applies to events; add event_dates: [YYYY-MM-DD] or remove '{key}'"
    return f"add '{other}'"


def _index_projects(groups: Iterable[Group], config: SiteConfig, report: Report) -> dict[str, Group]:
    projects: dict[str, Group] = {}
    for group in groups:
        if group.kind != schema.PROJECT:
            continue
        codes = {doc.values["code"].upper() for doc in group.docs.values() if "code" in doc.values}
        if len(codes) > 1:
            any_doc = next(iter(group.docs.values()))
            report.error(
                any_doc.path,
                "code",
                f"the translations of this project give different codes: {sorted(codes)}",
                "use the same code in every language version",
            )
        for code in codes:
            if code in projects:
                first = next(iter(projects[code].docs.values()))
                doc = next(iter(group.docs.values()))
                report.error(
                    doc.path,
                    "code",
                    f"project code '{code}' is already used by {first.path}",
                    "each project has one code; translations share it in files with the same name",
                )
                continue
            projects[code] = group
    return projects


def _check_late_municipalities(doc: Document, keys: Iterable[str], municipalities: Any, report: Report) -> None:
    """A warning for each municipality that no longer existed on the article's date, naming the one to use."""
    day = doc.values["date"].value.date()
    for key in keys:
        late = municipalities.late_use(key, day)
        if late is None:
            continue
        former, successor = late
        name, now = former.name.get("lv") or former.key, successor.name.get("lv") or successor.key
        report.add(
            Problem(
                doc.path,
                doc.line("municipalities"),
                "municipalities",
                f"'{key}' ({name}) ceased to exist on {former.ceased}, before this article's date ({day}); "
                f"since then it is part of {now}",
                f"write {successor.key} ({now}) instead",
                WARNING,
            )
        )


def _check_references(
    doc: Document,
    projects: Mapping[str, Group],
    programmes: Mapping[str, Any],
    municipalities: Any,
    content_root: Path,
    report: Report,
    pictures: dict[Path, str | None] | None = None,
) -> Document:
    """Check what ``doc`` refers to; returns it with its projects' codes and municipalities' keys resolved."""
    v = dict(doc.values)
    if "projects" in v:
        resolved = []
        for code in v["projects"]:
            if code.upper() in projects:
                resolved.append(code.upper())
            elif "projects" not in doc.inherited:  # an inherited list is reported on the original only
                guess = nearest(code, list(projects))
                hint = f"did you mean '{guess}'?" if guess else ("add the project's page under content/projects/ first")
                report.add(
                    Problem(
                        doc.path,
                        doc.line("projects") or doc.line("project"),
                        "projects",
                        f"unknown project code '{code}'",
                        hint,
                    )
                )
        v["projects"] = tuple(resolved)
    if "municipalities" in v:
        keys = []
        for name in v["municipalities"]:
            found = municipalities.resolve(name)
            if found is None and "municipalities" in doc.inherited:
                continue  # reported on the original, where the fix is
            if found is None:
                guess = municipalities.suggest(name)
                hint = f"did you mean '{guess}'?" if guess else "see content/data/municipalities.yaml for the names"
                report.add(
                    Problem(
                        doc.path, doc.line("municipalities"), "municipalities", f"unknown municipality '{name}'", hint
                    )
                )
            elif found.key not in keys:
                keys.append(found.key)
        v["municipalities"] = tuple(keys)
        if doc.kind == schema.ARTICLE and "date" in v and "municipalities" not in doc.inherited:
            _check_late_municipalities(doc, keys, municipalities, report)
    if "programme" in v and v["programme"] not in programmes:
        guess = nearest(v["programme"], list(programmes))
        report.add(
            Problem(
                doc.path,
                doc.line("programme"),
                "programme",
                f"unknown programme '{v['programme']}'",
                f"did you mean '{guess}'?" if guess else "see content/data/programmes.yaml for the keys",
            )
        )
    if doc.kind == schema.PROJECT and "start" in v and "end" in v and v["end"] < v["start"]:
        report.add(
            Problem(
                doc.path,
                doc.line("end"),
                "end",
                f"the project ends ({v['end']}) before it starts ({v['start']})",
                "check the years; 'start' must be the earlier date",
            )
        )
    if doc.kind == schema.PROJECT and "budget" in v and "eu_funding" in v and v["eu_funding"] > v["budget"]:
        report.add(
            Problem(
                doc.path,
                doc.line("eu_funding"),
                "eu_funding",
                "the EU funding is larger than the budget",
                "eu_funding is the EU's share of budget; check both amounts",
            )
        )
    if "date" in v and "modified" in v and v["modified"].value < v["date"].value:
        report.add(
            Problem(
                doc.path,
                doc.line("modified"),
                "modified",
                "'modified' is before 'date'",
                "the last change cannot precede publication",
            )
        )
    paths = []
    if "image" in v and "image" not in doc.inherited:
        paths.append(("image", v["image"]))
    if "attachments" in v and "attachments" not in doc.inherited:
        paths.extend(("attachments", a["file"]) for a in v["attachments"])
    paths.extend(("body", ref) for ref in doc.facts.static_refs)
    shown = set(_body_pictures(doc.body_html))
    if "image" in v and "image" not in doc.inherited:
        shown.add(v["image"])
    for key, rel in paths:
        try:
            full = resolve_inside(content_root, rel)
        except UnsafePath:
            report.add(
                Problem(
                    doc.path,
                    doc.line(key),
                    key,
                    f"the file '{rel}' is not inside content/",
                    "link only to files under content/images/ or content/files/, e.g. images/x.jpg; "
                    "if it is a link to a file elsewhere, replace the link with the file itself",
                )
            )
            continue
        if not full.is_file():
            report.add(
                Problem(
                    doc.path,
                    doc.line(key),
                    key,
                    f"the file '{rel}' does not exist",
                    "put it under content/images/ or content/files/ and check the spelling",
                )
            )
            continue
        if rel in shown:
            if pictures is None:
                pictures = {}
            if full not in pictures:
                pictures[full] = not_a_picture(full)
            if pictures[full]:
                report.add(
                    Problem(
                        doc.path,
                        doc.line(key),
                        key,
                        f"'{rel}' is not a picture: {pictures[full]}",
                        "use a JPEG, PNG, GIF, WebP or SVG file; link other files as "
                        "[text](/files/x.pdf) or list them under attachments:",
                    )
                )
    return dataclasses.replace(doc, values=v)


def _assign_url(doc: Document, routes: Routes) -> Document:
    """``doc`` with its slug and address (and, without a summary, the automatic one)."""
    v = doc.values
    if doc.kind == schema.PROJECT:
        # A valid code (validate._code) lowercased is already a safe segment; slugify keeps any other safe too.
        slug = slugify(str(v.get("code", doc.stem)))
        return dataclasses.replace(doc, slug=slug, url_path=routes.project_local(doc.lang, slug))
    slug = v.get("slug") or slugify(str(v.get("title", doc.stem)))
    if doc.kind == schema.ARTICLE:
        year = v["date"].value.year if "date" in v else "undated"
        url_path = routes.article_local(year, slug)
    else:
        url_path = routes.page_local(slug)
    if "summary" not in v:
        v = {**v, "summary_auto": doc.facts.first_paragraph}
    return dataclasses.replace(doc, values=v, slug=slug, url_path=url_path)


def _check_reserved(doc: Document, reserved: Mapping[str, str], report: Report) -> None:
    """A document may not take an address the site itself uses (``Routes.reserved_roots``)."""
    first = doc.url_path.split("/", 1)[0]
    if doc.kind == schema.PROJECT:
        if doc.slug in set(SEGMENTS["programme"].values()):
            report.add(
                Problem(
                    doc.path,
                    doc.line("code"),
                    "code",
                    f"the project code '{doc.values.get('code')}' is the word the site uses for programme pages",
                    "use the project's official code, e.g. LLI-59",
                )
            )
        return
    if first in reserved or not all(is_safe_segment(part) for part in doc.url_path.rstrip("/").split("/")):
        key = "slug" if "slug" in doc.values else "title"
        what = reserved.get(first, "the site's own files")
        report.add(
            Problem(
                doc.path,
                doc.line(key),
                key,
                f"the address /{doc.url_path} is reserved for {what} ('{first}/')",
                f"choose another slug for this file, e.g. slug: {first}-info"
                if first
                else "give this file a slug: of lowercase letters, digits and hyphens",
            )
        )


def _check_collisions(groups: Iterable[Group], routes: Routes, report: Report) -> None:
    seen: dict[str, Document] = {}
    for group in groups:
        for doc in group.docs.values():
            url = routes.document(doc)
            if url in seen:
                other = seen[url]
                report.add(
                    Problem(
                        doc.path,
                        doc.line("slug") or doc.line("title"),
                        "slug",
                        f"this file and {other.path} both claim the URL /{url}",
                        "give one of them its own 'slug:' (or a different title)",
                    )
                )
            else:
                seen[url] = doc


def _tags(articles: Iterable[Document], lang: Language) -> tuple[Tag, ...]:
    """The tags of ``articles``, each named as the first article naming it writes it, with its articles in order."""
    first: dict[str, tuple[str, str]] = {}  # slug -> (name, the language it is in when inherited)
    tagged: dict[str, list[Document]] = {}  # slug -> articles
    slugs: dict[str, str] = {}
    for doc in articles:
        for name in doc.values.get("tags", ()):
            slug = slugs.get(name)
            if slug is None:
                slug = slugs[name] = slugify(name)
            first.setdefault(slug, (name, inherited_from(doc, "tags")))
            tagged.setdefault(slug, []).append(doc)
    tags = [Tag(name, slug, tuple(tagged[slug]), name_lang) for slug, (name, name_lang) in first.items()]
    return tuple(collate(tags, lang, key=lambda t: t.name))


_BODY_PICTURE = re.compile(r'<img\b[^>]*?\ssrc="' + re.escape(LINK_PLACEHOLDER) + r'static:([^\x1f"]*)\x1f"')
PICTURE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "AVIF"})  # what browsers show, as Pillow names them


def _body_pictures(body_html: str) -> list[str]:
    """Content-relative paths of the pictures (``![alt](...)``) a body shows from content/."""
    return [html.unescape(m.group(1)).split("#", 1)[0] for m in _BODY_PICTURE.finditer(body_html)]


def not_a_picture(path: Path) -> str | None:
    """Why the file at ``path`` is not a picture a browser shows, or None when it is one.

    An .svg file must be XML with an <svg> root; any other file must be an image
    Pillow can verify, in a format browsers show."""
    if path.suffix.lower() == ".svg":
        import xml.etree.ElementTree as ET

        try:
            for _event, element in ET.iterparse(path, events=("start",)):
                tag = element.tag.rsplit("}", 1)[-1]
                return None if tag == "svg" else f"an XML file whose root is <{tag}>, not <svg>"
        except (ET.ParseError, OSError, ValueError) as exc:
            return f"the file is not SVG ({exc})"
        return "the file is empty"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as picture:
            kind = picture.format or "unknown"
            picture.verify()
    except UnidentifiedImageError:
        return "its content is not an image (a document, or a file renamed to look like a picture?)"
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile file; judged, not raised
        return f"the image cannot be read ({type(exc).__name__}: {exc})"
    if kind not in PICTURE_FORMATS:
        return f"it is a {kind} image, which browsers do not show"
    return None


def summary_text(doc: Document) -> str:
    """The teaser as plain text, its lines flowed into paragraphs (see ``markup.flowed``)."""
    return flowed(doc.values.get("summary") or doc.values.get("summary_auto") or plain_text(doc.body_html)[:300])
