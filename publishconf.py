"""Settings for the published site: pelicanconf.py plus these."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403  (the settings are pelicanconf's plus these)

# The public address; a fork sets its own domain here (or in the SITEURL
# environment variable, as the GitHub workflow does).
SITEURL = os.environ.get("SITEURL", "https://lpr-latgale.github.io/latgale-news").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
PRODUCTION = True
