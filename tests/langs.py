"""The demo site's language records (from pelicanconf.py), for unit tests of language-dependent functions."""

from __future__ import annotations

import runpy
from pathlib import Path

from contentmodel.config import SiteConfig

_SETTINGS = runpy.run_path(str(Path(__file__).resolve().parents[1] / "pelicanconf.py"))
CONFIG = SiteConfig.from_settings({**_SETTINGS, "BUILD_DATE": "2026-11-23"})


def lang(code: str):
    """The record of the demo language ``code`` ("lv", "en", "ltg")."""
    return CONFIG.language(code)


LV, EN, LTG = lang("lv"), lang("en"), lang("ltg")

# Two more languages as a fork would add them: Lithuanian (falls back to English) and German.
EXTRA_LANGUAGES = [
    {
        "code": "lt",
        "name": "Lietuvių",
        "locale": "lt",
        "fallback": "en",
        "site_name": "Latgalos regiono naujienos",
        "organisation": "Latgalos planavimo regionas",
    },
    {
        "code": "de",
        "name": "Deutsch",
        "locale": "de",
        "fallback": "en",
        "site_name": "Nachrichten aus Lettgallen",
        "organisation": "Planungsregion Lettgallen",
    },
]
WIDE = SiteConfig.from_settings(
    {**_SETTINGS, "BUILD_DATE": "2026-11-23", "SITE_LANGUAGES": [*_SETTINGS["SITE_LANGUAGES"], *EXTRA_LANGUAGES]}
)
LT, DE = WIDE.language("lt"), WIDE.language("de")
ALL = (LV, EN, LTG, LT, DE)
