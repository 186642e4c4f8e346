"""The guard around the attack suite's builds can fail, and passes on a clean build."""

import pytest

from .conftest import SENTINEL, _difference, _snapshot


def test_the_guard_sees_a_write_outside_the_output(tmp_path):
    """The guard itself can fail: a file created beside the site is reported."""
    before = _snapshot(tmp_path, skip_under=tmp_path)
    (tmp_path / "site1").mkdir()
    (tmp_path / "site1" / "output").mkdir()
    (tmp_path / "site1" / "output" / "index.html").write_text("ok")
    assert _difference(before, _snapshot(tmp_path, skip_under=tmp_path)) == ["created: site1"]
    before = _snapshot(tmp_path, skip_under=tmp_path)
    (tmp_path / "site1" / "content").mkdir()
    (tmp_path / "site1" / "content" / "x.md").write_text("x")
    (tmp_path / SENTINEL).write_text("changed")
    assert _difference(before, _snapshot(tmp_path, skip_under=tmp_path)) == [
        "created: sentinel-beside-the-site.txt",
        "created: site1/content",
        "created: site1/content/x.md",
    ]


@pytest.mark.site
def test_a_clean_build_passes_the_guard(make_site):
    built = make_site({"articles/a.lv.md": "---\ntitle: Labs raksts\ndate: 2019-12-10\n---\nTeksts.\n"})
    assert built.code == 0, built.log
    assert built.exists("2019/labs-raksts/index.html")
