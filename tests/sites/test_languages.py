"""Languages are data: a fork adds Lithuanian (or any language Babel and ICU know) in the settings only."""

import pytest

from tests.conftest import ROOT
from tests.langs import EXTRA_LANGUAGES

from .fixtures import basic_site

pytestmark = pytest.mark.site

DEMO_LANGUAGES = __import__("runpy").run_path(str(ROOT / "pelicanconf.py"))["SITE_LANGUAGES"]
LT = EXTRA_LANGUAGES[0]
DE = EXTRA_LANGUAGES[1]

EVENT_LT = """
---
title: Savivaldybių darbuotojai mokosi LEAN metodų
date: 2018-05-24
projects: [LLI-59]
tags: [Zarasai, Šiauliai, Ylakiai, Anykščiai, Ignalina, Jonava]
event_dates: [2018-05-15, 2018-05-16, 2018-05-22]
event_location: Zarasai
---

Mokymai vyko Zarasuose.
"""

NEWS_LT = """
---
title: Nauja biblioteka Ignalinoje
date: 2018-06-02
tags: [Ignalina]
---

Biblioteka atidaryta 2018 metais.
"""

PROJECT_LT = """
---
code: LLI-59
title: Praktinių mokymų ciklas institucijų bendradarbiavimui
short_title: Open Leadership
---

## Tikslas

Stipresni savivaldybių darbuotojų įgūdžiai.
"""

PAGE_LT = """
---
title: Apie mus
---

Latgalos planavimo regionas.
"""


def _lt_site() -> dict:
    files = basic_site()
    files.update(
        {
            "articles/2018/lean.lt.md": EVENT_LT,
            "articles/2018/biblioteka.lt.md": NEWS_LT,
            "projects/lli-59.lt.md": PROJECT_LT,
            "pages/par-mums.lt.md": PAGE_LT,
        }
    )
    return files


@pytest.fixture(scope="module")
def lt_site(tmp_path_factory):
    from tests.conftest import build, write_content

    base = tmp_path_factory.mktemp("lt")
    write_content(base / "content", _lt_site())
    built = build(
        base / "content",
        base / "output",
        overrides={"SITE_LANGUAGES": [*DEMO_LANGUAGES, LT], "TIMEZONE": "Europe/Vilnius"},
    )
    assert built.code == 0, built.log
    return built


def _lt_article(site) -> str:
    return next(
        str(p.relative_to(site.output))
        for p in (site.output / "lt" / "2018").glob("*/index.html")
        if "LEAN" in p.read_text("utf-8")
    )


def test_lithuanian_pages_exist_with_their_language(lt_site):
    for rel in ("lt/index.html", _lt_article(lt_site)):
        assert lt_site.html(rel).css_first("html").attributes["lang"] == "lt"


def test_dates_in_lithuanian_running_text(lt_site):
    page = lt_site.read(_lt_article(lt_site))
    assert "2018 m. gegužės 15, 16 ir 22 d." in page
    assert "2018 m. gegužės 24 d." in page  # the publication date


def test_calendar_caption_and_weekdays_in_lithuanian(lt_site):
    page = lt_site.html("lt/calendar/2018/05/index.html")
    assert "2018 m. gegužė" in page.css_first("h1").text()
    text = page.body.text()
    assert "pirmadienis" in text or "pirmad." in text or "Pr" in text


def test_tags_in_lithuanian_alphabetical_order(lt_site):
    page = lt_site.html("lt/tags/index.html")
    names = [
        a.text().strip()
        for a in page.css("main a")
        if a.text().strip() in {"Zarasai", "Šiauliai", "Ylakiai", "Anykščiai", "Ignalina", "Jonava"}
    ]
    assert names == ["Anykščiai", "Ignalina", "Ylakiai", "Jonava", "Šiauliai", "Zarasai"]


def test_interface_strings_translated_or_in_english(lt_site):
    nav = lt_site.html("lt/index.html").body.text()
    assert "Naujienos" in nav and "Renginiai" in nav  # translated in theme/translations/lt
    assert "Page not found" not in nav
    assert "interface string(s) have no 'lt' translation and are shown in 'en'" in lt_site.log
    skip = lt_site.html("lt/index.html").css_first("a.skip-link, a[href='#main']")
    assert skip is not None and skip.css_first("span").attributes["lang"] == "en"  # English, so marked
    assert "English" in lt_site.html("lt/index.html").css_first(".fallback-note").text()


def test_funding_notice_follows_the_chain_to_english(lt_site):
    page = lt_site.html(_lt_article(lt_site))
    notice = page.css_first("aside.funding-disclaimer").text()
    assert "This publication has been produced with the financial assistance of the European Union" in notice
    assert "have no 'lt' text and are shown in 'en'" in lt_site.log
    assert "interreg-lv-lt-2014-2020.notice" in lt_site.log


def test_the_time_zone_setting_gives_the_offsets(make_site):
    event = EVENT_LT.replace("event_dates: [2018-05-15, 2018-05-16, 2018-05-22]", "event_dates: [2018-05-15 10:00]")
    files = {**basic_site(), "articles/2018/lean.lt.md": event}
    riga = make_site(files, overrides={"SITE_LANGUAGES": [*DEMO_LANGUAGES, LT]})
    new_york = make_site(files, overrides={"SITE_LANGUAGES": [*DEMO_LANGUAGES, LT], "TIMEZONE": "America/New_York"})
    assert riga.code == 0 and new_york.code == 0, riga.log + new_york.log
    ics_riga, ics_ny = riga.read("lt/feeds/events.ics"), new_york.read("lt/feeds/events.ics")
    assert "TZID=Europe/Riga:20180515T100000" in ics_riga
    assert "TZID=America/New_York:20180515T100000" in ics_ny
    assert "X-WR-TIMEZONE:America/New_York" in ics_ny
    assert "2018-05-15T10:00:00-04:00" in new_york.read(_lt_article(new_york))
    assert "2018-05-15T10:00:00+03:00" in riga.read(_lt_article(riga))


def test_a_fifth_language_babel_knows_builds(make_site):
    built = make_site(basic_site(), overrides={"SITE_LANGUAGES": [*DEMO_LANGUAGES, LT, DE]})
    assert built.code == 0, built.log
    assert built.html("de/index.html").css_first("html").attributes["lang"] == "de"


def test_path_words_set_in_the_settings(make_site):
    lt = {**LT, "path_words": {"events": "renginiai", "tags": "zymos"}}
    built = make_site(_lt_site(), overrides={"SITE_LANGUAGES": [*DEMO_LANGUAGES, lt]})
    assert built.code == 0, built.log
    assert built.exists("lt/renginiai/index.html") and built.exists("lt/zymos/index.html")
    assert built.exists("lt/calendar/index.html")  # a word it does not set: from English, its fallback
