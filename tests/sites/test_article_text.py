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
    site = make_site({"projects/lli-59.lv.md": PROJECT_LV, "projects/lli-59.en.md": PROJECT_EN,
                      "articles/2018/seminars.lv.md": EVENT_LV.replace("image: images/cover.png\n", ""),
                      "articles/2018/seminars.en.md": EVENT_EN})
    assert site.code == 0, site.log
    for page in site.output.rglob("index.html"):
        text = page.read_text("utf-8")
        if "LLI-59" in text and "link-list" in text:
            assert "(tagad LLI-59)" not in text and "(now LLI-59)" not in text, page
    lv = next(p for p in site.output.glob("2018/*/index.html")).read_text("utf-8")
    assert '<span class="note">(LLI-59)</span>' in lv
