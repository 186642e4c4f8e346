"""Gettext catalogs for the theme, compiled in memory from the .po files.

The message ids are English (the source language). A build records every
message a template asked for that a catalog does not translate, so it can
report missing strings instead of silently showing English on a Latvian page.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

SOURCE_LANGUAGE = "en"
DOMAIN = "messages"


def catalog_path(translations_dir: Path, lang: str) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_locale(lang: str) -> str | None:
    """The Babel locale of a catalog (for its plural rules), or None when CLDR has no plural rules for it
    (Latgalian): the catalog's own Plural-Forms header is used then."""
    from babel import Locale

    try:
        return lang if Locale.parse(lang).plural_form.rules else None
    except (ValueError, TypeError, LookupError):
        return None


def load_translations(translations_dir: Path, lang: str) -> gettext.NullTranslations:
    path = catalog_path(translations_dir, lang)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=catalog_locale(lang), domain=DOMAIN)
    catalog.fuzzy = False  # the header carries the plural rules
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)


@dataclass
class RecordingTranslations:
    """Wraps a translations chain and remembers messages nobody translated."""

    lang: str
    chain: list[gettext.NullTranslations]
    missing: set[str] = field(default_factory=set)

    def _lookup(self, message: str) -> str | None:
        for i, tr in enumerate(self.chain):
            catalog = getattr(tr, "_catalog", None)
            if catalog and message in catalog and catalog[message]:
                if i:                   # shown in a fallback language: the language's own catalog lacks it
                    self.missing.add(message)
                return catalog[message]
        return None

    def gettext(self, message: str) -> str:
        found = self._lookup(message)
        if found is None:
            if self.lang != SOURCE_LANGUAGE:
                self.missing.add(message)
            return message
        return found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        for i, tr in enumerate(self.chain):
            catalog = getattr(tr, "_catalog", None)
            if catalog and (singular, 0) in catalog:
                if i:
                    self.missing.add(singular)
                return tr.ngettext(singular, plural, n)
        if self.lang != SOURCE_LANGUAGE:
            self.missing.add(singular)
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)


def catalog_chain(lang: str, fallbacks: tuple[str, ...]) -> tuple[str, ...]:
    """The catalogs a language's interface strings come from: its own, then its fallbacks' up to the
    source language (whose text is the message id itself: English never borrows Latvian)."""
    chain = []
    for code in (lang, *fallbacks):
        if code == SOURCE_LANGUAGE:
            break
        chain.append(code)
    return tuple(chain)


def shown_instead(lang: str, fallbacks: tuple[str, ...]) -> str:
    """The language a missing interface string of ``lang`` is shown in: its first fallback with a
    catalog, or the source language; "" for the source language itself."""
    if lang == SOURCE_LANGUAGE:
        return ""
    chain = catalog_chain(lang, fallbacks)
    return chain[1] if len(chain) > 1 else SOURCE_LANGUAGE


def translations_for(translations_dir: Path, lang: str, fallbacks: tuple[str, ...]) -> RecordingTranslations:
    """``lang``'s translations, following ``fallbacks`` (its fallback chain without itself)."""
    chain = [load_translations(translations_dir, code) for code in catalog_chain(lang, fallbacks)]
    return RecordingTranslations(lang=lang, chain=chain)
