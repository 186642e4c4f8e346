"""`invoke i18n`: extract the theme's strings, update the catalogs, compile them.

Uses Babel's own extraction (with Jinja2's extractor) and catalog handling,
so translators get standard .po files in theme/translations/<lang>/LC_MESSAGES/.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .i18n import DOMAIN, SOURCE_LANGUAGE

METHOD_MAP = [
    ("theme/templates/**.html", "jinja2"),
    ("theme/templates/**.xsl", "jinja2"),
    ("plugins/multisite/**.py", "python"),
    ("plugins/sitepages/**.py", "python"),
    ("plugins/*/site_pages.py", "python"),
]  # each page family's words
OPTIONS = {"theme/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
PROJECT = "latgale-news-theme"


def languages(theme: Path) -> list[str]:
    folder = theme / "translations"
    return sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES").is_dir()) if folder.is_dir() else []


def extract(root: Path) -> Catalog:
    """Every interface string of the templates and of the page builders."""
    template = Catalog(project=PROJECT, domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root),
        method_map=METHOD_MAP,
        options_map=OPTIONS,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2)},
        comment_tags=("TRANSLATORS:",),
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _locale(lang: str) -> str | None:
    from babel import Locale

    try:
        Locale.parse(lang)
        return lang
    except Exception:  # noqa: BLE001 - an unknown locale still gets a catalog
        return None


def _po_bytes(catalog: Catalog) -> bytes:
    """The .po/.pot text: sorted, file names without line numbers (moving code within a file changes nothing)."""
    buf = BytesIO()
    write_po(buf, catalog, width=100, sort_output=True, ignore_obsolete=True, include_lineno=False)
    return buf.getvalue()


_DATED = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already says the same apart from its creation dates; True when written.

    So `invoke i18n` on a clean checkout changes no tracked file unless a string changed."""

    def undated(text: bytes) -> list[bytes]:
        return [line for line in text.splitlines() if not line.startswith(_DATED)]

    if path.is_file() and undated(path.read_bytes()) == undated(data):
        return False
    path.write_bytes(data)
    return True


def update_catalogs(root: Path, stream=sys.stdout, fallback_languages: tuple[str, ...] = ()) -> int:
    """Write messages.pot, merge it into each language's .po, compile .mo.

    ``fallback_languages``: the languages with a fallback in the settings (their
    catalogs may be partial). Returns 1 when a language without a fallback has
    untranslated strings."""
    theme = root / "theme"
    template = extract(root)
    translations = theme / "translations"
    translations.mkdir(exist_ok=True)
    _write_if_changed(translations / f"{DOMAIN}.pot", _po_bytes(template))
    missing_total = 0
    for lang in languages(theme):
        po_path = translations / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_path.exists():
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=_locale(lang), domain=DOMAIN)
        else:
            catalog = Catalog(locale=_locale(lang), domain=DOMAIN, project=PROJECT)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False  # the header must compile, or plural rules are lost
        catalog.project, catalog.version = PROJECT, "1"
        catalog.msgid_bugs_address = ""
        catalog.last_translator = catalog.language_team = "Latgales plānošanas reģions"
        catalog.obsolete.clear()
        changed = _write_if_changed(po_path, _po_bytes(catalog))
        mo_path = po_path.with_suffix(".mo")
        if changed or not mo_path.exists():
            buf = BytesIO()
            write_mo(buf, catalog)
            mo_path.write_bytes(buf.getvalue())
        missing = [m.id for m in catalog if m.id and not m.string and lang != SOURCE_LANGUAGE]
        if lang not in fallback_languages:  # a language with a fallback (ltg -> lv, lt -> en) may be partial
            missing_total += len(missing)
        print(f"{lang}: {len(catalog)} strings, {len(missing)} untranslated", file=stream)
        for message_id in missing:
            print(f"  missing: {message_id if isinstance(message_id, str) else message_id[0]!r}", file=stream)
    return 1 if missing_total else 0
