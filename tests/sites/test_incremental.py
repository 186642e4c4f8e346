"""Warm builds: after an edit, a rebuild that reuses the cache and the last
build's record writes exactly what a cold build of the same content writes,
while computing only the outputs the edit can have changed."""

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BUILD_DATE, ROOT, build, copy_site, files_key, write_content

from .fixtures import PROJECT_LV, basic_site, varied_site
from .test_determinism import tree

pytestmark = pytest.mark.site

LEAN = "articles/2018/lean.lv.md"
LEAN_PAGE = "2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html"


def counts(log: str) -> tuple[int, int] | None:
    """(computed, kept) from the build's closing line, or None for a full build."""
    m = re.search(r"\((\d+) pages and files computed, (\d+) unchanged kept\)", log)
    return (int(m.group(1)), int(m.group(2))) if m else None


@dataclass(frozen=True)
class Inputs:
    """What a build is made from: its output depends on these and on nothing else (test_determinism)."""

    content: Path
    theme: Path = ROOT / "theme"
    settings: str = "pelicanconf.py"
    build_date: str = BUILD_DATE
    overrides: dict = field(default_factory=dict)

    def build(self, out: Path, content: Path | None = None, theme: Path | None = None):
        overrides = {**self.overrides, "THEME": str(theme or self.theme)}
        return build(
            content or self.content, out, settings=self.settings, build_date=self.build_date, overrides=overrides
        )

    def key(self) -> tuple[str, ...]:
        """The files' paths and bytes, the settings, the day and the overrides (not the folders' places)."""
        overrides = json.dumps(self.overrides, sort_keys=True)
        return (files_key(self.content, self.theme), self.settings, self.build_date, overrides)


# The output of a cold build (no cache, no earlier output), by what it was built from. Tests that end
# with the same files (the same edit, or none) compare with one cold build of them, made once per
# test process; a test's own first build, made in an empty folder, is such a cold build too.
_COLD: dict[tuple[str, ...], dict[str, str]] = {}


def remember_cold(inputs: Inputs, out: Path) -> None:
    """Record ``out`` as a cold build's output of ``inputs`` (it was built in an empty folder)."""
    _COLD.setdefault(inputs.key(), tree(out))


def cold_of(tmp_path: Path, inputs: Inputs) -> dict[str, str]:
    """The output of a cold build of ``inputs``: of a copy of its files, in folders of its own."""
    key = inputs.key()
    if key not in _COLD:
        cold = tmp_path / f"cold-{len(_COLD)}"
        shutil.copytree(inputs.content, cold / "content")
        shutil.copytree(inputs.theme, cold / "theme")
        built = inputs.build(cold / "out", content=cold / "content", theme=cold / "theme")
        assert built.code == 0, built.log
        assert counts(built.log) is None
        _COLD[key] = tree(cold / "out")
    return _COLD[key]


def cold_tree(tmp_path: Path, content: Path) -> dict[str, str]:
    return cold_of(tmp_path, Inputs(content))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


class Built:
    """A fixture site built once per test process, at one place, and a copy of it as it was then.

    A build's record and caches name the folders they were made for, so a copy elsewhere would be
    cold: each test puts the copy back at that place and starts from a warm site, instead of
    building the unedited site again. The first build, in an empty folder, is also a cold build of
    the unedited site."""

    def __init__(self, place: Path, kept: Path, make, inputs: Inputs) -> None:
        self.place, self.kept = place, kept
        make(place)
        first = inputs.build(place / "out")
        assert first.code == 0, first.log
        assert counts(first.log) is None  # nothing to reuse yet
        remember_cold(inputs, place / "out")
        copy_site(place, kept)

    def restored(self) -> Path:
        copy_site(self.kept, self.place)
        return self.place


def _basic(root: Path) -> None:
    write_content(root / "content", basic_site())


# Session-scoped: the tests of this file are handed out one by one (tests/conftest.py), so those a
# worker runs need not follow each other; the site is built once per worker all the same.
@pytest.fixture(scope="session")
def basic(tmp_path_factory) -> Built:
    place = tmp_path_factory.mktemp("basic-site") / "site"
    return Built(place, tmp_path_factory.mktemp("basic-site-as-built") / "site", _basic, Inputs(place / "content"))


@pytest.fixture
def warm(basic):
    """The basic fixture site after its first build: (content, output)."""
    place = basic.restored()
    return place / "content", place / "out"


def test_a_body_edit_recomputes_only_what_shows_that_body(tmp_path, warm):
    content, out = warm
    edit(content / LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa")
    second = build(content, out)
    assert second.code == 0, second.log
    computed, kept = counts(second.log)
    # the article's page, the feeds it is in and its calendar files; not the listings
    assert 0 < computed < kept, second.log
    assert "Otrā, labotā rindkopa" in (out / LEAN_PAGE).read_text("utf-8")
    assert "Otrā, labotā rindkopa" in (out / "feeds/all.atom.xml").read_text("utf-8")
    assert tree(out) == cold_tree(tmp_path, content)


@pytest.mark.parametrize("journal", [True, False], ids=["journal", "walk"])
def test_an_unchanged_rebuild_restores_a_deleted_output_file(tmp_path, warm, journal):
    from multisite import staging

    content, out = warm
    (out / LEAN_PAGE).unlink()
    if not journal:
        staging.forget(out)  # the next build walks both trees: the file is missing from its staging folder
    second = build(content, out)
    assert second.code == 0, second.log
    computed, kept = counts(second.log)
    # A file deleted by hand is in no journal: the staging folder made from it still holds the
    # file, the same as the one deleted, and it is kept; after the walk it is made again.
    assert computed == (0 if journal else 1) and kept > 100
    assert tree(out) == cold_tree(tmp_path, content)


def test_a_failed_build_between_two_edits_leaves_no_stale_page(tmp_path, warm):
    content, out = warm
    edit(content / LEAN, "Otrā rindkopa", "Pirmais labojums")
    (content / "articles/2026/broken.lv.md").write_text("---\ntitle: [\n---\n", "utf-8")
    assert build(content, out).code == 1
    (content / "articles/2026/broken.lv.md").unlink()
    edit(content / LEAN, "Pirmais labojums", "Otrā rindkopa")  # back to what the output shows
    third = build(content, out)
    assert third.code == 0, third.log
    assert tree(out) == cold_tree(tmp_path, content)


def test_a_template_change_rebuilds_everything(tmp_path):
    root = Path(__file__).resolve().parents[2]
    theme = tmp_path / "theme"
    shutil.copytree(root / "theme", theme)
    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, basic_site())
    assert build(content, out, overrides={"THEME": str(theme)}).code == 0
    footer = theme / "templates" / "base.html"
    footer.write_text(footer.read_text("utf-8").replace("</footer>", "<!-- changed --></footer>"), "utf-8")
    second = build(content, out, overrides={"THEME": str(theme)})
    assert second.code == 0, second.log
    assert counts(second.log) is None
    assert "<!-- changed -->" in (out / LEAN_PAGE).read_text("utf-8")


# ---------------------------------------------------------------- every kind of edit, warm against cold

ROOT = Path(__file__).resolve().parents[2]
SMALL_PAGES = {"ARTICLES_PER_PAGE": 2}  # several pages of every list, so an edit can move articles between them
CONCERT = "articles/2026/koncerts.lv.md"
CONCERT_TITLE = 'title: "Koncerts \\"Rudens & dziesmas\\" Rēzeknē <b>un</b> Ludzā"'
PLAIN = "articles/2026/biblioteka.md"
MARKET = "articles/2026/tirgus.lv.md"


def _replace(rel: str, old: str, new: str):
    return lambda root: edit(root / "content" / rel, old, new)


def _write(rel: str, text: str):
    def apply(root: Path) -> None:
        (root / "content" / rel).write_text(text, "utf-8")

    return apply


def _delete(*rels: str):
    def apply(root: Path) -> None:
        for rel in rels:
            (root / "content" / rel).unlink()

    return apply


def _theme(rel: str, old: str, new: str):
    return lambda root: edit(root / "theme" / rel, old, new)


EDITS = {
    "body": _replace(LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa"),
    "title": _replace(CONCERT, CONCERT_TITLE, "title: Koncerts Rēzeknē"),
    "translation title": _replace("articles/2018/lean.en.md", "Municipal staff learn LEAN", "Staff learn LEAN"),
    "summary": _replace(CONCERT, "Ievads ar", "Jauns ievads ar"),
    "date (the order changes)": _replace(MARKET, "date: 2026-04-20 08:00", "date: 2026-11-12 08:00"),
    "date (the order stays)": _replace(MARKET, "date: 2026-04-20 08:00", "date: 2026-04-21 08:00"),
    "tags": _replace(PLAIN, "municipalities: [preili]", "municipalities: [preili]\ntags: [kultūra, bibliotēka]"),
    "tags removed": _replace(CONCERT, 'tags: [kultūra, "R&D"]', "tags: [kultūra]"),
    "projects": _replace(PLAIN, "municipalities: [preili]", "municipalities: [preili]\nprojects: [LLI-59]"),
    "municipalities": _replace(PLAIN, "municipalities: [preili]", "municipalities: [ludza]"),
    "event dates": _replace(LEAN, "2018-05-23]", "2018-05-23, 2018-05-30]"),
    "status hidden": _replace(CONCERT, "author: Anna Bērziņa\n", "author: Anna Bērziņa\nstatus: hidden\n"),
    "status draft": _replace(PLAIN, "municipalities: [preili]", "municipalities: [preili]\nstatus: draft"),
    "translation added": _write(
        "articles/2026/biblioteka.en.md", "---\ntitle: The library on holidays\n---\n\nClosed on holidays.\n"
    ),
    "translation removed": _delete("articles/2026/koncerts.ltg.md"),
    "article added": _write(
        "articles/2026/jauns.lv.md",
        "---\ntitle: Jauns raksts\ndate: 2026-11-01\ntags: [kultūra]\nmunicipalities: [ludza]\n---\n\nTeksts.\n",
    ),
    "article deleted": _delete(MARKET, "articles/2026/tirgus.en.md"),
    "page title": _replace("pages/par-mums.lv.md", "title: Par mums", "title: Par mums un vietni"),
    "project title": _replace("projects/lli-59.en.md", "Practical training", "Hands-on training"),
    "data file": _replace("data/municipalities.yaml", "Rēzekne State City", "City of Rēzekne"),
    "template": _theme("templates/base.html", "</footer>", "<!-- changed --></footer>"),
    "catalog": _theme("translations/ltg/LC_MESSAGES/messages.po", '"Vysys ziņys"', '"Vysys ziņys!"'),
}


def _site(root: Path) -> None:
    write_content(root / "content", varied_site())
    shutil.copytree(ROOT / "theme", root / "theme")


def _inputs(root: Path) -> Inputs:
    return Inputs(root / "content", root / "theme", overrides=SMALL_PAGES)


def _build(root: Path, out: Path):
    return _inputs(root).build(out)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    place = tmp_path_factory.mktemp("varied-site") / "site"
    return Built(place, tmp_path_factory.mktemp("varied-site-as-built") / "site", _site, _inputs(place))


@pytest.fixture
def made(monkeypatch) -> list[set[str]]:
    """Per build, the outputs it computed (rendered), as the build hands them to its renderers: unlike
    the build's debug log, this does not depend on how logging is set up when the test runs."""
    from multisite.build import SiteBuild

    builds: list[set[str]] = []
    render_all = SiteBuild._render_all

    def recorded(self, prepared, jobs, writer):
        builds.append({out.path for _index, out in jobs})
        return render_all(self, prepared, jobs, writer)

    monkeypatch.setattr(SiteBuild, "_render_all", recorded)
    return builds


def _warm_and_cold(tmp_path: Path, built: Built, *edits) -> tuple[str, dict[str, str], dict[str, str]]:
    """(the last warm build's log, its output, a cold build's output) after ``edits``, one build each,
    starting from the varied site as first built."""
    warm = built.restored()
    log = ""
    for apply in edits:
        apply(warm)
        made = _build(warm, warm / "out")
        assert made.code == 0, made.log
        log = made.log
    return log, tree(warm / "out"), cold_of(tmp_path, _inputs(warm))


def _assert_same(warm: dict[str, str], cold: dict[str, str]) -> None:
    assert warm.keys() == cold.keys()
    assert [path for path in cold if warm[path] != cold[path]] == []


EVERYTHING = ("data file", "template", "catalog")  # changes besides the documents: every output is made again


@pytest.mark.parametrize("kind", list(EDITS))
def test_a_warm_build_after_an_edit_writes_what_a_cold_build_writes(tmp_path, built, kind):
    log, warm, cold = _warm_and_cold(tmp_path, built, EDITS[kind])
    _assert_same(warm, cold)
    if kind in EVERYTHING:
        assert counts(log) is None, log
    else:
        computed, kept = counts(log)
        assert kept > 0, log


def test_a_title_edit_recomputes_the_pages_that_show_the_title_and_no_others(tmp_path, built, made):
    builds = len(made)
    log, warm, cold = _warm_and_cold(tmp_path, built, EDITS["title"])
    _assert_same(warm, cold)
    computed, kept = counts(log)
    assert 0 < computed < kept / 2, log
    again = made[builds]  # the warm build's (a cold build may follow it)
    assert len(again) == computed
    # the article (at its new address), its translations' switchers, the lists, feeds and pages showing it
    shown = {"2026/koncerts-rezekne/index.html", "en/2026/concert-autumn-songs-in-rezekne/index.html"}
    shown |= {"index.html", "arhivs/index.html", "birkas/kultura/index.html", "feeds/all.atom.xml"}
    shown |= {"en/feeds/all.atom.xml", "pasvaldibas/ludza/index.html", "projekti/lli-59/index.html"}
    assert shown <= again
    # not the pages of other articles, nor the lists it is not on
    assert not {LEAN_PAGE, "par-mums/index.html", "birkas/lean/index.html", "arhivs/2/index.html"} & again
    out = built.place / "out"
    assert "Koncerts Rēzeknē" in (out / "feeds/all.atom.xml").read_text("utf-8")
    # the article's old address is gone, folder and all
    assert [d for d in out.resolve().rglob("*") if d.is_dir() and not any(d.iterdir())] == []


def test_edits_in_a_row_each_leave_what_a_cold_build_writes(tmp_path, built, monkeypatch):
    from multisite import build as engine

    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 2)  # render workers, and what they send back, too
    kinds = ["title", "tags", "translation added", "date (the order changes)", "status hidden", "article deleted"]
    _log, warm, cold = _warm_and_cold(tmp_path, built, *(EDITS[kind] for kind in kinds))
    _assert_same(warm, cold)


# ---------------------------------------------------------------- random sequences of edits

RANDOM_EDITS = [kind for kind in EDITS if kind not in (*EVERYTHING, "article deleted")]


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(RANDOM_EDITS), min_size=1, max_size=4, unique=True))
def test_any_sequence_of_edits_leaves_what_a_cold_build_writes(tmp_path_factory, built, kinds):
    root = tmp_path_factory.mktemp("edits")

    def applied(kind):
        def apply(site_root: Path) -> None:
            try:
                EDITS[kind](site_root)
            except (AssertionError, FileNotFoundError):  # an earlier edit changed what this one edits
                pass

        return apply

    _log, warm, cold = _warm_and_cold(root, built, *(applied(kind) for kind in kinds))
    _assert_same(warm, cold)


def test_a_site_model_the_recorder_cannot_watch_makes_every_output(tmp_path, warm, monkeypatch):
    from contentmodel import deps

    def refuse(site):
        raise TypeError("deps: the site model cannot be tracked")

    content, out = warm
    monkeypatch.setattr(deps, "tracking", refuse)
    edit(content / LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa")
    second = build(content, out)
    assert second.code == 0, second.log
    assert counts(second.log) is None
    monkeypatch.undo()
    third = build(content, out)  # no record was left: made whole again
    assert third.code == 0, third.log
    assert counts(third.log) is None
    assert tree(out) == cold_tree(tmp_path, content)


# ---------------------------------------------------------------- the next day's build

NEXT_PROJECT = PROJECT_LV.replace("code: LLI-59", "code: LLI-61").replace("start: 2017-09-01", "start: 2026-11-24")
NEXT_PROJECT = NEXT_PROJECT.replace("end: 2019-08-31", "end: 2026-11-26")
DAYS_LATER = {  # a project that starts and ends, an article that waits for its date, an event that ends
    "projects/lli-61.lv.md": NEXT_PROJECT,
    "articles/2026/rit.lv.md": "---\ntitle: Raksts rītdienai\ndate: 2026-11-25 07:00\n---\n\nRīt.\n",
    "articles/2026/talka.lv.md": "---\ntitle: Talka Ludzā\ndate: 2026-11-02\nevent_dates: [2026-11-24]\n---\n\nTā.\n",
}


def _days_later(
    tmp_path: Path, made: list[set[str]], *days: str, extra: dict | None = None, settings: str = "pelicanconf.py"
) -> list[tuple[str, set[str]]]:
    """Builds of the varied site (with ``extra``) on each of ``days`` in turn, nothing edited: per warm
    build, its log and the outputs it made again; each warm build's output is a cold build's of that day."""
    warm = tmp_path / "warm"
    _site(warm)
    write_content(warm / "content", extra or {})
    again: list[tuple[str, set[str]]] = []
    for number, day in enumerate(days):
        inputs = Inputs(warm / "content", settings=settings, build_date=day, overrides=SMALL_PAGES)
        built = inputs.build(warm / "out")
        assert built.code == 0, built.log
        if number:
            assert counts(built.log) is not None, built.log  # warm
            again.append((built.log, made[-1]))
            _assert_same(tree(warm / "out"), cold_of(tmp_path, inputs))
        else:
            assert counts(built.log) is None, built.log  # the first build, in an empty folder: cold
            remember_cold(inputs, warm / "out")
    return again


def test_the_next_day_s_build_makes_again_only_what_shows_the_date(tmp_path, made):
    [(log, again)] = _days_later(tmp_path, made, "2026-11-23", "2026-11-24")
    computed, kept = counts(log)
    assert computed == len(again) and computed < kept / 2, log
    # only what prints the date: the calendars' DTSTAMP, the open data's date, an empty feed's "updated"
    assert all(path.endswith((".ics", ".json", ".csv", ".xml")) for path in again), sorted(again)
    assert "feeds/all.atom.xml" not in again and "dati/news.json" in again


def test_days_that_cross_a_start_an_end_or_a_publication_date_leave_what_a_cold_build_writes(tmp_path, made):
    days = ("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27", "2026-11-29")
    builds = _days_later(tmp_path, made, *days, extra=DAYS_LATER)
    started, published, ended, market = (again for _log, again in builds)
    # the project's status on its page and in the list of projects
    assert {"projekti/lli-61/index.html", "projekti/index.html"} <= started
    # the event of the 24th is over: its page, the list of upcoming events
    assert {"2026/talka-ludza/index.html", "pasakumi/index.html"} <= published
    # the article of the 25th is published: no longer marked as waiting for its date
    assert "2026/raksts-ritdienai/index.html" in published
    assert {"projekti/lli-61/index.html", "projekti/index.html"} <= ended
    # the market of Saturday the 28th is past: the next one is shown
    assert "2026/preilos-katru-sestdienu-notiek-tirgus/index.html" in market
    for log, _again in builds:
        computed, kept = counts(log)
        assert computed < kept, log


def test_the_published_site_gains_a_scheduled_article_on_its_day_as_a_cold_build_does(tmp_path, made):
    [(log, again)] = _days_later(
        tmp_path, made, "2026-11-24", "2026-11-25", extra=DAYS_LATER, settings="publishconf.py"
    )
    # not in the published site the day before: made on its day, with the lists and feeds it joins
    assert {"2026/raksts-ritdienai/index.html", "index.html", "feeds/all.atom.xml"} <= again
    computed, kept = counts(log)
    assert computed < kept, log
