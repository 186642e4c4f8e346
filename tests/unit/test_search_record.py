"""A page's search record: the keys of its words (the title's weighing most), its text and title for the
results, and its filters."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discovery.search import MANIFEST, TITLE_WEIGHT, Cancelled, SearchRecord, bundles, search_record, write_index
from lvlang.stem import search_key

WORD = st.text(alphabet="abcdefghijklmnoprstuvzāčēģīķļņšūžABCĀČŠŽ", min_size=1, max_size=12)
TEXT = st.lists(WORD, min_size=1, max_size=30).map(" ".join)


def test_a_record_of_an_article():
    record = search_record(
        url="/2024/preilos/",
        lang="lv",
        title="Preiļos atklāts velomaršruts",
        body_html='<h2>Maršruts</h2>\n<p>Garums ir 40&nbsp;kilometru &amp; desmit <a href="/x/">vietu</a>.</p>',
        words=["Preiļu kultūras nams", "", "jaunumi"],
        filters={"kind": ["news"], "year": [2024], "project": ["LLI-59", "LLI-59"], "municipality": []},
    )
    assert record.url == "/2024/preilos/" and record.language == "lv"
    assert record.meta == {
        "title": "Preiļos atklāts velomaršruts",
        "text": "Maršruts Garums ir 40 kilometru & desmit vietu .",
    }
    assert record.content == (
        f"___PAGEFIND_WEIGHT___{TITLE_WEIGHT} preil atklat velomarsrut ___END_PAGEFIND_WEIGHT___ "
        "marsrut garum ir 40 kilometr desmit viet preil kultur nam jaunum"
    )
    assert record.filters == {"kind": ("news",), "year": ("2024",), "project": ("LLI-59",)}  # each once, none empty


def test_a_heading_other_than_the_title_weighs_most_and_english_is_only_folded():
    record = search_record(
        url="/en/projects/lli-59/",
        lang="en",
        title="Cycling in Latgale",
        heading="LLI-59 Cycling",
        body_html="<p>Routes for families.</p>",
    )
    assert record.content.startswith(f"___PAGEFIND_WEIGHT___{TITLE_WEIGHT} lli 59 cycling ___END_PAGEFIND_WEIGHT___ ")
    assert record.content.endswith(" routes for families")  # Pagefind stems English itself
    assert record.meta["title"] == "Cycling in Latgale"


@given(title=TEXT, text=TEXT, extra=st.lists(TEXT, max_size=3))
def test_every_word_is_found_by_its_key_and_the_text_is_kept_as_written(title, text, extra):
    record = search_record(url="/a/", lang="lv", title=title, body_html=f"<p>{text}</p>", words=extra)
    keys = record.content.split()
    head, rest = keys[1 : keys.index("___END_PAGEFIND_WEIGHT___")], keys[keys.index("___END_PAGEFIND_WEIGHT___") + 1 :]
    assert head == [search_key(w) for w in title.split()]
    assert rest == [search_key(w) for w in " ".join([text, *extra]).split()]
    assert record.meta == {"title": title, "text": text}


def test_an_index_is_written_whole_or_not_at_all(tmp_path):
    records = [
        search_record(url=f"/{i}/", lang="lv", title=f"Raksts {i}", body_html="<p>Teksts par Preiļiem.</p>")
        for i in range(3)
    ]
    write_index(records, tmp_path / "whole")
    listed = json.loads((tmp_path / "whole" / MANIFEST).read_text("utf-8"))
    [name] = listed["languages"]["lv"]
    entry = json.loads((tmp_path / "whole" / name / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["lv"]["page_count"] == 3
    assert (tmp_path / "whole" / name / "pagefind.js").is_file()
    assert not list((tmp_path / "whole" / name).glob("pagefind-*ui.*"))  # Pagefind's own interfaces: not loaded
    asked = itertools.count()
    # asked for each record while they are bundled, before each bundle and its records, then while the files
    # are written
    with pytest.raises(Cancelled):
        write_index(records, tmp_path / "stopped", cancelled=lambda: next(asked) >= 7)
    assert not (tmp_path / "stopped").exists()


# ---------------------------------------------------------------------- bundles


def _article(i: int, year: int, lang: str = "lv", text: str = "Teksts par Preiļiem.") -> SearchRecord:
    return search_record(
        url=f"/{lang}/{year}/{i}/",
        lang=lang,
        title=f"Raksts {i}",
        body_html=f"<p>{text}</p>",
        filters={"year": [year]},
        group=str(year),
    )


def test_bundles_hold_one_language_whole_years_packed_oldest_first_and_big_years_shared():
    records = [
        *(_article(i, 2019) for i in range(3)),
        *(_article(i, 2020) for i in range(2)),
        *(_article(i, 2021) for i in range(11)),
        *(_article(i, 2022) for i in range(2)),
        *(_article(i, 2022, lang="en") for i in range(2)),
    ]
    made = bundles(records, size=5)
    assert [(b.language, b.label.rsplit("-", 1)[0] if "of" in b.label else b.label) for b in made] == [
        ("en", "2022"),
        ("lv", "2019-2020"),
        ("lv", "2021"),
        ("lv", "2021"),
        ("lv", "2021"),
        ("lv", "2022"),
    ]
    assert [b.label for b in made if b.label.startswith("2021")] == ["2021-1of3", "2021-2of3", "2021-3of3"]
    assert sorted(r.url for b in made for r in b.records) == sorted(r.url for r in records)  # each page once
    assert all(len({r.language for r in b.records}) == 1 for b in made)


def test_an_edit_changes_the_digest_of_its_bundle_only():
    records = [_article(i, year) for year in (2020, 2021, 2022) for i in range(40)]
    before = {b.label: b.name for b in bundles(records, size=30)}
    records[50] = _article(10, 2021, text="Teksts par Krāslavu.")  # an article of 2021, edited
    after = {b.label: b.name for b in bundles(records, size=30)}
    assert before.keys() == after.keys()
    assert [label for label in before if before[label] != after[label]] == [
        next(b.label for b in bundles(records, size=30) if records[50] in b.records)
    ]
    new = bundles([*records, _article(99, 2022)], size=30)  # a new article: a bundle of its year changes
    assert {b.label for b in new if b.name not in before.values() and b.name not in after.values()} <= {
        "2022-1of2",
        "2022-2of2",
    }


def test_an_unchanged_bundle_is_taken_over_and_a_changed_one_written_again(tmp_path):
    records = [_article(i, year) for year in (2022, 2023, 2024) for i in range(3)]
    first = write_index(records, tmp_path / "one", size=3)
    assert len(first.indexed) == 3 and first.reused == ()
    records[4] = _article(1, 2023, text="Teksts par Krāslavu.")
    second = write_index(records, tmp_path / "two", previous=tmp_path / "one", size=3)
    assert len(second.indexed) == 1 and len(second.reused) == 2
    assert second.indexed[0].startswith("lv-2023-") and second.indexed[0] not in first.indexed
    for name in second.reused:  # the same files, hard-linked
        entry = tmp_path / "two" / name / "pagefind-entry.json"
        assert entry.samefile(tmp_path / "one" / name / "pagefind-entry.json")
    listed = json.loads((tmp_path / "two" / MANIFEST).read_text("utf-8"))
    assert sorted(listed["languages"]["lv"]) == sorted(second.indexed + second.reused)
    assert all((tmp_path / "two" / name / "pagefind-entry.json").is_file() for name in listed["bundles"])
    third = write_index(records, tmp_path / "three", previous=tmp_path / "missing", size=3)
    assert len(third.indexed) == 3  # no index to take from: all written


def test_a_bundle_pagefind_leaves_incomplete_is_written_again_once(tmp_path, monkeypatch):
    from discovery import search
    from discovery.search import SearchIndexError

    records = [search_record(url=f"/{i}/", lang="lv", title=f"R {i}", body_html="<p>Teksts.</p>") for i in range(2)]
    real, calls = search._index, []

    async def flaky(records, out, cancelled, broken=1):
        calls.append(out)
        await real(records, out, cancelled)
        if len(calls) <= broken:
            (out / "pagefind-entry.json").write_text("", "utf-8")  # as an interrupted write leaves it

    monkeypatch.setattr(search, "_index", flaky)
    write_index(records, tmp_path / "again")
    [name] = json.loads((tmp_path / "again" / MANIFEST).read_text("utf-8"))["languages"]["lv"]
    assert len(calls) == 2
    assert json.loads((tmp_path / "again" / name / "pagefind-entry.json").read_text("utf-8"))["languages"]
    monkeypatch.setattr(search, "_index", lambda *args: flaky(*args, broken=99))
    with pytest.raises(SearchIndexError, match="no complete index"):
        write_index(records, tmp_path / "never")
    assert not (tmp_path / "never").exists()


def test_a_record_cache_makes_a_record_again_only_when_its_fields_changed():
    from discovery.search import RecordCache

    cache = RecordCache()
    fields = {"url": "/a/", "lang": "lv", "title": "Virsraksts", "body_html": "<p>Teksts.</p>", "words": ["Rīga"]}
    first = cache.record(**fields, filters={"year": range(2024, 2026)})
    assert cache.record(**fields, filters={"year": range(2024, 2026)}) is first
    assert cache.record(**{**fields, "body_html": "<p>Cits teksts.</p>"}) is not first
    cache.finish()
    assert cache.record(**fields, filters={"year": range(2024, 2026)}) is first  # kept for the next run
    other = cache.record(**{**fields, "title": "Cits"})
    assert other == search_record(**{**fields, "title": "Cits"})
    cache.finish()
    cache.finish()  # a run that used nothing: nothing is kept
    assert cache.record(**fields, filters={"year": range(2024, 2026)}) is not first
