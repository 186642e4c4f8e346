"""The web editor's files in the built site: admin/ where each interface language's pages are
(/admin/ in Latvian, /en/admin/ in English: the languages the schema's labels are written in).

Each interface gets its page, its ``config.yml`` (made by ``cms.config`` from the schema and the
data files) and ``preview.json`` (what the preview pane needs: the funding notice of each project in
each language, the keys that need others, the site's stylesheet). Decap CMS's own files are
published from its npm package as they are (hard links, not copies), beside the theme's scripts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from contentmodel import schema
from lvlang.collation import collate
from lvlang.language import pick
from multisite.pages import Output, Prepared, gettext, site_feeds
from sitepages.views import notices_of

from .config import COLLECTION_NAMES, Backend, Choice, EditorSetup, decap_config

PROGRAM = "decap-cms.js"
PROGRAM_FOLDER = "cms"  # under the theme's folder, with the site's other scripts


def interface_languages(codes: Iterable[str], default_lang: str) -> list[str]:
    """The editor's interface languages, the one served at /admin/ first: the languages the schema's labels
    are written in that the site has (the site's default first), else the schema's first."""
    codes = list(codes)
    uis = [c for c in schema.SCHEMA_LANGUAGES if c in codes] or [schema.SCHEMA_LANGUAGES[0]]
    return sorted(uis, key=lambda c: c != default_lang)


def program_files(folder: Path) -> list[Path]:
    """Decap CMS's files to publish: the program, the parts it loads when needed, its WebAssembly
    and its licence texts (not the source maps, not the second build of the same program)."""
    if not (folder / PROGRAM).is_file():
        return []
    keep = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if path.is_file() and (
            name == PROGRAM or name.endswith((".decap-cms.js", ".wasm")) or name == f"{PROGRAM}.LICENSE.txt"
        ):
            keep.append(path)
    return keep


def _repository_root(content_root: Path) -> Path:
    """The folder the editor's paths start from: the nearest folder above the content holding the
    settings or a Git repository (the content's parent when there is none)."""
    for folder in content_root.resolve().parents:
        if (folder / ".git").exists() or (folder / "pelicanconf.py").is_file():
            return folder
    return content_root.resolve().parent


def site_language(config, ui: str) -> str:
    """The site language whose texts an interface in ``ui`` shows: ``ui``, or the default language
    when the site has no ``ui`` pages."""
    return ui if ui in config.codes else config.default_lang


def _choices(build: Prepared, ui: str) -> tuple[tuple[Choice, ...], tuple[Choice, ...], tuple[Choice, ...]]:
    site, config = build.site, build.config
    lang = site_language(config, ui)
    chain = config.fallback_chain(lang)
    _ = gettext(build, lang)
    projects = []
    for code in sorted(site.projects):
        doc = site.project(code, chain[0])
        title = str(doc.values.get("title", "")) if doc is not None else ""
        projects.append(Choice(code, f"{code} · {title}" if title else code))
    programmes = [Choice(key, pick(p.name, chain) or key) for key, p in sorted(site.programmes.items())]
    current, former = [], []
    for m in site.municipalities.all():
        key = m.key
        name = pick(m.name, chain) or key
        if m.ceased is not None and m.ceased <= config.build_date:
            successor = site.municipalities.current(key, config.build_date)
            now = pick(successor.name, chain) if successor.key != key else ""
            note = _("former; now %(name)s") % {"name": now} if now else _("former")
            former.append(Choice(key, f"{name} ({note})"))
        else:
            current.append(Choice(key, name))
    language = config.language(lang)
    ordered = collate(current, language, key=lambda c: c.label) + collate(former, language, key=lambda c: c.label)
    return tuple(projects), tuple(programmes), tuple(ordered)


def setup_for(build: Prepared, ui: str) -> EditorSetup:
    """What the editor in the interface language ``ui`` needs to know about this build's site."""
    config, cms = build.config, build.config.cms
    projects, programmes, municipalities = _choices(build, ui)
    content = os.path.relpath(build.content_root.resolve(), _repository_root(build.content_root))
    return EditorSetup(
        ui=ui,
        languages=tuple(config.codes),
        default_lang=config.default_lang,
        content_folder=Path(content).as_posix(),
        projects=projects,
        programmes=programmes,
        municipalities=municipalities,
        backend=Backend(cms.backend, cms.repo, cms.branch, cms.base_url, cms.auth_endpoint),
        local_backend="" if config.production else f"http://127.0.0.1:{cms.local_port}/api/v1",
        editorial_workflow=config.production and bool(cms.repo),
        site_url=config.site_url,
        logo_url=build.routes.href(build.routes.asset("img/logo.svg")),
    )


def preview_data(build: Prepared, setup: EditorSetup) -> dict[str, Any]:
    """What the preview pane and the checks before saving need, in the interface language of ``setup``."""
    ui = setup.ui
    site, config, routes = build.site, build.config, build.routes
    notices: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for code in sorted(site.projects):
        notices[code] = {}
        for lang in config.codes:
            notices[code][lang] = [
                {
                    "programme": n.programme,
                    "emblem": routes.href(n.emblem_file) if n.emblem_file else "",
                    "emblem_alt": n.emblem_alt,
                    "statement": n.statement,
                    "text": n.text,
                }
                for n in notices_of(build, [code], lang)
            ]
    requires, neutral, labels = {}, {}, {}
    for kind, name in COLLECTION_NAMES.items():
        requires[name] = {f.name: list(f.requires) for f in schema.FIELDS[kind] if f.requires}
        neutral[name] = list(schema.neutral_keys(kind))
        for f in schema.FIELDS[kind]:
            labels[f.name] = f.label.get(ui, f.name)
    return {
        "local_backend": setup.local_backend,
        "needs_local": bool(setup.local_backend) and not setup.backend.repo,
        "default_lang": config.default_lang,
        "styles": [routes.href(routes.asset("css/site.css"))],
        "site_root": routes.href(""),
        "notices": notices,
        "requires": requires,
        "neutral": neutral,
        "labels": labels,
        "patterns": {
            name: schema.PATTERNS[f.type]
            for kind in schema.KINDS
            for f in schema.FIELDS[kind]
            for name in (f.name,)
            if f.type == schema.EVENT_DATES
        },
        "words": _words(build, ui),
    }


def _words(build: Prepared, ui: str) -> dict[str, str]:
    _ = gettext(build, site_language(build.config, ui))
    return {
        "requires": _("“%(field)s” is filled in, so “%(other)s” must be too."),
        "order": _("“%(field)s”: the end %(end)s is before the start %(start)s."),
        "real_date": _("“%(field)s”: %(value)s is not a real date."),
        "funding": _("Funding notice the site adds to this article"),
        "no_funding": _("No funding notice: the article names no funded project."),
        "preview_note": _("Preview: the published page also has the site's header, menu and footer."),
        "start_local": _(
            "The editor saves through a small program on this computer, which is not running. "
            "Start the editor with: python3 bootstrap.py cms"
        ),
    }


# libyaml's emitter, when PyYAML was built with it, writes the same text as the pure-Python one
# in a seventh of the time (the configuration is written on every build, in every interface language)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def admin(build: Prepared) -> Iterable[Output]:
    """The editor's pages, configurations and program."""
    config, routes = build.config, build.routes
    if not config.cms.enabled:
        return
    files = program_files(Path(config.cms.program)) if config.cms.program else []
    if not files:
        build.report.warning(
            "pelicanconf.py",
            "CMS_PROGRAM",
            "the web editor's program (Decap CMS) is not installed, so /admin/ cannot work",
            "run 'npm ci' (python3 bootstrap.py does it), or set CMS_ADMIN = False",
        )
    for path in files:
        yield Output(path=routes.asset(f"{PROGRAM_FOLDER}/{path.name}"), source=path, producer="web editor program")
    uis = interface_languages(config.codes, config.default_lang)
    pages = {ui: routes.admin(ui) for ui in uis}
    for ui in uis:
        setup = setup_for(build, ui)
        text = yaml.dump(decap_config(setup), Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
        header = (
            "# Written by every build from the content schema (plugins/contentmodel/schema.py) and the\n"
            "# data files: do not edit it, change those instead.\n"
        )
        yield Output(path=routes.admin(ui, "config.yml"), content=header + text, producer="web editor")
        yield Output(
            path=routes.admin(ui, "preview.json"),
            producer="web editor",
            content=json.dumps(preview_data(build, setup), ensure_ascii=False, sort_keys=True),
        )
        lang = site_language(config, ui)
        feeds, calendars = site_feeds(routes, lang, gettext(build, lang))
        yield Output(
            path=routes.output_file(routes.admin(ui)),
            lang=lang,
            template="admin.html",
            producer="web editor",
            context={
                "ui": ui,
                "csp": csp(build),
                "program": routes.href(routes.asset(f"{PROGRAM_FOLDER}/{PROGRAM}")) if files else "",
                "config_href": routes.href(routes.admin(ui, "config.yml")),
                "preview_href": routes.href(routes.admin(ui, "preview.json")),
                "others": [
                    {"code": other, "href": routes.href(pages[other]), "name": config.language_name(other)}
                    for other in uis
                    if other != ui
                ],
                "alternates": [(other, routes.absolute(pages[other])) for other in uis]
                + [("x-default", routes.absolute(pages[uis[0]]))],
                "feeds": [*feeds, *calendars],
            },
        )


def csp(build: Prepared) -> str:
    """The editor's Content-Security-Policy: its program compiles its configuration's schema
    ('unsafe-eval') and styles itself inline; it talks to the Git host (or to decap-server on this
    computer) and shows the host's avatars."""
    cms = build.config.cms
    connect = ["'self'"]
    images = ["'self'", "data:", "blob:"]
    if build.config.production:
        hosts = {
            "github": ["https://api.github.com"],
            "gitlab": ["https://gitlab.com"],
            "gitea": [],
            "git-gateway": [],
        }[cms.backend]
        connect += hosts
        if cms.backend == "github":
            images += ["https://avatars.githubusercontent.com", "https://raw.githubusercontent.com"]
        if cms.base_url:
            connect.append(cms.base_url)
    else:
        connect.append(f"http://127.0.0.1:{cms.local_port}")
    return (
        f"default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
        f"style-src 'self' 'unsafe-inline'; img-src {' '.join(images)}; connect-src {' '.join(connect)}; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'self' blob:"
    )
