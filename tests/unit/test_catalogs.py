"""`invoke i18n` changes no file unless a string changed."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from multisite.catalogs import update_catalogs

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _copy(tmp_path: Path) -> Path:
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "static"))
    return tmp_path


def test_a_second_run_changes_nothing(tmp_path):
    root = _copy(tmp_path)
    update_catalogs(root, stream=io.StringIO())
    first = _snapshot(root / "theme/translations")
    update_catalogs(root, stream=io.StringIO())
    assert _snapshot(root / "theme/translations") == first


def test_moving_code_within_a_file_changes_nothing_but_a_new_string_does(tmp_path):
    root = _copy(tmp_path)
    update_catalogs(root, stream=io.StringIO())
    first = _snapshot(root / "theme/translations")
    template = root / "theme/templates/base.html"
    template.write_text("\n\n\n" + template.read_text("utf-8"), "utf-8")  # every string moves down
    update_catalogs(root, stream=io.StringIO())
    assert _snapshot(root / "theme/translations") == first
    template.write_text(template.read_text("utf-8") + "{{ _('A brand-new interface string') }}\n", "utf-8")
    update_catalogs(root, stream=io.StringIO())
    pot = (root / "theme/translations/messages.pot").read_text("utf-8")
    assert 'msgid "A brand-new interface string"' in pot


def test_the_committed_catalogs_are_current(tmp_path):
    """`invoke i18n` on a clean checkout changes no tracked file: the catalogs are what it writes."""
    root = _copy(tmp_path)
    update_catalogs(root, stream=io.StringIO())
    for committed in sorted((ROOT / "theme/translations").rglob("*.po*")):
        rel = committed.relative_to(ROOT)
        assert (root / rel).read_bytes() == committed.read_bytes(), f"{rel} is not current: run `invoke i18n`"
