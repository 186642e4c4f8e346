"""The search stemmer: every case form of a noun meets in one key, with and without diacritics,
and the browser's copy (theme/static/js/stem.js) gives the same keys as the build's."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvlang.stem import index_keys, search_key, stem, words
from lvlang.translit import fold

ROOT = Path(__file__).resolve().parents[2]

# Every case form (singular and plural) of a few nouns and one adjective; Latgalian forms last.
DECLENSIONS = {
    "preil": "Preiļi Preiļu Preiļiem Preiļus Preiļos Preiļim Preiļūs",
    "velomarsrut": "velomaršruts velomaršruta velomaršrutam velomaršrutu velomaršrutā velomaršruti "
    "velomaršrutiem velomaršrutus velomaršrutos",
    "novad": "novads novada novadam novadu novadā novadi novadiem novadus novados",
    "novod": "novods novoda novodam novodu novodā novodi novodim novodus novodūs",
    "pilset": "pilsēta pilsētas pilsētai pilsētu pilsētā pilsētām pilsētās",
    "iedzivot": "iedzīvotājs iedzīvotāja iedzīvotājam iedzīvotāju iedzīvotājā iedzīvotāji iedzīvotājiem "
    "iedzīvotājus iedzīvotājos",
    "bibliotek": "bibliotēka bibliotēkas bibliotēkai bibliotēku bibliotēkā bibliotēkām bibliotēkās",
    "ezer": "ezers ezera ezeram ezeru ezerā ezeri ezeriem ezerus ezeros",
    "bral": "brālis brāļa brālim brāli brālī brāļi brāļu brāļiem brāļus brāļos",
    "ziv": "zivs zivij zivi zivī zivis zivju zivīm zivīs",
    "rezekn": "Rēzekne Rēzeknes Rēzeknei Rēzekni Rēzeknē",
    "din": "dīna dīnys dīnai dīnu dīnā dīnom dīnōs",
    "jaun": "jaunais jaunā jaunajam jauno jaunajā jaunie jaunajiem jaunos jaunajos",
}
OTHER_WORDS = [
    "𝒢",
    "Ǆemals",
    "Łódź",
    "straße",
    "ES",
    "2024",
    "LLI-59",
    "kāpšu",
    "zvaigžņu",
    "ceļš",
    "ceļa",
    "ceļu",
    "upju",
    "Daugavpilī",
    "Latgolys",
    "dorbinīki",
    "mōcōs",
    "ĀĒĪŪ",
    "ēēē",
    "a",
    "ab",
    "abc",
    "abcd",
    "avju",
]


@pytest.mark.parametrize("key, forms", DECLENSIONS.items())
def test_every_case_form_has_one_key_with_and_without_diacritics(key, forms):
    for form in forms.split():
        assert search_key(form) == key, form
        assert search_key(fold(form)) == key, fold(form)
        assert search_key(form.upper()) == key, form.upper()


def test_savoy_rules():
    assert stem("brāļu") == "brāl"  # a softened consonant made plain after -u
    assert stem("zvaigžņu") == "zvaigzn"
    assert stem("zivju") == "ziv"  # the labial's j dropped
    assert stem("upe") == "upe"  # three letters stay before an ending
    assert stem("māja") == "māj"  # -a needs two vowels in the word
    assert stem("ceļš") == "ceļ"
    assert index_keys("Preiļos, velomaršruti!", "lv") == "preil velomarsrut"
    assert index_keys("Regions in Preiļi", "en") == "regions in preili"


def test_the_browser_gives_the_same_keys():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    sample = [w for forms in DECLENSIONS.values() for w in forms.split()]
    sample += [fold(w) for w in sample] + OTHER_WORDS
    text = "Velomaršruti Preiļos, ‘Rēzeknē’ — 2024. gadā; LLI-59 un co\u0301mbining ēŽņ\u0327Ū x²½ 𝒢"
    script = (
        f"import * as s from {json.dumps((ROOT / 'theme/static/js/stem.js').as_uri())};\n"
        "const words = JSON.parse(process.argv[1]);\n"
        "console.log(JSON.stringify({keys: words.map(s.searchKey), words: s.words(process.argv[2]),"
        " lv: s.queryKeys(process.argv[2], 'lv'), ltg: s.queryKeys(process.argv[2], 'ltg'),"
        " en: s.queryKeys(process.argv[2], 'en')}));"
    )
    out = subprocess.run(
        [node, "--no-warnings", "--input-type=module", "-e", script, json.dumps(sample), text],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    js = json.loads(out)
    assert js["keys"] == [search_key(w) for w in sample]
    assert js["words"] == words(text)
    for lang in ("lv", "ltg", "en"):
        assert " ".join(js[lang]) == index_keys(text, lang), lang


latvian = st.text(alphabet="aābcčdeēfgģhiījkķlļmnņoprsštuūvzžyōAĀBČĒĢĪĶĻŅŠŪŽ", max_size=20)


@given(st.text(max_size=30))
def test_search_key_never_fails(text):
    for word in words(text):
        key = search_key(word)
        assert key
        assert search_key(fold(word)) == key
    index_keys(text, "lv")
    index_keys(text, "en")


@given(latvian)
def test_a_stem_is_the_start_of_its_folded_word(word):
    folded = fold(word.lower())
    key = search_key(word)
    assert (key == "") == (word == "")
    assert folded.startswith(key) or folded.startswith(key + "j")  # only a labial's j is ever dropped
    assert len(key) >= min(len(folded), 2)  # three letters stay, less a dropped j
    assert search_key(folded) == search_key(word.upper()) == key
