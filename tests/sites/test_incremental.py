"""Warm builds: after an edit, a rebuild that reuses the cache and the last
build's record writes exactly what a cold build of the same content writes,
while computing only the outputs the edit can have changed."""

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import build, write_content

from .fixtures import basic_site
from .test_determinism import tree

pytestmark = pytest.mark.site

LEAN = "articles/2018/lean.lv.md"
LEAN_PAGE = "2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html"


def counts(log: str) -> tuple[int, int] | None:
    """(computed, kept) from the build's closing line, or None for a full build."""
    m = re.search(r"\((\d+) pages and files computed, (\d+) unchanged kept\)", log)
    return (int(m.group(1)), int(m.group(2))) if m else None


def cold_tree(tmp_path: Path, content: Path) -> dict[str, str]:
    cold = tmp_path / "cold"
    shutil.copytree(content, cold / "content")
    built = build(cold / "content", cold / "out")
    assert built.code == 0, built.log
    assert counts(built.log) is None
    return tree(cold / "out")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def warm(tmp_path):
    content, out = tmp_path / "warm" / "content", tmp_path / "warm" / "out"
    write_content(content, basic_site())
    first = build(content, out)
    assert first.code == 0, first.log
    assert counts(first.log) is None  # nothing to reuse yet
    return content, out


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


def test_a_metadata_edit_rebuilds_everything(tmp_path, warm):
    content, out = warm
    edit(content / LEAN, "title: Pašvaldību darbinieki mācās LEAN metodes", "title: Pašvaldību darbinieki apgūst LEAN")
    second = build(content, out)
    assert second.code == 0, second.log
    assert counts(second.log) is None
    assert tree(out) == cold_tree(tmp_path, content)


def test_an_unchanged_rebuild_restores_a_deleted_output_file(tmp_path, warm):
    content, out = warm
    (out / LEAN_PAGE).unlink()
    second = build(content, out)
    assert second.code == 0, second.log
    computed, kept = counts(second.log)
    assert computed == 1 and kept > 100
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
