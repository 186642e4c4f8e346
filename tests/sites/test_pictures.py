"""Article pictures in responsive sizes and formats, checked on a built site: every address in a
srcset is a file of the width it states, in the picture's ratio, never wider than the original,
without metadata; odd pictures still work, a damaged one is a clear error, and a warm build
neither makes them again nor keeps a changed picture's old variants."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from contentmodel import images
from tests.conftest import assert_refused, build, write_content

pytestmark = pytest.mark.site

ARTICLE = """
---
title: {title}
date: 2026-03-0{day}
image: images/{image}
image_alt: {alt}
---

Teksts par attēlu.
"""

# (file, shown width, shown height): what each article's picture looks like upright
PICTURES = {
    "laukums.jpg": (1500, 2000),  # stored 2000x1500, EXIF orientation 6: shown upright, portrait
    "logo.png": (300, 200),  # transparency
    "druka.jpg": (900, 600),  # CMYK
    "karte.png": (640, 360),  # a palette
}


def _jpeg_turned_with_gps() -> bytes:
    picture = Image.new("RGB", (2000, 1500), (40, 110, 60))
    for x in range(0, 2000, 100):
        picture.paste((220, 200, 40), (x, 0, x + 50, 300))  # something to see which side is up
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (56.0, 50.0, 0.0), 3: "E", 4: (26.0, 30.0, 0.0)}
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def _png(mode: str, size: tuple[int, int], **options) -> bytes:
    picture = Image.new("RGBA", size, (0, 90, 160, 0))
    picture.paste((0, 90, 160, 255), (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4))
    buffer = io.BytesIO()
    (picture if mode == "RGBA" else picture.convert("RGB").convert(mode)).save(buffer, "PNG", **options)
    return buffer.getvalue()


def _cmyk_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 40, 40)).convert("CMYK").save(buffer, "JPEG")
    return buffer.getvalue()


def picture_site() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "images/laukums.jpg": _jpeg_turned_with_gps(),
        "images/logo.png": _png("RGBA", (300, 200)),
        "images/druka.jpg": _cmyk_jpeg(),
        "images/karte.png": _png("P", (640, 360)),
    }
    for day, name in enumerate(PICTURES, 1):
        files[f"articles/2026/{name.split('.')[0]}.lv.md"] = ARTICLE.format(
            title=f"Raksts {day} ar attēlu", day=day, image=name, alt=f"Attēls {day}"
        )
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("pictures")
    write_content(base / "content", picture_site())
    built = build(base / "content", base / "out")
    assert built.code == 0, built.log
    return built


def _article(site, day: int) -> str:
    return f"2026/raksts-{day}-ar-attelu/index.html"


def _srcset(value: str) -> list[tuple[str, int]]:
    entries = []
    for item in value.split(","):
        url, width = item.split()
        assert width.endswith("w"), value
        entries.append((url, int(width[:-1])))
    return entries


def _open(site, url: str) -> Image.Image:
    path = site.output / url.lstrip("/")
    assert path.is_file(), url
    picture = Image.open(path)
    picture.load()
    return picture


@pytest.mark.parametrize("day,name", list(enumerate(PICTURES, 1)))
def test_every_srcset_entry_is_a_file_of_its_width_in_the_pictures_ratio(site, day, name):
    width, height = PICTURES[name]
    page = site.html(_article(site, day))
    pic = page.css_first("figure.cover picture")
    assert pic is not None, name
    sources = pic.css("source")
    assert [s.attributes["type"] for s in sources] == [images.MIME[f] for f in images.writable_formats()]
    img = pic.css_first("img")
    fallback = "image/png" if name.endswith(".png") else "image/jpeg"
    for node, mime in [*((s, s.attributes["type"]) for s in sources), (img, fallback)]:
        entries = _srcset(node.attributes["srcset"])
        assert [w for _url, w in entries] == sorted({w for _url, w in entries})
        assert max(w for _url, w in entries) == min(width, 1200)  # never wider than the original
        assert node.attributes["sizes"]
        for url, stated in entries:
            picture = _open(site, url)
            assert Image.MIME[picture.format] == mime, url
            assert picture.width == stated <= width, url
            assert abs(picture.height - stated * height / width) <= 1, url
            assert not picture.getexif() and "exif" not in picture.info, url  # no camera, no GPS
    attrs = img.attributes
    assert abs(int(attrs["height"]) - int(attrs["width"]) * height / width) <= 1
    assert _open(site, attrs["src"]).size == (int(attrs["width"]), int(attrs["height"]))
    assert attrs["alt"] == f"Attēls {day}"
    assert "loading" not in attrs and attrs["fetchpriority"] == "high"  # the page's main picture comes first


def test_the_turned_photo_is_upright(site):
    src = site.html(_article(site, 1)).css_first("figure.cover img").attributes["src"]
    picture = _open(site, src).convert("RGB")
    assert picture.height > picture.width
    assert picture.getpixel((picture.width - 10, 10))[0] > 150  # the yellow stripes: now on the right


def test_transparency_is_kept(site):
    page = site.html(_article(site, 2))
    for node in page.css("figure.cover source, figure.cover img"):
        url = _srcset(node.attributes["srcset"])[0][0]
        picture = _open(site, url)
        assert picture.mode == "RGBA" and picture.getpixel((0, 0))[3] == 0, url


def test_cards_offer_small_widths_and_load_lazily(site):
    home = site.html("index.html")
    cards = home.css("article.card picture")
    assert len(cards) == len(PICTURES)
    for pic in cards:
        img = pic.css_first("img")
        assert img.attributes["loading"] == "lazy" and "fetchpriority" not in img.attributes
        assert int(img.attributes["width"]) <= 480
        for node in [*pic.css("source"), img]:
            assert max(w for _url, w in _srcset(node.attributes["srcset"])) <= 800
            assert "14rem" in node.attributes["sizes"]
        assert _open(site, img.attributes["src"]).width == int(img.attributes["width"])


def test_shared_picture_is_a_jpeg_or_png_variant(site):
    head = site.html(_article(site, 1)).css_first("head")
    shared = head.css_first('meta[property="og:image"]').attributes["content"]
    assert shared.startswith("http") and shared.endswith(".jpeg")
    picture = _open(site, "/" + shared.split("/", 3)[3])
    assert picture.format == "JPEG" and picture.width == 1200
    assert head.css_first('meta[property="og:image:width"]').attributes["content"] == "1200"
    assert head.css_first('meta[property="og:image:height"]').attributes["content"] == str(picture.height) == "1600"


def test_the_originals_are_published_as_they_are(site):
    for name in PICTURES:
        assert (site.output / "images" / name).read_bytes() == (site.content / "images" / name).read_bytes()


# ---------------------------------------------------------------- damaged pictures


def test_a_truncated_picture_is_a_clear_error(make_site):
    files = picture_site()
    data = files["images/laukums.jpg"]
    assert isinstance(data, bytes)
    files["images/laukums.jpg"] = data[: len(data) // 2]  # its header is whole: only decoding fails
    built = make_site(files)
    assert_refused(built, "articles/2026/laukums.lv.md", "image", "'images/laukums.jpg' is not a picture")


def test_a_file_that_is_no_picture_gives_the_existing_error(make_site):
    files = picture_site()
    files["images/logo.png"] = b"%PDF-1.4 not a picture"
    built = make_site(files)
    assert_refused(built, "articles/2026/logo.lv.md", "image", "is not a picture")


# ---------------------------------------------------------------- warm builds


def test_a_warm_build_makes_nothing_again_and_a_changed_picture_gets_new_variants(tmp_path, monkeypatch):
    from multisite import pictures

    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, picture_site())
    calls: list[Path] = []
    encode = pictures.encode_variants

    def counting(path, plan, has_alpha):
        calls.append(Path(path))
        return encode(path, plan, has_alpha)

    monkeypatch.setattr(pictures, "encode_variants", counting)
    assert build(content, out).code == 0
    assert len(calls) == len(PICTURES)
    before = sorted(p.name for p in (out / "img").iterdir())

    calls.clear()
    assert build(content, out).code == 0
    assert calls == []  # all taken from the cache
    assert sorted(p.name for p in (out / "img").iterdir()) == before

    buffer = io.BytesIO()
    Image.new("RGB", (1000, 500), (10, 10, 200)).save(buffer, "JPEG")
    (content / "images/druka.jpg").write_bytes(buffer.getvalue())
    built = build(content, out)
    assert built.code == 0, built.log
    assert [p.name for p in calls] == ["druka.jpg"]
    after = sorted(p.name for p in (out / "img").iterdir())
    old = [n for n in before if n.startswith("druka-")]
    new = [n for n in after if n.startswith("druka-")]
    assert old and new and not set(old) & set(after)  # the old variants are gone
    page = built.read(_article(built, 3))
    assert all(name in page for name in new if "-1000." in name or "-800." in name)
    assert not any(name in page for name in old)
    widths = {int(re.search(r"-(\d+)\.\w+$", n).group(1)) for n in new}
    assert widths == {320, 480, 800, 1000}


def test_a_planted_cache_file_is_not_published(tmp_path):
    content, out = tmp_path / "content", tmp_path / "out"
    write_content(content, picture_site())
    assert build(content, out).code == 0
    published = {p.name: p.read_bytes() for p in (out / "img").iterdir()}
    for cached in (tmp_path / "cache" / "images").iterdir():
        cached.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    assert build(content, out).code == 0
    assert {p.name: p.read_bytes() for p in (out / "img").iterdir()} == published
