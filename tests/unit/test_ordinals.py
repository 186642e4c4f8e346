"""A Latvian line that starts with an ordinal ("2018. gada", "8. jūnijā", "1. vietā") is text, not a list."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvlang.language import Language
from lvlang.ordinals import protect_ordinals, writes_ordinal_full_stop

MD = ("extra", "sane_lists")


def html(text: str) -> str:
    return markdown.markdown(protect_ordinals(text), extensions=MD)


PARAGRAPHS = [
    "2018. gada 8. jūnijā Preiļos notika pašvaldību darbinieku seminārs.",
    "8. jūnijā Krāslavā sāksies vasaras festivāls.",
    "1. vietā ierindojās Ludzas novada komanda, 2. vietā – Balvu.",
    "3. klases skolēni apmeklēja bibliotēku.",
    "15. maijā plkst. 10.00 notiks sēde.",
    "2019. gadā projekts tika pabeigts.\n\n2020. gadā sākās nākamais.",
    "Projekts ilga no 2017. gada septembra.\n2019. gada augustā tas beidzās.",  # a date after a soft break
]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_ordinal_lines_stay_paragraphs(text):
    out = html(text)
    assert "<ol" not in out and "<li" not in out, out
    assert text.split(".")[0] + "." in out  # the number and its full stop are shown as written


@pytest.mark.parametrize(
    "text, items",
    [
        ("Darba kārtība:\n\n1. Atklāšana\n2. Ziņojumi\n3. Dažādi", 3),
        ("1. Pieteikties\n2. Atnākt", 2),
        ("1. Pirmais solis.\n\n2. Otrais solis.\n\n3. Trešais solis.", 3),  # a loose list
        ("Teksts.\n\n   1. atkāpts\n   2. saraksts", 2),
    ],
)
def test_real_lists_stay_lists(text, items):
    out = html(text)
    assert out.count("<li>") == items, out


def test_code_blocks_are_left_alone():
    text = "```\n2018. gada\n```"
    assert protect_ordinals(text) == text


@given(st.integers(1, 9999), st.text(alphabet="abcdefgāēīūšžčņļķģ ", min_size=1, max_size=30).filter(str.strip))
def test_a_single_numbered_line_never_becomes_a_list(number, words):
    out = html(f"Ievads.\n\n{number}. {words.strip()}\n\nNobeigums.")
    assert "<ol" not in out


@given(st.lists(st.text(alphabet="abcdefgāēīū ", min_size=1, max_size=20).filter(str.strip), min_size=2, max_size=6))
def test_consecutive_numbered_lines_are_a_list(items):
    text = "\n".join(f"{n}. {item.strip()}" for n, item in enumerate(items, 1))
    assert html(text).count("<li>") == len(items)


def test_languages_are_data():
    assert writes_ordinal_full_stop("lv") and writes_ordinal_full_stop("ltg") and writes_ordinal_full_stop("de_AT")
    assert not writes_ordinal_full_stop("en") and not writes_ordinal_full_stop("lt")
    assert Language("lv", "Latviešu", "lv").ordinal_full_stop
    assert not Language("en", "English", "en_GB").ordinal_full_stop
    assert Language("xx", "Other", "en", ordinal_full_stop=True).ordinal_full_stop  # a setting may say so
