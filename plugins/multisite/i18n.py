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

from .fallback import Marks, Shown

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
    for message in list(catalog):
        # A plural entry without its translations would be compiled with the English forms in it, and a
        # language would show English instead of following its fallback chain.
        if message.id and isinstance(message.string, (tuple, list)) and not all(message.string):
            del catalog[message.id]
    buf = BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(fp=buf, domain=DOMAIN)


@dataclass
class RecordingTranslations:
    """Wraps a translations chain and remembers messages nobody translated.

    ``codes`` are the languages of ``chain``. With ``marks``, a text shown in
    another language than ``lang`` (a fallback's, or the English source) is
    returned as a ``Shown`` string that knows its language (see fallback.py)."""

    lang: str
    chain: list[gettext.NullTranslations]
    missing: set[str] = field(default_factory=set)
    codes: tuple[str, ...] = ()
    marks: Marks | None = None

    def _shown(self, text: str, index: int | None) -> str:
        """``text``, found in the chain's catalog ``index`` (None: the source language's message id)."""
        if self.marks is None:
            return text
        if index is None:
            shown_in = SOURCE_LANGUAGE
        elif index < len(self.codes):
            shown_in = self.codes[index]
        else:
            return text
        return Shown(text, shown_in, self.marks) if shown_in != self.lang else text

    def gettext(self, message: str) -> str:
        for i, tr in enumerate(self.chain):
            catalog = getattr(tr, "_catalog", None)
            if catalog and message in catalog and catalog[message]:
                if i:  # shown in a fallback language: the language's own catalog lacks it
                    self.missing.add(message)
                return self._shown(catalog[message], i)
        if self.lang != SOURCE_LANGUAGE:
            self.missing.add(message)
        return self._shown(message, None)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        for i, tr in enumerate(self.chain):
            catalog = getattr(tr, "_catalog", None)
            if catalog and (singular, 0) in catalog:
                if i:
                    self.missing.add(singular)
                return self._shown(tr.ngettext(singular, plural, n), i)
        if self.lang != SOURCE_LANGUAGE:
            self.missing.add(singular)
        return self._shown(singular if n == 1 else plural, None)

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


def translations_for(
    translations_dir: Path, lang: str, fallbacks: tuple[str, ...], marks: Marks | None = None
) -> RecordingTranslations:
    """``lang``'s translations, following ``fallbacks`` (its fallback chain without itself); with
    ``marks``, texts shown in another language are ``Shown`` strings."""
    codes = catalog_chain(lang, fallbacks)
    chain = [load_translations(translations_dir, code) for code in codes]
    return RecordingTranslations(lang=lang, chain=chain, codes=codes, marks=marks)
