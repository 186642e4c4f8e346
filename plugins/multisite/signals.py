"""Signals other plugins use to add pages to the multilingual build."""

from blinker import signal

# Receivers get the SiteBuild and return a builder (or a list of builders):
# callables taking the SiteBuild and yielding multisite.pages.Output.
builders = signal("multisite-builders")

# Receivers get (build, lang=...) and return a dict merged into the home page's context.
home_context = signal("multisite-home-context")

# Receivers get (build, writer=...) once every page is written, to add files
# that need the whole site (sitemaps) or the written HTML (the search index).
written = signal("multisite-written")
