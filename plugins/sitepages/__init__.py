"""The site's page families: the pages layer above the build (``multisite``).

One module per family of the core pages: ``home``, ``articles`` (articles and
static pages), ``listings`` (archive, tags), ``projects``, ``municipalities``,
``errors`` (404) and ``today`` (the header's "today" data), with ``views``,
what every family shows of an article. The events', feeds', search's, open
data's and web editor's families are in ``events.site_pages``,
``discovery.site_pages`` and ``cms.site_pages``.

``families`` holds the one list of them all, in the order their outputs are
planned, and hands it to the build: it is the Pelican plugin
(``PLUGINS = ["multisite", "sitepages.families"]``).
"""
