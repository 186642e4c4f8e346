"""Responsive variants of a picture: which sizes and formats to make, and making them.

``plan_variants`` is pure: from a picture's size (as shown, EXIF orientation
applied), its format and whether it has transparency, it decides the widths
and formats the build makes. ``read_facts`` reads what the plan needs from a
file's header; ``encode_variants`` makes the variants' bytes with Pillow.
Nothing here knows Pelican, the build or its cache.

Why these widths (``WIDTHS``):

* 320 and 480 are for the cards of the listings: a card's picture is 14rem
  (224 CSS px) wide on a wider screen, so 320 covers it at 1x and 480 at 2x;
  on a phone it spans the column (about 343 px on a 375 px screen), so 480 is
  what a 1x phone takes, and no phone downloads an article-sized file for a
  thumbnail.
* 800 is the article's picture on a phone at 2x and on a desktop at 1x (the
  article column is at most 46rem, 736 px); it is also the fallback ``src``.
* 1200 is the article's picture on a desktop at 2x, and the width social
  sites ask of a shared picture (og:image).

Wider files are never made: a picture is never enlarged, and one narrower
than 1200 px gets its own width as its largest variant instead.

Formats: WebP, and a fallback in the original's kind, JPEG or PNG (PNG for pictures with transparency and for
PNG and GIF originals), for browsers and sites that take neither. Every
variant is made from the original (never from another variant), with
Lanczos resampling, in sRGB, with no metadata (no EXIF, so no camera or GPS
data is published), and with settings that give the same bytes for the same
input on every machine.

AVIF is not made. Pillow can write it, but at its default speed it costs
each picture about six times the CPU time of WebP, which every cold build
and every new picture would pay, and at a speed that costs as little as WebP
its files are no smaller than WebP's (measured on the demo's pictures at
1200 and 800 px). ``MODERN`` is where a fork that wants it adds "avif" (the
encoder settings are below; it is encoded on one thread, because its bytes
depend on the number of threads).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WIDTHS = (320, 480, 800, 1200)
MODERN = ("webp",)  # best first; see the module's notes on AVIF
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
NEAR = 0.9  # a wanted width this close to the original's is left out: the original's is made
# The settings of every encoder; part of the variants' identity (``ENCODING``).
QUALITY: dict[str, dict[str, Any]] = {
    "avif": {"quality": 60, "speed": 6, "max_threads": 1},
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 82, "progressive": True, "optimize": True},
    "png": {"optimize": True},
}
ENCODING = f"1|{sorted((k, sorted(v.items())) for k, v in QUALITY.items())}"
_PILLOW_NAMES = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}
_SWAPPED = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # avif, webp, jpeg or png

    @property
    def mime(self) -> str:
        return MIME[self.format]


@dataclass(frozen=True)
class Plan:
    """The variants of one picture: every width in every format (modern first, the fallback last)."""

    width: int  # the original's size, as shown
    height: int
    widths: tuple[int, ...]  # ascending
    formats: tuple[str, ...]

    @property
    def fallback(self) -> str:
        return self.formats[-1]

    def height_for(self, width: int) -> int:
        return scaled_height(self.width, self.height, width)

    def variants(self) -> list[Variant]:
        return [Variant(w, self.height_for(w), fmt) for fmt in self.formats for w in self.widths]


def scaled_height(width: int, height: int, new_width: int) -> int:
    """The height of a ``width`` x ``height`` picture made ``new_width`` wide (at least 1 px)."""
    return max(1, round(new_width * height / width))


def variant_widths(width: int, wanted: tuple[int, ...] = WIDTHS) -> tuple[int, ...]:
    """The widths made of a picture ``width`` px wide: the wanted ones narrower than it, and its own width
    when it is narrower than the widest wanted one (a wanted width within 10 % of it is then left out)."""
    if width < 1:
        raise ValueError(f"a picture {width} px wide")
    largest = max(wanted)
    if width >= largest:
        return tuple(sorted({w for w in wanted if w <= width}))
    return tuple(sorted({w for w in wanted if w < width * NEAR} | {width}))


def fallback_format(source_format: str, has_alpha: bool) -> str:
    """The format of the variants every browser shows: the original's kind, JPEG or PNG."""
    if has_alpha or source_format.upper() in ("PNG", "GIF"):
        return "png"
    return "jpeg"


def plan_variants(
    width: int,
    height: int,
    *,
    source_format: str,
    has_alpha: bool,
    modern: tuple[str, ...] = MODERN,
    wanted: tuple[int, ...] = WIDTHS,
) -> Plan:
    """What to make of a picture of ``width`` x ``height`` px (as shown) in ``source_format`` (Pillow's name).

    ``modern``: the modern formats this build can write, best first."""
    if width < 1 or height < 1:
        raise ValueError(f"a picture of {width} x {height} px")
    formats = (*(f for f in MODERN if f in modern), fallback_format(source_format, has_alpha))
    return Plan(width, height, variant_widths(width, wanted), formats)


def writable_formats() -> tuple[str, ...]:
    """The modern formats this Pillow can write, best first."""
    from PIL import Image, features

    Image.init()
    found = []
    for fmt in MODERN:
        name = _PILLOW_NAMES[fmt]
        if (
            name in Image.SAVE
            and (fmt != "avif" or features.check("avif"))
            and (fmt != "webp" or features.check("webp"))
        ):
            found.append(fmt)
    return tuple(found)


def encoder_identity() -> str:
    """What the variants' bytes depend on besides the original: the settings and the libraries' versions."""
    from PIL import __version__, features

    versions = [features.version(name) or "" for name in ("avif", "webp", "jpg", "zlib", "littlecms2")]
    return f"{ENCODING}|pillow={__version__}|{versions}"


@dataclass(frozen=True)
class Facts:
    """What the plan needs of a picture file."""

    width: int  # as shown (EXIF orientation applied)
    height: int
    format: str  # Pillow's name: JPEG, PNG, GIF, WEBP, AVIF
    has_alpha: bool
    animated: bool


def read_facts(path: Path) -> Facts:
    """The facts of the picture at ``path`` (from its header; raises what Pillow raises)."""
    from PIL import Image

    with Image.open(path) as picture:
        width, height = picture.size
        orientation = picture.getexif().get(0x0112)
        if orientation in _SWAPPED:
            width, height = height, width
        alpha = picture.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in picture.info
        animated = bool(getattr(picture, "is_animated", False))
        return Facts(width, height, str(picture.format), alpha, animated)


def _prepared(path: Path, has_alpha: bool) -> Any:
    """The picture at ``path`` decoded, turned upright, in sRGB RGB or RGBA, without any metadata."""
    from PIL import Image, ImageCms, ImageOps

    with Image.open(path) as opened:
        opened.load()
        picture = ImageOps.exif_transpose(opened)
        icc = opened.info.get("icc_profile")
    mode = "RGBA" if has_alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
                picture = picture.convert(mode)
            converted = ImageCms.profileToProfile(picture, source, ImageCms.createProfile("sRGB"), outputMode=mode)
            if converted is not None:
                picture = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the colours are taken as they are, as browsers do
    if picture.mode != mode:
        picture = picture.convert("RGBA" if picture.mode == "P" and has_alpha else mode)
        if picture.mode != mode:
            picture = picture.convert(mode)
    picture.info = {}
    return picture


def encode_variants(path: Path, plan: Plan, has_alpha: bool) -> dict[Variant, bytes]:
    """The bytes of every variant of ``plan`` of the picture at ``path`` (raises what Pillow raises)."""
    from PIL import Image

    original = _prepared(path, has_alpha)
    made: dict[Variant, bytes] = {}
    for width in plan.widths:
        size = (width, plan.height_for(width))
        resized = original if size == original.size else original.resize(size, Image.Resampling.LANCZOS)
        resized.info = {}
        for fmt in plan.formats:
            buffer = io.BytesIO()
            resized.save(buffer, _PILLOW_NAMES[fmt], **QUALITY[fmt])
            made[Variant(size[0], size[1], fmt)] = buffer.getvalue()
    return made


def is_variant(data: bytes, variant: Variant) -> bool:
    """Whether ``data`` is a picture in ``variant``'s format and size (what a cache may hold)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as picture:
            return picture.format == _PILLOW_NAMES[variant.format] and picture.size == (variant.width, variant.height)
    except Exception:  # noqa: BLE001 - anything that is not such a picture
        return False
