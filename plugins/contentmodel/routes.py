"""URL layout of the site, per language: the one place that makes addresses.

``Routes`` is built once per build from the typed site config and answers,
for every kind of page and file, its site path. Paths are site-relative,
never start with "/", and end in "/" for pages (written as .../index.html).
The default language sits at the root, the others under their code ("en/",
"ltg/"). Pure: no Pelican, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from lvlang.language import PATH_WORDS, Language
from lvlang.slugs import slugify

if TYPE_CHECKING:
    from .config import SiteConfig

# The built-in path words, by name then language (each language's record holds its own full set).
SEGMENTS: dict[str, dict[str, str]] = {
    name: {code: words[name] for code, words in PATH_WORDS.items() if name in words} for name in PATH_WORDS["en"]
}


def segment(name: str, lang: Language) -> str:
    """The URL word ``name`` ("events") in the language ``lang`` (its record: words from the settings,
    else its fallback chain's, else the default language's)."""
    return lang.word(name)


def paginated(base: str, page: int) -> str:
    """``base`` for page 1, ``base`` + "2/" for page 2, ..."""
    return base if page <= 1 else f"{base}{page}/"


def output_file(url_path: str) -> str:
    """The file written for a site path: directories get index.html."""
    if url_path == "" or url_path.endswith("/"):
        return url_path + "index.html"
    return url_path


# Names at the top of the output (and of each language's folder) that the site itself uses:
# the search index, feeds, the theme, the copied static folders, the pictures' resized variants,
# the 404 page, the sitemaps, robots.txt and a future editing interface. No page may take one of them as its address.
RESERVED_NAMES = frozenset(
    {"pagefind", "feeds", "theme", "images", "files", "extra", "admin", "404", "sitemap", "robots", "img"}
)


def reserved_roots(
    codes: tuple[str, ...] | list[str],
    folders: tuple[str, ...] | list[str] = (),
    languages: tuple[Language, ...] = (),
) -> dict[str, str]:
    """First path segments no document may claim, each with what uses it.

    ``codes`` are the configured languages (their folders, and the per-language
    sitemaps); ``folders`` are extra output folders from the settings (the
    static paths and the theme's folder)."""
    reserved = {name: "the site's own files" for name in RESERVED_NAMES}
    for folder in folders:
        first = str(folder).strip("/").split("/", 1)[0]
        if first:
            reserved[first] = "files copied into the site"
    for words in [*SEGMENTS.values(), *(lang.path_words for lang in languages)]:
        for word in words.values():
            reserved[word] = "the site's generated pages"
    for code in codes:
        reserved[code] = "a language's pages"
        reserved[f"sitemap-{code}"] = "the site's own files"
    return reserved


FEED_KINDS = ("atom", "rss", "ics")
OPEN_DATA_KINDS = ("news", "events", "projects")
OPEN_DATA_FORMATS = ("json", "csv")
THEME_FOLDER = "theme"
# The resized variants of the pictures: a folder of their own, beside (not inside) the editors'
# images/, so that no file an editor saves can have a variant's name.
VARIANTS_FOLDER = "img"
ADMIN_FOLDER = "admin"


class Feeds(NamedTuple):
    """The Atom, RSS and iCalendar files of one named feed ("all", "project-lli-59", ...)."""

    name: str
    atom: str
    rss: str
    ics: str


@dataclass(frozen=True, eq=False)
class Routes:
    """Every address of one build. Construct with ``Routes.for_config(config)``."""

    codes: tuple[str, ...]
    default_lang: str
    site_url: str  # "" in development, absolute in production
    feed_url: str  # absolute base for feeds and calendars
    prefixes: Mapping[str, str]  # lang -> "" or "en/"
    words: Mapping[str, Mapping[str, str]]  # lang -> segment name -> path word
    _slugs: dict[str, str] = field(default_factory=dict, repr=False)  # tag name -> slug, per build

    @classmethod
    def for_config(cls, config: SiteConfig) -> Routes:
        """The routes of the site's typed config."""
        prefixes, words = {}, {}
        for language in config.languages:
            code = language.code
            prefixes[code] = "" if code == config.default_lang else f"{code}/"
            words[code] = MappingProxyType({name: language.word(name) for name in SEGMENTS})
        return cls(
            codes=tuple(config.codes),
            default_lang=config.default_lang,
            site_url=config.site_url,
            feed_url=config.feed_url,
            prefixes=MappingProxyType(prefixes),
            words=MappingProxyType(words),
        )

    # ------------------------------------------------------------------ links

    def href(self, path: str) -> str:
        """The link used inside pages: root-relative in development, absolute in production."""
        return f"{self.site_url}/{path}"

    def absolute(self, path: str) -> str:
        """An absolute URL for ``path``, for feeds, calendars, sitemaps and structured data."""
        return f"{self.feed_url}/{path}"

    @staticmethod
    def output_file(path: str) -> str:
        """The file written for a site path: pages get index.html."""
        return output_file(path)

    @staticmethod
    def paginated(base: str, page: int) -> str:
        return paginated(base, page)

    def alternates(self, path_for: Callable[..., str], *args: Any) -> dict[str, str]:
        """The paths of a page that exists in every language: lang -> ``path_for(lang, *args)``."""
        return {code: path_for(code, *args) for code in self.codes}

    def _in(self, lang: str, word: str) -> str:
        return f"{self.prefixes[lang]}{self.words[lang][word]}/"

    # ------------------------------------------------------------------ documents

    def document(self, doc: Any) -> str:
        """The page of an article, static page or project (``Document.url_path`` in its language)."""
        return self.prefixes[doc.lang] + str(doc.url_path)

    article = page = project = document

    def article_local(self, year: int | str, slug: str) -> str:
        """An article's path inside its language's folder (its ``url_path``)."""
        return f"{year}/{slug}/"

    def page_local(self, slug: str) -> str:
        return f"{slug}/"

    def project_local(self, lang: str, slug: str) -> str:
        return f"{self.words[lang]['projects']}/{slug}/"

    def event_ics(self, doc: Any) -> str:
        """The one-event iCalendar file next to an event's page."""
        return self.document(doc) + "event.ics"

    # ------------------------------------------------------------------ pages

    def home(self, lang: str) -> str:
        return self.prefixes[lang]

    def archive(self, lang: str, page: int = 1) -> str:
        return paginated(self._in(lang, "archive"), page)

    def tags(self, lang: str) -> str:
        return self._in(lang, "tags")

    def tag_slug(self, name: str) -> str:
        slug = self._slugs.get(name)
        if slug is None:
            slug = self._slugs[name] = slugify(name)
        return slug

    def tag(self, lang: str, name: str, page: int = 1) -> str:
        return paginated(f"{self.tags(lang)}{self.tag_slug(name)}/", page)

    def projects(self, lang: str) -> str:
        return self._in(lang, "projects")

    def programme(self, lang: str, key: str) -> str:
        return f"{self.projects(lang)}{self.words[lang]['programme']}/{key}/"

    def municipalities(self, lang: str) -> str:
        return self._in(lang, "municipalities")

    def municipality(self, lang: str, key: str) -> str:
        return f"{self.municipalities(lang)}{key}/"

    def events(self, lang: str, past: bool = False, page: int = 1) -> str:
        base = self._in(lang, "events")
        if past:
            base = f"{base}{self.words[lang]['past']}/"
        return paginated(base, page)

    def calendar(self, lang: str, year: int | None = None, month: int | None = None) -> str:
        base = self._in(lang, "calendar")
        return base if year is None else f"{base}{year:04d}/{month:02d}/"

    def search(self, lang: str) -> str:
        return self._in(lang, "search")

    def not_found(self) -> str:
        return "404.html"

    # ------------------------------------------------------------------ files

    def feeds(self, lang: str, name: str = "all") -> Feeds:
        """The files of the feed ``name`` of ``lang``."""
        base = f"{self._in(lang, 'feeds')}{name}"
        return Feeds(name, f"{base}.atom.xml", f"{base}.rss.xml", f"{base}.ics")

    def feed_stylesheet(self, lang: str) -> str:
        """The XSLT that shows ``lang``'s feeds as a readable page in a browser, beside them."""
        return f"{self._in(lang, 'feeds')}feed.xsl"

    def events_calendar(self, lang: str) -> str:
        """Every event of ``lang`` as one iCalendar file."""
        return self.feeds(lang, "events").ics

    def project_feeds(self, lang: str, slug: str) -> Feeds:
        return self.feeds(lang, f"project-{slug}")

    def municipality_feeds(self, lang: str, key: str) -> Feeds:
        return self.feeds(lang, f"municipality-{key}")

    def tag_feeds(self, lang: str, name: str) -> Feeds:
        return self.feeds(lang, f"tag-{self.tag_slug(name)}")

    def open_data(self, lang: str, kind: str, fmt: str) -> str:
        """An open data file: ``kind`` news, events or projects; ``fmt`` json or csv."""
        return f"{self._in(lang, 'data')}{kind}.{fmt}"

    def asset(self, name: str) -> str:
        """A file of the theme ("css/site.css")."""
        return f"{THEME_FOLDER}/{name}"

    def picture_variant(self, source: str, key: str, width: int, fmt: str) -> str:
        """A resized variant of the picture ``source`` ("images/2018/Lauki.jpg"): its name, made safe,
        ``key`` (a hash of the original's bytes and the encoding, so that a changed picture gets new
        addresses), its width and its format: "img/lauki-0123456789-800.webp"."""
        stem = slugify(source.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "picture"
        return f"{VARIANTS_FOLDER}/{stem}-{key}-{width}.{fmt}"

    def admin(self, ui: str = "", name: str = "") -> str:
        """The web editor (Decap CMS) in the interface language ``ui``, where that language's pages are
        ("admin/", "en/admin/"; the default language's when ``ui`` is empty or not a site language),
        or the file ``name`` beside it."""
        return f"{self.prefixes.get(ui, '')}{ADMIN_FOLDER}/{name}"

    def sitemap(self, lang: str | None = None) -> str:
        """The sitemap of ``lang``, or the sitemap index."""
        return "sitemap.xml" if lang is None else f"sitemap-{lang}.xml"

    def robots(self) -> str:
        return "robots.txt"

    def reserved_roots(self, folders: tuple[str, ...] | list[str] = ()) -> dict[str, str]:
        """First path segments no document may claim (see ``reserved_roots``)."""
        reserved = reserved_roots(self.codes, folders)
        for words in self.words.values():  # the words each language really uses, from the settings too
            for word in words.values():
                reserved[word] = "the site's generated pages"
        return reserved
