"""Signals the pages layer uses to give the multilingual build its pages."""

from blinker import signal

# Receivers get the SiteBuild and return its page families, in the order their
# outputs are planned: callables taking the SiteBuild and yielding
# multisite.pages.Output. One receiver answers: ``sitepages.families``.
builders = signal("multisite-builders")

# Receivers get (build, writer=...) once every page is written, to add files
# that need the whole site (sitemaps) or the written HTML (the search index).
written = signal("multisite-written")
