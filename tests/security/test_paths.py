"""The path gate: content an editor or contributor can commit must never make the
build write, copy or delete anything outside the output folder, nor publish a
file from outside content/. Each attack is its own fixture site; the build must
refuse it clearly (exit 1, file, key and message in the log, nothing written)
or produce safe output, and every file beside the fixture must be unchanged."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from contentmodel.diagnostics import ContentError
from contentmodel.routes import reserved_roots
from contentmodel.safety import is_safe_segment
from contentmodel.site import not_a_picture
from lvlang.slugs import slugify
from multisite.writer import MANIFEST, DuplicateOutput, OutputWriter, UnsafeOutput
from tests.conftest import assert_refused, build, write_content
from tests.sites.fixtures import PROJECT_LV, png_bytes

SENTINEL = "do not touch\n"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def article(front: str, body: str = "Teksts.") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}\n"


def page(front: str) -> str:
    return f"---\n{front.strip()}\n---\n\nLapas teksts.\n"


def project(code: str) -> str:
    return PROJECT_LV.replace("code: LLI-59", f"code: {code}")


# ----------------------------------------------------------------------------- harness


def _snapshot(root: Path, skip: set[Path]) -> dict[str, tuple]:
    """Every entry under ``root`` (not following links) except the ``skip`` folders: kind and content."""
    seen: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if Path(dirpath, d) not in skip]
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if path in skip:
                continue
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                seen[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                seen[rel] = ("dir",)
            else:
                seen[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return seen


class Attack:
    """A fixture site in ``tmp_path/site``, with sentinels beside content/ and output/ and above them."""

    def __init__(self, tmp_path: Path):
        self.top = tmp_path
        self.base = tmp_path / "site"
        self.content = self.base / "content"
        self.output = self.base / "output"
        self.secret = self.base / "secret.png"
        self.sentinels = [self.base / "sentinel.txt", tmp_path / "outside.txt", self.base / "outside.txt"]

    def prepare(self, files: dict, links: dict[str, Path] | None = None) -> None:
        self.content.mkdir(parents=True)
        write_content(self.content, files)
        for sentinel in self.sentinels:
            sentinel.write_text(SENTINEL, "utf-8")
        self.secret.write_bytes(png_bytes())
        (self.base / "secret-folder").mkdir()
        (self.base / "secret-folder" / "passwd.png").write_bytes(png_bytes())
        (self.base / "evil.lv.md").write_text(article("title: Svešs\ndate: 2019-01-01"), "utf-8")
        for rel, target in (links or {}).items():
            link = self.content / rel
            link.parent.mkdir(parents=True, exist_ok=True)
            if link.exists() or link.is_symlink():
                link.unlink()
            link.symlink_to(target)

    def _skip(self) -> set[Path]:
        names = ("output", ".output.builds", ".output.lock", "cache")  # what a build of output/ owns
        return {self.base / name for name in names}

    def build(self):
        before = _snapshot(self.top, self._skip())
        built = build(self.content, self.output)
        after = _snapshot(self.top, self._skip())
        assert after == before, f"files outside the output changed: {set(after.items()) ^ set(before.items())}"
        for sentinel in self.sentinels:
            assert sentinel.read_text("utf-8") == SENTINEL
        assert "Traceback" not in built.log, built.log
        return built


@pytest.fixture
def attack(tmp_path):
    return Attack(tmp_path)


def _data(name: str, change) -> dict:
    import yaml

    from tests.conftest import ROOT

    class NoAliases(yaml.SafeDumper):  # data files may not use anchors: write shared values out
        def ignore_aliases(self, data):
            return True

    data = yaml.safe_load((ROOT / "content/data" / name).read_text("utf-8"))
    change(data)
    return {f"data/{name}": yaml.dump(data, Dumper=NoAliases, allow_unicode=True)}


OK = {"articles/a.lv.md": article("title: Labs raksts\ndate: 2019-12-10")}

# (case id, files, links (content-relative -> target, relative to the site folder), where, key, text)
CASES = [
    ("code-dot-dot", {"projects/x.lv.md": project("../../x")}, {}, "projects/x.lv.md:2", "code", "not a project code"),
    (
        "code-hidden-dot-dot",
        {"projects/x.lv.md": project("LLI-59/../../x")},
        {},
        "projects/x.lv.md:2",
        "code",
        "not a project code",
    ),
    ("code-with-dot", {"projects/x.lv.md": project("LLI.59")}, {}, "projects/x.lv.md:2", "code", "e.g. LLI-59"),
    (
        "code-with-newline",
        {"projects/x.lv.md": project('"LLI\\n../59"')},
        {},
        "projects/x.lv.md:2",
        "code",
        "U+000A LINE FEED",
    ),
    (
        "code-is-programme-word",
        {"projects/x.lv.md": project("programma")},
        {},
        "projects/x.lv.md:2",
        "code",
        "programme pages",
    ),
    (
        "municipality-key-dot-dot",
        {**OK, **_data("municipalities.yaml", lambda d: d.update({"../evil": d["ludza"]}))},
        {},
        "data/municipalities.yaml",
        "../evil",
        "cannot be part of a web address",
    ),
    (
        "emblem-leaves-content",
        {**OK, **_data("programmes.yaml", lambda d: d["rrf"]["emblem"].update(file="../../etc/emblem.svg"))},
        {},
        "data/programmes.yaml",
        "rrf.emblem.file",
        "is not a path inside content/",
    ),
    (
        "programme-key-slash",
        {**OK, **_data("programmes.yaml", lambda d: d.update({"rrf/../../x": d["rrf"]}))},
        {},
        "data/programmes.yaml",
        "rrf/../../x",
        "cannot be part of a web address",
    ),
    (
        "slug-dot-dot",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nslug: ../x")},
        {},
        "articles/a.lv.md:4",
        "slug",
        "not a URL slug",
    ),
    (
        "slug-with-slash",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nslug: a/b")},
        {},
        "articles/a.lv.md:4",
        "slug",
        "use slug: a-b",
    ),
    ("page-slug-feeds", {"pages/p.lv.md": page("title: Lapa\nslug: feeds")}, {}, "pages/p.lv.md:3", "slug", "reserved"),
    (
        "page-slug-en",
        {"pages/p.lv.md": page("title: Lapa\nslug: en")},
        {},
        "pages/p.lv.md:3",
        "slug",
        "a language's pages",
    ),
    (
        "page-slug-ltg-in-english",
        {"pages/p.en.md": page("title: Page\nslug: ltg")},
        {},
        "pages/p.en.md:3",
        "slug",
        "reserved",
    ),
    (
        "page-slug-pagefind",
        {"pages/p.lv.md": page("title: Lapa\nslug: pagefind")},
        {},
        "pages/p.lv.md:3",
        "slug",
        "choose another slug",
    ),
    (
        "page-slug-images",
        {"pages/p.lv.md": page("title: Lapa\nslug: images")},
        {},
        "pages/p.lv.md:3",
        "slug",
        "reserved",
    ),
    ("page-slug-admin", {"pages/p.lv.md": page("title: Lapa\nslug: admin")}, {}, "pages/p.lv.md:3", "slug", "reserved"),
    (
        "page-slug-section-word",
        {"pages/p.en.md": page("title: Page\nslug: arhivs")},
        {},
        "pages/p.en.md:3",
        "slug",
        "reserved",
    ),
    ("page-title-is-reserved", {"pages/p.lv.md": page("title: Projekti")}, {}, "pages/p.lv.md:2", "title", "slug:"),
    (
        "symlink-image-outside",
        {**OK},
        {"images/secret.png": "secret.png"},
        "images/secret.png",
        "",
        "replace the link with the file itself",
    ),
    (
        "symlink-absolute-outside",
        {**OK},
        {"files/passwd.txt": "/etc/passwd"},
        "files/passwd.txt",
        "",
        "outside content/",
    ),
    ("symlinked-folder-outside", {**OK}, {"images/more": "secret-folder"}, "images/more/", "", "folder itself"),
    ("symlinked-extra-folder", {**OK}, {"extra": "secret-folder"}, "extra/", "", "symbolic link"),
    (
        "article-symlink-outside",
        {**OK},
        {"articles/evil.lv.md": "evil.lv.md"},
        "articles/evil.lv.md",
        "",
        "symbolic link",
    ),
    (
        "data-file-symlink-outside",
        {**OK},
        {"data/municipalities.yaml": "/etc/hostname"},
        "data/municipalities.yaml",
        "",
        "symbolic link",
    ),
    (
        "image-dot-dot",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nimage: images/../../secret.png\nimage_alt: X")},
        {},
        "articles/a.lv.md:4",
        "image",
        "not a path inside content/",
    ),
    (
        "attachment-dot-dot",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nattachments: [{file: files/../../secret.png}]")},
        {},
        "articles/a.lv.md:4",
        "attachments",
        "not a path inside content/",
    ),
    (
        "image-through-inner-link",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nimage: images/up/secret.png\nimage_alt: X")},
        {"images/up": "../.."},
        "articles/a.lv.md:4",
        "image",
        "not inside content/",
    ),
    (
        "body-static-dot-dot",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01", "[slepens]({static}../../secret.png)")},
        {},
        "articles/a.lv.md",
        "body",
        "'../../secret.png' is not inside content/",
    ),
    (
        "body-site-relative-dot-dot",
        {"articles/a.lv.md": article("title: A\ndate: 2019-01-01", "![Bilde](/images/../../secret.png)")},
        {},
        "articles/a.lv.md",
        "body",
        "is not inside content/",
    ),
    (
        "image-is-a-pdf",
        {
            "files/plans.pdf": PDF,
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01\nimage: files/plans.pdf\nimage_alt: Plāns"),
        },
        {},
        "articles/a.lv.md:4",
        "image",
        "not a picture",
    ),
    (
        "image-is-renamed-text",
        {
            "images/x.jpg": "tikai teksts, nav bilde\n",
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01\nimage: images/x.jpg\nimage_alt: X"),
        },
        {},
        "articles/a.lv.md:4",
        "image",
        "not an image",
    ),
    (
        "image-svg-is-html",
        {
            "images/x.svg": "<html><body>nav</body></html>",
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01\nimage: images/x.svg\nimage_alt: X"),
        },
        {},
        "articles/a.lv.md:4",
        "image",
        "not <svg>",
    ),
    (
        "body-picture-is-a-pdf",
        {
            "files/plans.pdf": PDF,
            "articles/a.lv.md": article("title: A\ndate: 2019-01-01", "![Plāns]({static}files/plans.pdf)"),
        },
        {},
        "articles/a.lv.md",
        "body",
        "not a picture",
    ),
]


@pytest.mark.site
@pytest.mark.parametrize("files, links, where, key, text", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_attack_is_refused_and_nothing_outside_changes(attack, files, links, where, key, text):
    attack.prepare(
        files,
        {rel: (target if target.startswith(("/", "..")) else attack.base / target) for rel, target in links.items()},
    )
    built = attack.build()
    assert_refused(built, where, key, text)


# ----------------------------------------------------------------------------- inputs that must work, safely


@pytest.mark.site
def test_slug_with_a_trailing_newline_is_the_plain_slug(attack):
    attack.prepare({"articles/a.lv.md": article('title: A\ndate: 2019-01-01\nslug: "x\\n"')})
    built = attack.build()
    assert built.code == 0, built.log
    assert built.exists("2019/x/index.html")


@pytest.mark.site
def test_reserved_words_are_fine_below_the_year(attack):
    attack.prepare({"articles/a.lv.md": article("title: A\ndate: 2019-01-01\nslug: feeds")})
    built = attack.build()
    assert built.code == 0, built.log
    assert built.exists("2019/feeds/index.html")


@pytest.mark.site
def test_tags_of_symbols_only_get_safe_pages(attack):
    attack.prepare({"articles/a.lv.md": article('title: A\ndate: 2019-01-01\ntags: ["../..", "!!!", "/", "🙂"]')})
    built = attack.build()
    assert built.code == 0, built.log
    tags = [p.name for p in (built.output / "birkas").iterdir() if p.is_dir()]
    assert len(tags) == 4 and all(is_safe_segment(t) for t in tags), tags
    feeds = [p.name for p in (built.output / "feeds").iterdir() if p.name.startswith("tag-")]
    assert len(feeds) == 8, feeds


@pytest.mark.site
def test_links_inside_content_still_work(attack):
    attack.prepare(
        {
            "images/cover.png": png_bytes(),
            "articles/a.lv.md": article(
                "title: A\ndate: 2019-01-01\nimage: images/alias.png\nimage_alt: X", "![Bilde](/images/alias.png)"
            ),
        },
        {"images/alias.png": attack.content / "images/cover.png"},
    )
    built = attack.build()
    assert built.code == 0, built.log
    assert built.exists("images/alias.png") and built.exists("2019/a/index.html")


@pytest.mark.site
def test_manifest_pointing_outside_deletes_nothing_outside(attack):
    attack.prepare(OK)
    first = attack.build()
    assert first.code == 0, first.log
    (attack.top / "abs.txt").write_text(SENTINEL, "utf-8")
    attack.sentinels.append(attack.top / "abs.txt")
    (attack.output / "stale.html").write_text("old", "utf-8")
    listed = [
        "../outside.txt",
        "../../outside.txt",
        "2019/../../outside.txt",
        str(attack.top / "abs.txt"),
        "../content/articles/a.lv.md",
        "stale.html",
        "",
        None,
        7,
    ]
    (attack.output / MANIFEST).write_text(json.dumps(listed), "utf-8")
    built = attack.build()
    assert built.code == 0, built.log
    assert not built.exists("stale.html"), "a stale file listed in the manifest is still pruned"
    assert (attack.content / "articles/a.lv.md").is_file()
    assert json.loads((attack.output / MANIFEST).read_text("utf-8"))[0] != "../outside.txt"


@pytest.mark.site
def test_manifest_through_a_link_in_the_output_deletes_nothing_outside(attack):
    attack.prepare(OK)
    assert attack.build().code == 0
    (attack.output / "escape").symlink_to(attack.base)
    (attack.output / MANIFEST).write_text(json.dumps(["escape/sentinel.txt", "escape/outside.txt"]), "utf-8")
    built = attack.build()
    assert built.code == 0, built.log


# ----------------------------------------------------------------------------- the writer's gate

BAD_PATHS = [
    "../x.html",
    "../../x",
    "a/../../x",
    "/etc/x",
    "",
    "a//b",
    "./a",
    "a/./b",
    "a\\..\\x",
    "a\x00b",
    "C:/x",
    "a/..",
    None,
    3,
]


@pytest.mark.parametrize("rel", BAD_PATHS, ids=repr)
def test_writer_refuses_paths_that_leave_the_root(tmp_path, rel):
    root = tmp_path / "out"
    root.mkdir()
    writer = OutputWriter(root)
    with pytest.raises(UnsafeOutput) as caught:
        writer.write(rel, "x", "feeds project ../x")
    assert isinstance(caught.value, ContentError)
    text = caught.value.report.format()
    assert "feeds project ../x" in text and "[output]" in text and "hint:" in text
    with pytest.raises(UnsafeOutput):
        writer.claim(rel, "render")
    assert writer.written == {}
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


def test_writer_refuses_a_folder_that_is_a_link_out(tmp_path):
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / "feeds").symlink_to(outside)
    writer = OutputWriter(root)
    with pytest.raises(UnsafeOutput, match="symbolic link"):
        writer.write("feeds/all.atom.xml", "x")
    with pytest.raises(UnsafeOutput):
        writer.claim("feeds/deeper/x.ics")
    assert list(outside.iterdir()) == []


def test_writer_replaces_a_link_instead_of_writing_through_it(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", "utf-8")
    (root / "index.html").symlink_to(secret)
    (root / "robots.txt.tmp").symlink_to(secret)  # a planted temporary file is not written through either
    writer = OutputWriter(root)
    writer.write("index.html", "secret")  # same bytes as the link's target: still replaced
    writer.write("robots.txt", "User-agent: *")
    assert secret.read_text("utf-8") == "secret"
    assert not (root / "index.html").is_symlink() and (root / "index.html").read_text("utf-8") == "secret"
    assert (root / "robots.txt").read_text("utf-8") == "User-agent: *"


def test_writer_writes_plain_paths_and_refuses_duplicates(tmp_path):
    writer = OutputWriter(tmp_path)
    writer.write("en/feeds/project-lli-59.ics", "BEGIN:VCALENDAR", "ics")
    assert (tmp_path / "en/feeds/project-lli-59.ics").read_text("utf-8") == "BEGIN:VCALENDAR"
    with pytest.raises(DuplicateOutput) as caught:
        writer.claim("en/feeds/project-lli-59.ics", "other")
    assert isinstance(caught.value, ContentError) and "produced twice" in caught.value.report.format()


def test_prune_never_leaves_the_root(tmp_path):
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    (root / "old").mkdir(parents=True)
    outside.mkdir()
    for name in ("a.txt", "b.txt", "target.txt"):
        (outside / name).write_text(SENTINEL, "utf-8")
    (tmp_path / "beside.txt").write_text(SENTINEL, "utf-8")
    (root / "old" / "page.html").write_text("stale", "utf-8")
    (root / "through").symlink_to(outside)
    (root / "link.html").symlink_to(outside / "target.txt")
    listed = [
        "../beside.txt",
        str(tmp_path / "beside.txt"),
        "old/../../beside.txt",
        "through/a.txt",
        "through/../elsewhere/b.txt",
        "old/page.html",
        "link.html",
        "old",
        "",
        None,
        ["x"],
        MANIFEST,
    ]
    (root / MANIFEST).write_text(json.dumps(listed), "utf-8")
    writer = OutputWriter(root)
    writer.write("index.html", "new")
    removed = writer.prune()
    assert sorted(removed) == ["link.html", "old/page.html"]
    assert all((outside / n).read_text("utf-8") == SENTINEL for n in ("a.txt", "b.txt", "target.txt"))
    assert (tmp_path / "beside.txt").read_text("utf-8") == SENTINEL
    assert json.loads((root / MANIFEST).read_text("utf-8")) == ["index.html"]


@pytest.mark.parametrize("manifest", ['{"../x": 1}', "not json", '"../beside.txt"', "\udcff"])
def test_prune_ignores_a_manifest_that_is_not_a_list_of_paths(tmp_path, manifest):
    root = tmp_path / "out"
    root.mkdir()
    (tmp_path / "beside.txt").write_text(SENTINEL, "utf-8")
    (root / MANIFEST).write_bytes(manifest.encode("utf-8", "surrogateescape"))
    assert OutputWriter(root).prune() == []
    assert (tmp_path / "beside.txt").read_text("utf-8") == SENTINEL


# ----------------------------------------------------------------------------- the rules behind the checks


@pytest.mark.parametrize("text", ["../..", "!!!", "", "/", "\n", "🙂", "..", "ā" * 200, "a" * 300, "CON", "-x-"])
def test_slugify_always_gives_a_safe_segment(text):
    assert is_safe_segment(slugify(text))


def test_reserved_roots_follow_the_configured_languages():
    reserved = reserved_roots(("lv", "en", "ltg", "lt"), ("images", "files/docs", "extra", "assets"))
    for name in (
        "lv",
        "en",
        "ltg",
        "lt",
        "sitemap-lt",
        "pagefind",
        "feeds",
        "theme",
        "images",
        "files",
        "extra",
        "assets",
        "admin",
        "404",
        "robots",
        "dati",
        "data",
        "arhivs",
        "archive",
        "meklet",
        "search",
    ):
        assert name in reserved, name
    assert "par-mums" not in reserved


def test_not_a_picture(tmp_path):
    (tmp_path / "ok.png").write_bytes(png_bytes())
    (tmp_path / "ok.svg").write_text('<?xml version="1.0"?><!-- logo --><svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "doc.pdf").write_bytes(PDF)
    (tmp_path / "text.jpg").write_text("hello")
    (tmp_path / "html.svg").write_text("<html/>")
    (tmp_path / "broken.svg").write_text("<svg")
    from PIL import Image

    Image.new("RGB", (4, 4)).save(tmp_path / "x.tif", "TIFF")
    assert not_a_picture(tmp_path / "ok.png") is None and not_a_picture(tmp_path / "ok.svg") is None
    for name in ("doc.pdf", "text.jpg", "html.svg", "broken.svg", "x.tif"):
        assert not_a_picture(tmp_path / name), name


@pytest.mark.parametrize(
    "code, ok",
    [
        ("LLI-59", True),
        ("LL-00123", True),
        ("rem-preili", True),
        ("DDJ2023", True),
        ("../../x", False),
        ("LLI-59/../../x", False),
        ("LLI.59", False),
        ("a--b", False),
        ("-LLI", False),
        ("LLI-", False),
        ("LLĪ-59", False),
        ("LLI 59", False),
    ],
)
def test_project_codes_lowercase_to_safe_segments(code, ok):
    from contentmodel import schema
    from contentmodel.validate import coerce

    values, problems = coerce(schema.PROJECT, {"code": code}, path="projects/x.lv.md", key_lines={"code": 2})
    assert (problems == []) is ok, problems
    if ok:
        assert is_safe_segment(values["code"].lower())
    else:
        assert problems[0].key == "code" and problems[0].line == 2 and "LLI-59" in problems[0].hint
