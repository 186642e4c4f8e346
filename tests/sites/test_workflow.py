"""Editors' workflow through the real invoke tasks: new files, importing the
archive, and publishing that refuses a failing build."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, build

pytestmark = pytest.mark.site
FIXTURES = ROOT / "tests" / "fixtures" / "legacy"


@pytest.fixture
def project(tmp_path):
    """A copy of the repository (code, theme, demo content) to run tasks in."""
    dest = tmp_path / "site"
    dest.mkdir()
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py", "plugins", "theme", "content", "node_modules"):
        src = ROOT / name
        if name == "node_modules" and src.is_dir():  # the checkers' tools, only read: linked, not copied
            (dest / name).symlink_to(src.resolve(), target_is_directory=True)
        elif src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def _front(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": f"{project / 'plugins'}{os.pathsep}{project}"}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def test_new_article_event_translation_and_project_build(project, tmp_path):
    r = invoke(
        project, "new", "--title", "Jauniešu forums Preiļos", "--project", "LLI-59", "--date", "2026-11-20 10:00"
    )
    assert r.returncode == 0, r.stderr
    article = project / "content/articles/2026/jauniesu-forums-preilos.lv.md"
    assert _front(article)["projects"] == ["LLI-59"]
    r = invoke(
        project,
        "new",
        "--title",
        "Sporta diena",
        "--event-dates",
        "2027-06-12T10:00/2027-06-12T16:00",
        "--location",
        "Ludza",
        "--date",
        "2026-11-21",
    )
    assert r.returncode == 0, r.stderr
    assert _front(project / "content/articles/2026/sporta-diena.lv.md")["event_dates"] == [
        "2027-06-12T10:00/2027-06-12T16:00"
    ]
    r = invoke(project, "new", "--translation-of", str(article), "--lang", "en", "--title", "Youth forum in Preiļi")
    assert r.returncode == 0, r.stderr
    assert (project / "content/articles/2026/jauniesu-forums-preilos.en.md").is_file()
    r = invoke(
        project,
        "new",
        "--kind",
        "project",
        "--code",
        "LV-TEST-1",
        "--title",
        "Izmēģinājuma projekts",
        "--programme",
        "rrf",
        "--start",
        "2026-01-01",
        "--end",
        "2027-12-31",
    )
    assert r.returncode == 0, r.stderr
    assert (project / "content/projects/lv-test-1.lv.md").is_file()
    built = build(project / "content", tmp_path / "out")
    assert built.code == 0, built.log
    assert (tmp_path / "out/en/2026/youth-forum-in-preili/index.html").is_file()
    assert (tmp_path / "out/projekti/lv-test-1/index.html").is_file()


def test_new_refuses_to_overwrite_and_bad_language(project):
    args = ("new", "--title", "Divreiz", "--date", "2026-11-20")
    assert invoke(project, *args).returncode == 0
    before = (project / "content/articles/2026/divreiz.lv.md").read_text("utf-8")
    again = invoke(project, *args)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (project / "content/articles/2026/divreiz.lv.md").read_text("utf-8") == before
    bad = invoke(project, "new", "--title", "X", "--lang", "de")
    assert bad.returncode == 1 and "unknown language 'de'" in bad.stderr


def test_imported_articles_build_once_todos_are_filled(project, tmp_path):
    out = project / "content/articles/imported"
    r = invoke(project, "import-articles", "--out", str(out), str(FIXTURES))
    assert r.returncode == 0, r.stderr
    assert "funding statements removed (2 sentences)" in r.stdout and "3 written" in r.stdout
    again = invoke(project, "import-articles", "--out", str(out), str(FIXTURES))
    assert "already exists" in again.stdout and "0 written, 3 skipped" in again.stdout
    failing = build(project / "content", tmp_path / "out1")
    assert failing.code == 1 and "'TODO' is not a date" in failing.log
    for path in out.glob("undated-*.md"):
        path.write_text(path.read_text("utf-8").replace("date: TODO", "date: 2023-06-14"), "utf-8")
    built = build(project / "content", tmp_path / "out2")
    assert built.code == 0, built.log
    page = (tmp_path / "out2/2024/ludzas-novada-jauniesi-sakopj-pilsetas-parku/index.html").read_text("utf-8")
    assert page.count('class="funding-disclaimer"') == 1


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.parametrize("breakage", ["content-error", pytest.param("check-failure", marks=pytest.mark.browser)])
def test_gh_pages_refuses_to_publish_a_failing_build(project, tmp_path, breakage):
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "-q", "--bare", str(remote))
    _git(project, "init", "-q")
    _git(project, "remote", "add", "origin", str(remote))
    if breakage == "content-error":
        (project / "content/articles/2026/salauzts.lv.md").write_text("---\ntitle: Bez datuma\n---\nTeksts.\n", "utf-8")
    else:
        # a link to a part of a page that does not exist: the page is there (so the build passes), the anchor is not
        (project / "content/articles/2026/saite.lv.md").write_text(
            "---\ntitle: Raksts ar salauztu saiti\ndate: 2026-11-22\n---\n[Saite](/projekti/lli-59/#nav-tadas-dalas)\n",
            "utf-8",
        )
    r = invoke(project, "gh-pages", "--push")
    assert r.returncode != 0
    assert "Not published" in r.stderr
    if breakage == "check-failure":
        assert "no element with id 'nav-tadas-dalas'" in r.stdout
        # The planted link is the only problem: this case is also the end-to-end check that the
        # demo's production build passes the whole of `invoke check` (vnu and axe-core included).
        lines = r.stdout.splitlines()
        start = next(i for i, line in enumerate(lines) if re.fullmatch(r"[\w ()-]+: \d+ problem\(s\)", line))
        end = next(i for i, line in enumerate(lines) if line.startswith("checked: "))
        report = lines[start:end]
        assert [line.split(":")[0] for line in report if not line.startswith(("  ", "warning: ", "note: "))] == [
            "links"
        ], r.stdout
        assert all("nav-tadas-dalas" in line for line in report if line.startswith("  ")), r.stdout
    branches = subprocess.run(["git", "branch", "--list"], cwd=remote, capture_output=True, text=True).stdout
    assert "gh-pages" not in branches
