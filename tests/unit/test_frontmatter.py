import pytest

from contentmodel.frontmatter import FrontMatterError, normalise, split


def test_split_keeps_dates_as_text_and_lines():
    src = split(normalise("---\ntitle: Seminārs\ndate: 2019-12-10 14:30\ntags: [a, b]\n---\nBody *text*.\n"))
    assert src.meta == {"title": "Seminārs", "date": "2019-12-10 14:30", "tags": ["a", "b"]}
    assert src.key_lines == {"title": 2, "date": 3, "tags": 4}
    assert src.body.strip() == "Body *text*."
    assert src.body_line == 6


def test_bom_crlf_and_nfd_are_normalised():
    decomposed = "Prei\u013ci".replace("\u013c", "l\u0327")  # NFD form of ļ
    text = "\ufeff---\r\ntitle: " + decomposed + "\r\ndate: 2019-12-10\r\n---\r\nTeksts\r\n"
    src = split(normalise(text))
    assert src.meta["title"] == "Preiļi"
    assert "\r" not in src.body


@pytest.mark.parametrize(
    "text, message, line",
    [
        ("", "empty", None),
        ("title: x\n", "does not start with front matter", 1),
        ("---\ntitle: x\n", "not closed", 1),
        ("---\ntitle: [unclosed\ndate: 2019-01-01\n---\n", "not valid YAML", 3),
        ("---\n- a\n- b\n---\n", "key: value", 2),
        ("---\n---\nbody", "empty", 1),
    ],
)
def test_bad_front_matter(text, message, line):
    with pytest.raises(FrontMatterError) as info:
        split(normalise(text))
    assert message in info.value.message
    assert info.value.line == line
    assert info.value.hint


def test_duplicate_keys_are_reported_with_line():
    src = split("---\ntitle: a\ntitle: b\n---\n")
    assert src.duplicate_keys == (("title", 3),)
