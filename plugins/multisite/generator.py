"""The Pelican generator: a thin adapter from Pelican's run to SiteBuild."""

from __future__ import annotations

import logging
from pathlib import Path

from . import signals
from .build import SiteBuild
from .builders import CORE_BUILDERS

log = logging.getLogger(__name__)


class MultisiteGenerator:
    """Reads, validates and writes every language of the site in one pass."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.build = SiteBuild(settings=settings, content_root=Path(path), theme_dir=Path(theme),
                               output_dir=Path(output_path), builders=list(CORE_BUILDERS))
        for _receiver, result in signals.builders.send(self.build):
            if result is None:
                continue
            self.build.builders.extend(result if isinstance(result, (list, tuple)) else [result])

    def generate_context(self):
        # Raises ContentError with every problem before anything is written.
        self.build.prepare()
        self.context["multisite_build"] = self.build

    def generate_output(self, writer):
        self.build.write()
        self._report_counts()
        log.info("phases: %s", ", ".join(f"{name} {seconds:.2f} s" for name, seconds in self.build.timings.items()))
        sink = self.settings.get("MULTISITE_BUILDS")
        if isinstance(sink, list):
            sink.append(self.build)
        else:
            for problem in self.build.report.warnings:
                log.warning("%s", problem.format())

    def _report_counts(self) -> None:
        """Let Pelican's closing summary count our documents (it reads these lists)."""
        from pelican.generators import ArticlesGenerator, PagesGenerator

        site = self.build.site
        default = self.build.config.default_lang
        for generator in getattr(self, "pelican_generators", ()):
            if isinstance(generator, ArticlesGenerator):
                generator.articles = list(site.articles[default])
                generator.translations = [d for code, docs in site.articles.items() if code != default for d in docs]
            elif isinstance(generator, PagesGenerator):
                pages = [d for docs in site.pages.values() for d in docs]
                pages += [d for g in site.projects.values() for d in g.docs.values()]
                generator.pages = pages
