"""URL slugs: lowercase ASCII words joined by hyphens ("reģions" -> "regions")."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from unidecode import unidecode

from contentmodel.safety import is_safe_segment

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    """A stable, non-empty ASCII slug of ``text``.

    Latvian and Latgalian letters lose their diacritics (ā->a, č->c, ģ->g,
    ķ->k, ļ->l, ņ->n, š->s, ž->z, ō->o); other scripts are transliterated by
    Unidecode. (Not ``translit.fold``: a slug is ASCII, so it transliterates
    what folding keeps, e.g. Cyrillic "ё" -> "io".) When nothing usable remains, a short hash keeps it unique.
    The result is always a safe path segment (``contentmodel.safety``): tag
    pages and feeds are written under it.
    """
    nfc = unicodedata.normalize("NFC", str(text))
    ascii_text = unidecode(nfc).lower()
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut and slug[max_length] != "-" else cut
        slug = slug.strip("-")
    if not is_safe_segment(slug):  # empty (a tag of symbols only), or anything unexpected
        slug = "n-" + hashlib.sha1(nfc.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return slug
