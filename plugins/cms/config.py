"""The web editor's configuration (Decap CMS), made from the content schema and the data files.

Pure: no Pelican, no I/O. ``decap_config`` returns the mapping that the build
writes as ``admin/config.yml``: one collection per content type (articles in
year folders, projects, pages), one widget per front-matter key of the schema
with its label and hint in the editor's interface language, required keys
required, the schema's patterns and ranges on the widgets, choices for
projects, programmes and municipalities from the data, and the i18n layout
``multiple_files``, which writes exactly the content's ``<stem>.<lang>.md``
names. Keys every language shares are ``i18n: duplicate``, texts ``i18n: true``.

Nothing here is written by hand: change the schema (``contentmodel.schema``)
or the data files and the next build writes the new configuration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from contentmodel import schema

# The files of the content folder, relative to it, as the editor saves them.
IMAGES_FOLDER = "images"
FILES_FOLDER = "files"


@dataclass(frozen=True)
class Choice:
    """One option of a select widget: the value written into the file and what the editor reads."""

    value: str
    label: str


@dataclass(frozen=True)
class Backend:
    """Where the published editor saves: a Git host (the ``CMS_BACKEND`` setting)."""

    name: str = "github"
    repo: str = ""  # owner/name
    branch: str = "main"
    base_url: str = ""  # the authentication service (an OAuth proxy), when not Netlify's
    auth_endpoint: str = ""


@dataclass(frozen=True)
class EditorSetup:
    """What one interface language of the editor needs to know about the site."""

    ui: str  # the interface language: "lv" or "en" (schema.SCHEMA_LANGUAGES)
    languages: tuple[str, ...]  # the site's language codes
    default_lang: str
    content_folder: str = "content"  # the content folder, relative to the repository
    projects: tuple[Choice, ...] = ()
    programmes: tuple[Choice, ...] = ()
    municipalities: tuple[Choice, ...] = ()
    backend: Backend = field(default_factory=Backend)
    local_backend: str = ""  # decap-server's address ("" in the published site)
    editorial_workflow: bool = False  # drafts as pull requests (the published site)
    site_url: str = ""
    logo_url: str = ""


def decap_config(setup: EditorSetup) -> dict[str, Any]:
    """The Decap CMS configuration for ``setup`` (a plain mapping, ready for YAML)."""
    backend: dict[str, Any] = {"name": setup.backend.name, "branch": setup.backend.branch}
    if setup.backend.repo:
        backend["repo"] = setup.backend.repo
    if setup.backend.base_url:
        backend["base_url"] = setup.backend.base_url
    if setup.backend.auth_endpoint:
        backend["auth_endpoint"] = setup.backend.auth_endpoint
    languages = [setup.default_lang, *(c for c in setup.languages if c != setup.default_lang)]
    config: dict[str, Any] = {
        "backend": backend,
        "locale": setup.ui,
        "media_folder": f"{setup.content_folder}/{IMAGES_FOLDER}",
        "public_folder": IMAGES_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": languages, "default_locale": setup.default_lang},
        "collections": [_collection(setup, kind) for kind in schema.KINDS],
    }
    if setup.local_backend:
        config["local_backend"] = {"url": setup.local_backend}
    if setup.editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    if setup.site_url:
        config["site_url"] = config["display_url"] = setup.site_url
    if setup.logo_url:
        config["logo_url"] = setup.logo_url
    return config


COLLECTION_NAMES = {schema.ARTICLE: "articles", schema.PROJECT: "projects", schema.PAGE: "pages"}
_COLLECTION_LABELS = {
    schema.ARTICLE: {"lv": ("Raksti", "Raksts"), "en": ("Articles", "Article")},
    schema.PROJECT: {"lv": ("Projekti", "Projekts"), "en": ("Projects", "Project")},
    schema.PAGE: {"lv": ("Lapas", "Lapa"), "en": ("Pages", "Page")},
}
_DRAFTS = {"lv": "Melnraksti", "en": "Drafts"}


def _collection(setup: EditorSetup, kind: str) -> dict[str, Any]:
    ui = setup.ui
    labels = _COLLECTION_LABELS[kind][ui]
    out: dict[str, Any] = {
        "name": COLLECTION_NAMES[kind],
        "label": labels[0],
        "label_singular": labels[1],
        "folder": f"{setup.content_folder}/{schema.FOLDERS[kind]}",
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        "i18n": True,
        "fields": [_widget(setup, f) for f in schema.FIELDS[kind]] + [_body(ui)],
    }
    if kind == schema.ARTICLE:
        # In year folders, from the publication date: articles/2026/<slug>.lv.md
        out.update(
            path="{{year}}/{{slug}}",
            slug="{{slug}}",
            summary="{{date}} · {{title}}",
            sortable_fields=[{"field": "date", "default_sort": "desc"}, "title"],
            view_filters=[{"label": _DRAFTS[ui], "field": "status", "pattern": "draft"}],
        )
    elif kind == schema.PROJECT:
        out.update(
            identifier_field="code",
            slug="{{fields.code | lower}}",
            summary="{{code}} · {{title}}",
            sortable_fields=["code", "start"],
        )
    else:
        out.update(slug="{{slug}}", summary="{{title}}", sortable_fields=["title"])
    return out


def _body(ui: str) -> dict[str, Any]:
    return {"name": "body", "label": schema.BODY_LABEL[ui], "widget": "markdown", "required": False, "i18n": True}


def _widget(setup: EditorSetup, f: schema.Field) -> dict[str, Any]:
    ui = setup.ui
    out: dict[str, Any] = {
        "name": f.name,
        "label": f.label.get(ui) or f.name,
        "required": f.required,
        "i18n": "duplicate" if f.neutral else True,
    }
    hint = f.meaning.get(ui, "")
    if hint and hint.lower() != out["label"].lower():
        out["hint"] = hint
    out.update(_control(setup, f))
    if f.neutral and out["widget"] == "list":
        # Decap copies no list into the other languages (its list widget takes only true or false):
        # the list is written into the default language's file, and the build gives it to the translations.
        out["i18n"] = False
    return out


def _pattern(type_: str, ui: str) -> list[str]:
    return [schema.PATTERNS[type_], schema.PATTERN_MESSAGES[type_][ui]]


def _select(choices: Sequence[Choice], *, multiple: bool) -> dict[str, Any]:
    return {
        "widget": "select",
        "multiple": multiple,
        "options": [{"label": c.label, "value": c.value} for c in choices],
    }


def _control(setup: EditorSetup, f: schema.Field) -> dict[str, Any]:
    """The widget of one key: its kind and the checks the validator makes on it."""
    ui, t = setup.ui, f.type
    if t == schema.TEXT:
        return {"widget": "string"}
    if t == schema.LONG_TEXT:
        return {"widget": "text"}
    if t == schema.DATE_OR_DATETIME:
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD HH:mm",
            "date_format": "YYYY-MM-DD",
            "time_format": "HH:mm",
            "picker_utc": False,
        }
    if t == schema.DATE:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
    if t == schema.TEXT_LIST:
        return {"widget": "list", "allow_add": True}
    if t == schema.PROJECT_LIST:
        return _select(setup.projects, multiple=True)
    if t == schema.MUNICIPALITY_LIST:
        return _select(setup.municipalities, multiple=True)
    if t == schema.PROGRAMME:
        return _select(setup.programmes, multiple=False)
    if t in (schema.STATUS, schema.EVENT_STATUS):
        values = schema.STATUSES if t == schema.STATUS else schema.EVENT_STATUSES
        return _select([Choice(v, schema.CHOICE_LABELS[v][ui]) for v in values], multiple=False)
    if t == schema.IMAGE:
        return {"widget": "image", "choose_url": False, "media_library": {"allow_multiple": False}}
    if t == schema.ATTACHMENTS:
        words = schema.FORM_WORDS
        return {
            "widget": "list",
            "summary": "{{fields.title}}",
            "fields": [
                {
                    "name": "file",
                    "label": words["file"][ui],
                    "widget": "file",
                    "required": True,
                    "choose_url": False,
                    "media_folder": f"/{setup.content_folder}/{FILES_FOLDER}",
                    "public_folder": FILES_FOLDER,
                },
                {"name": "title", "label": words["title"][ui], "widget": "string", "required": True},
            ],
        }
    if t in (schema.EVENT_DATES, schema.SESSIONS):
        # A list of texts, each checked by the kind's pattern: dates or intervals, or sessions.
        item = "when" if t == schema.EVENT_DATES else "session"
        return {
            "widget": "list",
            "allow_add": True,
            "field": {
                "name": item,
                "label": schema.FORM_WORDS[item][ui],
                "widget": "string",
                "pattern": _pattern(t, ui),
            },
        }
    if t == schema.MOVES:
        # A list of objects, as attachments: each item is written as {from: ..., to: ...}.
        words = schema.FORM_WORDS
        return {
            "widget": "list",
            "allow_add": True,
            "summary": "{{fields.from}} → {{fields.to}}",
            "fields": [
                {
                    "name": "from",
                    "label": words["from"][ui],
                    "widget": "string",
                    "required": True,
                    "pattern": _pattern(schema.SESSIONS, ui),
                },
                {
                    "name": "to",
                    "label": words["to"][ui],
                    "widget": "string",
                    "required": True,
                    "pattern": _pattern(schema.EVENT_DATES, ui),
                },
            ],
        }
    if t == schema.MONEY:
        return {"widget": "number", "value_type": "float", "min": 0, "step": 0.01}
    if t in (schema.SLUG, schema.CODE, schema.RRULE, schema.URL):
        return {"widget": "string", "pattern": _pattern(t, ui)}
    raise ValueError(f"the schema type {t!r} has no widget in the web editor")
