"""The live preview's quick rebuild (``multisite.quick``): after a save that changed only texts, the
preview redoes from its last build only the outputs that read them; after any other save it runs the
whole build. Either way the published site is what a cold build of the same content writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BUILD_DATE, build, write_content

from .fixtures import varied_site
from .test_determinism import tree
from .test_incremental import CONCERT, EDITS, LEAN, PLAIN, counts, edit

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
QUICK = re.compile(r"Rebuilt in [\d.]+ s \((\d+) pages and files computed, the rest kept\)")
LEAN_PAGE = "2018/pasvaldibu-darbinieki-macas-lean-metodes/index.html"


def _overrides(root: Path) -> dict:
    return {
        "PATH": str(root / "content"),
        "THEME": str(root / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "BUILD_DATE": BUILD_DATE,
        "CACHE_PATH": str(root / "cache"),
        "SEARCH_INDEX": False,
        "ARTICLES_PER_PAGE": 2,  # several pages of every list
    }


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("content", "theme")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


class Preview:
    """A live preview's builds of a copy of the varied site, run as the watcher runs them."""

    def __init__(self, root: Path, capsys, search: bool = False) -> None:
        from editorial.preview import SearchIndexer, Session

        self.root, self.capsys, self.session, self.number = root, capsys, Session(), 0
        self.indexer = SearchIndexer(root / "out") if search else None
        write_content(root / "content", varied_site())
        shutil.copytree(ROOT / "theme", root / "theme")
        assert self.save(lambda _root: None) is None

    def save(self, apply, seen: list[tuple[str, Path]] | None = None) -> str | None:
        """Apply the edit ``apply(root)`` and rebuild with the changes a watcher reports (or ``seen``); the
        build's error."""
        from editorial.preview import build_once

        before = _files(self.root)
        apply(self.root)
        after = _files(self.root)
        changes = [("added", self.root / rel) for rel in after.keys() - before.keys()]
        changes += [("deleted", self.root / rel) for rel in before.keys() - after.keys()]
        changes += [("modified", self.root / rel) for rel in after.keys() & before.keys() if after[rel] != before[rel]]
        if seen is not None:
            changes = seen
        self.capsys.readouterr()
        self.number += 1
        error = build_once(
            ROOT,
            "pelicanconf.py",
            self.root / "out",
            self.indexer,
            number=self.number,
            overrides={**_overrides(self.root), "SEARCH_INDEX": self.indexer is not None},
            session=self.session,
            changes=[(kind, str(path)) for kind, path in changes] if self.number > 1 else (),
        )
        self.session.settle()  # as the watcher does once the page has reloaded
        if self.indexer is not None:
            assert self.indexer.wait(120)
        self.printed = self.capsys.readouterr().out
        return error

    @property
    def quick(self) -> int | None:
        """How many outputs the last save's quick rebuild computed; None when the whole build ran."""
        found = QUICK.search(self.printed)
        return int(found.group(1)) if found else None

    def assert_as_cold(self, tmp_path: Path) -> None:
        cold = tmp_path / f"cold-{self.number}"
        shutil.copytree(self.root / "content", cold / "content")
        shutil.copytree(self.root / "theme", cold / "theme")
        made = build(cold / "content", cold / "out", overrides={**_overrides(cold), "PATH": str(cold / "content")})
        assert made.code == 0, made.log
        warm, fresh = tree(self.root / "out"), tree(cold / "out")
        assert warm.keys() == fresh.keys()
        assert [path for path in fresh if warm[path] != fresh[path]] == []


@pytest.fixture
def preview(tmp_path, capsys) -> Preview:
    return Preview(tmp_path / "site", capsys)


def _body(rel: str, old: str, new: str):
    return lambda root: edit(root / "content" / rel, old, new)


def _append(rel: str, text: str):
    def apply(root: Path) -> None:
        path = root / "content" / rel
        path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", "utf-8")

    return apply


# Saves that change only the text of a document: the quick rebuild takes them.
TEXT_EDITS = {
    "a sentence": _body(LEAN, "Otrā rindkopa", "Otrā, labotā rindkopa"),
    "a paragraph added": _append(PLAIN, "Jauna rindkopa ar &amp; zīmi un \u201cpēdiņām\u201d."),
    "the first paragraph (the automatic summary)": _body(PLAIN, "būs slēgta", "un brīvdienās būs slēgta"),
    "a translation": _append("articles/2018/lean.en.md", "A second paragraph in English."),
    "a sentence after the first paragraph": _body(CONCERT, "Rinda ar", "Jauna rinda ar"),
    "a page": _append("pages/par-mums.lv.md", "Papildu teikums par vietni."),
    "a project": _append("projects/lli-59.lv.md", "Projekta jaunumi rindkopā."),
    "a year at the start of a paragraph": _append(LEAN, "2018. gadā mācības turpinājās."),
    "a placeholder left in": _append(PLAIN, "TODO: uzrakstīt beigas"),
    "a funding notice typed by hand": _append(
        LEAN,
        "Šī publikācija ir sagatavota ar Eiropas Savienības finansiālo atbalstu. Par šīs publikācijas saturu "
        "pilnībā atbild Latgales plānošanas reģions, un tas nekādos apstākļos nav uzskatāms par Eiropas "
        "Savienības oficiālo nostāju.",
    ),
    "markup the sanitiser removes": _append(PLAIN, '<script>alert(1)</script><p onclick="x()">Teksts</p>'),
}


def test_text_edits_one_after_another_are_rebuilt_quickly_and_leave_what_a_cold_build_writes(tmp_path, preview):
    for kind, apply in TEXT_EDITS.items():
        assert preview.save(apply) is None, (kind, preview.printed)
        assert preview.quick is not None, (kind, preview.printed)
        assert preview.quick < 60, kind  # of about 500 outputs: the page, its feeds and the lists that show its text
    preview.assert_as_cold(tmp_path)


def test_the_quick_rebuild_redoes_the_page_and_its_feeds(preview):
    assert preview.save(TEXT_EDITS["a sentence"]) is None
    assert preview.quick is not None
    page = (preview.root / "out" / LEAN_PAGE).read_text("utf-8")
    assert "Otrā, labotā rindkopa" in page
    assert "Otrā, labotā rindkopa" in (preview.root / "out/feeds/all.atom.xml").read_text("utf-8")


def test_warnings_of_the_saved_file_are_shown(preview):
    assert preview.save(TEXT_EDITS["a funding notice typed by hand"]) is None
    assert preview.quick is not None
    assert f"{LEAN}: [body] warning: the body contains a funding notice typed by hand" in preview.printed


# Saves that change more than a text. The quick rebuild takes those that leave every address as it was and
# no document coming or going; the whole build runs for the others.
OTHER = {
    **{kind: apply for kind, apply in EDITS.items() if kind != "body"},
    "a link to another article": _append(PLAIN, "Skat. [raksts]({filename}koncerts.lv.md)."),
    "a picture": _append(PLAIN, "![Vāks](/images/cover.png)"),
    "a body emptied": _body("articles/2026/koncerts.ltg.md", "Koncerts byus divejuos vītuos.", ""),
}
QUICK_TOO = {
    "summary",
    "date (the order changes)",
    "date (the order stays)",
    "tags",
    "tags removed",
    "projects",
    "municipalities",
    "event dates",
    "status hidden",
    "status draft",  # a draft keeps its page in the preview
    "project title",
    "a link to another article",
    "a body emptied",
}
WHOLE_BUILD = {
    "title",  # the address is made from the title
    "translation title",
    "page title",
    "translation added",
    "translation removed",
    "article added",
    "article deleted",
    "data file",
    "template",
    "catalog",
    "a picture",
}


def test_every_kind_of_save_is_listed_as_quick_or_whole():
    assert set(OTHER) == QUICK_TOO | WHOLE_BUILD and not QUICK_TOO & WHOLE_BUILD


def _undo(root: Path, files: dict[str, bytes]):
    """The edit that puts the content and the theme back as ``files`` (``_files``) holds them."""

    def apply(_root: Path) -> None:
        now = _files(root)
        for rel in now.keys() - files.keys():
            (root / rel).unlink()
        for rel, data in files.items():
            if now.get(rel) != data:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(data)

    return apply


def test_each_save_that_leaves_every_address_is_rebuilt_quickly_and_gives_what_a_cold_build_gives(tmp_path, preview):
    """Each kind of save on the same preview, and then its undoing (also rebuilt quickly), which must give
    back the site as first built."""
    files, first = _files(preview.root), tree(preview.root / "out")
    for kind in sorted(QUICK_TOO):
        assert preview.save(OTHER[kind]) is None, (kind, preview.printed)
        assert preview.quick is not None, (kind, preview.printed)
        preview.assert_as_cold(tmp_path)
        assert preview.save(_undo(preview.root, files)) is None, (kind, preview.printed)
        assert preview.quick is not None, (kind, preview.printed)
        assert tree(preview.root / "out") == first, kind


def test_a_save_that_moves_an_address_or_changes_more_than_documents_is_left_to_the_whole_build(preview):
    """(What the whole build then writes is compared with a cold build in test_incremental.py.)"""
    from multisite.quick import rebuild

    files = _files(preview.root)
    for kind in sorted(WHOLE_BUILD):
        OTHER[kind](preview.root)
        now = _files(preview.root)
        changes = [("added", preview.root / rel) for rel in now.keys() - files.keys()]
        changes += [("deleted", preview.root / rel) for rel in files.keys() - now.keys()]
        changes += [("modified", preview.root / rel) for rel in now.keys() & files.keys() if now[rel] != files[rel]]
        assert changes, kind
        assert rebuild(preview.session.last, changes) is None, kind  # declined before it changed anything
        _undo(preview.root, files)(preview.root)


def test_an_error_in_a_text_is_reported_by_the_whole_build_and_the_site_stays(preview):
    before = (preview.root / "out" / LEAN_PAGE).read_bytes()
    error = preview.save(_append(LEAN, "[Saite](/2018/nav-tadas-lapas/)"))
    assert error is not None and "leads to no page of this site" in error
    assert preview.quick is None
    assert (preview.root / "out" / LEAN_PAGE).read_bytes() == before
    assert preview.save(_body(LEAN, "[Saite](/2018/nav-tadas-lapas/)", "Saite labota.")) is None
    assert preview.quick is None  # the last build failed: nothing to rebuild from


def test_after_quick_rebuilds_a_warm_build_in_another_process_keeps_every_output(tmp_path, preview):
    for kind in ("a sentence", "a page", "a translation"):
        assert preview.save(TEXT_EDITS[kind]) is None
        assert preview.quick is not None
    again = build(
        preview.root / "content", preview.root / "out", overrides=_overrides(preview.root)
    )  # the build's record and the document cache are on disk, as the quick rebuilds left them
    assert again.code == 0, again.log
    assert counts(again.log) == (0, counts(again.log)[1])
    preview.assert_as_cold(tmp_path)


def _if_it_applies(apply):
    """``apply``, or nothing when an earlier edit of the sequence took away what it edits (it then writes
    nothing: it checks before it writes)."""

    def run(root: Path) -> None:
        try:
            apply(root)
        except (FileNotFoundError, AssertionError):
            pass

    return run


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from([*TEXT_EDITS, *OTHER]), min_size=3, max_size=6, unique=True))
def test_any_sequence_of_saves_leaves_what_a_cold_build_writes(tmp_path_factory, capsys, kinds):
    """Quick and whole rebuilds in a row, each kind of edit once."""
    work = tmp_path_factory.mktemp("sequence")
    preview = Preview(work / "site", capsys)
    every = {**TEXT_EDITS, **OTHER}
    for kind in kinds:
        assert preview.save(_if_it_applies(every[kind])) is None, preview.printed
    preview.assert_as_cold(work)


def test_a_save_by_renaming_a_new_file_over_the_old_one_is_taken_quickly(tmp_path, preview):
    """Editors that save safely write a temporary file and rename it over the document: a watcher then
    reports the document as added, and the temporary file as added and deleted."""
    lean = preview.root / "content" / LEAN
    temporary = lean.with_name("lean.lv.md.tmp~1")

    def save(_root: Path) -> None:
        temporary.write_text(lean.read_text("utf-8").replace("Otrā rindkopa", "Otrā, labotā rindkopa"), "utf-8")
        temporary.replace(lean)

    seen = [("added", temporary), ("modified", temporary), ("deleted", temporary), ("added", lean)]
    assert preview.save(save, seen) is None, preview.printed
    assert preview.quick is not None, preview.printed
    preview.assert_as_cold(tmp_path)


def test_hidden_files_and_files_that_came_and_went_leave_the_rebuild_quick(tmp_path, preview):
    lean = preview.root / "content" / LEAN
    hidden = lean.with_name(".lean.lv.md.swp")
    probe = lean.with_name("4913")  # a file an editor makes and removes to test the folder

    def save(root: Path) -> None:
        hidden.write_bytes(b"\0swap")
        edit(lean, "Otrā rindkopa", "Otrā, labotā rindkopa")

    seen = [("added", hidden), ("added", probe), ("deleted", probe), ("modified", lean)]
    assert preview.save(save, seen) is None, preview.printed
    assert preview.quick is not None, preview.printed
    hidden.unlink()
    preview.assert_as_cold(tmp_path)


@pytest.mark.parametrize(
    "seen",
    [
        [("deleted", "content/images/cover.png")],  # a file of the site gone
        [("added", "content/images/new.png")],  # a new file that is still there
        [("modified", "theme/templates/base.html")],  # outside the content
        [("modified", "content/data/municipalities.yaml")],  # not a document
    ],
)
def test_a_save_that_is_not_only_a_text_runs_the_whole_build(preview, seen):
    from multisite.quick import _why_not

    last = preview.session.last
    assert last is not None
    (preview.root / "content/images/new.png").write_bytes(b"x")
    changes = [(kind, preview.root / rel) for kind, rel in seen]
    rels, why = _why_not(last, changes)
    assert rels == [] and why
    assert _why_not(last, [("modified", preview.root / "content" / LEAN)]) == ([LEAN], "")


def _two_text_edits_then_the_title(preview: Preview, tmp_path: Path) -> None:
    assert preview.save(_body(CONCERT, "Rinda ar", "Jauna rinda ar")) is None
    assert preview.quick is not None
    assert preview.save(_body(CONCERT, "Jauna rinda ar", "Vēl jaunāka rinda ar")) is None
    assert preview.quick is not None
    assert preview.save(EDITS["title"]) is None, preview.printed
    preview.assert_as_cold(tmp_path)


def test_a_title_edit_after_quick_rebuilds_of_the_same_article_gives_what_a_cold_build_gives(tmp_path, preview):
    _two_text_edits_then_the_title(preview, tmp_path)


def test_the_search_index_written_between_saves_leaves_what_each_page_read_on_record(tmp_path, capsys, monkeypatch):
    """The preview's indexer computes the articles' views outside any build, where nothing notes what they
    read: a quick rebuild that took those views would record its pages as reading nothing of them, and
    the next whole build would keep a page whose title changed. (The pages are rendered by workers, as
    on a large site, so that the build's own process has computed none of the views itself.)"""
    import multisite.build

    monkeypatch.setattr(multisite.build, "PARALLEL_THRESHOLD", 2)
    _two_text_edits_then_the_title(Preview(tmp_path / "site", capsys, search=True), tmp_path)
