"""Site settings. A municipality that forks this repository changes this file.

Everything the site says about itself (name, organisation, languages,
address, colours, logo) is set here, in one place. Development settings; the
published build adds publishconf.py on top.
"""

import os
import sys

# Our plugins import each other as packages: make plugins/ importable for any entry point.
_PLUGINS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")
if _PLUGINS_DIR not in sys.path:
    sys.path.insert(0, _PLUGINS_DIR)

# --- Who we are ------------------------------------------------------------
SITE_ID_DOMAIN = "lpr.gov.lv"  # permanent: feed ids and calendar UIDs are built from it; never change it
AUTHOR = "Latgales plānošanas reģions"
SITENAME = "Latgales reģiona ziņas"
# The planning regions whose municipalities the site lists (latgale, vidzeme, kurzeme, zemgale, riga);
# content may still name any municipality in content/data/municipalities.yaml.
SITE_REGIONS = ["latgale"]
CONTACT_EMAIL = "info@lpr.gov.lv"
CONTACT_PHONE = "+371 65428111"
SITE_LOGO = "theme/img/logo.svg"  # relative to the output root
THEME_COLOURS = {  # checked for WCAG AA contrast by the test suite
    "brand": "#7a1f2b",  # Latgale dark red
    "brand_text": "#ffffff",
    "accent": "#0b5d5b",
}
# The stem of the accessibility statement's files (content/pages/pieklustamiba.<lang>.md):
# every language's footer links it, the default language's where a language has none.
ACCESSIBILITY_PAGE = "pieklustamiba"
CONTENT_LICENSE = "CC BY 4.0"
CONTENT_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

# --- Languages: the single source of truth -----------------------------------
# The first is the default, published at the site root; the others under /<code>/.
# "organisation_forms": the organisation's name in the grammatical forms funding notices ask
# for ({beneficiary:genitive} in data/programmes.yaml); "quotes" overrides the quotation marks.
DEFAULT_LANG = "lv"
SITE_LANGUAGES = [
    {
        "code": "lv",
        "name": "Latviešu",
        "locale": "lv",
        "site_name": "Latgales reģiona ziņas",
        "organisation": "Latgales plānošanas reģions",
        "organisation_forms": {"genitive": "Latgales plānošanas reģiona"},
        "description": "Latgales pašvaldību un projektu jaunumi, pasākumi un kalendārs.",
    },
    {
        "code": "en",
        "name": "English",
        "locale": "en_GB",
        "site_name": "Latgale Region News",
        "organisation": "Latgale Planning Region",
        "description": "News, events and EU-funded projects of Latgale's municipalities.",
    },
    {
        "code": "ltg",
        "name": "Latgalīšu",
        "locale": "ltg",
        "fallback": "lv",
        "site_name": "Latgolys regiona ziņas",
        "organisation": "Latgolys plānuošonys regions",
        "organisation_forms": {"genitive": "Latgolys plānuošonys regiona"},
        "description": "Latgolys pošvaļdeibu i projektu jaunumi.",
    },
]

# --- Build -------------------------------------------------------------------
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Riga"
SITEURL = ""
RELATIVE_URLS = False
# "Today" for upcoming events and project status; empty means today in Riga.
BUILD_DATE = os.environ.get("SITE_BUILD_DATE", "")
ARTICLES_PER_PAGE = 10
FEED_MAX_ITEMS = 50
PRODUCTION = False

# The web editor at /admin/ (Decap CMS, configured from the content schema by
# every build). Its program comes from npm (`npm ci`, which bootstrap.py runs).
# CMS_BACKEND is where the published editor saves: see the README's "Editing in
# the browser"; `invoke cms` edits this computer's copy without any account.
CMS_ADMIN = True
CMS_PROGRAM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", "decap-cms", "dist")
CMS_BACKEND = {"name": "github", "repo": os.environ.get("CMS_REPO", ""), "branch": "main"}
CMS_LOCAL_PORT = int(os.environ.get("CMS_LOCAL_PORT") or 8081)  # `invoke cms --cms-port` sets it

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["multisite", "sitepages.families"]  # the build, and the one list of its page families

# Pelican reads nothing itself: the multisite plugin reads, validates and
# writes every language in one pass, and stages, locks and publishes every
# run (`pelican content` as much as `invoke build`). Pelican copies pictures
# and attachments and the theme's static files, and runs the plugins.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = ["images", "files", "extra"]
EXTRA_PATH_METADATA = {}
# A picture or attachment that has not changed since the last build is not
# copied again: the build folder keeps a hard link to the published copy. Not
# STATIC_CREATE_LINKS: a published file must never be the content file itself,
# or saving a picture in content/ would change the live site before any build.
STATIC_CHECK_IF_MODIFIED = True
STATIC_CREATE_LINKS = False
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None
DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
PORT = 8000
BIND = "127.0.0.1"
