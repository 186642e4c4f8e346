"""The search index made from the build's records: it holds every published article and project page, with
the title, text and filters the page shows, and nothing else; the live preview writes it after publishing.

(That a search finds every case form of a word is tested in the browser: tests/browser/test_search.py.)"""

from __future__ import annotations

import gzip
import json
import re
import threading
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from lvlang.stem import index_keys
from multisite import staging
from tests.browser.test_search import SITE as SEARCH_SITE
from tests.conftest import BUILD_DATE, ROOT, build, write_content

pytestmark = pytest.mark.site

SITE = {
    **SEARCH_SITE,
    "articles/2024/kraslava.en.md": """
        ---
        title: A bridge is repaired in Krāslava
        tags: [roads]
        ---

        The repairs of the bridge will last until summer.
        """,
    "articles/2024/slepts.lv.md": """
        ---
        title: Slēpts raksts par Preiļiem
        date: 2024-03-01
        status: hidden
        ---

        Šis raksts nav meklējams.
        """,
}
# Every page the search must know, with its filters.
PAGES = {
    "/2024/preilos-atklats-jauns-velomarsruts/": {
        "kind": ["news"],
        "year": ["2024"],
        "project": ["LLI-59"],
        "municipality": ["Preiļu novads"],
    },
    "/ltg/2024/preilus-atkluots-jauns-velomarsruts/": {"kind": ["news"], "year": ["2024"]},
    "/2025/velomarsrutu-kartes-prezentacija/": {"kind": ["event"], "year": ["2025"]},
    "/2023/skoleni-stada-kokus-preiliem/": {"kind": ["news"], "year": ["2023"]},
    "/ltg/2023/skoluoti-stoda-kukus-preilim/": {"kind": ["news"], "year": ["2023"]},
    "/2024/kraslava-remonte-tiltu/": {"kind": ["news"], "year": ["2024"]},
    "/en/2024/a-bridge-is-repaired-in-kraslava/": {"kind": ["news"], "year": ["2024"]},
}


def bundles(site: Path) -> dict[str, list[str]]:
    """The bundles of the index in ``site``, by language (as the search page finds them)."""
    return json.loads((site / "pagefind" / "bundles.json").read_text("utf-8"))["languages"]


def fragments(site: Path) -> dict[str, dict]:
    """The pages of the index in ``site``, by address (Pagefind's fragments: gzip, a signature, JSON), each
    with the language of its bundle (``lang``)."""
    found = {}
    for lang, names in bundles(site).items():
        for name in names:
            for path in (site / "pagefind" / name / "fragment").iterdir():
                data = gzip.decompress(path.read_bytes())
                assert data.startswith(b"pagefind_dcd")
                page = json.loads(data[len(b"pagefind_dcd") :])
                assert page["url"] not in found  # in one bundle only
                found[page["url"]] = {**page, "lang": lang}
    return found


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("search-index")
    write_content(base / "content", SITE)
    built = build(base / "content", base / "output", overrides={"SEARCH_INDEX": True})
    assert built.code == 0, built.log
    return built.output


def test_the_index_holds_every_published_article_and_project_page_and_nothing_else(site):
    pages = fragments(site)
    projects = {url for url in pages if pages[url]["filters"]["kind"] == ["project"]}
    assert set(pages) - projects == set(PAGES)
    assert projects and all((site / url.strip("/") / "index.html").is_file() for url in projects)
    assert set(bundles(site)) == {"lv", "ltg", "en"}
    for lang, names in bundles(site).items():  # a bundle holds one language, Pagefind's index of it
        for name in names:
            entry = json.loads((site / "pagefind" / name / "pagefind-entry.json").read_text("utf-8"))
            assert set(entry["languages"]) == {lang}


def test_each_record_has_what_its_page_shows(site):
    for url, page in fragments(site).items():
        html = LexborHTMLParser((site / url.strip("/") / "index.html").read_text("utf-8"))
        assert page["meta"]["title"] == html.css_first("h1").text(strip=True), url
        assert words(page["meta"]["text"]) == words(html.css_first(".prose").text()), url
        lang = html.css_first("html").attributes["lang"]
        assert page["lang"] == lang, url
        heading = page["meta"]["title"] if url in PAGES else f"{page['filters']['project'][0]} {page['meta']['title']}"
        heading_keys = index_keys(heading, lang).split()
        assert page["content"].split()[: len(heading_keys)] == heading_keys, url  # the words weighing most
        assert all(key in page["content"].split() for key in index_keys(page["meta"]["text"], lang).split())
        for name, values in PAGES.get(url, {}).items():
            assert page["filters"].get(name) == values, (url, name)


def test_a_rebuild_takes_over_the_bundles_whose_pages_are_unchanged(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    write_content(content, SITE)
    small = {"SEARCH_INDEX": True, "SEARCH_BUNDLE_PAGES": 1}  # a bundle for each year of each language
    assert build(content, output, overrides=small).code == 0
    before = bundles(output)
    assert len(before["lv"]) > 1 and len(before["ltg"]) > 1
    files = {
        name: (output / "pagefind" / name / "pagefind-entry.json").stat().st_ino for b in before.values() for name in b
    }
    pages = fragments(output)
    article = content / "articles/2024/kraslava.lv.md"
    article.write_text(article.read_text("utf-8").replace("Tilta remonts", "Tilta un ceļa remonts"), "utf-8")
    built = build(content, output, overrides=small)
    assert built.code == 0, built.log
    after = bundles(output)
    changed = [name for b in after.values() for name in b if name not in files]
    assert len(changed) == 1 and changed[0].startswith("lv-2024")  # the bundle of the edited page's year ...
    assert "Tilta un ceļa remonts" in fragments(output)["/2024/kraslava-remonte-tiltu/"]["meta"]["text"]
    for name in (name for b in after.values() for name in b if name in files):  # ... the others taken over
        assert (output / "pagefind" / name / "pagefind-entry.json").stat().st_ino == files[name]
    assert set(fragments(output)) == set(pages)


def test_the_pages_carry_no_search_block(site):
    for url in PAGES:
        text = (site / url.strip("/") / "index.html").read_text("utf-8")
        assert not re.search(r"data-pagefind-(body|filter|meta|weight)", text), url


# ---------------------------------------------------------------------- the live preview


def _preview_build(content: Path, output: Path, indexer, number: int) -> str | None:
    from editorial.preview import build_once

    overrides = {
        "PATH": str(content),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "BUILD_DATE": BUILD_DATE,
        "CACHE_PATH": str(output.parent / "cache"),
        "SEARCH_INDEX": True,
    }
    return build_once(ROOT, "pelicanconf.py", output, indexer, number=number, overrides=overrides)


def _hold_back_records(monkeypatch) -> threading.Event:
    """The preview's indexer waits for the event before it reads the first search record."""
    import discovery.site_pages

    gate = threading.Event()
    records = discovery.site_pages.search_records

    def held_back(build, *args):
        assert gate.wait(60)
        yield from records(build, *args)

    monkeypatch.setattr(discovery.site_pages, "search_records", held_back)
    return gate


def test_the_preview_reloads_before_the_index_is_written_and_the_index_follows(tmp_path, monkeypatch, capsys):
    from editorial.preview import PreviewState, SearchIndexer

    content, output = tmp_path / "content", tmp_path / "output"
    write_content(content, SITE)
    gate = _hold_back_records(monkeypatch)
    state = PreviewState()
    indexer = SearchIndexer(output, state)
    try:
        state.finished(_preview_build(content, output, indexer, 1))
        assert state.build == 1 and state.error is None  # the page reloads now ...
        assert state.search == 0 and not (output / "pagefind").exists()  # ... with no index yet
        gate.set()
        assert indexer.wait(120)
        assert state.search == 1
        assert set(fragments(output)) >= set(PAGES)
        published = staging.published(output)
        assert published is not None and (published / "pagefind" / "bundles.json").is_file()
        first = bundles(output)
        entry = output / "pagefind" / first["ltg"][0] / "pagefind-entry.json"
        inode = entry.stat().st_ino

        # An edit: the new build is published with the last index, and its own index replaces it.
        gate.clear()
        article = content / "articles/2024/kraslava.lv.md"
        article.write_text(
            article.read_text("utf-8").replace("Krāslavā remontē tiltu", "Krāslavā remontē ceļu"), "utf-8"
        )
        state.finished(_preview_build(content, output, indexer, 2))
        assert state.build == 2 and state.search == 1
        assert "/2024/kraslava-remonte-tiltu/" in fragments(output)  # the previous index, whole
        gate.set()
        assert indexer.wait(120)
        assert state.search == 2
        pages = fragments(output)
        assert "/2024/kraslava-remonte-celu/" in pages and "/2024/kraslava-remonte-tiltu/" not in pages
        assert bundles(output)["lv"] != first["lv"]  # the edited language's bundle is written again ...
        assert bundles(output)["ltg"] == first["ltg"] and entry.stat().st_ino == inode  # ... the others taken over
        assert staging.published(output) != published  # the other build folder ...
    finally:
        gate.set()
        indexer.stop()
    assert not list(tmp_path.glob(".output.search-*"))  # nothing left beside output/
    assert "Traceback" not in capsys.readouterr().out


def test_a_new_build_stops_a_running_indexer(tmp_path, monkeypatch):
    import discovery.site_pages
    from editorial.preview import PreviewState, SearchIndexer

    content, output = tmp_path / "content", tmp_path / "output"
    write_content(content, SITE)
    records = discovery.site_pages.search_records
    started = threading.Event()

    def slow(build, *args):
        for record in records(build, *args):
            started.set()
            threading.Event().wait(0.5)
            yield record

    monkeypatch.setattr(discovery.site_pages, "search_records", slow)
    state = PreviewState()
    indexer = SearchIndexer(output, state)
    try:
        state.finished(_preview_build(content, output, indexer, 1))
        assert started.wait(60)
        monkeypatch.setattr(discovery.site_pages, "search_records", records)
        state.finished(_preview_build(content, output, indexer, 2))  # stops the first indexer, then builds
        assert indexer.wait(120)
        assert state.search == 2  # the first one never wrote
        assert set(fragments(output)) >= set(PAGES)
    finally:
        indexer.stop()
    assert not list(tmp_path.glob(".output.search-*"))


def test_the_index_waits_while_another_task_holds_the_output(tmp_path, monkeypatch):
    from editorial.preview import PreviewState, SearchIndexer

    content, output = tmp_path / "content", tmp_path / "output"
    write_content(content, SITE)
    gate = _hold_back_records(monkeypatch)
    state = PreviewState()
    indexer = SearchIndexer(output, state)
    try:
        state.finished(_preview_build(content, output, indexer, 1))
        with staging.locked(output, task="check"):  # as `invoke check` holds it
            gate.set()
            assert not indexer.wait(3)
            assert state.search == 0 and not (output / "pagefind").exists()
        assert indexer.wait(120)
        assert state.search == 1 and set(fragments(output)) >= set(PAGES)
    finally:
        gate.set()
        indexer.stop()
