"""Funding notices read right in every language: the beneficiary in the form the sentence needs,
its own name in each language, the language's quotation marks; a missing form fails the build."""

from __future__ import annotations

import runpy

import pytest

from tests.conftest import ROOT, assert_refused
from tests.sites.fixtures import PROJECT_EN

pytestmark = pytest.mark.site

SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))

PROJECT = """
---
code: LL-00123
title: Velomaršruti ģimenēm
programme: interreg-lv-lt-2021-2027
start: 2025-01-01
end: 2027-06-30
{extra}---

Maršruti.
"""
ARTICLE = """
---
title: Sākas velomaršrutu projekts
date: 2025-04-10
projects: [LL-00123]
---

Teksts.
"""
ARTICLE_EN = "---\ntitle: The cycling route project starts\n---\n\nText.\n"


def _files(extra: str = "") -> dict[str, str]:
    return {
        "projects/ll-00123.lv.md": PROJECT.format(extra=extra),
        "projects/ll-00123.en.md": PROJECT_EN.replace("LLI-59", "LL-00123"),
        "articles/2025/sakas.lv.md": ARTICLE,
        "articles/2025/sakas.en.md": ARTICLE_EN,
    }


def _notice(built, rel: str) -> str:
    return built.html(rel).css_first("aside.funding-disclaimer p.notice-text").text()


def test_the_organisation_in_the_genitive_and_in_english(make_site):
    built = make_site(_files())
    assert built.code == 0, built.log
    lv = _notice(built, "2025/sakas-velomarsrutu-projekts/index.html")
    assert "tikai un vienīgi Latgales plānošanas reģiona viedokļi" in lv
    assert "Projektu LL-00123 „Velomaršruti ģimenēm” līdzfinansē" in lv
    en = _notice(built, "en/2025/the-cycling-route-project-starts/index.html")
    assert "those of Latgale Planning Region only" in en and "reģion" not in en


def test_a_beneficiary_of_its_own_needs_its_genitive(make_site):
    built = make_site(_files("beneficiary: Preiļu novada pašvaldība\n"))
    assert_refused(built, "projects/ll-00123.lv.md:7", "beneficiary_genitive", "in the genitive")
    fixed = make_site(
        _files("beneficiary: Preiļu novada pašvaldība\nbeneficiary_genitive: Preiļu novada pašvaldības\n")
    )
    assert fixed.code == 0, fixed.log
    assert "vienīgi Preiļu novada pašvaldības viedokļi" in _notice(fixed, "2025/sakas-velomarsrutu-projekts/index.html")


def test_an_organisation_without_the_form_is_named_in_the_settings(make_site):
    languages = [{k: v for k, v in item.items() if k != "organisation_forms"} for item in SETTINGS["SITE_LANGUAGES"]]
    built = make_site(_files(), overrides={"SITE_LANGUAGES": languages})
    assert built.code == 1 and "Traceback" not in built.log
    assert (
        "pelicanconf.py: [SITE_LANGUAGES] error: the 'lv' notice of 'interreg-lv-lt-2021-2027' names the "
        "organisation in the genitive" in built.log
    )
    assert "'organisation_forms'" in built.log


def test_a_template_asking_for_an_unknown_form_is_refused(make_site, tmp_path):
    built = make_site(
        {
            **_files(),
            "data/programmes.yaml": (ROOT / "content/data/programmes.yaml")
            .read_text("utf-8")
            .replace("{beneficiary:genitive}", "{beneficiary:dative}"),
        }
    )
    assert built.code == 1
    assert "data/programmes.yaml" in built.log and "{beneficiary:dative}" in built.log
    assert "{beneficiary:genitive}" in built.log  # the hint names the form that exists
