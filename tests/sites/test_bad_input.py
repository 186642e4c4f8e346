"""The bad-input suite: each malformed case is its own fixture site, built by
real Pelican. The build must fail with a message naming the file, the key and
the problem, print no traceback and write nothing."""

import unicodedata

import pytest

from tests.conftest import assert_refused

from .fixtures import PROJECT_LV, png_bytes

pytestmark = pytest.mark.site

OK_ARTICLE = "---\ntitle: Labs raksts\ndate: 2019-12-10\n---\nTeksts.\n"


def article(front: str, body: str = "Teksts.") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}\n"


# (case id, files, expected file, expected key, expected text in the message)
CASES = [
    (
        "yaml-unclosed-list",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\ntags: [a, b")},
        "articles/a.lv.md",
        "",
        "not valid YAML",
    ),
    (
        "yaml-colon-in-title",
        {"articles/a.lv.md": article("title: Projekts: otrais posms\ndate: 2019-01-01")},
        "articles/a.lv.md",
        "",
        "not valid YAML",
    ),
    (
        "missing-title",
        {"articles/a.lv.md": article("date: 2019-01-01")},
        "articles/a.lv.md",
        "title",
        "'title' is missing",
    ),
    ("missing-date", {"articles/a.lv.md": article("title: A")}, "articles/a.lv.md", "date", "'date' is missing"),
    (
        "latvian-date-format",
        {"articles/a.lv.md": article("title: A\ndate: 10.12.2019.")},
        "articles/a.lv.md:3",
        "date",
        "2019-12-10",
    ),
    (
        "impossible-date",
        {"articles/a.lv.md": article("title: A\ndate: 2019-02-30")},
        "articles/a.lv.md:3",
        "date",
        "not a real date",
    ),
    (
        "title-is-a-list",
        {"articles/a.lv.md": article("title: [a, b]\ndate: 2019-01-01")},
        "articles/a.lv.md:2",
        "title",
        "must be text",
    ),
    (
        "tags-is-a-mapping",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\ntags: {a: b}")},
        "articles/a.lv.md:4",
        "tags",
        "must be a list",
    ),
    (
        "unknown-project",
        {
            "projects/lli-59.lv.md": PROJECT_LV,
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01\nprojects: [LLI-95]"),
        },
        "articles/a.lv.md:4",
        "projects",
        "did you mean 'LLI-59'",
    ),
    (
        "unknown-municipality",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nmunicipalities: [Atlantīda]")},
        "articles/a.lv.md:4",
        "municipalities",
        "unknown municipality 'Atlantīda'",
    ),
    (
        "event-end-before-start",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nevent_dates: [2018-06-13/2018-06-12]")},
        "articles/a.lv.md:4",
        "event_dates",
        "before the start",
    ),
    (
        "event-not-a-date",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nevent_dates: [15. maijā]")},
        "articles/a.lv.md:4",
        "event_dates",
        "is not a date",
    ),
    (
        "event-month-13",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nevent_dates: [2018-13-45]")},
        "articles/a.lv.md:4",
        "event_dates",
        "not a real date",
    ),
    (
        "event-time-skipped-by-dst",
        {"articles/a.lv.md": article("title: A\ndate: 2024-01-01\nevent_dates: [2024-03-31T03:30]")},
        "articles/a.lv.md:4",
        "event_dates",
        "does not exist in Riga",
    ),
    (
        "event-mixed-date-and-time",
        {"articles/a.lv.md": article("title: A\ndate: 2024-01-01\nevent_dates: [2024-05-08/2024-05-10T16:00]")},
        "articles/a.lv.md:4",
        "event_dates",
        "mixes a date",
    ),
    (
        "event-empty-list",
        {"articles/a.lv.md": article("title: A\ndate: 2024-01-01\nevent_dates: []\nevent_location: Ludza")},
        "articles/a.lv.md",
        "event_dates",
        "'event_location' is set but 'event_dates' is missing",
    ),
    (
        "unknown-event-status",
        {"articles/a.lv.md": article("title: A\ndate: 2024-01-01\nevent_dates: [2024-05-08]\nevent_status: maybe")},
        "articles/a.lv.md:5",
        "event_status",
        "not an event status",
    ),
    (
        "invalid-rrule",
        {
            "articles/a.lv.md": article(
                "title: A\ndate: 2024-01-01\nevent_dates: [2024-05-08]\nevent_recurrence: FREQ=SOMETIMES"
            )
        },
        "articles/a.lv.md:5",
        "event_recurrence",
        "repetition rule",
    ),
    (
        "image-without-alt",
        {"images/x.png": png_bytes(), "articles/a.lv.md": article("title: A\ndate: 2019-01-01\nimage: images/x.png")},
        "articles/a.lv.md:4",
        "image_alt",
        "'image_alt' is missing",
    ),
    (
        "missing-image-file",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nimage: images/nav.jpg\nimage_alt: Bilde")},
        "articles/a.lv.md:4",
        "image",
        "'images/nav.jpg' does not exist",
    ),
    (
        "body-image-missing",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01", "![Bilde](/images/nav.png)")},
        "articles/a.lv.md",
        "body",
        "'images/nav.png' does not exist",
    ),
    (
        "body-image-without-alt",
        {
            "images/x.png": png_bytes(),
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01", "Teksts.\n\n![](/images/x.png)"),
        },
        "articles/a.lv.md:8",
        "body",
        "has no alternative text",
    ),
    ("unknown-language-suffix", {"articles/a.de.md": OK_ARTICLE}, "articles/a.de.md", "", "unknown language 'de'"),
    (
        "duplicate-url",
        {"articles/a.lv.md": OK_ARTICLE, "articles/b.lv.md": OK_ARTICLE},
        "articles/b.lv.md",
        "slug",
        "both claim the URL /2019/labs-raksts/",
    ),
    (
        "unknown-key",
        {"articles/a.lv.md": article("titel: A\ndate: 2019-01-01")},
        "articles/a.lv.md:2",
        "titel",
        "did you mean 'title'",
    ),
    (
        "duplicate-key",
        {"articles/a.lv.md": article("title: A\ntitle: B\ndate: 2019-01-01")},
        "articles/a.lv.md:3",
        "title",
        "written twice",
    ),
    ("empty-file", {"articles/a.lv.md": ""}, "articles/a.lv.md", "", "the file is empty"),
    (
        "no-front-matter",
        {"articles/a.lv.md": "Tikai teksts.\n"},
        "articles/a.lv.md:1",
        "",
        "does not start with front matter",
    ),
    (
        "unclosed-front-matter",
        {"articles/a.lv.md": "---\ntitle: A\ndate: 2019-01-01\n"},
        "articles/a.lv.md:1",
        "",
        "not closed",
    ),
    (
        "not-utf8",
        {"articles/a.lv.md": "---\ntitle: Preiļi\ndate: 2019-01-01\n---\n".encode("cp1257")},
        "articles/a.lv.md:2",
        "",
        "not UTF-8",
    ),
    (
        "bad-slug",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nslug: Mans Raksts")},
        "articles/a.lv.md:4",
        "slug",
        "use slug: mans-raksts",
    ),
    (
        "modified-before-date",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-02\nmodified: 2019-01-01")},
        "articles/a.lv.md:4",
        "modified",
        "before 'date'",
    ),
    (
        "two-files-same-language",
        {"articles/a.md": OK_ARTICLE, "articles/a.lv.md": article("title: Cits\ndate: 2019-01-01")},
        "articles/a.md",
        "translation",
        "both the 'lv' version",
    ),
    (
        "missing-filename-link",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01", "[cits]({filename}nav.lv.md)")},
        "articles/a.lv.md",
        "body",
        "points to no file",
    ),
    ("markdown-at-content-root", {"raksts.md": OK_ARTICLE}, "raksts.md", "", "directly under content/"),
    (
        "project-without-programme",
        {"projects/x.lv.md": article("code: X-1\ntitle: X\nstart: 2020-01-01\nend: 2021-01-01")},
        "projects/x.lv.md",
        "programme",
        "'programme' is missing",
    ),
    (
        "project-without-dates",
        {"projects/x.lv.md": article("code: X-1\ntitle: X\nprogramme: rrf")},
        "projects/x.lv.md",
        "start",
        "'start' is missing",
    ),
    (
        "project-ends-before-start",
        {"projects/x.lv.md": article("code: X-1\ntitle: X\nprogramme: rrf\nstart: 2021-01-01\nend: 2020-01-01")},
        "projects/x.lv.md:6",
        "end",
        "ends (2020-01-01) before it starts",
    ),
    (
        "unknown-programme",
        {
            "projects/x.lv.md": article(
                "code: X-1\ntitle: X\nprogramme: interreg-lv-lt-2014-2021\nstart: 2020-01-01\nend: 2021-01-01"
            )
        },
        "projects/x.lv.md:4",
        "programme",
        "did you mean 'interreg-lv-lt-2014-2020'",
    ),
    (
        "duplicate-project-code",
        {"projects/lli-59.lv.md": PROJECT_LV, "projects/cits.lv.md": PROJECT_LV.replace("Praktisku", "Cits")},
        "projects/lli-59.lv.md",
        "code",
        "already used by projects/cits.lv.md",
    ),
    (
        "eu-funding-above-budget",
        {
            "projects/x.lv.md": article(
                "code: X-1\ntitle: X\nprogramme: rrf\nstart: 2020-01-01\nend: 2021-01-01\nbudget: 100\neu_funding: 200"
            )
        },
        "projects/x.lv.md:8",
        "eu_funding",
        "larger than the budget",
    ),
    (
        "money-not-a-number",
        {
            "projects/x.lv.md": article(
                "code: X-1\ntitle: X\nprogramme: rrf\nstart: 2020-01-01\nend: 2021-01-01\nbudget: daudz"
            )
        },
        "projects/x.lv.md:7",
        "budget",
        "not an amount in euros",
    ),
    (
        "website-not-a-url",
        {
            "projects/x.lv.md": article(
                "code: X-1\ntitle: X\nprogramme: rrf\nstart: 2020-01-01\nend: 2021-01-01\nwebsite: latlit.eu"
            )
        },
        "projects/x.lv.md:7",
        "website",
        "not a web address",
    ),
]


@pytest.mark.parametrize("files, where, key, text", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_fails_clearly(make_site, files, where, key, text):
    assert_refused(make_site(files), where, key, text)


def test_all_errors_are_reported_together(make_site):
    built = make_site(
        {
            "articles/a.lv.md": article("title: A"),
            "articles/b.lv.md": article("date: 2019-01-01"),
            "articles/c.xx.md": OK_ARTICLE,
        }
    )
    assert built.code == 1
    assert "3 error(s)" in built.log
    for name in ("articles/a.lv.md", "articles/b.lv.md", "articles/c.xx.md"):
        assert name in built.log


def test_data_file_errors(make_site, tmp_path):
    import yaml

    from tests.conftest import ROOT

    programmes = yaml.safe_load((ROOT / "content/data/programmes.yaml").read_text("utf-8"))
    del programmes["rrf"]["notice"]["en"]
    programmes["rrf"]["notice"]["lv"] += " {nezinams}"
    municipalities = yaml.safe_load((ROOT / "content/data/municipalities.yaml").read_text("utf-8"))
    municipalities["aglona"]["history"][0]["into"] = "preilu-novads"
    built = make_site(
        {
            "articles/a.lv.md": OK_ARTICLE,
            "data/programmes.yaml": yaml.safe_dump(programmes, allow_unicode=True),
            "data/municipalities.yaml": yaml.safe_dump(municipalities, allow_unicode=True),
        }
    )
    assert built.code == 1
    assert "[rrf.notice.en]" in built.log and "no 'en' text" in built.log
    assert "unknown placeholder {nezinams}" in built.log
    assert "[aglona.history.1.into]" in built.log and "unknown municipality 'preilu-novads'" in built.log


# Inputs that look odd but must work.


def test_bom_crlf_and_nfd_work_and_give_nfc(make_site):
    nfd_name = unicodedata.normalize("NFD", "articles/preiļi.lv.md")
    text = (
        "\ufeff---\r\ntitle: "
        + unicodedata.normalize("NFD", "Preiļu ziņas")
        + "\r\ndate: 2019-12-10\r\n---\r\n\r\nTeksts ar ā un ņ.\r\n"
    )
    built = make_site({nfd_name: text})
    assert built.code == 0, built.log
    page = built.read("2019/preilu-zinas/index.html")
    assert "Preiļu ziņas" in page and unicodedata.normalize("NFD", "Preiļu ziņas") not in page
    assert "\r" not in page


def test_huge_article_builds(make_site):
    body = ("Garš teksts par Latgales novadiem un to attīstību. " * 20 + "\n\n") * 5000
    assert len(body.encode()) > 5_000_000
    built = make_site({"articles/garais.lv.md": article("title: Garš raksts\ndate: 2019-01-01", body)})
    assert built.code == 0, built.log
    assert built.exists("2019/gars-raksts/index.html")


def test_markup_in_title_and_location_is_inert(make_site):
    built = make_site(
        {
            "articles/a.lv.md": article(
                'title: "<script>alert(1)</script> & <b>bold</b>"\ndate: 2019-01-01\nevent_dates: [2019-02-01]\n'
                'event_location: "<img src=x onerror=alert(1)>"',
                "<script>alert(2)</script> un <b>teksts</b>",
            )
        }
    )
    assert built.code == 0, built.log
    html = built.read("2019/script-alert-1-script-b-bold-b/index.html")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


# Warnings: the build succeeds and says what to look at.


def test_warnings_for_typed_notice_stale_project_and_missing_location(make_site):
    typed = (
        "Seminārs notika Daugavpilī.\n\nŠī publikācija ir sagatavota ar Eiropas Savienības finansiālo atbalstu. "
        "Par šīs publikācijas saturu pilnībā atbild Latgales plānošanas reģions, un tas nekādos apstākļos nav "
        "uzskatāms par Eiropas Savienības oficiālo nostāju."
    )
    running = PROJECT_LV.replace("start: 2017-09-01", "start: 2025-01-01").replace("end: 2019-08-31", "end: 2027-12-31")
    built = make_site(
        {
            "projects/lli-59.lv.md": running,
            "articles/vecs.lv.md": article("title: Vecs raksts\ndate: 2025-02-01\nprojects: [LLI-59]", typed),
            "articles/bez-vietas.lv.md": article(
                "title: Pasākums bez vietas\ndate: 2026-10-01\nevent_dates: [2026-12-01]"
            ),
        }
    )
    assert built.code == 0, built.log
    assert "articles/vecs.lv.md: [body] warning: the body contains a funding notice typed by hand" in built.log
    assert (
        "projects/lli-59.lv.md: [modified] warning: the running project LLI-59 has had no update since 2025-02-01"
        in built.log
    )
    assert "articles/bez-vietas.lv.md: [event_location] warning: the event has no location" in built.log
    page = built.read("2025/vecs-raksts/index.html")
    assert page.count('class="funding-disclaimer"') == 1
