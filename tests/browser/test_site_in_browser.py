"""The demo site in headless Chromium: languages, switcher, accessibility,
the emblem above the fold, the calendar by keyboard, and search."""

import pytest

from quality.axe import run_axe

ARTICLE = {
    "lv": "2018/latgales-pasvaldibu-parstavji-dalijas-pieredze-par-darba-organizesanu/",
    "en": "en/2018/latgale-s-municipalities-share-their-experience-of-organising-work/",
    "ltg": "ltg/2018/latgolys-posvaldeibu-porstovi-dalejos-piredze/",
}
HOME = {"lv": "", "en": "en/", "ltg": "ltg/"}


@pytest.mark.parametrize("lang", ["lv", "en", "ltg"])
@pytest.mark.parametrize("kind", ["home", "article"])
def test_pages_open_with_language_and_no_axe_violations(page, base_url, lang, kind):
    path = HOME[lang] if kind == "home" else ARTICLE[lang]
    response = page.goto(f"{base_url}/{path}")
    assert response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").count() == 1
    violations = run_axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert page.js_errors == []


def test_language_switcher_goes_to_the_translation(page, base_url):
    page.goto(f"{base_url}/{ARTICLE['lv']}")
    with page.expect_navigation():
        page.locator(".languages a[hreflang=en]").click()
    assert page.url == f"{base_url}/{ARTICLE['en']}"
    assert page.get_attribute("html", "lang") == "en"
    with page.expect_navigation():
        page.locator(".languages a[hreflang=ltg]").click()
    assert page.url == f"{base_url}/{ARTICLE['ltg']}"


def test_language_switcher_says_when_there_is_no_translation(page, base_url):
    page.goto(f"{base_url}/2019/aglonas-novada-jauniesi-vasara-sakopa-ezeru-krastus/")
    link = page.locator(".languages a[hreflang=en]")
    assert "nav tulkots" in link.inner_text()
    with page.expect_navigation():
        link.click()
    assert page.url == f"{base_url}/en/"


def assert_in_first_viewport(height: int, *elements) -> None:
    """Each element is shown, entirely within the first ``height`` pixels of the page (no scrolling)."""
    for element in elements:
        box = element.bounding_box()
        assert box is not None and box["width"] > 0
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box


@pytest.mark.parametrize("width, height", [(375, 667), (1280, 800)])
@pytest.mark.parametrize("path", ["projekti/lli-59/", "en/projects/ddj-2023/"])
def test_project_emblem_visible_without_scrolling(page, base_url, width, height, path):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/{path}")
    emblem = page.locator("aside.funding-disclaimer img.eu-emblem").first
    statement = page.locator("aside.funding-disclaimer .eu-statement").first
    assert_in_first_viewport(height, emblem, statement)
    # the statement sits beside the emblem, not under or over it
    e, s = emblem.bounding_box(), statement.bounding_box()
    assert s["x"] >= e["x"] + e["width"]
    assert e["width"] >= 60


@pytest.mark.parametrize("width, height", [(375, 667), (1280, 800)])
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_funded_article_shows_the_emblem_without_scrolling(page, base_url, width, height, lang):
    """Regulation (EU) 821/2014 Art. 4(3)(a): the emblem and the reference to the Union are visible when the
    page opens; the full statement and notice stay at the end, and the emblem's alt text is read once."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/{ARTICLE[lang]}")
    line = page.locator(".funding-line").first
    emblem = line.locator("img").first
    assert_in_first_viewport(height, emblem, line)
    assert ("Eiropas Savienība" if lang == "lv" else "European Union") in line.inner_text()
    assert emblem.get_attribute("alt") == ""
    assert page.locator("aside.funding-disclaimer").count() == 1
    assert page.locator("aside.funding-disclaimer img.eu-emblem").first.get_attribute("alt")
    named = page.locator("img[alt]:not([alt=''])").evaluate_all("els => els.map(e => e.alt)")
    assert sum("Eiropas Savienības karogs" in a or "Flag of the European Union" in a for a in named) == 1


def test_calendar_walks_by_keyboard(page, base_url):
    page.goto(f"{base_url}/kalendars/2018/06/")
    assert page.locator("table.calendar caption").inner_text() == "2018. gada jūnijs"
    headers = page.locator("table.calendar thead th")
    assert headers.count() == 7
    assert "pirmdiena" in headers.first.inner_text()
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.getAttribute('href') || ''"))
    assert any("/2018/" in href and "lean" in href for href in seen), seen  # events in the table
    assert any(href.endswith("/kalendars/2018/05/") for href in seen), seen  # previous month
    page.goto(f"{base_url}/kalendars/2018/06/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if (page.evaluate("document.activeElement.getAttribute('href') || ''")).endswith("/kalendars/2018/05/"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/kalendars/2018/05/")
    assert page.locator("td#d-2018-05-16 a").count() >= 1


def test_today_is_marked_by_script(page, base_url):
    import datetime as dt
    from zoneinfo import ZoneInfo

    today = dt.datetime.now(ZoneInfo("Europe/Riga")).date()
    page.goto(f"{base_url}/")
    cell = page.locator(f'[data-calendar] time[datetime="{today.isoformat()}"]')
    if cell.count() == 0:
        pytest.skip("the demo site's month (pinned build date) is not the current month")
    assert cell.first.get_attribute("aria-current") == "date"
    assert page.locator("[data-today]").is_visible()


@pytest.mark.parametrize(
    "when, lang, says, never",
    [
        ("2028-02-29T09:00:00+02:00", "", "Šodien ir otrdiena, 29. februāris.", "svin -"),
        (
            "2027-05-22T09:00:00+03:00",
            "",
            "Vārda dienu svin Emīlija. Šodien ir arī visu kalendārā neierakstīto vārdu diena.",
            "Visu neparasto",
        ),
        (
            "2027-05-22T09:00:00+03:00",
            "en/",
            "Name days: Emīlija. It is also the name day of every name that is not in",
            "Visu neparasto",
        ),
    ],
)
def test_the_name_day_line_on_the_odd_days(page, base_url, when, lang, says, never):
    page.clock.set_fixed_time(when)
    page.goto(f"{base_url}/{lang}")
    line = page.locator("[data-today]")
    line.wait_for()
    assert says in line.inner_text() and never not in line.inner_text()


@pytest.mark.parametrize(
    "lang, query, expected",
    [
        ("lv", "Garjāne", "komunikacijas-prasmes"),
        ("lv", "Garjane", "komunikacijas-prasmes"),
        ("en", "Griškāni", "en/2024/youth-workers"),
        ("en", "Griskani", "en/2024/youth-workers"),
    ],
)
def test_search_finds_with_and_without_diacritics(page, base_url, lang, query, expected):
    path = "meklet/" if lang == "lv" else "en/search/"
    page.goto(f"{base_url}/{path}?q={query}")
    first = page.locator(".search-results li a").first
    first.wait_for(timeout=10000)
    assert expected in first.get_attribute("href")
    assert page.js_errors == []


@pytest.mark.parametrize(
    "rel, title", [("feeds/all.rss.xml", "Latgales reģiona ziņas"), ("en/feeds/all.atom.xml", "Latgale Region News")]
)
def test_a_feed_opened_in_the_browser_is_a_readable_page(page, base_url, rel, title):
    page.goto(f"{base_url}/{rel}")
    assert page.locator("h1").first.inner_text() == title
    assert page.locator("ul.feed-items li h2 a").count() > 3
    assert page.locator("html").get_attribute("lang") == rel.split("/")[0].replace("feeds", "lv")


@pytest.mark.parametrize("width, first, fourth", [(375, "P", "C"), (1280, "pirmd.", "ceturtd.")])
def test_month_calendar_weekdays_fit_a_phone(page, base_url, width, first, fourth):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{base_url}/kalendars/2018/06/")
    heads = page.locator("table.calendar:not(.calendar-mini) thead th")
    shown = heads.evaluate_all(
        "ths => ths.map(th => Array.from(th.querySelectorAll('span[aria-hidden]'))"
        ".filter(s => getComputedStyle(s).display !== 'none').map(s => s.textContent).join(''))"
    )
    assert shown[0] == first and shown[3] == fourth, shown
    assert heads.first.locator(".visually-hidden").inner_text() == "pirmdiena"


@pytest.mark.parametrize("lang, menu", [("lv", "Izvēlne"), ("en", "Menu")])
def test_phone_header_is_small_and_its_menu_and_search_work_without_script(browser_context, base_url, lang, menu):
    page = browser_context.new_page()
    try:
        page.set_viewport_size({"width": 375, "height": 667})
        page.route("**/*.js", lambda route: route.abort())  # no JavaScript at all
        page.goto(f"{base_url}/{HOME[lang]}")
        assert page.locator("header.site-header").bounding_box()["height"] <= 120
        assert not page.locator("#site-menu").is_visible()
        page.get_by_role("link", name=menu, exact=True).click()
        assert page.locator("#site-menu").is_visible()
        assert page.locator("#site-menu a").first.is_visible()
        page.goto(f"{base_url}/{HOME[lang]}")
        page.locator(".header-tools a").first.click()
        assert page.locator("main form[role=search], main input[type=search]").first.is_visible()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{base_url}/{HOME[lang]}")
        assert page.locator("#site-menu").is_visible() and page.locator(".header-search").is_visible()
        assert not page.locator(".header-tools").is_visible()
    finally:
        page.close()


def test_phone_home_shows_upcoming_events_after_the_first_news(page, base_url):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(f"{base_url}/")
    y = {
        sel: page.locator(sel).bounding_box()["y"]
        for sel in ("#latest", "#home-upcoming", "#home-calendar", "#more-news")
    }
    assert y["#latest"] < y["#home-upcoming"] < y["#home-calendar"] < y["#more-news"], y
    assert page.locator(".home-news article").count() == 3


@pytest.mark.parametrize(
    "path", ["ltg/projekti/programma/interreg-lv-lt-2014-2020/", "ltg/", "ltg/kalendars/", "ltg/pasvaldibas/preili/"]
)
def test_latvian_texts_marked_on_latgalian_pages_look_like_the_text_around_them(page, base_url, path):
    """The <span lang="lv"> round a fallback text is for screen readers only: no style may pick it up."""
    page.goto(f"{base_url}/{path}")
    spans = page.locator("span[lang=lv]")
    assert spans.count() > 3
    looks = page.evaluate("""() => [...document.querySelectorAll('span[lang=lv]')].map(s => {
        const c = getComputedStyle(s), p = getComputedStyle(s.parentElement);
        return [s.textContent, c.display, c.borderTopWidth, c.paddingLeft, c.backgroundColor === p.backgroundColor
                || c.backgroundColor === 'rgba(0, 0, 0, 0)'];
    })""")
    odd = [look for look in looks if look[1:] != ["inline", "0px", "0px", True]]
    assert odd == []
