"""The page shown for an address the site does not have (404)."""

from __future__ import annotations

from collections.abc import Iterable

from multisite.pages import Output, Prepared, gettext, page_meta


def not_found(build: Prepared) -> Iterable[Output]:
    config, routes = build.config, build.routes
    lang = config.default_lang
    _ = gettext(build, lang)
    path = routes.not_found()
    meta = page_meta(build, lang, "404", path, _("Page not found"), noindex=True)
    yield Output(path=routes.output_file(path), lang=lang, template="404.html", context={"page": meta}, producer="404")
