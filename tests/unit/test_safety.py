"""The shared safety rules: path segments, the path gate, control characters, URL schemes, CSV cells."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentmodel.safety import (
    UnsafePath,
    control_characters,
    csv_cell,
    inside,
    is_safe_segment,
    resolve_inside,
    unsafe_url,
)


@pytest.mark.parametrize("text", ["lli-59", "preili", "a", "2018", "ll-00123"])
def test_safe_segments(text):
    assert is_safe_segment(text)


@pytest.mark.parametrize(
    "text",
    ["", "../x", "..", "a/b", "LLI-59", "a--b", "-a", "a-", "ā", "a b", "a.b", "a\\b", "a\x00", "%2e%2e", "lli-59\n"],
)
def test_unsafe_segments(text):
    assert not is_safe_segment(text)


@given(st.text())
def test_a_safe_segment_never_moves_a_path(text):
    if is_safe_segment(text):
        assert Path("/root", text).resolve().parent == Path("/root").resolve()


def test_path_gate(tmp_path):
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (root / "images" / "x.png").write_bytes(b"")
    (tmp_path / "secret").write_text("s")
    (root / "images" / "link").symlink_to(tmp_path / "secret")
    assert resolve_inside(root, "images/x.png") == (root / "images" / "x.png").resolve()
    for rel in ("../secret", "images/../../secret", "/etc/passwd", "images/link", "", "a\x00b", "C:/x"):
        with pytest.raises(UnsafePath):
            resolve_inside(root, rel)
    assert inside(root, root / "images") and not inside(root, root / "images" / "link")


@pytest.mark.parametrize(
    "text, names",
    [
        ("Virsraksts\r X-WR-CALNAME:x", ["U+000D CARRIAGE RETURN"]),
        ("a\nb", ["U+000A LINE FEED"]),
        ("a\u2028b", ["U+2028 LINE SEPARATOR"]),
        ("a\u2029b", ["U+2029 PARAGRAPH SEPARATOR"]),
        ("a\x00b", ["U+0000 NULL"]),
        ("a\x85b", ["U+0085 CONTROL CHARACTER"]),
        ("abc\u202egnp.exe", ["U+202E RIGHT-TO-LEFT OVERRIDE"]),
        ("Preiļu novads – “Sveiki”\u00a0!", []),
    ],
)
def test_control_characters(text, names):
    assert control_characters(text) == names


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java&#9;script:alert(1)",
        " javascript:x",
        "&#106;avascript:x",
        "&amp;#106;avascript:x",
        "data:text/html,<b>",
        "vbscript:msgbox",
        "\x01javascript:x",
        "file:///etc/passwd",
        "jav&#x0A;ascript:x",
    ],
)
def test_unsafe_urls(url):
    assert unsafe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://latlit.eu",
        "http://x.lv/a?b=c:d",
        "mailto:info@lpr.gov.lv",
        "tel:+37165428111",
        "/images/x.png",
        "images/x.png",
        "#top",
        "?q=a:b",
        "//example.org/x",
        "../files/a.pdf",
    ],
)
def test_allowed_urls(url):
    assert unsafe_url(url) is None


@pytest.mark.parametrize(
    "cell, expected",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Preiļi", "Preiļi"),
        (-5.0, -5.0),
        (12, 12),
    ],
)
def test_csv_cells(cell, expected):
    assert csv_cell(cell) == expected


@given(st.text())
def test_no_csv_cell_starts_a_formula(text):
    out = csv_cell(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
