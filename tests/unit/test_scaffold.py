"""New files from `invoke new` look like the guide: one key per line, comments in the file's language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from editorial import scaffold
from tests.sites.fixtures import EVENT_LV

LANGS = ("lv", "en", "ltg")


def _head(text: str) -> str:
    return text.split("---\n")[1]


def _keys_one_per_line(text: str) -> None:
    head = _head(text)
    meta = yaml.safe_load(head)
    keys = [line.split(":", 1)[0] for line in head.splitlines() if line and not line.startswith(("#", " ", "-"))]
    assert keys == list(meta), head  # every key starts its own line, in order
    assert not any(line.startswith("{") for line in head.splitlines()), head


@pytest.fixture
def content(tmp_path) -> Path:
    source = tmp_path / "content/articles/2018/seminars.lv.md"
    source.parent.mkdir(parents=True)
    source.write_text(EVENT_LV.lstrip() + "\n", "utf-8")
    (tmp_path / "content/articles/2018").mkdir(exist_ok=True)
    return tmp_path / "content"


def test_project_scaffold_has_one_key_per_line(content):
    new = scaffold.new_project(
        content,
        code="LLI-99",
        title="Projekts: otrā kārta",
        lang="lv",
        programme="rrf",
        start="2026-01-01",
        end="2027-12-31",
        languages=LANGS,
    )
    _keys_one_per_line(new.text)
    lines = _head(new.text).splitlines()
    assert lines[0] == "code: LLI-99" and lines[1].startswith("title:")


def test_translation_scaffold_has_one_key_per_line_and_english_comments(content):
    new = scaffold.new_translation(
        content,
        source=content / "articles/2018/seminars.lv.md",
        lang="en",
        title=None,
        languages=LANGS,
        default_lang="lv",
        chain=("en", "lv"),
    )
    _keys_one_per_line(new.text)
    comments = [line for line in _head(new.text).splitlines() if line.startswith("#")]
    assert comments and "taken from articles/2018/seminars.lv.md" in comments[0]
    assert any("publication time" in line for line in comments)
    assert not any("publicēšanas" in line for line in comments)
    assert yaml.safe_load(_head(new.text))["title"].startswith("TODO: translate")


def test_latgalian_scaffold_falls_back_along_the_chain(content):
    new = scaffold.new_article(
        content, title="Jauns", lang="ltg", default_lang="lv", languages=LANGS, date="2026-11-20", chain=("ltg", "lv")
    )
    assert "pēdējo izmaiņu laiks" in new.text and "TODO: raksta teksts" in new.text


def test_article_scaffold_lists_stay_on_their_keys_line(content):
    new = scaffold.new_article(
        content,
        title="Sporta diena",
        lang="lv",
        default_lang="lv",
        languages=LANGS,
        projects=["LLI-59", "LLI-60"],
        event_dates=["2027-06-12"],
        date="2026-11-20 10:00",
        municipalities=["preili"],
    )
    _keys_one_per_line(new.text)
    assert "projects: [LLI-59, LLI-60]" in new.text


def test_slug_option_names_the_file_and_is_checked(content):
    new = scaffold.new_article(
        content,
        title="Ļoti gars virsraksts",
        lang="lv",
        default_lang="lv",
        languages=LANGS,
        date="2026-11-20",
        slug="forums",
    )
    assert new.rel == "articles/2026/forums.lv.md"
    for bad in ("../x", "Forums", "a/b", "fo rums"):
        with pytest.raises(scaffold.ScaffoldError, match="--slug"):
            scaffold.new_article(
                content, title="X", lang="lv", default_lang="lv", languages=LANGS, date="2026-11-20", slug=bad
            )


def test_hints_name_only_options_that_exist():
    tasks = ast.parse((Path(__file__).resolve().parents[2] / "tasks.py").read_text("utf-8"))
    new = next(f for f in tasks.body if isinstance(f, ast.FunctionDef) and f.name == "new")
    names = {a.arg.replace("_", "-") for a in new.args.args[1:]}
    assert {"title", "lang", "project", "slug"} <= names
    source = (Path(scaffold.__file__)).read_text("utf-8")
    for hint in re.findall(r"--([a-z][a-z-]+)", source):
        assert hint in names, f"the scaffold's messages name --{hint}, which `invoke new` does not have"
