"""Ordinals at line starts on a built site: text in Latvian and Latgalian, lists where the editor wrote one."""

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
