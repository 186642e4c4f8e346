"""URL layout of the site, per language. One table, used by every generator.

Paths are site-relative, end in "/" for pages (written as .../index.html),
and never start with "/". The default language sits at the root, the others
under their code ("en/", "ltg/").
"""

from __future__ import annotations

# Path words per language; a language missing here uses the default ("lv") words.
SEGMENTS: dict[str, dict[str, str]] = {
    "archive": {"lv": "arhivs", "en": "archive"},
    "tags": {"lv": "birkas", "en": "tags"},
    "projects": {"lv": "projekti", "en": "projects"},
    "programme": {"lv": "programma", "en": "programme"},
    "municipalities": {"lv": "pasvaldibas", "en": "municipalities"},
    "events": {"lv": "pasakumi", "en": "events"},
    "past": {"lv": "notikusie", "en": "past"},
    "calendar": {"lv": "kalendars", "en": "calendar"},
    "search": {"lv": "meklet", "en": "search"},
    "feeds": {"lv": "feeds", "en": "feeds"},
    "data": {"lv": "dati", "en": "data"},
}


def segment(name: str, lang: str) -> str:
    words = SEGMENTS[name]
    return words.get(lang, words["lv"])


def paginated(base: str, page: int) -> str:
    """``base`` for page 1, ``base`` + "2/" for page 2, ..."""
    return base if page <= 1 else f"{base}{page}/"


def output_file(url_path: str) -> str:
    """The file written for a site path: directories get index.html."""
    if url_path == "" or url_path.endswith("/"):
        return url_path + "index.html"
    return url_path
