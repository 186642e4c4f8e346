"""Two builds of the same content are byte-identical whatever the machine's
time zone, locale or file order; a rebuild after an edit equals a cold build."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, build, write_content

from .fixtures import basic_site

pytestmark = pytest.mark.site


def tree(root: Path) -> dict[str, str]:
    """Hashes of every output file. Pagefind's index is left out: its fragment
    names vary from run to run (the search results do not)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith("pagefind/")
    }


def build_in_process(content: Path, output: Path, env: dict) -> None:
    code = (
        "import sys; sys.path[:0] = [%r, %r]\n"
        "from tests.conftest import build\n"
        "from pathlib import Path\n"
        "b = build(Path(%r), Path(%r))\n"
        "print(b.log); sys.exit(b.code)\n" % (str(ROOT / "plugins"), str(ROOT), str(content), str(output))
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_builds_are_byte_identical_across_time_zones_locales_and_file_order(tmp_path):
    files = basic_site()
    a, b = tmp_path / "a", tmp_path / "b"
    write_content(a / "content", files)
    write_content(b / "content", dict(reversed(list(files.items()))))  # files created in the other order
    build_in_process(a / "content", a / "out", {"TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
    build_in_process(b / "content", b / "out", {"TZ": "Asia/Tokyo", "LC_ALL": "C", "LANG": "lv_LV.UTF-8"})
    ta, tb = tree(a / "out"), tree(b / "out")
    assert ta.keys() == tb.keys()
    different = [k for k in ta if ta[k] != tb[k]]
    assert different == []
    assert len(ta) > 100


def test_rebuild_after_an_edit_equals_a_cold_build(tmp_path):
    files = basic_site()
    warm_content = tmp_path / "warm" / "content"
    write_content(warm_content, files)
    first = build(warm_content, tmp_path / "warm" / "out")
    assert first.code == 0, first.log
    # edit one article, delete another: the rebuild must update and prune
    article = warm_content / "articles/2018/lean.lv.md"
    article.write_text(article.read_text("utf-8").replace("Četras dienas", "Četras garas dienas"), "utf-8")
    (warm_content / "articles/2026/biblioteka.md").unlink()
    second = build(warm_content, tmp_path / "warm" / "out")
    assert second.code == 0, second.log
    cold_content = tmp_path / "cold" / "content"
    shutil.copytree(warm_content, cold_content)
    cold = build(cold_content, tmp_path / "cold" / "out")
    assert cold.code == 0
    assert tree(tmp_path / "warm" / "out") == tree(tmp_path / "cold" / "out")
    assert "Četras garas dienas" in (
        tmp_path / "warm/out/2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html"
    ).read_text("utf-8")


def test_a_failed_build_leaves_the_previous_output(tmp_path):
    content = tmp_path / "content"
    write_content(content, basic_site())
    out = tmp_path / "out"
    assert build(content, out).code == 0
    before = tree(out)
    (content / "articles/2026/broken.lv.md").write_text("---\ntitle: [\n---\n", "utf-8")
    failed = build(content, out)
    assert failed.code == 1 and "not valid YAML" in failed.log
    assert tree(out) == before


def test_previous_output_is_untouched_until_the_new_one_is_complete(tmp_path):
    """The build writes into a staging copy; the old files are never modified in place."""
    content = tmp_path / "content"
    write_content(content, basic_site())
    out = tmp_path / "out"
    assert build(content, out).code == 0
    page = out / "2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html"
    held = page.open("rb")  # a reader holding the old file keeps seeing the old bytes
    old = held.read()
    article = content / "articles/2018/lean.lv.md"
    article.write_text(article.read_text("utf-8").replace("Četras dienas", "Piecas dienas"), "utf-8")
    assert build(content, out).code == 0
    held.seek(0)
    assert held.read() == old
    held.close()
    assert "Piecas dienas" in page.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.builds", ".out.lock", "cache", "content", "out"]
