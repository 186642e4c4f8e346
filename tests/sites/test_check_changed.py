"""`invoke check --changed`: the slow checkers look at what changed since the last check that passed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.sites.fixtures import basic_site

pytestmark = [pytest.mark.site, pytest.mark.browser]


def _check(output, state, *extra) -> tuple[int, str, str]:
    # its own process, as `invoke check` runs: the check drives Chromium with Playwright's sync API,
    # which cannot start in a test process where another test's browser session already runs
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "quality.check",
            str(output),
            "--settings",
            str(ROOT / "pelicanconf.py"),
            "--state",
            str(state),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    return done.returncode, done.stdout, done.stderr


def test_only_changed_files_are_validated_but_links_cover_the_whole_site(make_site, tmp_path):
    from quality.check import digests, write_state

    site = make_site(basic_site())
    assert site.code == 0, site.log
    # The baseline a passing check leaves (the whole check of a built site runs in tests/sites/test_workflow.py),
    # with one file that is no longer there: only a passing check may replace it with the site as it is.
    state = tmp_path / "state.json"
    write_state(state, {**digests(site.output), "gone/index.html": "0" * 64})

    page = next(p for p in site.output.rglob("index.html") if "biblioteka" in p.parent.name)
    original = page.read_text("utf-8")
    page.write_text(original.replace("<main", "<main><div><p>unclosed</div", 1), "utf-8")
    code, out, err = _check(site.output, state, "--changed")
    assert code == 1
    assert "1 file(s) changed since the last check that passed" in err
    assert "Validating the HTML of 1 page(s)" in err
    problems = [line for line in out.splitlines() if line.startswith("  ")]
    assert problems and all(page.parent.name in line for line in problems), out
    # a failing check is no baseline: the next check looks at the same file again
    assert "gone/index.html" in state.read_text("utf-8")

    # once the page is mended, the check passes and its result is the new baseline
    page.write_text(original, "utf-8")
    code, out, err = _check(site.output, state, "--changed")
    assert code == 0, out + err
    assert "0 file(s) changed" in err and "Validating the HTML of 0 page(s)" in err
    assert "gone/index.html" not in state.read_text("utf-8")

    # a removed page still shows up as a broken link on the unchanged pages that point to it
    removed = next(p for p in site.output.rglob("index.html") if p.parent.name == "lli-59")
    removed.unlink()
    code, out, err = _check(site.output, state, "--changed")
    assert code == 1 and "broken link" in out
