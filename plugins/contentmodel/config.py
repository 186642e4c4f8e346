"""Typed, validated site settings: the one place that reads the settings dict.

``SiteConfig.from_settings`` takes the plain settings mapping (Pelican's, or
any dict with the same keys) and returns frozen dataclasses; anything wrong
raises ``ConfigError`` with a message naming the setting and the fix.
"""

from __future__ import annotations

import functools

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from .safety import control_characters

TIMEZONE = "Europe/Riga"
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


class ConfigError(Exception):
    """A setting in pelicanconf.py / publishconf.py is wrong."""


@dataclass(frozen=True)
class Language:
    """One site language. The list of these is the single source of truth."""

    code: str                 # "lv", "en", "ltg": file suffix and hreflang
    name: str                 # its own name, for the language switcher ("Latviešu")
    locale: str               # Babel locale for names and numbers ("lv", "en_GB", "ltg")
    site_name: str
    organisation: str
    description: str = ""
    fallback: str = ""        # language whose text fills gaps (ltg -> lv)

    @property
    def hreflang(self) -> str:
        return self.code


@dataclass(frozen=True)
class SiteConfig:
    languages: tuple[Language, ...]
    default_lang: str
    site_url: str                       # "" for development, absolute in production
    feed_url: str                       # absolute base for feeds and calendars (never empty)
    id_domain: str                      # stable identity for feed ids and iCalendar UIDs
    build_date: dt.date                 # "today" for upcoming/status; pinned in tests
    timezone: str = TIMEZONE
    content_license: str = "CC BY 4.0"
    license_url: str = "https://creativecommons.org/licenses/by/4.0/"
    contact_email: str = ""
    contact_phone: str = ""
    logo: str = ""
    colours: Mapping[str, str] = field(default_factory=dict)
    articles_per_page: int = 10
    feed_max_items: int = 50
    production: bool = False
    search_index: bool = True
    incremental: bool = True            # warm builds reuse the cache and the last build's record

    @functools.cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    @property
    def default(self) -> Language:
        return self.language(self.default_lang)

    def fallback_chain(self, code: str) -> tuple[str, ...]:
        """``code`` first, then its fallback, then the default language."""
        chain = [code]
        fb = self.language(code).fallback
        if fb and fb not in chain:
            chain.append(fb)
        if self.default_lang not in chain:
            chain.append(self.default_lang)
        return tuple(chain)

    @classmethod
    def from_settings(cls, s: Mapping[str, Any], *, build_date: dt.date | None = None) -> "SiteConfig":
        raw_langs = s.get("SITE_LANGUAGES")
        if not raw_langs:
            raise ConfigError("SITE_LANGUAGES is missing: list the site's languages in pelicanconf.py")
        default_lang = s.get("DEFAULT_LANG", raw_langs[0].get("code"))
        languages = []
        for i, item in enumerate(raw_langs):
            code = item.get("code", "")
            if not _LANG_CODE.match(code or ""):
                raise ConfigError(f"SITE_LANGUAGES[{i}].code {code!r} is not a language code like 'lv' or 'ltg'")
            for key in ("name", "locale", "site_name", "organisation"):
                if not item.get(key):
                    raise ConfigError(f"SITE_LANGUAGES[{i}] ({code}) has no {key!r}")
            _check_names(item, i, code)
            languages.append(Language(
                code=code, name=item["name"], locale=item["locale"],
                site_name=item["site_name"], organisation=item["organisation"],
                description=item.get("description", ""), fallback=item.get("fallback", ""),
            ))
        codes = [lang.code for lang in languages]
        if len(set(codes)) != len(codes):
            raise ConfigError(f"SITE_LANGUAGES lists a language twice: {codes}")
        if default_lang not in codes:
            raise ConfigError(f"DEFAULT_LANG {default_lang!r} is not in SITE_LANGUAGES {codes}")
        for lang in languages:
            if lang.fallback and lang.fallback not in codes:
                raise ConfigError(f"language {lang.code!r} falls back to {lang.fallback!r}, which is not configured")

        site_url = str(s.get("SITEURL", "") or "").rstrip("/")
        feed_url = str(s.get("FEED_DOMAIN") or site_url or "http://localhost:8000").rstrip("/")
        id_domain = s.get("SITE_ID_DOMAIN")
        if not id_domain:
            raise ConfigError("SITE_ID_DOMAIN is missing: set the site's permanent domain (e.g. 'lpr.gov.lv'); "
                              "feed ids and calendar UIDs are built from it and must never change")
        if build_date is None:
            build_date = parse_build_date(s.get("BUILD_DATE"))
        per_page = int(s.get("ARTICLES_PER_PAGE", s.get("DEFAULT_PAGINATION") or 10))
        if per_page < 1:
            raise ConfigError("ARTICLES_PER_PAGE must be at least 1")
        return cls(
            languages=tuple(languages), default_lang=default_lang, site_url=site_url,
            feed_url=feed_url, id_domain=str(id_domain), build_date=build_date,
            content_license=s.get("CONTENT_LICENSE", "CC BY 4.0"),
            license_url=s.get("CONTENT_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
            contact_email=s.get("CONTACT_EMAIL", ""), contact_phone=s.get("CONTACT_PHONE", ""),
            logo=s.get("SITE_LOGO", ""), colours=dict(s.get("THEME_COLOURS", {})),
            articles_per_page=per_page, feed_max_items=int(s.get("FEED_MAX_ITEMS") or 50),
            production=bool(s.get("PRODUCTION", False)),
            search_index=bool(s.get("SEARCH_INDEX", True)),
            incremental=bool(s.get("INCREMENTAL_BUILDS", True)),
        )


def _check_names(item: Mapping[str, Any], index: int, code: str) -> None:
    """The names of one SITE_LANGUAGES entry are text without control characters.

    They go into page titles, feeds, calendars and open data; a line break
    or a bidirectional override there would break those files or mislead
    their readers. The description may have line breaks, nothing else.
    """
    for key in ("name", "locale", "site_name", "organisation", "description"):
        value = item.get(key, "")
        if not isinstance(value, str):
            raise ConfigError(f"SITE_LANGUAGES[{index}] ({code}) {key!r} must be text in quotes, not {value!r}")
        found = control_characters(value.replace("\n", "") if key == "description" else value)
        if found:
            raise ConfigError(f"SITE_LANGUAGES[{index}] ({code}) {key!r} contains {', '.join(found)}, "
                              "which is not allowed in this setting: remove it from pelicanconf.py "
                              "(write the text on one line, without escapes such as \\r, \\n or \\u2028)")


def parse_build_date(value: Any) -> dt.date:
    """The build's "today": a pinned ``YYYY-MM-DD`` or, when unset, today in Riga."""
    if value in (None, ""):
        return dt.datetime.now(ZoneInfo(TIMEZONE)).date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"BUILD_DATE {value!r} is not a date; use YYYY-MM-DD") from None
