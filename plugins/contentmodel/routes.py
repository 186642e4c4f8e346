"""URL layout of the site, per language. One table, used by every generator.

Paths are site-relative, end in "/" for pages (written as .../index.html),
and never start with "/". The default language sits at the root, the others
under their code ("en/", "ltg/").
"""

from __future__ import annotations

from lvlang.language import PATH_WORDS, Language

# The built-in path words, by name then language (each language's record holds its own full set).
SEGMENTS: dict[str, dict[str, str]] = {name: {code: words[name] for code, words in PATH_WORDS.items() if name in words}
                                       for name in PATH_WORDS["en"]}


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
# the search index, feeds, the theme, the copied static folders, the 404 page, the sitemaps,
# robots.txt and a future editing interface. No page may take one of them as its address.
RESERVED_NAMES = frozenset({"pagefind", "feeds", "theme", "images", "files", "extra", "admin",
                            "404", "sitemap", "robots"})


def reserved_roots(codes: "tuple[str, ...] | list[str]", folders: "tuple[str, ...] | list[str]" = (),
                   languages: "tuple[Language, ...]" = ()) -> dict[str, str]:
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
