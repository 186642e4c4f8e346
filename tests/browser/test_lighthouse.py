"""Lighthouse on the demo site: accessibility, best practices and SEO at 95 or more.

The home page, a funded article with a picture, a project page and the month
calendar, as a phone (the form whose layout differs most; ``invoke
lighthouse`` audits the desktop form too). Performance is a measurement of
time and is left to ``invoke lighthouse`` (see quality/lighthouse.py).
"""

from __future__ import annotations

import os

import pytest

from quality.lighthouse import TARGET, Run, audit_sites, default_pages, find_lighthouse, scores_of, table
from tests.conftest import ROOT

CATEGORIES = ("accessibility", "best-practices", "seo")


BROKEN = '<!doctype html><html><body><img src="x.png"><p style="color:#bbb">Teksts</p></body></html>'


@pytest.fixture(scope="module")
def audits(demo_site, browser_context, tmp_path_factory) -> tuple[list[Run], list[Run]]:
    """The demo's pages, and a page with no language, no title and an image without alt text: audited
    by one Lighthouse process in one browser (each start of them costs more than a page's audit)."""
    if find_lighthouse() is None:
        if os.environ.get("CI"):
            pytest.fail("Lighthouse is missing: npm ci installs it into node_modules")
        pytest.skip("Lighthouse is not installed (npm ci)")
    broken = tmp_path_factory.mktemp("broken")
    (broken / "index.html").write_text(BROKEN, "utf-8")
    pages = default_pages(demo_site.output, ROOT / "pelicanconf.py")
    demo, bad = audit_sites(
        [(demo_site.output, pages), (broken, {"broken": "/"})], forms=("mobile",), categories=CATEGORIES
    )
    return demo, bad


@pytest.fixture(scope="module")
def runs(audits) -> list[Run]:
    return audits[0]


def test_the_four_kinds_of_page_are_audited(runs):
    assert {(r.name, r.form) for r in runs} == {(name, "mobile") for name in ("home", "article", "project", "calendar")}
    assert all(set(r.scores) == set(CATEGORIES) for r in runs)


def test_every_score_is_at_least_95(runs):
    failing = [
        f"{r.name} {r.path} ({r.form}): {', '.join(r.below(TARGET, CATEGORIES))}\n    " + "\n    ".join(r.losses)
        for r in runs
        if r.below(TARGET, CATEGORIES)
    ]
    assert not failing, table(runs, CATEGORIES) + "\n" + "\n".join(failing)


def test_a_page_that_breaks_the_rules_scores_below_the_target():
    """The scores come from Lighthouse's report as it is: a report with failed audits fails."""
    report = {
        "categories": {"accessibility": {"score": 0.71, "auditRefs": [{"id": "image-alt", "weight": 10}]}},
        "audits": {"image-alt": {"title": "Image elements have [alt] attributes", "score": 0}},
    }
    run = scores_of(report, "article", "/a/", "mobile")
    assert run.below(TARGET) == ["accessibility"]
    assert run.losses == ("accessibility: Image elements have [alt] attributes (0.00)",)


def test_lighthouse_really_fails_a_broken_page(audits):
    """The same pipeline on a page with no language, no title and an image without alt text."""
    (run,) = audits[1]
    assert run.below(TARGET, ("accessibility", "seo")) == ["accessibility", "seo"]
    assert any("[alt]" in loss for loss in run.losses)


def test_the_pages_server_compresses_text_like_github_pages(tmp_path):
    import gzip
    import urllib.request

    from quality.browser import serve

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text("<p>Sveiki</p>" * 50, "utf-8")
    (tmp_path / "a.png").write_bytes(b"\x89PNG fake")
    with serve(tmp_path, like_github_pages=True) as base:
        with urllib.request.urlopen(urllib.request.Request(base + "/sub/", headers={"Accept-Encoding": "gzip"})) as r:
            assert r.headers["Content-Encoding"] == "gzip" and r.headers["Cache-Control"] == "max-age=600"
            assert gzip.decompress(r.read()).decode() == "<p>Sveiki</p>" * 50
        with urllib.request.urlopen(base + "/sub/") as r:  # no gzip asked for
            assert r.headers["Content-Encoding"] is None and r.read().decode() == "<p>Sveiki</p>" * 50
        with urllib.request.urlopen(urllib.request.Request(base + "/a.png", headers={"Accept-Encoding": "gzip"})) as r:
            assert r.headers["Content-Encoding"] is None and r.headers["Cache-Control"] == "max-age=600"
        with urllib.request.urlopen(base + "/sub") as r:  # redirected to the folder
            assert r.url.endswith("/sub/")
