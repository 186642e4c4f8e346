"""Article text on a built site: ordinals at line starts in Latvian, project links with their code."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

pytestmark = pytest.mark.site

LV = """---
title: Seminārs Preiļos
date: 2018-06-10
---

2018. gada 8. jūnijā Preiļos notika seminārs.

1. vietā konkursā ierindojās Ludzas komanda.

Darba kārtība:

1. Atklāšana
2. Ziņojumi
"""
EN = """---
title: Seminar in Preiļi
---

1. A one-item list in English stays a list.
"""


def test_latvian_ordinals_are_text_and_lists_stay_lists(make_site):
    site = make_site({"articles/2018/seminars.lv.md": LV, "articles/2018/seminars.en.md": EN})
    assert site.code == 0, site.log
    lv = LexborHTMLParser((site.output / "2018/seminars-preilos/index.html").read_text("utf-8"))
    body = lv.css_first(".e-content") or lv.css_first("article")
    paragraphs = [p.text() for p in body.css("p")]
    assert any(p.startswith("2018. gada 8. jūnijā") for p in paragraphs), paragraphs
    assert any(p.startswith("1. vietā") for p in paragraphs), paragraphs
    lists = body.css("ol")
    assert len(lists) == 1 and [li.text() for li in lists[0].css("li")] == ["Atklāšana", "Ziņojumi"]
    assert 'start="2018"' not in lv.html
    en = LexborHTMLParser((site.output / "en/2018/seminar-in-preili/index.html").read_text("utf-8"))
    assert (en.css_first(".e-content") or en.css_first("article")).css_first("ol") is not None


def test_project_links_name_the_code_without_now(make_site):
    from tests.sites.fixtures import EVENT_EN, EVENT_LV, PROJECT_EN, PROJECT_LV

    site = make_site(
        {
            "projects/lli-59.lv.md": PROJECT_LV,
            "projects/lli-59.en.md": PROJECT_EN,
            "articles/2018/seminars.lv.md": EVENT_LV.replace("image: images/cover.png\n", ""),
            "articles/2018/seminars.en.md": EVENT_EN,
        }
    )
    assert site.code == 0, site.log
    for page in site.output.rglob("index.html"):
        text = page.read_text("utf-8")
        if "LLI-59" in text and "link-list" in text:
            assert "(tagad LLI-59)" not in text and "(now LLI-59)" not in text, page
    lv = next(p for p in site.output.glob("2018/*/index.html")).read_text("utf-8")
    assert '<span class="note">(LLI-59)</span>' in lv


def test_calendar_descriptions_join_an_editors_hard_line_breaks(make_site):
    from icalendar import Calendar

    files = {
        "articles/2026/tirgus.lv.md": (
            "---\ntitle: Tirgus Preiļos\ndate: 2026-04-20 08:00\nevent_dates: [2026-04-25T09:00/2026-04-25T13:00]\n"
            "event_location: Preiļi\nsummary: |\n  Katru sestdienu Preiļu\n  tirgus laukumā\n"
            "  notiek vietējo ražotāju tirgus.\n\n"
            "  Ieeja bez maksas.\n---\n\nTeksts.\n"
        )
    }
    built = make_site(files)
    assert built.code == 0, built.log
    event = Calendar.from_ical((built.output / "feeds/events.ics").read_bytes()).walk("VEVENT")[0]
    description = str(event.get("description"))
    assert "Katru sestdienu Preiļu tirgus laukumā notiek vietējo ražotāju tirgus.\n\nIeeja bez maksas." in description
