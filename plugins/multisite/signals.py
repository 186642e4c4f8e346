"""Signals the pages layer uses to give the multilingual build its pages."""

from blinker import signal

# Receivers get the SiteBuild and return its page families, in the order their
# outputs are planned: callables taking the prepared site (multisite.pages.Prepared)
# and yielding multisite.pages.Output. One receiver answers: ``sitepages.families``.
builders = signal("multisite-builders")

# Receivers get (prepared, writer=..., pages=..., timings=...) once every page is
# written, to add files that need the whole site (sitemaps: ``pages``, every page's
# PageSummary) or the written HTML; they may add to ``timings``. ``search_later``: the
# search index is left to the caller, who writes it after publishing (the live preview).
written = signal("multisite-written")
