"""`invoke check --changed`: the slow checkers look at what changed since the last check that passed."""

from __future__ import annotations

import pytest

from quality.check import main as check_main
from tests.conftest import ROOT
from tests.sites.fixtures import basic_site

pytestmark = [pytest.mark.site, pytest.mark.browser]


def _check(output, state, *extra):
    return check_main([str(output), "--settings", str(ROOT / "pelicanconf.py"), "--state", str(state), *extra])


def test_only_changed_files_are_validated_but_links_cover_the_whole_site(make_site, tmp_path, capsys):
    site = make_site(basic_site())
    assert site.code == 0, site.log
    state = tmp_path / "state.json"
    assert _check(site.output, state) == 0
    assert state.is_file()
    full = capsys.readouterr().err
    assert "changed since" not in full

    page = next(p for p in site.output.rglob("index.html") if "biblioteka" in p.parent.name)
    page.write_text(page.read_text("utf-8").replace("<main", "<main><div><p>unclosed</div", 1), "utf-8")
    assert _check(site.output, state, "--changed") == 1
    out = capsys.readouterr()
    assert "1 file(s) changed since the last check that passed" in out.err
    assert "Validating the HTML of 1 page(s)" in out.err
    problems = [line for line in out.out.splitlines() if line.startswith("  ")]
    assert problems and all(page.parent.name in line for line in problems), out.out

    # a failing check is no baseline: the same file is checked again
    assert _check(site.output, state, "--changed") == 1
    assert "1 file(s) changed" in capsys.readouterr().err

    # a removed page still shows up as a broken link on the unchanged pages that point to it
    removed = next(p for p in site.output.rglob("index.html") if p.parent.name == "lli-59")
    removed.unlink()
    assert _check(site.output, state, "--changed") == 1
    assert "broken link" in capsys.readouterr().out
