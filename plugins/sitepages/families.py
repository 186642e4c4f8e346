"""The one list of the site's page families, and the Pelican plugin that hands it to the build.

The build (``multisite``) knows no page type: it plans, renders and writes
what these families return, in this order (the order of the sitemaps, too).
"""

from __future__ import annotations

from cms import site_pages as editor
from discovery import site_pages as discovery
from events import site_pages as events
from multisite import signals
from multisite.pictures import picture_files

from . import articles, errors, home, listings, municipalities, projects, today

FAMILIES = (
    home.home,
    articles.articles,
    articles.static_pages,
    listings.archive,
    listings.tags,
    projects.projects,
    municipalities.municipalities,
    errors.not_found,
    today.today_data,
    picture_files,  # the articles' pictures in the sizes pages need
    events.calendars,
    events.event_lists,
    events.ics_feeds,
    discovery.feeds,
    discovery.search_pages,
    discovery.open_data,
    editor.admin,
)


def register():
    signals.builders.connect(_families)
    signals.written.connect(discovery.written)


def _families(build):
    return list(FAMILIES)
