"""Routes: every address of the site, per language, from one object."""

import dataclasses
import datetime as dt
import posixpath
from pathlib import PurePosixPath
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentmodel.config import SiteConfig
from contentmodel.routes import SEGMENTS, Feeds, Routes, reserved_roots
from contentmodel.safety import is_safe_segment

LANGUAGES = [
    {"code": "lv", "name": "Latviešu", "locale": "lv", "site_name": "Ziņas", "organisation": "LPR"},
    {"code": "en", "name": "English", "locale": "en_GB", "site_name": "News", "organisation": "LPR"},
    {
        "code": "ltg",
        "name": "Latgalīšu",
        "locale": "ltg",
        "site_name": "Ziņys",
        "organisation": "LPR",
        "fallback": "lv",
    },
    {
        "code": "lt",
        "name": "Lietuvių",
        "locale": "lt",
        "site_name": "Naujienos",
        "organisation": "LPR",
        "fallback": "en",
    },
]


def make_routes(**settings) -> Routes:
    base = {"SITE_LANGUAGES": LANGUAGES, "DEFAULT_LANG": "lv", "SITE_ID_DOMAIN": "example.lv"}
    return Routes.for_config(SiteConfig.from_settings({**base, **settings}, build_date=dt.date(2026, 11, 23)))


DEV = make_routes()
PROD = make_routes(SITEURL="https://example.lv/news/", FEED_DOMAIN="https://feeds.example.lv")


def doc(lang: str, url_path: str):
    return SimpleNamespace(lang=lang, url_path=url_path)


# ------------------------------------------------------------------ pages, default language and a prefixed one


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "lv",
            {
                "home": "",
                "archive": "arhivs/",
                "archive2": "arhivs/2/",
                "tags": "birkas/",
                "tag": "birkas/eiropas-savieniba/",
                "tag2": "birkas/eiropas-savieniba/3/",
                "projects": "projekti/",
                "programme": "projekti/programma/interreg-lv-lt/",
                "municipalities": "pasvaldibas/",
                "municipality": "pasvaldibas/ludza/",
                "events": "pasakumi/",
                "past": "pasakumi/notikusie/",
                "past2": "pasakumi/notikusie/2/",
                "calendar": "kalendars/",
                "month": "kalendars/2026/03/",
                "search": "meklet/",
                "article": "2018/slug/",
                "page": "par-mums/",
                "project": "projekti/lli-59/",
                "event_ics": "2018/slug/event.ics",
                "feeds": Feeds("all", "feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.ics"),
                "events_calendar": "feeds/events.ics",
                "project_feeds": Feeds(
                    "project-lli-59",
                    "feeds/project-lli-59.atom.xml",
                    "feeds/project-lli-59.rss.xml",
                    "feeds/project-lli-59.ics",
                ),
                "municipality_feeds": Feeds(
                    "municipality-ludza",
                    "feeds/municipality-ludza.atom.xml",
                    "feeds/municipality-ludza.rss.xml",
                    "feeds/municipality-ludza.ics",
                ),
                "tag_feeds": Feeds(
                    "tag-eiropas-savieniba",
                    "feeds/tag-eiropas-savieniba.atom.xml",
                    "feeds/tag-eiropas-savieniba.rss.xml",
                    "feeds/tag-eiropas-savieniba.ics",
                ),
                "open_json": "dati/news.json",
                "open_csv": "dati/projects.csv",
            },
        ),
        (
            "en",
            {
                "home": "en/",
                "archive": "en/archive/",
                "archive2": "en/archive/2/",
                "tags": "en/tags/",
                "tag": "en/tags/eiropas-savieniba/",
                "tag2": "en/tags/eiropas-savieniba/3/",
                "projects": "en/projects/",
                "programme": "en/projects/programme/interreg-lv-lt/",
                "municipalities": "en/municipalities/",
                "municipality": "en/municipalities/ludza/",
                "events": "en/events/",
                "past": "en/events/past/",
                "past2": "en/events/past/2/",
                "calendar": "en/calendar/",
                "month": "en/calendar/2026/03/",
                "search": "en/search/",
                "article": "en/2018/slug/",
                "page": "en/par-mums/",
                "project": "en/projects/lli-59/",
                "event_ics": "en/2018/slug/event.ics",
                "feeds": Feeds("all", "en/feeds/all.atom.xml", "en/feeds/all.rss.xml", "en/feeds/all.ics"),
                "events_calendar": "en/feeds/events.ics",
                "project_feeds": Feeds(
                    "project-lli-59",
                    "en/feeds/project-lli-59.atom.xml",
                    "en/feeds/project-lli-59.rss.xml",
                    "en/feeds/project-lli-59.ics",
                ),
                "municipality_feeds": Feeds(
                    "municipality-ludza",
                    "en/feeds/municipality-ludza.atom.xml",
                    "en/feeds/municipality-ludza.rss.xml",
                    "en/feeds/municipality-ludza.ics",
                ),
                "tag_feeds": Feeds(
                    "tag-eiropas-savieniba",
                    "en/feeds/tag-eiropas-savieniba.atom.xml",
                    "en/feeds/tag-eiropas-savieniba.rss.xml",
                    "en/feeds/tag-eiropas-savieniba.ics",
                ),
                "open_json": "en/data/news.json",
                "open_csv": "en/data/projects.csv",
            },
        ),
    ],
)
def test_every_page_and_file(lang, expected):
    r = DEV
    article = doc(lang, r.article_local(2018, "slug"))
    got = {
        "home": r.home(lang),
        "archive": r.archive(lang),
        "archive2": r.archive(lang, 2),
        "tags": r.tags(lang),
        "tag": r.tag(lang, "Eiropas Savienība"),
        "tag2": r.tag(lang, "Eiropas Savienība", 3),
        "projects": r.projects(lang),
        "programme": r.programme(lang, "interreg-lv-lt"),
        "municipalities": r.municipalities(lang),
        "municipality": r.municipality(lang, "ludza"),
        "events": r.events(lang),
        "past": r.events(lang, past=True),
        "past2": r.events(lang, True, 2),
        "calendar": r.calendar(lang),
        "month": r.calendar(lang, 2026, 3),
        "search": r.search(lang),
        "article": r.article(article),
        "page": r.page(doc(lang, r.page_local("par-mums"))),
        "project": r.project(doc(lang, r.project_local(lang, "lli-59"))),
        "event_ics": r.event_ics(article),
        "feeds": r.feeds(lang),
        "events_calendar": r.events_calendar(lang),
        "project_feeds": r.project_feeds(lang, "lli-59"),
        "municipality_feeds": r.municipality_feeds(lang, "ludza"),
        "tag_feeds": r.tag_feeds(lang, "Eiropas Savienība"),
        "open_json": r.open_data(lang, "news", "json"),
        "open_csv": r.open_data(lang, "projects", "csv"),
    }
    assert got == expected


def test_site_wide_files():
    assert DEV.not_found() == "404.html"
    assert DEV.sitemap() == "sitemap.xml"
    assert DEV.sitemap("ltg") == "sitemap-ltg.xml"
    assert DEV.robots() == "robots.txt"
    assert DEV.asset("css/site.css") == "theme/css/site.css"


def test_output_files():
    assert DEV.output_file("") == "index.html"
    assert DEV.output_file("en/archive/2/") == "en/archive/2/index.html"
    assert DEV.output_file("en/feeds/all.atom.xml") == "en/feeds/all.atom.xml"
    assert DEV.output_file("404.html") == "404.html"


def test_pagination():
    assert DEV.paginated("en/tags/x/", 0) == "en/tags/x/"
    assert DEV.paginated("en/tags/x/", 1) == "en/tags/x/"
    assert DEV.paginated("en/tags/x/", 12) == "en/tags/x/12/"
    assert DEV.archive("lv", 1) == DEV.archive("lv")


def test_alternates_cover_every_language_in_order():
    assert DEV.alternates(DEV.home) == {"lv": "", "en": "en/", "ltg": "ltg/", "lt": "lt/"}
    assert DEV.alternates(DEV.calendar, 2026, 3) == {
        "lv": "kalendars/2026/03/",
        "en": "en/calendar/2026/03/",
        "ltg": "ltg/kalendars/2026/03/",
        "lt": "lt/calendar/2026/03/",
    }
    assert list(DEV.alternates(DEV.municipality, "ludza")) == ["lv", "en", "ltg", "lt"]


# ------------------------------------------------------------------ development and production links


def test_development_links_are_root_relative():
    assert DEV.href("") == "/"
    assert DEV.href("en/archive/") == "/en/archive/"
    assert DEV.absolute("en/feeds/all.atom.xml") == "http://localhost:8000/en/feeds/all.atom.xml"


def test_production_links_are_absolute():
    assert PROD.href("") == "https://example.lv/news/"
    assert PROD.href("en/archive/") == "https://example.lv/news/en/archive/"
    assert PROD.href(PROD.asset("css/site.css")) == "https://example.lv/news/theme/css/site.css"
    assert PROD.absolute("en/feeds/all.atom.xml") == "https://feeds.example.lv/en/feeds/all.atom.xml"
    # the paths themselves do not depend on where the site is published
    assert PROD.tag("en", "Eiropas Savienība") == DEV.tag("en", "Eiropas Savienība")


def test_feeds_use_the_site_address_without_a_feed_domain():
    r = make_routes(SITEURL="https://example.lv")
    assert r.absolute("sitemap.xml") == "https://example.lv/sitemap.xml"


# ------------------------------------------------------------------ languages without their own words


def test_a_language_without_words_takes_its_fallbacks():
    # lt falls back to English: English path words under its own folder
    assert DEV.archive("lt") == "lt/archive/"
    assert DEV.events("lt", past=True) == "lt/events/past/"
    assert DEV.project_local("lt", "lli-59") == "projects/lli-59/"
    # ltg falls back to Latvian
    assert DEV.archive("ltg") == "ltg/arhivs/"
    assert DEV.programme("ltg", "x") == "ltg/projekti/programma/x/"
    assert DEV.feeds("ltg").atom == "ltg/feeds/all.atom.xml"


def test_a_language_without_words_or_fallback_takes_the_default_languages():
    r = make_routes(SITE_LANGUAGES=[LANGUAGES[1], {**LANGUAGES[3], "fallback": ""}], DEFAULT_LANG="en")
    assert r.home("en") == "" and r.archive("en") == "archive/"
    assert r.archive("lt") == "lt/archive/"


def test_a_default_language_other_than_latvian_sits_at_the_root():
    r = make_routes(DEFAULT_LANG="en")
    assert r.home("en") == "" and r.home("lv") == "lv/"
    assert r.search("lv") == "lv/meklet/" and r.search("en") == "search/"


# ------------------------------------------------------------------ immutability and the path gate


def test_routes_cannot_be_changed():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEV.site_url = "https://elsewhere.example"
    with pytest.raises(TypeError):
        DEV.prefixes["en"] = "xx/"
    with pytest.raises(TypeError):
        DEV.words["en"]["archive"] = "xx"


def test_reserved_roots_cover_every_generated_folder():
    folders = ("images", "files", "extra", "theme")
    assert DEV.reserved_roots(folders) == reserved_roots(DEV.codes, folders)
    reserved = DEV.reserved_roots()
    for code in ("lv", "en", "ltg", "lt"):
        assert code in reserved and f"sitemap-{code}" in reserved
    for words in SEGMENTS.values():
        assert set(words.values()) <= set(reserved)
    # every first segment of a generated page is reserved
    for lang in DEV.codes:
        for path in (
            DEV.archive(lang),
            DEV.tags(lang),
            DEV.projects(lang),
            DEV.municipalities(lang),
            DEV.events(lang),
            DEV.calendar(lang),
            DEV.search(lang),
            DEV.feeds(lang).atom,
            DEV.open_data(lang, "news", "json"),
            DEV.asset("x.css"),
        ):
            inside = path[len(DEV.home(lang)) :] if not path.startswith("theme/") else path
            assert inside.split("/", 1)[0] in reserved, path


# ------------------------------------------------------------------ properties

SAFE = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True).filter(is_safe_segment)
LANG = st.sampled_from(["lv", "en", "ltg", "lt"])


def _all_paths(r: Routes, lang: str, slug: str, name: str, page: int, year: int, month: int):
    article = doc(lang, r.article_local(year, slug))
    yield from (
        r.home(lang),
        r.archive(lang, page),
        r.tags(lang),
        r.tag(lang, name, page),
        r.projects(lang),
        r.programme(lang, slug),
        r.municipalities(lang),
        r.municipality(lang, slug),
        r.events(lang, False, page),
        r.events(lang, True, page),
        r.calendar(lang),
        r.calendar(lang, year, month),
        r.search(lang),
        r.article(article),
        r.page(doc(lang, r.page_local(slug))),
        r.project(doc(lang, r.project_local(lang, slug))),
        r.event_ics(article),
        r.events_calendar(lang),
        r.not_found(),
        r.sitemap(),
        r.sitemap(lang),
        r.robots(),
        r.asset(f"css/{slug}.css"),
    )
    for feeds in (
        r.feeds(lang),
        r.project_feeds(lang, slug),
        r.municipality_feeds(lang, slug),
        r.tag_feeds(lang, name),
    ):
        yield from (feeds.atom, feeds.rss, feeds.ics)
    for kind in ("news", "events", "projects"):
        for fmt in ("json", "csv"):
            yield r.open_data(lang, kind, fmt)


@given(
    lang=LANG,
    slug=SAFE,
    name=st.text(min_size=1, max_size=30),
    page=st.integers(1, 500),
    year=st.integers(1900, 2200),
    month=st.integers(1, 12),
)
def test_every_path_is_relative_normalised_and_stays_inside_the_output(lang, slug, name, page, year, month):
    root = PurePosixPath("/srv/site")
    for routes in (DEV, PROD):
        for path in _all_paths(routes, lang, slug, name, page, year, month):
            assert not path.startswith("/"), path
            assert "//" not in path and "\\" not in path, path
            parts = path.rstrip("/").split("/")
            assert path == "" or all(part and part not in (".", "..") for part in parts), path
            out = routes.output_file(path)
            assert not out.endswith("/")
            full = posixpath.normpath(str(root / out))
            assert full.startswith(str(root) + "/"), (path, full)
            assert routes.href(path).endswith("/" + path) and routes.absolute(path).endswith("/" + path)
