"""The web editor end to end: Decap CMS, served by the built site, saving through decap-server into a
throw-away copy of a fixture site; what it saves is then built into pages with Pelican.

An editor logs in to the local backend, writes a Latvian article about a funded project with an event
date, adds its English translation and publishes; the files that appear under content/ are exactly
the content model's names, and the site built from them carries the notice, the calendar entry and
the language switcher.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from icalendar import Calendar

from cms.local import EditorUnavailable, free_port, start_server, stop
from quality.browser import serve
from tests.conftest import ROOT, build, write_content
from tests.sites.fixtures import PROJECT_EN, PROJECT_LV

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "node_modules/decap-server").is_dir(),
    reason="Node.js and the npm tools (npm ci) are needed for the web editor",
)

TITLE_LV = "Krāslavā notiks pašvaldību pieredzes diena"
TITLE_EN = "Krāslava hosts a day of municipal experience"
NOTICE_LV = "Šī publikācija ir sagatavota ar Eiropas Savienības finansiālo atbalstu"
NOTICE_EN = "This publication has been produced with the financial assistance of the European Union"


@pytest.fixture
def editor_site(tmp_path):
    """A Git repository with a fixture site's content, its built site with the editor, and
    decap-server writing into it; yields (repository, site address)."""
    repo = tmp_path / "repo"
    write_content(
        repo / "content",
        {
            "projects/lli-59.lv.md": PROJECT_LV,
            "projects/lli-59.en.md": PROJECT_EN,
            "pages/par-mums.lv.md": "---\ntitle: Par mums\n---\n\nReģiona ziņas.\n",
        },
    )
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    # The file server starts first, on a port it could take (another program may take a free port
    # between the look and the start: then the next one is tried), and the site is built for that port.
    for attempt in range(5):
        port = free_port(18081 + 10 * attempt)
        try:
            server = start_server(repo, port, tools=ROOT)
            break
        except EditorUnavailable:
            if attempt == 4:
                raise
    try:
        built = build(repo / "content", tmp_path / "output", overrides={"CMS_LOCAL_PORT": port})
        assert built.code == 0, built.log
        with serve(built.output) as url:
            yield repo, url
    finally:
        stop(server)


def _publish(page) -> None:
    page.get_by_role("button", name="Publicēt").first.click()
    page.get_by_text("Publicēt tagad").click()


def _wait_for(paths: list[Path], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(p.is_file() for p in paths):
            return
        time.sleep(0.2)
    raise AssertionError(f"the editor did not save {[str(p) for p in paths if not p.is_file()]}")


def test_an_editor_writes_a_funded_event_and_its_translation(editor_site, page, tmp_path):
    repo, url = editor_site
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not re.match(r"(https?://127\.0\.0\.1|data:|blob:)", r.url) else None,
    )
    page.goto(f"{url}/admin/")
    page.get_by_role("button", name="Pieslēgties").click()
    page.get_by_text("Raksti").first.wait_for()
    page.goto(f"{url}/admin/#/collections/articles/new")

    title = page.locator('[id^="title-field-"]')
    title.nth(0).fill(TITLE_LV)
    page.locator('[id^="date-field-"]').nth(0).fill("2026-11-20T09:30")
    page.locator('[id^="projects-field-"]').nth(0).click()
    page.keyboard.type("LLI-59")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Pievienot: pasākuma datumi").first.click()
    page.locator('[id^="when-field-"]').first.fill("2026-12-03T10:00/2026-12-03T15:00")
    page.locator('[id^="event_location-field-"]').nth(0).fill("Krāslava, Rīgas iela 13")
    body = page.locator("[data-slate-editor=true]")
    body.nth(0).click()
    page.keyboard.type("Pašvaldību darbinieki dalīsies pieredzē par pakalpojumu uzlabošanu.")
    title.nth(1).fill(TITLE_EN)
    body.nth(1).click()
    page.keyboard.type("Municipal staff will share what they learnt about better services.")
    _publish(page)

    folder = repo / "content" / "articles" / "2026"
    lv, en = (
        folder / "kraslava-notiks-pasvaldibu-pieredzes-diena.lv.md",
        folder / "kraslava-notiks-pasvaldibu-pieredzes-diena.en.md",
    )
    try:
        _wait_for([lv, en])
    except AssertionError:
        page.screenshot(path=str(tmp_path / "editor.png"))
        saved = sorted(str(p.relative_to(repo)) for p in (repo / "content").rglob("*.md"))
        raise AssertionError(f"saved: {saved}; the editor shows: {page.inner_text('body')[:600]}") from None
    page.get_by_text("Ieraksts publicēts").or_(page.get_by_text("Ieraksts saglabāts")).first.wait_for()
    page.get_by_title("Rādīt priekšskatījumu").first.click()
    preview = page.frame_locator("iframe").last
    notice = preview.locator("aside.funding-disclaimer")
    notice.wait_for()
    assert NOTICE_LV in notice.inner_text()
    assert preview.locator("aside.funding-disclaimer img.eu-emblem").get_attribute("alt")
    assert not outside, f"the editor loaded files from elsewhere: {outside}"
    text = lv.read_text("utf-8")
    assert f"title: {TITLE_LV}" in text and "LLI-59" in text and "2026-12-03T10:00/2026-12-03T15:00" in text
    assert "Pašvaldību darbinieki dalīsies" in text
    assert f"title: {TITLE_EN}" in en.read_text("utf-8")

    # Decap writes a file for every language, the shared keys copied into those nobody translated:
    # the build leaves such a file out, with a warning, instead of publishing a page without a title.
    stub = folder / "kraslava-notiks-pasvaldibu-pieredzes-diena.ltg.md"
    assert stub.is_file() and "title:" not in stub.read_text("utf-8")

    site = build(repo / "content", tmp_path / "site", overrides={"BUILD_DATE": "2026-11-23"})
    assert site.code == 0, site.log
    assert "kraslava-notiks-pasvaldibu-pieredzes-diena.ltg.md: [title" in site.log
    assert not site.exists("ltg/2026/kraslava-notiks-pasvaldibu-pieredzes-diena/index.html")
    page_lv = site.html("2026/kraslava-notiks-pasvaldibu-pieredzes-diena/index.html")
    notices = page_lv.css("aside.funding-disclaimer")
    assert len(notices) == 1 and NOTICE_LV in notices[0].text()
    switch = [a.attributes.get("href") or "" for a in page_lv.css("nav.languages a[hreflang=en]")]
    assert switch == ["/en/2026/kraslava-hosts-a-day-of-municipal-experience/"], switch
    page_en = site.html(switch[0].lstrip("/") + "index.html")
    assert NOTICE_EN in page_en.css_first("aside.funding-disclaimer").text()
    assert page_en.css_first("html").attributes["lang"] == "en"
    calendar = Calendar.from_ical((site.output / "feeds/events.ics").read_bytes())
    summaries = [str(e.get("summary")) for e in calendar.walk("VEVENT")]
    assert TITLE_LV in summaries


def test_the_editor_refuses_what_the_build_would_refuse(editor_site, page):
    repo, url = editor_site
    page.goto(f"{url}/admin/")
    page.get_by_role("button", name="Pieslēgties").click()
    page.get_by_text("Raksti").first.wait_for()
    page.goto(f"{url}/admin/#/collections/articles/new")
    page.locator('[id^="title-field-"]').nth(0).fill("Pasākums bez datuma")
    page.locator('[id^="date-field-"]').nth(0).fill("2026-11-20T09:30")
    page.locator('[id^="event_location-field-"]').nth(0).fill("Ludza")
    _publish(page)
    page.get_by_text("tāpēc jāaizpilda arī „Pasākuma datumi”").first.wait_for()

    page.get_by_role("button", name="Pievienot: pasākuma datumi").first.click()
    page.locator('[id^="when-field-"]').first.fill("2026-12-05/2026-12-03")
    _publish(page)
    page.get_by_text("beigas 2026-12-03 ir pirms sākuma 2026-12-05").first.wait_for()

    page.locator('[id^="when-field-"]').first.fill("5.12.2026")
    _publish(page)
    page.get_by_text("Lauks „Datums vai intervāls”").first.wait_for()  # the schema's pattern, before saving
    assert not list((repo / "content").rglob("pasakums-bez-datuma*")), "nothing is saved"
