"""A page's search record: the keys of its words (the title's weighing most), its text and title for the
results, and its filters."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discovery.search import TITLE_WEIGHT, Cancelled, search_record, write_index
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
    entry = json.loads((tmp_path / "whole" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["lv"]["page_count"] == 3
    asked = itertools.count()
    with pytest.raises(Cancelled):  # asked before each record, then while the files are written
        write_index(records, tmp_path / "stopped", cancelled=lambda: next(asked) >= 3)
    assert not (tmp_path / "stopped").exists()
