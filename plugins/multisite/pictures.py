"""The articles' pictures in a build: their responsive variants planned, made once, and written.

``prepare_pictures`` runs before anything is written: it reads each article
picture's facts, plans its variants (``contentmodel.images``) and makes the
ones the cache does not hold yet; a picture Pillow cannot decode is a content
error on the article that shows it. Templates get a ``Picture`` (which files
exist, in which sizes); ``picture_files`` is the builder that writes them
through the build's output writer.

The variants are kept in the cache folder (``CACHE_PATH``/images/), named by
a hash of the original's bytes and of the encoder (settings and library
versions): a warm build only checks them, a changed picture has another hash.
The cache is data: a file there is used only when it is a regular file that
Pillow reads as a picture of the planned format and size; anything else is
made again. A cache that cannot be written only makes the next build slower.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from contentmodel import schema
from contentmodel.diagnostics import Report
from contentmodel.images import (
    ENCODING,
    MIME,
    Plan,
    Variant,
    encode_variants,
    encoder_identity,
    is_variant,
    plan_variants,
    read_facts,
    writable_formats,
)
from contentmodel.routes import Routes

from .incremental import digest, keep_file
from .pages import Output, Prepared

log = logging.getLogger(__name__)

MAX_VARIANT_BYTES = 64 * 1024 * 1024  # a larger file in the cache is not taken for a variant
SRC_WIDTH = 800  # the width of an <img>'s own src (for browsers without srcset)
PRODUCER = "picture variants"


@dataclass(frozen=True)
class VariantFile:
    path: str  # site path
    width: int
    height: int
    format: str

    @property
    def mime(self) -> str:
        return MIME[self.format]


@dataclass(frozen=True)
class Picture:
    """The variants of one picture, as templates show them."""

    formats: tuple[str, ...]  # modern first, the fallback (JPEG or PNG) last
    files: tuple[VariantFile, ...]  # by format, then ascending width

    @property
    def modern(self) -> tuple[str, ...]:
        return self.formats[:-1]

    @property
    def fallback(self) -> str:
        return self.formats[-1]

    @staticmethod
    def mime(fmt: str) -> str:
        return MIME[fmt]

    def of(self, fmt: str, max_width: int = 0) -> list[VariantFile]:
        """The variants in ``fmt``, no wider than ``max_width`` (0: any; the narrowest when all are wider)."""
        every = [f for f in self.files if f.format == fmt]
        return [f for f in every if not max_width or f.width <= max_width] or every[:1]

    def srcset(self, fmt: str, href: Callable[[str], str], max_width: int = 0) -> str:
        return ", ".join(f"{href(f.path)} {f.width}w" for f in self.of(fmt, max_width))

    def src(self, width: int = SRC_WIDTH) -> VariantFile:
        """The fallback variant at least ``width`` wide (the widest when none is)."""
        every = self.of(self.fallback)
        return next((f for f in every if f.width >= width), every[-1])

    @property
    def share(self) -> VariantFile:
        """The widest fallback variant (up to 1200 px): what social sites show (og:image)."""
        return self.of(self.fallback)[-1]


@dataclass(frozen=True)
class Pictures:
    """Every article picture of a build with variants, and where each variant's bytes are (made once)."""

    shown: Mapping[str, Picture]  # content-relative path -> Picture
    files: Mapping[str, Path | bytes]  # output path -> cached file (or the bytes, if not cached)


def shown_pictures(site) -> dict[str, str]:
    """The articles' pictures (content-relative path -> the first article showing it), in path order."""
    found: dict[str, str] = {}
    for path in sorted(site.by_path):
        doc = site.by_path[path]
        rel = doc.values.get("image")
        if (
            doc.kind == schema.ARTICLE
            and isinstance(rel, str)
            and (rel not in found or "image" in site.by_path[found[rel]].inherited)
        ):
            found[rel] = doc.path  # an error names the file that wrote the picture's name
    return dict(sorted(found.items()))


def prepare_pictures(
    site, content_root: Path, cache_dir: Path, routes: Routes, report: Report, modern: tuple[str, ...] | None = None
) -> Pictures:
    """Plan, and make where the cache does not hold them, the variants of every article picture."""
    modern = writable_formats() if modern is None else modern
    identity = encoder_identity()
    store = cache_dir / "images"
    shown: dict[str, Picture] = {}
    files: dict[str, Path | bytes] = {}
    for rel, shown_by in shown_pictures(site).items():
        source = content_root / rel
        if source.suffix.lower() == ".svg":
            continue  # drawn at any size: published as it is
        try:
            facts = read_facts(source)
            data = source.read_bytes()
        except Exception as exc:  # noqa: BLE001 - a damaged or hostile file: reported, not raised
            _unreadable(report, site, shown_by, rel, exc)
            continue
        if facts.animated:
            continue  # variants would keep one frame: published as it is
        plan = plan_variants(
            facts.width, facts.height, source_format=facts.format, has_alpha=facts.has_alpha, modern=modern
        )
        key = digest(data + b"|" + identity.encode())
        cached = {variant: store / f"{key}-{variant.width}.{variant.format}" for variant in plan.variants()}
        found: dict[Variant, Path | bytes] = {v: file for v, file in cached.items() if _holds(file, v)}
        if len(found) < len(cached):
            try:
                made = encode_variants(source, plan, facts.has_alpha)
            except Exception as exc:  # noqa: BLE001 - it passed the header check but cannot be decoded
                _unreadable(report, site, shown_by, rel, exc)
                continue
            for variant, content in made.items():
                found[variant] = cached[variant] if keep_file(cached[variant], content) else content
        address_key = digest(data + b"|" + ENCODING.encode())[:10]  # a changed picture or encoding: new addresses
        shown[rel] = _picture(plan, rel, address_key, routes, found, files)
    return Pictures(shown, files)


def _picture(
    plan: Plan, rel: str, key: str, routes: Routes, found: dict[Variant, Path | bytes], files: dict[str, Path | bytes]
) -> Picture:
    shown = []
    for variant in plan.variants():
        path = routes.picture_variant(rel, key, variant.width, variant.format)
        files[path] = found[variant]
        shown.append(VariantFile(path, variant.width, variant.height, variant.format))
    return Picture(plan.formats, tuple(shown))


def _unreadable(report: Report, site, shown_by: str, rel: str, exc: Exception) -> None:
    doc = site.by_path[shown_by]
    report.error(
        doc.path,
        "image",
        f"'{rel}' is not a picture: the image cannot be read ({type(exc).__name__}: {exc})",
        "use a JPEG, PNG, GIF, WebP or SVG file; save the picture again from an image editor",
        line=doc.line("image"),
    )


def _holds(file: Path, variant: Variant) -> bool:
    """Whether the cache file ``file`` is a regular file holding a picture of ``variant``'s format and size."""
    try:
        info = os.lstat(file)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_VARIANT_BYTES:
            return False
        return is_variant(file.read_bytes(), variant)
    except OSError:
        return False


def picture_files(build: Prepared) -> Iterable[Output]:
    """Every variant of the build's pictures, read from the cache when it is written."""
    pictures = build.pictures
    if pictures is None:
        return
    for path, source in sorted(pictures.files.items()):
        if isinstance(source, bytes):
            yield Output(path=path, content=source, producer=PRODUCER)
        else:
            yield Output(path=path, later=partial(source.read_bytes), producer=PRODUCER)
