"""The plan of a picture's variants (pure), and the variants Pillow makes of it."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentmodel.images import (
    MODERN,
    WIDTHS,
    encode_variants,
    fallback_format,
    is_variant,
    plan_variants,
    read_facts,
    variant_widths,
    writable_formats,
)
from contentmodel.routes import Routes

sizes = st.integers(min_value=1, max_value=20_000)


@given(sizes, sizes)
def test_widths_are_sorted_unique_and_never_wider_than_the_original(width, height):
    plan = plan_variants(width, height, source_format="JPEG", has_alpha=False)
    assert list(plan.widths) == sorted(set(plan.widths))
    assert plan.widths and all(1 <= w <= width for w in plan.widths)
    assert max(plan.widths) == min(width, max(WIDTHS))  # the largest is the original's or 1200
    assert set(plan.widths) - {width} <= set(WIDTHS)


@given(sizes, sizes)
def test_heights_keep_the_ratio_within_one_pixel(width, height):
    for variant in plan_variants(width, height, source_format="PNG", has_alpha=True).variants():
        assert variant.height >= 1
        assert abs(variant.height - variant.width * height / width) <= 1 or variant.height == 1


@given(sizes, sizes, st.sampled_from(["JPEG", "PNG", "GIF", "WEBP", "AVIF"]), st.booleans())
def test_every_width_comes_in_every_format_the_fallback_last(width, height, fmt, alpha):
    plan = plan_variants(width, height, source_format=fmt, has_alpha=alpha)
    assert plan.formats == (*MODERN, plan.fallback)
    assert plan.fallback == ("png" if alpha or fmt in ("PNG", "GIF") else "jpeg")
    assert len(plan.variants()) == len(plan.widths) * len(plan.formats)


def test_the_widths_of_usual_pictures():
    assert variant_widths(4000) == (320, 480, 800, 1200)
    assert variant_widths(1200) == (320, 480, 800, 1200)
    assert variant_widths(1000) == (320, 480, 800, 1000)
    assert variant_widths(850) == (320, 480, 850)  # 800 is within 10 %: only the original's
    assert variant_widths(100) == (100,)


def test_only_the_formats_this_build_can_write_are_planned():
    plan = plan_variants(1200, 675, source_format="JPEG", has_alpha=False, modern=("webp",))
    assert plan.formats == ("webp", "jpeg")
    assert "webp" in writable_formats()
    assert fallback_format("WEBP", False) == "jpeg" and fallback_format("WEBP", True) == "png"


def test_a_picture_that_is_not_possible_is_refused():
    with pytest.raises(ValueError):
        plan_variants(0, 10, source_format="PNG", has_alpha=False)


def test_variant_addresses_are_safe_and_apart_from_the_editors_images():
    routes = Routes(codes=("lv",), default_lang="lv", site_url="", feed_url="", prefixes={"lv": ""}, words={"lv": {}})
    assert (
        routes.picture_variant("images/2018/Ezers vakarā.JPG", "0123456789", 800, "webp")
        == "img/ezers-vakara-0123456789-800.webp"
    )
    assert "img" in routes.reserved_roots()


def _rotated_jpeg(tmp_path):
    """A 300x200 JPEG whose EXIF says: turn it a quarter (so it is shown 200x300), with GPS data."""
    from PIL import Image

    picture = Image.new("RGB", (300, 200), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (56.0, 50.0, 0.0)}
    path = tmp_path / "rotated.jpg"
    picture.save(path, "JPEG", exif=exif)
    return path


def test_variants_are_upright_without_metadata_and_the_same_every_time(tmp_path):
    from PIL import Image

    path = _rotated_jpeg(tmp_path)
    facts = read_facts(path)
    assert (facts.width, facts.height, facts.format, facts.has_alpha) == (200, 300, "JPEG", False)
    plan = plan_variants(facts.width, facts.height, source_format=facts.format, has_alpha=False)
    assert plan.widths == (200,)
    made = encode_variants(path, plan, False)
    assert made == encode_variants(path, plan, False)
    for variant, data in made.items():
        assert is_variant(data, variant)
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.size == (200, 300)
            assert not picture.getexif() and "exif" not in picture.info and "icc_profile" not in picture.info


@pytest.mark.parametrize("mode", ["CMYK", "P", "LA", "I;16", "1"])
def test_unusual_modes_are_made_into_rgb_or_rgba(tmp_path, mode):
    from PIL import Image

    picture = Image.new("RGB", (640, 360), (10, 120, 200)).convert(mode)
    path = tmp_path / ("x.jpg" if mode == "CMYK" else "x.png")
    picture.save(path, transparency=0) if mode == "P" else picture.save(path)
    facts = read_facts(path)
    plan = plan_variants(facts.width, facts.height, source_format=facts.format, has_alpha=facts.has_alpha)
    made = encode_variants(path, plan, facts.has_alpha)
    assert all(is_variant(data, variant) for variant, data in made.items())
    assert {v.width for v in made} == {320, 480, 640}


def test_a_cache_file_of_another_size_or_format_is_no_variant():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (480, 270)).save(buffer, "WEBP")
    plan = plan_variants(480, 270, source_format="JPEG", has_alpha=False)
    webp = next(v for v in plan.variants() if v.format == "webp" and v.width == 480)
    jpeg = next(v for v in plan.variants() if v.format == "jpeg" and v.width == 480)
    assert is_variant(buffer.getvalue(), webp)
    assert not is_variant(buffer.getvalue(), jpeg)
    assert not is_variant(b"<svg onload=alert(1)>", webp)
