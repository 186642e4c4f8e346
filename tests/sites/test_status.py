"""Drafts, hidden and scheduled articles, the Pelican way: in the preview with a banner, never published early."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import ROOT, build, write_content
from tests.sites.fixtures import PROJECT_LV

pytestmark = pytest.mark.site


def _article(title: str, date: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: {date}\nprojects: [LLI-59]\nmunicipalities: [preili]\n"
        f"event_dates: [{date[:10]}]\nevent_location: Preiļi\ntags: [jaunumi]\n{extra}---\n\n{title} teksts.\n"
    )


FILES = {
    "projects/lli-59.lv.md": PROJECT_LV,
    "articles/2026/publicets.lv.md": _article("Publicēts raksts", "2026-11-01"),
    "articles/2026/melnraksts.lv.md": _article("Melnraksta raksts", "2026-11-02", "status: draft\n"),
    "articles/2026/melnraksts.en.md": "---\ntitle: Draft article\n---\n\nDraft text.\n",
    "articles/2026/slepts.lv.md": _article("Slēpts raksts", "2026-11-03", "status: hidden\n"),
    "articles/2026/nakotne.lv.md": _article("Nākotnes raksts", "2026-12-24 10:00"),
}
SLUGS = {
    "draft": "melnraksta-raksts",
    "hidden": "slepts-raksts",
    "future": "nakotnes-raksts",
    "published": "publicets-raksts",
}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("status")
    write_content(base / "content", FILES)
    return base


def _built(content: Path, name: str, **kw):
    built = build(content / "content", content / name / "output", **kw)
    assert built.code == 0, built.log
    return built.output


OWN_PAGES = {"melnraksta-raksts": {"melnraksta-raksts", "draft-article"}}  # its translation links it


def _mentions(output: Path, slug: str) -> list[str]:
    """Published files other than the article's own pages (and its translations') that name ``slug``."""
    found = []
    for path in output.rglob("*"):
        rel = path.relative_to(output).as_posix()
        if (
            path.is_file()
            and path.suffix in (".html", ".xml", ".ics", ".json", ".csv", ".txt")
            and not rel.startswith(".")
            and path.parent.name not in OWN_PAGES.get(slug, {slug})
            and slug in path.read_text("utf-8", "replace")
        ):
            found.append(rel)
    return found


def _page(output: Path, slug: str, lang_prefix: str = "") -> LexborHTMLParser | None:
    path = output / lang_prefix / "2026" / slug / "index.html"
    return LexborHTMLParser(path.read_text("utf-8")) if path.is_file() else None


@pytest.fixture(scope="module")
def development(content):
    return _built(content, "dev")


@pytest.fixture(scope="module")
def production(content):
    return _built(content, "prod", settings="publishconf.py")


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_the_preview_shows_drafts_and_future_articles_with_a_banner(development, kind):
    page = _page(development, SLUGS[kind])
    assert page is not None
    assert page.css_first(".preview-banner") is not None
    assert page.css_first('meta[name="robots"]').attributes["content"] == "noindex"
    assert page.css_first("[data-pagefind-body]") is None


@pytest.mark.parametrize("kind", ["draft", "future", "hidden"])
def test_unlisted_articles_are_in_no_listing_feed_calendar_sitemap_or_open_data(development, production, kind):
    for output in (development, production):
        assert _mentions(output, SLUGS[kind]) == [], output.name
    assert _mentions(production, SLUGS["published"])  # the published article is listed: the check can fail


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_the_production_build_has_no_trace_of_drafts_and_future_articles(production, kind):
    assert _page(production, SLUGS[kind]) is None
    assert not any(SLUGS[kind] in str(p) for p in production.rglob("*"))


def test_a_translation_takes_its_originals_status(development, production):
    assert _page(development, "draft-article", "en").css_first(".preview-banner") is not None
    assert _page(production, "draft-article", "en") is None


@pytest.mark.parametrize("kind", ["draft", "future", "hidden"])
def test_every_link_of_an_unlisted_article_page_works(development, production, kind):
    from pelican.settings import read_settings

    published = read_settings(str(ROOT / "publishconf.py"))["SITEURL"]
    checked = 0
    for output, prefix in ((development, ""), (production, published)):
        page = _page(output, SLUGS[kind])
        if page is None:
            continue
        for node in page.css("a[href], link[href]"):
            target = node.attributes["href"].split("#")[0]
            if prefix and target.startswith(prefix + "/"):
                target = target[len(prefix) :]
            if not target.startswith("/"):
                continue
            checked += 1
            path = output / target.lstrip("/")
            assert path.is_file() or (path / "index.html").is_file(), f"{output.parent.name}: {target}"
    assert checked > 10


def test_a_hidden_article_is_published_but_not_listed_or_searchable(production):
    page = _page(production, SLUGS["hidden"])
    assert page is not None and page.css_first(".preview-banner") is None
    assert page.css_first("[data-pagefind-body]") is None  # not in the site's search
    assert page.css_first('meta[name="robots"]').attributes["content"] == "noindex"  # nor in search engines


def test_the_daily_build_publishes_a_scheduled_article_on_its_day(content):
    output = _built(content, "day", settings="publishconf.py", build_date="2026-12-24")
    page = _page(output, SLUGS["future"])
    assert page is not None and page.css_first(".preview-banner") is None
    assert any(name.endswith(".xml") for name in _mentions(output, SLUGS["future"]))  # in the feeds


def test_a_misspelt_status_is_refused_with_a_hint(make_site):
    built = make_site(
        {"articles/2026/x.lv.md": _article("X", "2026-11-01", "status: drat\n"), "projects/lli-59.lv.md": PROJECT_LV}
    )
    assert built.code == 1 and "Traceback" not in built.log
    assert "[status]" in built.log and "did you mean 'draft'?" in built.log, built.log


def test_a_draft_does_not_say_it_was_published(development):
    meta = _page(development, SLUGS["draft"]).css_first(".article-meta").text()
    assert "Publicēšanas datums" in meta and "Publicēts" not in meta
    assert "Publicēts" in _page(development, SLUGS["published"]).css_first(".article-meta").text()


def test_a_link_to_a_draft_is_fine_in_the_preview_and_refused_in_the_published_site(tmp_path):
    linking = _article("Saite uz melnrakstu", "2026-11-05").replace(
        "Saite uz melnrakstu teksts.", "Skatīt [melnrakstu]({filename}melnraksts.lv.md)."
    )
    content = tmp_path / "content"
    write_content(content, {**FILES, "articles/2026/saite.lv.md": linking})
    assert build(content, tmp_path / "dev").code == 0
    built = build(content, tmp_path / "prod", settings="publishconf.py")
    assert built.code == 1 and "Traceback" not in built.log
    assert any(
        line.startswith("articles/2026/saite.lv.md") and "not published yet" in line for line in built.log.splitlines()
    ), built.log
