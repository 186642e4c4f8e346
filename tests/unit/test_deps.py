"""Noting what an output reads of the site (contentmodel.deps)."""

import dataclasses
from functools import partial
from pathlib import Path

import pytest

from contentmodel import deps
from contentmodel.diagnostics import Report
from contentmodel.documents import Document, read_document
from contentmodel.markup import Converter
from contentmodel.site import SiteModel, build_site
from tests.langs import CONFIG

FILES = {
    "articles/2026/a.lv.md": "---\ntitle: Pirmais\ndate: 2026-01-02\ntags: [x]\n---\n\nTeksts A.\n",
    "articles/2026/a.en.md": "---\ntitle: First\n---\n\nText A.\n",
    "articles/2026/b.lv.md": "---\ntitle: Otrais\ndate: 2026-02-03\n---\n\nTeksts B.\n",
}


def site_of(root: Path, files: dict[str, str]) -> SiteModel:
    docs = []
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
        doc, problems = read_document(root, rel, CONFIG.codes, CONFIG.default_lang, Converter(), CONFIG.timezone)
        assert doc is not None, problems
        docs.append(doc)
    report = Report()
    site = build_site(docs, config=CONFIG, content_root=root, programmes={}, municipalities=None, report=report)
    assert not report.errors, report.problems
    return site


@pytest.fixture
def site(tmp_path):
    return site_of(tmp_path / "one", FILES)


def test_reads_are_noted_per_key_body_and_index_while_tracking(site):
    with deps.tracking(site):
        with deps.recording() as read:
            doc = site.articles["lv"][0]
            assert doc.values["title"] == "Otrais"
            assert "summary" not in doc.values
            assert doc.body_html
            assert site.state(doc) == "published"
            site.translations(site.by_path["articles/2026/a.lv.md"])
        with deps.recording() as nothing:
            pass
    assert read == {
        ("@articles", "lv"),
        ("articles/2026/b.lv.md", "title"),
        ("articles/2026/b.lv.md", "summary"),
        ("articles/2026/b.lv.md", "#body"),
        ("articles/2026/b.lv.md", "#state"),
        ("articles/2026/a.lv.md", "#in"),
        ("articles/2026/a.lv.md", "#doc"),
        ("@group", "article/articles/2026/a"),
    }
    assert nothing == set()
    assert type(site) is SiteModel and all(type(d) is Document for d in site.by_path.values())
    with deps.recording() as untracked:
        assert site.articles["lv"][0].values["title"] == "Otrais"
    assert untracked == set()


def test_a_memoised_value_replays_what_its_computation_read(site):
    memo = deps.Memo({})
    with deps.tracking(site):
        first_title = partial(lambda: site.articles["lv"][0].values["title"])
        with deps.recording() as first:
            memo.get("t", first_title)
        with deps.recording() as second:
            assert memo.get("t", first_title) == "Otrais"
    assert first == second == {("@articles", "lv"), ("articles/2026/b.lv.md", "title")}


def test_a_value_memoised_where_nothing_is_noted_is_computed_again_where_reads_are_noted(site):
    """The live preview's search indexer computes views in a thread of its own, outside any tracking:
    a build that took such a view would record its page as reading nothing of it."""
    import threading

    memo, calls = deps.Memo({}), []

    def title() -> str:
        calls.append(1)
        return site.articles["lv"][0].values["title"]

    with deps.tracking(site):
        elsewhere = threading.Thread(target=memo.get, args=("t", title))  # not inside this thread's tracking
        elsewhere.start()
        elsewhere.join()
        assert len(calls) == 1
        with deps.recording() as read:
            assert memo.get("t", title) == "Otrais"
        assert len(calls) == 2 and read == {("@articles", "lv"), ("articles/2026/b.lv.md", "title")}
        with deps.recording() as again:
            memo.get("t", title)
        assert len(calls) == 2 and again == read
    memo.get("u", title)
    assert memo.get("u", title) == "Otrais" and len(calls) == 3  # outside tracking, kept for untracked use


def test_reads_are_numbered_once_and_replayed_into_a_record_of_another_table(site):
    memo = deps.Memo({})
    with deps.tracking(site):
        title = partial(lambda: site.articles["lv"][0].values["title"])
        with memo.recording() as first:
            memo.get("t", title)
            site.articles["lv"][0].values.get("title")  # the same read again: one number
        with deps.recording() as elsewhere:  # a table of its own
            memo.get("t", title)
            deps.note("x", "y")
    assert first.table is memo.table and elsewhere.table is not memo.table
    assert len(first) == 2 and ("@articles", "lv") in first and ("x", "y") not in first
    assert elsewhere == {("@articles", "lv"), ("articles/2026/b.lv.md", "title"), ("x", "y")}
    assert len(memo.table.reads) == 2


def test_a_memo_notes_the_kinds_of_values_asked_for_and_forgets_a_kind_as_asked(site):
    memo = deps.Memo({})
    made = []

    def make(value):
        made.append(value)
        return value

    asked = memo.watch()
    assert deps.Memo(memo.cache).asked is asked  # every Memo of the cache notes into the same set
    memo.get(("view", "a"), partial(make, 1))
    deps.Memo(memo.cache).get(("view", "b"), partial(make, 2))
    memo.get("months", partial(make, 3))
    memo.get(("view", "a"), partial(make, 4))  # kept: not made again
    assert asked == {"view", "months"} and made == [1, 2, 3]
    asked.clear()
    memo.forget({"view"})
    assert memo.get(("view", "a"), partial(make, 5)) == 5  # made again
    assert memo.get("months", partial(make, 6)) == 3
    assert asked == {"view", "months"} and made == [1, 2, 3, 5]
    memo.forget({"months", "view"})
    assert memo.get(("view", "b"), partial(make, 7)) == 7
    assert memo.table is deps.Memo(memo.cache).table  # the table of reads is never forgotten


def test_digests_change_only_with_what_was_read(tmp_path, site):
    edited = site_of(
        tmp_path / "two", {**FILES, "articles/2026/b.lv.md": FILES["articles/2026/b.lv.md"].replace("B.", "B!")}
    )
    before, after = deps.Digests(site), deps.Digests(edited)
    b = "articles/2026/b.lv.md"
    assert before((b, "title")) == after((b, "title"))
    assert before((b, "#body")) != after((b, "#body"))
    assert before(("@articles", "lv")) == after(("@articles", "lv"))
    later = site_of(tmp_path / "three", {**FILES, b: FILES[b].replace("2026-02-03", "2025-02-03")})
    assert deps.Digests(later)(("@articles", "lv")) != before(("@articles", "lv"))  # the order changed
    assert deps.Digests(later)((b, "date")) != before((b, "date"))
    gone = site_of(tmp_path / "four", {k: v for k, v in FILES.items() if k != b})
    assert deps.Digests(gone)((b, "title")) != before((b, "title"))
    assert deps.Digests(gone)((b, "#in")) != before((b, "#in"))
    assert before((b, "summary")) == after((b, "summary"))  # absent in both


def test_the_build_date_notes_what_is_read_of_it_and_digests_answer_it_for_another_day(tmp_path, site):
    import datetime as dt

    today = dt.date(2026, 11, 23)
    site = dataclasses.replace(site, config=dataclasses.replace(site.config, build_date=today))
    with deps.tracking(site), deps.recording() as compared:
        day = site.config.build_date
        assert isinstance(day, deps.NotedDay) and day == today
        assert dt.date(2026, 11, 24) >= day and not day > dt.date(2026, 12, 1) and day.month == 11
    assert compared == {("@today", "=2026-11-23"), ("@today", ">2026-11-24"), ("@today", ">2026-12-01")} | {
        ("@today", "month")
    }
    with deps.tracking(site), deps.recording() as whole:
        text, later = site.config.build_date.isoformat(), site.config.build_date + dt.timedelta(days=1)
        combined = dt.datetime.combine(deps.plain_day(site.config.build_date), dt.time(0))
    assert whole == {("@today", "*")} and type(later) is dt.date and text == "2026-11-23"
    assert combined == dt.datetime(2026, 11, 23)
    assert type(site.config.build_date) is dt.date  # outside tracking, the date as it is

    def digests_on(day: dt.date) -> deps.Digests:
        return deps.Digests(dataclasses.replace(site, config=dataclasses.replace(site.config, build_date=day)))

    before, next_day, later_on = digests_on(today), digests_on(dt.date(2026, 11, 24)), digests_on(dt.date(2026, 12, 2))
    for read in sorted(compared - {("@today", "=2026-11-23")}):
        assert next_day(read) == before(read)
    assert next_day(("@today", "=2026-11-23")) != before(("@today", "=2026-11-23"))
    assert later_on(("@today", ">2026-12-01")) != before(("@today", ">2026-12-01"))
    assert later_on(("@today", "month")) != before(("@today", "month"))
    assert next_day(("@today", "*")) != before(("@today", "*"))


def test_structure_tells_plans_apart_by_their_data_and_refuses_unknown_objects(site):
    doc = site.by_path["articles/2026/a.lv.md"]
    known = {id(site): "site"}

    def plan(value):
        return deps.structure(value, known).hexdigest()

    assert plan(partial(dataclasses.replace, doc, slug="x")) == plan(partial(dataclasses.replace, doc, slug="x"))
    assert plan(partial(dataclasses.replace, doc, slug="x")) != plan(partial(dataclasses.replace, doc, slug="y"))
    assert plan({"site": site, "n": 1}) != plan({"site": site, "n": 2})
    with pytest.raises(deps.Untraceable):
        plan({"x": object()})


def test_containers_shared_by_plans_are_hashed_once_and_still_tell_plans_apart(site, monkeypatch):
    known = {id(site): "site"}
    articles = [site.by_path["articles/2026/a.lv.md"], {"n": (1, 2)}]
    calls = []

    def plans(shared):
        return [
            deps.structure((path, articles, [path]), known, shared=shared).hexdigest()
            for path in ("index.html", "arhivs/index.html")
        ]

    original = deps._structure

    def counting(value, *args):
        calls.append(id(value))
        return original(value, *args)

    monkeypatch.setattr(deps, "_structure", counting)
    first = plans(deps.Shared())
    monkeypatch.undo()
    assert calls.count(id(articles)) == 1  # the second plan fed the list's digest
    assert first == plans(deps.Shared())  # the same data, the same digests in another build
    assert first[0] != first[1]
    articles[1]["n"] = (1, 3)
    assert plans(deps.Shared())[0] != first[0]


def test_values_that_read_what_changed_are_let_go_and_the_others_kept(site):
    memo = deps.Memo({})
    with deps.tracking(site):
        memo.get("title", lambda: site.articles["lv"][0].values["title"])
        memo.get("body", lambda: site.articles["lv"][0].body_html)
    memo.get("unnoted", lambda: "computed where nothing is noted")
    memo.forget_reads({("articles/2026/b.lv.md", "title")})
    assert "title" not in memo.cache and "unnoted" not in memo.cache and "body" in memo.cache
