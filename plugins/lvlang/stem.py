"""A light stemmer for Latvian (and Latgalian) search: every case form of a noun gets one key.

The algorithm is Jacques Savoy's light stemmer for Latvian (the one Lucene's ``LatvianStemmer``
follows): remove the first ending of a fixed table that the word ends with, provided the word
keeps at least three letters before it and has more vowels than the ending asks for; after some
endings (those that may follow a palatalised consonant: ``-a``, ``-u``, ``-i``, ``-os``, ``-us``,
``-iem``) turn the softened consonant back into the plain one (``brāļ-`` -> ``brāl-``,
``zivj-`` -> ``ziv-``).

Search folds diacritics away (people type "Preilu" for "Preiļu"), so the key of a word is the
stem of its *folded* form, and the table also holds every ending's spelling without diacritics
(``-ajas`` for ``-ajās``, ``-em`` for ``-ēm``), plus the Latgalian endings ``-ys``, ``-y`` and
``-om``. Folding merges ``-āj-`` with the definite adjective's ``-aj-``, so a stem that still ends
in ``aj`` loses it: "iedzīvotājs", "iedzīvotājiem" and "iedzīvotājam" all become ``iedzivot``.

The same function is written in JavaScript for the search page (theme/static/js/search.js);
tests/unit/test_stem.py runs both on the same words.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .translit import fold

# Ending -> (vowels the word must have more than, whether a palatalised consonant may precede it).
# Groups in Savoy's table; the folded spellings and the Latgalian endings are added to theirs.
_ENDINGS: dict[str, tuple[int, bool]] = {}
for _group, _vowels, _softened in (
    ("ajiem ajai", 3, False),
    ("ajam ajām ajos ajās ajas ajā aja ais ai ei", 2, False),
    ("iem", 2, True),
    ("ām am ēm em īm im um ōm om as ās es ij īs ēs is ie ys e ā ē ī ū o y", 1, False),
    ("us os u a i", 1, True),
    ("s š", 0, False),
):
    for _ending in _group.split():
        _ENDINGS[_ending] = (_vowels, _softened)
# Longest first: two endings of one length never both match, so this is the table's own order.
_BY_LENGTH = sorted(_ENDINGS, key=len, reverse=True)
_LONGEST = len(_BY_LENGTH[0])

VOWELS = frozenset("aeiouyāēīōū")
# A softened consonant pair and its plain form (after the ending is removed).
_SOFT_PAIRS = {"šņ": "sn", "žņ": "zn", "šļ": "sl", "žļ": "zl", "ļņ": "ln", "ļļ": "ll"}
_SOFT_LAST = {"č": "c", "ļ": "l", "ņ": "n"}
_LABIAL_J = ("pj", "bj", "mj", "vj")

# Languages whose pages and queries are stemmed; the others are only folded (Pagefind stems English itself).
STEMMED_LANGUAGES = frozenset({"lv", "ltg"})
# A letter or digit, then letters, digits and the Latin combining marks NFC could not join to a letter.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")


def _plain_consonant(stem: str, removed: str) -> str:
    """``stem`` with a palatalised consonant at its end made plain again."""
    if removed.startswith("u"):  # the genitive plural of some declensions
        if stem.endswith("kš"):
            return stem[:-1] + "st"
        if stem.endswith("ņņ"):
            return stem[:-2] + "nn"
    if stem.endswith(_LABIAL_J):
        return stem[:-1]
    pair = _SOFT_PAIRS.get(stem[-2:])
    if pair:
        return stem[:-2] + pair
    last = _SOFT_LAST.get(stem[-1:])
    return stem[:-1] + last if last else stem


def stem(word: str) -> str:
    """The light stem of one lowercase word, with or without diacritics: "novadā" -> "novad"."""
    vowels = sum(ch in VOWELS for ch in word)
    for size in range(min(_LONGEST, len(word) - 3), 0, -1):
        ending = word[-size:]
        rule = _ENDINGS.get(ending)
        if rule is None or vowels <= rule[0]:
            continue
        base = word[:-size]
        if rule[1]:
            base = _plain_consonant(base, ending)
        if len(base) >= 5 and base.endswith("aj"):
            base = base[:-2]
        return base
    return word


@functools.lru_cache(maxsize=1 << 16)  # a site's words repeat: each is folded and stemmed once
def plain_word(word: str) -> str:
    """``word`` in lowercase without diacritics (lowercase again after folding: "𝒢" folds to "G")."""
    return fold(unicodedata.normalize("NFC", word).lower()).lower()


@functools.lru_cache(maxsize=1 << 16)
def search_key(word: str) -> str:
    """The key search uses for ``word``: the stem of its lowercase folded form ("Preiļos" -> "preil")."""
    return stem(plain_word(word))


def words(text: str) -> list[str]:
    """The words of ``text`` as search splits them (letters and digits; NFC first)."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


def index_keys(text: str, lang: str) -> str:
    """The search keys of every word of ``text``, space-separated, in order (stemmed for ``STEMMED_LANGUAGES``)."""
    if lang in STEMMED_LANGUAGES:
        return " ".join(search_key(w) for w in words(text))
    return " ".join(plain_word(w) for w in words(text))
