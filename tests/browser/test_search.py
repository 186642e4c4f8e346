"""Search in the browser on a small site of its own: every case form of a Latvian or Latgalian
noun, with or without diacritics, finds the same pages; excerpts are the article's text only;
the filters narrow the results."""

from __future__ import annotations

import json
import re

import pytest

from lvlang.stem import search_key
from lvlang.translit import fold
from quality.axe import run_axe
from quality.browser import serve
from tests.conftest import build, write_content
from tests.sites.fixtures import PROJECT_LV

SITE = {
    "projects/lli-59.lv.md": PROJECT_LV,
    "articles/2024/velomarsruts-preilos.lv.md": """
        ---
        title: Preiļos atklāts jauns velomaršruts
        date: 2024-05-10
        projects: [LLI-59]
        municipalities: [preili]
        ---

        ## Maršruts

        Jaunā velomaršruta garums ir 40 kilometru. Velomaršrutam ir desmit atpūtas vietu, un Preiļu novada dome
        aicina ģimenes to izmēģināt.
        """,
    "articles/2024/velomarsruts-preilos.ltg.md": """
        ---
        title: Preiļūs atkluots jauns velomaršruts
        ---

        Jaunō velomaršruta garums ir 40 kilometru. Preiļu nūvoda dūme aicynoj saimis tū izmieginōt.
        """,
    "articles/2025/velomarsrutu-karte.lv.md": """
        ---
        title: Velomaršrutu kartes prezentācija
        date: 2025-03-01
        municipalities: [preili]
        event_dates: [2025-04-12]
        event_location: Preiļu kultūras nams
        event_status: cancelled
        ---

        Prezentācijā stāstīs par velomaršrutiem Latgalē un par stāvlaukumiem, kas ierīkoti velomaršrutos.
        Novadā izdos jaunu karti.
        """,
    "articles/2023/preilu-skola.lv.md": """
        ---
        title: Skolēni stāda kokus Preiļiem
        date: 2023-10-02
        municipalities: [preili]
        ---

        Novada skolēni pie Preiļu pils stādīja ozolus. Nākamgad stādīs citos novados.
        """,
    "articles/2023/preilu-skola.ltg.md": """
        ---
        title: Školuoti stoda kūkus Preiļim
        ---

        Nūvoda školuoti pi Preiļu pilis stōdēja uozulus. Nuokamgod stōdēs cytūs nūvodūs.
        """,
    "articles/2024/kraslava.lv.md": """
        ---
        title: Krāslavā remontē tiltu
        date: 2024-02-01
        municipalities: [kraslava]
        ---

        Tilta remonts ilgs līdz vasarai.
        """,
}

VELO = "2024/preilos-atklats-jauns-velomarsruts/"
KARTE = "2025/velomarsrutu-kartes-prezentacija/"
SKOLA = "2023/skoleni-stada-kokus-preiliem/"
# Every case form of each noun (the site's texts use only some of them), and the pages it must find.
LV = {
    "Preiļi Preiļu Preiļiem Preiļus Preiļos": {VELO, KARTE, SKOLA},
    "velomaršruts velomaršruta velomaršrutam velomaršrutu velomaršrutā velomaršruti velomaršrutiem "
    "velomaršrutus velomaršrutos": {VELO, KARTE},
    "novads novada novadam novadu novadā novadi novadiem novadus novados": {VELO, KARTE, SKOLA},
}
VELO_LTG = "ltg/2024/preilus-atkluots-jauns-velomarsruts/"
SKOLA_LTG = "ltg/2023/skoluoti-stoda-kukus-preilim/"
LTG = {
    "Preiļi Preiļu Preiļim Preiļus Preiļūs": {VELO_LTG, SKOLA_LTG},
    "nūvods nūvoda nūvodam nūvodu nūvodā nūvodi nūvodim nūvodus nūvodūs": {VELO_LTG, SKOLA_LTG},
    "velomaršruts velomaršruta velomaršrutam velomaršrutu velomaršrutā velomaršruti velomaršrutim "
    "velomaršrutus velomaršrutūs": {VELO_LTG},
}
SEARCH_PAGE = {"lv": "meklet/", "ltg": "ltg/meklet/"}
# Words of the article pages that are not their text (the event box, the status, the funding line).
DONE = "[data-search-results]:not([aria-busy]) .search-count"  # a search has ended and shows its results
CHROME = ("Kur", "Kad", "Statuss", "Atcelts", "Pievienot", "kalendār", "Abonēt", "PAGEFIND", "Eiropas")


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("search")
    write_content(base / "content", SITE)
    built = build(base / "content", base / "output", overrides={"SEARCH_INDEX": True})
    assert built.code == 0, built.log
    with serve(built.output) as url:
        yield url


def search(page, query: str, **filters: str) -> list[str]:
    """Search with the search page's form; the addresses of the results, relative to the site."""
    page.fill("#q", query)
    for name, value in filters.items():
        page.select_option(f"#f-{name}", value)  # a filter's change searches at once
    page.press("#q", "Enter")
    page.locator(DONE).wait_for(timeout=90_000)  # the first search loads every bundle of the language
    hrefs = page.locator(".search-list h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [h.lstrip("/") for h in hrefs]


@pytest.mark.parametrize("lang, nouns", [("lv", LV), ("ltg", LTG)])
def test_every_case_form_finds_the_same_pages(page, search_site, lang, nouns):
    page.goto(f"{search_site}/{SEARCH_PAGE[lang]}")
    for forms, expected in nouns.items():
        for form in forms.split():
            for query in (form, fold(form), form.upper()):
                assert set(search(page, query)) == expected, (lang, query)
    assert page.js_errors == []


def test_a_query_that_is_not_there_finds_nothing(page, search_site):
    page.goto(f"{search_site}/meklet/?q=Rīgā")
    page.wait_for_selector(".search-count")
    assert page.locator(".search-list li").count() == 0
    assert "Nekas netika atrasts" in page.locator(".search-count").inner_text()


def test_excerpts_are_the_articles_text_with_the_forms_marked(page, search_site, browser_context):
    page.goto(f"{search_site}/meklet/?q=Preilos+novads")
    page.wait_for_selector(".search-list li")
    items = page.locator(".search-list li").all()
    assert len(items) == 3  # both words, in any form
    other = browser_context.new_page()
    try:
        for item in items:
            href = item.locator("h2 a").get_attribute("href")
            excerpt = item.locator("p").inner_text()
            assert not any(word in excerpt for word in CHROME), excerpt
            other.goto(search_site + href)
            # the same words in the same order (a heading is followed by a full stop in the excerpt)
            text = " ".join(re.findall(r"\w+", other.locator(".prose").inner_text()))
            assert " ".join(re.findall(r"\w+", excerpt)) in text, (excerpt, text)
            marked = item.locator("mark").all_inner_texts()
            assert marked and {search_key(w) for w in marked} <= {"preil", "novad"}, marked
    finally:
        other.close()


def test_filters_narrow_the_results(page, search_site):
    page.goto(f"{search_site}/meklet/")
    assert set(search(page, "Preiļi")) == {VELO, KARTE, SKOLA}
    assert search(page, "Preiļi", kind="event") == [KARTE]
    assert search(page, "Preiļi", kind="", year="2024") == [VELO]
    assert search(page, "Preiļi", year="", project="LLI-59") == [VELO]
    assert re.search(r"[?&]project=LLI-59", page.url)
    page.select_option("#f-project", "")
    page.select_option("#f-kind", "news")  # by keyboard and script alone: no button needed
    page.locator(DONE).wait_for(timeout=90_000)  # the first search loads every bundle of the language
    page.wait_for_url(re.compile(r"kind=news"))
    page.locator(DONE).wait_for(timeout=90_000)  # the first search loads every bundle of the language
    assert page.locator(".search-list li").count() == 2
    assert page.js_errors == []


def test_the_filters_are_labelled_and_the_field_is_the_headers_size(page, search_site):
    page.goto(f"{search_site}/meklet/")
    assert page.locator("fieldset.search-filters legend").inner_text() == "Rādīt tikai"
    for name, label in (("kind", "Veids"), ("municipality", "Pašvaldība"), ("project", "Projekts"), ("year", "Gads")):
        assert page.get_by_label(label, exact=True).get_attribute("id") == f"f-{name}"
    sizes = page.evaluate("""() => ['#q', '#header-q'].map((s) => {
        const e = document.querySelector(s), c = getComputedStyle(e);
        return [c.fontSize, c.paddingTop, Math.round(e.getBoundingClientRect().height)]; })""")
    assert sizes[0] == sizes[1], sizes
    assert page.locator("#f-year option").all_inner_texts()[1:] == ["2025", "2024", "2023", "2019", "2018", "2017"]


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory):
    """The same site with an index of bundles of one page each (where a year has more, shares of it)."""
    base = tmp_path_factory.mktemp("search-bundled")
    write_content(base / "content", SITE)
    built = build(base / "content", base / "output", overrides={"SEARCH_INDEX": True, "SEARCH_BUNDLE_PAGES": 1})
    assert built.code == 0, built.log
    listed = json.loads((built.output / "pagefind" / "bundles.json").read_text("utf-8"))["languages"]
    assert len(listed["lv"]) >= 4 and len(listed["ltg"]) >= 2
    with serve(built.output) as url:
        yield url


def test_a_search_finds_and_filters_pages_of_every_bundle(page, bundled_site):
    page.goto(f"{bundled_site}/meklet/")
    assert set(search(page, "Preiļos")) == {VELO, KARTE, SKOLA}  # each in a bundle of its own
    assert set(search(page, "novadiem")) == {VELO, KARTE, SKOLA}
    assert search(page, "Preiļi", kind="event") == [KARTE]
    assert search(page, "Preiļi", kind="", year="2024") == [VELO]
    assert search(page, "Preiļi", year="", project="LLI-59") == [VELO]
    assert search(page, "", project="", municipality="Krāslavas novads") == ["2024/kraslava-remonte-tiltu/"]
    assert page.js_errors == []


def test_a_search_asks_the_bundles_of_its_language_only(page, bundled_site):
    page.goto(f"{bundled_site}/ltg/meklet/")
    assert set(search(page, "Preiļūs")) == {VELO_LTG, SKOLA_LTG}
    assert page.js_errors == []


@pytest.mark.parametrize("width", [375, 1280])
def test_the_search_page_with_results_has_no_axe_violations(page, search_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{search_site}/meklet/?q=velomaršruti&year=2024")
    page.locator(DONE).wait_for(timeout=90_000)  # the first search loads every bundle of the language
    assert page.locator(".search-list li").count() == 1
    violations = run_axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
