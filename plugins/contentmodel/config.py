"""Typed, validated site settings: the one place that reads the settings dict.

``SiteConfig.from_settings`` takes the plain settings mapping (Pelican's, or
any dict with the same keys) and returns frozen dataclasses; anything wrong
raises ``ConfigError`` with a message naming the setting and the fix.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from lvlang.language import (
    DATE_GRAMMARS,
    GRAMMATICAL_FORMS,
    Language,
    babel_known,
    defaults_for,
    own_path_words,
    resolve_path_words,
    text_direction,
)

from .safety import control_character_problem, is_safe_segment

# The planning regions of Latvia (Reģionālās attīstības likums), as data/municipalities.yaml writes them.
PLANNING_REGIONS = ("latgale", "vidzeme", "kurzeme", "zemgale", "riga")

__all__ = ["TIMEZONE", "ConfigError", "Language", "SiteConfig", "parse_build_date"]

TIMEZONE = "Europe/Riga"  # when the settings name none
_LANG_CODE = re.compile(r"^[a-z]{2,3}$")


class ConfigError(Exception):
    """A setting in pelicanconf.py / publishconf.py is wrong."""


CMS_BACKENDS = ("github", "gitlab", "gitea", "git-gateway")
_REPO = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+")
_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")


@dataclass(frozen=True)
class CmsSettings:
    """The web editor (/admin/): ``CMS_ADMIN`` (whether the site has one), ``CMS_PROGRAM`` (the folder of
    Decap CMS's files, from npm), ``CMS_BACKEND`` (where the published editor saves) and
    ``CMS_LOCAL_PORT`` (decap-server's port for editing on this computer)."""

    enabled: bool = True
    program: str = ""
    backend: str = "github"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    auth_endpoint: str = ""
    local_port: int = 8081

    @classmethod
    def from_settings(cls, s: Mapping[str, Any]) -> CmsSettings:
        raw = s.get("CMS_BACKEND") or {}
        if not isinstance(raw, Mapping):
            raise ConfigError(
                "CMS_BACKEND must be a dict such as {'name': 'github', 'repo': 'owner/site', 'branch': 'main'}"
            )
        unknown = sorted(set(raw) - {"name", "repo", "branch", "base_url", "auth_endpoint"})
        if unknown:
            raise ConfigError(
                f"CMS_BACKEND has the unknown key(s) {', '.join(unknown)}: it knows name, repo, "
                "branch, base_url and auth_endpoint"
            )
        name = str(raw.get("name") or "github")
        if name not in CMS_BACKENDS:
            raise ConfigError(f"CMS_BACKEND name {name!r} is not one of {', '.join(CMS_BACKENDS)}")
        repo = str(raw.get("repo") or "")
        if repo and not _REPO.fullmatch(repo):
            raise ConfigError(f"CMS_BACKEND repo {repo!r} is not a repository like 'latgale/site'")
        branch = str(raw.get("branch") or "main")
        if not _BRANCH.fullmatch(branch):
            raise ConfigError(f"CMS_BACKEND branch {branch!r} is not a branch name like 'main'")
        base_url = str(raw.get("base_url") or "").rstrip("/")
        if base_url and not base_url.startswith("https://"):
            raise ConfigError(
                f"CMS_BACKEND base_url {base_url!r} must be an https:// address (the authentication service)"
            )
        auth_endpoint = str(raw.get("auth_endpoint") or "")
        if auth_endpoint and not _BRANCH.fullmatch(auth_endpoint):
            raise ConfigError(f"CMS_BACKEND auth_endpoint {auth_endpoint!r} must be a path like 'auth'")
        port = s.get("CMS_LOCAL_PORT", 8081)
        if isinstance(port, bool) or not isinstance(port, int) or not 1024 <= port <= 65535:
            raise ConfigError(f"CMS_LOCAL_PORT {port!r} must be a port number from 1024 to 65535")
        return cls(
            enabled=bool(s.get("CMS_ADMIN", True)),
            program=str(s.get("CMS_PROGRAM") or ""),
            backend=name,
            repo=repo,
            branch=branch,
            base_url=base_url,
            auth_endpoint=auth_endpoint,
            local_port=port,
        )


@dataclass(frozen=True)
class SiteConfig:
    languages: tuple[Language, ...]
    default_lang: str
    site_url: str  # "" for development, absolute in production
    feed_url: str  # absolute base for feeds and calendars (never empty)
    id_domain: str  # stable identity for feed ids and iCalendar UIDs
    build_date: dt.date  # "today" for upcoming/status; pinned in tests
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
    search_bundle_pages: int = 600  # SEARCH_BUNDLE_PAGES: about how many pages one bundle of the index holds
    incremental: bool = True  # warm builds reuse the cache and the last build's record
    cms: CmsSettings = field(default_factory=CmsSettings)
    regions: tuple[str, ...] = ("latgale",)  # planning regions whose municipalities the site lists
    accessibility_page: str = ""  # the stem of the accessibility statement's pages; "" for none
    cache_path: str = "cache"  # CACHE_PATH: the document and picture caches and the build records
    static_paths: tuple[str, ...] = ()  # STATIC_PATHS: the content folders published as they are
    copied_folders: tuple[str, ...] = ("theme",)  # the first folders of the other files copied: the theme's
    # (THEME_STATIC_DIR) and the extra files' (EXTRA_PATH_METADATA)

    @functools.cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    def language_name(self, code: str) -> str:
        """A language's own name: the site's for its languages, else CLDR's (a fallback language such as
        English on a site without it), else the code."""
        if code in self.codes:
            return self.language(code).name
        from babel import Locale

        try:
            return Locale.parse(code).get_display_name(code) or code
        except (ValueError, LookupError):
            return code

    @property
    def default(self) -> Language:
        return self.language(self.default_lang)

    def fallback_chain(self, code: str) -> tuple[str, ...]:
        """``code`` first, then its fallbacks, then the default language."""
        return self.language(code).chain

    @functools.cached_property
    def zone(self) -> ZoneInfo:
        """The site's time zone (the ``TIMEZONE`` setting)."""
        return ZoneInfo(self.timezone)

    @classmethod
    def from_settings(cls, s: Mapping[str, Any], *, build_date: dt.date | None = None) -> SiteConfig:
        raw_langs = s.get("SITE_LANGUAGES")
        if not raw_langs:
            raise ConfigError("SITE_LANGUAGES is missing: list the site's languages in pelicanconf.py")
        default_lang = s.get("DEFAULT_LANG", raw_langs[0].get("code"))
        items = []
        for i, item in enumerate(raw_langs):
            code = item.get("code", "")
            if not _LANG_CODE.match(code or ""):
                raise ConfigError(f"SITE_LANGUAGES[{i}].code {code!r} is not a language code like 'lv' or 'ltg'")
            for key in ("name", "locale", "site_name", "organisation"):
                if not item.get(key):
                    raise ConfigError(f"SITE_LANGUAGES[{i}] ({code}) has no {key!r}")
            _check_names(item, i, code)
            items.append((i, code, item))
        codes = [code for _i, code, _item in items]
        if len(set(codes)) != len(codes):
            raise ConfigError(f"SITE_LANGUAGES lists a language twice: {codes}")
        if default_lang not in codes:
            raise ConfigError(f"DEFAULT_LANG {default_lang!r} is not in SITE_LANGUAGES {codes}")
        fallbacks = {code: item.get("fallback", "") or "" for _i, code, item in items}
        for code, fb in fallbacks.items():
            if fb and fb not in codes:
                raise ConfigError(f"language {code!r} falls back to {fb!r}, which is not configured")
        own_words = {code: own_path_words(code, item) for _i, code, item in items}
        languages = [
            _language(i, code, item, default_lang, _chain(code, fallbacks, default_lang), own_words)
            for i, code, item in items
        ]
        site_url = str(s.get("SITEURL", "") or "").rstrip("/")
        feed_url = str(s.get("FEED_DOMAIN") or site_url or "http://localhost:8000").rstrip("/")
        id_domain = s.get("SITE_ID_DOMAIN")
        if not id_domain:
            raise ConfigError(
                "SITE_ID_DOMAIN is missing: set the site's permanent domain (e.g. 'lpr.gov.lv'); "
                "feed ids and calendar UIDs are built from it and must never change"
            )
        if build_date is None:
            build_date = parse_build_date(s.get("BUILD_DATE"), str(s.get("TIMEZONE") or TIMEZONE))
        per_page = int(s.get("ARTICLES_PER_PAGE", s.get("DEFAULT_PAGINATION") or 10))
        if per_page < 1:
            raise ConfigError("ARTICLES_PER_PAGE must be at least 1")
        bundle_pages = int(s.get("SEARCH_BUNDLE_PAGES", 600))
        if bundle_pages < 1:
            raise ConfigError("SEARCH_BUNDLE_PAGES must be at least 1")
        timezone = str(s.get("TIMEZONE") or TIMEZONE)
        try:
            ZoneInfo(timezone)
        except (ValueError, KeyError, OSError):
            raise ConfigError(f"TIMEZONE {timezone!r} is not a time zone; write one like 'Europe/Riga'") from None
        return cls(
            regions=_regions(s.get("SITE_REGIONS", ["latgale"])),
            languages=tuple(languages),
            default_lang=default_lang,
            site_url=site_url,
            timezone=timezone,
            feed_url=feed_url,
            id_domain=str(id_domain),
            build_date=build_date,
            content_license=s.get("CONTENT_LICENSE", "CC BY 4.0"),
            license_url=s.get("CONTENT_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
            contact_email=s.get("CONTACT_EMAIL", ""),
            contact_phone=s.get("CONTACT_PHONE", ""),
            logo=s.get("SITE_LOGO", ""),
            colours=dict(s.get("THEME_COLOURS", {})),
            articles_per_page=per_page,
            feed_max_items=int(s.get("FEED_MAX_ITEMS") or 50),
            production=bool(s.get("PRODUCTION", False)),
            search_index=bool(s.get("SEARCH_INDEX", True)),
            search_bundle_pages=bundle_pages,
            incremental=bool(s.get("INCREMENTAL_BUILDS", True)),
            cms=CmsSettings.from_settings(s),
            accessibility_page=_accessibility_page(s.get("ACCESSIBILITY_PAGE", "")),
            cache_path=str(s.get("CACHE_PATH") or "cache"),
            static_paths=tuple(str(folder) for folder in s.get("STATIC_PATHS", ())),
            copied_folders=_copied_folders(s),
        )


def _copied_folders(s: Mapping[str, Any]) -> tuple[str, ...]:
    """The first folders of the files Pelican copies besides the static paths: the theme's
    (THEME_STATIC_DIR) and those the extra files are saved under (EXTRA_PATH_METADATA's save_as)."""
    folders = [str(s.get("THEME_STATIC_DIR") or "theme")]
    for meta in (s.get("EXTRA_PATH_METADATA") or {}).values():
        if isinstance(meta, Mapping) and meta.get("save_as"):
            folders.append(str(meta["save_as"]).split(".", 1)[0])
    return tuple(folders)


def _accessibility_page(value: Any) -> str:
    """ACCESSIBILITY_PAGE: the stem of the statement's files (``pieklustamiba`` for
    ``content/pages/pieklustamiba.<lang>.md``), which every language's footer links."""
    if value is None or value == "":
        return ""
    if not is_safe_segment(value):
        raise ConfigError(
            f"ACCESSIBILITY_PAGE {value!r} must be the stem of a page's files, such as "
            "'pieklustamiba' for content/pages/pieklustamiba.lv.md"
        )
    return str(value)


def _regions(value: Any) -> tuple[str, ...]:
    """SITE_REGIONS: a non-empty list of planning regions."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value:
        raise ConfigError(f'SITE_REGIONS must list the site\'s planning regions, e.g. ["latgale"]; it is {value!r}')
    for item in value:
        if item not in PLANNING_REGIONS:
            raise ConfigError(
                f"SITE_REGIONS: {item!r} is not a planning region; write one or more of {', '.join(PLANNING_REGIONS)}"
            )
    return tuple(dict.fromkeys(value))


def _chain(code: str, fallbacks: Mapping[str, str], default_lang: str) -> tuple[str, ...]:
    """``code``, the languages it falls back to in turn, then the default language."""
    chain = [code]
    while fallbacks.get(chain[-1]) and fallbacks[chain[-1]] not in chain:
        chain.append(fallbacks[chain[-1]])
    if default_lang not in chain:
        chain.append(default_lang)
    return tuple(chain)


def _language(
    index: int,
    code: str,
    item: Mapping[str, Any],
    default_lang: str,
    chain: tuple[str, ...],
    own_words: Mapping[str, Mapping[str, str]],
) -> Language:
    """One ``Language`` record: the entry's settings over the defaults for its code and locale."""
    locale = item["locale"]
    derived = defaults_for(code, locale)
    for key in ("date_grammar", "data_locale", "collation"):
        value = item.get(key) or derived[key]
        if not isinstance(value, str):
            raise ConfigError(f"SITE_LANGUAGES[{index}] ({code}) {key!r} must be text in quotes, not {value!r}")
        derived[key] = value
    if derived["date_grammar"] not in DATE_GRAMMARS:
        raise ConfigError(
            f"SITE_LANGUAGES[{index}] ({code}) date_grammar {derived['date_grammar']!r} is not one of "
            f"{', '.join(DATE_GRAMMARS)}"
        )
    if derived["date_grammar"] == "babel" and not babel_known(locale):
        raise ConfigError(
            f"SITE_LANGUAGES[{index}] ({code}) locale {locale!r} is not known to Babel: "
            "write a locale such as 'lt' or 'en_GB'"
        )
    if not babel_known(derived["data_locale"]):
        raise ConfigError(
            f"SITE_LANGUAGES[{index}] ({code}) has no Babel locale for numbers: "
            "set 'data_locale' to a locale Babel knows (e.g. 'lv')"
        )
    words = item.get("path_words") or {}
    if not isinstance(words, Mapping) or not all(isinstance(v, str) and is_safe_segment(v) for v in words.values()):
        raise ConfigError(
            f"SITE_LANGUAGES[{index}] ({code}) path_words must map names to plain URL words "
            "(lowercase letters, digits and hyphens), e.g. {'events': 'renginiai'}"
        )
    return Language(
        code=code,
        name=item["name"],
        locale=locale,
        site_name=item["site_name"],
        organisation=item["organisation"],
        description=item.get("description", ""),
        fallback=item.get("fallback", "") or "",
        chain=chain,
        path_words=MappingProxyType(resolve_path_words(chain, own_words)),
        date_grammar=derived["date_grammar"],
        data_locale=derived["data_locale"],
        collation=derived["collation"],
        direction=text_direction(locale),
        quotes=_quotes(item, index, code),
        organisation_forms=MappingProxyType(_forms(item, index, code)),
    )


def _quotes(item: Mapping[str, Any], index: int, code: str) -> tuple[str, ...]:
    """The entry's ``quotes`` (two marks, e.g. ["„", "”"]), or () for the language's own."""
    quotes = item.get("quotes")
    if quotes is None:
        return ()
    if not (isinstance(quotes, (list, tuple)) and len(quotes) == 2 and all(isinstance(q, str) and q for q in quotes)):
        raise ConfigError(f"SITE_LANGUAGES[{index}] ({code}) 'quotes' must be two quotation marks, e.g. ['„', '”']")
    return tuple(quotes)


def _forms(item: Mapping[str, Any], index: int, code: str) -> dict[str, str]:
    """The organisation's name in the grammatical forms notices need (``organisation_forms``)."""
    forms = item.get("organisation_forms") or {}
    if not isinstance(forms, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in forms.items()
    ):
        raise ConfigError(
            f"SITE_LANGUAGES[{index}] ({code}) 'organisation_forms' must map forms to names, "
            "e.g. {'genitive': 'Latgales plānošanas reģiona'}"
        )
    unknown = sorted(set(forms) - set(GRAMMATICAL_FORMS))
    if unknown:
        raise ConfigError(
            f"SITE_LANGUAGES[{index}] ({code}) 'organisation_forms' has the unknown form(s) "
            f"{', '.join(unknown)}: use {', '.join(GRAMMATICAL_FORMS)}"
        )
    for value in forms.values():
        problem = control_character_problem(value)
        if problem:
            raise ConfigError(f"SITE_LANGUAGES[{index}] ({code}) 'organisation_forms' {problem}")
    return {k: v.strip() for k, v in forms.items()}


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
        problem = control_character_problem(value, newlines=key == "description")
        if problem:
            raise ConfigError(
                f"SITE_LANGUAGES[{index}] ({code}) {key!r} {problem}: remove it from pelicanconf.py "
                "(write the text without escapes such as \\r, \\n or \\u2028)"
            )


def parse_build_date(value: Any, timezone: str = TIMEZONE) -> dt.date:
    """The build's "today": a pinned ``YYYY-MM-DD`` or, when unset, today in the site's time zone."""
    if value in (None, ""):
        try:
            return dt.datetime.now(ZoneInfo(timezone)).date()
        except (ValueError, KeyError, OSError):
            raise ConfigError(f"TIMEZONE {timezone!r} is not a time zone; write one like 'Europe/Riga'") from None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"BUILD_DATE {value!r} is not a date; use YYYY-MM-DD") from None
