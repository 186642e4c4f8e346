"""No placeholder is ever published, and each error is reported once, on the file that has it."""

from __future__ import annotations

import pytest

from editorial import scaffold
from quality.check import main as check_main
from tests.conftest import ROOT, build, write_content
from tests.sites.fixtures import EVENT_EN, EVENT_LV, PROJECT_EN, PROJECT_LV

pytestmark = pytest.mark.site
LANGS = ("lv", "en", "ltg")


def _site(tmp_path, extra: dict[str, str]) -> tuple:
    content = tmp_path / "content"
    write_content(
        content,
        {
            "projects/lli-59.lv.md": PROJECT_LV,
            "projects/lli-59.en.md": PROJECT_EN,
            "articles/2018/seminars.lv.md": EVENT_LV.replace("image: images/cover.png\n", "").replace(
                "image_alt: Darbinieki pie galda\n", ""
            ),
            **extra,
        },
    )
    return content


def _scaffolded(tmp_path) -> dict[str, str]:
    new = scaffold.new_article(
        tmp_path / "content",
        title="Jauniešu forums",
        lang="lv",
        default_lang="lv",
        languages=LANGS,
        date="2026-11-20 10:00",
    )
    return {new.rel: new.text}


def _lines(log: str, path: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith(path)]


def test_an_untouched_scaffold_is_a_warning_in_development(tmp_path):
    files = _scaffolded(tmp_path)
    built = build(_site(tmp_path, files), tmp_path / "out")
    assert built.code == 0, built.log
    (rel,) = files
    found = _lines(built.log, f"articles/{rel.split('articles/')[1]}")
    assert any("[summary]" in line and "placeholder" in line for line in found), built.log
    assert any("[text]" in line for line in found), built.log
    assert "warning" in built.log


def test_the_production_build_refuses_a_placeholder(tmp_path):
    built = build(_site(tmp_path, _scaffolded(tmp_path)), tmp_path / "out", settings="publishconf.py")
    assert built.code == 1
    assert "Traceback" not in built.log
    assert any("[summary]" in line and "placeholder" in line for line in built.log.splitlines()), built.log
    assert "placeholders are never published" in built.log


def test_an_untranslated_title_is_refused_on_the_translation(tmp_path):
    new = scaffold.new_translation(
        _site(tmp_path, {}),
        source=tmp_path / "content/articles/2018/seminars.lv.md",
        lang="en",
        title=None,
        languages=LANGS,
        default_lang="lv",
        chain=("en", "lv"),
    )
    scaffold.write(new)
    built = build(tmp_path / "content", tmp_path / "out", settings="publishconf.py")
    assert built.code == 1
    found = _lines(built.log, "articles/2018/seminars.en.md")
    assert any("[title]" in line and "TODO: translate" in line for line in found), built.log
    assert not _lines(built.log, "articles/2018/seminars.lv.md"), built.log


def test_invoke_check_finds_a_placeholder_in_the_built_site(tmp_path, capsys):
    built = build(_site(tmp_path, _scaffolded(tmp_path)), tmp_path / "out")
    assert built.code == 0, built.log
    code = check_main([str(built.output), "--settings", str(ROOT / "pelicanconf.py"), "--no-browser", "--no-vnu"])
    out = capsys.readouterr().out
    assert code == 1 and "placeholders" in out and "jauniesu-forums" in out, out


@pytest.mark.parametrize(
    "breakage, key",
    [
        (("date: 2018-05-24", "date: 2018-13-45"), "date"),
        (("projects: [LLI-59]", "projects: [LLI-95]"), "projects"),
        (("municipalities: [Aglona, Ludza]", "municipalities: [Aglonna, Ludza]"), "municipalities"),
    ],
)
def test_an_error_in_the_original_is_reported_once_on_the_original(tmp_path, breakage, key):
    content = _site(tmp_path, {"articles/2018/seminars.en.md": EVENT_EN.replace("image_alt: Staff at a table\n", "")})
    original = content / "articles/2018/seminars.lv.md"
    text = original.read_text("utf-8")
    assert breakage[0] in text
    original.write_text(text.replace(*breakage), "utf-8")
    built = build(content, tmp_path / "out")
    assert built.code == 1
    on_original = [line for line in _lines(built.log, "articles/2018/seminars.lv.md") if f"[{key}]" in line]
    assert len(on_original) == 1, built.log
    assert ":" in on_original[0].split(" ")[0]  # with its line number
    assert not _lines(built.log, "articles/2018/seminars.en.md"), built.log


def test_a_broken_internal_link_is_a_build_error_on_the_markdown_line(tmp_path):
    text = (
        "---\ntitle: Saites\ndate: 2026-11-01\n---\n\nPirmā rindkopa ar [projektu](/projekti/lli-59/).\n\n"
        "Otrā rindkopa ar [projekta lapu](/projekti/lli-59) un [vecu lapu](/2019/veca-lapa/).\n"
    )
    content = _site(tmp_path, {"articles/2026/saites.lv.md": text})
    built = build(content, tmp_path / "out")
    assert built.code == 1 and "Traceback" not in built.log
    found = _lines(built.log, "articles/2026/saites.lv.md:")
    assert any(
        line.startswith("articles/2026/saites.lv.md:8") and "[body]" in line and "/2019/veca-lapa/" in line
        for line in found
    ), built.log
    assert not any("/projekti/lli-59" in line for line in found), built.log  # that page exists
    assert not (tmp_path / "out").exists()
