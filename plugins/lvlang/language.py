"""One site language as data: everything language-dependent is looked up here.

A ``Language`` record is built from one ``SITE_LANGUAGES`` entry of the
settings (see ``contentmodel.config``) and passed down to every function that
writes words: dates, numbers, plurals, sorting, path words, fallback texts.
Babel and ICU supply the forms for any locale they know; the project's own
tables cover only what CLDR lacks (Latvian month cases in running text,
Latgalian), and they are keyed by language code here, as defaults a setting
may override.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import icu
from babel.core import get_global

from .ordinals import writes_ordinal_full_stop

# URL words per language (the site's folder names). A language without its own
# words uses its fallback chain's, then the default language's, then these English ones.
_EN_WORDS = {
    "archive": "archive",
    "tags": "tags",
    "projects": "projects",
    "programme": "programme",
    "municipalities": "municipalities",
    "events": "events",
    "past": "past",
    "calendar": "calendar",
    "search": "search",
    "feeds": "feeds",
    "data": "data",
}
PATH_WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "lv": MappingProxyType(
            {
                "archive": "arhivs",
                "tags": "birkas",
                "projects": "projekti",
                "programme": "programma",
                "municipalities": "pasvaldibas",
                "events": "pasakumi",
                "past": "notikusie",
                "calendar": "kalendars",
                "search": "meklet",
                "feeds": "feeds",
                "data": "dati",
            }
        ),
        "en": MappingProxyType(_EN_WORDS),
    }
)
PATH_WORD_NAMES = tuple(_EN_WORDS)

# Date grammars: "babel" (CLDR patterns, any locale Babel knows) or one of the
# project's own for running text CLDR cannot write (Latvian locative months).
DATE_GRAMMARS = ("babel", "latvian", "latgalian")
_DEFAULT_GRAMMAR: Mapping[str, str] = MappingProxyType({"lv": "latvian", "ltg": "latgalian"})
# Where CLDR/ICU lack a language's numbers, plural rules, lists or collation: the locale used instead.
_DATA_LOCALE: Mapping[str, str] = MappingProxyType({"ltg": "lv"})


@dataclass(frozen=True)
class Language:
    """One site language. The list of these (in ``SiteConfig``) is the single source of truth."""

    code: str  # "lv", "en", "ltg": file suffix and hreflang
    name: str  # its own name, for the language switcher ("Latviešu")
    locale: str  # Babel locale for dates and names ("lv", "en_GB", "ltg")
    site_name: str = ""
    organisation: str = ""
    description: str = ""
    fallback: str = ""  # language whose text fills gaps (ltg -> lv)
    chain: tuple[str, ...] = ()  # itself, its fallbacks, the default language
    path_words: Mapping[str, str] = field(default_factory=dict)
    date_grammar: str = "babel"
    data_locale: str = ""  # Babel locale for money, percentages, plurals and lists
    collation: str = ""  # ICU locale for alphabetical order
    direction: str = "ltr"  # "ltr" or "rtl", from Babel
    ordinal_full_stop: bool | None = None  # "8. jūnijā": ordinals end with a full stop (lvlang.ordinals)
    quotes: tuple[str, ...] = ()  # opening and closing quotation marks (default: quotation_marks)
    organisation_forms: Mapping[str, str] = field(default_factory=dict)  # "genitive": "Latgales plānošanas reģiona"

    def __post_init__(self):
        if not self.chain:
            object.__setattr__(self, "chain", (self.code,))
        if not self.data_locale:
            object.__setattr__(self, "data_locale", self.locale)
        if not self.collation:
            object.__setattr__(self, "collation", self.data_locale)
        if not self.quotes:
            object.__setattr__(self, "quotes", quotation_marks(self.code, self.locale))
        if self.ordinal_full_stop is None:
            object.__setattr__(
                self, "ordinal_full_stop", writes_ordinal_full_stop(self.code) or writes_ordinal_full_stop(self.locale)
            )

    @property
    def og_locale(self) -> str:
        """The locale as Open Graph writes it, language and territory: "lv_LV", "en_GB", "ltg_LV"."""
        return territory_locale(self.locale)

    @property
    def hreflang(self) -> str:
        return self.code

    def word(self, name: str) -> str:
        """The URL word ``name`` ("events") in this language."""
        return self.path_words.get(name) or _EN_WORDS[name]


# The grammatical forms a notice template may ask a name for, besides the nominative
# ({beneficiary:genitive}); a beneficiary provides them per language.
GRAMMATICAL_FORMS = ("genitive",)

# Quotation marks where the language's own norm differs from CLDR's: the State Language Centre's
# rules write Latvian (and Latgalian) quotations „so”, while CLDR gives “so”.
_QUOTES: Mapping[str, tuple[str, str]] = MappingProxyType({"lv": ("\u201e", "\u201d"), "ltg": ("\u201e", "\u201d")})


def quotation_marks(code: str, locale: str) -> tuple[str, str]:
    """The opening and closing quotation marks of a language: our table where it differs from
    CLDR, else ICU's (CLDR) for the locale, else the English ones."""
    if code in _QUOTES:
        return _QUOTES[code]
    try:
        data = icu.LocaleData(locale)
        start = data.getDelimiter(icu.ULocaleDataDelimiterType.QUOTATION_START)
        end = data.getDelimiter(icu.ULocaleDataDelimiterType.QUOTATION_END)
    except Exception:  # noqa: BLE001 - ICU refuses a locale it does not know: the English marks
        return ("\u201c", "\u201d")
    return (start, end) if start and end else ("\u201c", "\u201d")


def territory_locale(locale: str) -> str:
    """``locale`` with its territory ("lv" -> "lv_LV"): as written when it has one, else CLDR's likely
    territory for the language (through Babel), else the language alone."""
    parts = locale.replace("-", "_").split("_")
    if len(parts) > 1 and parts[-1].isupper() and len(parts[-1]) == 2:
        return f"{parts[0]}_{parts[-1]}"
    likely = get_global("likely_subtags").get(parts[0], "")
    territory = likely.split("_")[-1] if likely else ""
    return f"{parts[0]}_{territory}" if territory.isupper() and len(territory) == 2 else parts[0]


def babel_known(locale: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(locale)
        return True
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def text_direction(locale: str) -> str:
    from babel import Locale

    return Locale.parse(locale).text_direction if babel_known(locale) else "ltr"


def own_path_words(code: str, item: Mapping[str, Any]) -> dict[str, str]:
    """The URL words a language has itself: the built-in ones, with ``path_words`` from the settings on top."""
    words = dict(PATH_WORDS.get(code, {}))
    words.update({str(k): str(v) for k, v in (item.get("path_words") or {}).items() if v})
    return words


def resolve_path_words(chain: tuple[str, ...], own: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Every URL word, each from the first language of ``chain`` that has it (English last)."""
    out = {}
    for name in PATH_WORD_NAMES:
        out[name] = next((own[c][name] for c in chain if own.get(c, {}).get(name)), _EN_WORDS[name])
    extra = {k: v for c in reversed(chain) for k, v in own.get(c, {}).items() if k not in out}
    return {**extra, **out}


def defaults_for(code: str, locale: str) -> dict[str, str]:
    """The date grammar, data locale and collation locale a language gets unless its settings say otherwise."""
    data_locale = _DATA_LOCALE.get(code, locale)
    return {"date_grammar": _DEFAULT_GRAMMAR.get(code, "babel"), "data_locale": data_locale, "collation": data_locale}


def pick(texts: Mapping[str, str], chain: Language | tuple[str, ...]) -> str:
    """The text for the first language of ``chain`` that has one ("*" is a text for every language)."""
    return picked(texts, chain)[0]


def picked(texts: Mapping[str, str], chain: Language | tuple[str, ...]) -> tuple[str, str]:
    """(text, the language it was found in: "" for none, "*" for a text for every language)."""
    codes = chain.chain if isinstance(chain, Language) else chain
    for code in codes:
        if texts.get(code):
            return texts[code], code
    if texts.get("*"):
        return texts["*"], "*"
    return "", ""


def fallback_gaps(texts: Mapping[str, str], lang: Language) -> str:
    """The language whose text ``lang`` shows for ``texts`` when it has none of its own, else ""."""
    _text, found = picked(texts, lang)
    return found if found not in ("", "*", lang.code) else ""
