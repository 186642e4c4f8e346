"""The setting names the site knows, and a check that reports any other.

A misspelt setting (``SITE_LANGUAGE`` for ``SITE_LANGUAGES``) is otherwise
silently ignored: Pelican keeps every upper-case name of the settings file. A
name is known when Pelican has a default for it (``DEFAULT_CONFIG``), when
Pelican reads it without a default (``PELICAN_WITHOUT_DEFAULT``), or when our
plugins read it (``OURS``). A plugin that reads a new setting adds it here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from contentmodel.diagnostics import nearest

# Read by our plugins (contentmodel.config.SiteConfig and the build).
OURS = frozenset(
    {
        "SITE_ID_DOMAIN",
        "SITE_LANGUAGES",
        "CONTACT_EMAIL",
        "CONTACT_PHONE",
        "SITE_LOGO",
        "THEME_COLOURS",
        "CONTENT_LICENSE",
        "CONTENT_LICENSE_URL",
        "BUILD_DATE",
        "ARTICLES_PER_PAGE",
        "PRODUCTION",
        "SEARCH_INDEX",
        "SEARCH_BUNDLE_PAGES",
        "INCREMENTAL_BUILDS",
        "SITE_REGIONS",
        "CMS_ADMIN",
        "CMS_PROGRAM",
        "CMS_BACKEND",
        "CMS_LOCAL_PORT",
        "ACCESSIBILITY_PAGE",
    }
)

# Pelican's documented settings that have no entry in its DEFAULT_CONFIG.
PELICAN_WITHOUT_DEFAULT = frozenset(
    {
        "AUTHOR",
        "TIMEZONE",
        "SITESUBTITLE",
        "FEED_DOMAIN",
        "DEBUG",
        "FEED_ATOM",
        "FEED_RSS",
        "FEED_ALL_RSS",
        "CATEGORY_FEED_RSS",
        "TAG_FEED_ATOM",
        "TAG_FEED_RSS",
        "TRANSLATION_FEED_RSS",
        "FEED_ATOM_URL",
        "FEED_RSS_URL",
        "FEED_ALL_ATOM_URL",
        "FEED_ALL_RSS_URL",
        "CATEGORY_FEED_ATOM_URL",
        "CATEGORY_FEED_RSS_URL",
        "AUTHOR_FEED_ATOM_URL",
        "AUTHOR_FEED_RSS_URL",
        "TAG_FEED_ATOM_URL",
        "TAG_FEED_RSS_URL",
        "TRANSLATION_FEED_ATOM_URL",
        "TRANSLATION_FEED_RSS_URL",
        "ARCHIVES_SAVE_AS",
        "ARCHIVES_URL",
        "AUTHORS_SAVE_AS",
        "AUTHORS_URL",
        "CATEGORIES_SAVE_AS",
        "CATEGORIES_URL",
        "TAGS_SAVE_AS",
        "TAGS_URL",
        "INDEX_URL",
        "LINKS",
        "SOCIAL",
        "MENUITEMS",
        "GITHUB_URL",
        "GOOGLE_ANALYTICS",
        "DISQUS_SITENAME",
        "TWITTER_USERNAME",
        "LINKS_WIDGET_NAME",
        "SOCIAL_WIDGET_NAME",
        "WRITE_SELECTED",
    }
)


def known_names() -> frozenset[str]:
    from pelican.settings import DEFAULT_CONFIG

    return frozenset(DEFAULT_CONFIG) | PELICAN_WITHOUT_DEFAULT | OURS


def unknown_settings(settings: Mapping[str, object], known: Iterable[str] | None = None) -> list[str]:
    """One sentence for each upper-case setting nobody reads, with the nearest known name.

    Names starting with an underscore are the settings file's own helpers, not settings."""
    known = frozenset(known if known is not None else known_names())
    lines = []
    for name in sorted(settings):
        if not isinstance(name, str) or not name.isupper() or name.startswith("_") or name in known:
            continue
        near = nearest(name, sorted(known), cutoff=0.75)
        hint = f" - did you mean {near}?" if near else ""
        lines.append(f"Warning: the setting {name} is not known to Pelican or to this site and is ignored{hint}")
    return lines
