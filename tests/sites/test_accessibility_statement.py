"""The accessibility statement (Cabinet Regulation No. 445, Directive (EU) 2016/2102) in every language.

The demo site's statement has the sections of the national template in Latvian, English and
Latgalian, gives the site's own contact e-mail as a ``mailto:`` link, names the monitoring body
and the Ombudsman, and claims only what the site has (a PDF, the web editor); every language's
footer links its own statement, or the default language's where a language has none.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, BuiltSite, build

pytestmark = pytest.mark.site

SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
STEM = SETTINGS["ACCESSIBILITY_PAGE"]
LANGS = ("lv", "en", "ltg")

# The headings of the sections every statement must have, per language.
SECTIONS = {
    "lv": [
        "Atbilstības statuss",
        "Nepiekļūstams saturs",
        "Alternatīvi piekļuves veidi",
        "Kā vietne tika novērtēta",
        "Atsauksmes un saziņa",
        "Uzraudzība un sūdzības",
        "Paziņojuma sagatavošana",
    ],
    "en": [
        "Compliance status",
        "Non-accessible content",
        "Other ways to get the content",
        "How the site was evaluated",
        "Feedback and contact",
        "Supervision and complaints",
        "About this statement",
    ],
    "ltg": [
        "Atbilsteibys statuss",
        "Napīkļyustams saturs",
        "Alternativys",
        "Kai vītne tyka puorbaudeita",
        "Atsauksmis i kontakti",
        "Uzraudzeiba",
        "Par itū paziņuojumu",
    ],
}
# The commitment sentence names the body; the evaluation's date; the conformance status.
BODY = {"lv": "Latgales plānošanas reģions", "en": "Latgale Planning Region", "ltg": "Latgolys plānuošonys regions"}
EVALUATED = {"lv": "2026. gada 30. novembrī", "en": "30 November 2026", "ltg": "2026. goda 30. novembrī"}
PARTLY = {"lv": "daļēji atbilst", "en": "partially compliant", "ltg": "daļeji atbilst"}


def _title(lang: str) -> str:
    text = (ROOT / "content" / "pages" / f"{STEM}.{lang}.md").read_text("utf-8")
    return str(yaml.safe_load(text.split("---", 2)[1])["title"])


def _page_by_title(site: BuiltSite, lang: str, title: str) -> str:
    """The output path (relative) of the static page of ``lang`` whose <h1> is ``title``."""
    found = []
    for path in site.output.rglob("index.html"):
        tree = site.html(str(path.relative_to(site.output)))
        body, h1 = tree.css_first("body"), tree.css_first("main h1")
        if body is None or h1 is None or body.attributes.get("data-page-type") != "page":
            continue
        if body.attributes.get("data-lang") == lang and h1.text(strip=True) == title:
            found.append(str(path.relative_to(site.output)))
    assert len(found) == 1, f"{lang}: expected one page titled {title!r}, found {found}"
    return found[0]


def _home(lang: str) -> str:
    return "index.html" if lang == SETTINGS["DEFAULT_LANG"] else f"{lang}/index.html"


def _href(rel: str) -> str:
    return "/" + rel.removesuffix("index.html")


def _footer_links(site: BuiltSite, rel: str) -> list[tuple[str, str | None, str]]:
    """(href, lang attribute, text) of each link in the footer's "about this site" list."""
    return [
        (a.attributes.get("href") or "", a.attributes.get("lang"), a.text(strip=True))
        for a in site.html(rel).css("footer.site-footer nav a")
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> BuiltSite:
    base = tmp_path_factory.mktemp("a11y-demo")
    built = build(ROOT / "content", base / "output")
    assert built.code == 0, built.log
    return built


@pytest.fixture(scope="module")
def statements(demo) -> dict[str, str]:
    return {lang: _page_by_title(demo, lang, _title(lang)) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_has_every_section_in_its_language(demo, statements, lang):
    tree = demo.html(statements[lang])
    assert tree.css_first("html").attributes.get("lang") == lang
    main = tree.css_first("main")
    headings = [h.text(strip=True) for h in main.css("h2")]
    missing = [s for s in SECTIONS[lang] if s not in headings]
    assert not missing, f"{lang}: sections missing: {missing}; the page has {headings}"
    text = " ".join(main.text().split())
    assert BODY[lang] in text, "the commitment sentence names the body"
    assert re.search(r"N[ro]\. 445", text) and "2016/2102" in text, (
        "the statement cites the regulation and the directive"
    )
    assert "EN 301 549" in text and "WCAG 2.1" in text and PARTLY[lang] in text
    assert EVALUATED[lang] in text, "the date of the evaluation"
    assert "axe-core" in text and "Nu Html Checker" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_gives_the_sites_contact_and_the_supervising_bodies(demo, statements, lang):
    main = demo.html(statements[lang]).css_first("main")
    hrefs = [a.attributes.get("href") or "" for a in main.css("a")]
    assert f"mailto:{SETTINGS['CONTACT_EMAIL']}" in hrefs, f"{lang}: no mailto: link to CONTACT_EMAIL: {hrefs}"
    assert "tel:" + SETTINGS["CONTACT_PHONE"].replace(" ", "") in hrefs
    text = " ".join(main.text().split())
    assert "Valsts digitālās attīstības aģentūra" in text and "VDAA" in text
    assert "Tiesībsarga birojs" in text or "Tiesībsarga birojā" in text
    assert any(re.match(r"https://(www\.)?vdaa\.gov\.lv/", h) for h in hrefs)
    assert any(re.match(r"https://(www\.)?tiesibsargs\.lv/", h) for h in hrefs)
    if lang != "lv":  # the bodies' Latvian names are marked as Latvian in another language's page
        named = [a for a in main.css("a") if "vdaa.gov.lv" in (a.attributes.get("href") or "")]
        assert all(a.attributes.get("lang") == "lv" for a in named)
    # the scope links the site's own root, never a hard-coded host
    assert "/" in hrefs and not any("lpr.gov.lv" in h for h in hrefs if h.startswith("http"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_footer_of_every_page_links_the_languages_statement(demo, statements, lang):
    article = next(
        p
        for p in sorted(demo.output.glob(("" if lang == "lv" else f"{lang}/") + "20*/*/index.html"))
        if p.parent.parent.name.isdigit() and len(p.parent.parent.name) == 4
    )
    for rel in (_home(lang), str(article.relative_to(demo.output)), statements[lang]):
        links = _footer_links(demo, rel)
        assert (_href(statements[lang]), None, _title(lang)) in links, f"{rel}: footer links {links}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_claims_only_what_the_site_has(demo, statements, lang):
    text = demo.html(statements[lang]).css_first("main").text()
    pdfs = sorted(p.name for p in (demo.output / "files").rglob("*.pdf")) if (demo.output / "files").is_dir() else []
    assert ("PDF" in text) == bool(pdfs), f"{lang}: the statement's PDF claims do not match the site's PDFs {pdfs}"
    assert ("/admin/" in text) == demo.exists("admin/index.html"), "the web editor is named only if the site has one"
    assert "2020. gada" not in text.replace("2020. gada 14. jūlija", ""), "no archive before 2020 is claimed"


def test_a_scanned_pdf_is_the_one_the_statement_describes():
    """The statement calls the site's PDF a scanned picture without text: it has no fonts (no text
    layer) and no tag structure."""
    pdfs = sorted((ROOT / "content" / "files").glob("*.pdf"))
    assert [p.name for p in pdfs] == ["macibu-programma-2024.pdf"]
    data = pdfs[0].read_bytes()
    assert b"/Font" not in data and b"/StructTreeRoot" not in data and b"/Subtype /Image" in data


PAGE = "---\ntitle: {title}\n---\n\n{body}\n"


def test_a_language_without_its_own_statement_links_the_default_languages(make_site):
    site = make_site(
        {
            "pages/pieklustamiba.lv.md": PAGE.format(title="Paziņojums par piekļūstamību", body="Teksts."),
            "pages/par-mums.lv.md": PAGE.format(title="Par mums", body="Teksts."),
            "pages/par-mums.en.md": PAGE.format(title="About us", body="Text."),
        }
    )
    assert site.code == 0, site.log
    lv = ("/pazinojums-par-pieklustamibu/", None, "Paziņojums par piekļūstamību")
    assert lv in _footer_links(site, "index.html")
    for lang in ("en", "ltg"):
        links = _footer_links(site, f"{lang}/index.html")
        assert ("/pazinojums-par-pieklustamibu/", "lv", "Paziņojums par piekļūstamību") in links, links
        marked = [a for a in site.html(f"{lang}/index.html").css("footer nav a[hreflang=lv]")]
        assert len(marked) == 1
    assert len([x for x in _footer_links(site, "en/index.html") if "about-us" in x[0]]) == 1


def test_without_the_setting_no_statement_is_added(make_site):
    site = make_site(
        {"pages/pieklustamiba.lv.md": PAGE.format(title="Paziņojums par piekļūstamību", body="T.")},
        overrides={"ACCESSIBILITY_PAGE": ""},
    )
    assert site.code == 0, site.log
    assert not [x for x in _footer_links(site, "en/index.html") if "pieklustamibu" in x[0]]


def test_a_statement_stem_that_is_not_a_file_name_is_refused(make_site):
    site = make_site({}, overrides={"ACCESSIBILITY_PAGE": "../pieklustamiba"})
    assert site.code == 1
    assert "ACCESSIBILITY_PAGE" in site.log and "Traceback" not in site.log


def test_the_setting_is_known():
    from multisite.settings_names import OURS

    assert "ACCESSIBILITY_PAGE" in OURS
    assert Path(ROOT / "content" / "pages" / f"{STEM}.ltg.md").is_file()
